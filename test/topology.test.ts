import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { build, newStack, replicationGroupProps } from './util';
import {
  AirDiscoveryRedis, CacheNodeType, ClusterMode, EngineVersion, LogFormat, NagAcknowledgementKind, NetworkType,
  RedisGlobalDatastore, RedisParameters, RedisPreset,
} from '../src';

describe('cluster mode', () => {
  test('shards x replicas with a cluster-enabled parameter group when parameters are given', () => {
    const { template } = build({
      clusterMode: ClusterMode.ENABLED, numShards: 5, replicasPerShard: 2, parameters: RedisParameters.AIR_DISCOVERY_CACHE,
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Properties: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'allkeys-lru' },
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 5, ReplicasPerNodeGroup: 2, CacheParameterGroupName: { Ref: Match.stringLikeRegexp('ParameterGroup') },
    });
  });

  test('defaults: 3 shards x 1 replica, default cluster parameter group of the engine family', () => {
    const { template, redis } = build({ clusterMode: ClusterMode.ENABLED, engineVersion: EngineVersion.VALKEY_8_1 });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumNodeGroups: 3, ReplicasPerNodeGroup: 1, CacheParameterGroupName: 'default.valkey8.cluster.on', Engine: 'valkey',
    });
    expect(redis.configuration.totalNodes).toBe(6);
  });

  test('the largest cluster: 500 shards without replicas, 90 shards with 5 replicas', () => {
    const widest = build({ clusterMode: ClusterMode.ENABLED, numShards: 500, replicasPerShard: 0, automaticFailover: true });
    expect(widest.redis.configuration.totalNodes).toBe(500);
    expect(build({ clusterMode: ClusterMode.ENABLED, numShards: 83, replicasPerShard: 5 }).redis.configuration.totalNodes).toBe(498);
  });

  test('replica count is create-only in cluster mode: the construct says so', () => {
    const { stack } = build({ clusterMode: ClusterMode.ENABLED });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('replicasPerShard \\(1\\) is create-only'));
  });

  test('no replicas in cluster mode warns about data loss and CloudFormation updates', () => {
    const { stack } = build({ clusterMode: ClusterMode.ENABLED, replicasPerShard: 0 });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('replicasPerShard 0'));
  });

  test('snapshot per topology: 3 shards x 1 replica, PROD', () => {
    const { template } = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1 });
    expect(template.toJSON()).toMatchSnapshot();
  });
});

describe('cluster mode COMPATIBLE (the migration step)', () => {
  test('keeps the single-shard topology, sets ClusterMode compatible, exposes the configuration endpoint', () => {
    const { template, redis, stack } = build({ clusterMode: ClusterMode.COMPATIBLE, numCacheNodes: 2, multiAz: true });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ClusterMode: 'compatible',
      NumCacheClusters: 2,
      NumNodeGroups: Match.absent(),
      ReplicasPerNodeGroup: Match.absent(),
      CacheParameterGroupName: Match.absent(),
    });
    expect(stack.resolve(redis.endpointAddress)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(redis.configurationEndpointAddress)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(redis.replicationGroup), 'ConfigurationEndPoint.Address'] });
  });

  test('DEV -> COMPATIBLE is an in-place change (no create-only property moves)', () => {
    const before = replicationGroupProps(build({ numCacheNodes: 2, multiAz: true }).template);
    const after = replicationGroupProps(build({ numCacheNodes: 2, multiAz: true, clusterMode: ClusterMode.COMPATIBLE }).template);
    const changed = Object.keys({ ...before, ...after }).filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    expect(changed).toEqual(['ClusterMode']);
  });

  test('custom parameters get cluster-enabled yes', () => {
    const { template } = build({ clusterMode: ClusterMode.COMPATIBLE, numCacheNodes: 2, multiAz: true, parameters: { timeout: '300' } });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'cluster-enabled': 'yes', 'timeout': '300' } });
  });
});

describe('parameter groups', () => {
  test('never named, so an engine upgrade across families replaces the group in one deploy', () => {
    const v6 = build({ engineVersion: EngineVersion.REDIS_6_2, parameters: RedisParameters.AIR_DISCOVERY_CACHE });
    const v7 = build({ engineVersion: EngineVersion.REDIS_7_1, parameters: RedisParameters.AIR_DISCOVERY_CACHE });
    const pg6 = v6.template.findResources('AWS::ElastiCache::ParameterGroup');
    const pg7 = v7.template.findResources('AWS::ElastiCache::ParameterGroup');
    expect(Object.keys(pg6)).toEqual(Object.keys(pg7)); // same logical id: CloudFormation creates the new group, then deletes the old
    const [g6] = Object.values(pg6);
    const [g7] = Object.values(pg7);
    expect(g6.Properties.CacheParameterGroupFamily).toBe('redis6.x');
    expect(g7.Properties.CacheParameterGroupFamily).toBe('redis7');
    expect(g6.Properties.CacheParameterGroupName).toBeUndefined();
    expect(g7.Properties.CacheParameterGroupName).toBeUndefined();
  });

  test('the guide set is a one-liner', () => {
    expect(RedisParameters.AIR_DISCOVERY_CACHE).toEqual({ 'maxmemory-policy': 'allkeys-lru', 'timeout': '300', 'tcp-keepalive': '60' });
  });
});

/** AwsSolutions findings on a PROD primary: none (its AUTH token rotates: SMG4 is met). */
const PRIMARY_AWS_SOLUTIONS_FINDINGS: string[] = [];

describe('Global Datastore', () => {
  function globalApp(secondaryRegions: string[], opts: { cacheNodeType?: CacheNodeType } = {}) {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const vpc = new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 });
    const primary = new AirDiscoveryRedis(primaryStack, 'Redis', { vpc, preset: RedisPreset.PROD, cacheNodeType: opts.cacheNodeType ?? CacheNodeType.R7_G_LARGE });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const secondaries = secondaryRegions.map((region, i) => {
      const stack = new Stack(app, `Secondary${i}`, { env: { account: '123456789012', region }, crossRegionReferences: true });
      const v = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      return new AirDiscoveryRedis(stack, 'Redis', { vpc: v, preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2 });
    });
    return { app, primaryStack, primary, global, secondaries };
  }

  test('the primary stack holds the global replication group with the primary as member', () => {
    const { primaryStack, primary } = globalApp(['us-west-2']);
    const t = Template.fromStack(primaryStack);
    t.hasResource('AWS::ElastiCache::GlobalReplicationGroup', {
      Properties: {
        GlobalReplicationGroupIdSuffix: 'air-discovery',
        Members: [{ ReplicationGroupId: primary.replicationGroupId, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }],
      },
      DependsOn: [primaryStack.getLogicalId(primary.replicationGroup)],
    });
    // the AUTH token is replicated to the secondary's region
    t.hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'us-west-2' }] });
  });

  test('a secondary inherits engine, node type, port and encryption and sets none of them', () => {
    const { secondaries, primary } = globalApp(['us-west-2']);
    const secondary = secondaries[0];
    const props = replicationGroupProps(Template.fromStack(Stack.of(secondary)));
    for (const inherited of ['Engine', 'EngineVersion', 'CacheNodeType', 'Port', 'TransitEncryptionEnabled', 'AtRestEncryptionEnabled', 'AuthToken', 'NumNodeGroups']) {
      expect({ inherited, value: props[inherited] }).toEqual({ inherited, value: undefined });
    }
    const secondaryStack = Stack.of(secondary);
    expect(props.GlobalReplicationGroupId).toEqual(secondaryStack.resolve(secondary.globalDatastore!.globalReplicationGroupId));
    expect(props.NumCacheClusters).toBe(2);
    expect(secondary.configuration.cacheNodeType).toBe(primary.configuration.cacheNodeType);
    expect(secondary.endpointPort).toBe(6380);
    expect(secondary.tlsEnabled).toBe(true);
    expect(Template.fromStack(Stack.of(secondary)).toJSON()).toMatchSnapshot();
  });

  test('cdk-nag: what a secondary inherits is acknowledged as met; nothing else is hidden', () => {
    const { primaryStack, secondaries } = globalApp(['us-west-2']);
    const own = (stack: Stack) => new AwsSolutionsChecks().validateScope(stack).violations.flatMap(v => v.violatingResources
      .filter(r => /\/(Redis|Global)\//.test((r as any).constructPath ?? ''))
      .map(r => `${v.ruleName} ${(r as any).constructPath}`));
    expect(own(Stack.of(secondaries[0]))).toEqual([]);
    expect(own(primaryStack)).toEqual(PRIMARY_AWS_SOLUTIONS_FINDINGS);
    const acks = secondaries[0].nagAcknowledgements;
    expect(acks.map(a => a.id).sort()).toEqual(['AwsSolutions-AEC3', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6']);
    expect(new Set(acks.map(a => a.kind))).toEqual(new Set([NagAcknowledgementKind.CONTROL_MET]));
    // HIPAA/NIST trade-offs (7-day snapshots, AWS-managed keys) stay visible without the opt-in
    const hipaa = new HIPAASecurityChecks().validateScope(Stack.of(secondaries[0])).violations.map(v => v.ruleName);
    expect(hipaa).toContain('HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup');
    expect(new NIST80053R5Checks().validateScope(Stack.of(secondaries[0])).violations.map(v => v.ruleName))
      .toContain('NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup');
  });

  test('the secondary reads the AUTH token from the replica of the primary secret in its region', () => {
    const { secondaries, primary, primaryStack } = globalApp(['us-west-2']);
    const secondary = secondaries[0];
    const stack = Stack.of(secondary);
    const probe = secondary.addProbe();
    expect(Template.fromStack(primaryStack).findResources('AWS::SecretsManager::Secret', {
      Properties: { Name: `${primary.replicationGroupId}/auth-token`, ReplicaRegions: [{ Region: 'us-west-2' }] },
    })).not.toEqual({});
    expect(stack.resolve(secondary.authSecret!.secretArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:secretsmanager:us-west-2:123456789012:secret:${primary.replicationGroupId}/auth-token`]],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REDIS_AUTH_SECRET_ARN: stack.resolve(secondary.authSecret!.secretArn), REDIS_TLS: 'true' }) },
    });
    expect(stack.resolve(probe.lambdaFunction.functionArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(probe.lambdaFunction.node.defaultChild as CfnElement), 'Arn'] });
  });

  test('the description: "Global Datastore of <primary id>" by default, the given one otherwise', () => {
    const { primaryStack, primary } = globalApp([]);
    new RedisGlobalDatastore(primaryStack, 'Described', { primary, description: 'sessions, us-east-1 and us-west-2' });
    const groups = Template.fromStack(primaryStack).findResources('AWS::ElastiCache::GlobalReplicationGroup');
    const descriptions = Object.values(groups)
      .map((r: any) => [r.Properties.GlobalReplicationGroupIdSuffix, r.Properties.GlobalReplicationGroupDescription]);
    expect(Object.fromEntries(descriptions))
      .toEqual({ 'air-discovery': `Global Datastore of ${primary.replicationGroupId}`, [primary.replicationGroupId]: 'sessions, us-east-1 and us-west-2' });
  });

  test('created outside the primary\'s stack: rejected, naming both stacks', () => {
    const { app, primary } = globalApp([]);
    const other = new Stack(app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new RedisGlobalDatastore(other, 'Global', { primary }))
      .toThrow(new Error('RedisGlobalDatastore: create Other/Global in the primary\'s stack (Primary), got stack Other'));
  });

  test('every problem of the primary at once, one per line', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const primary = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.T4_G_MEDIUM, networkType: NetworkType.DUAL_STACK });
    expect(() => new RedisGlobalDatastore(stack, 'Global', { primary })).toThrow(new Error([
      'invalid RedisGlobalDatastore configuration at Primary/Global:',
      '  - a Global Datastore needs a node type of the m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn families, large or bigger, got cacheNodeType cache.t4g.medium on the primary: e.g. CacheNodeType.R7_G_LARGE',
      '  - a Global Datastore supports networkType IPV4 only, got dual_stack on the primary: use NetworkType.IPV4',
    ].join('\n')));
  });

  test('two secondaries in two regions are fine', () => {
    expect(() => globalApp(['us-west-2', 'eu-west-1'])).not.toThrow();
  });

  test.each([
    ['a third secondary', ['us-west-2', 'eu-west-1', 'ap-southeast-1'], {}, 'a Global Datastore has at most 2 secondaries, got a third in region ap-southeast-1'],
    ['a secondary in the primary region', ['us-east-1'], {}, 'a Global Datastore secondary must be in another region than the primary, got us-east-1 for both'],
    ['two secondaries in one region', ['us-west-2', 'us-west-2'], {}, 'each Global Datastore secondary needs its own region, got a second secondary in us-west-2'],
    ['a T node type', ['us-west-2'], { cacheNodeType: CacheNodeType.T3_SMALL }, 'a Global Datastore needs a node type of the m5, m6g, m7g, r5, r6g, r6gd, r7g, c7gn families, large or bigger, got cacheNodeType cache.t3.small'],
  ])('rejects %s', (_name, regions, opts, message) => {
    expect(() => globalApp(regions as string[], opts as any)).toThrow(message);
  });

  test('a secondary that sets inherited props is rejected, naming them', () => {
    const { app, global } = globalApp([]);
    const stack = new Stack(app, 'Bad', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new AirDiscoveryRedis(stack, 'Redis', {
      vpc, globalDatastore: global, cacheNodeType: CacheNodeType.R7_G_XLARGE, engineVersion: EngineVersion.REDIS_7_1, port: 6379,
    })).toThrow('a Global Datastore secondary inherits engineVersion, cacheNodeType, port from the primary and must not set them');
  });
});

describe('other options', () => {
  test('slow and engine logs to separate CloudWatch log groups, JSON, one month', () => {
    const { template, redis } = build({ slowLogDelivery: true, engineLogDelivery: true });
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    const props = replicationGroupProps(template);
    // each log type goes to its own group: slow-log to redis.slowLogGroup, engine-log to redis.engineLogGroup
    const stack = Stack.of(redis);
    const logGroup = (g: any) => ({ CloudWatchLogsDetails: { LogGroup: stack.resolve(g.logGroupName) } });
    expect(props.LogDeliveryConfigurations).toEqual([
      { LogType: 'slow-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: logGroup(redis.slowLogGroup) },
      { LogType: 'engine-log', LogFormat: 'json', DestinationType: 'cloudwatch-logs', DestinationDetails: logGroup(redis.engineLogGroup) },
    ]);
    expect(props.LogDeliveryConfigurations[0].DestinationDetails).not.toEqual(props.LogDeliveryConfigurations[1].DestinationDetails);
  });

  test('log retention, format and KMS key', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'LogKey');
    new AirDiscoveryRedis(stack, 'Redis', { vpc, slowLogDelivery: true, logRetention: logs.RetentionDays.ONE_YEAR, logFormat: LogFormat.TEXT, logEncryptionKey: key });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] } });
    expect(replicationGroupProps(t).LogDeliveryConfigurations[0].LogFormat).toBe('text');
  });

  test('PROD delivers the slow log by default, DEV does not', () => {
    expect(replicationGroupProps(build({ preset: RedisPreset.PROD }).template).LogDeliveryConfigurations).toHaveLength(1);
    expect(replicationGroupProps(build().template).LogDeliveryConfigurations).toBeUndefined();
  });

  test('DEV log groups are destroyed with the stack, PROD log groups are kept', () => {
    build({ slowLogDelivery: true }).template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
    build({ preset: RedisPreset.PROD }).template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  test('SNS notification topic for ElastiCache events', () => {
    const { stack, vpc } = newStack();
    const topic = new sns.Topic(stack, 'Events');
    new AirDiscoveryRedis(stack, 'Redis', { vpc, notificationTopic: topic });
    const topicId = stack.getLogicalId(topic.node.defaultChild as any);
    expect(replicationGroupProps(Template.fromStack(stack)).NotificationTopicArn).toEqual({ Ref: topicId });
  });

  test('data tiering on r6gd', () => {
    const { template } = build({ cacheNodeType: CacheNodeType.R6_GD_XLARGE, dataTiering: true });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { DataTieringEnabled: true, CacheNodeType: 'cache.r6gd.xlarge' });
    expect(replicationGroupProps(build().template).DataTieringEnabled).toBeUndefined();
  });

  test('dual-stack network type opens the port to the VPC IPv6 CIDR too', () => {
    const app = new App();
    const stack = new Stack(app, 'Ipv6', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.DUAL_STACK, cacheNodeType: CacheNodeType.T4_G_MICRO });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NetworkType: 'dual_stack', IpDiscovery: Match.absent() });
    t.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': [Match.anyValue(), 'Ipv6CidrBlocks'] }] }, FromPort: 6379 })]),
    });
  });

  test('IPv6-only network type: IPv6 discovery, no IPv4 rule, and a warning when the IPv6 CIDR is unknown', () => {
    const { stack, vpc } = newStack();
    const ipv6Only = ec2.Subnet.fromSubnetAttributes(stack, 'V6a', { subnetId: 'subnet-v6a', availabilityZone: 'us-east-1a' });
    const ipv6OnlyB = ec2.Subnet.fromSubnetAttributes(stack, 'V6b', { subnetId: 'subnet-v6b', availabilityZone: 'us-east-1b' });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, networkType: NetworkType.IPV6, vpcSubnets: { subnets: [ipv6Only, ipv6OnlyB] } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NetworkType: 'ipv6', IpDiscovery: 'ipv6' });
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: ['subnet-v6a', 'subnet-v6b'] });
    const [sg] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Redis') } }));
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('no IPv6 ingress rule was added'));
  });

  test('restore from a snapshot name or from S3 .rdb files', () => {
    build({ snapshotName: 'air-discovery-final' }).template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotName: 'air-discovery-final' });
    const { template, stack } = build({ snapshotArns: ['arn:aws:s3:::air-backups/dump.rdb'] });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotArns: ['arn:aws:s3:::air-backups/dump.rdb'] });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('read only at creation'));
  });

  test('auto minor version upgrade defaults to on and can be turned off', () => {
    expect(replicationGroupProps(build().template).AutoMinorVersionUpgrade).toBe(true);
    expect(replicationGroupProps(build({ autoMinorVersionUpgrade: false }).template).AutoMinorVersionUpgrade).toBe(false);
  });

  test('subnet group name as in the guide', () => {
    build({ subnetGroupName: 'air-discovery-redis-subnet-group' }).template
      .hasResourceProperties('AWS::ElastiCache::SubnetGroup', { CacheSubnetGroupName: 'air-discovery-redis-subnet-group' });
  });
});
