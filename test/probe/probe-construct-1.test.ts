/**
 * RedisConnectivityProbe (src/probe/probe.ts, the constructor through the authentication switch): what the
 * main suite (probe.test.ts) leaves open, found by the mutation run of issue 18. Each test names the
 * behaviour it pins: a probe timeout taken from a CloudFormation parameter, the subnets it is told to use,
 * the key prefix check anchored at both ends, its security group's description, its log group, the HTTPS
 * egress of an RBAC probe, the serverless IAM token flag, a cache implemented outside this library (no
 * dedicated probe user: the first usable user), and a Global Datastore secondary without a readable token.
 */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ensureProbeBundle } from './bundle';
import { externalCache, ref, setup } from './probe-stack';
import {
  AirDiscoveryServerlessRedis, RedisAuthentication, RedisConnectivityProbe, RedisPreset, RedisUserAuthenticationType,
} from '../../src';
import { globalDatastoreWithOwnTokenSecret } from '../util';

beforeAll(() => ensureProbeBundle());

/** The only resource of `type` whose logical id starts with `prefix`. */
function only(template: Template, type: string, prefix: string): any {
  const found = Object.entries<any>(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][1];
}

/** The probe function's environment variables (the function of construct path `<prefix>…/Probe/Function`). */
function probeEnvironment(template: Template, prefix = 'RedisProbe'): Record<string, unknown> {
  return only(template, 'AWS::Lambda::Function', `${prefix}Function`).Properties.Environment.Variables;
}

const RBAC_USERS = RedisAuthentication.rbac({
  users: [
    { userName: 'nopass', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' },
    { userName: 'app' },
  ],
});

describe('timeouts', () => {
  test('a function timeout from a CloudFormation parameter is not compared with the step timeout (it is unknown at synth)', () => {
    const s = setup();
    const seconds = new CfnParameter(s.stack, 'ProbeTimeout', { type: 'Number', default: 120 });
    s.redis.addProbe('Probe', { timeout: Duration.seconds(seconds.valueAsNumber) });
    const fn = only(Template.fromStack(s.stack), 'AWS::Lambda::Function', 'RedisProbeFunction');
    expect(fn.Properties.Timeout).toEqual({ Ref: 'ProbeTimeout' });
    expect(fn.Properties.Environment.Variables.REDIS_TIMEOUT_MS).toBe('5000');
  });
});

describe('subnets', () => {
  const vpcProps: ec2.VpcProps = {
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  };

  test('vpcSubnets puts the function in the subnets it selects (here the isolated ones, not the default private ones)', () => {
    const s = setup({}, vpcProps);
    const probe = s.redis.addProbe('Probe', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const fn = only(Template.fromStack(s.stack), 'AWS::Lambda::Function', 'RedisProbeFunction');
    expect(fn.Properties.VpcConfig.SubnetIds).toEqual(s.vpc.isolatedSubnets.map(n => ({ Ref: ref(s.stack, n) })));
    expect(s.vpc.isolatedSubnets).toHaveLength(2);
    expect(probe.lambdaFunction.isBoundToVpc).toBe(true);
  });

  test('without vpcSubnets: the private subnets with egress', () => {
    const s = setup({}, vpcProps);
    s.redis.addProbe('Probe');
    const fn = only(Template.fromStack(s.stack), 'AWS::Lambda::Function', 'RedisProbeFunction');
    expect(fn.Properties.VpcConfig.SubnetIds).toEqual(s.vpc.privateSubnets.map(n => ({ Ref: ref(s.stack, n) })));
  });
});

describe('keyPrefix: the whole prefix must be 1-64 letters, digits or ": _ . -"', () => {
  const message = (prefix: string) => `RedisConnectivityProbe ProbeStack/Redis/Probe: keyPrefix '${prefix}' must be 1-64 letters, digits `
    + `or ': _ . -' (it becomes the probe user's key pattern ~${prefix}*)`;

  test.each([
    ['a space before a valid ending', 'bad prefix:'],
    ['a space first', ' probe:'],
    ['65 characters', `${'p'.repeat(64)}:`],
    ['empty', ''],
  ])('%s is rejected', (_what, prefix) => {
    const s = setup();
    expect(() => s.redis.addProbe('Probe', { keyPrefix: prefix })).toThrow(new Error(message(prefix)));
  });

  test('64 characters of every allowed kind are accepted', () => {
    const prefix = `Aa0:_.-${'x'.repeat(57)}`;
    expect(prefix).toHaveLength(64);
    const s = setup();
    s.redis.addProbe('Probe', { keyPrefix: prefix });
    expect(probeEnvironment(Template.fromStack(s.stack)).REDIS_PROBE_KEY_PREFIX).toBe(prefix);
  });
});

describe('the probe\'s own resources', () => {
  test('its security group says whose probe it is and that it only goes out to the Redis port', () => {
    const s = setup({ preset: RedisPreset.DEV });
    const probe = s.redis.addProbe();
    const sg = Template.fromStack(s.stack).toJSON().Resources[ref(s.stack, probe.securityGroup)];
    expect(sg.Properties.GroupDescription).toBe('Connectivity probe of ProbeStack/Redis: outbound to the Redis port only');
  });

  test('its log group: one month by default, deleted with the stack', () => {
    const s = setup({ preset: RedisPreset.DEV });
    const probe = s.redis.addProbe();
    const group = Template.fromStack(s.stack).toJSON().Resources[ref(s.stack, probe.logGroup)];
    expect(group).toEqual({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 30 },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    });
  });
});

describe('RBAC: the probe reads its user\'s secret, so it may reach Secrets Manager', () => {
  test('without an endpoint or prefix list: HTTPS to anywhere, and the warning that says how to narrow it', () => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false, authentication: RBAC_USERS });
    const probe = s.redis.addProbe();
    const sg = Template.fromStack(s.stack).toJSON().Resources[ref(s.stack, probe.securityGroup)];
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'Secrets Manager API (HTTPS)', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    expect(Annotations.fromStack(s.stack).findWarning('/ProbeStack/Redis/Probe', Match.stringLikeRegexp('probeHttpsToAnywhere')).map(w => w.entry.data))
      .toEqual(['the probe reads its secret from Secrets Manager over HTTPS to any address (through the NAT): add an interface VPC endpoint '
        + 'for Secrets Manager to the VPC (the probe then uses it alone) or pass secretsManagerEndpoint / secretsManagerPrefixList '
        + '[ack: @air-discovery/cdk-redis:probeHttpsToAnywhere]']);
  });
});

describe('IAM: the token is signed for the kind of cache', () => {
  const IAM_USERS = RedisAuthentication.iam({ users: [{ userName: 'air-api' }] });

  test('node-based: no REDIS_IAM_RESOURCE_TYPE (a replication group is the default resource type)', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: IAM_USERS });
    s.redis.addProbe();
    expect(Object.keys(probeEnvironment(Template.fromStack(s.stack))).sort()).toEqual([
      'AWS_NODEJS_CONNECTION_REUSE_ENABLED', 'REDIS_AUTH_MODE', 'REDIS_CLUSTER_MODE', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_PROBE_KEY_PREFIX',
      'REDIS_REPLICATION_GROUP_ID', 'REDIS_TIMEOUT_MS', 'REDIS_TLS', 'REDIS_URL', 'REDIS_USER',
    ]);
  });

  test('serverless: REDIS_IAM_RESOURCE_TYPE=ServerlessCache, the cache name and its probe user', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = new Stack(app, 'ProbeStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', {
      vpc, preset: RedisPreset.PROD, authentication: IAM_USERS, serverlessCacheName: 'air-serverless',
    });
    cache.addProbe('Probe');
    expect(probeEnvironment(Template.fromStack(stack), 'CacheProbe')).toMatchObject({
      REDIS_AUTH_MODE: 'iam',
      REDIS_USER: 'air-serverless-probe',
      REDIS_REPLICATION_GROUP_ID: 'air-serverless',
      REDIS_IAM_RESOURCE_TYPE: 'ServerlessCache',
    });
    expect(Object.keys(probeEnvironment(Template.fromStack(stack), 'CacheProbe')).filter(k => k.startsWith('REDIS_IAM'))).toEqual(['REDIS_IAM_RESOURCE_TYPE']);
  });
});

describe('a cache implemented outside this library: the probe uses the first user it can authenticate as', () => {
  test('RBAC: the first password user (a password-less user is skipped), with read access to that user\'s secret', () => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false, authentication: RBAC_USERS });
    new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) });
    const template = Template.fromStack(s.stack);
    const secretRef = { Ref: ref(s.stack, s.redis.userSecret('app') as secretsmanager.Secret) };
    expect(probeEnvironment(template, 'Probe')).toMatchObject({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'app', REDIS_USER_SECRET_ARN: secretRef });
    // no user of its own
    expect(template.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'air-discovery-probe' } })).toEqual({});
  });

  test('RBAC without a password user: an error that names the users', () => {
    const s = setup({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'x', authenticationType: RedisUserAuthenticationType.NO_PASSWORD }] }),
    });
    expect(() => new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) })).toThrow(new Error(
      'RedisConnectivityProbe: ProbeStack/Redis has no password user for the probe (users: x); add one or pass userName'));
  });

  test('IAM: the first IAM-enabled user, with elasticache:Connect on it', () => {
    const s = setup({ preset: RedisPreset.PROD, authentication: RedisAuthentication.iam({ users: [{ userName: 'air-api' }] }) });
    new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) });
    const template = Template.fromStack(s.stack);
    expect(probeEnvironment(template, 'Probe')).toMatchObject({ REDIS_AUTH_MODE: 'iam', REDIS_USER: 'air-api' });
    const connect = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).filter(st => st.Action === 'elasticache:Connect');
    expect(connect).toHaveLength(1);
    const users = Object.keys(template.findResources('AWS::ElastiCache::User', { Properties: { UserName: 'air-api' } }));
    expect(users).toHaveLength(1);
    expect(connect[0].Resource).toContainEqual({ 'Fn::GetAtt': [users[0], 'Arn'] });
  });

  test('IAM without an IAM-enabled user: an error that names the users', () => {
    const s = setup({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.iam({ users: [{ userName: 'pw', authenticationType: RedisUserAuthenticationType.PASSWORD }] }),
    });
    expect(() => new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) })).toThrow(new Error(
      'RedisConnectivityProbe: ProbeStack/Redis has no IAM-enabled user for the probe (users: pw); add one or pass userName'));
  });
});

test('a Global Datastore secondary whose primary\'s AUTH token is the user\'s own secret: the probe cannot read it there', () => {
  const { secondary } = globalDatastoreWithOwnTokenSecret();
  expect(secondary.authSecret).toBeUndefined();
  expect(() => secondary.addProbe()).toThrow(new Error('RedisConnectivityProbe Secondary/Redis/Probe: Secondary/Redis is a Global Datastore secondary '
    + 'whose primary did not generate its AUTH token secret, so there is no replica in this region to read: probe the primary'));
});
