import * as fs from 'fs';
import * as path from 'path';
import { App, Annotations as CoreAnnotations, Duration, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { build, newStack, replicationGroupProps } from './util';
import { renderValidationRules } from '../scripts/render-validation-rules';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheEngine, CacheNodeType, ClusterMode, EngineVersion, LogFormat, NetworkType,
  RedisAuthentication, RedisGlobalDatastore, RedisPreset, RedisUserAuthenticationType, RedisUserProps, TransitEncryptionMode,
} from '../src';
import { GLOBAL_DATASTORE_RULES, INLINE_WARNINGS, OTHER_WARNINGS, RULE_FAMILIES, RULES, WARNING_RULES } from '../src/validation';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

interface InvalidCase {
  readonly testDescription: string;
  /** Built with `build()` ... */
  readonly props?: Props;
  /** ... or a custom app (Global Datastores, KMS keys). */
  readonly run?: () => unknown;
  readonly message: string | RegExp;
}

const TLS = { transitEncryption: true };
const REDIS = (version: string) => EngineVersion.of(CacheEngine.REDIS, version);
const VALKEY = (version: string) => EngineVersion.of(CacheEngine.VALKEY, version);
const rbac = (users: RedisUserProps[], extra: { userGroupId?: string; defaultUserAccessString?: string } = {}): Props => ({
  ...TLS, authentication: RedisAuthentication.rbac({ users, ...extra }),
});
const iam = (users: RedisUserProps[]): Props => ({
  ...TLS, engineVersion: EngineVersion.REDIS_7_1, authentication: RedisAuthentication.iam({ users }),
});
const users = (n: number): RedisUserProps[] => Array.from({ length: n }, (_, k) => ({ userName: `app${k}`, accessString: `on ~app${k}:* +@read` }));

/**
 * A primary (PROD, r7g.large unless overridden) with its Global Datastore in
 * us-east-1, and secondaries (PROD, 2 nodes unless overridden) in the given regions.
 */
function globalApp(opts: { regions?: string[]; primary?: Props; secondary?: Props } = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
  const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
    vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7G_LARGE, ...opts.primary,
  });
  const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
  const secondaries = (opts.regions ?? []).map((region, k) => {
    const stack = new Stack(app, `Secondary${k}`, { env: { account: '123456789012', region }, crossRegionReferences: true });
    return new AirDiscoveryRedis(stack, 'Redis', {
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2, ...opts.secondary,
    });
  });
  return { app, primary, global, secondaries };
}

const INVALID: InvalidCase[] = [
  // ---- identifiers and names
  { testDescription: 'replication group id starting with a digit', props: { replicationGroupId: '1redis' }, message: "replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '1redis'" },
  { testDescription: 'replication group id with --', props: { replicationGroupId: 'air--redis' }, message: "got 'air--redis'" },
  { testDescription: 'replication group id ending with -', props: { replicationGroupId: 'air-redis-' }, message: "got 'air-redis-'" },
  { testDescription: 'replication group id of 41 characters', props: { replicationGroupId: 'a'.repeat(41) }, message: `got '${'a'.repeat(41)}' (41 characters)` },
  { testDescription: 'replication group id with an underscore', props: { replicationGroupId: 'air_redis' }, message: "got 'air_redis'" },
  { testDescription: 'empty description', props: { description: '' }, message: "description must not be empty, got ''" },
  { testDescription: 'blank description', props: { description: '   ' }, message: "description must not be empty, got '   '" },
  { testDescription: 'subnet group name with an underscore', props: { subnetGroupName: 'air_subnets' }, message: "subnetGroupName must be 1-255 letters, digits or hyphens, got 'air_subnets'" },
  { testDescription: 'subnet group name of 256 characters', props: { subnetGroupName: 's'.repeat(256) }, message: '(256 characters)' },
  { testDescription: 'user id starting with a digit', props: rbac([{ userName: 'app', userId: '1app' }]), message: "userId must start with a letter and contain only letters, digits and hyphens, got '1app'" },
  { testDescription: 'IAM user name with a dot', props: iam([{ userName: 'api.user' }]), message: "userName of an IAM user must start with a letter and contain only letters, digits and hyphens, got 'api.user'" },
  { testDescription: 'empty user name', props: rbac([{ userName: '' }]), message: "userName must not be empty, got ''" },
  { testDescription: 'two users with one name', props: rbac([{ userName: 'app' }, { userName: 'app', accessString: 'on ~x:* +get' }]), message: "authentication user names must be unique, got 'app' more than once" },
  { testDescription: 'two users with one user id', props: rbac([{ userName: 'app', userId: 'shared' }, { userName: 'web', userId: 'shared' }]), message: "authentication userId values must be unique, got 'shared' more than once" },
  { testDescription: 'user group id with an underscore', props: rbac([{ userName: 'app' }], { userGroupId: 'air_users' }), message: "userGroupId must start with a letter and contain only letters, digits and hyphens, got 'air_users'" },
  { testDescription: 'user group id of 41 characters', props: rbac([{ userName: 'app' }], { userGroupId: 'u'.repeat(41) }), message: 'userGroupId must be at most 40 characters' },
  { testDescription: 'output id prefix with a hyphen', props: { outputIdPrefix: 'air-' }, message: "outputIdPrefix must be letters and digits only, at most 236 characters (output logical ids are alphanumeric), got 'air-'" },
  { testDescription: 'export name prefix with a slash', props: { exportNamePrefix: 'air/dev-' }, message: "exportNamePrefix must be letters, digits, ':' or '-', at most 236 characters (CloudFormation export names), got 'air/dev-'" },
  { testDescription: 'export name prefix of 237 characters', props: { exportNamePrefix: 'e'.repeat(237) }, message: 'exportNamePrefix must be letters, digits' },
  // ---- engines and versions
  { testDescription: 'Redis OSS 7 with a patch level', props: { engineVersion: REDIS('7.0.7') }, message: "engineVersion must be 'major.minor' for Redis OSS 6 and later (or 6.x), major.minor.patch before 6, got '7.0.7'" },
  { testDescription: 'Valkey major only', props: { engineVersion: VALKEY('8') }, message: "engineVersion must be 'major.minor' for Valkey, got '8'" },
  { testDescription: 'a version word', props: { engineVersion: REDIS('latest') }, message: "got 'latest'" },
  { testDescription: 'Valkey 7.0', props: { engineVersion: VALKEY('7.0') }, message: 'engineVersion valkey 7.0 does not exist on ElastiCache, which offers Valkey 7.2, 8.0, 8.1, 8.2' },
  { testDescription: 'Valkey 6.2', props: { engineVersion: VALKEY('6.2') }, message: 'engineVersion valkey 6.2 does not exist on ElastiCache' },
  { testDescription: 'Redis OSS 7.2 (Valkey took its place)', props: { engineVersion: REDIS('7.2') }, message: 'engineVersion redis 7.2 is not offered by ElastiCache, which has Redis OSS 4.0.10, 5.0.6, 6.0, 6.x, 6.2, 7.0, 7.1' },
  { testDescription: 'Redis OSS 6.1', props: { engineVersion: REDIS('6.1') }, message: 'engineVersion redis 6.1 is not offered by ElastiCache' },
  { testDescription: 'Redis OSS 3.2.10', props: { engineVersion: REDIS('3.2.10') }, message: 'engineVersion redis 3.2.10 is not offered by ElastiCache' },
  { testDescription: 'AOF parameters', props: { parameters: { appendonly: 'yes', appendfsync: 'always' } }, message: "parameters must not set 'appendonly', 'appendfsync'" },
  // ---- topology
  { testDescription: '0 nodes', props: { numCacheNodes: 0 }, message: 'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 0' },
  { testDescription: '7 nodes', props: { numCacheNodes: 7 }, message: 'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 7' },
  { testDescription: '2.5 nodes', props: { numCacheNodes: 2.5 }, message: 'got 2.5' },
  { testDescription: 'multi-AZ with one node', props: { multiAz: true }, message: 'multiAz needs at least 2 nodes (a primary and a replica), got numCacheNodes 1' },
  { testDescription: 'multi-AZ without automatic failover', props: { numCacheNodes: 2, multiAz: true, automaticFailover: false }, message: 'multiAz needs automaticFailover, got automaticFailover false' },
  { testDescription: 'automatic failover with one node', props: { automaticFailover: true }, message: 'automaticFailover needs at least 2 nodes when cluster mode is disabled, got numCacheNodes 1' },
  { testDescription: 'cluster mode without automatic failover', props: { clusterMode: ClusterMode.ENABLED, automaticFailover: false }, message: 'automaticFailover must be true when clusterMode is ENABLED, got false' },
  { testDescription: '0 shards', props: { clusterMode: ClusterMode.ENABLED, numShards: 0 }, message: 'numShards must be a whole number from 1 to 500, got 0' },
  { testDescription: '501 shards', props: { clusterMode: ClusterMode.ENABLED, numShards: 501, replicasPerShard: 0 }, message: 'numShards must be a whole number from 1 to 500, got 501' },
  { testDescription: '6 replicas per shard', props: { clusterMode: ClusterMode.ENABLED, replicasPerShard: 6 }, message: 'replicasPerShard must be a whole number from 0 to 5, got 6' },
  { testDescription: '-1 replicas per shard', props: { clusterMode: ClusterMode.ENABLED, replicasPerShard: -1 }, message: 'replicasPerShard must be a whole number from 0 to 5, got -1' },
  { testDescription: '100 shards x 6 nodes', props: { clusterMode: ClusterMode.ENABLED, numShards: 100, replicasPerShard: 5 }, message: 'numShards x (1 + replicasPerShard) must be at most 500 nodes, got 100 x 6 = 600' },
  { testDescription: '252 nodes on Redis OSS 4.0.10', props: { engineVersion: REDIS('4.0.10'), clusterMode: ClusterMode.ENABLED, numShards: 126, replicasPerShard: 1 }, message: 'a cluster on engineVersion redis 4.0.10 may have at most 250 nodes, got 252' },
  { testDescription: 'numCacheNodes in cluster mode', props: { clusterMode: ClusterMode.ENABLED, numCacheNodes: 3 }, message: 'numCacheNodes is for cluster mode DISABLED, got numCacheNodes 3 with clusterMode ENABLED' },
  { testDescription: 'numShards without cluster mode', props: { numShards: 3 }, message: 'numShards and replicasPerShard need clusterMode ENABLED, got clusterMode DISABLED' },
  { testDescription: 'multi-AZ cluster without replicas', props: { clusterMode: ClusterMode.ENABLED, replicasPerShard: 0, multiAz: true }, message: 'multiAz needs at least 1 replica per shard, got replicasPerShard 0' },
  { testDescription: 'COMPATIBLE on Redis OSS 6.2', props: { clusterMode: ClusterMode.COMPATIBLE, engineVersion: EngineVersion.REDIS_6_2, numCacheNodes: 2, multiAz: true }, message: 'clusterMode COMPATIBLE needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion redis 6.2' },
  { testDescription: 'COMPATIBLE with one node', props: { clusterMode: ClusterMode.COMPATIBLE }, message: 'clusterMode COMPATIBLE needs automaticFailover and at least 1 replica, got automaticFailover false with numCacheNodes 1' },
  { testDescription: 'cluster-enabled no in cluster mode', props: { clusterMode: ClusterMode.ENABLED, parameters: { 'cluster-enabled': 'no' } }, message: "parameters 'cluster-enabled' must be 'yes' with clusterMode ENABLED, got 'no'" },
  { testDescription: 'cluster-enabled yes without cluster mode', props: { parameters: { 'cluster-enabled': 'yes' } }, message: "parameters 'cluster-enabled' must be 'no' with clusterMode DISABLED, got 'yes'" },
  // ---- node types
  { testDescription: 'node type without cache. prefix', props: { cacheNodeType: CacheNodeType.of('t3.micro') }, message: "cacheNodeType must be an ElastiCache node type 'cache.<family>.<size>', got 't3.micro'" },
  { testDescription: 'M6g on Redis OSS 4.0.10', props: { engineVersion: REDIS('4.0.10'), cacheNodeType: CacheNodeType.M6G_LARGE }, message: 'cacheNodeType cache.m6g.large needs Redis OSS 5.0.6 or later or Valkey, got engineVersion redis 4.0.10' },
  { testDescription: 'Multi-AZ on T1', props: { cacheNodeType: CacheNodeType.of('cache.t1.micro'), numCacheNodes: 2, multiAz: true, atRestEncryption: false, snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.DESTROY }, message: 'multiAz and automaticFailover are not supported on cacheNodeType cache.t1.micro, got multiAz true and automaticFailover true' },
  { testDescription: 'data tiering on r6g', props: { cacheNodeType: CacheNodeType.R6G_XLARGE, dataTiering: true }, message: 'dataTiering needs an r6gd node type, got cacheNodeType cache.r6g.xlarge' },
  { testDescription: 'r6gd without data tiering', props: { cacheNodeType: CacheNodeType.R6GD_XLARGE }, message: 'cacheNodeType cache.r6gd.xlarge needs dataTiering true, got dataTiering false' },
  { testDescription: 'data tiering on Redis OSS 6.0', props: { cacheNodeType: CacheNodeType.R6GD_XLARGE, dataTiering: true, engineVersion: REDIS('6.0') }, message: 'dataTiering needs Redis OSS 6.2 or later or Valkey, got engineVersion redis 6.0' },
  // ---- authentication and encryption
  {
    testDescription: 'an AUTH token SecretValue in plain text',
    props: { transitEncryption: true, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText('plain-text-token-0123456789')) },
    message: 'authTokenFromSecretValue got a SecretValue that resolves to plain text, which would be written into the template',
  },
  {
    testDescription: 'an AUTH token that mixes literal text with a dynamic reference',
    props: {
      transitEncryption: true,
      authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText(`prefix-${SecretValue.secretsManager('air/redis').unsafeUnwrap()}`)),
    },
    message: 'resolves to plain text',
  },
  {
    testDescription: 'an AUTH token from a CloudFormation parameter without NoEcho',
    props: { transitEncryption: true, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText(Token.asString({ Ref: 'VisibleToken' }))) },
    message: 'resolves to plain text',
  },
  { testDescription: 'AUTH token without TLS', props: { authentication: RedisAuthentication.generatedAuthToken() }, message: 'authentication auth-token needs in-transit encryption, got transitEncryption false' },
  { testDescription: 'PROD with TLS off keeps its AUTH token', props: { preset: RedisPreset.PROD, transitEncryption: false }, message: 'authentication auth-token needs in-transit encryption' },
  { testDescription: 'IAM without TLS', props: { ...iam([{ userName: 'api' }]), transitEncryption: false }, message: 'authentication iam needs in-transit encryption' },
  { testDescription: 'AUTH token of 15 characters', props: { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 15 }) }, message: 'generatedAuthToken length must be a whole number from 16 to 128 (ElastiCache AUTH token limits), got 15' },
  { testDescription: 'AUTH token of 129 characters', props: { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 129 }) }, message: 'got 129' },
  { testDescription: 'RBAC on Redis OSS 5.0.6', props: { ...rbac([{ userName: 'app' }]), engineVersion: REDIS('5.0.6') }, message: 'authentication rbac needs Redis OSS 6.0 or later or Valkey, got engineVersion redis 5.0.6' },
  { testDescription: 'IAM on Redis OSS 6.2', props: { ...iam([{ userName: 'api' }]), engineVersion: EngineVersion.REDIS_6_2 }, message: 'authenticationType IAM needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion redis 6.2' },
  { testDescription: 'RBAC without users', props: rbac([]), message: "authentication rbac needs at least one user besides 'default', got users []" },
  { testDescription: "a user named 'default'", props: rbac([{ userName: 'default' }]), message: "authentication users must not include userName 'default'" },
  { testDescription: '100 users plus default', props: rbac(users(100)), message: "a user group holds at most 100 users, got 100 users plus 'default'" },
  { testDescription: 'blank access string', props: rbac([{ userName: 'app', accessString: '   ' }]), message: "accessString of user 'app' must not be empty" },
  { testDescription: 'empty default access string', props: rbac([{ userName: 'app' }], { defaultUserAccessString: '' }), message: 'defaultUserAccessString must not be empty' },
  { testDescription: 'password in an access string', props: rbac([{ userName: 'app', accessString: 'on >s3cret ~* +@read' }]), message: "accessString of user 'app' 'on >s3cret ~* +@read' must not contain passwords or reset, got '>s3cret'" },
  { testDescription: 'reset in the default access string', props: rbac([{ userName: 'app' }], { defaultUserAccessString: 'reset off' }), message: "defaultUserAccessString 'reset off' must not contain passwords or reset, got 'reset'" },
  {
    testDescription: 'KMS key without at-rest encryption',
    run: () => {
      const { stack, vpc } = newStack();
      return new AirDiscoveryRedis(stack, 'Redis', { vpc, atRestEncryption: false, encryptionKey: new kms.Key(stack, 'Key') });
    },
    message: 'encryptionKey needs atRestEncryption true, got atRestEncryption false',
  },
  { testDescription: 'at-rest encryption on M1', props: { cacheNodeType: CacheNodeType.of('cache.m1.small') }, message: 'atRestEncryption is not supported on cacheNodeType cache.m1.small, got atRestEncryption true' },
  { testDescription: 'TLS mode without TLS', props: { transitEncryptionMode: TransitEncryptionMode.PREFERRED }, message: "transitEncryptionMode needs transitEncryption true, got transitEncryptionMode 'preferred' with transitEncryption false" },
  { testDescription: 'TLS mode on Redis OSS 6.2', props: { ...TLS, engineVersion: EngineVersion.REDIS_6_2, transitEncryptionMode: TransitEncryptionMode.REQUIRED }, message: 'transitEncryptionMode needs Redis OSS 7.0 or later or Valkey (earlier engines switch TLS only by replacement), got engineVersion redis 6.2' },
  // ---- network
  { testDescription: 'port 0', props: { port: 0 }, message: 'port must be a whole number from 1 to 65535, got 0' },
  { testDescription: 'port 70000', props: { port: 70000 }, message: 'port must be a whole number from 1 to 65535, got 70000' },
  { testDescription: 'dual stack on Redis OSS 6.0', props: { networkType: NetworkType.DUAL_STACK, engineVersion: REDIS('6.0') }, message: 'networkType dual_stack needs Redis OSS 6.2 or later or Valkey, got engineVersion redis 6.0' },
  { testDescription: 'IPv6-only on the default (IPv4) subnets', props: { networkType: NetworkType.IPV6 }, message: 'networkType IPV6 needs IPv6-only subnets, got the default subnet selection' },
  { testDescription: 'IPv6 on a T2 node', props: { networkType: NetworkType.IPV6, cacheNodeType: CacheNodeType.of('cache.t2.micro') }, message: 'networkType ipv6 needs a Nitro node type (not t1, t2, m1-m4, c1, r3, r4), got cacheNodeType cache.t2.micro' },
  // ---- backups and windows
  { testDescription: 'retention 36 days', props: { snapshotRetention: Duration.days(36) }, message: 'snapshotRetention must be a whole number of days from 0 to 35, got 36 days' },
  { testDescription: 'retention 12 hours', props: { snapshotRetention: Duration.hours(12) }, message: 'snapshotRetention must be a whole number of days from 0 to 35, got 12 hours' },
  { testDescription: 'snapshots on cache.t1.micro', props: { cacheNodeType: CacheNodeType.of('cache.t1.micro'), atRestEncryption: false }, message: 'cacheNodeType cache.t1.micro cannot take snapshots, got snapshotRetention 1 day and removalPolicy destroy' },
  { testDescription: 'a final snapshot on cache.t1.micro', props: { cacheNodeType: CacheNodeType.of('cache.t1.micro'), atRestEncryption: false, snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.SNAPSHOT }, message: 'got snapshotRetention 0 days and removalPolicy snapshot' },
  { testDescription: 'snapshot window without minutes', props: { snapshotWindow: '2-3' }, message: "snapshotWindow must have the form hh24:mi-hh24:mi (UTC), e.g. '02:00-03:00', got '2-3'" },
  { testDescription: 'snapshot window hour 24', props: { snapshotWindow: '23:00-24:00' }, message: "got '23:00-24:00'" },
  { testDescription: 'snapshot window of 59 minutes', props: { snapshotWindow: '02:00-02:59' }, message: "snapshotWindow must be at least 60 minutes long, got '02:00-02:59' (59 minutes)" },
  { testDescription: 'empty snapshot window', props: { snapshotWindow: '02:00-02:00' }, message: '(0 minutes)' },
  { testDescription: 'maintenance window with a bad day', props: { maintenanceWindow: 'sunday:03:00-sunday:04:00' }, message: "maintenanceWindow must have the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of sun mon tue wed thu fri sat), e.g. 'sun:03:00-sun:04:00', got 'sunday:03:00-sunday:04:00'" },
  { testDescription: 'maintenance window of 30 minutes', props: { maintenanceWindow: 'sun:03:00-sun:03:30' }, message: "maintenanceWindow must be at least 60 minutes long, got 'sun:03:00-sun:03:30' (30 minutes)" },
  { testDescription: 'maintenance window of 24 hours and 1 minute', props: { maintenanceWindow: 'sun:03:00-mon:03:01', snapshotRetention: Duration.days(0) }, message: "maintenanceWindow must be at most 24 hours long, got 'sun:03:00-mon:03:01' (1 day 1 minute)" },
  { testDescription: 'maintenance window that wraps almost a week', props: { maintenanceWindow: 'sun:04:00-sun:03:00', snapshotRetention: Duration.days(0) }, message: 'maintenanceWindow must be at most 24 hours long' },
  { testDescription: 'overlapping windows', props: { snapshotWindow: '03:30-04:30' }, message: "snapshotWindow '03:30-04:30' overlaps maintenanceWindow 'sun:03:00-sun:04:00': move one of them" },
  { testDescription: 'overlap across midnight', props: { snapshotWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:01:00' }, message: 'overlaps maintenanceWindow' },
  { testDescription: 'snapshot name and S3 ARNs', props: { snapshotName: 'final', snapshotArns: ['arn:aws:s3:::b/dump.rdb'] }, message: 'snapshotName and snapshotArns are alternatives, got both' },
  { testDescription: 'a snapshot ARN that is a bucket path', props: { snapshotArns: ['air-backups/dump.rdb'] }, message: "snapshotArns must be S3 object ARNs like 'arn:aws:s3:::bucket/dump.rdb' without commas, got 'air-backups/dump.rdb'" },
  { testDescription: 'a snapshot ARN with a comma', props: { snapshotArns: ['arn:aws:s3:::b/a.rdb,arn:aws:s3:::b/b.rdb'] }, message: "got 'arn:aws:s3:::b/a.rdb,arn:aws:s3:::b/b.rdb'" },
  // ---- log delivery
  { testDescription: 'slow log on Redis OSS 5.0.6', props: { slowLogDelivery: true, engineVersion: REDIS('5.0.6') }, message: 'slowLogDelivery needs Redis OSS 6.0 or later or Valkey, got engineVersion redis 5.0.6' },
  { testDescription: 'engine log on Redis OSS 6.0', props: { engineLogDelivery: true, engineVersion: REDIS('6.0') }, message: 'engineLogDelivery needs Redis OSS 6.2 or later or Valkey, got engineVersion redis 6.0' },
  // ---- Global Datastore
  { testDescription: 'a secondary that sets the engine and port', run: () => globalApp({ regions: ['us-west-2'], secondary: { engineVersion: EngineVersion.REDIS_7_1, port: 6379 } }), message: 'a Global Datastore secondary inherits engineVersion, port from the primary and must not set them' },
  { testDescription: 'a single-node secondary of a failover primary', run: () => globalApp({ regions: ['us-west-2'], secondary: { numCacheNodes: 1, multiAz: false } }), message: 'a Global Datastore secondary inherits automatic failover from its primary and needs at least 2 nodes, got numCacheNodes 1' },
  { testDescription: 'a third secondary', run: () => globalApp({ regions: ['us-west-2', 'eu-west-1', 'ap-southeast-1'] }), message: 'a Global Datastore has at most 2 secondaries, got a third in region ap-southeast-1' },
  { testDescription: 'a secondary in the primary region', run: () => globalApp({ regions: ['us-east-1'] }), message: 'a Global Datastore secondary must be in another region than the primary, got us-east-1 for both' },
  { testDescription: 'two secondaries in one region', run: () => globalApp({ regions: ['us-west-2', 'us-west-2'] }), message: 'each Global Datastore secondary needs its own region, got a second secondary in us-west-2' },
  { testDescription: 'a Global Datastore on a medium node', run: () => globalApp({ primary: { cacheNodeType: CacheNodeType.T4G_MEDIUM } }), message: 'a Global Datastore needs a node type of the m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn families, large or bigger, got cacheNodeType cache.t4g.medium on the primary' },
  { testDescription: 'a Global Datastore on Redis OSS 4.0.10', run: () => globalApp({ primary: { cacheNodeType: CacheNodeType.of('cache.r5.large'), engineVersion: REDIS('4.0.10'), slowLogDelivery: false } }), message: 'a Global Datastore needs Redis OSS 5.0.6 or later or Valkey, got engineVersion redis 4.0.10' },
  { testDescription: 'a dual-stack Global Datastore', run: () => globalApp({ primary: { networkType: NetworkType.DUAL_STACK } }), message: 'a Global Datastore supports networkType IPV4 only, got dual_stack on the primary' },
];

function runCase(c: InvalidCase): unknown {
  return c.run ? c.run() : build(c.props);
}

/** The error lines (without the header) a case produces. */
function errorLines(c: InvalidCase): string[] {
  try {
    runCase(c);
  } catch (e) {
    return (e as Error).message.split('\n').slice(1);
  }
  return [];
}

describe('validation errors', () => {
  test.each(INVALID)('$testDescription', c => {
    expect(() => runCase(c)).toThrow(c.message);
  });

  test('every failing rule is reported at once', () => {
    expect(() => build({ numCacheNodes: 9, port: 0, snapshotWindow: 'x' })).toThrow(
      /numCacheNodes must be .*got 9.*\n {2}- port must be .*got 0.*\n {2}- snapshotWindow must have the form/,
    );
  });

  test('messages start lower-case and end without a period', () => {
    for (const c of INVALID) {
      for (const line of errorLines(c)) {
        expect({ c: c.testDescription, line }).toEqual({ c: c.testDescription, line: expect.stringMatching(/^ {2}- [a-z]/) });
        expect(line).not.toMatch(/\.$/);
      }
    }
  });

  test('every rule is exercised by an invalid configuration', () => {
    const hits = new Set<object>();
    const tables: Array<Array<{ condition: (x: any) => boolean }>> = [RULES, GLOBAL_DATASTORE_RULES];
    const originals = tables.map(t => t.map(r => r.condition));
    tables.forEach((t, ti) => t.forEach((r, ri) => {
      (r as { condition: (x: any) => boolean }).condition = (x: any) => {
        const hit = originals[ti][ri](x);
        if (hit) hits.add(r);
        return hit;
      };
    }));
    try {
      for (const c of INVALID) errorLines(c);
    } finally {
      tables.forEach((t, ti) => t.forEach((r, ri) => { (r as { condition: (x: any) => boolean }).condition = originals[ti][ri]; }));
    }
    const untested = [...RULES, ...GLOBAL_DATASTORE_RULES].filter(r => !hits.has(r)).map(r => r.summary);
    expect(untested).toEqual([]);
  });
});

describe('the rule table', () => {
  const all = [...RULES, ...GLOBAL_DATASTORE_RULES];

  test('every rule has a family, a summary and a source', () => {
    for (const r of all) {
      expect(RULE_FAMILIES).toContain(r.family);
      expect(r.summary.length).toBeGreaterThan(5);
      expect(r.source).toMatch(/\]\(https:\/\//);
    }
    expect(new Set(all.map(r => r.summary)).size).toBe(all.length);
  });

  test('the README section equals the rendered rule table', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    const m = /<!-- validation-rules:start -->\n([\s\S]*?)\n<!-- validation-rules:end -->/.exec(readme);
    expect(m?.[1]).toBe(renderValidationRules());
  });

  test('INLINE_WARNINGS lists exactly the warnings addWarnings() emits in redis.ts', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'redis.ts'), 'utf-8');
    const body = source.slice(source.indexOf('private addWarnings('));
    const emitted = [...body.matchAll(/\bwarn\('(\w+)'/g)].map(x => x[1]);
    expect(new Set(emitted)).toEqual(new Set(INLINE_WARNINGS.map(w => w.id)));
    const ids = [...INLINE_WARNINGS, ...WARNING_RULES, ...OTHER_WARNINGS].map(w => w.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('every warning id anywhere in src/ is documented', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap(e => e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
    const used = new Set<string>();
    for (const f of files(path.join(__dirname, '..', 'src'))) {
      const text = fs.readFileSync(f, 'utf-8');
      for (const m of text.matchAll(/@air-discovery\/cdk-redis:(\w+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/\bwarn\('(\w+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/warnings\.push\(\[\s*'(\w+)'/g)) used.add(m[1]);
    }
    for (const w of WARNING_RULES) used.add(w.id);
    const documented = new Set([...INLINE_WARNINGS, ...WARNING_RULES, ...OTHER_WARNINGS].map(w => w.id));
    expect([...used].filter(id => !documented.has(id))).toEqual([]);
    expect([...documented].filter(id => !used.has(id))).toEqual([]);
  });
});

const VALID: Array<[string, Props]> = [
  ['6 nodes', { numCacheNodes: 6, multiAz: true }],
  ['the largest shard count: 500 shards without replicas', { clusterMode: ClusterMode.ENABLED, numShards: 500, replicasPerShard: 0 }],
  ['5 replicas per shard, 83 shards (498 nodes)', { clusterMode: ClusterMode.ENABLED, numShards: 83, replicasPerShard: 5, multiAz: true }],
  ['one shard with 5 replicas', { clusterMode: ClusterMode.ENABLED, numShards: 1, replicasPerShard: 5 }],
  ['250 nodes on Redis OSS 4.0.10', { engineVersion: REDIS('4.0.10'), clusterMode: ClusterMode.ENABLED, numShards: 125, replicasPerShard: 1 }],
  ['retention 0', { snapshotRetention: Duration.days(0) }],
  ['retention 35', { snapshotRetention: Duration.days(35) }],
  ['snapshot window of exactly 60 minutes', { snapshotWindow: '05:00-06:00' }],
  ['maintenance window of exactly 60 minutes on another day', { maintenanceWindow: 'wed:02:00-wed:03:00', snapshotWindow: '04:00-05:00' }],
  ['maintenance window of exactly 24 hours (no snapshots to overlap)', { maintenanceWindow: 'sun:03:00-mon:03:00', snapshotRetention: Duration.days(0) }],
  ['windows touching but not overlapping', { snapshotWindow: '02:00-03:00', maintenanceWindow: 'sun:03:00-sun:04:00' }],
  ['window across midnight', { snapshotWindow: '23:30-00:30' }],
  ['maintenance window across the week end', { maintenanceWindow: 'sat:23:00-sun:01:00' }],
  ['upper-case day names', { maintenanceWindow: 'Sun:05:00-Sun:06:00' }],
  ['AUTH token of 16 characters', { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 16 }) }],
  ['AUTH token of 128 characters', { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 128 }) }],
  ['longest replication group id', { replicationGroupId: `a${'b'.repeat(38)}c` }],
  ['longest subnet group name', { subnetGroupName: 's'.repeat(255) }],
  ['longest user group id', rbac([{ userName: 'app' }], { userGroupId: `g${'u'.repeat(39)}` })],
  ['99 users plus default', rbac(users(99))],
  ['IAM users on Redis OSS 7.1', iam([{ userName: 'air-api' }, { userName: 'air-worker', accessString: 'on ~jobs:* +@list' }])],
  ['Valkey 8.2', { engineVersion: EngineVersion.VALKEY_8_2 }],
  ['Valkey 8.3, newer than this library', { engineVersion: VALKEY('8.3') }],
  ['Redis OSS 6.x alias', { engineVersion: REDIS('6.x') }],
  ['Redis OSS 5.0.6 with parameters', { engineVersion: REDIS('5.0.6'), parameters: { timeout: '300' } }],
  ['cluster-enabled yes spelled out in cluster mode', { clusterMode: ClusterMode.ENABLED, parameters: { 'cluster-enabled': 'yes' } }],
  ['COMPATIBLE on Valkey 7.2 with a replica', { clusterMode: ClusterMode.COMPATIBLE, engineVersion: EngineVersion.VALKEY_7_2, numCacheNodes: 2, multiAz: true }],
  ['data tiering on r6gd with Redis OSS 6.2', { cacheNodeType: CacheNodeType.of('cache.r6gd.2xlarge'), dataTiering: true, engineVersion: EngineVersion.REDIS_6_2 }],
  ['dual stack on T4g with Redis OSS 6.2', { networkType: NetworkType.DUAL_STACK, cacheNodeType: CacheNodeType.T4G_MICRO, engineVersion: EngineVersion.REDIS_6_2 }],
  ['engine log on Redis OSS 6.2', { engineLogDelivery: true, engineVersion: EngineVersion.REDIS_6_2 }],
  ['TLS mode PREFERRED on Redis OSS 7.1', { ...TLS, engineVersion: EngineVersion.REDIS_7_1, transitEncryptionMode: TransitEncryptionMode.PREFERRED }],
  ['port 1', { port: 1 }],
  ['port 65535', { port: 65535 }],
  ['output and export prefixes', { outputIdPrefix: 'Sessions2', exportNamePrefix: 'air:dev-sessions-' }],
  ['a bad output prefix that is not used', { outputs: false, outputIdPrefix: 'not-used' }],
  ['two S3 seed files', { snapshotArns: ['arn:aws:s3:::air-backups/a.rdb', 'arn:aws-cn:s3:::air-backups/b.rdb'] }],
  ['token values are not judged', {
    numCacheNodes: Token.asNumber({ Ref: 'Nodes' }),
    port: Token.asNumber({ Ref: 'Port' }),
    snapshotWindow: Token.asString({ Ref: 'Window' }),
    replicationGroupId: Token.asString({ Ref: 'Id' }),
    engineVersion: REDIS(Token.asString({ Ref: 'Version' })),
    description: Token.asString({ Ref: 'Description' }),
  }],
];

describe('valid edge configurations synthesize', () => {
  test.each(VALID)('%s', (_name, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('a token node count reaches the template unchanged', () => {
    const { template } = build({ numCacheNodes: Token.asNumber({ Ref: 'Nodes' }) });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumCacheClusters: { Ref: 'Nodes' } });
  });

  test('Redis OSS before 6 gets its major.minor parameter group family', () => {
    build({ engineVersion: REDIS('5.0.6'), parameters: { timeout: '300' } }).template
      .hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis5.0' });
    expect(replicationGroupProps(build({ engineVersion: REDIS('4.0.10'), clusterMode: ClusterMode.ENABLED }).template).CacheParameterGroupName)
      .toBe('default.redis4.0.cluster.on');
  });

  test('a Global Datastore secondary of two nodes and a retention of its own', () => {
    expect(() => globalApp({ regions: ['us-west-2', 'eu-west-1'], secondary: { snapshotRetention: Duration.days(35) } })).not.toThrow();
  });

  test('a Global Datastore on r6gd with data tiering: the secondary inherits it', () => {
    expect(() => globalApp({
      regions: ['us-west-2'],
      primary: { cacheNodeType: CacheNodeType.of('cache.r6gd.xlarge'), dataTiering: true, engineVersion: EngineVersion.VALKEY_8_0 },
    })).not.toThrow();
  });
});

describe('warnings for risky but valid choices', () => {
  const warningsOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));

  const WARNING_CASES: Array<[string, () => Stack]> = [
    ['noPasswordBroadAccess', () => build(rbac([{ userName: 'ops', authenticationType: RedisUserAuthenticationType.NO_PASSWORD }])).stack],
    ['defaultUserEnabled', () => build(rbac([{ userName: 'app' }], { defaultUserAccessString: 'on ~public:* +get' })).stack],
    ['accessStringWithoutOn', () => build(rbac([{ userName: 'app', accessString: '~app:* +@read' }])).stack],
    ['iamUserNameCase', () => build(iam([{ userName: 'AirApi' }])).stack],
    ['identifierCase', () => build({ replicationGroupId: 'AirRedis' }).stack],
    ['nodeQuota', () => build({ clusterMode: ClusterMode.ENABLED, numShards: 46, replicasPerShard: 1 }).stack],
    ['previousGenerationNodeType', () => build({ cacheNodeType: CacheNodeType.of('cache.m3.medium') }).stack],
    ['snapshotWindowIgnored', () => build({ snapshotWindow: '04:00-05:00', snapshotRetention: Duration.days(0) }).stack],
    ['logOptionsIgnored', () => build({ logRetention: logs.RetentionDays.ONE_YEAR, logFormat: LogFormat.TEXT }).stack],
    ['tlsPreferred', () => build({ ...TLS, transitEncryptionMode: TransitEncryptionMode.PREFERRED }).stack],
    ['defaultPort', () => build({ preset: RedisPreset.PROD, port: 6379 }).stack],
  ];

  test.each(WARNING_CASES)('%s', (id, stack) => {
    expect(warningsOf(stack()).filter(w => w.includes(`[ack: @air-discovery/cdk-redis:${id}]`))).toHaveLength(1);
  });

  test('every warning of WARNING_RULES has a case above', () => {
    const tested = WARNING_CASES.map(([id]) => id);
    expect(WARNING_RULES.map(w => w.id).filter(id => !tested.includes(id))).toEqual([]);
  });

  test('warning messages name the values and start lower-case', () => {
    const stack = build({ replicationGroupId: 'AirRedis', snapshotWindow: '04:00-05:00', snapshotRetention: Duration.days(0) }).stack;
    const own = warningsOf(stack).filter(w => /cdk-redis:(identifierCase|snapshotWindowIgnored)\]/.test(w));
    expect(own).toEqual([
      expect.stringMatching(/^replicationGroupId 'AirRedis' has upper-case letters: .* use 'airredis' \[ack/),
      expect.stringMatching(/^snapshotWindow '04:00-05:00' has no effect because snapshotRetention is 0/),
    ]);
  });

  test('narrow no-password users, an off default user and lower-case names do not warn', () => {
    const stack = build(rbac([
      { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping +get +set' },
      { userName: 'app' },
    ])).stack;
    expect(warningsOf(stack).filter(w => /cdk-redis:(noPasswordBroadAccess|defaultUserEnabled|accessStringWithoutOn)\]/.test(w))).toEqual([]);
  });

  test('a warning can be acknowledged by its id', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, replicationGroupId: 'AirRedis' });
    CoreAnnotations.of(redis).acknowledgeWarning('@air-discovery/cdk-redis:identifierCase', 'the id is lower-cased on purpose elsewhere');
    expect(warningsOf(stack).filter(w => w.includes('identifierCase'))).toEqual([]);
  });
});
