/**
 * Survivors of the mutation runs over src/validation.ts lines 832-1342 (docs/testing.md, `src/validation.ts`): the
 * rule table's cluster-mode, parameter, authentication and encryption rules at their edges, each pinned by the whole
 * error list a real synth produces (messages that list several names, their separators and plural forms).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, CacheNodeType, ClusterMode, NetworkType, RedisGlobalDatastore, RedisPreset, RedisUserAuthenticationType } from '../src';
import { ack, errorsFor, warningsWithId } from './error-lines';
import { TOPOLOGY_WARNING_CASES } from './topology-cases';
import { build, newStack, rbacProps } from './util';

describe('cluster mode COMPATIBLE at its edges', () => {
  test('COMPATIBLE with automaticFailover but a single node: the failover error and the COMPATIBLE error (it needs a replica too)', () => {
    expect(errorsFor({ clusterMode: ClusterMode.COMPATIBLE, automaticFailover: true, numCacheNodes: 1 }, build)).toEqual([
      'automaticFailover needs at least 2 nodes when cluster mode is disabled, got numCacheNodes 1: set numCacheNodes to 2 or more, or automaticFailover to false (Python: automatic_failover, num_cache_nodes)',
      'clusterMode COMPATIBLE needs automaticFailover and at least 1 replica, got automaticFailover true with numCacheNodes 1: set numCacheNodes to 2 or more and multiAz or automaticFailover to true (Python: cluster_mode, automatic_failover, num_cache_nodes, multi_az)',
    ]);
  });
});

describe('parameters: messages that name several parameters', () => {
  test('two empty parameter names beside a valid parameter: only the empty ones are listed, with their values', () => {
    expect(errorsFor({ parameters: { '': 'x', ' ': 'y', 'maxmemory-policy': 'allkeys-lru' } }, build)).toEqual([
      "parameters must not have an empty name, got '', ' ' (with value 'x', 'y'): remove it or name the parameter, e.g. 'maxmemory-policy'",
    ]);
  });

  test("two unknown parameter names: both listed with a suggestion, separated by ', ', and 'are not parameters'", () => {
    expect(errorsFor({ parameters: { 'maxmemory-polcy': 'allkeys-lru', 'timeot': '5' } }, build)).toEqual([
      "parameters 'maxmemory-polcy' (did you mean 'maxmemory-policy'?), 'timeot' (did you mean 'timeout'?) are not parameters of parameter group family redis7: "
      + 'fix the name, or, for a parameter newer than this library, list it in uncheckedParameters (Python: unchecked_parameters)',
    ]);
  });

  test("two parameters a parameter group cannot change: both listed with their values, and 'remove them'", () => {
    expect(errorsFor({ parameters: { 'maxclients': '5', 'lua-time-limit': '10' } }, build)).toEqual([
      "parameters 'maxclients', 'lua-time-limit' cannot be changed in an ElastiCache parameter group (not modifiable), got 'maxclients': '5', 'lua-time-limit': '10': remove them",
    ]);
  });

  test("two parameter values out of range: one message, the two findings separated by '; '", () => {
    expect(errorsFor({ parameters: { 'maxmemory-policy': 'lru', 'timeout': 'x' } }, build)).toEqual([
      "parameters 'maxmemory-policy' must be one of 'volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction', got 'lru'; "
      + "parameters 'timeout' must be a whole number of at least 0, got 'x': fix the value",
    ]);
  });

  test.each([
    ["one name not in parameters beside one that is: only the missing one is named, with 'is'", ['maxmemory-policy', 'new-param'], "'new-param' is"],
    ["two names not in parameters beside one that is: both named, with 'are'", ['maxmemory-policy', 'new-a', 'new-b'], "'new-a', 'new-b' are"],
  ])('uncheckedParameters: %s', (_title, uncheckedParameters, named) => {
    expect(errorsFor({ parameters: { 'maxmemory-policy': 'allkeys-lru' }, uncheckedParameters }, build)).toEqual([
      `uncheckedParameters ${named} not in parameters (got parameters 'maxmemory-policy'): list only the names of parameters you set (Python: unchecked_parameters)`,
    ]);
  });
});

describe('RBAC access strings: messages that name several users', () => {
  const OK = { userName: 'ok', accessString: 'on ~app:* +@read' };
  test("two users with empty access strings beside a valid one: both named, joined by ' and '", () => {
    expect(errorsFor(rbacProps([{ userName: 'api', accessString: ' ' }, { userName: 'worker', accessString: '' }, OK]), build)).toEqual([
      "accessString of user 'api' and accessString of user 'worker' must not be empty: use e.g. 'on ~app:* +@read +@write', or 'off' to disable a user (Python: access_string)",
    ]);
  });

  test("two users whose access strings hold a password and reset: both named (password redacted), separated by ', '", () => {
    expect(errorsFor(rbacProps([{ userName: 'api', accessString: 'on >secret1 ~* +@all' }, { userName: 'worker', accessString: 'on reset ~* +@read' }, OK]), build)).toEqual([
      "accessString of user 'api' 'on >*** ~* +@all', accessString of user 'worker' 'on reset ~* +@read' must not contain passwords or reset, got '>***', 'reset' (passwords redacted): "
      + 'remove them; passwords are generated in Secrets Manager (Python: access_string)',
    ]);
  });
});

describe('network: the IPv6-only message', () => {
  test('IPv6-only on the default (IPv4) subnets: the whole message, with both ways out', () => {
    expect(errorsFor({ networkType: NetworkType.IPV6 }, build)).toEqual([
      "networkType IPV6 needs IPv6-only subnets, got the default subnet selection (the VPC's private subnets, which have IPv4 CIDRs): "
      + 'pass vpcSubnets with IPv6-only subnets, or use NetworkType.DUAL_STACK (Python: network_type, vpc_subnets)',
    ]);
  });
});

describe('Global Datastore regions that are not known at synth', () => {
  test('environment-agnostic stacks: the region rules do not judge region tokens (no "same region" error for a primary and two secondaries)', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = (id: string) => new Stack(app, id);
    const vpc = (s: Stack) => new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
    const primaryStack = stack('Primary');
    const primary = new AirDiscoveryRedis(primaryStack, 'Redis', { vpc: vpc(primaryStack), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const secondaries = ['Secondary0', 'Secondary1'].map(id => {
      const s = stack(id);
      return new AirDiscoveryRedis(s, 'Redis', { vpc: vpc(s), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2 });
    });
    // every region here is the same unresolved token, so comparing them would report a clash that may not exist
    expect(new Set([global.primaryRegion, ...secondaries.map(s => Stack.of(s).region)]).size).toBe(1);
    expect(global.secondaries).toEqual(secondaries);
    for (const s of secondaries) {
      const groups = Template.fromStack(Stack.of(s)).findResources('AWS::ElastiCache::ReplicationGroup');
      expect(Object.values(groups).map(g => Object.keys(g.Properties).includes('GlobalReplicationGroupId'))).toEqual([true]);
    }
  });
});

describe('props that are not an object', () => {
  test.each([
    ['null (Python None, Java null)', null, 'null'],
    ['a string (a VPC id passed as the props)', 'vpc-1', "'vpc-1'"],
  ])("props %s: 'props are required', not a TypeError", (_title, props, shown) => {
    expect(() => new AirDiscoveryRedis(newStack().stack, 'Redis', props as any)).toThrow(
      new Error(`invalid AirDiscoveryRedis configuration at TestStack/Redis:\n  - props are required, got ${shown}: pass at least { vpc }`));
  });
});

describe('Global Datastore primaries of a listed family but below large', () => {
  test.each(['micro', 'small', 'medium'])('cache.r7g.%s (unlisted) is rejected as a primary', size => {
    const { stack, vpc } = newStack();
    const primary = new AirDiscoveryRedis(stack, 'Redis', { vpc, cacheNodeType: CacheNodeType.unlisted(`cache.r7g.${size}`) });
    expect(() => new RedisGlobalDatastore(stack, 'Global', { primary })).toThrow(new Error('invalid RedisGlobalDatastore configuration at TestStack/Global:\n'
      + `  - a Global Datastore needs a node type of the m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn families, large or bigger, got cacheNodeType cache.r7g.${size} on the primary: e.g. CacheNodeType.R7_G_LARGE`));
  });
});

describe('warnings of the rule table: their whole text, and only where they apply', () => {
  const cases = new Map(TOPOLOGY_WARNING_CASES);

  test('durabilityAtCreation names the mode in upper case', () => {
    expect(warningsWithId(cases.get('durabilityAtCreation')!(), 'durabilityAtCreation')).toEqual([
      'durability SYNC: CloudFormation cannot turn durability on or off on an existing group (the update fails), so add it to a group only when the group is created; '
      + 'switching between SYNC and ASYNC later is an in-place update' + ack('durabilityAtCreation'),
    ]);
  });

  test('snapshottingClusterIgnored: the whole message with snapshotRetention 0', () => {
    expect(warningsWithId(cases.get('snapshottingClusterIgnored')!(), 'snapshottingClusterIgnored')).toEqual([
      "snapshottingClusterId 'air-redis-002' has no effect because snapshotRetention is 0 (no automatic snapshots): remove it or keep snapshots for at least a day" + ack('snapshottingClusterIgnored'),
    ]);
  });

  test.each([
    ['snapshotRetention 0 without snapshottingClusterId', { snapshotRetention: Duration.days(0) }],
    ['snapshottingClusterId with snapshots kept a day', { replicationGroupId: 'air-redis', numCacheNodes: 2, snapshottingClusterId: 'air-redis-002', snapshotRetention: Duration.days(1) }],
  ])('snapshottingClusterIgnored is not raised for %s', (_title, props) => {
    expect(warningsWithId(build(props).stack, 'snapshottingClusterIgnored')).toEqual([]);
  });

  test('a fractional snapshotRetention with snapshottingClusterId: the retention error, not a crash computing the warning', () => {
    expect(errorsFor({ replicationGroupId: 'air-redis', numCacheNodes: 2, snapshottingClusterId: 'air-redis-002', snapshotRetention: Duration.hours(12) }, build)).toEqual([
      'snapshotRetention must be a whole number of days from 0 to 35, got 12 hours: e.g. Duration.days(7) (Python: snapshot_retention)',
    ]);
  });

  test('noPasswordBroadAccess: the whole message, the user and its access string named', () => {
    expect(warningsWithId(build(rbacProps([{ userName: 'ops', authenticationType: RedisUserAuthenticationType.NO_PASSWORD }])).stack, 'noPasswordBroadAccess')).toEqual([
      "users 'ops' have authenticationType NO_PASSWORD and an access string that is on for every key ('on ~* +@all -@dangerous'): any client that reaches the port can act as them; "
      + "narrow the key patterns (e.g. '~probe:*') or give them a password" + ack('noPasswordBroadAccess'),
    ]);
  });
});
