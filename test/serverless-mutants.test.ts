import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, RedisAuthentication, RedisPreset, ServerlessEngine } from '../src';
import { newStack } from './util';

// Survivors of the StrykerJS run of src/serverless.ts (docs/triage-constructs--serverless-1.md): each test pins
// one behaviour a surviving mutant changed.

function build(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'> = {}) {
  const { stack, vpc } = newStack();
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, serverlessCacheName: 'air-cache', ...props });
  return { stack, vpc, cache, template: Template.fromStack(stack) };
}

function cacheProps(template: Template): Record<string, any> {
  const caches = Object.values<any>(template.findResources('AWS::ElastiCache::ServerlessCache'));
  expect(caches).toHaveLength(1);
  return caches[0].Properties;
}

describe('AirDiscoveryServerlessRedis: behaviours pinned for mutation survivors', () => {
  test('several invalid inputs are listed one per line, each after "\\n  - "', () => {
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryServerlessRedis(stack, 'Cache', {
      vpc, engine: 'valkey' as unknown as ServerlessEngine, preset: 'staging' as unknown as RedisPreset,
    })).toThrow(/^invalid AirDiscoveryServerlessRedis configuration at TestStack\/Cache:\n {2}- [^\n]+\n {2}- [^\n]+$/);
  });

  test('the default description names the preset', () => {
    expect(cacheProps(build().template).Description).toBe('Serverless Redis for AirDiscovery (dev)');
    expect(cacheProps(build({ preset: RedisPreset.PROD }).template).Description).toBe('Serverless Redis for AirDiscovery (prod)');
  });

  test('allowFromVpcCidr: the VPC CIDR rule with its description by default, none when false', () => {
    const rule = {
      CidrIp: '10.0.0.0/16',
      Description: 'Redis access from application subnets only (endpoint and reader endpoint)',
      FromPort: 6379,
      IpProtocol: 'tcp',
      ToPort: 6380,
    };
    const sg = (t: Template) => Object.values<any>(t.findResources('AWS::EC2::SecurityGroup')).filter(r => /inbound on the cache ports/.test(r.Properties.GroupDescription));
    const on = sg(build().template);
    expect(on).toHaveLength(1);
    expect(on[0].Properties.SecurityGroupIngress).toEqual([rule]);
    const off = sg(build({ allowFromVpcCidr: false }).template);
    expect(off).toHaveLength(1);
    expect(off[0].Properties.SecurityGroupIngress).toBeUndefined();
  });

  test('allowedPeers: each peer gets an ingress rule on 6379-6380 with its description', () => {
    const t = build({ allowFromVpcCidr: false, allowedPeers: [ec2.Peer.ipv4('10.9.0.0/24')] }).template;
    const sg = Object.values<any>(t.findResources('AWS::EC2::SecurityGroup')).filter(r => /inbound on the cache ports/.test(r.Properties.GroupDescription));
    expect(sg).toHaveLength(1);
    expect(sg[0].Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.9.0.0/24', Description: 'Redis access from an allowed peer', FromPort: 6379, IpProtocol: 'tcp', ToPort: 6380 },
    ]);
  });

  test('the AUTH token user and its group are named after the cache', () => {
    const t = build({ preset: RedisPreset.PROD }).template;
    const users = Object.values<any>(t.findResources('AWS::ElastiCache::User')).map(r => r.Properties).filter(p => p.UserName === 'default');
    expect(users).toHaveLength(1);
    expect(users[0].UserId).toBe('air-cache-default');
    const groups = Object.values<any>(t.findResources('AWS::ElastiCache::UserGroup')).map(r => r.Properties);
    expect(groups).toHaveLength(1);
    expect(groups[0].UserGroupId).toBe('air-cache-users');
  });

  test.each([
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'RetainExceptOnCreate'],
    [RemovalPolicy.RETAIN, 'Retain'],
    [RemovalPolicy.DESTROY, undefined],
  ])('removalPolicy %s: the security group\'s DeletionPolicy is %s', (removalPolicy, policy) => {
    const t = build({ removalPolicy }).template;
    const sg = Object.values<any>(t.findResources('AWS::EC2::SecurityGroup')).filter(r => /inbound on the cache ports/.test(r.Properties.GroupDescription));
    expect(sg).toHaveLength(1);
    expect(sg[0].DeletionPolicy).toBe(policy);
  });

  test('outputs carry their descriptions', () => {
    const outputs = build().template.toJSON().Outputs;
    expect(Object.fromEntries(Object.entries<any>(outputs).map(([k, v]) => [k, v.Description]))).toEqual({
      RedisEndpoint: 'Address clients connect to (serverless endpoint, TLS, cluster protocol)',
      RedisPort: 'Port clients connect to',
      RedisClusterId: 'Serverless cache name',
      RedisReaderEndpoint: 'Reader endpoint (reads from replicas, eventually consistent)',
      RedisReaderPort: 'Reader endpoint port',
    });
  });

  test('acknowledgesPresetTradeOffs needs the nag acknowledgements, a chosen preset and the opt-in', () => {
    const acks = (p: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>) => build(p).cache.acknowledgesPresetTradeOffs;
    expect(acks({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true })).toBe(true);
    expect(acks({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, acknowledgeNagFindings: false })).toBe(false);
    expect(acks({ acknowledgePresetTradeOffs: true })).toBe(false);
    expect(acks({ preset: RedisPreset.DEV })).toBe(false);
  });

  test('acknowledgePresetTradeOffs without a preset: warning tradeOffsWithoutPreset; none with a preset or without the opt-in', () => {
    const warnings = (p: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>) => Annotations.fromStack(build(p).stack).findWarning('*', Match.anyValue())
      .map(w => String(w.entry.data)).filter(d => d.includes('tradeOffsWithoutPreset') || d.includes('no preset was given'));
    expect(warnings({ acknowledgePresetTradeOffs: true })).toEqual([
      'acknowledgePresetTradeOffs is true but no preset was given: trade-offs are acknowledged only for a preset you chose; '
      + 'pass preset: RedisPreset.DEV or RedisPreset.PROD [ack: @air-discovery/cdk-redis:tradeOffsWithoutPreset]',
    ]);
    expect(warnings({ acknowledgePresetTradeOffs: true, preset: RedisPreset.DEV })).toEqual([]);
    expect(warnings({})).toEqual([]);
  });

  test('default subnets: one private subnet per AZ when the VPC has two private subnet groups', () => {
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'SplitVpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, serverlessCacheName: 'air-cache' });
    expect(cache.subnets.map(s => s.node.path)).toEqual(['TestStack/SplitVpc/AppSubnet1', 'TestStack/SplitVpc/AppSubnet2']);
    expect(cacheProps(Template.fromStack(stack)).SubnetIds).toHaveLength(2);
  });

  test('an AUTH token SecretValue from Secrets Manager is accepted (resolved to its dynamic reference); connectLambda warns it cannot hand it on', () => {
    const { stack, vpc } = newStack();
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', {
      vpc, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('air/token')),
    });
    const fn = new lambda.Function(stack, 'Fn', {
      vpc, runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1'),
    });
    cache.connectLambda(fn);
    const users = Object.values<any>(Template.fromStack(stack).findResources('AWS::ElastiCache::User')).map(r => r.Properties);
    expect(users).toHaveLength(1);
    expect(users[0].AuthenticationMode).toEqual({ Type: 'password', Passwords: ['{{resolve:secretsmanager:air/token:SecretString:::}}'] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data)).filter(d => d.includes('noAuthSecretForLambda'))).toEqual([
      'connectLambda(TestStack/Fn): the AUTH token came as a SecretValue, so there is no secret to hand the function; '
      + 'use authTokenFromSecret() to let connectLambda pass it [ack: @air-discovery/cdk-redis:noAuthSecretForLambda]',
    ]);
  });

  describe('the probe user\'s secret (DEV preset, trade-offs acknowledged)', () => {
    const probeAcks = (acks: Array<{ id: string; constructPath: string }>) => acks.filter(a => a.constructPath === 'TestStack/Cache/Probe/UserSecret').map(a => a.id);
    const rotationIds = ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'];
    const keyIds = ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'];

    test('RBAC: the cache acknowledges only its rotation findings; the probe its key findings', () => {
      const { cache } = build({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) });
      const probe = cache.addProbe();
      expect(probeAcks(cache.nagAcknowledgements)).toEqual(rotationIds);
      expect(probeAcks(probe.nagAcknowledgements)).toEqual(keyIds);
    });

    test('RBAC with a customer-managed secret key: no key findings acknowledged for the probe user\'s secret', () => {
      const { stack, vpc } = newStack();
      const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', {
        vpc,
        preset: RedisPreset.DEV,
        acknowledgePresetTradeOffs: true,
        authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], secretEncryptionKey: new kms.Key(stack, 'Key') }),
      });
      const probe = cache.addProbe();
      expect(probeAcks(cache.nagAcknowledgements)).toEqual(rotationIds);
      expect(probeAcks(probe.nagAcknowledgements)).toEqual([]);
    });

    test('IAM: the probe user has no secret, so nothing is acknowledged for one', () => {
      const { cache } = build({
        preset: RedisPreset.DEV,
        acknowledgePresetTradeOffs: true,
        authentication: RedisAuthentication.iam({ users: [{ userName: 'app', accessString: 'on ~* +@all' }] }),
      });
      cache.addProbe();
      expect(cache.nagAcknowledgements).toEqual([]);
    });
  });

  test('the rotation function talks to the cache in cluster mode (REDIS_CLUSTER_MODE true)', () => {
    const { cache, stack } = build({ preset: RedisPreset.PROD });
    expect(cache.rotationFunction).toBeDefined();
    const fn = cache.rotationFunction!.node.defaultChild as lambda.CfnFunction;
    expect((stack.resolve(fn.environment) as any).variables.REDIS_CLUSTER_MODE).toBe('true');
  });
});
