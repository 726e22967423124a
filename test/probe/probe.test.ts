/**
 * RedisConnectivityProbe: template assertions (VPC config, security group
 * rules, secret grants, environment) for every authentication mode.
 */
import { Duration, SecretValue } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ensureProbeBundle } from './bundle';
import { ref, setup } from './probe-stack';
import {
  AirDiscoveryRedisProps, ClusterMode, RedisAuthentication, RedisConnectivityProbe, RedisConnectivityProbeOptions,
  RedisPreset, RedisUserAuthenticationType,
} from '../../src';

beforeAll(() => ensureProbeBundle());

function withProbe(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}, options?: RedisConnectivityProbeOptions) {
  const s = setup(props);
  const probe = s.redis.addProbe(undefined, options);
  return { ...s, probe, template: Template.fromStack(s.stack) };
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
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const built = () => {
    const t = withProbe({ preset: RedisPreset.DEV });
    const sgId = ref(t.stack, t.probe.securityGroup);
    const redisSgId = ref(t.stack, t.redis.securityGroup);
    return { t, sgId, redisSgId };
  };

  test('a Node.js 24 arm64 function in the VPC\'s private subnets with its own security group', () => {
    const { t, sgId } = built();
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
    const { t, sgId, redisSgId } = built();
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
    const { t } = built();
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
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const built = () => {
    const t = withProbe({ preset: RedisPreset.PROD });
    const sgId = ref(t.stack, t.probe.securityGroup);
    const secretRef = { Ref: ref(t.stack, t.redis.authSecret) };
    return { t, sgId, secretRef };
  };

  test('environment carries TLS, the port and the secret\'s ARN (never its value)', () => {
    const { t, secretRef } = built();
    expect(probeEnvironment(t.template)).toMatchObject({
      REDIS_PORT: '6380', REDIS_TLS: 'true', REDIS_AUTH_MODE: 'auth-token', REDIS_AUTH_SECRET_ARN: secretRef,
    });
  });

  test('read access to the AUTH token secret', () => {
    const { t, secretRef } = built();
    expect(statements(t.template)).toContainEqual(expect.objectContaining({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: secretRef,
    }));
  });

  test('ingress on 6380 and HTTPS egress for Secrets Manager', () => {
    const { t, sgId } = built();
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
    rotation: false, // the rotation function's own grants are tested in test/rotation
    authentication: RedisAuthentication.rbac({
      users: [
        { userName: 'nopass', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' },
        { userName: 'app' },
        { userName: 'probe', accessString: 'on ~probe:* +ping +get +set +del +info' },
      ],
    }),
  };

  test('a dedicated probe user, limited to the probe\'s key prefix and commands, in the group; read access to its secret only', () => {
    const t = withProbe(rbac);
    const user = t.probe.node.findChild('User') as elasticache.CfnUser;
    const secretRef = { Ref: ref(t.stack, t.redis.userSecret('air-discovery-probe')) };
    expect(secretRef.Ref).toMatch(/^RedisProbeUserSecret/);
    expect(probeEnvironment(t.template)).toMatchObject({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'air-discovery-probe', REDIS_USER_SECRET_ARN: secretRef });
    expect(probeEnvironment(t.template).REDIS_AUTH_SECRET_ARN).toBeUndefined();
    const reads = statements(t.template).filter(s => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads.map(s => s.Resource)).toEqual([secretRef]);
    t.template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'air-discovery-probe',
      AccessString: 'on ~probe:* -@all +ping +set +get +del +info',
      AuthenticationMode: { Type: 'password' },
    });
    expect(JSON.stringify(t.template.toJSON().Resources[ref(t.stack, user)].Properties.AuthenticationMode.Passwords)).toMatch(/resolve:secretsmanager/);
    const group = Object.values<any>(t.template.findResources('AWS::ElastiCache::UserGroup'))[0];
    expect(group.Properties.UserIds).toContainEqual({ Ref: ref(t.stack, user) });
    expect(t.redis.userNames).toContain('air-discovery-probe');
  });

  test('cluster mode: the probe user may also read the slot map', () => {
    const t = withProbe({ ...rbac, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 }, { keyPrefix: 'hc:' });
    t.template.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'air-discovery-probe', AccessString: 'on ~hc:* -@all +ping +set +get +del +info +cluster|info +cluster|slots',
    });
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
  const probeUser = `${t.redis.replicationGroupId}-probe`;
  expect(probeEnvironment(t.template)).toMatchObject({
    REDIS_AUTH_MODE: 'iam', REDIS_USER: probeUser, REDIS_REPLICATION_GROUP_ID: t.redis.replicationGroupId,
  });
  t.template.hasResourceProperties('AWS::ElastiCache::User', {
    UserId: probeUser, UserName: probeUser, AccessString: 'on ~probe:* -@all +ping +set +get +del +info', AuthenticationMode: { Type: 'iam' },
  });
  // elasticache:Connect on the group and the probe's own user, not the application's
  const connect = statements(t.template).filter(s => s.Action === 'elasticache:Connect');
  expect(connect).toHaveLength(1);
  expect(JSON.stringify(connect[0].Resource)).toMatch(/RedisProbeUser/);
  expect(JSON.stringify(connect[0].Resource)).not.toMatch(/RedisUserAirApi/);
  const sg = t.template.toJSON().Resources[ref(t.stack, t.probe.securityGroup)];
  expect(sg.Properties.SecurityGroupEgress).toBeUndefined();
});

describe('Secrets Manager without HTTPS to anywhere', () => {
  test('an interface endpoint in the VPC: HTTPS egress to its security group only, no warning', () => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false });
    const endpoint = s.vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    const probe = s.redis.addProbe();
    const template = Template.fromStack(s.stack);
    const sg = template.toJSON().Resources[ref(s.stack, probe.securityGroup)];
    expect(sg.Properties.SecurityGroupEgress).toBeUndefined();
    const endpointSg = ref(s.stack, endpoint.connections.securityGroups[0]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [ref(s.stack, probe.securityGroup), 'GroupId'] },
      FromPort: 443,
      ToPort: 443,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [endpointSg, 'GroupId'] },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('"CidrIp":"0.0.0.0/0","Description":"Secrets Manager');
    expect(Annotations.fromStack(s.stack).findWarning('*', Match.stringLikeRegexp('HTTPS to any address'))).toEqual([]);
  });

  test('a prefix list: HTTPS egress to it only', () => {
    const s = setup({ preset: RedisPreset.PROD });
    const pl = ec2.PrefixList.fromPrefixListId(s.stack, 'Pl', 'pl-0123456789abcdef0');
    const probe = s.redis.addProbe('Probe', { secretsManagerPrefixList: pl });
    const template = Template.fromStack(s.stack);
    const sgId = ref(s.stack, probe.securityGroup);
    const egress = Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter(r => JSON.stringify(r.Properties.GroupId).includes(sgId) && r.Properties.FromPort === 443);
    expect(egress.map(r => r.Properties)).toEqual([
      expect.objectContaining({ DestinationPrefixListId: 'pl-0123456789abcdef0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
    expect(template.toJSON().Resources[sgId].Properties.SecurityGroupEgress).toBeUndefined();
  });

  test('neither: HTTPS to anywhere, with a warning that says how to narrow it', () => {
    const s = setup({ preset: RedisPreset.PROD });
    s.redis.addProbe();
    Annotations.fromStack(s.stack).hasWarning('/ProbeStack/Redis/Probe', Match.stringLikeRegexp('HTTPS to any address'));
  });
});

describe('options', () => {
  test('loadMode: false switches load mode off (REDIS_PROBE_LOAD_MODE=disabled); on by default', () => {
    expect(probeEnvironment(withProbe({}, { loadMode: false }).template)).toMatchObject({ REDIS_PROBE_LOAD_MODE: 'disabled' });
    expect(probeEnvironment(withProbe({}).template).REDIS_PROBE_LOAD_MODE).toBeUndefined();
  });

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

  test('RBAC with only password-less users: the probe still gets its own password user', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: RedisAuthentication.rbac({ users: [{ userName: 'x', authenticationType: RedisUserAuthenticationType.NO_PASSWORD }] }) });
    s.redis.addProbe();
    expect(s.redis.userNames).toEqual(['default', 'x', 'air-discovery-probe']);
  });

  test('a user already named like the probe user, and a key prefix that cannot be an ACL pattern', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: RedisAuthentication.rbac({ users: [{ userName: 'air-discovery-probe' }] }) });
    expect(() => s.redis.addProbe()).toThrow(/already has a user named 'air-discovery-probe': pass RedisConnectivityProbeOptions.userName/);
    const t = setup();
    expect(() => t.redis.addProbe('Probe', { keyPrefix: 'a b*' })).toThrow(/keyPrefix 'a b\*' must be 1-64 letters, digits/);
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
