/**
 * Survivors of the mutation run over src/validation.ts lines 510-603 (docs/testing.md, "Survivors of the whole-src
 * run"): how the placement rules of cluster mode list what they found. A shard's replica AZ count is named per shard;
 * overlapping slots and uncovered slots are listed up to five, then `...`.
 */
import { ClusterMode } from '../src';
import { Props, placed } from './topology-cases';

/** The construct's error lines ('  - ' items) for these props in a VPC over us-east-1a/b/c ([] when it builds). */
function errorsFor(props: Props): string[] {
  try {
    placed(props);
    return [];
  } catch (e) {
    const lines = (e as Error).message.split('\n');
    expect(lines[0]).toBe('invalid AirDiscoveryRedis configuration at PlacementStack/Redis:');
    return lines.slice(1).map(l => l.replace(/^ {2}- /, ''));
  }
}

/** Two shards of one replica each, with these slots. */
const slotted = (first: string, second: string): Props => ({
  clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1, shardConfigurations: [{ slots: first }, { slots: second }],
});

describe('placement in cluster mode: what the messages list', () => {
  test('replica AZ counts that differ in two shards are named shard by shard, separated by a comma', () => {
    expect(errorsFor({
      clusterMode: ClusterMode.ENABLED,
      numShards: 2,
      replicasPerShard: 1,
      shardConfigurations: [{ replicaAvailabilityZones: ['us-east-1b', 'us-east-1c'] }, { replicaAvailabilityZones: ['us-east-1a', 'us-east-1c', 'us-east-1b'] }],
    })).toEqual([
      'replicaAvailabilityZones must name one AZ per replica, 1 for replicasPerShard 1, got 2 in shard 1, 3 in shard 2: fix the lists, or leave them out (Python: replica_availability_zones, replicas_per_shard)',
    ]);
  });

  test('five slots in two shards are listed whole', () => {
    expect(errorsFor(slotted('0-8195', '8191-16383'))).toEqual([
      'each hash slot belongs to one shard, got slots 8191, 8192, 8193, 8194, 8195 in more than one shard: make the ranges disjoint',
    ]);
  });

  test('six slots in two shards: the first five are listed, then "..."', () => {
    expect(errorsFor(slotted('0-8196', '8191-16383'))).toEqual([
      'each hash slot belongs to one shard, got slots 8191, 8192, 8193, 8194, 8195, ... in more than one shard: make the ranges disjoint',
    ]);
  });

  test('five gaps in the slots are listed whole', () => {
    expect(errorsFor(slotted('0-99,101-199,201-299', '301-399,401-16382'))).toEqual([
      "the shards' slots must cover 0-16383, got no shard for 100, 200, 300, 400, 16383: extend the ranges, or leave slots out for an even split",
    ]);
  });

  test('six gaps in the slots: the first five are listed, then "..."', () => {
    expect(errorsFor(slotted('0-99,101-199,201-299', '301-399,401-499,502-16382'))).toEqual([
      "the shards' slots must cover 0-16383, got no shard for 100, 200, 300, 400, 500-501, ...: extend the ranges, or leave slots out for an even split",
    ]);
  });
});
