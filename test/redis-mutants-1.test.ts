import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, ClusterMode, NetworkType, RedisAuthentication,
  RedisGlobalDatastore, RedisPreset,
} from '../src';
import { build, newStack, replicationGroupProps } from './util';

// Survivors of the StrykerJS run of src/redis.ts lines 1-1090 (/work/notes/tri-tri-r1.md): each test pins
// one behaviour a surviving mutant changed.

function warnings(stack: Stack, needle: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map(w => String(w.entry.data)).filter(d => d.includes(needle));
}

function resourcesOf(template: Template, type: string): any[] {
  return Object.values<any>(template.findResources(type));
}

describe('AirDiscoveryRedis: behaviours pinned for mutation survivors (lines 1-1090)', () => {
  test('fromRedisAttributes without tlsEnabled: TLS is off and the environment says redis://', () => {
    const { stack } = newStack();
    const imported = AirDiscoveryRedis.fromRedisAttributes(stack, 'Imported', {
      replicationGroupId: 'air-imported',
      endpointAddress: 'air-imported.abc123.use1.cache.amazonaws.com',
      endpointPort: 6379,
      securityGroups: [],
    });
    expect(imported.tlsEnabled).toBe(false);
    expect(imported.connectionEnvironment()).toEqual({
      REDIS_HOST: 'air-imported.abc123.use1.cache.amazonaws.com',
      REDIS_PORT: '6379',
      REDIS_TLS: 'false',
      REDIS_URL: 'redis://air-imported.abc123.use1.cache.amazonaws.com:6379',
    });
  });

  test('an invalid input throws before any default is merged, naming the construct path', () => {
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryRedis(stack, 'Redis', {
      vpc, preset: 'staging' as unknown as RedisPreset, networkType: 'ipv5' as unknown as NetworkType,
    })).toThrow(new Error('invalid AirDiscoveryRedis configuration at TestStack/Redis:\n'
      + "  - preset must be one of RedisPreset.DEV, RedisPreset.PROD ('dev', 'prod'), got 'staging': use one of them\n"
      + "  - networkType must be one of NetworkType.IPV4, NetworkType.DUAL_STACK, NetworkType.IPV6 ('ipv4', 'dual_stack', 'ipv6'), got 'ipv5': use one of them (Python: network_type)"));
  });

  test('several configuration errors are listed one per line, each after "\\n  - "', () => {
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryRedis(stack, 'Redis', {
      vpc, atRestEncryption: false, encryptionKey: new kms.Key(stack, 'Key'), snapshotRetention: Duration.days(36),
    })).toThrow(new Error('invalid AirDiscoveryRedis configuration at TestStack/Redis:\n'
      + '  - encryptionKey needs atRestEncryption true, got atRestEncryption false: set atRestEncryption to true or remove encryptionKey (Python: encryption_key, at_rest_encryption)\n'
      + '  - snapshotRetention must be a whole number of days from 0 to 35, got 36 days: e.g. Duration.days(7) (Python: snapshot_retention)'));
  });

  test('dual stack on an IPv6 VPC: the IPv6 ingress rule carries its description', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = new Stack(app, 'Ipv6', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.DUAL_STACK, cacheNodeType: CacheNodeType.T4_G_MICRO });
    const t = Template.fromStack(stack);
    const sg = resourcesOf(t, 'AWS::EC2::SecurityGroup').filter(r => /inbound on the Redis port only/.test(r.Properties.GroupDescription));
    expect(sg).toHaveLength(1);
    expect(sg[0].Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.0.0.0/16', Description: 'Redis access from application subnets only', FromPort: 6379, IpProtocol: 'tcp', ToPort: 6379 },
      { CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC), 'Ipv6CidrBlocks'] }] }, Description: 'Redis access from application subnets only (IPv6)', FromPort: 6379, IpProtocol: 'tcp', ToPort: 6379 },
    ]);
  });

  test('dual stack on an imported VPC: warning noIpv6Ingress with its id', () => {
    const { stack } = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-12345678',
      vpcCidrBlock: '10.1.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: ['subnet-1', 'subnet-2'],
    });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.DUAL_STACK, cacheNodeType: CacheNodeType.T4_G_MICRO });
    expect(warnings(stack, 'IPv6 CIDR is not known')).toEqual([
      'networkType dual_stack: the VPC\'s IPv6 CIDR is not known here (an imported VPC), so no IPv6 ingress rule was added; '
      + 'allow your clients with allowedPeers (ec2.Peer.ipv6(...)) or redis.connections [ack: @air-discovery/cdk-redis:noIpv6Ingress]',
    ]);
  });

  test('allowedPeers: each peer gets an ingress rule on the Redis port with its description', () => {
    const { template } = build({ allowFromVpcCidr: false, allowedPeers: [ec2.Peer.ipv4('10.9.0.0/24')] });
    const sg = resourcesOf(template, 'AWS::EC2::SecurityGroup').filter(r => /inbound on the Redis port only/.test(r.Properties.GroupDescription));
    expect(sg).toHaveLength(1);
    expect(sg[0].Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.9.0.0/24', Description: 'Redis access from an allowed peer', FromPort: 6379, IpProtocol: 'tcp', ToPort: 6379 },
    ]);
  });

  test('parameters with cluster mode disabled: construct id ParameterGroup, no cluster-enabled, the description names the group', () => {
    const { redis, template } = build({ replicationGroupId: 'air-params', parameters: { 'maxmemory-policy': 'allkeys-lru' } });
    expect(redis.parameterGroup!.node.id).toBe('ParameterGroup');
    expect(resourcesOf(template, 'AWS::ElastiCache::ParameterGroup').map(r => r.Properties)).toEqual([{
      CacheParameterGroupFamily: 'redis7',
      Description: 'Parameters of air-params',
      Properties: { 'maxmemory-policy': 'allkeys-lru' },
    }]);
  });

  test('no parameters, or an empty parameters object: no parameter group', () => {
    for (const props of [{}, { parameters: {} }] as Array<Omit<AirDiscoveryRedisProps, 'vpc'>>) {
      const { redis, template } = build(props);
      expect(redis.parameterGroup).toBeUndefined();
      template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
      expect(replicationGroupProps(template).CacheParameterGroupName).toBeUndefined();
    }
  });

  test('cluster mode disabled: no configuration endpoint address', () => {
    const { redis } = build({ clusterMode: ClusterMode.DISABLED });
    expect(redis.configurationEndpointAddress).toBeUndefined();
  });

  test('without a user group the replication group has no UserGroupIds', () => {
    const { template } = build({ authentication: RedisAuthentication.none() });
    expect(Object.keys(replicationGroupProps(template))).not.toContain('UserGroupIds');
  });

  test('with a user group the replication group names it in UserGroupIds', () => {
    const { stack, redis, template } = build({
      transitEncryption: true, authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }),
    });
    expect(replicationGroupProps(template).UserGroupIds).toEqual([{ Ref: stack.getLogicalId(redis.userGroup!) }]);
  });

  test('without durability the replication group has no Durability', () => {
    const { template } = build();
    expect(Object.keys(replicationGroupProps(template))).not.toContain('Durability');
  });

  test('a secondary of a cluster-mode primary deletes NumNodeGroups, ClusterMode and CacheParameterGroupName', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
      vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, clusterMode: ClusterMode.ENABLED,
    });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' }, crossRegionReferences: true });
    new AirDiscoveryRedis(stack, 'Redis', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global });
    const props = replicationGroupProps(Template.fromStack(stack));
    for (const inherited of ['NumNodeGroups', 'ClusterMode', 'CacheParameterGroupName', 'TransitEncryptionMode', 'AutoMinorVersionUpgrade']) {
      expect({ inherited, value: props[inherited] }).toEqual({ inherited, value: undefined });
    }
    expect(props.ReplicasPerNodeGroup).toBe(1);
  });

  test('removalPolicy RETAIN is copied onto the subnet group and the security group', () => {
    const { stack, redis, template } = build({ removalPolicy: RemovalPolicy.RETAIN });
    const resources = template.toJSON().Resources;
    expect(resources[stack.getLogicalId(redis.subnetGroup)].DeletionPolicy).toBe('Retain');
    expect(resources[stack.getLogicalId(redis.securityGroup.node.defaultChild as ec2.CfnSecurityGroup)].DeletionPolicy).toBe('Retain');
  });

  test('removalPolicy RETAIN_ON_UPDATE_OR_DELETE is copied onto the subnet group and the security group', () => {
    const { stack, redis, template } = build({ removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    const resources = template.toJSON().Resources;
    expect(resources[stack.getLogicalId(redis.subnetGroup)].DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(resources[stack.getLogicalId(redis.securityGroup.node.defaultChild as ec2.CfnSecurityGroup)].DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  test('DEV with a generated AUTH token: no rotation unless rotation is true', () => {
    const off = build({ preset: RedisPreset.DEV, transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken() });
    expect(off.redis.rotationFunction).toBeUndefined();
    off.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    const on = build({ preset: RedisPreset.DEV, transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken(), rotation: true });
    on.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  test('acknowledgePresetTradeOffs without a preset: warning tradeOffsWithoutPreset; none with a preset or without the opt-in', () => {
    const ws = (p: Omit<AirDiscoveryRedisProps, 'vpc'>) => Annotations.fromStack(build(p).stack).findWarning('*', Match.anyValue())
      .map(w => String(w.entry.data)).filter(d => d.includes('tradeOffsWithoutPreset') || d.includes('no preset was given'));
    expect(ws({ acknowledgePresetTradeOffs: true })).toEqual([
      'acknowledgePresetTradeOffs is true but no preset was given: trade-offs are acknowledged only for a preset you chose; '
      + 'pass preset: RedisPreset.DEV or RedisPreset.PROD [ack: @air-discovery/cdk-redis:tradeOffsWithoutPreset]',
    ]);
    expect(ws({ acknowledgePresetTradeOffs: true, preset: RedisPreset.DEV })).toEqual([]);
    expect(ws({})).toEqual([]);
  });
});
