/**
 * Survivors of the mutation runs over src/validation.ts lines 1343-1846 (docs/testing.md, `src/validation.ts`): the
 * rules about the props as given (what Python, Java and plain JavaScript callers can pass that the TypeScript types
 * forbid) and the warnings, each pinned by the whole error list or the whole warning a real synth produces.
 */
import { RedisAuthentication } from '../src';
import { errorsFor } from './error-lines';
import { build } from './util';

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
