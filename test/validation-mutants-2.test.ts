/**
 * Survivors of the mutation run over src/validation.ts lines 129-414 (docs/testing.md, "Survivors of the whole-src
 * run"): the helpers the rules call, checked through the construct's own error messages.
 */
import { CfnParameter, Duration, Fn, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheEngine, CacheNodeType, ClusterMode, EngineVersion, RedisAuthentication, RedisPreset,
  RedisUserAuthenticationType,
} from '../src';
import { newStack, replicationGroupProps } from './util';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

/** The construct's error lines ('  - ' items) for these props, built in a fresh stack ([] when it builds). */
function errorsFor(props: Props | ((stack: Stack) => Props)): string[] {
  const { stack, vpc } = newStack();
  try {
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...(typeof props === 'function' ? props(stack) : props) });
    return [];
  } catch (e) {
    const lines = (e as Error).message.split('\n');
    expect(lines[0]).toBe('invalid AirDiscoveryRedis configuration at TestStack/Redis:');
    return lines.slice(1).map(l => l.replace(/^ {2}- /, ''));
  }
}

const PLAIN_TEXT_TOKEN = 'authTokenFromSecretValue got a SecretValue that resolves to plain text, which would be written into the template: '
  + 'use SecretValue.secretsManager(...), SecretValue.ssmSecure(...), a NoEcho CfnParameter, or RedisAuthentication.generatedAuthToken()';
const tokenFrom = (value: SecretValue): Props => ({ transitEncryption: true, authentication: RedisAuthentication.authTokenFromSecretValue(value) });

describe('an AUTH token SecretValue: a dynamic reference, a NoEcho parameter, or rejected as plain text', () => {
  test('a Secrets Manager reference whose secret name is a parameter (a Fn::Join) is accepted and reaches the template as that join', () => {
    const { stack, vpc } = newStack();
    const name = new CfnParameter(stack, 'SecretName', { type: 'String' });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...tokenFrom(SecretValue.secretsManager(name.valueAsString, { jsonField: 'token' })) });
    expect(replicationGroupProps(Template.fromStack(stack)).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'SecretName' }, ':SecretString:token::}}']],
    });
  });

  test('plain text joined with a parameter (a Fn::Join that spells no dynamic reference) is rejected', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(`token-${new CfnParameter(stack, 'Suffix', { type: 'String' }).valueAsString}`))))
      .toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a Ref to a parameter without NoEcho is rejected as plain text', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(new CfnParameter(stack, 'Token', { type: 'String' }).valueAsString))))
      .toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a Ref to a NoEcho parameter is accepted', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.cfnParameter(new CfnParameter(stack, 'Token', { type: 'String', noEcho: true })))))
      .toEqual([]);
  });

  test('an object with a Ref to a NoEcho parameter and another key is no Ref: rejected', () => {
    expect(errorsFor(stack => {
      new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });
      return tokenFrom(new SecretValue({ Ref: 'Token', Extra: 'x' }));
    })).toEqual([PLAIN_TEXT_TOKEN]);
  });

  test.each([
    ['a number', 1234567890123456],
    ['null', null],
    ['undefined', undefined],
  ])('a SecretValue that resolves to %s is rejected as plain text (not a reference, and no crash)', (_what, value) => {
    expect(errorsFor(tokenFrom(new SecretValue(value)))).toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a reference whose whole secret id is a token (`{{resolve:secretsmanager:<param>}}`) is accepted', () => {
    const { stack, vpc } = newStack();
    const name = new CfnParameter(stack, 'SecretName', { type: 'String' });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...tokenFrom(SecretValue.unsafePlainText(`{{resolve:secretsmanager:${name.valueAsString}}}`)) });
    expect(replicationGroupProps(Template.fromStack(stack)).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'SecretName' }, '}}']],
    });
  });
});

const REDIS = (version: string) => EngineVersion.of(CacheEngine.REDIS, version);
const VALKEY = (version: string) => EngineVersion.of(CacheEngine.VALKEY, version);
const formatError = (engine: 'Valkey' | 'Redis', version: string) => engine === 'Valkey'
  ? `engineVersion must be 'major.minor' for Valkey, got '${version}': e.g. EngineVersion.of(CacheEngine.VALKEY, '8.2') (Python: engine_version)`
  : `engineVersion must be 'major.minor' for Redis OSS 6 and later (or 6.x), major.minor.patch before 6, got '${version}': e.g. EngineVersion.of(CacheEngine.REDIS, '7.1') (Python: engine_version)`;

describe('the engine version format: Valkey major.minor; Redis OSS major.minor.patch before 6, major.minor (or 6.x) from 6', () => {
  test.each([
    ['6.x', 'the 6.x alias is Redis OSS only'],
    ['v8.0', 'text before the version'],
    ['8.0.1', 'a patch level'],
  ])('Valkey %s is not a Valkey version string (%s): the format error only', version => {
    expect(errorsFor({ engineVersion: VALKEY(version) })).toEqual([formatError('Valkey', version)]);
  });

  test('Valkey 8.10 (a two-digit minor) has the Valkey format and is accepted', () => {
    expect(errorsFor({ engineVersion: VALKEY('8.10') })).toEqual([]);
  });

  test.each([
    ['v5.0.6', 'text before a pre-6 version'],
    ['5.0.6.1', 'text after a pre-6 version'],
    ['x6.x', 'text before the 6.x alias'],
    ['6.x1', 'text after the 6.x alias'],
    ['v7.1', 'text before a 6-and-later version'],
  ])('Redis OSS %s is not a version string (%s): the format error only', version => {
    expect(errorsFor({ engineVersion: REDIS(version) })).toEqual([formatError('Redis', version)]);
  });

  test.each([
    ['4.10.0', 'a two-digit minor before 6'],
    ['7.10', 'a two-digit minor from 6'],
  ])('Redis OSS %s has a valid format (%s): only "not offered"', version => {
    expect(errorsFor({ engineVersion: REDIS(version) })).toEqual([`engineVersion redis ${version} is not offered by ElastiCache, which has Redis OSS `
      + '4.0.10, 5.0.6, 6.0, 6.x, 6.2, 7.0, 7.1: use one of those, e.g. EngineVersion.REDIS_7_1, or Valkey (Python: engine_version)']);
  });

  test.each([
    ['10.0', 'a two-digit major'],
    ['100.0', 'a three-digit major'],
    ['10.10', 'two-digit major and minor'],
  ])('Redis OSS %s has a valid format (%s) and, newer than this library, is accepted', version => {
    expect(errorsFor({ engineVersion: REDIS(version) })).toEqual([]);
  });
});

describe('parameters: names and values the rules judge', () => {
  test('a parameter whose value is a token is not judged (its value is known at deploy only)', () => {
    expect(errorsFor(stack => ({ parameters: { 'maxmemory-policy': new CfnParameter(stack, 'Policy', { type: 'String' }).valueAsString } }))).toEqual([]);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
  ])('a parameter whose value is %s (from JavaScript or Python) is left out, not judged as text', (_what, value) => {
    const { stack, vpc } = newStack();
    new AirDiscoveryRedis(stack, 'Redis', { vpc, parameters: { 'maxmemory-policy': value as unknown as string, 'timeout': '300' } });
    expect(Template.fromStack(stack).findResources('AWS::ElastiCache::ParameterGroup')).not.toEqual({});
  });

  test('an empty parameter name gets the empty-name error only, not also "not a parameter"', () => {
    expect(errorsFor({ parameters: { '': 'x' } }))
      .toEqual(["parameters must not have an empty name, got '' (with value 'x'): remove it or name the parameter, e.g. 'maxmemory-policy'"]);
  });

  test('a blank parameter name (a space) gets the empty-name error only', () => {
    expect(errorsFor({ parameters: { ' ': 'x' } }))
      .toEqual(["parameters must not have an empty name, got ' ' (with value 'x'): remove it or name the parameter, e.g. 'maxmemory-policy'"]);
  });

  test('an enumeration value with no close match gets no "did you mean"', () => {
    expect(errorsFor({ parameters: { 'maxmemory-policy': 'qqqqqqqqqqqqqqqqqqqq' } })).toEqual([
      "parameters 'maxmemory-policy' must be one of 'volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction', got 'qqqqqqqqqqqqqqqqqqqq': fix the value",
    ]);
  });

  test('a whole-number parameter given a word gets no yes/no hint', () => {
    expect(errorsFor({ parameters: { timeout: 'abc' } })).toEqual(["parameters 'timeout' must be a whole number of at least 0, got 'abc': fix the value"]);
  });

  test("a whole-number parameter given 'true' gets no yes/no hint", () => {
    expect(errorsFor({ parameters: { timeout: 'true' } })).toEqual(["parameters 'timeout' must be a whole number of at least 0, got 'true': fix the value"]);
  });

  test('a yes/no parameter given a word that is not a boolean gets no hint', () => {
    expect(errorsFor({ parameters: { activedefrag: 'maybe' } })).toEqual(["parameters 'activedefrag' must be 'yes' or 'no', got 'maybe': fix the value"]);
  });

  test.each([
    ['true', 'yes'], ['on', 'yes'], ['1', 'yes'], ['TRUE', 'yes'],
    ['false', 'no'], ['off', 'no'], ['0', 'no'],
  ])("a yes/no parameter given '%s' is told to write '%s'", (value, word) => {
    expect(errorsFor({ parameters: { activedefrag: value } })).toEqual([`parameters 'activedefrag' must be 'yes' or 'no', got '${value}' (write '${word}'): fix the value`]);
  });

  test('data tiering reads the maxmemory-policy parameter, not the first parameter given', () => {
    expect(errorsFor({
      cacheNodeType: CacheNodeType.R6_GD_XLARGE, dataTiering: true, parameters: { 'maxmemory-samples': '5', 'maxmemory-policy': 'allkeys-lru' },
    })).toEqual([]);
  });
});

const ROTATION_1H = 'rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1 hour: e.g. Duration.days(30) (the default), '
  + 'or turn rotation off (Python: rotation_schedule)';

describe('authentication helpers: IAM users, user ids, access strings, what rotation rotates', () => {
  test('RBAC password users on Redis OSS 6.2 are accepted (only IAM users need 7.0)', () => {
    expect(errorsFor({
      transitEncryption: true,
      engineVersion: REDIS('6.2'),
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app', accessString: 'on ~app:* +@read' }] }),
    })).toEqual([]);
  });

  test('a DEV group with a generated token does not rotate it, so its rotationSchedule is not judged', () => {
    const props = { transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken(), rotationSchedule: Duration.hours(1) };
    expect(errorsFor(props)).toEqual([]);
  });

  test("a PROD group with the user's own token secret rotates nothing, so its rotationSchedule is not judged", () => {
    expect(errorsFor(stack => ({
      preset: RedisPreset.PROD,
      rotationSchedule: Duration.hours(1),
      authentication: RedisAuthentication.authTokenFromSecret(new secretsmanager.Secret(stack, 'Token', { generateSecretString: { excludePunctuation: true } })),
    }))).toEqual([]);
  });

  test('a PROD group with a token given as a SecretValue rotates nothing, so its rotationSchedule is not judged', () => {
    expect(errorsFor({
      preset: RedisPreset.PROD,
      rotationSchedule: Duration.hours(1),
      authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('air/redis')),
    })).toEqual([]);
  });

  test('a PROD group with one password user among passwordless ones rotates it, so a 1-hour rotationSchedule is rejected', () => {
    expect(errorsFor({
      preset: RedisPreset.PROD,
      rotationSchedule: Duration.hours(1),
      authentication: RedisAuthentication.rbac({
        users: [
          { userName: 'app', accessString: 'on ~app:* +@read' },
          { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' },
        ],
      }),
    })).toEqual([ROTATION_1H]);
  });

  test('a rotationSchedule of 36 hours (whole hours, not whole days) is accepted', () => {
    const generated = { preset: RedisPreset.PROD, authentication: RedisAuthentication.generatedAuthToken() };
    expect(errorsFor({ ...generated, rotationSchedule: Duration.hours(36) })).toEqual([]);
    expect(errorsFor({ ...generated, rotationSchedule: Duration.hours(1) })).toEqual([ROTATION_1H]);
  });

  test("an IAM user's userId is ignored (its id is its user name), so a userId ElastiCache would refuse is not judged", () => {
    const { stack, vpc } = newStack();
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      transitEncryption: true,
      engineVersion: EngineVersion.REDIS_7_1,
      authentication: RedisAuthentication.iam({ users: [{ userName: 'app', userId: 'bad_id', accessString: 'on ~app:* +@read' }] }),
    });
    const users = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::User', { Properties: { UserName: 'app' } }));
    expect(users.map(u => u.Properties.UserId)).toEqual(['app']);
  });

  test('a password user whose name is no valid id (an underscore) is accepted: its id is derived, not its name', () => {
    expect(errorsFor({
      transitEncryption: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app_user', accessString: 'on ~app:* +@read' }] }),
    })).toEqual([]);
  });

  test('an access string given as a token is not judged (known at deploy only)', () => {
    expect(errorsFor(stack => ({
      transitEncryption: true,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app', accessString: new CfnParameter(stack, 'Access', { type: 'String' }).valueAsString }] }),
    }))).toEqual([]);
  });
});

/** A cluster-mode group of two shards (one replica each) with these slots. */
const twoShards = (first: string, second: string): Props => ({
  clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1, shardConfigurations: [{ slots: first }, { slots: second }],
});
const badSlots = (slots: string) => `slots must be start-end ranges within 0-16383 (comma-separated), got '${slots}': e.g. '0-5460'`;
const gaps = (list: string) => `the shards' slots must cover 0-16383, got no shard for ${list}: extend the ranges, or leave slots out for an even split`;

describe('shard slots: parsing, overlaps between shards, gaps', () => {
  test('ranges separated by a comma and a space are read (each part trimmed)', () => {
    expect(errorsFor(twoShards('0-100, 200-8191', '101-199 , 8192-16383'))).toEqual([]);
  });

  test.each([['a0-8191'], ['0-8191a']])('a part with text around the range (%s) is not a range', slots => {
    expect(errorsFor(twoShards(slots, '8192-16383'))).toEqual([badSlots(slots)]);
  });

  test('one shard naming a slot twice is no overlap between shards', () => {
    expect(errorsFor(twoShards('0-100,50-8191', '8192-16383'))).toEqual([]);
  });

  test('overlapping shards get the overlap error only, not also the gaps the overlap leaves', () => {
    expect(errorsFor(twoShards('0-8192', '8192-16000')))
      .toEqual(['each hash slot belongs to one shard, got slots 8192 in more than one shard: make the ranges disjoint']);
  });

  test('a gap of the last slot alone (16383) is found and written as one slot', () => {
    expect(errorsFor(twoShards('0-8191', '8192-16382'))).toEqual([gaps('16383')]);
  });

  test('gaps of one slot and of several slots are written as a slot and as a range', () => {
    expect(errorsFor(twoShards('1-8191', '8193-16000'))).toEqual([gaps('0, 8192, 16001-16383')]);
  });
});

describe('an AUTH token joined with a separator (a Fn::Join whose separator is not empty)', () => {
  test('is accepted when its parts and separator spell a dynamic reference', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(Fn.join('-', [
      '{{resolve:secretsmanager:air', new CfnParameter(stack, 'Stage', { type: 'String' }).valueAsString, 'redis:SecretString:token::}}',
    ]))))).toEqual([]);
  });

  test('is rejected when it spells plain text', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(Fn.join('-', [
      'token', new CfnParameter(stack, 'Stage', { type: 'String' }).valueAsString, '{{resolve:secretsmanager:air:SecretString:token::}}',
    ]))))).toEqual([PLAIN_TEXT_TOKEN]);
  });
});
