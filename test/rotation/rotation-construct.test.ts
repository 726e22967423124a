/**
 * The rotation wiring of AirDiscoveryRedis: on by default in PROD, off in DEV, configurable schedule,
 * one function in the VPC, least-privilege grants, every generated secret scheduled.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fnEnv, statements, TWO_USERS, userRotationEnv } from './rotation-template';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, RedisAuthentication, RedisPreset } from '../../src';
import { RedisSecretRotation } from '../../src/rotation/rotation';

function build(props: Omit<AirDiscoveryRedisProps, 'vpc'>, probe = false) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Rot', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  if (probe) redis.addProbe();
  return { stack, redis, template: Template.fromStack(stack) };
}


test('PROD: the AUTH token rotates every 30 days through the construct\'s function (ROTATE, then SET)', () => {
  const { stack, redis, template } = build({ preset: RedisPreset.PROD });
  expect(redis.rotationFunction).toBeDefined();
  const fnId = stack.getLogicalId(redis.rotationFunction!.node.defaultChild as never);
  template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
    SecretId: { Ref: stack.getLogicalId(redis.authSecret!.node.defaultChild as never) },
    RotationLambdaARN: { 'Fn::GetAtt': [fnId, 'Arn'] },
    RotationRules: { ScheduleExpression: 'rate(30 days)' },
  });
  template.hasResourceProperties('AWS::Lambda::Permission', {
    FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'secretsmanager.amazonaws.com',
  });
  expect(fnEnv(template)).toMatchObject({
    ROTATION_KIND: 'auth-token', ROTATION_LENGTH: '64', REDIS_REPLICATION_GROUP_ID: redis.replicationGroupId, REDIS_TLS: 'true', REDIS_PORT: '6380',
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('Secrets Manager rotation'), Timeout: 900, VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
  });
  // ElastiCache rights on this group only
  const ec = statements(template).filter(s => [s.Action].flat().some((a: string) => a.startsWith('elasticache:')));
  expect(ec).toEqual([expect.objectContaining({
    Action: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
    Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }),
  })]);
  expect(JSON.stringify(ec[0].Resource)).toContain(`:replicationgroup:${redis.replicationGroupId}`);
  // SMG4 met, not acknowledged
  const smg4 = new AwsSolutionsChecks().validateScope(stack).violations.filter(v => v.ruleName === 'AwsSolutions-SMG4');
  expect(smg4).toEqual([]);
  expect(redis.nagAcknowledgements.map(a => a.id)).not.toContain('AwsSolutions-SMG4');
});

test('rotationSchedule sets the interval', () => {
  const { template } = build({ preset: RedisPreset.PROD, rotationSchedule: Duration.days(7) });
  template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
});

test('rotation: false turns it off in PROD, and SMG4 is then a visible finding', () => {
  const { stack, redis, template } = build({ preset: RedisPreset.PROD, rotation: false });
  expect(redis.rotationFunction).toBeUndefined();
  template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  const rules = new AwsSolutionsChecks().validateScope(stack).violations.map(v => v.ruleName);
  expect(rules).toContain('AwsSolutions-SMG4');
});

test('DEV: off by default; rotation: true on a DEV group with an AUTH token turns it on', () => {
  expect(build({ preset: RedisPreset.DEV }).redis.rotationFunction).toBeUndefined();
  const { template } = build({
    preset: RedisPreset.DEV, transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken(), rotation: true,
  });
  template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
});

test('RBAC: every generated password rotates (the probe user\'s too), ModifyUser on those users only', () => {
  const { stack, redis, template } = build({ preset: RedisPreset.PROD, authentication: TWO_USERS() }, true);
  const env = userRotationEnv(template, 3);
  const ids = JSON.parse(JSON.stringify(stack.resolve(env.ROTATION_USER_IDS)));
  expect(JSON.stringify(ids)).toContain('\\"app\\"');
  expect(JSON.stringify(ids)).toContain('\\"worker\\"');
  expect(JSON.stringify(ids)).toContain('\\"air-discovery-probe\\"');
  const modifyUser = statements(template).filter(s => [s.Action].flat().includes('elasticache:ModifyUser'));
  const arns = JSON.stringify(modifyUser.map(s => s.Resource));
  for (const u of ['app', 'worker']) expect(arns).toContain(stack.getLogicalId(redis.userResource(u)));
  expect(arns).not.toContain(stack.getLogicalId(redis.userResource('default')));
  expect(arns).not.toContain('"*"');
});

test('a secret passed in is not rotated: rotation: true warns that there is nothing to rotate', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'air/redis-token');
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, authentication: RedisAuthentication.authTokenFromSecret(secret), rotation: true });
  expect(redis.rotationFunction).toBeUndefined();
  Annotations.fromStack(stack).hasWarning('/S/Redis', Match.stringLikeRegexp('nothing|no secret to rotate|generated no secret'));
});

describe('the rotation function\'s network, logs and description, exactly (both kinds)', () => {
  test.each<[string, Omit<AirDiscoveryRedisProps, 'vpc'>, string]>([
    ['AUTH token', { preset: RedisPreset.PROD }, 'AUTH token'],
    ['RBAC users', { preset: RedisPreset.PROD, authentication: TWO_USERS() }, 'user passwords'],
  ])('%s', (_kind, props, what) => {
    const { stack, redis, template } = build(props);
    const resources = template.toJSON().Resources;
    const rotation = redis.node.findChild('Rotation');
    const id = (path: string) => stack.getLogicalId(rotation.node.findChild(path).node.defaultChild as never);
    // its own security group: HTTPS out to the APIs, the Redis port to the cache's group, nothing else (no allow-all)
    const sg = resources[id('SecurityGroup')].Properties;
    expect(sg.GroupDescription).toBe('Secret rotation of Rot/Redis: outbound to the Redis port and HTTPS (Secrets Manager, ElastiCache APIs)');
    expect(sg.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'Secrets Manager and ElastiCache APIs (HTTPS)', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    const fromFunction = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter(r => JSON.stringify(r.Properties.SourceSecurityGroupId).includes(id('SecurityGroup')));
    expect(fromFunction.map(r => r.Properties.Description)).toEqual(['Redis access from Rot/Redis/Rotation/Function (testSecret)']);
    // a one-year log group, deleted with the stack
    expect(resources[id('LogGroup')]).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Delete' });
    // in the cache's private subnets, described by what it rotates
    const fn = resources[stack.getLogicalId(redis.rotationFunction!.node.defaultChild as never)].Properties;
    expect(fn.Description).toBe(`Secrets Manager rotation of the ${what} of Rot/Redis`);
    expect(fn.VpcConfig.SubnetIds).toEqual(redis.vpc.privateSubnets.map(s => ({ Ref: stack.getLogicalId(s.node.defaultChild as never) })));
    expect(fnEnv(template).REDIS_CLUSTER_MODE).toBe('false');
  });
});

test('RedisSecretRotation.addSecret: a secret not created in this app (imported) gets no rotation schedule', () => {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD });
  const rotation = redis.node.findChild('Rotation') as RedisSecretRotation;
  rotation.addSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Imported', 'air/other'));
  // the AUTH token's schedule only
  Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
});

test('rotation: true with a generated AUTH token: it rotates, and no nothingToRotate warning', () => {
  const { redis, stack } = build({
    preset: RedisPreset.DEV, transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken(), rotation: true,
  });
  expect(redis.rotationFunction).toBeDefined();
  Annotations.fromStack(stack).hasNoWarning('/Rot/Redis', Match.stringLikeRegexp('nothingToRotate'));
});

test('RedisSecretRotation: an AUTH token rotation with neither a replication group nor a token user is refused, naming the cache', () => {
  const { redis } = build({ preset: RedisPreset.DEV });
  const props = { cache: redis, kind: 'auth-token' as const, schedule: Duration.days(30), tokenLength: 64, clusterMode: false };
  expect(() => new RedisSecretRotation(redis, 'Broken', props))
    .toThrow('Rot/Redis: an AUTH token rotation needs the replication group or the token\'s user');
});
