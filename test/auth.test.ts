import { App, CfnParameter, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { build, newStack, replicationGroupProps } from './util';
import {
  AirDiscoveryRedis, AuthenticationMode, EngineVersion, RedisAuthentication, RedisPreset, RedisUserAuthenticationType,
} from '../src';

const TLS = { transitEncryption: true };

describe('RedisAuthentication.none()', () => {
  test('no token, no users', () => {
    const { template } = build({ preset: RedisPreset.PROD, authentication: RedisAuthentication.none() });
    const props = replicationGroupProps(template);
    expect(props.AuthToken).toBeUndefined();
    expect(props.UserGroupIds).toBeUndefined();
    template.resourceCountIs('AWS::ElastiCache::User', 0);
  });
});

describe('generatedAuthToken()', () => {
  test('a Secrets Manager secret with ElastiCache rules, passed as a dynamic reference', () => {
    const { template, stack, redis } = build({ ...TLS, authentication: RedisAuthentication.generatedAuthToken({ length: 32 }) });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 32, ExcludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', IncludeSpace: false },
      SecretString: Match.absent(),
    });
    const secretId = stack.getLogicalId(redis.authSecret!.node.defaultChild as any);
    expect(replicationGroupProps(template).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
    });
  });

  test('every character the generator may use is one ElastiCache accepts', () => {
    const excluded = '"%\'()*+,./:;=?@[\\]_`{|}~';
    const allowedSpecials = '!&#$^<>-';
    for (let code = 33; code < 127; code++) {
      const ch = String.fromCharCode(code);
      if (/[A-Za-z0-9]/.test(ch)) continue;
      expect({ ch, usable: !excluded.includes(ch) }).toEqual({ ch, usable: allowedSpecials.includes(ch) });
    }
  });

  test('customer-managed key and name', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'Key');
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.generatedAuthToken({ encryptionKey: key, secretName: 'air-discovery/redis-auth' }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'air-discovery/redis-auth',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
  });
});

describe('authTokenFromSecretValue()', () => {
  test('a Secrets Manager reference is accepted', () => {
    const { template } = build({ ...TLS, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('air/redis', { jsonField: 'token' })) });
    expect(replicationGroupProps(template).AuthToken).toBe('{{resolve:secretsmanager:air/redis:SecretString:token::}}');
  });

  test('a NoEcho CloudFormation parameter is accepted', () => {
    const { stack, vpc } = newStack();
    const param = new CfnParameter(stack, 'RedisToken', { noEcho: true });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...TLS, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.cfnParameter(param)) });
    expect(replicationGroupProps(Template.fromStack(stack)).AuthToken).toEqual({ Ref: 'RedisToken' });
  });

  test('works with @aws-cdk/core:checkSecretUsage on', () => {
    const app = new App({ context: { '@aws-cdk/core:checkSecretUsage': true } });
    const stack = new Stack(app, 'Checked');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD });
    expect(JSON.stringify(replicationGroupProps(Template.fromStack(stack)).AuthToken)).toContain('{{resolve:secretsmanager:');
  });

  test('plain text is rejected before it reaches a template', () => {
    expect(() => build({ ...TLS, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText('s3cr3t-t0ken-value-123')) }))
      .toThrow(/authTokenFromSecretValue got a SecretValue that resolves to plain text/);
  });
});

const rbacProps = () => ({
  ...TLS,
  authentication: RedisAuthentication.rbac({
    users: [
      { userName: 'app', accessString: 'on ~socket:* ~cache:* +@read +@write' },
      { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping +get +set +del +info' },
    ],
  }),
});

describe('rbac()', () => {
  // each test builds its own stack: Stryker credits a mutant to the tests that run it, never to a describe() body

  test('a disabled default user, password users with Secrets Manager passwords, a user group', () => {
    const { template, redis, stack } = build(rbacProps());
    template.resourceCountIs('AWS::ElastiCache::User', 3);
    template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'default', AccessString: 'off -@all', NoPasswordRequired: true, Engine: 'redis',
    });
    const appUser = template.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'app' } });
    const [app] = Object.values(appUser);
    expect(app.Properties.AuthenticationMode.Type).toBe('password');
    expect(JSON.stringify(app.Properties.AuthenticationMode.Passwords)).toMatch(/^\[\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"[A-Za-z0-9]+"\},":SecretString:password::\}\}"\]\]\}\]$/);
    template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'probe', NoPasswordRequired: true });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.resourceCountIs('AWS::ElastiCache::UserGroup', 1);
    const rg = replicationGroupProps(template);
    expect(rg.UserGroupIds).toEqual([{ Ref: stack.getLogicalId(redis.userGroup!) }]);
    expect(rg.AuthToken).toBeUndefined();
    expect(redis.configuration.authenticationMode).toBe(AuthenticationMode.RBAC);
    expect(redis.userNames).toEqual(['default', 'app', 'probe']);
  });

  test('escape hatch to each user resource', () => {
    const { redis } = build(rbacProps());
    expect(redis.userResource('app').userName).toBe('app');
    expect(redis.userResource('default').accessString).toBe('off -@all');
    expect(() => redis.userResource('nobody')).toThrow("no user 'nobody'");
  });

  test('user ids are valid and derived from the replication group id', () => {
    const { template, redis } = build(rbacProps());
    const users = Object.values(template.findResources('AWS::ElastiCache::User')).map(u => u.Properties.UserId as string);
    for (const id of users) {
      expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(id.startsWith(redis.replicationGroupId.slice(0, 10))).toBe(true);
    }
  });

  test('user secrets for ECS and the absence of one for a no-password user', () => {
    const { redis, stack } = build(rbacProps());
    // the app user's own generated secret, `{ "username": "app", "password": <generated> }`
    expect(stack.resolve(redis.userSecret('app').secretArn)).toEqual({ Ref: stack.getLogicalId(redis.userSecret('app').node.defaultChild as any) });
    expect(() => redis.userSecret('probe')).toThrow("user 'probe' of TestStack/Redis has no password");
    expect(() => redis.userSecret('nobody')).toThrow("no user 'nobody' in TestStack/Redis; users: default, app, probe");
    expect(() => redis.ecsSecret()).toThrow(/has no AUTH token secret: it uses RBAC users; pass a user name, e\.g\. ecsSecret\('app'\)/);
  });

  test('ECS container gets the user\'s password (its secret\'s `password` field) as a secret, never as plain environment', () => {
    const { redis, stack } = build(rbacProps()); // eslint-disable-line @typescript-eslint/no-shadow
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('Api', {
      image: ecs.ContainerImage.fromRegistry('air-discovery/api'),
      environment: redis.connectionEnvironment(),
      secrets: { REDIS_PASSWORD: redis.ecsSecret('app') },
    });
    const t = Template.fromStack(stack);
    const [def] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
    const container = def.Properties.ContainerDefinitions[0];
    // the app user's secret is `{ "username": "app", "password": ... }`: the container must get the `password` field
    const appSecretId = stack.getLogicalId(redis.userSecret('app').node.defaultChild as any);
    expect(container.Secrets).toEqual([{ Name: 'REDIS_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: appSecretId }, ':password::']] } }]);
    const rgId = stack.getLogicalId(redis.replicationGroup);
    const host = { 'Fn::GetAtt': [rgId, 'PrimaryEndPoint.Address'] };
    expect(container.Environment).toEqual([
      { Name: 'REDIS_HOST', Value: host },
      { Name: 'REDIS_PORT', Value: '6379' },
      { Name: 'REDIS_TLS', Value: 'true' },
      { Name: 'REDIS_URL', Value: { 'Fn::Join': ['', ['rediss://', host, ':6379']] } },
    ]);
  });
});

const iamProps = () => ({
  ...TLS,
  engineVersion: EngineVersion.VALKEY_8_0,
  authentication: RedisAuthentication.iam({ users: [{ userName: 'air-api', accessString: 'on ~* +@all -@dangerous' }] }),
});

describe('iam()', () => {
  // each test builds its own stack: Stryker credits a mutant to the tests that run it, never to a describe() body

  test('IAM users have user id = user name and no password', () => {
    const { template, redis } = build(iamProps());
    template.hasResourceProperties('AWS::ElastiCache::User', {
      // "redis" users on a Valkey group too (user guide, "Role-Based Access Control")
      UserId: 'air-api', UserName: 'air-api', AuthenticationMode: { Type: 'iam' }, Engine: 'redis',
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(redis.configuration.authenticationMode).toBe(AuthenticationMode.IAM);
  });

  test('grantConnect gives elasticache:Connect on the group and the user', () => {
    const { redis, stack } = build(iamProps()); // eslint-disable-line @typescript-eslint/no-shadow
    const role = new iam.Role(stack, 'ApiRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    redis.grantConnect(role);
    const t = Template.fromStack(stack);
    const userLogicalId = Object.keys(t.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'air-api' } }))[0];
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'elasticache:Connect',
          Effect: 'Allow',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:replicationgroup:${redis.replicationGroupId}`]] },
            { 'Fn::GetAtt': [userLogicalId, 'Arn'] },
          ],
        }],
      },
    });
  });

  test('grantConnect refuses non-IAM users', () => {
    const { redis, stack } = build(iamProps());
    const role = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => redis.grantConnect(role, 'default')).toThrow("user 'default' of TestStack/Redis is not an IAM user");
  });

  test('grantConnect without IAM users throws', () => {
    const dev = build();
    const role = new iam.Role(dev.stack, 'R', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(() => dev.redis.grantConnect(role)).toThrow(/has no IAM-enabled users \(authentication is none\)/);
  });
});

describe('a token inside a JSON secret', () => {
  test('ecsSecret and connectLambda pass the JSON field on', () => {
    const { stack, vpc } = newStack();
    // a JSON secret whose generated field 'token' holds a token ElastiCache accepts (docs/auth-tokens.md)
    const secret = new secretsmanager.Secret(stack, 'Existing', {
      generateSecretString: { excludePunctuation: true, secretStringTemplate: '{}', generateStringKey: 'token' },
    });
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...TLS, authentication: RedisAuthentication.authTokenFromSecret(secret, 'token') });
    expect(redis.authSecretJsonField).toBe('token');
    const fn = new lambda.Function(stack, 'Api', {
      vpc, runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1'),
    });
    redis.connectLambda(fn);
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('Api', { image: ecs.ContainerImage.fromRegistry('air-discovery/api'), secrets: { REDIS_PASSWORD: redis.ecsSecret() } });
    const t = Template.fromStack(stack);
    const secretArn = { Ref: stack.getLogicalId(secret.node.defaultChild as any) };
    const host = { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'PrimaryEndPoint.Address'] };
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          REDIS_HOST: host,
          REDIS_PORT: '6379',
          REDIS_TLS: 'true',
          REDIS_URL: { 'Fn::Join': ['', ['rediss://', host, ':6379']] },
          REDIS_AUTH_SECRET_ARN: secretArn,
          REDIS_AUTH_SECRET_JSON_FIELD: 'token',
        },
      },
    });
    const [def] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
    expect(def.Properties.ContainerDefinitions[0].Secrets).toEqual([
      { Name: 'REDIS_PASSWORD', ValueFrom: { 'Fn::Join': ['', [secretArn, ':token::']] } },
    ]);
  });
});

describe('handing the AUTH token to consumers', () => {
  test('grantReadAuthSecret and ecsSecret', () => {
    const { stack, redis } = build({ preset: RedisPreset.PROD });
    const role = new iam.Role(stack, 'Task', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    redis.grantReadAuthSecret(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
    // the whole AUTH token secret (a plain string, no JSON field)
    expect(redis.ecsSecret().arn).toBe(redis.authSecret!.secretArn);
    expect(stack.resolve(redis.ecsSecret().arn)).toEqual({ Ref: stack.getLogicalId(redis.authSecret!.node.defaultChild as any) });
  });

  test('connectLambda: network, environment, secret ARN and read grant', () => {
    const { stack, vpc, redis } = build({ preset: RedisPreset.PROD });
    const fn = new lambda.Function(stack, 'Api', {
      vpc, runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1'),
    });
    redis.connectLambda(fn);
    const t = Template.fromStack(stack);
    const host = { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'PrimaryEndPoint.Address'] };
    expect(stack.resolve(redis.connectionEnvironment())).toEqual({
      REDIS_HOST: host,
      REDIS_PORT: '6380',
      REDIS_TLS: 'true',
      REDIS_URL: { 'Fn::Join': ['', ['rediss://', host, ':6380']] },
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          REDIS_HOST: host,
          REDIS_PORT: '6380',
          REDIS_TLS: 'true',
          REDIS_URL: { 'Fn::Join': ['', ['rediss://', host, ':6380']] },
          REDIS_AUTH_SECRET_ARN: { Ref: stack.getLogicalId(redis.authSecret!.node.defaultChild as any) },
        },
      },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380, ToPort: 6380 });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });
});

describe('no AUTH token secret to hand out', () => {
  test('DEV: the error says DEV has no AUTH and how to turn it on', () => {
    const { redis } = build({ preset: RedisPreset.DEV });
    const expected = 'ecsSecret(): TestStack/Redis has no AUTH token secret: its authentication is none (the DEV preset has no AUTH, '
      + 'like the setup guide\'s development setup). To turn AUTH on, set authentication: RedisAuthentication.generatedAuthToken() '
      + 'together with transitEncryption: true (AUTH needs TLS), or use preset: RedisPreset.PROD.';
    expect(() => redis.ecsSecret()).toThrow(expected);
    expect(() => redis.grantReadAuthSecret(new iam.AccountRootPrincipal())).toThrow(expected.replace('ecsSecret()', 'grantReadAuthSecret()'));
  });

  test('IAM: the error points to grantConnect', () => {
    const { redis } = build({ ...TLS, authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }) });
    expect(() => redis.ecsSecret()).toThrow(/its users authenticate with IAM \(no password\); grant clients with grantConnect\(role\)/);
  });

  test('a SecretValue token: the error points to authTokenFromSecret', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc, ...TLS, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('my-token')),
    });
    expect(() => redis.ecsSecret()).toThrow(/came as a SecretValue \(authTokenFromSecretValue\); use RedisAuthentication\.authTokenFromSecret\(secret\)/);
  });
});

describe('connectLambda() takes a lambda.IFunction', () => {
  const newFunction = (stack: Stack, vpc: ec2.IVpc) => new lambda.Function(stack, 'Api', {
    vpc, runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1'),
  });

  test('an alias: network, variables and grant go to the function behind it', () => {
    const { stack, vpc, redis } = build({ preset: RedisPreset.PROD });
    const fn = newFunction(stack, vpc);
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    redis.connectLambda(alias);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REDIS_PORT: '6380', REDIS_AUTH_SECRET_ARN: Match.anyValue() }) },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380, ToPort: 6380 });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });

  test('an imported function: an error that says how to wire it by hand', () => {
    const { stack, vpc, redis } = build({ preset: RedisPreset.PROD });
    const sg = new ec2.SecurityGroup(stack, 'FnSg', { vpc });
    const imported = lambda.Function.fromFunctionAttributes(stack, 'Imported', {
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:api', securityGroup: sg, sameEnvironment: true,
    });
    expect(() => redis.connectLambda(imported)).toThrow(
      'connectLambda(TestStack/Imported): cannot set the environment of this function (an imported function, or an IFunction that is not a lambda.Function, Alias or Version). '
      + 'Pass the lambda.Function itself, or wire it by hand: redis.connections.allowDefaultPortFrom(fn), redis.grantReadAuthSecret(fn), '
      + 'and the variables of redis.connectionEnvironment() (plus REDIS_AUTH_SECRET_ARN) where the function is defined');
  });
});

describe('replacement hazards are announced', () => {
  test('turning at-rest encryption off warns that turning it on later replaces the group', () => {
    const { stack } = build({ atRestEncryption: false });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('atRestEncryption is off and can only be set at creation'));
  });

  test('adding authentication to a DEV-based group warns that it replaces a running group', () => {
    const { stack } = build({ ...TLS, authentication: RedisAuthentication.generatedAuthToken() });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('CloudFormation plans a replacement.*docs\/create-only.md'));
  });
});
