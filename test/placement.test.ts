import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AZS, placed } from './topology-cases';
import { build, newStack, replicationGroupProps } from './util';
import { AirDiscoveryRedis, ClusterMode, IpDiscovery, NetworkType, RedisPreset } from '../src';

describe('placement, cluster mode disabled', () => {
  test('preferredAvailabilityZones becomes PreferredCacheClusterAZs, primary first', () => {
    const { stack } = placed({ preset: RedisPreset.PROD, preferredAvailabilityZones: ['us-east-1b', 'us-east-1a', 'us-east-1c'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 3, PreferredCacheClusterAZs: ['us-east-1b', 'us-east-1a', 'us-east-1c'], NodeGroupConfiguration: Match.absent(),
    });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('create-only'));
  });

  test('cluster mode COMPATIBLE keeps one node group, so preferred AZs apply', () => {
    const { stack } = placed({ clusterMode: ClusterMode.COMPATIBLE, numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['us-east-1a', 'us-east-1c'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { ClusterMode: 'compatible', PreferredCacheClusterAZs: ['us-east-1a', 'us-east-1c'] });
  });

  test('AZs are not judged when the subnets\' AZs are tokens (an environment-agnostic stack)', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(vpc.availabilityZones.some(az => az.includes('${Token'))).toBe(true);
    new AirDiscoveryRedis(stack, 'Redis', { vpc, numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    expect(replicationGroupProps(Template.fromStack(stack)).PreferredCacheClusterAZs).toEqual(['eu-west-1a', 'eu-west-1b']);
  });

  test('without placement props no placement properties and no warning', () => {
    const { stack } = placed({ numCacheNodes: 2, multiAz: true });
    const props = replicationGroupProps(Template.fromStack(stack));
    expect([props.PreferredCacheClusterAZs, props.NodeGroupConfiguration, props.SnapshottingClusterId]).toEqual([undefined, undefined, undefined]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('create-only: changing them'));
  });
});

describe('placement, cluster mode enabled', () => {
  const shards = [
    { nodeGroupId: '0001', primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b', 'us-east-1c'], slots: '0-5460' },
    { nodeGroupId: '0002', primaryAvailabilityZone: 'us-east-1b', replicaAvailabilityZones: ['us-east-1c', 'us-east-1a'], slots: '5461-10922' },
    { nodeGroupId: '0003', primaryAvailabilityZone: 'us-east-1c', replicaAvailabilityZones: ['us-east-1a', 'us-east-1b'], slots: '10923-16383' },
  ];

  test('one NodeGroupConfiguration per shard; numShards defaults to the number of shards', () => {
    const { stack, redis } = placed({ clusterMode: ClusterMode.ENABLED, replicasPerShard: 2, shardConfigurations: shards });
    expect(redis.configuration.numShards).toBe(3);
    expect(redis.configuration.totalNodes).toBe(9);
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 3,
      ReplicasPerNodeGroup: 2,
      PreferredCacheClusterAZs: Match.absent(),
      NodeGroupConfiguration: shards.map(s => ({
        NodeGroupId: s.nodeGroupId,
        PrimaryAvailabilityZone: s.primaryAvailabilityZone,
        ReplicaAvailabilityZones: s.replicaAvailabilityZones,
        Slots: s.slots,
      })),
    });
    // the default numbering: the construct's metrics still name the nodes right
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('nodeGroupId values other than'));
  });

  test.each<[string, object]>([
    ['slots given as several ranges and single slots', {
      shardConfigurations: [{ slots: '0-100,200-8191' }, { slots: '101-199,8192-16382,16383' }],
    }],
    ['slots on some shards only (ElastiCache spreads the rest)', { shardConfigurations: [{ slots: '0-99' }, {}] }],
    ['AZs only for some shards', { shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1c' }, {}] }],
    ['a primary and its replica in one AZ', { shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1a'] }, {}] }],
    ['short node group ids', { shardConfigurations: [{ nodeGroupId: '1' }, { nodeGroupId: '2' }] }],
  ])('valid: %s', (_name, extra) => {
    expect(() => placed({ clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1, ...extra })).not.toThrow();
  });

  test('node group ids out of ElastiCache\'s order warn that metrics would not match', () => {
    const { stack } = placed({ clusterMode: ClusterMode.ENABLED, shardConfigurations: [{ nodeGroupId: '0007' }, { nodeGroupId: '0001' }] });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('nodeGroupId values other than 0001'));
  });

  test('the AZs of the test VPC', () => {
    const { vpc } = placed({});
    expect(vpc.availabilityZones).toEqual(AZS);
  });
});

describe('snapshotting cluster, IP discovery, reader endpoint', () => {
  test('snapshottingClusterId names a member node (case-insensitively)', () => {
    build({ replicationGroupId: 'air-redis', numCacheNodes: 3, snapshottingClusterId: 'air-redis-003' }).template
      .hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshottingClusterId: 'air-redis-003' });
    expect(() => build({ replicationGroupId: 'air-redis', numCacheNodes: 2, snapshottingClusterId: 'AIR-REDIS-002' })).not.toThrow();
  });

  test('snapshottingClusterId is not judged when the group id is a token', () => {
    const { stack, vpc } = newStack();
    const id = new CfnParameter(stack, 'GroupId').valueAsString;
    new AirDiscoveryRedis(stack, 'Redis', { vpc, replicationGroupId: id, numCacheNodes: 2, snapshottingClusterId: 'anything-002' });
    expect(replicationGroupProps(Template.fromStack(stack)).SnapshottingClusterId).toBe('anything-002');
  });

  test('ipDiscovery: IPV6 on dual stack is set; IPv6-only networks default to IPV6; IPv4 leaves it unset', () => {
    const app = new App();
    const stack = new Stack(app, 'Dual', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ipProtocol: ec2.IpProtocol.DUAL_STACK });
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.DUAL_STACK, ipDiscovery: IpDiscovery.IPV6 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NetworkType: 'dual_stack', IpDiscovery: 'ipv6' });
    expect(redis.configuration.ipDiscovery).toBe(IpDiscovery.IPV6);
    expect(replicationGroupProps(build().template).IpDiscovery).toBeUndefined();
    expect(build({ ipDiscovery: IpDiscovery.IPV4 }).redis.configuration.ipDiscovery).toBe(IpDiscovery.IPV4);
  });

  test('readerConnectionEnvironment points at the reader endpoint, with the TLS scheme', () => {
    const { redis, stack } = build({ preset: RedisPreset.PROD });
    const env = redis.readerConnectionEnvironment();
    const reader = { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ReaderEndPoint.Address'] };
    expect(stack.resolve(env.REDIS_READER_HOST)).toEqual(reader);
    expect(env.REDIS_READER_PORT).toBe('6380');
    expect(stack.resolve(env.REDIS_READER_URL)).toEqual({ 'Fn::Join': ['', ['rediss://', reader, ':6380']] });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=1') });
    for (const [k, v] of Object.entries(env)) fn.addEnvironment(k, v);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ REDIS_READER_PORT: '6380' }) } });
  });

  test.each<[string, object, string]>([
    ['a single node', {}, 'has no reader endpoint (numCacheNodes 1: add a replica)'],
    ['cluster mode', { clusterMode: ClusterMode.ENABLED }, 'has no reader endpoint (cluster mode ENABLED: read from replicas through the configuration endpoint with READONLY)'],
  ])('readerConnectionEnvironment throws for %s', (_name, props, message) => {
    expect(() => build(props).redis.readerConnectionEnvironment()).toThrow(message);
  });
});
