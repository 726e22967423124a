import * as fs from 'fs';
import * as path from 'path';
import { App, Annotations as CoreAnnotations, Duration, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { sourcePath } from './source';
import { TOPOLOGY_INVALID, TOPOLOGY_WARNING_CASES } from './topology-cases';
import { build, newStack, replicationGroupProps } from './util';
import { readRegion } from '../scripts/docs-region';
import { renderValidationRules, VALIDATION_DOC } from '../scripts/render-validation-rules';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheEngine, CacheNodeType, ClusterMode, EngineVersion, LogFormat, NetworkType,
  RedisAuthentication, RedisGlobalDatastore, RedisPreset, RedisUserAuthenticationType, RedisUserProps, TransitEncryptionMode,
} from '../src';
import { GLOBAL_DATASTORE_RULES, INLINE_WARNINGS, INPUT_RULES, OTHER_WARNINGS, RULE_FAMILIES, RULES, WARNING_RULES } from '../src/validation';

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
    vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, ...opts.primary,
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

/** A cache whose AUTH token comes from a Secret created in the same stack with these settings. */
function tokenSecretApp(secretProps: secretsmanager.SecretProps, jsonField?: string) {
  const { stack, vpc } = newStack();
  const secret = new secretsmanager.Secret(stack, 'Token', secretProps);
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, transitEncryption: true, authentication: RedisAuthentication.authTokenFromSecret(secret, jsonField) });
  return { stack, redis };
}
const NO_PUNCTUATION = { excludePunctuation: true };

const INVALID: InvalidCase[] = [
  // ---- inputs from every language (issue 12, part 4): values Python, Java or plain JavaScript can pass
  { testDescription: 'a missing vpc', run: () => new AirDiscoveryRedis(newStack().stack, 'Redis', {} as any), message: "vpc is required and must be an ec2.IVpc, got undefined: pass the VPC the cache lives in, e.g. vpc: ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: 'vpc-...' })" },
  { testDescription: 'a vpc id instead of a vpc', run: () => new AirDiscoveryRedis(newStack().stack, 'Redis', { vpc: 'vpc-0123' as any }), message: "vpc is required and must be an ec2.IVpc, got 'vpc-0123'" },
  { testDescription: 'no props at all', run: () => new AirDiscoveryRedis(newStack().stack, 'Redis', undefined as any), message: 'props are required, got undefined: pass at least { vpc }' },
  { testDescription: 'a preset that does not exist', props: { preset: 'staging' as any }, message: "preset must be one of RedisPreset.DEV, RedisPreset.PROD ('dev', 'prod'), got 'staging': use one of them" },
  { testDescription: 'a preset in upper case (the Python enum member name)', props: { preset: 'PROD' as any }, message: "preset must be one of RedisPreset.DEV, RedisPreset.PROD ('dev', 'prod'), got 'PROD'" },
  { testDescription: 'a cluster mode that does not exist', props: { clusterMode: 'on' as any }, message: "clusterMode must be one of ClusterMode.DISABLED, ClusterMode.ENABLED, ClusterMode.COMPATIBLE ('disabled', 'enabled', 'compatible'), got 'on': use one of them (Python: cluster_mode)" },
  { testDescription: 'a TLS mode that does not exist', props: { transitEncryption: true, transitEncryptionMode: 'strict' as any }, message: "transitEncryptionMode must be one of TransitEncryptionMode.PREFERRED, TransitEncryptionMode.REQUIRED ('preferred', 'required'), got 'strict': use one of them (Python: transit_encryption_mode)" },
  { testDescription: 'a network type that does not exist', props: { networkType: 'ipv5' as any }, message: "networkType must be one of NetworkType.IPV4, NetworkType.DUAL_STACK, NetworkType.IPV6 ('ipv4', 'dual_stack', 'ipv6'), got 'ipv5'" },
  { testDescription: 'a durability mode that does not exist', props: { durability: 'strong' as any }, message: "durability must be one of DurabilityMode.SYNC, DurabilityMode.ASYNC ('sync', 'async'), got 'strong': use one of them" },
  { testDescription: 'an IP discovery that does not exist', props: { ipDiscovery: 'ipv5' as any }, message: "ipDiscovery must be one of IpDiscovery.IPV4, IpDiscovery.IPV6 ('ipv4', 'ipv6'), got 'ipv5': use one of them (Python: ip_discovery)" },
  { testDescription: 'a log format that does not exist', props: { slowLogDelivery: true, logFormat: 'xml' as any }, message: "logFormat must be one of LogFormat.JSON, LogFormat.TEXT ('json', 'text'), got 'xml'" },
  { testDescription: 'a removal policy that does not exist', props: { removalPolicy: 'keep' as any }, message: "removalPolicy must be one of RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE ('destroy', 'retain', 'snapshot', 'retain-on-update-or-delete'), got 'keep'" },
  { testDescription: 'a log retention that CloudWatch does not offer', props: { slowLogDelivery: true, logRetention: 45 as any }, message: 'logRetention must be one of logs.RetentionDays.ONE_MONTH, ... (CloudWatch Logs retention periods) (' },
  { testDescription: 'an engine that does not exist', props: { engineVersion: EngineVersion.of('memcached' as any, '1.6') }, message: "engineVersion must be an EngineVersion of engine 'redis' or 'valkey', got engine 'memcached': use a constant such as EngineVersion.VALKEY_8_2" },
  { testDescription: 'an engine version as a plain string', props: { engineVersion: '7.1' as any }, message: "engineVersion must be an EngineVersion of engine 'redis' or 'valkey', got '7.1'" },
  { testDescription: 'an engine version as a number', props: { engineVersion: EngineVersion.of(CacheEngine.VALKEY, 8.0 as any) }, message: "engineVersion's version must be a string such as '8.0', got 8 (number): write it in quotes" },
  { testDescription: 'a node type as a plain string', props: { cacheNodeType: 'cache.t3.micro' as any }, message: "cacheNodeType must be a CacheNodeType, got 'cache.t3.micro': use a constant such as CacheNodeType.T4_G_MICRO, or CacheNodeType.of('cache.t3.micro') (Python: cache_node_type)" },
  { testDescription: 'authentication as a plain string', props: { authentication: 'none' as any }, message: "authentication must be a RedisAuthentication, got 'none': use RedisAuthentication.none()" },
  { testDescription: 'a user authentication type that does not exist', props: rbac([{ userName: 'app', authenticationType: 'token' as any }]), message: "authenticationType must be one of RedisUserAuthenticationType.PASSWORD, NO_PASSWORD, IAM ('password', 'no-password-required', 'iam'), got 'token' for user 'app'" },
  { testDescription: 'a user name that is a number', props: rbac([{ userName: 42 as any }]), message: 'userName must be a string, got 42 (number)' },
  { testDescription: 'a boolean given as a string', props: { multiAz: 'false' as any, numCacheNodes: 2 }, message: "multiAz must be true or false, got multiAz 'false': pass a boolean (Python True/False) (Python: multi_az)" },
  { testDescription: 'a port given as a string', props: { port: '6380' as any }, message: "port must be a finite number, got port '6380': pass a number, e.g. 6380" },
  { testDescription: 'a node count of NaN', props: { numCacheNodes: NaN }, message: 'numCacheNodes must be a finite number, got numCacheNodes NaN (number)' },
  { testDescription: 'an infinite alarm threshold', props: { alarms: true, connectionsAlarmThreshold: Infinity }, message: 'connectionsAlarmThreshold must be a finite number, got connectionsAlarmThreshold Infinity (number)' },
  { testDescription: 'a window given as a number', props: { snapshotWindow: 2 as any }, message: 'snapshotWindow must be a string, got snapshotWindow 2 (number)' },
  { testDescription: 'a retention given as a number of days', props: { snapshotRetention: 7 as any }, message: 'snapshotRetention must be a Duration, got snapshotRetention 7 (number): use e.g. Duration.days(7)' },
  { testDescription: 'one peer instead of a list', props: { allowedPeers: ec2.Peer.ipv4('10.1.0.0/16') as any }, message: 'allowedPeers must be a list, got allowedPeers a CidrIPv4: wrap the value in a list' },
  { testDescription: 'parameters as a string', props: { parameters: 'maxmemory-policy=allkeys-lru' as any }, message: "parameters must be a map of parameter names to values, got 'maxmemory-policy=allkeys-lru'" },
  { testDescription: 'two user names that map to one construct id', props: rbac([{ userName: 'app-user' }, { userName: 'app_user', accessString: 'on ~x:* +get' }]), message: "userName 'app-user' and userName 'app_user' map to the same construct id 'UserAppUser': rename one of them" },
  { testDescription: 'two IAM user names that differ in case', props: iam([{ userName: 'api' }, { userName: 'Api' }]), message: "userName 'api' and userName 'Api' map to the same construct id 'UserApi'" },
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
  // ---- parameters (issue 12, part 3)
  { testDescription: 'a misspelled parameter name', props: { parameters: { 'maxmemory-polcy': 'allkeys-lru' } }, message: "parameters 'maxmemory-polcy' (did you mean 'maxmemory-policy'?) is not a parameter of parameter group family redis7: fix the name, or, for a parameter newer than this library, list it in uncheckedParameters" },
  { testDescription: 'a pre-5.0 parameter name', props: { parameters: { 'min-slaves-to-write': '1' } }, message: "parameters 'min-slaves-to-write' (did you mean 'min-replicas-to-write'?) is not a parameter of parameter group family redis7" },
  { testDescription: 'a Redis OSS 7 parameter on Redis OSS 6.2', props: { engineVersion: EngineVersion.REDIS_6_2, parameters: { 'lazyfree-lazy-user-flush': 'yes' } }, message: "parameters 'lazyfree-lazy-user-flush' (did you mean 'lazyfree-lazy-user-del'?) is not a parameter of parameter group family redis6.x" },
  { testDescription: 'a parameter name that is nothing like any', props: { engineVersion: EngineVersion.VALKEY_8_0, parameters: { 'x-custom-setting-of-mine': '1' } }, message: "parameters 'x-custom-setting-of-mine' (no parameter of that family is close) is not a parameter of parameter group family valkey8" },
  { testDescription: 'an empty parameter name', props: { parameters: { '': 'allkeys-lru' } }, message: "parameters must not have an empty name, got '' (with value 'allkeys-lru')" },
  { testDescription: 'a misspelled eviction policy', props: { parameters: { 'maxmemory-policy': 'allkeys-lr' } }, message: "parameters 'maxmemory-policy' must be one of 'volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction', got 'allkeys-lr' (did you mean 'allkeys-lru'?): fix the value" },
  { testDescription: 'an upper-case eviction policy', props: { parameters: { 'maxmemory-policy': 'ALLKEYS-LRU' } }, message: "got 'ALLKEYS-LRU' (did you mean 'allkeys-lru'?)" },
  { testDescription: 'true for a yes/no parameter', props: { parameters: { activedefrag: 'true' } }, message: "parameters 'activedefrag' must be 'yes' or 'no', got 'true' (write 'yes')" },
  { testDescription: 'a word for a number', props: { parameters: { timeout: 'five minutes' } }, message: "parameters 'timeout' must be a whole number of at least 0, got 'five minutes'" },
  { testDescription: 'a negative timeout', props: { parameters: { timeout: '-1' } }, message: "parameters 'timeout' must be a whole number of at least 0, got '-1'" },
  { testDescription: 'a percentage above 100', props: { parameters: { 'reserved-memory-percent': '101' } }, message: "parameters 'reserved-memory-percent' must be a whole number from 0 to 100, got '101'" },
  { testDescription: 'a number from plain JavaScript outside the range', props: { parameters: { 'active-expire-effort': 11 as any } }, message: "parameters 'active-expire-effort' must be a whole number from 1 to 10, got '11'" },
  { testDescription: 'a keyspace event class that does not exist', props: { parameters: { 'notify-keyspace-events': 'Exq' } }, message: "parameters 'notify-keyspace-events' must be made of the characters KEg$lshzxetmdnA (or empty), got 'Exq'" },
  { testDescription: 'an endpoint type that does not exist', props: { engineVersion: EngineVersion.VALKEY_8_2, parameters: { 'cluster-preferred-endpoint-type': 'hostname' } }, message: "parameters 'cluster-preferred-endpoint-type' must be one of 'ip', 'tls-dynamic', got 'hostname'" },
  { testDescription: 'a parameter ElastiCache does not let you change', props: { parameters: { maxclients: '100000' } }, message: "parameters 'maxclients' cannot be changed in an ElastiCache parameter group (not modifiable), got 'maxclients': '100000': remove it" },
  { testDescription: 'data tiering with an LFU policy', props: { cacheNodeType: CacheNodeType.R6_GD_XLARGE, dataTiering: true, parameters: { 'maxmemory-policy': 'allkeys-lfu' } }, message: "dataTiering needs parameters 'maxmemory-policy' 'volatile-lru', 'allkeys-lru', 'noeviction', got 'allkeys-lfu'" },
  { testDescription: 'an unchecked parameter that is not set', props: { parameters: { timeout: '300' }, uncheckedParameters: ['tiemout'] }, message: "uncheckedParameters 'tiemout' is not in parameters (got parameters 'timeout')" },
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
  { testDescription: 'node type without cache. prefix', props: { cacheNodeType: CacheNodeType.unlisted('t3.micro') }, message: "cacheNodeType must be an ElastiCache node type 'cache.<family>.<size>', got 't3.micro'" },
  { testDescription: 'M6g on Redis OSS 4.0.10', props: { engineVersion: REDIS('4.0.10'), cacheNodeType: CacheNodeType.M6_G_LARGE }, message: 'cacheNodeType cache.m6g.large needs Redis OSS 5.0.6 or later or Valkey, got engineVersion redis 4.0.10' },
  { testDescription: 'a Valkey-only node type on Redis OSS', props: { cacheNodeType: CacheNodeType.of('cache.m8g.large') }, message: 'cacheNodeType cache.m8g.large needs Valkey (it does not run Redis OSS), got engineVersion redis 7.0' },
  { testDescription: 'R7g on Redis OSS 6.0', props: { cacheNodeType: CacheNodeType.R7_G_LARGE, engineVersion: REDIS('6.0') }, message: 'cacheNodeType cache.r7g.large needs Redis OSS 6.2 or later, or Valkey, got engineVersion redis 6.0' },
  { testDescription: 'Multi-AZ on T1', props: { cacheNodeType: CacheNodeType.of('cache.t1.micro'), numCacheNodes: 2, multiAz: true, atRestEncryption: false, snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.DESTROY }, message: 'multiAz and automaticFailover are not supported on cacheNodeType cache.t1.micro, got multiAz true and automaticFailover true' },
  { testDescription: 'data tiering on r6g', props: { cacheNodeType: CacheNodeType.R6_G_XLARGE, dataTiering: true }, message: 'dataTiering needs an r6gd node type, got cacheNodeType cache.r6g.xlarge' },
  { testDescription: 'r6gd without data tiering', props: { cacheNodeType: CacheNodeType.R6_GD_XLARGE }, message: 'cacheNodeType cache.r6gd.xlarge needs dataTiering true, got dataTiering false' },
  { testDescription: 'data tiering on Redis OSS 6.0', props: { cacheNodeType: CacheNodeType.R6_GD_XLARGE, dataTiering: true, engineVersion: REDIS('6.0') }, message: 'dataTiering needs Redis OSS 6.2 or later or Valkey, got engineVersion redis 6.0' },
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
  // ---- own AUTH token secrets (issue 12, part 2)
  { testDescription: 'authTokenFromSecret: a Secret with the default generation', run: () => tokenSecretApp({}), message: "authTokenFromSecret got secret TestStack/Token, generated with the default settings (32 characters, every punctuation character), which can produce characters ElastiCache refuses in an AUTH token (\" % ' ( ) * + , . / : ; = ? @ [ \\ ] _ ` { | } ~; allowed: letters, digits and ! & # $ ^ < > -): set excludePunctuation: true, or excludeCharacters: '\"%'()*+,./:;=?@[\\]_`{|}~' in its generateSecretString, or use RedisAuthentication.generatedAuthToken()" },
  { testDescription: 'authTokenFromSecret: excluding only some punctuation', run: () => tokenSecretApp({ generateSecretString: { excludeCharacters: '"@/\\' } }), message: "generated with generateSecretString { excludeCharacters: '\"@/\\' }, which can produce characters ElastiCache refuses in an AUTH token (% ' ( ) * + , . : ; = ? [ ] _ ` { | } ~;" },
  { testDescription: 'authTokenFromSecret: spaces', run: () => tokenSecretApp({ generateSecretString: { excludePunctuation: true, includeSpace: true } }), message: "can produce characters ElastiCache refuses in an AUTH token (space; allowed: letters, digits and ! & # $ ^ < > -): set excludePunctuation: true, or excludeCharacters: '\"%'()*+,./:;=?@[\\]_`{|}~' and includeSpace: false" },
  { testDescription: 'authTokenFromSecret: 8 characters', run: () => tokenSecretApp({ generateSecretString: { ...NO_PUNCTUATION, passwordLength: 8 } }), message: "authTokenFromSecret got secret TestStack/Token generated with passwordLength 8, outside ElastiCache's 16-128 characters for an AUTH token: set passwordLength between 16 and 128" },
  { testDescription: 'authTokenFromSecret: 200 characters', run: () => tokenSecretApp({ generateSecretString: { ...NO_PUNCTUATION, passwordLength: 200 } }), message: 'generated with passwordLength 200, outside' },
  { testDescription: 'authTokenFromSecret: a literal secretStringValue', run: () => tokenSecretApp({ secretStringValue: SecretValue.unsafePlainText('literal-token-0123456789') }), message: 'authTokenFromSecret got secret TestStack/Token created with a literal value (secretStringValue / secretObjectValue), which is written into the template as plain text' },
  { testDescription: 'authTokenFromSecret: a literal secretObjectValue field', run: () => tokenSecretApp({ secretObjectValue: { token: SecretValue.unsafePlainText('literal-token-0123456789') } }, 'token'), message: 'created with a literal value' },
  { testDescription: 'authTokenFromSecret: a JSON secret without jsonField', run: () => tokenSecretApp({ generateSecretString: { ...NO_PUNCTUATION, secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' } }), message: "authTokenFromSecret got secret TestStack/Token: the secret is a JSON document (generateStringKey 'password') but no jsonField was given, so the whole JSON document would be the token" },
  { testDescription: 'authTokenFromSecret: a jsonField that is not generated', run: () => tokenSecretApp({ generateSecretString: { ...NO_PUNCTUATION, secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' } }, 'token'), message: "jsonField 'token' is not a field of the secret (it generates 'password')" },
  { testDescription: 'authTokenFromSecret: a jsonField that is a literal of the template', run: () => tokenSecretApp({ generateSecretString: { ...NO_PUNCTUATION, secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' } }, 'username'), message: "jsonField 'username' is a literal value of secretStringTemplate (written into the template), not the generated field 'password'" },
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
  { testDescription: 'password in an access string (redacted in the message)', props: rbac([{ userName: 'app', accessString: 'on >s3cret ~* +@read' }]), message: "accessString of user 'app' 'on >*** ~* +@read' must not contain passwords or reset, got '>***' (passwords redacted)" },
  { testDescription: 'password hash in the default access string (redacted)', props: rbac([{ userName: 'app' }], { defaultUserAccessString: 'on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~*' }), message: "defaultUserAccessString 'on #*** ~*' must not contain passwords or reset, got '#***'" },
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
  { testDescription: 'a rotation every hour (PROD rotates its token)', props: { preset: RedisPreset.PROD, rotationSchedule: Duration.hours(1) }, message: 'rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1 hour: e.g. Duration.days(30) (the default), or turn rotation off (Python: rotation_schedule)' },
  { testDescription: 'a rotation every 90 minutes of RBAC passwords in DEV', props: { ...rbac([{ userName: 'app' }]), rotation: true, rotationSchedule: Duration.minutes(90) }, message: 'rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1 hour 30 minutes' },
  { testDescription: 'a rotation every 1,001 days', props: { preset: RedisPreset.PROD, rotationSchedule: Duration.days(1001) }, message: 'rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1001 days' },
  // ---- network
  { testDescription: 'port 0', props: { port: 0 }, message: 'port must be a whole number from 1 to 65535, got 0' },
  { testDescription: 'port 70000', props: { port: 70000 }, message: 'port must be a whole number from 1 to 65535, got 70000' },
  { testDescription: 'dual stack on Redis OSS 6.0', props: { networkType: NetworkType.DUAL_STACK, engineVersion: REDIS('6.0') }, message: 'networkType dual_stack needs Redis OSS 6.2 or later or Valkey, got engineVersion redis 6.0' },
  { testDescription: 'IPv6-only on the default (IPv4) subnets', props: { networkType: NetworkType.IPV6 }, message: 'networkType IPV6 needs IPv6-only subnets, got the default subnet selection' },
  { testDescription: 'IPv6 on a T2 node', props: { networkType: NetworkType.IPV6, cacheNodeType: CacheNodeType.of('cache.t2.micro') }, message: 'networkType ipv6 needs a Nitro node type (not t1, t2, m1-m4, c1, r3, r4), got cacheNodeType cache.t2.micro' },
  { testDescription: 'public subnets for the subnet group', props: { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, message: "vpcSubnets must select private or isolated subnets, got public subnets 'TestStack/Vpc/PublicSubnet1', 'TestStack/Vpc/PublicSubnet2': select private subnets (e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }), or set allowPublicSubnets: true if the security group is meant to be the only control (Python: vpc_subnets, allow_public_subnets)" },
  { testDescription: 'a subnet selection of no subnets', props: { vpcSubnets: { subnets: [] } }, message: "vpcSubnets selects no subnets of the VPC: a subnet group needs at least one; select the private subnets the nodes should use (one per AZ for multiAz), or leave vpcSubnets out for the VPC's private subnets (Python: vpc_subnets, multi_az)" },
  { testDescription: 'a subnet filter that no subnet passes', props: { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: ['us-east-1z'] } }, message: 'vpcSubnets selects no subnets of the VPC' },
  { testDescription: 'one public subnet among private ones', run: () => { const { stack, vpc } = newStack(); return new AirDiscoveryRedis(stack, 'Redis', { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0], vpc.publicSubnets[1]] } }); }, message: "got public subnets 'TestStack/Vpc/PublicSubnet2'" },
  // the same public subnet as another object (imported by id): compared by subnet id, not only by identity
  { testDescription: 'a public subnet imported by its id', run: () => { const { stack, vpc } = newStack(); return new AirDiscoveryRedis(stack, 'Redis', { vpc, vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Imported', vpc.publicSubnets[0].subnetId)] } }); }, message: "got public subnets 'TestStack/Imported'" },
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
  { testDescription: 'a Global Datastore on a medium node', run: () => globalApp({ primary: { cacheNodeType: CacheNodeType.T4_G_MEDIUM } }), message: 'a Global Datastore needs a node type of the m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn families, large or bigger, got cacheNodeType cache.t4g.medium on the primary' },
  { testDescription: 'a Global Datastore on Redis OSS 4.0.10', run: () => globalApp({ primary: { cacheNodeType: CacheNodeType.of('cache.r5.large'), engineVersion: REDIS('4.0.10'), slowLogDelivery: false } }), message: 'a Global Datastore needs Redis OSS 5.0.6 or later or Valkey, got engineVersion redis 4.0.10' },
  { testDescription: 'a dual-stack Global Datastore', run: () => globalApp({ primary: { networkType: NetworkType.DUAL_STACK } }), message: 'a Global Datastore supports networkType IPV4 only, got dual_stack on the primary' },
  // ---- placement, durability, IP discovery, snapshotting cluster (test/topology-cases.ts)
  ...TOPOLOGY_INVALID,
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
    const tables: Array<Array<{ condition: (x: any) => boolean }>> = [INPUT_RULES, RULES, GLOBAL_DATASTORE_RULES];
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
    const untested = [...INPUT_RULES, ...RULES, ...GLOBAL_DATASTORE_RULES].filter(r => !hits.has(r)).map(r => r.summary);
    expect(untested).toEqual([]);
  });
});

describe('the rule table', () => {
  const all = [...INPUT_RULES, ...RULES, ...GLOBAL_DATASTORE_RULES];

  test('every rule has a family, a summary and a source', () => {
    for (const r of all) {
      expect(RULE_FAMILIES).toContain(r.family);
      expect(r.summary.length).toBeGreaterThan(5);
      expect(r.source).toMatch(/\]\(https:\/\//);
    }
    expect(new Set(all.map(r => r.summary)).size).toBe(all.length);
  });

  test('docs/validation.md equals the rendered rule table (`npx projen docs:render` rewrites it)', () => {
    expect(readRegion(VALIDATION_DOC, 'validation-rules')).toBe(renderValidationRules());
  });

  test('INLINE_WARNINGS lists exactly the warnings addWarnings() emits in redis.ts', () => {
    const source = fs.readFileSync(sourcePath('src', 'redis.ts'), 'utf-8');
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
    for (const f of files(sourcePath('src'))) {
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
  ['rotation every 4 hours (the lower bound)', { preset: RedisPreset.PROD, rotationSchedule: Duration.hours(4) }],
  ['rotation every 1,000 days', { preset: RedisPreset.PROD, rotationSchedule: Duration.days(1000) }],
  ['an unused rotation schedule: rotation off', { preset: RedisPreset.PROD, rotation: false, rotationSchedule: Duration.hours(1) }],
  ['an unused rotation schedule: DEV leaves rotation off', { rotationSchedule: Duration.hours(1) }],
  ['an unused rotation schedule: nothing generated to rotate (IAM users)', { ...TLS, preset: RedisPreset.PROD, authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }), rotationSchedule: Duration.hours(1) }],
  ['retention 35', { snapshotRetention: Duration.days(35) }],
  ['snapshot window of exactly 60 minutes', { snapshotWindow: '05:00-06:00' }],
  ['maintenance window of exactly 60 minutes on another day', { maintenanceWindow: 'wed:02:00-wed:03:00', snapshotWindow: '04:00-05:00' }],
  ['maintenance window of exactly 24 hours (no snapshots to overlap)', { maintenanceWindow: 'sun:03:00-mon:03:00', snapshotRetention: Duration.days(0) }],
  ['windows touching but not overlapping', { snapshotWindow: '02:00-03:00', maintenanceWindow: 'sun:03:00-sun:04:00' }],
  ['a snapshot window starting when maintenance ends', { snapshotWindow: '04:00-05:00', maintenanceWindow: 'sun:03:00-sun:04:00' }],
  ['windows apart by minutes (maintenance starting at :15)', { snapshotWindow: '01:50-02:50', maintenanceWindow: 'sun:03:15-sun:04:15' }],
  ['window across midnight', { snapshotWindow: '23:30-00:30' }],
  ['maintenance window across the week end', { maintenanceWindow: 'sat:23:00-sun:01:00' }],
  ['upper-case day names', { maintenanceWindow: 'Sun:05:00-Sun:06:00' }],
  ['AUTH token of 16 characters', { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 16 }) }],
  ['AUTH token of 128 characters', { ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 128 }) }],
  ['real parameters: notify-keyspace-events and friends', { parameters: { 'notify-keyspace-events': 'Ex', 'maxmemory-policy': 'volatile-ttl', 'timeout': '0', 'lazyfree-lazy-user-flush': 'yes', 'slowlog-log-slower-than': '-1' } }],
  ['keyspace notifications off (empty string)', { parameters: { 'notify-keyspace-events': '' } }],
  ['the setup guide parameter set on Valkey 8.2', { engineVersion: EngineVersion.VALKEY_8_2, parameters: { 'maxmemory-policy': 'allkeys-lru', 'timeout': '300', 'tcp-keepalive': '60' } }],
  ['Redis OSS 6.2 parameters', { engineVersion: EngineVersion.REDIS_6_2, parameters: { 'hash-max-ziplist-entries': '256', 'acllog-max-len': '512', 'lazyfree-lazy-user-del': 'yes' } }],
  ['a parameter newer than the library, unchecked', { parameters: { 'some-future-parameter': 'on' }, uncheckedParameters: ['some-future-parameter'] }],
  ['a family the table does not judge (valkey9): names pass', { engineVersion: VALKEY('9.0'), parameters: { 'some-future-parameter': 'on' } }],
  ['data tiering with noeviction', { cacheNodeType: CacheNodeType.R6_GD_XLARGE, dataTiering: true, engineVersion: EngineVersion.VALKEY_8_0, parameters: { 'maxmemory-policy': 'noeviction' } }],
  ['explicitly selected private subnets', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }],
  ['public subnets with the explicit opt-in (warned)', { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, allowPublicSubnets: true }],
  ['longest replication group id', { replicationGroupId: `a${'b'.repeat(38)}c` }],
  ['longest subnet group name', { subnetGroupName: 's'.repeat(255) }],
  ['longest user group id', rbac([{ userName: 'app' }], { userGroupId: `g${'u'.repeat(39)}` })],
  ['99 users plus default', rbac(users(99))],
  ['IAM users on Redis OSS 7.1', iam([{ userName: 'air-api' }, { userName: 'air-worker', accessString: 'on ~jobs:* +@list' }])],
  ['Valkey 8.2', { engineVersion: EngineVersion.VALKEY_8_2 }],
  ['M8g on Valkey 8.2', { engineVersion: EngineVersion.VALKEY_8_2, cacheNodeType: CacheNodeType.of('cache.m8g.large') }],
  ['a real node type that is not a constant', { cacheNodeType: CacheNodeType.of('cache.r7g.2xlarge') }],
  ['Valkey 8.3, newer than this library', { engineVersion: VALKEY('8.3') }],
  ['Redis OSS 6.x alias', { engineVersion: REDIS('6.x') }],
  ['Redis OSS 5.0.6 with parameters', { engineVersion: REDIS('5.0.6'), parameters: { timeout: '300' } }],
  ['cluster-enabled yes spelled out in cluster mode', { clusterMode: ClusterMode.ENABLED, parameters: { 'cluster-enabled': 'yes' } }],
  ['COMPATIBLE on Valkey 7.2 with a replica', { clusterMode: ClusterMode.COMPATIBLE, engineVersion: EngineVersion.VALKEY_7_2, numCacheNodes: 2, multiAz: true }],
  ['data tiering on r6gd with Redis OSS 6.2', { cacheNodeType: CacheNodeType.of('cache.r6gd.2xlarge'), dataTiering: true, engineVersion: EngineVersion.REDIS_6_2 }],
  ['dual stack on T4g with Redis OSS 6.2', { networkType: NetworkType.DUAL_STACK, cacheNodeType: CacheNodeType.T4_G_MICRO, engineVersion: EngineVersion.REDIS_6_2 }],
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

describe('own AUTH token secrets that ElastiCache accepts synthesize', () => {
  test.each<[string, secretsmanager.SecretProps, string | undefined]>([
    ['generated without punctuation', { generateSecretString: { excludePunctuation: true } }, undefined],
    ['generated with the exact exclusion list, 128 characters', { generateSecretString: { excludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', passwordLength: 128 } }, undefined],
    ['a generated JSON field named by jsonField', { generateSecretString: { excludePunctuation: true, secretStringTemplate: '{"username":"app"}', generateStringKey: 'password' } }, 'password'],
    ['a value from an SSM SecureString (a dynamic reference, not a literal)', { secretStringValue: SecretValue.ssmSecure('/air/redis-token') }, undefined],
  ])('%s', (_name, secretProps, jsonField) => {
    const { stack } = tokenSecretApp(secretProps, jsonField);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('an imported secret cannot be judged and synthesizes (docs/auth-tokens.md says what it must hold)', () => {
    const { stack, vpc } = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Imported', 'air/redis-token');
    expect(() => new AirDiscoveryRedis(stack, 'Redis', { vpc, ...TLS, authentication: RedisAuthentication.authTokenFromSecret(secret) })).not.toThrow();
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
    ['publicSubnets', () => build({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, allowPublicSubnets: true }).stack],
    ['peerOpenToInternet', () => build({ allowedPeers: [ec2.Peer.anyIpv4(), ec2.Peer.ipv6('::/0'), ec2.Peer.ipv4('10.1.0.0/16')] }).stack],
    ['uncheckedParameters', () => build({ parameters: { 'some-future-parameter': 'on' }, uncheckedParameters: ['some-future-parameter'] }).stack],
    ['parameterAtCreation', () => build({ parameters: { databases: '32' } }).stack],
    ['unlistedNodeType', () => build({ cacheNodeType: CacheNodeType.unlisted('cache.r9g.large') }).stack],
    ['previousGenerationNodeType', () => build({ cacheNodeType: CacheNodeType.of('cache.m3.medium') }).stack],
    ['snapshotWindowIgnored', () => build({ snapshotWindow: '04:00-05:00', snapshotRetention: Duration.days(0) }).stack],
    ['logOptionsIgnored', () => build({ logRetention: logs.RetentionDays.ONE_YEAR, logFormat: LogFormat.TEXT }).stack],
    ['tlsPreferred', () => build({ ...TLS, transitEncryptionMode: TransitEncryptionMode.PREFERRED }).stack],
    ['defaultPort', () => build({ preset: RedisPreset.PROD, port: 6379 }).stack],
    // placement, durability, snapshotting cluster (test/topology-cases.ts)
    ...TOPOLOGY_WARNING_CASES,
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

  test('peers open to the internet are named; narrow peers do not warn', () => {
    const open = warningsOf(build({ allowedPeers: [ec2.Peer.anyIpv4(), ec2.Peer.ipv6('::/0'), ec2.Peer.ipv4('10.1.0.0/16')] }).stack)
      .filter(w => w.includes('peerOpenToInternet'));
    expect(open).toEqual([expect.stringMatching(/^allowedPeers include '0.0.0.0\/0', '::\/0', which lets any address reach the Redis port/)]);
    expect(warningsOf(build({ allowedPeers: [ec2.Peer.ipv4('10.1.0.0/16')] }).stack).filter(w => w.includes('peerOpenToInternet'))).toEqual([]);
  });

  test('a warning can be acknowledged by its id', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, replicationGroupId: 'AirRedis' });
    CoreAnnotations.of(redis).acknowledgeWarning('@air-discovery/cdk-redis:identifierCase', 'the id is lower-cased on purpose elsewhere');
    expect(warningsOf(stack).filter(w => w.includes('identifierCase'))).toEqual([]);
  });
});

test('a selection the VPC cannot resolve is reported as such, not taken for public subnets', () => {
  const { stack, vpc } = newStack();
  expect(() => new AirDiscoveryRedis(stack, 'Redis', { vpc, vpcSubnets: { subnetGroupName: 'Nope' } }))
    .toThrow(/There are no subnet groups with name 'Nope' in this VPC/);
});
