/**
 * Survivors of the mutation run over src/validation.ts lines 241-262 (docs/testing.md, "Survivors of the whole-src run"):
 * `userCollisions()`, the rule that rejects two user names mapping to one construct id or to one generated user id
 * (ElastiCache stores user ids in lower case), checked through the construct with RBAC and IAM user groups.
 */
import { Lazy } from 'aws-cdk-lib';
import { EngineVersion, RedisAuthentication, RedisUserProps } from '../src';
import { build, rbacProps } from './util';

const HEADER = 'invalid AirDiscoveryRedis configuration at TestStack/Redis:';
const RENAME = 'rename one of them (user names may differ in more than case and punctuation), or give each an explicit userId (Python: user_name, user_id)';

/** IAM props with these users (in-transit encryption on, Redis OSS 7.1, as IAM needs). */
const iam = (users: RedisUserProps[]) => ({
  transitEncryption: true, engineVersion: EngineVersion.REDIS_7_1, authentication: RedisAuthentication.iam({ users }),
});

/** The construct's whole error message for these props ('' when it builds). */
function errorFor(props: ReturnType<typeof rbacProps>): string {
  try {
    build(props);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('user names that collide', () => {
  test('blank user names are reported as empty only, not as colliding with each other', () => {
    expect(errorFor(rbacProps([{ userName: ' ' }, { userName: '  ', accessString: 'on ~x:* +get' }]))).toBe(
      `${HEADER}\n  - userName must not be empty, got ' ', '  ': name every user (Python: user_name)`,
    );
  });

  test('two users with the same name are reported as duplicates only, not as a construct-id collision', () => {
    expect(errorFor(rbacProps([{ userName: 'app' }, { userName: 'app', accessString: 'on ~x:* +get' }]))).toBe(
      `${HEADER}\n  - authentication user names must be unique, got 'app' more than once: give each user its own userName (Python: user_name)`,
    );
  });

  test('RBAC user names whose generated user ids are equal once lower-cased and punctuation runs turned into one hyphen are rejected', () => {
    expect(errorFor(rbacProps([{ userName: 'x__aB' }, { userName: 'x-ab', accessString: 'on ~x:* +get' }]))).toBe(
      `${HEADER}\n  - userName 'x__aB' and userName 'x-ab' map to the same user id (ElastiCache stores 'x-ab' in lower case): ${RENAME}`,
    );
  });

  test('IAM user names that differ only in the case of an inner letter collide on the lower-cased user id', () => {
    expect(errorFor(iam([{ userName: 'aB' }, { userName: 'ab' }]))).toBe(
      `${HEADER}\n  - userName 'aB' and userName 'ab' map to the same user id (ElastiCache stores 'ab' in lower case): ${RENAME}`,
    );
  });

  test('an IAM user id is the lower-cased user name as is: punctuation is not turned into hyphens', () => {
    expect(errorFor(iam([{ userName: 'x_aB' }, { userName: 'x_ab' }]))).toBe(`${HEADER}\n`
      + "  - userName of an IAM user must start with a letter and contain only letters, digits and hyphens, got 'x_aB', 'x_ab': rename it, e.g. 'air-api' (Python: user_name)\n"
      + `  - userName 'x_aB' and userName 'x_ab' map to the same user id (ElastiCache stores 'x_ab' in lower case): ${RENAME}`);
  });

  test('RBAC users whose names differ only in case build when each has an explicit userId', () => {
    const { template } = build(rbacProps([{ userName: 'aB', userId: 'one' }, { userName: 'ab', userId: 'two', accessString: 'on ~x:* +get' }]));
    const users = Object.values(template.findResources('AWS::ElastiCache::User'))
      .map(r => [r.Properties.UserName, r.Properties.UserId])
      .filter(([name]) => name !== 'default');
    expect(users).toEqual([['aB', 'one'], ['ab', 'two']]);
  });
});

describe('user names given as tokens', () => {
  test("a token user name and the name '0' both map to construct id 'User0': rejected by the rule, not by a CDK id clash", () => {
    const props = rbacProps([{ userName: Lazy.string({ produce: () => 'svc' }), accessString: 'on ~svc:* +get' }, { userName: '0', accessString: 'on ~x:* +get' }]);
    expect(errorFor(props)).toBe(`${HEADER}\n  - userName '(a token: user 1)' and userName '0' map to the same construct id 'User0': ${RENAME}`);
  });

  test('two token user names build: their construct ids follow their places, and their user ids are not compared', () => {
    const props = rbacProps([{ userName: Lazy.string({ produce: () => 'a' }), accessString: 'on ~a:* +get' }, { userName: Lazy.string({ produce: () => 'b' }), accessString: 'on ~b:* +get' }]);
    expect(errorFor(props)).toBe('');
  });
});
