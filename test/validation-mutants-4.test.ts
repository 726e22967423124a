/**
 * Survivors of the mutation runs over src/validation.ts lines 510-603 and 648-702 (docs/testing.md, "Survivors of the
 * whole-src run"): how the placement rules of cluster mode list what they found (a shard's replica AZ count is named
 * per shard; overlapping slots and uncovered slots are listed up to five, then `...`), and the rule table's user-name,
 * user-id and output-id rules at their edges.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CacheEngine, CacheNodeType, ClusterMode, EngineVersion, RedisAuthentication, RedisUserAuthenticationType } from '../src';
import { errorsFor } from './error-lines';
import { Props } from './topology-cases';
import { build, rbacProps } from './util';

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

  const OVERLAP = (slots: string) => `each hash slot belongs to one shard, got slots ${slots} in more than one shard: make the ranges disjoint`;
  const GAPS = (gaps: string) => `the shards' slots must cover 0-16383, got no shard for ${gaps}: extend the ranges, or leave slots out for an even split`;
  test.each([
    ['five slots in two shards are listed whole', '0-8195', '8191-16383', OVERLAP('8191, 8192, 8193, 8194, 8195')],
    ['six slots in two shards: the first five are listed, then "..."', '0-8196', '8191-16383', OVERLAP('8191, 8192, 8193, 8194, 8195, ...')],
    ['five gaps in the slots are listed whole', '0-99,101-199,201-299', '301-399,401-16382', GAPS('100, 200, 300, 400, 16383')],
    ['six gaps in the slots: the first five are listed, then "..."', '0-99,101-199,201-299', '301-399,401-499,502-16382', GAPS('100, 200, 300, 400, 500-501, ...')],
  ])('%s', (_title, first, second, message) => {
    expect(errorsFor(slotted(first, second))).toEqual([message]);
  });
});

const READ = 'on ~app:* +@read';

describe('the rule table at its edges: user names and ids, output and export prefixes, Valkey versions, AOF parameters', () => {
  test('an empty user name among named users: only the empty one is listed', () => {
    expect(errorsFor(rbacProps([{ userName: 'api', accessString: READ }, { userName: '  ', accessString: READ }]), build)).toEqual([
      "userName must not be empty, got '  ': name every user (Python: user_name)",
    ]);
  });

  test("IAM users may repeat an explicit userId: it is ignored (each user's id is its user name), so no duplicate-id error", () => {
    const { stack } = build({
      transitEncryption: true,
      engineVersion: EngineVersion.REDIS_7_1,
      authentication: RedisAuthentication.iam({ users: [{ userName: 'app', userId: 'same', accessString: READ }, { userName: 'worker', userId: 'same', accessString: READ }] }),
    });
    const users = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::User')).filter(u => u.Properties.UserName !== 'default');
    expect(users.map(u => [u.Properties.UserName, u.Properties.UserId])).toEqual([['app', 'app'], ['worker', 'worker']]);
  });

  test('password users repeating an explicit userId are rejected, the id named once', () => {
    expect(errorsFor(rbacProps([{ userName: 'app', userId: 'same', accessString: READ }, { userName: 'worker', userId: 'same', accessString: READ }]), build)).toEqual([
      "authentication userId values must be unique, got 'same' more than once: give each user its own userId or leave userId out (Python: user_id)",
    ]);
  });

  test('IAM users repeating an explicit userId in a group with password users that repeat one: only the password users\' id is named', () => {
    const user = (userName: string, userId: string, authenticationType: RedisUserAuthenticationType) =>
      ({ userName, userId, authenticationType, accessString: READ });
    expect(errorsFor({
      ...rbacProps([
        user('app', 'same', RedisUserAuthenticationType.PASSWORD), user('worker', 'same', RedisUserAuthenticationType.PASSWORD),
        user('iam-a', 'other', RedisUserAuthenticationType.IAM), user('iam-b', 'other', RedisUserAuthenticationType.IAM),
      ]),
      engineVersion: EngineVersion.REDIS_7_1,
    }, build)).toEqual([
      "authentication userId values must be unique, got 'same' more than once: give each user its own userId or leave userId out (Python: user_id)",
    ]);
  });

  test("two pairs of colliding user names are both named, separated by '; '", () => {
    expect(errorsFor(rbacProps(['app-user', 'app_user', 'web-user', 'web_user'].map(userName => ({ userName, accessString: READ }))), build)).toEqual([
      "userName 'app-user' and userName 'app_user' map to the same construct id 'UserAppUser'; userName 'web-user' and userName 'web_user' map to the same construct id 'UserWebUser': "
      + 'rename one of them (user names may differ in more than case and punctuation), or give each an explicit userId (Python: user_name, user_id)',
    ]);
  });

  test('an outputIdPrefix of 236 characters (the longest output id then has 255) is accepted; 237 are rejected', () => {
    expect(errorsFor({ outputIdPrefix: 'A'.repeat(236) }, build)).toEqual([]);
    expect(errorsFor({ outputIdPrefix: 'A'.repeat(237) }, build)).toEqual([
      `outputIdPrefix must be letters and digits only, at most 236 characters (output logical ids are alphanumeric), got '${'A'.repeat(237)}': e.g. 'Sessions' (Python: output_id_prefix)`,
    ]);
  });

  test('an exportNamePrefix of 236 characters (the longest export name then has 255) is accepted; 237 are rejected', () => {
    const { stack } = build({ exportNamePrefix: 'a'.repeat(236), numCacheNodes: 2 });
    const exports = Object.values(Template.fromStack(stack).toJSON().Outputs as Record<string, { Export?: { Name: string } }>)
      .map(o => o.Export?.Name).filter((n): n is string => n !== undefined);
    expect(exports).toEqual(['RedisEndpoint', 'RedisPort', 'RedisClusterId', 'RedisReaderEndpoint'].map(n => `${'a'.repeat(236)}${n}`));
    expect(Math.max(...exports.map(n => n.length))).toBe(255);
    expect(errorsFor({ exportNamePrefix: 'a'.repeat(237) }, build)).toEqual([
      `exportNamePrefix must be letters, digits, ':' or '-', at most 236 characters (CloudFormation export names), got '${'a'.repeat(237)}': `
      + "e.g. 'air-discovery-dev-' (Python: export_name_prefix)",
    ]);
  });

  test('a Valkey 7 after 7.2 (7.3) does not exist on ElastiCache: rejected, like the ones before it', () => {
    expect(errorsFor({ engineVersion: EngineVersion.of(CacheEngine.VALKEY, '7.3') }, build)).toEqual([
      'engineVersion valkey 7.3 does not exist on ElastiCache, which offers Valkey 7.2, 8.0, 8.1, 8.2, 9.0, 9.1: use EngineVersion.VALKEY_7_2 or later (Python: engine_version)',
    ]);
  });

  test('parameters that set appendonly among other parameters: only the AOF parameter is named', () => {
    expect(errorsFor({ parameters: { 'appendonly': 'yes', 'maxmemory-policy': 'allkeys-lru' } }, build)).toEqual([
      "parameters must not set 'appendonly': ElastiCache does not support AOF on Valkey or Redis OSS 2.8.22 and later; remove them and rely on replicas, Multi-AZ and snapshots",
    ]);
  });
});

describe('node counts at the 250- and 500-node limits', () => {
  const OLD = EngineVersion.of(CacheEngine.REDIS, '4.0.10');
  test('501 nodes, or 300 on Redis OSS 4.0.10, without cluster mode: only the 1-6 node error, not the cluster limits', () => {
    expect(errorsFor({ numCacheNodes: 501 }, build)).toEqual([
      'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 501: for more nodes use clusterMode ENABLED (Python: num_cache_nodes, cluster_mode)',
    ]);
    expect(errorsFor({ numCacheNodes: 300, engineVersion: OLD }, build)).toEqual([
      'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 300: for more nodes use clusterMode ENABLED (Python: num_cache_nodes, cluster_mode)',
    ]);
  });

  test('a cluster of exactly 500 nodes on Redis OSS 4.0.10 gets the 250-node limit', () => {
    expect(errorsFor({ engineVersion: OLD, clusterMode: ClusterMode.ENABLED, numShards: 250, replicasPerShard: 1 }, build)).toEqual([
      'a cluster on engineVersion redis 4.0.10 may have at most 250 nodes, got 500: use Redis OSS 5.0.6 or later (500 nodes), or fewer shards (Python: engine_version)',
    ]);
  });

  test('a cluster of 501 nodes on Redis OSS 4.0.10 gets the 500-node limit only', () => {
    expect(errorsFor({ engineVersion: OLD, clusterMode: ClusterMode.ENABLED, numShards: 167, replicasPerShard: 2 }, build)).toEqual([
      'numShards x (1 + replicasPerShard) must be at most 500 nodes, got 167 x 3 = 501: reduce shards or replicas (Python: num_shards, replicas_per_shard)',
    ]);
  });
});

describe('node types: Multi-AZ on old families, data tiering on names that do not parse', () => {
  /** t1 nodes without what that family lacks besides Multi-AZ (at-rest encryption, snapshots), on an engine it runs. */
  const T1: Props = {
    cacheNodeType: CacheNodeType.of('cache.t1.micro'),
    engineVersion: EngineVersion.of(CacheEngine.REDIS, '6.2'),
    atRestEncryption: false,
    snapshotRetention: Duration.days(0),
    removalPolicy: RemovalPolicy.DESTROY,
  };
  test('a t1 node (no Multi-AZ, no failover on that family) without multiAz and automaticFailover has no Multi-AZ error', () => {
    expect(errorsFor({ ...T1, multiAz: false, automaticFailover: false }, build)).toEqual([]);
  });

  test('t1 nodes with automaticFailover but without multiAz get the Multi-AZ and failover error', () => {
    expect(errorsFor({ ...T1, numCacheNodes: 2, multiAz: false, automaticFailover: true }, build)).toEqual([
      'multiAz and automaticFailover are not supported on cacheNodeType cache.t1.micro, got multiAz false and automaticFailover true: use a current node type such as cache.t4g.micro (Python: multi_az, automatic_failover, cache_node_type)',
    ]);
  });

  test('dataTiering with a node type name that does not parse: only the node type error', () => {
    expect(errorsFor({ cacheNodeType: CacheNodeType.unlisted('r6gd.xlarge'), dataTiering: true }, build)).toEqual([
      "cacheNodeType must be an ElastiCache node type 'cache.<family>.<size>', got 'r6gd.xlarge': e.g. CacheNodeType.of('cache.r7g.large') (Python: cache_node_type)",
    ]);
  });
});

