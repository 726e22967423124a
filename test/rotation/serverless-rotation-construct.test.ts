/**
 * The rotation wiring of AirDiscoveryServerlessRedis (the node-based construct's function, src/rotation/):
 * on by default in PROD, off in DEV, configurable schedule, the function in the VPC with access to the
 * cache's ports (6379-6380), ModifyUser/DescribeUsers on the rotated users only, never ModifyReplicationGroup.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { elastiCacheStatements, fnEnv, rotationFunctions, statements, TWO_USERS, userRotationEnv } from './rotation-template';
import { AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, RedisAuthentication, RedisPreset } from '../../src';

const CACHE_NAME = 'air-cache';

function build(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>, probe = false) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Rot', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, serverlessCacheName: CACHE_NAME, ...props });
  if (probe) cache.addProbe();
  return { stack, cache, template: Template.fromStack(stack) };
}

const logicalId = (stack: Stack, c: { node: { defaultChild?: unknown } } | object) =>
  stack.getLogicalId(((c as any).node.defaultChild ?? c) as never);

describe('PROD: the AUTH token (the default user\'s password) rotates every 30 days', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const { stack, cache, template } = build({ preset: RedisPreset.PROD });
    return { stack, cache, template };
  };

  test('a rotation schedule on the generated AUTH secret, through the construct\'s function', () => {
    const { stack, cache, template } = setup();
    expect(cache.rotationFunction).toBeDefined();
    const fnId = logicalId(stack, cache.rotationFunction!);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: logicalId(stack, cache.authSecret!) },
      RotationLambdaARN: { 'Fn::GetAtt': [fnId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'secretsmanager.amazonaws.com',
    });
    expect(rotationFunctions(template)).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Secrets Manager rotation of the AUTH token of Rot/Cache'),
      Timeout: 900,
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() }),
    });
  });

  test('the environment: ModifyUser of the default user, TLS, cluster protocol, port 6379, no replication group', () => {
    const { stack, cache, template } = setup();
    const env = fnEnv(template);
    expect(env).toMatchObject({
      ROTATION_KIND: 'auth-token',
      ROTATION_AUTH_TOKEN_USER_ID: `${CACHE_NAME}-default`,
      ROTATION_LENGTH: '64',
      REDIS_TLS: 'true',
      REDIS_CLUSTER_MODE: 'true',
      REDIS_PORT: '6379',
    });
    expect(env.REDIS_HOST).toEqual({ 'Fn::GetAtt': [logicalId(stack, cache.serverlessCache), 'Endpoint.Address'] });
    expect(env.REDIS_REPLICATION_GROUP_ID).toBeUndefined();
    expect(env.ROTATION_USER_IDS).toBeUndefined();
    expect(cache.userResource('default').userId).toBe(`${CACHE_NAME}-default`);
  });

  test('IAM: exactly ModifyUser and DescribeUsers on the default user, nothing on replication groups', () => {
    const { stack, cache, template } = setup();
    expect(elastiCacheStatements(template)).toEqual([{
      Effect: 'Allow',
      Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
      Resource: { 'Fn::GetAtt': [logicalId(stack, cache.userResource('default')), 'Arn'] },
    }]);
    expect(JSON.stringify(statements(template))).not.toContain('ReplicationGroup');
  });

  test('network: the function\'s security group reaches the cache\'s ports 6379-6380 (and HTTPS), the cache admits it there', () => {
    const { stack, cache, template } = setup();
    const rotationSg = Object.keys(template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('^Secret rotation of Rot/Cache') },
    }));
    expect(rotationSg).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [logicalId(stack, cache.securityGroup), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [rotationSg[0], 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6380,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [rotationSg[0], 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [logicalId(stack, cache.securityGroup), 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6380,
    });
    const egress = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Secret rotation') } });
    expect(Object.values<any>(egress)[0].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });
});

test('rotationSchedule sets the interval (days or whole hours)', () => {
  build({ preset: RedisPreset.PROD, rotationSchedule: Duration.days(7) }).template
    .hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  build({ preset: RedisPreset.PROD, rotationSchedule: Duration.hours(12) }).template
    .hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(12 hours)' } });
});

test('defaults per preset: DEV (no authentication) has nothing to rotate; rotation: false turns PROD\'s off', () => {
  const dev = build({ preset: RedisPreset.DEV });
  expect(dev.cache.rotationFunction).toBeUndefined();
  dev.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  // DEV with a token: still off unless asked
  const devToken = build({ preset: RedisPreset.DEV, authentication: RedisAuthentication.generatedAuthToken() });
  expect(devToken.cache.rotationFunction).toBeUndefined();
  devToken.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  const off = build({ preset: RedisPreset.PROD, rotation: false });
  expect(off.cache.rotationFunction).toBeUndefined();
  off.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  expect(rotationFunctions(off.template)).toHaveLength(0);
});

test('rotation: true in DEV with a generated token turns it on', () => {
  const { cache, template } = build({ preset: RedisPreset.DEV, authentication: RedisAuthentication.generatedAuthToken(), rotation: true });
  expect(cache.rotationFunction).toBeDefined();
  template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  expect(fnEnv(template).ROTATION_AUTH_TOKEN_USER_ID).toBe(`${CACHE_NAME}-default`);
});

test('RBAC: every generated password rotates (the probe user\'s too), ModifyUser on exactly those users', () => {
  const { stack, cache, template } = build({ preset: RedisPreset.PROD, authentication: TWO_USERS() }, true);
  const env = userRotationEnv(template, 3);
  expect(env.ROTATION_AUTH_TOKEN_USER_ID).toBeUndefined();
  expect(env.REDIS_REPLICATION_GROUP_ID).toBeUndefined();
  const userIds = JSON.parse(stack.resolve(env.ROTATION_USER_IDS));
  expect(userIds).toEqual({
    'app': cache.userResource('app').userId,
    'worker': cache.userResource('worker').userId,
    'air-discovery-probe': `${CACHE_NAME}-probe`,
  });
  const probeUser = stack.node.findChild('Cache').node.findChild('Probe').node.findChild('User') as any;
  expect(elastiCacheStatements(template).map(s => s.Resource)).toEqual(expect.arrayContaining([
    { 'Fn::GetAtt': [logicalId(stack, cache.userResource('app')), 'Arn'] },
    { 'Fn::GetAtt': [logicalId(stack, cache.userResource('worker')), 'Arn'] },
    { 'Fn::GetAtt': [stack.getLogicalId(probeUser), 'Arn'] },
  ]));
  expect(elastiCacheStatements(template)).toHaveLength(3);
  for (const s of elastiCacheStatements(template)) expect(s.Action).toEqual(['elasticache:ModifyUser', 'elasticache:DescribeUsers']);
  // the switched-off default user of an RBAC group has no password and is not touched
  expect(JSON.stringify(elastiCacheStatements(template))).not.toContain(logicalId(stack, cache.userResource('default')));
});

test('nothing generated to rotate: IAM users or a secret passed in; rotation: true then warns', () => {
  const iam = build({ preset: RedisPreset.PROD, authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }) });
  expect(iam.cache.rotationFunction).toBeUndefined();
  expect(Annotations.fromStack(iam.stack).findWarning('/Rot/Cache', Match.stringLikeRegexp('nothing|generated no secret'))).toEqual([]);

  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'air/redis-token');
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', {
    vpc, preset: RedisPreset.PROD, authentication: RedisAuthentication.authTokenFromSecret(secret), rotation: true,
  });
  expect(cache.rotationFunction).toBeUndefined();
  Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  Annotations.fromStack(stack).hasWarning('/S/Cache', Match.stringLikeRegexp('generated no secret to rotate'));
});
