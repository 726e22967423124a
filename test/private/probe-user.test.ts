/**
 * The connectivity probe's own Redis user (src/private/probe-user.ts): what `addProbe()` creates on an RBAC or IAM
 * cache, property by property, and when it refuses. The user's id, name, access string and password are what the
 * probe authenticates with: a wrong one is a probe that reports AUTH_FAILED against a healthy cache.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AirDiscoveryRedis, RedisAuthentication } from '../../src';
import { ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS } from '../../src/private/naming';
import { addProbeUser, PROBE_USER_NAME, probeTargetInternals } from '../../src/private/probe-user';
import { ensureProbeBundle } from '../probe/bundle';
import { newStack } from '../util';

beforeAll(() => ensureProbeBundle());

const TLS = { transitEncryption: true };

/** The one resource of `type` whose logical id contains `part`. */
function only(template: Template, type: string, part: string): { id: string; props: any } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.includes(part));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return { id: found[0][0], props: found[0][1].Properties };
}

describe('probeTargetInternals(): only this library\'s caches can add a probe user', () => {
  const add = () => 'probe';
  test.each<[string, object, boolean]>([
    ['both internals', { _addProbeUser: add, _userSecretsUseCustomerKey: false }, true],
    ['both internals, customer key', { _addProbeUser: add, _userSecretsUseCustomerKey: true }, true],
    ['no _addProbeUser', { _userSecretsUseCustomerKey: true }, false],
    ['_addProbeUser not a function', { _addProbeUser: 'probe', _userSecretsUseCustomerKey: true }, false],
    ['no _userSecretsUseCustomerKey', { _addProbeUser: add }, false],
    ['_userSecretsUseCustomerKey not a boolean', { _addProbeUser: add, _userSecretsUseCustomerKey: 'true' }, false],
    ['neither', {}, false],
  ])('%s → %s', (_what, cache, isOne) => {
    expect(probeTargetInternals(cache)).toBe(isOne ? cache : undefined);
  });
});

describe('an RBAC cache: a password user with a generated secret', () => {
  function rbac(withKey: boolean) {
    const { stack, vpc } = newStack();
    const key = withKey ? new kms.Key(stack, 'UserKey') : undefined;
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      ...TLS,
      replicationGroupId: 'air-cache',
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], secretEncryptionKey: key }),
    });
    redis.addProbe('Probe');
    return { stack, key, template: Template.fromStack(stack) };
  }

  test('the secret: description, JSON template with the user name, 64 characters ElastiCache accepts, no KMS key of its own', () => {
    const { template } = rbac(false);
    const secret = only(template, 'AWS::SecretsManager::Secret', 'ProbeUserSecret');
    expect(secret.props).toEqual({
      Description: 'Password of the connectivity probe\'s Redis user of TestStack/Redis',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ username: PROBE_USER_NAME }),
        GenerateStringKey: 'password',
        PasswordLength: 64,
        ExcludeCharacters: ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS,
        IncludeSpace: false,
      },
    });
    expect(PROBE_USER_NAME).toBe('air-discovery-probe');
  });

  test('the secret is encrypted with the user group\'s customer-managed key when one is given', () => {
    const { stack, key, template } = rbac(true);
    const secret = only(template, 'AWS::SecretsManager::Secret', 'ProbeUserSecret');
    expect(secret.props.KmsKeyId).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key!.node.defaultChild as kms.CfnKey), 'Arn'] });
  });

  test('the user: engine redis, id <group id>-probe, the probe\'s name, its access string, the secret\'s password as a dynamic reference', () => {
    const { template } = rbac(false);
    const secret = only(template, 'AWS::SecretsManager::Secret', 'ProbeUserSecret');
    const user = only(template, 'AWS::ElastiCache::User', 'ProbeUser');
    expect(user.props).toEqual({
      Engine: 'redis',
      UserId: 'air-cache-probe',
      UserName: PROBE_USER_NAME,
      AccessString: 'on ~probe:* -@all +ping +set +get +del +info',
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret.id }, ':SecretString:password::}}']] }],
      },
    });
  });

  test('the user group lists the default user and the cache\'s users first, then the probe user', () => {
    const { template } = rbac(false);
    const ids = ['RedisDefaultUser', 'RedisUserApp', 'RedisProbeUser'].map(part => only(template, 'AWS::ElastiCache::User', part).id);
    const group = Object.values(template.findResources('AWS::ElastiCache::UserGroup'));
    expect(group).toHaveLength(1);
    expect(group[0].Properties.UserIds).toEqual(ids.map(id => ({ Ref: id })));
  });

  test('a cache that already has a user named like the probe user: refused, naming the cache, the user and the way out', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc, ...TLS, authentication: RedisAuthentication.rbac({ users: [{ userName: PROBE_USER_NAME }] }),
    });
    expect(() => redis.addProbe('Probe')).toThrow(
      "TestStack/Redis already has a user named 'air-discovery-probe': pass RedisConnectivityProbeOptions.userName to probe as that user");
  });

  test('another user of the cache with another name: accepted', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc, ...TLS, authentication: RedisAuthentication.rbac({ users: [{ userName: 'air-discovery-probe-2' }, { userName: 'app' }] }),
    });
    expect(() => redis.addProbe('Probe')).not.toThrow();
  });
});

describe('an IAM cache: an IAM user whose name is its id, no secret', () => {
  test('the user: Type iam, user name = user id = <group id>-probe; no probe secret', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc, ...TLS, replicationGroupId: 'air-cache', authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }),
    });
    redis.addProbe('Probe');
    const template = Template.fromStack(stack);
    expect(only(template, 'AWS::ElastiCache::User', 'ProbeUser').props).toEqual({
      Engine: 'redis',
      UserId: 'air-cache-probe',
      UserName: 'air-cache-probe',
      AccessString: 'on ~probe:* -@all +ping +set +get +del +info',
      AuthenticationMode: { Type: 'iam' },
    });
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter(id => id.includes('Probe'))).toEqual([]);
  });
});

describe('addProbeUser() itself', () => {
  test('a target without a user group: refused, naming the cache', () => {
    const { stack } = newStack();
    expect(() => addProbeUser(stack, { owner: stack, cacheName: 'c', users: [], iamMode: false, userEngine: 'redis' }, 'on'))
      .toThrow('TestStack has no RBAC/IAM user group');
  });

  test('the user is appended to the target\'s users and returned with its secret', () => {
    const stack = new Stack();
    const group = new elasticache.CfnUserGroup(stack, 'Group', { engine: 'redis', userGroupId: 'g', userIds: ['default-off'] });
    const users: any[] = [];
    const user = addProbeUser(stack, { owner: stack, cacheName: 'c', userGroup: group, users, iamMode: false, userEngine: 'valkey' }, 'on ~p:* +ping');
    expect(users).toEqual([user]);
    expect(user).toMatchObject({ userName: PROBE_USER_NAME, userId: 'c-probe', authenticationType: 'password' });
    expect(user.secret).toBeDefined();
    expect(stack.resolve(group.userIds)).toEqual(['default-off', { Ref: stack.getLogicalId(user.resource) }]);
    expect(user.resource.engine).toBe('valkey');
  });
});
