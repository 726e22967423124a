import { App, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { build, newStack } from './util';
import {
  AirDiscoveryRedis, CacheNodeType, ClusterMode, NetworkType, RedisAuthentication, RedisGlobalDatastore,
  RedisPreset, TransitEncryptionMode,
} from '../src';

// Mutants of src/redis.ts lines 1301-1531 (readerConnectionEnvironment, addWarnings, vpcHasIpv6, retentionDays,
// knownSubnetAvailabilityZones) that the run's own suites left alive.

/** The ids of the warnings addWarnings() emits itself (not the rule table's). */
const INLINE = /\[ack: @air-discovery\/cdk-redis:(noPreset|prodWithoutMultiAz|defaultPort|noBackups|destroyOnDelete|tlsPreferred|replicasPerShardFixed|clusterWithoutReplicas|restoreReplaces|atRestEncryptionOff|authReplacement|noAuth)\]$/;

/** The inline warnings on the construct at `path`, as `<message> [ack: <id>]`. */
function inlineWarnings(stack: Stack, path = `/${stack.stackName}/Redis`): string[] {
  return Annotations.fromStack(stack).findWarning(path, Match.anyValue()).map(w => String(w.entry.data)).filter(w => INLINE.test(w));
}

const ack = (id: string) => ` [ack: @air-discovery/cdk-redis:${id}]`;
const NO_PRESET = 'no preset given: the DEV values apply (no TLS and no AUTH unless set, one node, 1-day snapshots, RemovalPolicy.DESTROY) and none of their cdk-nag findings is acknowledged; pass preset: RedisPreset.PROD for real data, or preset: RedisPreset.DEV to choose the development setup knowingly' + ack('noPreset');
const PROD_WITHOUT_MULTI_AZ = 'the PROD preset runs without multiAz: a primary failure means downtime until the node is replaced' + ack('prodWithoutMultiAz');
const DEFAULT_PORT = 'port 6379 is the Redis default port that scanners probe first; PROD uses 6380' + ack('defaultPort');
const NO_BACKUPS = 'snapshotRetention is 0 in the PROD preset: no automatic snapshots, no point-in-time to restore' + ack('noBackups');
const DESTROY_ON_DELETE = 'removalPolicy DESTROY in the PROD preset: deleting the stack deletes the data without a final snapshot' + ack('destroyOnDelete');
const TLS_PREFERRED = 'transitEncryptionMode PREFERRED accepts plain-text clients: switch to REQUIRED once every client uses TLS' + ack('tlsPreferred');
const replicasFixed = (n: number) => `replicasPerShard (${n}) is create-only in CloudFormation: a later change fails the deploy (a named group cannot be replaced) unless replicationGroupId changes too, which creates a new, empty group; change replicas of a running cluster with the CLI (increase-replica-count); numShards changes reshard online` + ack('replicasPerShardFixed');
const CLUSTER_WITHOUT_REPLICAS = 'cluster mode with replicasPerShard 0: a failed primary loses its shard\'s data, and CloudFormation cannot update such a group later (cloudformation-coverage-roadmap#1275)' + ack('clusterWithoutReplicas');
const RESTORE_REPLACES = 'snapshotName/snapshotArns are read only at creation (create-only): changing or removing them later fails the deploy, since a named group cannot be replaced; keep them as they are after the first deploy' + ack('restoreReplaces');
const AT_REST_OFF = 'atRestEncryption is off and can only be set at creation: turning it on later needs a new group (a new replicationGroupId: new endpoint, empty cache unless restored from a snapshot)' + ack('atRestEncryptionOff');
const authReplacement = (mode: string) => `authentication ${mode} on a DEV-based group: if this group is already deployed without it, CloudFormation plans a replacement, which fails for a named group; migrate the running group in place with modify-replication-group first, then deploy (see docs/create-only.md, "What replaces the replication group")` + ack('authReplacement');
const NO_AUTH = 'the PROD preset without authentication: any client that reaches the port can read and write every key' + ack('noAuth');


describe('readerConnectionEnvironment', () => {
  test('without TLS the reader URL uses the redis:// scheme', () => {
    const { stack, redis } = build({ preset: RedisPreset.DEV, numCacheNodes: 2 });
    const env = redis.readerConnectionEnvironment();
    const reader = { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ReaderEndPoint.Address'] };
    expect(stack.resolve(env.REDIS_READER_URL)).toEqual({ 'Fn::Join': ['', ['redis://', reader, ':6379']] });
  });
});

describe('the probe user of an RBAC group', () => {
  const probeSecretAcks = (acks: Array<{ id: string; constructPath: string }>) => acks.filter(a => a.constructPath === 'TestStack/Redis/Probe/UserSecret').map(a => a.id);
  const RBAC = { preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, transitEncryption: true };

  test('is a CfnUser of engine redis', () => {
    const { redis, stack } = build({ ...RBAC, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    redis.addProbe();
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'redis', UserName: 'air-discovery-probe', AccessString: 'on ~probe:* -@all +ping +set +get +del +info',
    });
  });

  test('its secret acknowledges the AWS-managed-key findings only without a customer-managed secretEncryptionKey', () => {
    const keyIds = ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'];
    const plain = build({ ...RBAC, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    expect(probeSecretAcks(plain.redis.addProbe().nagAcknowledgements)).toEqual(keyIds);
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc, ...RBAC, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], secretEncryptionKey: new kms.Key(stack, 'Key') }),
    });
    expect(probeSecretAcks(redis.addProbe().nagAcknowledgements)).toEqual([]);
  });
});

describe('the inline warnings of addWarnings, word for word', () => {
  test('no preset: only the noPreset warning', () => {
    const { stack } = build({});
    expect(inlineWarnings(stack)).toEqual([NO_PRESET]);
  });

  test('PROD without multiAz, on port 6379, without snapshots, with DESTROY and without auth: each of its warnings', () => {
    const { stack } = build({
      preset: RedisPreset.PROD,
      multiAz: false,
      numCacheNodes: 1,
      port: 6379,
      snapshotRetention: Duration.days(0),
      removalPolicy: RemovalPolicy.DESTROY,
      authentication: RedisAuthentication.none(),
    });
    expect(inlineWarnings(stack)).toEqual([PROD_WITHOUT_MULTI_AZ, DEFAULT_PORT, NO_BACKUPS, DESTROY_ON_DELETE, NO_AUTH]);
  });

  test('PROD with an explicit port 6380 does not warn about the default port', () => {
    const { stack } = build({ preset: RedisPreset.PROD, port: 6380 });
    expect(inlineWarnings(stack)).toEqual([]);
  });

  test('a PROD Global Datastore secondary that inherits port 6379 from its primary does not warn defaultPort (it set no port)', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
      vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, port: 6379,
    });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
    const secondary = new AirDiscoveryRedis(stack, 'Redis', {
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2,
    });
    expect(secondary.configuration.port).toBe(6379);
    expect(inlineWarnings(primaryStack)).toEqual([DEFAULT_PORT]);
    expect(inlineWarnings(stack)).toEqual([]);
  });

  test('transitEncryptionMode PREFERRED warns tlsPreferred', () => {
    const { stack } = build({ preset: RedisPreset.PROD, transitEncryptionMode: TransitEncryptionMode.PREFERRED });
    expect(inlineWarnings(stack)).toEqual([TLS_PREFERRED]);
  });

  test('cluster mode with 0 replicas warns replicasPerShardFixed and clusterWithoutReplicas', () => {
    const { stack } = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 0, multiAz: false });
    expect(inlineWarnings(stack)).toEqual([PROD_WITHOUT_MULTI_AZ, replicasFixed(0), CLUSTER_WITHOUT_REPLICAS]);
  });

  test('cluster mode with 1 replica warns replicasPerShardFixed only', () => {
    const { stack } = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 });
    expect(inlineWarnings(stack)).toEqual([replicasFixed(1)]);
  });

  test('restoring from snapshotName warns restoreReplaces', () => {
    const { stack } = build({ preset: RedisPreset.PROD, snapshotName: 'air-snap' });
    expect(inlineWarnings(stack)).toEqual([RESTORE_REPLACES]);
  });

  test('restoring from snapshotArns warns restoreReplaces', () => {
    const { stack } = build({ preset: RedisPreset.PROD, snapshotArns: ['arn:aws:s3:::air-bucket/snap.rdb'] });
    expect(inlineWarnings(stack)).toEqual([RESTORE_REPLACES]);
  });

  test('atRestEncryption off on PROD warns atRestEncryptionOff', () => {
    const { stack } = build({ preset: RedisPreset.PROD, atRestEncryption: false });
    expect(inlineWarnings(stack)).toEqual([AT_REST_OFF]);
  });

  test('an AUTH token on a DEV group warns authReplacement, naming the mode', () => {
    const { stack } = build({ preset: RedisPreset.DEV, transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken() });
    expect(inlineWarnings(stack)).toEqual([authReplacement('auth-token')]);
  });
});

describe('vpcHasIpv6: which CIDR blocks make the VPC dual-stack', () => {
  const IPV6_RULE = { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, Description: 'Redis access from application subnets only (IPv6)' };

  function dualStackOn(cidr: Partial<ec2.CfnVPCCidrBlockProps>) {
    const { stack, vpc } = newStack();
    new ec2.CfnVPCCidrBlock(vpc, 'ExtraCidr', { vpcId: vpc.vpcId, ...cidr });
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.DEV, networkType: NetworkType.DUAL_STACK });
    const ingress = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup')[stack.getLogicalId(redis.securityGroup.node.defaultChild as ec2.CfnSecurityGroup)].Properties.SecurityGroupIngress;
    const noIpv6Ingress = Annotations.fromStack(stack).findWarning('/TestStack/Redis', Match.stringLikeRegexp('cdk-redis:noIpv6Ingress')).length;
    return { stack, vpc, ingress, noIpv6Ingress };
  }

  test('a BYOIP ipv6CidrBlock adds the IPv6 ingress rule', () => {
    const { ingress, noIpv6Ingress } = dualStackOn({ ipv6CidrBlock: '2001:db8::/56', ipv6Pool: 'ipv6pool-ec2-0123456789abcdef0' });
    expect(ingress).toContainEqual({ ...IPV6_RULE, CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc8378EB38', 'Ipv6CidrBlocks'] }] } });
    expect(noIpv6Ingress).toBe(0);
  });

  test('an IPAM ipv6IpamPoolId adds the IPv6 ingress rule', () => {
    const { ingress, noIpv6Ingress } = dualStackOn({ ipv6IpamPoolId: 'ipam-pool-0123456789abcdef0', ipv6NetmaskLength: 56 });
    expect(ingress).toContainEqual({ ...IPV6_RULE, CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc8378EB38', 'Ipv6CidrBlocks'] }] } });
    expect(noIpv6Ingress).toBe(0);
  });

  test('a secondary IPv4 CIDR block does not: no IPv6 rule, and the noIpv6Ingress warning', () => {
    const { ingress, noIpv6Ingress } = dualStackOn({ cidrBlock: '10.1.0.0/16' });
    expect(ingress.filter((r: any) => r.CidrIpv6 !== undefined)).toEqual([]);
    expect(noIpv6Ingress).toBe(1);
  });
});

describe('retentionDays: fractional retention reaches validation', () => {
  test('snapshotRetention of 36 hours is rejected by the whole-days rule, not by Duration.toDays', () => {
    expect(() => build({ snapshotRetention: Duration.hours(36) }))
      .toThrow('snapshotRetention must be a whole number of days from 0 to 35, got 1 day 12 hours: e.g. Duration.days(7)');
  });
});

describe('knownSubnetAvailabilityZones: AZs outside the subnet group', () => {
  test('preferredAvailabilityZones outside the subnets are rejected', () => {
    expect(() => build({ preset: RedisPreset.DEV, numCacheNodes: 2, preferredAvailabilityZones: ['dummy1a', 'dummy1c'] }))
      .toThrow("availability zones 'dummy1c' have no subnet in the subnet group, whose subnets are in 'dummy1a', 'dummy1b': use those AZs, or select subnets in the AZs you want with vpcSubnets (Python: vpc_subnets)");
  });

  test('shardConfigurations outside the subnets are rejected', () => {
    expect(() => build({
      preset: RedisPreset.DEV,
      clusterMode: ClusterMode.ENABLED,
      numShards: 1,
      replicasPerShard: 1,
      shardConfigurations: [{ nodeGroupId: '0001', primaryAvailabilityZone: 'dummy1c', replicaAvailabilityZones: ['dummy1a'] }],
    })).toThrow("availability zones 'dummy1c' have no subnet in the subnet group, whose subnets are in 'dummy1a', 'dummy1b': use those AZs, or select subnets in the AZs you want with vpcSubnets (Python: vpc_subnets)");
  });

  test('the AZs come from vpcSubnets when given', () => {
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      preset: RedisPreset.DEV,
      numCacheNodes: 2,
      vpcSubnets: { subnets: [vpc.privateSubnets[0]] },
      preferredAvailabilityZones: ['dummy1a', 'dummy1b'],
    })).toThrow("availability zones 'dummy1b' have no subnet in the subnet group, whose subnets are in 'dummy1a': use those AZs, or select subnets in the AZs you want with vpcSubnets (Python: vpc_subnets)");
  });

  test('vpcSubnets that selects no subnets is rejected at synth, with that one error even when AZs are given', () => {
    const { stack, vpc } = newStack();
    let error = '';
    try {
      new AirDiscoveryRedis(stack, 'Redis', {
        vpc,
        preset: RedisPreset.DEV,
        numCacheNodes: 2,
        vpcSubnets: { subnets: [] },
        preferredAvailabilityZones: ['dummy1a', 'dummy1b'],
      });
    } catch (e) {
      error = (e as Error).message;
    }
    expect(error).toContain("vpcSubnets selects no subnets of the VPC: a subnet group needs at least one; select the private subnets the nodes should use (one per AZ for multiAz), or leave vpcSubnets out for the VPC's private subnets");
    // the AZ check has no subnets to compare with: it stays silent instead of listing an empty set of AZs
    expect(error).not.toContain('have no subnet in the subnet group');
    expect(error.match(/\n {2}- /g)?.length ?? 1).toBe(1);
  });

  test('a subnet with an unresolved AZ skips the check', () => {
    const { stack, vpc } = newStack();
    const subnets = [
      ec2.Subnet.fromSubnetAttributes(stack, 'A', { subnetId: 'subnet-0a', availabilityZone: 'dummy1a' }),
      ec2.Subnet.fromSubnetAttributes(stack, 'B', { subnetId: 'subnet-0b', availabilityZone: Fn.select(1, Fn.getAzs()) }),
    ];
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc, preset: RedisPreset.DEV, numCacheNodes: 2, vpcSubnets: { subnets }, preferredAvailabilityZones: ['dummy1a', 'dummy1b'],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { PreferredCacheClusterAZs: ['dummy1a', 'dummy1b'] });
  });
});

