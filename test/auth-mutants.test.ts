// Kills the StrykerJS survivors of src/auth.ts (issue 18). Every stack is built inside its test():
// test/auth.test.ts builds its rbac()/iam() stacks in describe() bodies, which the mutation run does not credit.
import { Template } from 'aws-cdk-lib/assertions';
import { build, replicationGroupProps } from './util';
import { EngineVersion, RedisAuthentication, RedisUserAuthenticationType } from '../src';
import { elastiCacheId } from '../src/private/naming';

const EXCLUDED = '"%\'()*+,./:;=?@[\\]_`{|}~';
const ACCESS = 'on ~* +@all -@dangerous';

const resolved = (secretLogicalId: string, field: string) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretLogicalId }, `:SecretString:${field}::}}`]],
});

function usersByName(template: Template): Record<string, Record<string, any>> {
  const out: Record<string, Record<string, any>> = {};
  for (const u of Object.values(template.findResources('AWS::ElastiCache::User'))) out[u.Properties.UserName] = u.Properties;
  return out;
}

describe('auth.ts mutants', () => {
  test('generated AUTH token secret is described with the construct path', () => {
    const { template } = build({ transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken() });
    const secrets = Object.values(template.findResources('AWS::SecretsManager::Secret'));
    expect(secrets.length).toBe(1);
    expect(secrets[0].Properties.Description).toBe('Redis AUTH token of TestStack/Redis');
  });

  test('iam(): every user resource, its id, its authentication and the user group, exactly', () => {
    const { template, redis, stack } = build({
      transitEncryption: true,
      engineVersion: EngineVersion.VALKEY_8_0,
      authentication: RedisAuthentication.iam({
        users: [
          { userName: 'air-api', userId: 'ignored-for-iam', accessString: ACCESS },
          { userName: 'app', authenticationType: RedisUserAuthenticationType.PASSWORD },
          { userName: 'fixed', authenticationType: RedisUserAuthenticationType.PASSWORD, userId: 'my-fixed-id' },
          { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' },
        ],
      }),
    });
    const rgId = redis.replicationGroupId;
    const users = usersByName(template);
    expect(Object.keys(users).sort()).toEqual(['air-api', 'app', 'default', 'fixed', 'probe']);
    expect(users.default).toEqual({
      Engine: 'redis', UserId: elastiCacheId(`${rgId}-default`, 40), UserName: 'default', AccessString: 'off -@all', NoPasswordRequired: true,
    });
    expect(users['air-api']).toEqual({
      Engine: 'redis', UserId: 'air-api', UserName: 'air-api', AccessString: ACCESS, AuthenticationMode: { Type: 'iam' },
    });
    const appSecretId = stack.getLogicalId(redis.userSecret('app').node.defaultChild as any);
    expect(users.app).toEqual({
      Engine: 'redis',
      UserId: elastiCacheId(`${rgId}-app`, 40),
      UserName: 'app',
      AccessString: ACCESS,
      AuthenticationMode: { Type: 'password', Passwords: [resolved(appSecretId, 'password')] },
    });
    expect(users.fixed.UserId).toBe('my-fixed-id');
    expect(users.probe).toEqual({
      Engine: 'redis', UserId: elastiCacheId(`${rgId}-probe`, 40), UserName: 'probe', AccessString: 'on ~probe:* +ping', NoPasswordRequired: true,
    });
    const secret = template.findResources('AWS::SecretsManager::Secret')[appSecretId];
    expect(secret.Properties).toEqual({
      Description: 'Password of Redis user app of TestStack/Redis',
      GenerateSecretString: {
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        PasswordLength: 64,
        ExcludeCharacters: EXCLUDED,
        IncludeSpace: false,
      },
    });
    const groups = Object.values(template.findResources('AWS::ElastiCache::UserGroup'));
    expect(groups.length).toBe(1);
    expect(groups[0].Properties.UserGroupId).toBe(elastiCacheId(`${rgId}-users`, 40));
    expect(groups[0].Properties.UserIds.length).toBe(5);
    expect(replicationGroupProps(template).UserGroupIds).toEqual([{ Ref: stack.getLogicalId(redis.userGroup!) }]);
    expect(redis.userNames).toEqual(['default', 'air-api', 'app', 'fixed', 'probe']);
    expect(redis.userResource('default').userName).toBe('default');
  });
});
