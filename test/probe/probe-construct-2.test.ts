/**
 * RedisConnectivityProbe (src/probe/probe.ts), second half of the construct: how the probe reaches Secrets Manager
 * (which egress rule, with which description), the warnings it gives (exact text and acknowledgement id), which
 * interface endpoint counts as a Secrets Manager endpoint, the cdk-nag acknowledgements it applies, and the user it
 * takes on a cache implemented outside this library (no probe-user internals).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ensureProbeBundle } from './bundle';
import { externalCache, ref, setup } from './probe-stack';
import {
  RedisAuthentication, RedisConnectivityProbe, RedisPreset,
  RedisUserAuthenticationType,
} from '../../src';

beforeAll(() => ensureProbeBundle());

const HTTPS_TO_ANYWHERE = 'the probe reads its secret from Secrets Manager over HTTPS to any address (through the NAT): add an interface VPC '
  + 'endpoint for Secrets Manager to the VPC (the probe then uses it alone) or pass secretsManagerEndpoint / secretsManagerPrefixList '
  + '[ack: @air-discovery/cdk-redis:probeHttpsToAnywhere]';
const ISOLATED_SUBNETS = 'the probe reads its secret from Secrets Manager but runs in isolated subnets: add an interface VPC endpoint for '
  + 'Secrets Manager (vpc.addInterfaceEndpoint(\'SecretsManager\', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER })) '
  + 'or the probe answers DOWN with SECRET_UNAVAILABLE [ack: @air-discovery/cdk-redis:probeIsolatedSubnets]';
/** The probe's inline egress rule when it reaches Secrets Manager through the NAT. */
const HTTPS_ANYWHERE_RULE = { CidrIp: '0.0.0.0/0', Description: 'Secrets Manager API (HTTPS)', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 };

const ISOLATED_VPC: ec2.VpcProps = { natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] };

/** Every warning on the probe construct itself (its own annotations, not its children's). */
function probeWarnings(stack: Stack, probe: RedisConnectivityProbe): string[] {
  return Annotations.fromStack(stack).findWarning(`/${probe.node.path}`, Match.stringLikeRegexp('.*')).map(w => w.entry.data as string);
}

/** The probe security group's inline egress rules, and its egress rules on port 443 that are resources of their own. */
function httpsEgress(stack: Stack, probe: RedisConnectivityProbe) {
  const template = Template.fromStack(stack);
  const sgId = ref(stack, probe.securityGroup);
  return {
    sgId,
    inline: template.toJSON().Resources[sgId].Properties.SecurityGroupEgress,
    resources: Object.values<any>(template.findResources('AWS::EC2::SecurityGroupEgress'))
      .filter(r => JSON.stringify(r.Properties.GroupId).includes(sgId) && r.Properties.FromPort === 443)
      .map(r => r.Properties),
  };
}

describe('how the probe reaches Secrets Manager: one rule, with its description, and the warnings that go with it', () => {
  test('an interface endpoint in the VPC: one HTTPS rule to the endpoint\'s security group, no inline rule, no warning', () => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false });
    const endpoint = s.vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    const probe = s.redis.addProbe();
    const egress = httpsEgress(s.stack, probe);
    expect(egress.inline).toBeUndefined();
    expect(egress.resources).toEqual([{
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      Description: 'Secrets Manager interface endpoint (HTTPS)',
      GroupId: { 'Fn::GetAtt': [egress.sgId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [ref(s.stack, endpoint.connections.securityGroups[0]), 'GroupId'] },
    }]);
    expect(probeWarnings(s.stack, probe)).toEqual([]);
  });

  test('a prefix list: one HTTPS rule to it, described as such, no warning', () => {
    const s = setup({ preset: RedisPreset.PROD });
    const pl = ec2.PrefixList.fromPrefixListId(s.stack, 'Pl', 'pl-0123456789abcdef0');
    const probe = s.redis.addProbe('Probe', { secretsManagerPrefixList: pl });
    const egress = httpsEgress(s.stack, probe);
    expect(egress.inline).toBeUndefined();
    expect(egress.resources).toEqual([{
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      Description: 'Secrets Manager (HTTPS, prefix list)',
      GroupId: { 'Fn::GetAtt': [egress.sgId, 'GroupId'] },
      DestinationPrefixListId: 'pl-0123456789abcdef0',
    }]);
    expect(probeWarnings(s.stack, probe)).toEqual([]);
  });

  test('neither, in private subnets: HTTPS to anywhere and that one warning (not the isolated-subnets one)', () => {
    const s = setup({ preset: RedisPreset.PROD });
    const probe = s.redis.addProbe();
    const egress = httpsEgress(s.stack, probe);
    expect(egress.inline).toEqual([HTTPS_ANYWHERE_RULE]);
    expect(egress.resources).toEqual([]);
    expect(probeWarnings(s.stack, probe)).toEqual([HTTPS_TO_ANYWHERE]);
  });

  test('neither, in isolated subnets: HTTPS to anywhere, and both warnings with their acknowledgement ids', () => {
    const s = setup({ preset: RedisPreset.PROD }, ISOLATED_VPC);
    const probe = s.redis.addProbe();
    expect(httpsEgress(s.stack, probe).inline).toEqual([HTTPS_ANYWHERE_RULE]);
    expect(probeWarnings(s.stack, probe)).toEqual([HTTPS_TO_ANYWHERE, ISOLATED_SUBNETS]);
  });

  test('isolated subnets with a Secrets Manager endpoint: the endpoint is the way out, no warning', () => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false }, ISOLATED_VPC);
    s.vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    const probe = s.redis.addProbe();
    const egress = httpsEgress(s.stack, probe);
    expect(egress.inline).toBeUndefined();
    expect(egress.resources.map(r => r.Description)).toEqual(['Secrets Manager interface endpoint (HTTPS)']);
    expect(probeWarnings(s.stack, probe)).toEqual([]);
  });
});

describe('the subnets the probe runs in', () => {
  test('a selection with private and isolated subnets: the isolated-subnets warning too (Lambda may run the function in either)', () => {
    const s = setup({ preset: RedisPreset.PROD }, {
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const probe = s.redis.addProbe('Probe', { vpcSubnets: { subnets: [s.vpc.privateSubnets[0], s.vpc.isolatedSubnets[1]] } });
    expect(probeWarnings(s.stack, probe)).toEqual([HTTPS_TO_ANYWHERE, ISOLATED_SUBNETS]);
  });

  test('the same VPC, private subnets only: no isolated-subnets warning', () => {
    const s = setup({ preset: RedisPreset.PROD }, {
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const probe = s.redis.addProbe('Probe', { vpcSubnets: { subnets: s.vpc.privateSubnets } });
    expect(probeWarnings(s.stack, probe)).toEqual([HTTPS_TO_ANYWHERE]);
  });

  test('a selection with no subnet: refused at synth (the function could not reach the cache)', () => {
    const s = setup({ preset: RedisPreset.DEV });
    expect(() => s.redis.addProbe('Probe', { vpcSubnets: { subnets: [] } })).toThrow(new Error(
      'RedisConnectivityProbe ProbeStack/Redis/Probe: vpcSubnets selects no subnet of ProbeStack/Vpc; the probe\'s function must run '
      + 'in the cache\'s VPC: select at least one subnet that reaches the cache, e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }'));
  });
});

describe('which interface endpoint is the Secrets Manager endpoint: Secrets Manager, private DNS on, in the cache\'s VPC', () => {
  test.each<[string, (stack: Stack, vpc: ec2.Vpc) => void]>([
    ['an endpoint of another service (SSM) in the VPC', (_stack, vpc) => {
      vpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM });
    }],
    ['a Secrets Manager endpoint with private DNS off (the SDK\'s default host name does not resolve to it)', (_stack, vpc) => {
      vpc.addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, privateDnsEnabled: false });
    }],
    ['a Secrets Manager endpoint in another VPC of the same stack', stack => {
      new ec2.Vpc(stack, 'OtherVpc', { ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'), maxAzs: 2, natGateways: 0 })
        .addInterfaceEndpoint('SecretsManager', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER });
    }],
  ])('%s does not count: HTTPS to anywhere, with its warning', (_what, addEndpoint) => {
    const s = setup({ preset: RedisPreset.PROD, rotation: false });
    addEndpoint(s.stack, s.vpc);
    const probe = s.redis.addProbe();
    const egress = httpsEgress(s.stack, probe);
    expect(egress.inline).toEqual([HTTPS_ANYWHERE_RULE]);
    expect(egress.resources).toEqual([]);
    expect(probeWarnings(s.stack, probe)).toEqual([HTTPS_TO_ANYWHERE]);
  });
});

test('acknowledgeNagFindings: false: the probe applies no acknowledgement either; by default it applies its own', () => {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const acknowledged = (probe: RedisConnectivityProbe) => probe.node.findAll()
    .filter(c => c.node.metadata.some(m => m.type === key)).map(c => c.node.path).sort();
  const off = setup({ preset: RedisPreset.PROD, acknowledgeNagFindings: false }).redis.addProbe();
  expect(acknowledged(off)).toEqual([]);
  const on = setup({ preset: RedisPreset.PROD }).redis.addProbe();
  expect(acknowledged(on)).toEqual([...new Set(on.nagAcknowledgements.map(a => a.constructPath))].sort());
  expect(acknowledged(on)).toEqual(['ProbeStack/Redis/Probe/Function/ServiceRole']);
});

describe('a cache implemented outside this library (no probe-user internals): the probe takes one of its users', () => {
  const rbac = (...users: Array<[string, RedisUserAuthenticationType]>) => setup({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.rbac({ users: users.map(([userName, authenticationType]) => ({ userName, authenticationType })) }),
  });
  const NO_PASSWORD = RedisUserAuthenticationType.NO_PASSWORD;
  const PASSWORD = RedisUserAuthenticationType.PASSWORD;

  test('RBAC: its first password user (default and password-less users skipped), read access to that secret, no user of its own', () => {
    const s = rbac(['reader', NO_PASSWORD], ['app', PASSWORD], ['ops', PASSWORD]);
    const probe = new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) });
    const template = Template.fromStack(s.stack);
    const fn = template.toJSON().Resources[ref(s.stack, probe.lambdaFunction)];
    expect(fn.Properties.Environment.Variables).toMatchObject({
      REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'app', REDIS_USER_SECRET_ARN: { Ref: ref(s.stack, s.redis.userSecret('app')) },
    });
    expect(Object.values<any>(template.findResources('AWS::ElastiCache::User')).map(u => u.Properties.UserName).sort())
      .toEqual(['app', 'default', 'ops', 'reader']);
  });

  test('RBAC without a password user: the error names the cache and the users it saw, default left out', () => {
    const s = rbac(['reader', NO_PASSWORD], ['auditor', NO_PASSWORD]);
    expect(() => new RedisConnectivityProbe(s.stack, 'Probe', { redis: externalCache(s.redis) })).toThrow(new Error(
      'RedisConnectivityProbe: ProbeStack/Redis has no password user for the probe (users: reader, auditor); add one or pass userName'));
  });

  test('a cache with only the default user: "users: none"', () => {
    const s = rbac(['reader', NO_PASSWORD]);
    const redis = externalCache(s.redis, { userNames: { value: ['default'] } });
    expect(() => new RedisConnectivityProbe(s.stack, 'Probe', { redis })).toThrow(new Error(
      'RedisConnectivityProbe: ProbeStack/Redis has no password user for the probe (users: none); add one or pass userName'));
  });
});
