import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, ClusterMode, RedisPreset } from '../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

function build(props: Props = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Mon', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  return { app, stack, redis, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties: Record<string, any> };

function alarms(template: Template): Array<[string, Resource]> {
  return Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as Array<[string, Resource]>;
}

/** Alarms whose logical id starts with the construct path of one alarm kind. */
function alarmsOfKind(template: Template, kind: string): Resource[] {
  return alarms(template)
    .filter(([logicalId]) => new RegExp(`^RedisMonitoring${kind}Alarm\\d*[A-F0-9]{8}$`).test(logicalId))
    .map(([, r]) => r);
}

/** The CacheClusterId of every metric an alarm reads. */
function alarmNodes(alarm: Resource): string[] {
  const p = alarm.Properties;
  if (p.Dimensions) return p.Dimensions.filter((d: any) => d.Name === 'CacheClusterId').map((d: any) => d.Value);
  return p.Metrics
    .filter((m: any) => m.MetricStat)
    .flatMap((m: any) => m.MetricStat.Metric.Dimensions.filter((d: any) => d.Name === 'CacheClusterId').map((d: any) => d.Value));
}

function metricCount(alarm: Resource): number {
  const p = alarm.Properties;
  return p.Metrics ? p.Metrics.filter((m: any) => m.MetricStat).length : 1;
}

function expressionOf(alarm: Resource): string | undefined {
  return alarm.Properties.Metrics?.find((m: any) => m.Expression)?.Expression;
}

/**
 * The member cache cluster ids ElastiCache creates for the synthesized
 * replication group, worked out from the template alone: `<id>-NNN` for
 * NumCacheClusters, `<id>-SSSS-NNN` for node groups (cluster mode).
 */
function expectedMembers(template: Template): string[] {
  const groups = Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup')) as Resource[];
  expect(groups).toHaveLength(1);
  const p = groups[0].Properties;
  const id = String(p.ReplicationGroupId).toLowerCase();
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const out: string[] = [];
  if (p.NumNodeGroups !== undefined) {
    for (let s = 1; s <= p.NumNodeGroups; s++) {
      for (let n = 1; n <= 1 + p.ReplicasPerNodeGroup; n++) out.push(`${id}-${pad(s, 4)}-${pad(n, 3)}`);
    }
  } else {
    for (let n = 1; n <= p.NumCacheClusters; n++) out.push(`${id}-${pad(n, 3)}`);
  }
  return out;
}

const KINDS = ['Cpu', 'Memory', 'Connections'];

describe('presets', () => {
  test('DEV: no alarms, no topic, no dashboard by default', () => {
    const { redis, template } = build({ preset: RedisPreset.DEV });
    expect(redis.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('DEV with alarms: the three seed alarms on the one node, CPU scaled for 2 vCPUs', () => {
    const { template: t } = build({ preset: RedisPreset.DEV, replicationGroupId: 'air-dev', alarms: true });
    expect(alarms(t)).toHaveLength(3);
    const dims = [{ Name: 'CacheClusterId', Value: 'air-dev-001' }];
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'air-dev-cpu',
      Namespace: 'AWS/ElastiCache',
      MetricName: 'CPUUtilization', // cache.t3.micro: 2 vCPUs
      Dimensions: dims,
      Statistic: 'Average',
      Period: 60,
      Threshold: 40, // 80% of the engine core = 80 / 2 vCPUs
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'missing',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'air-dev-memory',
      MetricName: 'DatabaseMemoryUsagePercentage',
      Dimensions: dims,
      Threshold: 90,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Period: 60,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'air-dev-connections',
      MetricName: 'CurrConnections',
      Dimensions: dims,
      Statistic: 'Maximum',
      Threshold: 1000,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
    });
  });

  test('PROD: the alarms are on, send ALARM and OK to an encrypted TLS-only topic', () => {
    const { redis, template } = build({ preset: RedisPreset.PROD });
    expect(redis.monitoring?.alarms).toHaveLength(3);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
    // CloudWatch may use the key only on behalf of this account (no confused deputy across accounts)
    const keyPolicy = Object.values<any>(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
    const forCloudWatch = keyPolicy.filter((st: any) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch).toHaveLength(1);
    expect(forCloudWatch[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '123456789012' } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
    expect(alarms(template)).toHaveLength(3);
    for (const [, alarm] of alarms(template)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.InsufficientDataActions).toBeUndefined();
    }
  });

  test('alarms: false turns them off in PROD', () => {
    const { redis, template } = build({ preset: RedisPreset.PROD, alarms: false });
    expect(redis.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });
});

describe('dimensions: every member node the replication group creates, never the group id', () => {
  const topologies: Array<{ name: string; props: Props; nodes: number; alarmsPerKind: number }> = [
    { name: 'DEV, one node', props: { preset: RedisPreset.DEV, alarms: true }, nodes: 1, alarmsPerKind: 1 },
    { name: 'PROD, primary + 2 replicas', props: { preset: RedisPreset.PROD }, nodes: 3, alarmsPerKind: 1 },
    { name: 'PROD, 6 nodes', props: { preset: RedisPreset.PROD, numCacheNodes: 6 }, nodes: 6, alarmsPerKind: 1 },
    { name: 'PROD, compatible mode', props: { preset: RedisPreset.PROD, clusterMode: ClusterMode.COMPATIBLE }, nodes: 3, alarmsPerKind: 1 },
    { name: 'PROD, cluster mode 3 shards x 2 nodes', props: { preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED }, nodes: 6, alarmsPerKind: 1 },
    { name: 'PROD, cluster mode 1 shard x 1 node', props: { preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 1, replicasPerShard: 0, multiAz: false }, nodes: 1, alarmsPerKind: 1 },
    { name: 'PROD, cluster mode 4 shards x 3 nodes', props: { preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 4, replicasPerShard: 2 }, nodes: 12, alarmsPerKind: 2 },
    { name: 'DEV with alarms, cluster mode 2 shards x 1 node', props: { preset: RedisPreset.DEV, alarms: true, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 0 }, nodes: 2, alarmsPerKind: 1 },
    { name: 'upper-case group id', props: { preset: RedisPreset.PROD, replicationGroupId: 'Air-Redis' }, nodes: 3, alarmsPerKind: 1 },
  ];

  test.each(topologies)('$name', ({ props, nodes, alarmsPerKind }) => {
    const { redis, template } = build(props);
    const members = expectedMembers(template);
    expect(members).toHaveLength(nodes);
    expect(redis.metrics.memberCacheClusterIds).toEqual(members);
    expect(alarms(template)).toHaveLength(KINDS.length * alarmsPerKind);
    for (const kind of KINDS) {
      const own = alarmsOfKind(template, kind);
      expect(own).toHaveLength(alarmsPerKind);
      // together the alarms of one kind watch each member exactly once
      expect(own.flatMap(alarmNodes)).toEqual(members);
      for (const alarm of own) {
        expect(metricCount(alarm)).toBeLessThanOrEqual(10);
        const count = metricCount(alarm);
        if (count > 1) {
          const stats = alarm.Properties.Metrics.filter((x: any) => x.MetricStat);
          expect(expressionOf(alarm)).toBe(`MAX([${stats.map((m: any) => m.Id).join(', ')}])`);
          for (const m of stats) {
            expect(m.ReturnData).toBe(false);
            expect(m.MetricStat.Metric.Namespace).toBe('AWS/ElastiCache');
            expect(m.MetricStat.Period).toBe(60);
          }
        }
      }
    }
    const groupId = String(Object.values<any>(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties.ReplicationGroupId);
    expect(alarms(template).flatMap(([, a]) => alarmNodes(a))).not.toContain(groupId);
  });

  test('12 nodes split 10 + 2, alarm names and ids stay put for the first slice', () => {
    const { template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'big', clusterMode: ClusterMode.ENABLED, numShards: 4, replicasPerShard: 2 });
    const cpu = alarmsOfKind(template, 'Cpu');
    expect(cpu.map(a => a.Properties.AlarmName)).toEqual(['big-cpu', 'big-cpu-2']);
    expect(cpu.map(metricCount)).toEqual([10, 2]);
    expect(alarmNodes(cpu[1])).toEqual(['big-0004-002', 'big-0004-003']);
    expect(cpu[0].Properties.AlarmDescription).toContain('big-0001-001');
  });
});

describe('the CPU rule follows the node type', () => {
  test.each([
    { nodeType: CacheNodeType.T3_MICRO, threshold: undefined, metric: 'CPUUtilization', expected: 40 },
    { nodeType: CacheNodeType.T3_SMALL, threshold: 90, metric: 'CPUUtilization', expected: 45 }, // AWS's own example: 90/2
    { nodeType: CacheNodeType.M7_G_LARGE, threshold: undefined, metric: 'CPUUtilization', expected: 40 },
    { nodeType: CacheNodeType.of('cache.t2.micro'), threshold: undefined, metric: 'CPUUtilization', expected: 80 }, // 1 vCPU
    { nodeType: CacheNodeType.R6_G_XLARGE, threshold: undefined, metric: 'EngineCPUUtilization', expected: 80 },
    { nodeType: CacheNodeType.of('cache.r7g.4xlarge'), threshold: 70, metric: 'EngineCPUUtilization', expected: 70 },
  ])('$nodeType.name, threshold $threshold: $metric at $expected%', ({ nodeType, threshold, metric, expected }) => {
    const { redis, template } = build({ preset: RedisPreset.PROD, cacheNodeType: nodeType, cpuAlarmThresholdPercent: threshold });
    expect(redis.monitoring?.cpuMetricName).toBe(metric);
    expect(redis.monitoring?.cpuAlarmThresholdPercent).toBe(expected);
    const [cpu] = alarmsOfKind(template, 'Cpu');
    expect(cpu.Properties.Threshold).toBe(expected);
    const names = cpu.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);
    expect(new Set(names)).toEqual(new Set([metric]));
    expect(cpu.Properties.AlarmDescription).toContain(redis.monitoring!.cpuAlarmRule);
  });

  test('a node type whose vCPUs are unknown: EngineCPUUtilization, with a warning', () => {
    const { stack, redis } = build({ preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.unlisted('cache.future.huge') });
    expect(redis.monitoring?.cpuMetricName).toBe('EngineCPUUtilization');
    expect(redis.monitoring?.cpuAlarmThresholdPercent).toBe(80);
    Annotations.fromStack(stack).hasWarning('/Mon/Redis', Match.stringLikeRegexp('vCPU count of node type cache.future.huge is unknown'));
  });
});

describe('overrides', () => {
  test('thresholds and durations', () => {
    const { template } = build({
      preset: RedisPreset.PROD,
      replicationGroupId: 'o',
      cpuAlarmThresholdPercent: 60,
      cpuAlarmDuration: Duration.minutes(10),
      memoryAlarmThresholdPercent: 75,
      memoryAlarmDuration: Duration.minutes(3),
      connectionsAlarmThreshold: 5000,
      connectionsAlarmDuration: Duration.minutes(4),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'o-cpu', Threshold: 30, EvaluationPeriods: 10, DatapointsToAlarm: 10 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'o-memory', Threshold: 75, EvaluationPeriods: 3, DatapointsToAlarm: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'o-connections', Threshold: 5000, EvaluationPeriods: 4, DatapointsToAlarm: 4 });
  });

  test('a given topic: no topic created, actions go to it', () => {
    const app = new App();
    const stack = new Stack(app, 'Given', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops');
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, alarmTopic: topic });
    const template = Template.fromStack(stack);
    expect(redis.monitoring?.alarmTopic).toBe(topic);
    expect(redis.monitoring?.alarmTopicKey).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    // the loop below must not pass on an empty set: PROD has its three seed alarms
    expect(alarms(template)).toHaveLength(3);
    for (const [, alarm] of alarms(template)) {
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-1:123456789012:ops']);
      expect(alarm.Properties.OKActions).toEqual(['arn:aws:sns:us-east-1:123456789012:ops']);
    }
  });

  test('createAlarmTopic: false and no topic: alarms without actions', () => {
    const { redis, template } = build({ preset: RedisPreset.PROD, createAlarmTopic: false });
    expect(redis.monitoring?.alarmTopic).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(alarms(template)).toHaveLength(3);
    expect(redis.monitoring?.alarms).toHaveLength(3);
    for (const [, alarm] of alarms(template)) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
  });
});

describe('opt-in alarms', () => {
  const extras: Props = {
    evictionsAlarmThreshold: 100,
    replicationLagAlarmThresholdSeconds: 2,
    swapUsageAlarmThresholdBytes: 50 * 1024 * 1024,
    cacheHitRateAlarmMinPercent: 80,
  };

  test('PROD with every extra: 7 kinds of alarm on the 3 nodes', () => {
    const { redis, template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'x', ...extras });
    const members = ['x-001', 'x-002', 'x-003'];
    expect(alarms(template)).toHaveLength(7);
    expect(redis.monitoring?.alarms).toHaveLength(7);

    const [evictions] = alarmsOfKind(template, 'Evictions');
    expect(alarmNodes(evictions)).toEqual(members);
    expect(expressionOf(evictions)).toBe('MAX([evictions_sum_300s_1, evictions_sum_300s_2, evictions_sum_300s_3])');
    expect(evictions.Properties).toMatchObject({ AlarmName: 'x-evictions', Threshold: 100, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'missing' });
    const evictionStats = evictions.Properties.Metrics.filter((x: any) => x.MetricStat);
    expect(evictionStats).toHaveLength(members.length);
    for (const m of evictionStats) {
      expect(m.MetricStat).toMatchObject({ Stat: 'Sum', Period: 300 });
    }

    const [lag] = alarmsOfKind(template, 'ReplicationLag');
    expect(alarmNodes(lag)).toEqual(members); // every node: roles move with failovers
    expect(lag.Properties).toMatchObject({ AlarmName: 'x-replication-lag', Threshold: 2, EvaluationPeriods: 5, DatapointsToAlarm: 5 });

    const [swap] = alarmsOfKind(template, 'SwapUsage');
    expect(swap.Properties).toMatchObject({ AlarmName: 'x-swap-usage', Threshold: 52428800, EvaluationPeriods: 5 });

    const [hitRate] = alarmsOfKind(template, 'CacheHitRate');
    const hits = 'SUM([cachehits_sum_300s_1, cachehits_sum_300s_2, cachehits_sum_300s_3])';
    const misses = 'SUM([cachemisses_sum_300s_1, cachemisses_sum_300s_2, cachemisses_sum_300s_3])';
    expect(expressionOf(hitRate)).toBe(`100 * ${hits} / (${hits} + ${misses})`);
    expect(hitRate.Properties).toMatchObject({
      AlarmName: 'x-cache-hit-rate',
      Threshold: 80,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
    });
    const hitMetrics = hitRate.Properties.Metrics.filter((x: any) => x.MetricStat);
    expect(hitMetrics.map((m: any) => `${m.Id} ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Metric.Dimensions[0].Value} ${m.MetricStat.Stat} ${m.MetricStat.Period}`).sort()).toEqual([
      'cachehits_sum_300s_1 CacheHits x-001 Sum 300', 'cachehits_sum_300s_2 CacheHits x-002 Sum 300', 'cachehits_sum_300s_3 CacheHits x-003 Sum 300',
      'cachemisses_sum_300s_1 CacheMisses x-001 Sum 300', 'cachemisses_sum_300s_2 CacheMisses x-002 Sum 300', 'cachemisses_sum_300s_3 CacheMisses x-003 Sum 300',
    ]);
  });

  test('the hit rate takes 2 metrics per node: 6 nodes make alarms over 5 + 1 nodes', () => {
    const { template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'h', numCacheNodes: 6, cacheHitRateAlarmMinPercent: 50 });
    const rates = alarmsOfKind(template, 'CacheHitRate');
    expect(rates.map(metricCount)).toEqual([10, 2]);
    expect(expressionOf(rates[1])).toBe('100 * cachehits_sum_300s_1 / (cachehits_sum_300s_1 + cachemisses_sum_300s_1)');
    expect(rates.map(a => a.Properties.AlarmName)).toEqual(['h-cache-hit-rate', 'h-cache-hit-rate-2']);
  });

  test('no replicas: no replication lag alarm, and a warning', () => {
    const { stack, template } = build({ preset: RedisPreset.DEV, alarms: true, replicationLagAlarmThresholdSeconds: 5 });
    expect(alarmsOfKind(template, 'ReplicationLag')).toHaveLength(0);
    Annotations.fromStack(stack).hasWarning('/Mon/Redis', Match.stringLikeRegexp('no replicas'));
  });
});

describe('validation and warnings', () => {
  test.each([
    { testDescription: 'cpu threshold above 100', props: { cpuAlarmThresholdPercent: 120 }, message: 'cpuAlarmThresholdPercent must be above 0 and at most 100, got 120' },
    { testDescription: 'memory threshold 0', props: { memoryAlarmThresholdPercent: 0 }, message: 'memoryAlarmThresholdPercent must be above 0 and at most 100, got 0' },
    { testDescription: 'negative connections', props: { connectionsAlarmThreshold: -1 }, message: 'connectionsAlarmThreshold must be 0 or more, got -1' },
    { testDescription: 'negative evictions', props: { evictionsAlarmThreshold: -5 }, message: 'evictionsAlarmThreshold must be 0 or more' },
    { testDescription: 'zero replication lag', props: { replicationLagAlarmThresholdSeconds: 0 }, message: 'replicationLagAlarmThresholdSeconds must be above 0, got 0' },
    { testDescription: 'negative swap', props: { swapUsageAlarmThresholdBytes: -1 }, message: 'swapUsageAlarmThresholdBytes must be 0 or more, got -1' },
    { testDescription: 'hit rate above 100', props: { cacheHitRateAlarmMinPercent: 101 }, message: 'cacheHitRateAlarmMinPercent must be above 0 and at most 100, got 101' },
    { testDescription: 'seconds in a duration', props: { cpuAlarmDuration: Duration.seconds(90) }, message: 'cpuAlarmDuration must be whole minutes from 1 minute to 1 day (the alarm checks every minute), got 1 minute 30 seconds' },
    { testDescription: 'duration over a day', props: { memoryAlarmDuration: Duration.hours(25) }, message: 'memoryAlarmDuration must be whole minutes from 1 minute to 1 day' },
    { testDescription: 'zero duration', props: { connectionsAlarmDuration: Duration.minutes(0) }, message: 'connectionsAlarmDuration must be whole minutes' },
  ])('$testDescription', ({ props, message }) => {
    expect(() => build({ preset: RedisPreset.PROD, ...props })).toThrow(message);
  });

  test('a topic and createAlarmTopic: true', () => {
    const app = new App();
    const stack = new Stack(app, 'Both');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const topic = new sns.Topic(stack, 'Ops');
    expect(() => new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, alarmTopic: topic, createAlarmTopic: true }))
      .toThrow('alarmTopic and createAlarmTopic: true exclude each other');
  });

  test('every failing rule at once', () => {
    expect(() => build({ preset: RedisPreset.PROD, cpuAlarmThresholdPercent: 0, memoryAlarmThresholdPercent: 200 }))
      .toThrow(/invalid AirDiscoveryRedis configuration at Mon\/Redis:\n {2}- cpuAlarmThresholdPercent .*\n {2}- memoryAlarmThresholdPercent/);
  });

  test('alarm props while alarms are off: a warning naming them', () => {
    const { stack, redis } = build({ preset: RedisPreset.DEV, cpuAlarmThresholdPercent: 70, evictionsAlarmThreshold: 1 });
    expect(redis.monitoring).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Mon/Redis', Match.stringLikeRegexp('alarms are off .* cpuAlarmThresholdPercent, evictionsAlarmThreshold have no effect'));
  });
});

describe('dashboard', () => {
  test('DEV with dashboard only: the seed metrics per node, no alarm widget', () => {
    const { redis, template } = build({ preset: RedisPreset.DEV, replicationGroupId: 'd', dashboard: true });
    expect(redis.monitoring?.alarms).toEqual([]);
    expect(redis.monitoring?.dashboard).toBeDefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    const body = dashboardBody(template);
    expect(body.widgets.map((w: any) => w.type)).not.toContain('alarm');
    const titles = body.widgets.map((w: any) => w.properties.title).filter(Boolean);
    for (const metric of ['CPUUtilization', 'DatabaseMemoryUsagePercentage', 'CacheHits', 'CacheMisses', 'NetworkBytesIn', 'NetworkBytesOut', 'CurrConnections']) {
      expect(titles.some((t: string) => t.startsWith(`${metric} per node`))).toBe(true);
    }
    expect(titles).toContain('Cache hit rate (%)');
  });

  test('PROD with dashboard: alarm states, one line per node, threshold lines', () => {
    const { template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'p', dashboard: true });
    const body = dashboardBody(template);
    const alarmWidget = body.widgets.find((w: any) => w.type === 'alarm');
    expect(alarmWidget.properties.alarms).toHaveLength(3);
    const cpu = body.widgets.find((w: any) => w.properties.title === 'CPUUtilization per node (%)');
    expect(cpu.properties.metrics).toEqual([
      ['AWS/ElastiCache', 'CPUUtilization', 'CacheClusterId', 'p-001', { label: 'p-001', period: 60 }],
      ['AWS/ElastiCache', 'CPUUtilization', 'CacheClusterId', 'p-002', { label: 'p-002', period: 60 }],
      ['AWS/ElastiCache', 'CPUUtilization', 'CacheClusterId', 'p-003', { label: 'p-003', period: 60 }],
    ]);
    expect(cpu.properties.annotations.horizontal).toEqual([{ value: 40, label: 'CPU alarm', color: '#d62728', yAxis: 'left' }]);
  });
});

function dashboardBody(template: Template): any {
  const dashboards = Object.values<any>(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((x: any) => (typeof x === 'string' ? x : 'TOKEN')).join('');
  return JSON.parse(text);
}

describe('resource budget: a 90-node cluster fits a stack with room to spare', () => {
  const everything: Props = {
    preset: RedisPreset.PROD,
    clusterMode: ClusterMode.ENABLED,
    evictionsAlarmThreshold: 0,
    replicationLagAlarmThresholdSeconds: 5,
    swapUsageAlarmThresholdBytes: 50 * 1024 * 1024,
    cacheHitRateAlarmMinPercent: 80,
    dashboard: true,
  };

  test.each([
    { numShards: 30, replicasPerShard: 2 },
    { numShards: 45, replicasPerShard: 1 },
  ])('$numShards shards x $replicasPerShard replicas, every alarm and the dashboard', ({ numShards, replicasPerShard }) => {
    const { template } = build({ ...everything, numShards, replicasPerShard });
    const members = expectedMembers(template);
    expect(members).toHaveLength(90);

    // 6 kinds x 9 alarms (10 nodes each) + the hit rate x 18 alarms (5 nodes each)
    expect(alarms(template)).toHaveLength(6 * 9 + 18);
    for (const kind of [...KINDS, 'Evictions', 'ReplicationLag', 'SwapUsage']) {
      const own = alarmsOfKind(template, kind);
      expect(own).toHaveLength(9);
      expect(own.flatMap(alarmNodes)).toEqual(members);
    }
    const rates = alarmsOfKind(template, 'CacheHitRate');
    expect(rates).toHaveLength(18);
    expect(rates.flatMap(alarmNodes).sort()).toEqual(members.flatMap(m => [m, m]).sort());
    for (const [, alarm] of alarms(template)) expect(metricCount(alarm)).toBeLessThanOrEqual(10);

    const resources = Object.keys(template.toJSON().Resources).length;
    // eslint-disable-next-line no-console
    console.log(`90-node stack (${numShards} x ${1 + replicasPerShard}): ${resources} resources, ${alarms(template).length} alarms`);
    expect(resources).toBeLessThan(500);
    expect(resources).toBeLessThan(150);

    // the dashboard stays within CloudWatch's 500 metrics per graph
    const widgets = dashboardBody(template).widgets;
    expect(widgets.filter((w: any) => (w.properties.metrics ?? []).length > 0).length).toBeGreaterThanOrEqual(7);
    for (const w of widgets) {
      expect((w.properties.metrics ?? []).length).toBeLessThanOrEqual(500);
    }
  });
});

test('the largest group ElastiCache allows (500 nodes) with every alarm: still under 500 resources, with a warning', () => {
  const { stack, template } = build({
    preset: RedisPreset.PROD,
    clusterMode: ClusterMode.ENABLED,
    numShards: 250,
    replicasPerShard: 1,
    evictionsAlarmThreshold: 0,
    replicationLagAlarmThresholdSeconds: 5,
    swapUsageAlarmThresholdBytes: 50 * 1024 * 1024,
    cacheHitRateAlarmMinPercent: 80,
  });
  expect(alarms(template)).toHaveLength(6 * 50 + 100);
  const resources = Object.keys(template.toJSON().Resources).length;
  // eslint-disable-next-line no-console
  console.log(`500-node stack (250 x 2), every alarm: ${resources} resources`);
  expect(resources).toBeLessThan(500);
  Annotations.fromStack(stack).hasWarning('/Mon/Redis/Monitoring', Match.stringLikeRegexp('400 alarms for 500 nodes'));
  const { stack: small } = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 30, replicasPerShard: 2 });
  Annotations.fromStack(small).hasNoWarning('/Mon/Redis/Monitoring', Match.anyValue());
});

describe('cdk-nag', () => {
  test('the monitoring resources have no findings (AwsSolutions, HIPAA, NIST 800-53 R5)', () => {
    const { stack } = build({ preset: RedisPreset.PROD, dashboard: true, evictionsAlarmThreshold: 0 });
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()]) {
      const own = pack.validateScope(stack).violations.flatMap(v => v.violatingResources
        .filter(r => (r as any).constructPath?.startsWith('Mon/Redis/Monitoring'))
        .map(r => `${v.ruleName} ${(r as any).constructPath}`));
      expect(own).toEqual([]);
    }
  });
});

describe('snapshot', () => {
  test('PROD, cluster mode 2 shards x 2 nodes, every alarm, dashboard', () => {
    const { template } = build({
      preset: RedisPreset.PROD,
      replicationGroupId: 'air-discovery-prod',
      clusterMode: ClusterMode.ENABLED,
      numShards: 2,
      replicasPerShard: 1,
      evictionsAlarmThreshold: 0,
      replicationLagAlarmThresholdSeconds: 5,
      swapUsageAlarmThresholdBytes: 50 * 1024 * 1024,
      cacheHitRateAlarmMinPercent: 80,
      dashboard: true,
    });
    // Only the monitoring's own resources, so the snapshot moves only when they do.
    const own = Object.fromEntries(Object.entries(template.toJSON().Resources).filter(([id]) => id.startsWith('RedisMonitoring')));
    expect(own).toMatchSnapshot();
  });
});
