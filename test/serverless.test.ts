import { App, Duration, RemovalPolicy, SecretValue, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AirDiscoveryRedis, AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, AuthenticationMode, IAirDiscoveryCache,
  RedisAuthentication, RedisPreset, RedisUserAuthenticationType, ServerlessEngine,
} from '../src';
import { newStack } from './util';

function build(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'> = {}) {
  const { app, stack, vpc } = newStack();
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, ...props });
  let template: Template | undefined;
  return {
    app,
    stack,
    vpc,
    cache,
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

function cacheProps(template: Template): Record<string, any> {
  const caches = Object.values(template.findResources('AWS::ElastiCache::ServerlessCache'));
  expect(caches).toHaveLength(1);
  return (caches[0] as any).Properties;
}

/** The properties of the resources of a type whose logical id starts with a prefix. */
function propsOf(template: Template, type: string, where: (p: any) => boolean = () => true): any[] {
  return Object.values<any>(template.findResources(type)).map(r => r.Properties).filter(where);
}

function fn(stack: Stack, vpc: ec2.IVpc, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>1'), vpc,
  });
}

describe('DEV preset (the default)', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const b = build();
    return { b };
  };

  test('a Valkey 8 serverless cache with the DEV ceilings, daily snapshots kept 1 day, no user group', () => {
    const { b } = setup();
    const p = cacheProps(b.template);
    expect(p).toEqual(expect.objectContaining({
      Engine: 'valkey',
      MajorEngineVersion: '8',
      CacheUsageLimits: { DataStorage: { Unit: 'GB', Maximum: 1 }, ECPUPerSecond: { Maximum: 5000 } },
      SnapshotRetentionLimit: 1,
      DailySnapshotTime: '02:00',
      ServerlessCacheName: b.cache.serverlessCacheName,
    }));
    expect(p.UserGroupId).toBeUndefined();
    expect(p.FinalSnapshotName).toBeUndefined();
    expect(p.KmsKeyId).toBeUndefined();
    expect(b.cache.serverlessCacheName).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    b.template.hasResource('AWS::ElastiCache::ServerlessCache', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('one private subnet per AZ, never a public one', () => {
    const { b } = setup();
    const p = cacheProps(b.template);
    const privateIds = b.vpc.privateSubnets.map(s => b.stack.resolve(s.subnetId));
    expect(p.SubnetIds).toHaveLength(2);
    expect(p.SubnetIds).toEqual(privateIds);
    expect(new Set(b.cache.subnets.map(s => s.availabilityZone)).size).toBe(2);
  });

  test('own security group: VPC CIDR only, on the endpoint and reader ports, egress blocked', () => {
    const { b } = setup();
    const sgs = b.template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Serverless Redis') } });
    const sg = Object.values(sgs)[0] as any;
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '10.0.0.0/16', FromPort: 6379, ToPort: 6380, IpProtocol: 'tcp' }),
    ]);
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 },
    ]);
    expect(cacheProps(b.template).SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^CacheSecurityGroup/), 'GroupId'] }]);
  });

  test('outputs RedisEndpoint, RedisPort, RedisClusterId (the cache name) and the reader endpoint', () => {
    const { b } = setup();
    const outputs = b.template.toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(['RedisClusterId', 'RedisEndpoint', 'RedisPort', 'RedisReaderEndpoint', 'RedisReaderPort']);
    expect(outputs.RedisClusterId.Value).toBe(b.cache.serverlessCacheName);
    expect(outputs.RedisEndpoint.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'Endpoint.Address'] });
    expect(outputs.RedisPort.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'Endpoint.Port'] });
    expect(outputs.RedisReaderPort.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'ReaderEndpoint.Port'] });
  });

  test('connectionEnvironment: TLS always on, endpoint and reader endpoint ports, cluster protocol', () => {
    const { b } = setup();
    const env = b.stack.resolve(b.cache.connectionEnvironment());
    const host = { 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'Endpoint.Address'] };
    expect(env).toEqual({
      REDIS_HOST: host,
      REDIS_PORT: '6379',
      REDIS_TLS: 'true',
      REDIS_URL: { 'Fn::Join': ['', ['rediss://', host, ':6379']] },
      REDIS_READER_HOST: { 'Fn::GetAtt': [expect.stringMatching(/^Cache/), 'ReaderEndpoint.Address'] },
      REDIS_READER_PORT: '6380',
      REDIS_CLUSTER_MODE: 'true',
    });
  });

  test('no alarms, no secret, no warnings beyond the documented ones', () => {
    const { b } = setup();
    b.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    b.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(b.cache.monitoring).toBeUndefined();
    expect(Annotations.fromStack(b.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('PROD preset', () => {
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const b = build({ preset: RedisPreset.PROD });
    return { b };
  };

  test('the AUTH token becomes the password of the default user, by dynamic reference', () => {
    const { b } = setup();
    const p = cacheProps(b.template);
    expect(p.UserGroupId).toEqual({ Ref: expect.stringMatching(/^CacheUserGroup/) });
    expect(propsOf(b.template, 'AWS::ElastiCache::User')).toEqual([expect.objectContaining({
      UserName: 'default',
      Engine: 'redis',
      AccessString: 'on ~* +@all',
      AuthenticationMode: { Type: 'password', Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: expect.stringMatching(/^CacheAuthToken/) }, ':SecretString:::}}']] }] },
    })]);
    expect(propsOf(b.template, 'AWS::ElastiCache::UserGroup')).toEqual([expect.objectContaining({ Engine: 'redis', UserIds: [{ Ref: expect.stringMatching(/^CacheDefaultUser/) }] })]);
    expect(JSON.stringify(b.template.toJSON())).not.toMatch(/"Passwords":\["[^{]/);
    expect(b.cache.authSecret).toBeDefined();
    expect(b.cache.authenticationMode).toBe(AuthenticationMode.AUTH_TOKEN);
    expect(b.cache.userNames).toEqual(['default']);
  });

  test('7-day snapshots and a final snapshot on delete (FinalSnapshotName)', () => {
    const { b } = setup();
    const p = cacheProps(b.template);
    expect(p.SnapshotRetentionLimit).toBe(7);
    expect(p.FinalSnapshotName).toBe(`${b.cache.serverlessCacheName}-final`);
    expect(p.CacheUsageLimits).toEqual({ DataStorage: { Unit: 'GB', Maximum: 10 }, ECPUPerSecond: { Maximum: 100000 } });
    b.template.hasResource('AWS::ElastiCache::ServerlessCache', { DeletionPolicy: 'Delete' });
  });

  test('alarms near the ceilings, on throttling and on connections, to an encrypted topic', () => {
    const { b } = setup();
    const alarms = b.template.findResources('AWS::CloudWatch::Alarm');
    const byName = Object.fromEntries(Object.values<any>(alarms).map(a => [a.Properties.AlarmName.replace(`${b.cache.serverlessCacheName}-`, ''), a.Properties]));
    expect(Object.keys(byName).sort()).toEqual(['connections', 'data-storage', 'ecpu', 'throttling']);
    expect(byName.ecpu).toEqual(expect.objectContaining({ Threshold: 80000, EvaluationPeriods: 5, ComparisonOperator: 'GreaterThanThreshold' }));
    expect(byName.ecpu.Metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ Expression: 'ecpu / 60' }),
      expect.objectContaining({
        MetricStat: expect.objectContaining({
          Metric: expect.objectContaining({
            MetricName: 'ElastiCacheProcessingUnits',
            Namespace: 'AWS/ElastiCache',
            Dimensions: [{ Name: 'clusterId', Value: b.cache.serverlessCacheName }],
          }),
          Stat: 'Sum',
        }),
      }),
    ]));
    expect(byName['data-storage']).toEqual(expect.objectContaining({
      MetricName: 'BytesUsedForCache',
      Statistic: 'Maximum',
      Threshold: Math.round(10 * 1024 ** 3 * 0.9),
      EvaluationPeriods: 2,
      Dimensions: [{ Name: 'clusterId', Value: b.cache.serverlessCacheName }],
    }));
    expect(byName.throttling).toEqual(expect.objectContaining({ MetricName: 'ThrottledCmds', Statistic: 'Sum', Threshold: 0, EvaluationPeriods: 3, TreatMissingData: 'notBreaching' }));
    expect(byName.connections).toEqual(expect.objectContaining({ MetricName: 'CurrConnections', Threshold: 1000, EvaluationPeriods: 1 }));
    for (const a of Object.values<any>(byName)) {
      expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^CacheMonitoringAlarmTopic/) }]);
      expect(a.OKActions).toEqual(a.AlarmActions);
    }
    b.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('ecsSecret and connectLambda hand out the token secret', () => {
    const own = build({ preset: RedisPreset.PROD });
    const f = fn(own.stack, own.vpc);
    own.cache.connectLambda(f);
    const role = new iam.Role(own.stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    own.cache.grantReadAuthSecret(role);
    const t = own.template;
    // the connected function (not the construct's rotation function)
    expect(propsOf(t, 'AWS::Lambda::Function', p => !/Secrets Manager rotation/.test(p.Description ?? ''))[0].Environment.Variables).toEqual(expect.objectContaining({
      REDIS_AUTH_SECRET_ARN: { Ref: expect.stringMatching(/^CacheAuthToken/) }, REDIS_TLS: 'true', REDIS_PORT: '6379',
    }));
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380, SourceSecurityGroupId: Match.anyValue() });
    expect(own.stack.resolve(own.cache.ecsSecret().arn)).toEqual({ Ref: expect.stringMatching(/^CacheAuthToken/) });
    const readerPolicy = propsOf(t, 'AWS::IAM::Policy', p => JSON.stringify(p.Roles).includes('Reader'))[0];
    expect(JSON.stringify(readerPolicy.PolicyDocument)).toMatch(/secretsmanager:GetSecretValue.*CacheAuthToken/);
  });
});

describe('authentication', () => {
  test('RBAC: a user group with a disabled default user and password users in Secrets Manager', () => {
    const b = build({ authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    b.template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', AccessString: 'off -@all', NoPasswordRequired: true });
    b.template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'app', AuthenticationMode: { Type: 'password', Passwords: Match.anyValue() } });
    expect(cacheProps(b.template).UserGroupId).toEqual({ Ref: expect.stringMatching(/^CacheUserGroup/) });
    expect(b.cache.userNames).toEqual(['default', 'app']);
    expect(JSON.stringify(b.stack.resolve(b.cache.ecsSecret('app').arn))).toMatch(/"Ref":"CacheUserAppSecret\w+"},":password::"/);
    expect(() => b.cache.ecsSecret()).toThrow(/no AUTH token secret; with RBAC pass the user name/);
    expect(() => b.cache.grantConnect(new iam.AccountRootPrincipal())).toThrow(/has no IAM-enabled users/);
  });

  test('IAM: grantConnect allows elasticache:Connect on the serverless cache and the user', () => {
    const b = build({ authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }) });
    const role = new iam.Role(b.stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    b.cache.grantConnect(role);
    const t = Template.fromStack(b.stack);
    const policy = Object.values<any>(t.findResources('AWS::IAM::Policy'))[0];
    const statement = policy.Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toBe('elasticache:Connect');
    expect(statement.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:us-east-1:123456789012:serverlesscache:${b.cache.serverlessCacheName}`]] },
      { 'Fn::GetAtt': [expect.stringMatching(/^CacheUserApp/), 'Arn'] },
    ]);
    expect(b.cache.cacheArn).toBe(b.cache.serverlessCacheArn);
  });

  test('an AUTH token from an existing secret (JSON field) is the default user\'s password', () => {
    const { stack, vpc } = newStack();
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'redis/token');
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, authentication: RedisAuthentication.authTokenFromSecret(secret, 'token') });
    const t = Template.fromStack(stack);
    const [user] = propsOf(t, 'AWS::ElastiCache::User');
    expect(user.UserName).toBe('default');
    expect(JSON.stringify(user.AuthenticationMode.Passwords)).toMatch(/resolve:secretsmanager:.*redis\/token.*:SecretString:token:/);
    expect(cache.authSecretJsonField).toBe('token');
  });

  test('a plain-text AUTH token is rejected (it would land in the template)', () => {
    expect(() => build({ authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText('x'.repeat(32))) }))
      .toThrow(/plain text/);
  });
});

describe('storage, encryption, snapshots, removal', () => {
  test('usage limits: minimums and maximums, typed', () => {
    const b = build({
      minimumDataStorage: Size.gibibytes(2),
      maximumDataStorage: Size.gibibytes(20),
      minimumEcpuPerSecond: 2000,
      maximumEcpuPerSecond: 50000,
    });
    expect(cacheProps(b.template).CacheUsageLimits).toEqual({
      DataStorage: { Unit: 'GB', Minimum: 2, Maximum: 20 }, ECPUPerSecond: { Minimum: 2000, Maximum: 50000 },
    });
  });

  test('a customer-managed KMS key, Redis OSS 7, a name and a description', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'Key');
    new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, encryptionKey: key, engine: ServerlessEngine.REDIS_7, serverlessCacheName: 'air-cache', description: 'sessions' });
    const p = cacheProps(Template.fromStack(stack));
    expect(p).toEqual(expect.objectContaining({ Engine: 'redis', MajorEngineVersion: '7', ServerlessCacheName: 'air-cache', Description: 'sessions' }));
    expect(p.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
  });

  test('snapshots off: no daily snapshot time', () => {
    const p = cacheProps(build({ snapshotRetention: Duration.days(0) }).template);
    expect(p.SnapshotRetentionLimit).toBe(0);
    expect(p.DailySnapshotTime).toBeUndefined();
  });

  test('restore from snapshots (create-only: warned)', () => {
    const arn = 'arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:seed';
    const b = build({ snapshotArnsToRestore: [arn] });
    expect(cacheProps(b.template).SnapshotArnsToRestore).toEqual([arn]);
    Annotations.fromStack(b.stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('snapshotArnsToRestore is read only at creation'));
  });

  test('RETAIN keeps the cache and what its clients need', () => {
    const b = build({ preset: RedisPreset.PROD, removalPolicy: RemovalPolicy.RETAIN });
    for (const type of ['AWS::ElastiCache::ServerlessCache', 'AWS::ElastiCache::UserGroup', 'AWS::ElastiCache::User', 'AWS::SecretsManager::Secret', 'AWS::EC2::SecurityGroup']) {
      // the rotation function's own security group goes with the function: nothing of the data's depends on it
      const found = Object.entries<any>(b.template.findResources(type)).filter(([id]) => id.startsWith('Cache') && !id.startsWith('CacheRotation'));
      expect(found.length).toBeGreaterThan(0);
      for (const [, r] of found) expect(r.DeletionPolicy).toBe('Retain');
    }
    expect(cacheProps(b.template).FinalSnapshotName).toBeUndefined();
  });

  test('a named final snapshot', () => {
    const p = cacheProps(build({ removalPolicy: RemovalPolicy.SNAPSHOT, finalSnapshotName: 'air-last' }).template);
    expect(p.FinalSnapshotName).toBe('air-last');
  });
});

describe('one line to switch: the same client code against nodes and serverless', () => {
  function wire(stack: Stack, vpc: ec2.IVpc, cache: IAirDiscoveryCache): Record<string, unknown> {
    const f = fn(stack, vpc, `${cache.node.id}Fn`);
    cache.connectLambda(f);
    cache.addProbe();
    return stack.resolve(cache.connectionEnvironment());
  }

  test('connectLambda, addProbe and connectionEnvironment through IAirDiscoveryCache', () => {
    const { stack, vpc } = newStack();
    const nodes = new AirDiscoveryRedis(stack, 'Nodes', { vpc, preset: RedisPreset.PROD });
    const serverless = new AirDiscoveryServerlessRedis(stack, 'Serverless', { vpc, preset: RedisPreset.PROD, outputIdPrefix: 'Serverless' });
    const nodeEnv = wire(stack, vpc, nodes);
    const serverlessEnv = wire(stack, vpc, serverless);
    expect(Object.keys(nodeEnv).sort()).toEqual(['REDIS_HOST', 'REDIS_PORT', 'REDIS_TLS', 'REDIS_URL']);
    expect(Object.keys(serverlessEnv)).toEqual(expect.arrayContaining(Object.keys(nodeEnv)));
    expect([nodes.clusterProtocol, serverless.clusterProtocol]).toEqual([false, true]);
    expect([nodes.serverless, serverless.serverless]).toEqual([false, true]);
    expect(nodes.cacheName).toBe(nodes.replicationGroupId);
    const t = Template.fromStack(stack);
    const probeEnv = (prefix: string) => Object.entries<any>(t.findResources('AWS::Lambda::Function'))
      .find(([id]) => id.startsWith(`${prefix}Probe`))![1].Properties.Environment.Variables;
    expect(probeEnv('Serverless')).toEqual(expect.objectContaining({
      REDIS_CLUSTER_MODE: 'true',
      REDIS_TLS: 'true',
      REDIS_AUTH_MODE: 'auth-token',
      REDIS_PORT: '6379',
      REDIS_AUTH_SECRET_ARN: { Ref: expect.stringMatching(/^ServerlessAuthToken/) },
    }));
    expect(probeEnv('Nodes')).toEqual(expect.objectContaining({ REDIS_CLUSTER_MODE: 'false', REDIS_PORT: '6380' }));
  });

  test('an IAM probe signs for the serverless cache (ResourceType=ServerlessCache)', () => {
    const b = build({ authentication: RedisAuthentication.iam({ users: [{ userName: 'probe', accessString: 'on ~probe:* +@all' }] }) });
    b.cache.addProbe();
    b.cache.addProbe('AppUserProbe', { userName: 'probe' });
    const functions = Object.entries<any>(Template.fromStack(b.stack).findResources('AWS::Lambda::Function'));
    const envOf = (prefix: string) => functions.find(([id]) => id.startsWith(prefix))![1].Properties.Environment.Variables;
    // by default the probe signs as its own IAM user (issue 13), limited to its keys and commands
    const probeUser = `${b.cache.serverlessCacheName}-probe`;
    expect(envOf('CacheProbe')).toEqual(expect.objectContaining({
      REDIS_AUTH_MODE: 'iam', REDIS_USER: probeUser, REDIS_REPLICATION_GROUP_ID: b.cache.serverlessCacheName, REDIS_IAM_RESOURCE_TYPE: 'ServerlessCache',
    }));
    const t = Template.fromStack(b.stack);
    t.hasResourceProperties('AWS::ElastiCache::User', {
      UserId: probeUser,
      UserName: probeUser,
      AuthenticationMode: { Type: 'iam' },
      AccessString: 'on ~probe:* -@all +ping +set +get +del +info +cluster|info +cluster|slots',
    });
    const groups = Object.values<any>(t.findResources('AWS::ElastiCache::UserGroup'));
    expect(groups).toHaveLength(1);
    expect(JSON.stringify(groups[0].Properties.UserIds)).toContain('CacheProbeUser');
    expect(b.cache.userNames).toContain(probeUser);
    // or as a user the caller names
    expect(envOf('CacheAppUserProbe')).toEqual(expect.objectContaining({
      REDIS_AUTH_MODE: 'iam', REDIS_USER: 'probe', REDIS_REPLICATION_GROUP_ID: b.cache.serverlessCacheName, REDIS_IAM_RESOURCE_TYPE: 'ServerlessCache',
    }));
  });

  test('an RBAC probe reads its own password user\'s secret', () => {
    const b = build({ authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) });
    b.cache.addProbe();
    const t = Template.fromStack(b.stack);
    const env = Object.entries<any>(t.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('CacheProbe'))![1].Properties.Environment.Variables;
    expect(env.REDIS_USER).toBe('air-discovery-probe');
    expect(JSON.stringify(env.REDIS_USER_SECRET_ARN)).toContain('CacheProbeUserSecret');
    t.hasResourceProperties('AWS::ElastiCache::User', {
      UserName: 'air-discovery-probe',
      AuthenticationMode: { Type: 'password' },
      AccessString: 'on ~probe:* -@all +ping +set +get +del +info +cluster|info +cluster|slots',
    });
    expect(b.cache.userNames).toEqual(['default', 'app', 'air-discovery-probe']);
  });
});

describe('import', () => {
  test('fromServerlessRedisAttributes: connections on both ports, environment, secret', () => {
    const { stack, vpc } = newStack();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Token', 'redis/token');
    const cache = AirDiscoveryServerlessRedis.fromServerlessRedisAttributes(stack, 'Imported', {
      serverlessCacheName: 'air-cache', endpointAddress: 'air-cache-abc.serverless.use1.cache.amazonaws.com', securityGroups: [sg], authSecret: secret,
    });
    expect(cache.connectionEnvironment()).toEqual({
      REDIS_HOST: 'air-cache-abc.serverless.use1.cache.amazonaws.com',
      REDIS_PORT: '6379',
      REDIS_TLS: 'true',
      REDIS_URL: 'rediss://air-cache-abc.serverless.use1.cache.amazonaws.com:6379',
      REDIS_CLUSTER_MODE: 'true',
    });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    cache.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-12345', FromPort: 6379, ToPort: 6380 });
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:serverlesscache:air-cache']] });
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    cache.grantReadAuthSecret(role);
  });
});

describe('metrics', () => {
  test('serverless metrics use the clusterId dimension, one series per cache', () => {
    const b = build();
    const m = b.stack.resolve(b.cache.metricElastiCacheProcessingUnits().toMetricConfig().metricStat);
    expect(m).toEqual(expect.objectContaining({ namespace: 'AWS/ElastiCache', metricName: 'ElastiCacheProcessingUnits', statistic: 'Sum' }));
    expect(m.dimensions).toEqual([{ name: 'clusterId', value: b.cache.serverlessCacheName }]);
    expect(b.cache.metricSuccessfulReadRequestLatency().statistic).toBe('p99');
    expect(b.cache.metricBytesUsedForCache().statistic).toBe('Maximum');
    expect(b.cache.metricThrottledCmds().metricName).toBe('ThrottledCmds');
    expect(b.cache.metricCacheHitRate().metricName).toBe('CacheHitRate');
    expect(b.cache.metricCurrConnections().statistic).toBe('Maximum');
    expect(b.cache.metrics.metricNewConnections().metricName).toBe('NewConnections');
  });

  test('every serverless metric: its CloudWatch name and documented statistic, the caller\'s props last', () => {
    const metrics = build().cache.metrics;
    const table: Array<[cloudwatch.Metric, string, string]> = [
      [metrics.metricElastiCacheProcessingUnits(), 'ElastiCacheProcessingUnits', 'Sum'],
      [metrics.metricBytesUsedForCache(), 'BytesUsedForCache', 'Maximum'],
      [metrics.metricThrottledCmds(), 'ThrottledCmds', 'Sum'],
      [metrics.metricCacheHitRate(), 'CacheHitRate', 'Average'],
      [metrics.metricCacheHits(), 'CacheHits', 'Sum'],
      [metrics.metricCacheMisses(), 'CacheMisses', 'Sum'],
      [metrics.metricCurrConnections(), 'CurrConnections', 'Maximum'],
      [metrics.metricNewConnections(), 'NewConnections', 'Sum'],
      [metrics.metricSuccessfulReadRequestLatency(), 'SuccessfulReadRequestLatency', 'p99'],
      [metrics.metricSuccessfulWriteRequestLatency(), 'SuccessfulWriteRequestLatency', 'p99'],
      [metrics.metricTotalCmdsCount(), 'TotalCmdsCount', 'Sum'],
      [metrics.metricEvictions(), 'Evictions', 'Sum'],
      [metrics.metricNetworkBytesIn(), 'NetworkBytesIn', 'Sum'],
      [metrics.metricNetworkBytesOut(), 'NetworkBytesOut', 'Sum'],
    ];
    expect(table.map(([m]) => [m.metricName, m.statistic])).toEqual(table.map(([, name, statistic]) => [name, statistic]));
    expect(metrics.metricCacheHits({ statistic: 'Average' }).statistic).toBe('Average');
  });

  test('alarm thresholds follow the props; the hit-rate alarm is opt-in', () => {
    const b = build({
      alarms: true,
      maximumEcpuPerSecond: 10000,
      ecpuAlarmThresholdPercent: 50,
      throttledCmdsAlarmThreshold: 10,
      cacheHitRateAlarmMinPercent: 80,
      createAlarmTopic: false,
    });
    const alarms = Object.values<any>(b.template.findResources('AWS::CloudWatch::Alarm')).map(a => a.Properties);
    expect(alarms.find(a => a.AlarmName.endsWith('-ecpu')).Threshold).toBe(5000);
    expect(alarms.find(a => a.AlarmName.endsWith('-throttling')).Threshold).toBe(10);
    expect(alarms.find(a => a.AlarmName.endsWith('-cache-hit-rate'))).toEqual(expect.objectContaining({ MetricName: 'CacheHitRate', Threshold: 80, ComparisonOperator: 'LessThanThreshold', Period: 300 }));
    expect(alarms.every(a => a.AlarmActions === undefined)).toBe(true);
    b.template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('serverless alarms, every property exact', () => {
  const GIB = 1024 ** 3;
  // each test builds its own stack: Stryker credits a mutant only to the tests that run it, never to a describe() body
  const setup = () => {
    const b = build({
      serverlessCacheName: 'air-cache',
      alarms: true,
      maximumEcpuPerSecond: 3000,
      ecpuAlarmThresholdPercent: 75,
      maximumDataStorage: Size.gibibytes(6),
      dataStorageAlarmThresholdPercent: 75,
      throttledCmdsAlarmThreshold: 4,
      connectionsAlarmThreshold: 500,
      cacheHitRateAlarmMinPercent: 70,
    });
    return { b };
  };
  const dimensions = [{ Name: 'clusterId', Value: 'air-cache' }];
  const single = (MetricName: string, Statistic: string, Period: number) => ({ MetricName, Namespace: 'AWS/ElastiCache', Statistic, Period, Dimensions: dimensions });
  const storageBytes = 6 * GIB * 75 / 100; // 4831838208
  const table: Array<[string, string, string, number, number, string, Record<string, unknown>]> = [
    // [id, name, description after "Serverless Redis air-cache: ", threshold, evaluation periods, missing data, metric]
    ['Ecpu', 'ecpu', 'ECPUs per second above 75% of maximumEcpuPerSecond (2250 of 3000) for 5 minutes: close to the ceiling, where requests are throttled',
      2250, 5, 'missing', {
        Metrics: [
          { Id: 'expr_1', Expression: 'ecpu / 60', Label: 'ECPUs per second', ReturnData: true },
          {
            Id: 'ecpu',
            MetricStat: { Metric: { MetricName: 'ElastiCacheProcessingUnits', Namespace: 'AWS/ElastiCache', Dimensions: dimensions }, Period: 60, Stat: 'Sum' },
            ReturnData: false,
          },
        ],
      }],
    ['DataStorage', 'data-storage', 'BytesUsedForCache above 75% of maximumDataStorage (4831838208 bytes of 6 GB) for 2 minutes: close to the ceiling, where keys are evicted and writes fail',
      storageBytes, 2, 'missing', single('BytesUsedForCache', 'Maximum', 60)],
    ['Throttling', 'throttling', 'more than 4 ThrottledCmds a minute for 3 minutes (the load grows faster than the cache scales, or reaches maximumEcpuPerSecond)',
      4, 3, 'notBreaching', single('ThrottledCmds', 'Sum', 60)],
    ['Connections', 'connections', 'CurrConnections above 500 for 1 minute', 500, 1, 'missing', single('CurrConnections', 'Maximum', 60)],
    ['CacheHitRate', 'cache-hit-rate', 'CacheHitRate below 70% for 15 minutes', 70, 3, 'notBreaching', single('CacheHitRate', 'Average', 300)],
  ];

  test.each(table)('%s alarm', (id, name, description, threshold, periods, missing, metric) => {
    const { b } = setup();
    const found = b.template.findResources('AWS::CloudWatch::Alarm');
    const logicalIds = Object.keys(found).filter(k => k.startsWith(`CacheMonitoring${id}Alarm`));
    expect(logicalIds).toHaveLength(1);
    const topic = [{ Ref: expect.stringMatching(/^CacheMonitoringAlarmTopic[0-9A-F]{8}$/) }];
    expect(found[logicalIds[0]].Properties).toEqual({
      AlarmName: `air-cache-${name}`,
      AlarmDescription: `Serverless Redis air-cache: ${description}.`,
      ComparisonOperator: id === 'CacheHitRate' ? 'LessThanThreshold' : 'GreaterThanThreshold',
      Threshold: threshold,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      TreatMissingData: missing,
      AlarmActions: topic,
      OKActions: topic,
      ...metric,
    });
  });

  test('exactly these five alarms and one topic', () => {
    const { b } = setup();
    expect(Object.keys(b.template.findResources('AWS::CloudWatch::Alarm')).length).toBe(table.length);
    b.template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('alarms off: no monitoring construct, no alarm, no topic', () => {
    const off = build({ alarms: false, maximumEcpuPerSecond: 3000, maximumDataStorage: Size.gibibytes(6) });
    off.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    off.template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(off.cache.node.tryFindChild('Monitoring')).toBeUndefined();
  });
});

describe('outputs', () => {
  test('two caches in one stack need their own prefixes', () => {
    const { stack, vpc } = newStack();
    new AirDiscoveryServerlessRedis(stack, 'A', { vpc });
    expect(() => new AirDiscoveryServerlessRedis(stack, 'B', { vpc })).toThrow(/the output 'RedisEndpoint' of TestStack\/B already exists/);
    new AirDiscoveryServerlessRedis(stack, 'C', { vpc, outputIdPrefix: 'Sessions', exportNamePrefix: 'air-' });
    const outputs = Template.fromStack(stack).toJSON().Outputs;
    expect(outputs.SessionsRedisEndpoint.Export).toEqual({ Name: 'air-RedisEndpoint' });
  });
});

test('userResource and userSecret', () => {
  const b = build({ authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }, { userName: 'ro', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~cache:* +get' }] }) });
  expect(b.stack.resolve(b.cache.userResource('ro').userName)).toBe('ro');
  expect(() => b.cache.userSecret('ro')).toThrow(/has no password/);
  expect(() => b.cache.userSecret('nobody')).toThrow(/no user 'nobody'/);
});

test('synthesizes in an app without an environment (tokens for AZs and CIDR)', () => {
  const app = new App();
  const stack = new Stack(app, 'Agnostic');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc });
  expect(() => app.synth()).not.toThrow();
});
