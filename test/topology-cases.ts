/**
 * The invalid configurations and warnings of placement, durability, IP discovery
 * and snapshotting (issue 17), shared with test/validation.test.ts, whose meta tests
 * check that every rule and every warning is exercised.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { build } from './util';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheEngine, CacheNodeType, ClusterMode, DurabilityMode, EngineVersion, IpDiscovery,
  NetworkType, RedisGlobalDatastore, RedisPreset,
} from '../src';

export type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

/** The smallest configuration AWS documents for durability: Valkey 9, cluster mode, Multi-AZ with a replica per shard, TLS, at-rest encryption, R7g. */
export const DURABLE: Props = {
  preset: RedisPreset.PROD,
  engineVersion: EngineVersion.VALKEY_9_0,
  cacheNodeType: CacheNodeType.of('cache.r7g.large'),
  clusterMode: ClusterMode.ENABLED,
  numShards: 2,
  replicasPerShard: 1,
  durability: DurabilityMode.SYNC,
};

/** The AZs the test VPC spans (us-east-1a/b/c, from the availability-zones context). */
export const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A stack in us-east-1 whose VPC spans AZS (private subnets with egress in each). */
export function azStack(): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App({
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      'availability-zones:account=123456789012:region=us-east-1': AZS,
    },
  });
  const stack = new Stack(app, 'PlacementStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 3, natGateways: 1 });
  return { app, stack, vpc };
}

/** One AirDiscoveryRedis in an azStack(). */
export function placed(props: Props) {
  const { stack, vpc } = azStack();
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  return { stack, vpc, redis };
}

/** Cluster mode with two shards of one primary and one replica. */
export const CLUSTER: Props = { clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 };

export interface TopologyInvalidCase {
  readonly testDescription: string;
  readonly props?: Props;
  readonly run?: () => unknown;
  readonly message: string;
}

export const TOPOLOGY_INVALID: TopologyInvalidCase[] = [
  // ---- durability
  { testDescription: 'durability on Valkey 8.2', props: { ...DURABLE, engineVersion: EngineVersion.VALKEY_8_2 }, message: 'durability SYNC needs Valkey 9.0 or later, got engineVersion valkey 8.2: use EngineVersion.VALKEY_9_0 or later, or remove durability' },
  { testDescription: 'durability on Redis OSS 7.1', props: { ...DURABLE, engineVersion: EngineVersion.REDIS_7_1 }, message: 'durability SYNC needs Valkey 9.0 or later, got engineVersion redis 7.1' },
  { testDescription: 'durability with cluster mode disabled', props: { ...DURABLE, clusterMode: ClusterMode.DISABLED, numShards: undefined, replicasPerShard: undefined }, message: 'durability SYNC needs clusterMode ENABLED, got clusterMode DISABLED' },
  { testDescription: 'durability with cluster mode compatible', props: { ...DURABLE, clusterMode: ClusterMode.COMPATIBLE, numShards: undefined, replicasPerShard: undefined }, message: 'durability SYNC needs clusterMode ENABLED, got clusterMode COMPATIBLE' },
  { testDescription: 'durability without Multi-AZ', props: { ...DURABLE, multiAz: false }, message: 'durability SYNC needs multiAz, got multiAz false: set multiAz to true (with at least one replica per shard)' },
  { testDescription: 'durability without replicas', props: { ...DURABLE, multiAz: false, replicasPerShard: 0 }, message: 'durability SYNC needs at least one replica per shard, got replicasPerShard 0: set replicasPerShard to 1 or more' },
  { testDescription: 'durability without TLS', props: { ...DURABLE, preset: RedisPreset.DEV, multiAz: true, transitEncryption: false }, message: 'durability SYNC needs in-transit encryption, got transitEncryption false: set transitEncryption to true' },
  { testDescription: 'durability with at-rest encryption off', props: { ...DURABLE, atRestEncryption: false }, message: 'durability SYNC needs at-rest encryption, got atRestEncryption false' },
  { testDescription: 'durability on a T4g node', props: { ...DURABLE, cacheNodeType: CacheNodeType.of('cache.t4g.medium') }, message: "durability SYNC needs a node type of the r8g, r7g, r6g, m8g, m7g, m6g, c8gn, c7gn families, got cacheNodeType cache.t4g.medium: e.g. CacheNodeType.of('cache.r7g.large')" },
  { testDescription: 'durability on an M5 node', props: { ...DURABLE, durability: DurabilityMode.ASYNC, cacheNodeType: CacheNodeType.of('cache.m5.large') }, message: 'durability ASYNC needs a node type of the r8g, r7g, r6g, m8g, m7g, m6g, c8gn, c7gn families, got cacheNodeType cache.m5.large' },
  { testDescription: 'durability with data tiering', props: { ...DURABLE, cacheNodeType: CacheNodeType.of('cache.r6gd.xlarge'), dataTiering: true }, message: 'durability SYNC cannot be combined with dataTiering, got dataTiering true' },
  { testDescription: 'durability on a Global Datastore primary', run: () => globalPair({ primary: DURABLE }), message: 'a Global Datastore does not support durability, got durability SYNC on the primary' },
  { testDescription: 'durability on a Global Datastore secondary', run: () => globalPair({ secondary: { durability: DurabilityMode.SYNC } }), message: 'durability SYNC is not supported on a Global Datastore member, got durability on a secondary: remove durability' },
  // ---- placement, cluster mode disabled
  { testDescription: 'preferred AZs in cluster mode', run: () => placed({ ...CLUSTER, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }), message: 'preferredAvailabilityZones is for one node group (cluster mode disabled or compatible), got it with clusterMode ENABLED: place each shard with shardConfigurations' },
  { testDescription: 'two preferred AZs for three nodes', run: () => placed({ numCacheNodes: 3, multiAz: true, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }), message: "preferredAvailabilityZones must name one AZ per node, 3 for numCacheNodes 3, got 2 ('us-east-1a', 'us-east-1b'): list the primary's AZ first, then one per replica" },
  { testDescription: 'one AZ twice', run: () => placed({ numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['us-east-1a', 'us-east-1a'] }), message: "preferredAvailabilityZones must name each AZ once (CloudFormation's schema requires unique items), got 'us-east-1a' more than once" },
  { testDescription: 'an AZ without a subnet', run: () => placed({ numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['us-east-1a', 'us-east-1d'] }), message: "availability zones 'us-east-1d' have no subnet in the subnet group, whose subnets are in 'us-east-1a', 'us-east-1b', 'us-east-1c': use those AZs, or select subnets in the AZs you want with vpcSubnets" },
  { testDescription: 'an AZ outside the selected subnets', run: () => placed({ numCacheNodes: 2, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: ['us-east-1a', 'us-east-1b'] }, preferredAvailabilityZones: ['us-east-1a', 'us-east-1c'] }), message: "availability zones 'us-east-1c' have no subnet in the subnet group, whose subnets are in 'us-east-1a', 'us-east-1b'" },
  // ---- placement, cluster mode enabled
  { testDescription: 'shard configurations without cluster mode', run: () => placed({ numCacheNodes: 2, shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1a' }] }), message: 'shardConfigurations needs clusterMode ENABLED, got clusterMode DISABLED: with one node group place the nodes with preferredAvailabilityZones' },
  { testDescription: 'three shard configurations for two shards', run: () => placed({ ...CLUSTER, shardConfigurations: [{}, {}, {}] }), message: 'shardConfigurations must have one entry per shard, 2 for numShards 2, got 3' },
  { testDescription: 'two replica AZs for one replica', run: () => placed({ ...CLUSTER, shardConfigurations: [{ replicaAvailabilityZones: ['us-east-1b'] }, { replicaAvailabilityZones: ['us-east-1a', 'us-east-1c'] }] }), message: 'replicaAvailabilityZones must name one AZ per replica, 1 for replicasPerShard 1, got 2 in shard 2: fix the lists, or leave them out' },
  { testDescription: 'a replica AZ twice in a shard', run: () => placed({ ...CLUSTER, replicasPerShard: 2, shardConfigurations: [{ replicaAvailabilityZones: ['us-east-1b', 'us-east-1b'] }, {}] }), message: "replicaAvailabilityZones must name each AZ once per shard (CloudFormation's schema requires unique items), got 'us-east-1b' more than once" },
  { testDescription: 'a shard primary in an AZ without a subnet', run: () => placed({ ...CLUSTER, shardConfigurations: [{ primaryAvailabilityZone: 'eu-west-1a' }, {}] }), message: "availability zones 'eu-west-1a' have no subnet in the subnet group" },
  { testDescription: 'a node group id of letters', run: () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: 'a1' }, { nodeGroupId: '00002' }] }), message: "nodeGroupId must be 1-4 digits and unique per shard, got 'a1', '00002': e.g. '0001', or leave nodeGroupId out" },
  { testDescription: 'two shards with one node group id', run: () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: '0001' }, { nodeGroupId: '0001' }] }), message: "nodeGroupId must be 1-4 digits and unique per shard, got '0001'" },
  { testDescription: 'slots beyond 16383', run: () => placed({ ...CLUSTER, shardConfigurations: [{ slots: '0-8191' }, { slots: '8192-16384' }] }), message: "slots must be start-end ranges within 0-16383 (comma-separated), got '8192-16384': e.g. '0-5460'" },
  { testDescription: 'slots as a reversed range', run: () => placed({ ...CLUSTER, shardConfigurations: [{ slots: '8191-0' }, {}] }), message: "got '8191-0'" },
  { testDescription: 'overlapping slots', run: () => placed({ ...CLUSTER, shardConfigurations: [{ slots: '0-8192' }, { slots: '8192-16383' }] }), message: 'each hash slot belongs to one shard, got slots 8192 in more than one shard: make the ranges disjoint' },
  { testDescription: 'slots that leave a gap', run: () => placed({ ...CLUSTER, shardConfigurations: [{ slots: '0-8000' }, { slots: '8192-16000' }] }), message: "the shards' slots must cover 0-16383, got no shard for 8001-8191, 16001-16383: extend the ranges, or leave slots out for an even split" },
  // ---- IP discovery
  { testDescription: 'IPv6 discovery on an IPv4 network', props: { ipDiscovery: IpDiscovery.IPV6 }, message: 'ipDiscovery IPV6 needs networkType IPV6 or DUAL_STACK, got networkType IPV4: use NetworkType.DUAL_STACK, or ipDiscovery IPV4' },
  { testDescription: 'IPv4 discovery on an IPv6-only network', run: () => ipv6Only({ ipDiscovery: IpDiscovery.IPV4 }), message: 'ipDiscovery IPV4 needs networkType IPV4 or DUAL_STACK, got networkType IPV6: use NetworkType.DUAL_STACK, or ipDiscovery IPV6' },
  // ---- snapshotting cluster
  { testDescription: 'a snapshotting cluster in cluster mode', props: { ...CLUSTER, snapshottingClusterId: 'air-0001-002' }, message: "snapshottingClusterId cannot be set with clusterMode ENABLED, got 'air-0001-002': remove it (ElastiCache snapshots each shard itself)" },
  { testDescription: 'a snapshotting cluster that is not a member', props: { replicationGroupId: 'air-redis', numCacheNodes: 2, snapshottingClusterId: 'air-redis-003' }, message: "snapshottingClusterId must be a member node of the group, one of 'air-redis-001', 'air-redis-002', got 'air-redis-003': pick a replica, e.g. 'air-redis-002'" },
  { testDescription: 'a snapshotting cluster of another group', props: { replicationGroupId: 'air-redis', snapshottingClusterId: 'other-001' }, message: "snapshottingClusterId must be a member node of the group, one of 'air-redis-001', got 'other-001': pick a replica, e.g. 'air-redis-001'" },
];

/** Warnings of issue 17 and a stack that raises each. */
export const TOPOLOGY_WARNING_CASES: Array<[string, () => Stack]> = [
  ['durabilityAtCreation', () => build(DURABLE).stack],
  ['durabilityAsync', () => build({ ...DURABLE, durability: DurabilityMode.ASYNC }).stack],
  ['placementFixed', () => placed({ numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['us-east-1b', 'us-east-1a'] }).stack],
  ['customNodeGroupIds', () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: '0002' }, { nodeGroupId: '0001' }] }).stack],
  ['snapshottingClusterIgnored', () => build({ replicationGroupId: 'air-redis', numCacheNodes: 2, snapshottingClusterId: 'air-redis-002', snapshotRetention: Duration.days(0) }).stack],
];

/** A Valkey primary (PROD, r7g.large) with its Global Datastore in us-east-1 and a secondary in us-west-2. */
function globalPair(opts: { primary?: Props; secondary?: Props }) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
  const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
    vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }),
    preset: RedisPreset.PROD,
    cacheNodeType: CacheNodeType.of('cache.r7g.large'),
    engineVersion: EngineVersion.of(CacheEngine.VALKEY, '9.0'),
    ...opts.primary,
  });
  const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
  const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' }, crossRegionReferences: true });
  return new AirDiscoveryRedis(stack, 'Redis', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2, ...opts.secondary,
  });
}

/** A group on IPv6-only subnets (imported). */
function ipv6Only(props: Props) {
  const { stack, vpc } = azStack();
  const subnets = ['a', 'b'].map(x => ec2.Subnet.fromSubnetAttributes(stack, `V6${x}`, { subnetId: `subnet-v6${x}`, availabilityZone: `us-east-1${x}` }));
  return new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.IPV6, vpcSubnets: { subnets }, ...props });
}
