/**
 * RedisConnectivityProbe: template assertions (VPC config, security group
 * rules, secret grants, environment) for every authentication mode.
 */
import { App, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ensureProbeBundle } from './bundle';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, ClusterMode, RedisAuthentication, RedisConnectivityProbe, RedisConnectivityProbeOptions,
  RedisPreset, RedisUserAuthenticationType,
} from '../../src';

beforeAll(() => ensureProbeBundle());

function setup(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}, vpcProps: ec2.VpcProps = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'ProbeStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1, ...vpcProps });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  return { app, stack, vpc, redis };
}

function withProbe(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}, options?: RedisConnectivityProbeOptions) {
  const s = setup(props);
  const probe = s.redis.addProbe(undefined, options);
  return { ...s, probe, template: Template.fromStack(s.stack) };
}

function ref(stack: Stack, construct: { node: { defaultChild?: unknown } } | unknown): string {
  const c = (construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct;
  return stack.getLogicalId(c as never);
}

/** The probe function's environment variables. */
function probeEnvironment(template: Template): Record<string, unknown> {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('Connectivity probe') } });
  const ids = Object.keys(fns);
  expect(ids).toHaveLength(1);
  return fns[ids[0]].Properties.Environment.Variables;
}

/** Every statement of every IAM policy in the template. */
function statements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('DEV preset (no TLS, no AUTH)', () => {
  const t = withProbe({ preset: RedisPreset.DEV });
  const sgId = ref(t.stack, t.probe.securityGroup);
  const redisSgId = ref(t.stack, t.redis.securityGroup);

  test('a Node.js 24 arm64 function in the VPC\'s private subnets with its own security group', () => {
    t.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 60,
      VpcConfig: {
        SubnetIds: t.vpc.privateSubnets.map(s => ({ Ref: ref(t.stack, s.node.defaultChild) })),
        SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }],
      },
      LoggingConfig: { LogGroup: { Ref: ref(t.stack, t.probe.logGroup) } },
    });
    t.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(t.probe.node.path).toBe('ProbeStack/Redis/Probe');
  });

  test('the cache\'s security group lets the probe in on the Redis port; the probe may go out only there', () => {
    t.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      GroupId: { 'Fn::GetAtt': [redisSgId, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    t.template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 6379,
      ToPort: 6379,
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [redisSgId, 'GroupId'] },
    });
    // allowAllOutbound: false: no inline rule at all, the one egress rule above is the only way out
    const sg = t.template.toJSON().Resources[sgId];
    expect(sg.Properties.SecurityGroupEgress).toBeUndefined();
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const egress = Object.values(t.template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter((r: any) => JSON.stringify(r.Properties.GroupId).includes(sgId));
    expect(egress).toHaveLength(1);
  });

  test('environment: where the cache is and how to talk to it, no secret', () => {
    expect(probeEnvironment(t.template)).toEqual({
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      REDIS_HOST: { 'Fn::GetAtt': [ref(t.stack, t.redis.replicationGroup), 'PrimaryEndPoint.Address'] },
      REDIS_PORT: '6379',
      REDIS_TLS: 'false',
      REDIS_URL: { 'Fn::Join': ['', ['redis://', { 'Fn::GetAtt': [ref(t.stack, t.redis.replicationGroup), 'PrimaryEndPoint.Address'] }, ':6379']] },
      REDIS_CLUSTER_MODE: 'false',
      REDIS_AUTH_MODE: 'none',
      REDIS_TIMEOUT_MS: '5000',
      REDIS_PROBE_KEY_PREFIX: 'probe:',
    });
    expect(statements(t.template).flatMap(s => [s.Action].flat())).not.toContain('secretsmanager:GetSecretValue');
  });
});

describe('PROD preset (TLS, generated AUTH token, port 6380)', () => {
  const t = withProbe({ preset: RedisPreset.PROD });
  const sgId = ref(t.stack, t.probe.securityGroup);
  const secretRef = { Ref: ref(t.stack, t.redis.authSecret) };

  test('environment carries TLS, the port and the secret\'s ARN (never its value)', () => {
    expect(probeEnvironment(t.template)).toMatchObject({
      REDIS_PORT: '6380', REDIS_TLS: 'true', REDIS_AUTH_MODE: 'auth-token', REDIS_AUTH_SECRET_ARN: secretRef,
    });
  });

  test('read access to the AUTH token secret', () => {
    expect(statements(t.template)).toContainEqual(expect.objectContaining({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: secretRef,
    }));
  });

  test('ingress on 6380 and HTTPS egress for Secrets Manager', () => {
    t.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380, ToPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    const sg = t.template.toJSON().Resources[sgId];
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: 'Secrets Manager API (HTTPS)' }),
    ]);
  });
});

test('cluster mode: the configuration endpoint and REDIS_CLUSTER_MODE=true', () => {
  const t = withProbe({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1 });
  expect(probeEnvironment(t.template)).toMatchObject({
    REDIS_HOST: { 'Fn::GetAtt': [ref(t.stack, t.redis.replicationGroup), 'ConfigurationEndPoint.Address'] },
    REDIS_CLUSTER_MODE: 'true',
    REDIS_TLS: 'true',
  });
});

describe('RBAC', () => {
  const rbac = {
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.rbac({
      users: [
        { userName: 'nopass', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' },
        { userName: 'app' },
        { userName: 'probe', accessString: 'on ~probe:* +ping +get +set +del +info' },
      ],
    }),
  };

  test('defaults to the first password user: REDIS_USER and read access to that user\'s secret only', () => {
    const t = withProbe(rbac);
    const secretRef = { Ref: ref(t.stack, t.redis.userSecret('app')) };
    expect(probeEnvironment(t.template)).toMatchObject({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'app', REDIS_USER_SECRET_ARN: secretRef });
    expect(probeEnvironment(t.template).REDIS_AUTH_SECRET_ARN).toBeUndefined();
    const reads = statements(t.template).filter(s => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.map(s => s.Resource)).toEqual([secretRef]);
  });

  test('userName picks the user', () => {
    const t = withProbe(rbac, { userName: 'probe' });
    expect(probeEnvironment(t.template)).toMatchObject({ REDIS_USER: 'probe', REDIS_USER_SECRET_ARN: { Ref: ref(t.stack, t.redis.userSecret('probe')) } });
  });

  test.each([
    ['an unknown user', 'nobody', /no user 'nobody'/],
    ['a user without a password', 'nopass', /user 'nopass' .* has no password/],
  ])('%s is an error', (_n, userName, message) => {
    const s = setup(rbac);
    expect(() => s.redis.addProbe('Probe', { userName })).toThrow(message);
  });
});

test('IAM: elasticache:Connect on the group and the user, no secret, no HTTPS egress', () => {
  const t = withProbe({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.iam({ users: [{ userName: 'air-api' }] }),
  });
  expect(probeEnvironment(t.template)).toMatchObject({
    REDIS_AUTH_MODE: 'iam', REDIS_USER: 'air-api', REDIS_REPLICATION_GROUP_ID: t.redis.replicationGroupId,
  });
  expect(statements(t.template)).toContainEqual(expect.objectContaining({
    Action: 'elasticache:Connect',
    Resource: expect.arrayContaining([expect.objectContaining({ 'Fn::GetAtt': [expect.stringMatching(/^RedisUserAirApi/), 'Arn'] })]),
  }));
  const sg = t.template.toJSON().Resources[ref(t.stack, t.probe.securityGroup)];
  expect(sg.Properties.SecurityGroupEgress).toBeUndefined();
});

describe('options', () => {
  test('timeouts, memory, key prefix, log retention', () => {
    const t = withProbe({}, {
      stepTimeout: Duration.seconds(2), timeout: Duration.minutes(2), memorySizeMiB: 1769, keyPrefix: 'health:', logRetention: logs.RetentionDays.ONE_WEEK,
    });
    t.template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 120, MemorySize: 1769 });
    expect(probeEnvironment(t.template)).toMatchObject({ REDIS_TIMEOUT_MS: '2000', REDIS_PROBE_KEY_PREFIX: 'health:' });
    t.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('authSecretJsonField for a token inside a JSON secret', () => {
    const t = withProbe({ preset: RedisPreset.PROD }, { authSecretJsonField: 'token' });
    expect(probeEnvironment(t.template)).toMatchObject({ REDIS_AUTH_SECRET_JSON_FIELD: 'token' });
  });

  test('the construct can be used directly, and grants invoke', () => {
    const s = setup();
    const probe = new RedisConnectivityProbe(s.stack, 'Standalone', { redis: s.redis });
    const role = new iam.Role(s.stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    probe.grantInvoke(role);
    expect(statements(Template.fromStack(s.stack))).toContainEqual(expect.objectContaining({
      Action: 'lambda:InvokeFunction',
      Resource: expect.arrayContaining([{ 'Fn::GetAtt': [ref(s.stack, probe.lambdaFunction), 'Arn'] }]),
    }));
  });
});

describe('errors and warnings', () => {
  test('an AUTH token the probe cannot read at run time', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('air/redis-token')) });
    expect(() => s.redis.addProbe()).toThrow(/is a SecretValue the probe cannot read at run time; use RedisAuthentication.generatedAuthToken\(\) or authTokenFromSecret\(\)/);
  });

  test('a function timeout too short for its step timeout', () => {
    const s = setup();
    expect(() => s.redis.addProbe('Probe', { stepTimeout: Duration.seconds(10), timeout: Duration.seconds(30) }))
      .toThrow(/timeout \(30 seconds\) must be at least 4 × stepTimeout \(10 seconds\)/);
  });

  test('RBAC without a password user', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: RedisAuthentication.rbac({ users: [{ userName: 'x', authenticationType: RedisUserAuthenticationType.NO_PASSWORD }] }) });
    expect(() => s.redis.addProbe()).toThrow(/has no password user for the probe \(users: x\); add one or pass userName/);
  });

  test('isolated subnets and a secret: warn about the Secrets Manager endpoint', () => {
    const s = setup({ preset: RedisPreset.PROD }, {
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    s.redis.addProbe();
    Annotations.fromStack(s.stack).hasWarning('/ProbeStack/Redis/Probe', Match.stringLikeRegexp('interface VPC endpoint for Secrets Manager'));
  });
});
