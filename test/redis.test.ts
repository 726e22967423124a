import { CfnElement, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { build, newStack, replicationGroupProps } from './util';
import {
  AirDiscoveryRedis, AuthenticationMode, CacheEngine, CacheNodeType, ClusterMode, EngineVersion, RedisAuthentication,
  RedisParameters, RedisPreset, TransitEncryptionMode,
} from '../src';

describe('DEV preset (the default)', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const { template, redis } = build();
    return { template, redis };
  };

  test('one replication group with the setup guide values', () => {
    const { template } = setup();
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    template.resourceCountIs('AWS::ElastiCache::CacheCluster', 0);
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: {
        Engine: 'redis',
        EngineVersion: '7.0',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 1,
        AutomaticFailoverEnabled: false,
        MultiAZEnabled: false,
        Port: 6379,
        TransitEncryptionEnabled: false,
        TransitEncryptionMode: Match.absent(),
        AtRestEncryptionEnabled: true,
        AuthToken: Match.absent(),
        UserGroupIds: Match.absent(),
        SnapshotRetentionLimit: 1,
        SnapshotWindow: '02:00-03:00',
        PreferredMaintenanceWindow: 'sun:03:00-sun:04:00',
        AutoMinorVersionUpgrade: true,
      },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('no secret is created', () => {
    const { template, redis } = setup();
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(redis.authSecret).toBeUndefined();
  });

  test('resolved configuration is exposed', () => {
    const { redis } = setup();
    expect(redis.configuration.preset).toBe(RedisPreset.DEV);
    expect(redis.configuration.totalNodes).toBe(1);
    expect(redis.configuration.authenticationMode).toBe(AuthenticationMode.NONE);
    expect(redis.configuration.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(redis.configuration.alarms).toBe(false);
  });

  test('the replication group is the default child, construct id Resource', () => {
    const { redis } = setup();
    expect(redis.node.defaultChild).toBe(redis.replicationGroup);
    expect(redis.replicationGroup).toBeInstanceOf(elasticache.CfnReplicationGroup);
    expect(redis.replicationGroup.node.id).toBe('Resource');
  });

  test('matches the snapshot', () => {
    const { template } = setup();
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('PROD preset', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const { template, redis } = build({ preset: RedisPreset.PROD });
    return { template, redis };
  };

  test('the setup guide production plan', () => {
    const { template } = setup();
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: {
        CacheNodeType: 'cache.t3.small',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        Port: 6380,
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
        AtRestEncryptionEnabled: true,
        SnapshotRetentionLimit: 7,
        AuthToken: Match.anyValue(),
      },
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  test('the AUTH token is a Secrets Manager dynamic reference, generated with ElastiCache rules', () => {
    const { template, redis } = setup();
    const props = replicationGroupProps(template);
    // the token is the whole generated secret (no JSON field)
    const stack = Stack.of(redis);
    expect(props.AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: stack.getLogicalId(redis.authSecret!.node.defaultChild as CfnElement) }, ':SecretString:::}}']],
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        PasswordLength: 64,
        ExcludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~',
      },
    });
    expect(redis.configuration.authenticationMode).toBe(AuthenticationMode.AUTH_TOKEN);
  });

  test('reader endpoint output when there are replicas', () => {
    const { template } = setup();
    template.hasOutput('RedisReaderEndpoint', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Redis'), 'ReaderEndPoint.Address'] },
    });
  });

  test('matches the snapshot', () => {
    const { template } = setup();
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('every preset value can be overridden', () => {
  test.each([
    ['engineVersion', { engineVersion: EngineVersion.VALKEY_8_0 }, { Engine: 'valkey', EngineVersion: '8.0' }],
    ['engineVersion escape hatch', { engineVersion: EngineVersion.of(CacheEngine.VALKEY, '8.3') }, { EngineVersion: '8.3' }],
    ['cacheNodeType', { cacheNodeType: CacheNodeType.M7_G_LARGE }, { CacheNodeType: 'cache.m7g.large' }],
    ['numCacheNodes', { numCacheNodes: 2 }, { NumCacheClusters: 2 }],
    ['multiAz', { numCacheNodes: 2, multiAz: true }, { MultiAZEnabled: true, AutomaticFailoverEnabled: true }],
    ['automaticFailover', { numCacheNodes: 2, automaticFailover: true }, { MultiAZEnabled: false, AutomaticFailoverEnabled: true }],
    ['port', { port: 7000 }, { Port: 7000 }],
    ['transitEncryption', { transitEncryption: true }, { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' }],
    ['transitEncryptionMode', { transitEncryption: true, transitEncryptionMode: TransitEncryptionMode.PREFERRED }, { TransitEncryptionMode: 'preferred' }],
    ['atRestEncryption', { atRestEncryption: false }, { AtRestEncryptionEnabled: false }],
    ['snapshotRetention', { snapshotRetention: Duration.days(5) }, { SnapshotRetentionLimit: 5 }],
    ['snapshotRetention 0 drops the window', { snapshotRetention: Duration.days(0) }, { SnapshotRetentionLimit: 0, SnapshotWindow: Match.absent() }],
    ['snapshotWindow', { snapshotWindow: '05:00-06:30' }, { SnapshotWindow: '05:00-06:30' }],
    ['maintenanceWindow', { maintenanceWindow: 'tue:10:00-tue:11:00' }, { PreferredMaintenanceWindow: 'tue:10:00-tue:11:00' }],
    ['description', { description: 'socket auth' }, { ReplicationGroupDescription: 'socket auth' }],
    ['replicationGroupId', { replicationGroupId: 'air-discovery-redis' }, { ReplicationGroupId: 'air-discovery-redis' }],
    ['autoMinorVersionUpgrade', { autoMinorVersionUpgrade: false }, { AutoMinorVersionUpgrade: false }],
  ])('%s', (_name, props, expected) => {
    const { template } = build(props as any);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', expected);
  });

  test('PROD with DEV sizes', () => {
    const { template, redis } = build({
      preset: RedisPreset.PROD,
      cacheNodeType: CacheNodeType.T3_MICRO,
      numCacheNodes: 2,
      port: 6379,
      authentication: RedisAuthentication.none(),
      transitEncryption: false,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: { CacheNodeType: 'cache.t3.micro', NumCacheClusters: 2, Port: 6379, TransitEncryptionEnabled: false, AuthToken: Match.absent() },
      DeletionPolicy: 'Retain',
    });
    expect(redis.configuration.preset).toBe(RedisPreset.PROD);
  });

  test('removalPolicy RETAIN keeps what the group cannot work without', () => {
    const { template } = build({
      preset: RedisPreset.PROD, removalPolicy: RemovalPolicy.RETAIN, parameters: RedisParameters.AIR_DISCOVERY_CACHE,
    });
    for (const type of ['AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup', 'AWS::EC2::SecurityGroup',
      'AWS::ElastiCache::ParameterGroup', 'AWS::SecretsManager::Secret']) {
      template.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('removalPolicy RETAIN with RBAC keeps the users, their secrets and the user group', () => {
    const { template } = build({
      transitEncryption: true,
      removalPolicy: RemovalPolicy.RETAIN,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }),
    });
    for (const type of ['AWS::ElastiCache::User', 'AWS::ElastiCache::UserGroup', 'AWS::SecretsManager::Secret']) {
      for (const r of Object.values(template.findResources(type))) expect({ type, policy: r.DeletionPolicy }).toEqual({ type, policy: 'Retain' });
    }
  });

  test('removalPolicy RETAIN leaves a secret the user passed in alone', () => {
    const { stack, vpc } = newStack();
    const mine = new secretsmanager.Secret(stack, 'Mine', { generateSecretString: { excludePunctuation: true } });
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc, preset: RedisPreset.PROD, removalPolicy: RemovalPolicy.RETAIN, authentication: RedisAuthentication.authTokenFromSecret(mine),
    });
    const template = Template.fromStack(stack);
    expect(template.toJSON().Resources[stack.getLogicalId(mine.node.defaultChild as any)].DeletionPolicy).toBe('Delete');
    template.hasResource('AWS::ElastiCache::SubnetGroup', { DeletionPolicy: 'Retain' });
  });

  test('removalPolicy DESTROY leaves the dependents to CloudFormation defaults', () => {
    const { template } = build();
    expect(Object.values(template.findResources('AWS::ElastiCache::SubnetGroup'))[0].DeletionPolicy).toBeUndefined();
  });

  test('removalPolicy SNAPSHOT on DEV', () => {
    const { template } = build({ removalPolicy: RemovalPolicy.SNAPSHOT });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot' });
  });

  test('customer-managed KMS key', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'Key');
    new AirDiscoveryRedis(stack, 'Redis', { vpc, encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
    });
  });

  test('parameters create a parameter group of the engine family', () => {
    const { template, redis } = build({ parameters: RedisParameters.AIR_DISCOVERY_CACHE, engineVersion: EngineVersion.VALKEY_8_1 });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'maxmemory-policy': 'allkeys-lru', 'timeout': '300', 'tcp-keepalive': '60' },
    });
    template.resourceCountIs('AWS::ElastiCache::ParameterGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      CacheParameterGroupName: { Ref: Stack.of(redis).getLogicalId(redis.parameterGroup!) },
    });
  });

  test('RedisParameters.merge keeps the guide\'s set, later values win, the inputs are untouched', () => {
    const merged = RedisParameters.merge(RedisParameters.AIR_DISCOVERY_CACHE, { 'maxmemory-policy': 'volatile-lru', 'notify-keyspace-events': 'Ex' });
    expect(merged).toEqual({ 'maxmemory-policy': 'volatile-lru', 'timeout': '300', 'tcp-keepalive': '60', 'notify-keyspace-events': 'Ex' });
    expect(RedisParameters.AIR_DISCOVERY_CACHE['maxmemory-policy']).toBe('allkeys-lru');
    const { template } = build({ parameters: merged });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'redis7', Properties: merged });
  });
});

describe('network', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const { template, stack, vpc } = build();
    return { template, stack, vpc };
  };

  test('the subnet group covers the private subnets of every AZ, never public ones', () => {
    const { template, stack, vpc } = setup();
    const subnetIds = template.findResources('AWS::ElastiCache::SubnetGroup');
    const [group] = Object.values(subnetIds);
    const ids = stack.resolve(vpc.privateSubnets.map(s => s.subnetId));
    expect(group.Properties.SubnetIds).toEqual(ids);
    expect(ids).toHaveLength(2);
    for (const pub of stack.resolve(vpc.publicSubnets.map(s => s.subnetId))) {
      expect(group.Properties.SubnetIds).not.toContainEqual(pub);
    }
  });

  test('security group: Redis port from the VPC CIDR only, outbound blocked', () => {
    const { template } = setup();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{
        CidrIp: '10.0.0.0/16',
        FromPort: 6379,
        ToPort: 6379,
        IpProtocol: 'tcp',
        Description: 'Redis access from application subnets only',
      }],
      // CDK's way of saying "no egress": a rule that matches no traffic
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }],
    });
  });

  test('a VPC whose CIDR is only known at deploy time is referenced, not guessed', () => {
    const { stack: s2 } = newStack();
    const imported = ec2.Vpc.fromVpcAttributes(s2, 'Imported', {
      vpcId: 'vpc-123',
      vpcCidrBlock: Token.asString({ 'Fn::ImportValue': 'VpcCidr' }),
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: ['subnet-a', 'subnet-b'],
    });
    new AirDiscoveryRedis(s2, 'Redis', { vpc: imported });
    Template.fromStack(s2).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: { 'Fn::ImportValue': 'VpcCidr' }, FromPort: 6379 })],
    });
  });

  test('isolated-only VPCs use the isolated subnets', () => {
    const { stack: s2 } = newStack();
    const isolated = new ec2.Vpc(s2, 'Isolated', {
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new AirDiscoveryRedis(s2, 'Redis', { vpc: isolated });
    const [group] = Object.values(Template.fromStack(s2).findResources('AWS::ElastiCache::SubnetGroup'));
    expect(group.Properties.SubnetIds).toHaveLength(3);
  });

  test('a VPC with only public subnets is rejected', () => {
    const { stack: s2 } = newStack();
    const pub = new ec2.Vpc(s2, 'Public', { maxAzs: 2, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new AirDiscoveryRedis(s2, 'Redis', { vpc: pub })).toThrow(/vpc has no private or isolated subnets/);
  });

  test('connections: allowDefaultPortFrom opens the Redis port to a security group', () => {
    const { stack: s2, vpc: v2 } = newStack();
    const redis = new AirDiscoveryRedis(s2, 'Redis', { vpc: v2, preset: RedisPreset.PROD });
    const app = new ec2.SecurityGroup(s2, 'App', { vpc: v2 });
    redis.connections.allowDefaultPortFrom(app);
    Template.fromStack(s2).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6380,
      ToPort: 6380,
      IpProtocol: 'tcp',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^App'), 'GroupId'] },
    });
  });

  test('allowedPeers and allowFromVpcCidr false', () => {
    const { template: t } = build({ allowFromVpcCidr: false, allowedPeers: [ec2.Peer.ipv4('10.50.0.0/16')] });
    const [sg] = Object.values(t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Redis') } }));
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '10.50.0.0/16', FromPort: 6379, ToPort: 6379 }),
    ]);
  });
});

describe('outputs and attributes', () => {
  test('RedisEndpoint, RedisPort, RedisClusterId with exactly those logical ids', () => {
    const { template, stack, redis } = build();
    template.hasOutput('RedisEndpoint', { Value: { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'PrimaryEndPoint.Address'] } });
    template.hasOutput('RedisPort', { Value: '6379' });
    template.hasOutput('RedisClusterId', { Value: Match.stringLikeRegexp('^teststack-redis-[0-9a-f]{8}$') });
    expect(Object.keys(template.findOutputs('*'))).toEqual(['RedisEndpoint', 'RedisPort', 'RedisClusterId']);
  });

  test('export names with a prefix', () => {
    const { template } = build({ exportNamePrefix: 'AirDiscovery-' });
    template.hasOutput('RedisEndpoint', { Export: { Name: 'AirDiscovery-RedisEndpoint' } });
    template.hasOutput('RedisClusterId', { Export: { Name: 'AirDiscovery-RedisClusterId' } });
  });

  test('two instances in one stack need distinct output prefixes', () => {
    const { stack, vpc } = newStack();
    new AirDiscoveryRedis(stack, 'Sessions', { vpc });
    expect(() => new AirDiscoveryRedis(stack, 'Cache', { vpc })).toThrow(/outputIdPrefix: the output 'RedisEndpoint' .* already exists/);
    new AirDiscoveryRedis(stack, 'Cache2', { vpc, outputIdPrefix: 'Cache' });
    Template.fromStack(stack).hasOutput('CacheRedisEndpoint', {});
  });

  test('outputs can be turned off', () => {
    const { template } = build({ outputs: false });
    expect(template.findOutputs('*')).toEqual({});
  });

  test('typed attributes', () => {
    const { redis, stack } = build({ preset: RedisPreset.PROD });
    expect(redis.endpointPort).toBe(6380);
    expect(stack.resolve(redis.endpointAddress)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(redis.readerEndpointAddress)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ReaderEndPoint.Address'] });
    expect(stack.resolve(redis.replicationGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:replicationgroup:${redis.replicationGroupId}`]],
    });
  });

  test('connection environment: redis:// for DEV, rediss:// for PROD, never a secret', () => {
    const dev = build().redis;
    const prod = build({ preset: RedisPreset.PROD });
    const devEnv = Stack.of(dev).resolve(dev.connectionEnvironment());
    expect(devEnv.REDIS_PORT).toBe('6379');
    expect(devEnv.REDIS_TLS).toBe('false');
    expect(JSON.stringify(devEnv.REDIS_URL)).toContain('redis://');
    const prodEnv = prod.stack.resolve(prod.redis.connectionEnvironment());
    expect(prodEnv.REDIS_TLS).toBe('true');
    expect(JSON.stringify(prodEnv.REDIS_URL)).toContain('rediss://');
    expect(JSON.stringify(prodEnv.REDIS_URL)).toContain(':6380');
    expect(JSON.stringify(prodEnv)).not.toMatch(/secretsmanager|AuthToken/i);
    expect(Object.keys(prodEnv).sort()).toEqual(['REDIS_HOST', 'REDIS_PORT', 'REDIS_TLS', 'REDIS_URL']);
  });

  test('fromRedisAttributes gives connections and an environment', () => {
    const { stack, vpc } = newStack();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const imported = AirDiscoveryRedis.fromRedisAttributes(stack, 'Imported', {
      replicationGroupId: 'existing',
      endpointAddress: 'existing.cache.amazonaws.com',
      endpointPort: 6380,
      securityGroups: [sg],
      tlsEnabled: true,
    });
    expect(imported.connectionEnvironment().REDIS_URL).toBe('rediss://existing.cache.amazonaws.com:6380');
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    imported.connections.allowDefaultPortFrom(app);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6380 });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect(() => imported.grantReadAuthSecret(role)).toThrow(/has no AUTH token secret/);
  });
});

describe('token node counts', () => {
  test('PROD with a token numCacheNodes synthesizes: no per-node alarms (with a warning), a reader endpoint', () => {
    const { stack, template } = build({ preset: RedisPreset.PROD, numCacheNodes: Token.asNumber({ Ref: 'Nodes' }) });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumCacheClusters: { Ref: 'Nodes' } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasOutput('RedisReaderEndpoint', {});
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('needs literal node counts'));
  });
});

describe('replication group id', () => {
  test('deterministic and within ElastiCache rules', () => {
    const a = build({}, 'A-Very--Long_Construct_Id_That_Goes_On_And_On').redis.replicationGroupId;
    const b = build({}, 'A-Very--Long_Construct_Id_That_Goes_On_And_On').redis.replicationGroupId;
    expect(a).toBe(b);
    expect(a.length).toBeLessThanOrEqual(40);
    expect(a).toMatch(/^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/);
  });

  test('differs between constructs', () => {
    const { stack, vpc } = newStack();
    const x = new AirDiscoveryRedis(stack, 'X', { vpc, outputs: false });
    const y = new AirDiscoveryRedis(stack, 'Y', { vpc, outputs: false });
    expect(x.replicationGroupId).not.toBe(y.replicationGroupId);
  });
});

describe('warnings for risky but valid choices', () => {
  test('PROD without multi-AZ, without backups, with DESTROY', () => {
    const { stack } = build({
      preset: RedisPreset.PROD, multiAz: false, snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.DESTROY,
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings.some(w => w.includes('without multiAz'))).toBe(true);
    expect(warnings.some(w => w.includes('snapshotRetention is 0'))).toBe(true);
    expect(warnings.some(w => w.includes('removalPolicy DESTROY'))).toBe(true);
  });

  test('the presets as they are produce no warnings', () => {
    for (const preset of [RedisPreset.DEV, RedisPreset.PROD]) {
      const { stack } = build({ preset });
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  test('TLS preferred warns', () => {
    const { stack } = build({ transitEncryption: true, transitEncryptionMode: TransitEncryptionMode.PREFERRED });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('transitEncryptionMode PREFERRED'));
  });
});

describe('cluster mode', () => {
  test('shards × replicas, online resharding, configuration endpoint', () => {
    const { template, redis, stack } = build({
      preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1,
    });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', {
      Properties: {
        ClusterMode: 'enabled',
        NumNodeGroups: 3,
        ReplicasPerNodeGroup: 1,
        NumCacheClusters: Match.absent(),
        AutomaticFailoverEnabled: true,
        CacheParameterGroupName: 'default.redis7.cluster.on',
      },
      UpdatePolicy: { UseOnlineResharding: true },
    });
    expect(redis.configuration.totalNodes).toBe(6);
    expect(stack.resolve(redis.endpointAddress)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ConfigurationEndPoint.Address'] });
    template.hasOutput('RedisEndpoint', { Value: { 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ConfigurationEndPoint.Address'] } });
    expect(template.findOutputs('RedisReaderEndpoint')).toEqual({});
  });
});

describe('secrets from existing sources', () => {
  test('authTokenFromSecret uses a dynamic reference to the given secret', () => {
    const { stack, vpc } = newStack();
    const secret = new secretsmanager.Secret(stack, 'Existing', {
      generateSecretString: { excludePunctuation: true, secretStringTemplate: '{}', generateStringKey: 'token' },
    });
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, authentication: RedisAuthentication.authTokenFromSecret(secret, 'token') });
    const props = replicationGroupProps(Template.fromStack(stack));
    expect(JSON.stringify(props.AuthToken)).toContain(':SecretString:token::}}');
    expect(redis.authSecret).toBe(secret);
  });
});
