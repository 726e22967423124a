/**
 * Survivors of the mutation runs over src/validation.ts lines 1343-1846 (docs/testing.md, `src/validation.ts`): the
 * rules about the props as given (what Python, Java and plain JavaScript callers can pass that the TypeScript types
 * forbid) and the warnings, each pinned by the whole error list or the whole warning a real synth produces.
 */
import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryServerlessRedis, CacheNodeType, ClusterMode, LogFormat, RedisAuthentication, RedisUserAuthenticationType } from '../src';
import { ack, errorsFor, warningIds, warningsWithId } from './error-lines';
import { CLUSTER, placed } from './topology-cases';
import { build, newStack, rbacProps } from './util';

const NO_PASSWORD = RedisUserAuthenticationType.NO_PASSWORD;
const iam = (userNames: string[]) => ({
  transitEncryption: true,
  authentication: RedisAuthentication.iam({ users: userNames.map(userName => ({ userName })) }),
});

const NODE_TYPE_HINT = "use a constant such as CacheNodeType.T4_G_MICRO, or CacheNodeType.of('cache.r7g.large') (Python: cache_node_type)";

describe('values as messages show them (show())', () => {
  test('a number, a boolean, an array, a plain object, an object without a prototype, an object whose JSON is empty, a long object cut at 60 characters', () => {
    expect(errorsFor({ cacheNodeType: 7 as any }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got 7 (number): ${NODE_TYPE_HINT}`]);
    expect(errorsFor({ cacheNodeType: true as any }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got true (boolean): ${NODE_TYPE_HINT}`]);
    expect(errorsFor({ cacheNodeType: ['cache.t3.micro'] as any }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got an array of 1: ${NODE_TYPE_HINT}`]);
    expect(errorsFor({ cacheNodeType: { name: 'cache.t3.micro' } as any }, build)).toEqual([
      `cacheNodeType must be a CacheNodeType, got an object {"name":"cache.t3.micro"}: ${NODE_TYPE_HINT}`,
    ]);
    expect(errorsFor({ cacheNodeType: Object.create(null) }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got an object {}: ${NODE_TYPE_HINT}`]);
    expect(errorsFor({ cacheNodeType: { toJSON: () => undefined } as any }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got an object : ${NODE_TYPE_HINT}`]);
    const long = { name: 'cache.r7g.large', description: 'the node type of the production cache of AirDiscovery' };
    expect(errorsFor({ cacheNodeType: long as any }, build)).toEqual([
      `cacheNodeType must be a CacheNodeType, got an object {"name":"cache.r7g.large","description":"the node type of th: ${NODE_TYPE_HINT}`,
    ]);
  });

  test('a value of another class is named by its class', () => {
    expect(errorsFor({ cacheNodeType: new Date(0) as any }, build)).toEqual([`cacheNodeType must be a CacheNodeType, got a Date: ${NODE_TYPE_HINT}`]);
  });

  test('a number outside an enum-like: the allowed numbers listed unquoted, separated by commas', () => {
    expect(errorsFor({ slowLogDelivery: true, logRetention: 45 as any }, build)).toEqual([
      'logRetention must be one of logs.RetentionDays.ONE_MONTH, ... (CloudWatch Logs retention periods) (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, '
      + '400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, 9999), got 45 (number): use one of them (Python: log_retention)',
    ]);
  });
});

describe('props of the wrong type, two at a time: both named, the plural form, the values separated by commas', () => {
  test.each([
    ['numbers', { numCacheNodes: '2' as any, port: NaN },
      "numCacheNodes, port must be finite numbers, got numCacheNodes '2', port NaN (number): pass a number, e.g. 6380 (Python: num_cache_nodes)"],
    ['booleans', { multiAz: 'yes' as any, dataTiering: 0 as any },
      "multiAz, dataTiering must be true or false, got multiAz 'yes', dataTiering 0 (number): pass a boolean (Python True/False) (Python: multi_az, data_tiering)"],
    ['strings', { snapshotWindow: 2 as any, description: null as any },
      "snapshotWindow, description must be strings, got snapshotWindow 2 (number), description null: pass text, e.g. '02:00-03:00' (Python: snapshot_window)"],
    ['durations', { snapshotRetention: 7 as any, cpuAlarmDuration: 5 as any },
      'snapshotRetention, cpuAlarmDuration must be Durations, got snapshotRetention 7 (number), cpuAlarmDuration 5 (number): use e.g. Duration.days(7) or Duration.minutes(5) (Python: snapshot_retention, cpu_alarm_duration)'],
    ['lists', { allowedPeers: true as any, snapshotArns: 'arn' as any },
      "allowedPeers, snapshotArns must be lists, got allowedPeers true (boolean), snapshotArns 'arn': wrap the value in a list, e.g. [value] (Python: allowed_peers, snapshot_arns)"],
  ])('%s', (_kind, props, message) => {
    expect(errorsFor(props, build)).toEqual([message]);
  });
});

describe('a wrong value beside a right one of the same kind: only the wrong one is named', () => {
  test.each([
    ['booleans', { multiAz: 'yes' as any, outputs: false }, "multiAz must be true or false, got multiAz 'yes': pass a boolean (Python True/False) (Python: multi_az)"],
    ['numbers', { port: '6380' as any, numCacheNodes: 2 }, "port must be a finite number, got port '6380': pass a number, e.g. 6380"],
    ['strings', { description: 5 as any, snapshotWindow: '02:00-03:00' }, "description must be a string, got description 5 (number): pass text, e.g. '02:00-03:00'"],
  ])('%s', (_kind, props, message) => {
    expect(errorsFor(props, build)).toEqual([message]);
  });
});

describe('inputs from every language: the whole message', () => {
  test('parameters given as a string (a parameter name without its value) or as null: not a map', () => {
    expect(errorsFor({ parameters: 'maxmemory-policy' as any }, build)).toEqual([
      "parameters must be a map of parameter names to values, got 'maxmemory-policy': e.g. { 'maxmemory-policy': 'allkeys-lru' }",
    ]);
    expect(errorsFor({ parameters: null as any }, build)).toEqual([
      "parameters must be a map of parameter names to values, got null: e.g. { 'maxmemory-policy': 'allkeys-lru' }",
    ]);
  });

  test("two users whose userName is not a string: both values named, separated by ', '", () => {
    const users = [{ userName: 1 as any }, { userName: undefined as any }];
    expect(errorsFor({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users }) }, build)).toEqual([
      "userName must be a string, got 1 (number), undefined: name every user, e.g. { userName: 'app' } (Python: user_name)",
    ]);
  });

  test("two users with authentication types that do not exist: both named, separated by ', '", () => {
    const users = [{ userName: 'a', authenticationType: 'token' as any }, { userName: 'b', authenticationType: 'pw' as any }];
    expect(errorsFor({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users }) }, build)).toEqual([
      "authenticationType must be one of RedisUserAuthenticationType.PASSWORD, NO_PASSWORD, IAM ('password', 'no-password-required', 'iam'), "
      + "got 'token' for user 'a', 'pw' for user 'b': use one of them (Python: authentication_type)",
    ]);
  });
});

describe('warnings of the rule table: raised where they apply, and only there (lines 1577-1650: their helpers)', () => {
  test.each<[string, () => { stack: Stack }, string[]]>([
    // everyKey(): the three spellings of "every key"
    ["a no-password user on 'allkeys'", () => build(rbacProps([{ userName: 'ops', authenticationType: NO_PASSWORD, accessString: 'on allkeys +@all' }])),
      ['authReplacement', 'noPasswordBroadAccess', 'noPreset']],
    ["a no-password user on '%rw~*'", () => build(rbacProps([{ userName: 'ops', authenticationType: NO_PASSWORD, accessString: 'on %rw~* +@all' }])),
      ['authReplacement', 'noPasswordBroadAccess', 'noPreset']],
    // usersWithoutOnOff(): 'off' counts, a token access string is not judged
    ["an access string that starts with 'off'", () => build(rbacProps([{ userName: 'app', accessString: 'off ~* +@all' }])), ['authReplacement', 'noPreset']],
    ['an access string that is a token', () => build(rbacProps([{ userName: 'app', accessString: Lazy.string({ produce: () => '~* +@all' }) }])), ['authReplacement', 'noPreset']],
    ["an access string with neither 'on' nor 'off'", () => build(rbacProps([{ userName: 'app', accessString: '~* +@all' }])), ['accessStringWithoutOn', 'authReplacement', 'noPreset']],
    // upperCaseIamNames(): IAM users only, names known at synth, upper case only
    ['an IAM user in lower case', () => build(iam(['app'])), ['authReplacement', 'noPreset']],
    ['a password user with an upper-case name (not IAM)', () => build(rbacProps([{ userName: 'App' }])), ['authReplacement', 'noPreset']],
    ['an IAM user whose name is a token', () => build({ transitEncryption: true, authentication: RedisAuthentication.iam({ users: [{ userName: Lazy.string({ produce: () => 'App' }) }] }) }),
      ['authReplacement', 'noPreset']],
    // atCreationParameters(): only the parameters ElastiCache applies at creation, not cluster-enabled
    ['a parameter that applies at once (maxmemory-policy)', () => build({ parameters: { 'maxmemory-policy': 'allkeys-lru' } }), ['noPreset']],
    ["cluster-enabled 'yes' with cluster mode (the construct sets it at creation itself)", () => build({ ...CLUSTER, parameters: { 'cluster-enabled': 'yes' } }),
      ['noPreset', 'replicasPerShardFixed']],
    // ignoredLogOptions(): either delivery uses the log options
    ['logRetention with slow-log delivery', () => build({ slowLogDelivery: true, logRetention: 30 }), ['noPreset']],
    ['logRetention with engine-log delivery', () => build({ engineLogDelivery: true, logRetention: 30 }), ['noPreset']],
    // renumberedShards(): only when every id is known, and 1-digit ids are ElastiCache's numbering too
    ['nodeGroupIds 1 and 2 (the default numbering without leading zeros)', () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: '1' }, { nodeGroupId: '2' }] }),
      ['noPreset', 'replicasPerShardFixed']],
    ['a nodeGroupId beside a shard without one', () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: '0002' }, {}] }), ['noPreset', 'replicasPerShardFixed']],
    ['a nodeGroupId that is a token', () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: Lazy.string({ produce: () => '0002' }) }, { nodeGroupId: '0001' }] }),
      ['noPreset', 'replicasPerShardFixed']],
    // placed(): each of the three shard placements fixes the placement; node group ids alone do not
    ['a primary AZ for one shard', () => placed({ ...CLUSTER, shardConfigurations: [{ primaryAvailabilityZone: 'us-east-1a' }, {}] }),
      ['noPreset', 'placementFixed', 'replicasPerShardFixed']],
    ['replica AZs for one shard', () => placed({ ...CLUSTER, shardConfigurations: [{}, { replicaAvailabilityZones: ['us-east-1b'] }] }),
      ['noPreset', 'placementFixed', 'replicasPerShardFixed']],
    ['slots', () => placed({ ...CLUSTER, shardConfigurations: [{ slots: '0-8191' }, { slots: '8192-16383' }] }), ['noPreset', 'placementFixed', 'replicasPerShardFixed']],
    ['node group ids in the default numbering only', () => placed({ ...CLUSTER, shardConfigurations: [{ nodeGroupId: '0001' }, { nodeGroupId: '0002' }] }),
      ['noPreset', 'replicasPerShardFixed']],
    // lines 1751-1790: publicSubnets only over public subnets; snapshotWindowIgnored only with a window and retention 0
    ['allowPublicSubnets over the default private subnets', () => build({ allowPublicSubnets: true }), ['noPreset']],
    ['a snapshotWindow with snapshots kept a day', () => build({ snapshotWindow: '04:00-05:00', snapshotRetention: Duration.days(1) }), ['noPreset']],
    ['snapshotRetention 0 without a snapshotWindow', () => build({ snapshotRetention: Duration.days(0) }), ['noPreset']],
  ])('%s', (_title, make, ids) => {
    expect(warningIds(make().stack)).toEqual(ids);
  });

  test('iamUserNameCase names only the IAM users with upper-case letters', () => {
    expect(warningsWithId(build(iam(['App', 'ops'])).stack, 'iamUserNameCase')).toEqual([
      "IAM user names 'App' contain upper-case letters: ElastiCache stores user ids in lower case and an IAM user's id must equal its name, "
      + "so IAM authentication may fail; use lower case, e.g. 'app' [ack: @air-discovery/cdk-redis:iamUserNameCase]",
    ]);
  });

  test('logOptionsIgnored names only the log options that are set, in the singular for one and the plural for two', () => {
    expect(warningsWithId(build({ logRetention: 30 }).stack, 'logOptionsIgnored')).toEqual([
      'logRetention has no effect without log delivery: set slowLogDelivery or engineLogDelivery to true, or remove it [ack: @air-discovery/cdk-redis:logOptionsIgnored]',
    ]);
    expect(warningsWithId(build({ logRetention: 30, logFormat: LogFormat.TEXT }).stack, 'logOptionsIgnored')).toEqual([
      'logRetention, logFormat have no effect without log delivery: set slowLogDelivery or engineLogDelivery to true, or remove them [ack: @air-discovery/cdk-redis:logOptionsIgnored]',
    ]);
  });
});

describe('warnings of the rule table: their whole text (lines 1701-1790)', () => {
  test.each<[string, () => { stack: Stack }, string]>([
    ['defaultUserEnabled', () => build({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], defaultUserAccessString: 'on ~cache:* +@read' }) }),
      "defaultUserAccessString 'on ~cache:* +@read' switches the default user on: clients that do not authenticate get these rights; keep 'off -@all' unless that is intended"],
    ['accessStringWithoutOn', () => build(rbacProps([{ userName: 'app', accessString: '~* +@all' }, { userName: 'ops', accessString: '~ops:* +@all' }])),
      "the access strings of users 'app', 'ops' have neither 'on' nor 'off', so ElastiCache switches them off and they cannot log in: start them with 'on' (or 'off' if that is intended)"],
    ['identifierCase', () => build({ replicationGroupId: 'Air-Redis' }),
      "replicationGroupId 'Air-Redis' has upper-case letters: ElastiCache stores it as 'air-redis', so the grantConnect ARNs, the alarms' CacheClusterId dimensions and the outputs "
      + "built from it would not match; use 'air-redis'"],
    ['nodeQuota', () => build({ clusterMode: ClusterMode.ENABLED, numShards: 46, replicasPerShard: 1 }),
      'the cluster has 92 nodes, more than the default quota of 90 nodes per cluster: request an increase of "Nodes per cluster per instance type" in Service Quotas '
      + 'before deploying, and check the subnets have enough free IP addresses'],
    ['previousGenerationNodeType', () => build({ cacheNodeType: CacheNodeType.of('cache.m3.medium') }),
      'cacheNodeType cache.m3.medium is a previous-generation node type: existing groups keep running, but ElastiCache does not create new clusters on it; '
      + 'use a current node type such as cache.t4g.micro or cache.r7g.large'],
    ['unlistedNodeType', () => build({ cacheNodeType: CacheNodeType.unlisted('cache.r9g.large') }),
      "cacheNodeType cache.r9g.large is not in this library's node-type table (CacheNodeType.unlisted): it is passed to ElastiCache unchecked, so a typo fails only at deploy, "
      + 'and the CPU alarm watches EngineCPUUtilization because the vCPU count is unknown; check the name against the ElastiCache "Supported node types" page'],
    // lines 1751-1790
    ['publicSubnets', () => build({ allowPublicSubnets: true, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      "the subnet group uses public subnets 'TestStack/Vpc/PublicSubnet1', 'TestStack/Vpc/PublicSubnet2' (allowPublicSubnets): they route to an internet gateway, "
      + 'so the security group is the only control between the cache and the internet; keep its ingress to known peers'],
    ['uncheckedParameters', () => build({ parameters: { 'lazyfree-lazy-user-flush': 'yes' }, uncheckedParameters: ['lazyfree-lazy-user-flush'] }),
      "parameters 'lazyfree-lazy-user-flush' are passed to ElastiCache unchecked (uncheckedParameters): a wrong name or value fails only at deploy; "
      + 'remove them from uncheckedParameters once this library knows them'],
    ['parameterAtCreation', () => build({ parameters: { databases: '32' } }),
      "parameters 'databases' take effect only when the group is created: changing it on a deployed group does not change the running nodes; set it before the first deploy"],
    ['parameterAtCreation', () => build({ parameters: { databases: '32', activerehashing: 'no' } }),
      "parameters 'databases', 'activerehashing' take effect only when the group is created: changing them on a deployed group does not change the running nodes; "
      + 'set them before the first deploy'],
    ['snapshotWindowIgnored', () => build({ snapshotWindow: '04:00-05:00', snapshotRetention: Duration.days(0) }),
      "snapshotWindow '04:00-05:00' has no effect because snapshotRetention is 0 (no automatic snapshots): remove snapshotWindow or keep snapshots for at least a day"],
  ])('%s', (id, make, message) => {
    expect(warningsWithId(make().stack, id)).toEqual([message + ack(id)]);
  });

  test('identifierCase is not raised for a replicationGroupId in lower case', () => {
    expect(warningsWithId(build({ replicationGroupId: 'air-redis' }).stack, 'identifierCase')).toEqual([]);
  });
});

describe('found while triaging lines 1343-1846: inputs that crashed the construct with a TypeError instead of an error naming them', () => {
  test('a null user: an error naming it, not a TypeError', () => {
    const users = [null as any, { userName: 'app' }];
    const message = "userName must be a string, got null in place of a user: name every user, e.g. { userName: 'app' } (Python: user_name)";
    expect(errorsFor({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users }) }, build)).toEqual([message]);
    expect(errorsFor({ transitEncryption: true, authentication: RedisAuthentication.iam({ users: [null as any] }) }, build)).toEqual([message]);
    // the serverless cache shares these input rules
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, authentication: RedisAuthentication.rbac({ users }) }))
      .toThrow(new Error(`invalid AirDiscoveryServerlessRedis configuration at TestStack/Cache:\n  - ${message}`));
  });

  test('an object JSON cannot write (a cycle, a BigInt): shown as such, not a TypeError', () => {
    const cycle: any = { name: 'cache.r7g.large' };
    cycle.self = cycle;
    for (const value of [cycle, { size: BigInt(1) }]) {
      expect(errorsFor({ cacheNodeType: value }, build)).toEqual([
        `cacheNodeType must be a CacheNodeType, got an object (that JSON cannot write: a cycle or a BigInt): ${NODE_TYPE_HINT}`,
      ]);
    }
  });
});
