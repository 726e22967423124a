import { App, CfnElement, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, ClusterMode, RedisMetrics, RedisPreset } from '../src';

function redis(props: Omit<AirDiscoveryRedisProps, 'vpc'>) {
  const app = new App();
  const stack = new Stack(app, 'Metrics', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return { stack, redis: new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props }) };
}

/** The rendered alarm `Metrics` (or single metric) of an IMetric, via a throwaway alarm. */
let probes = 0;
function render(metric: cloudwatch.IMetric, stack = new Stack()): any {
  const alarm = new cloudwatch.Alarm(stack, `Probe${++probes}`, { metric, threshold: 1, evaluationPeriods: 1 });
  const logicalId = stack.getLogicalId(alarm.node.defaultChild as CfnElement);
  return Template.fromStack(stack).toJSON().Resources[logicalId].Properties;
}

/** The expression ids an expression combines with `fn`, in order. */
function statIds(p: any): string[] {
  return p.Metrics.filter((x: any) => x.MetricStat).map((x: any) => x.Id);
}

describe('member node ids', () => {
  test.each([
    { name: 'one node', props: { replicationGroupId: 'g' }, ids: ['g-001'] },
    { name: 'cluster mode disabled, 3 nodes', props: { replicationGroupId: 'g', replicasPerShard: 2 }, ids: ['g-001', 'g-002', 'g-003'] },
    { name: 'compatible mode keeps the single-shard names', props: { replicationGroupId: 'g', clusterMode: ClusterMode.COMPATIBLE, replicasPerShard: 1 }, ids: ['g-001', 'g-002'] },
    {
      name: 'cluster mode, 2 shards x 2 nodes',
      props: { replicationGroupId: 'g', clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 },
      ids: ['g-0001-001', 'g-0001-002', 'g-0002-001', 'g-0002-002'],
    },
    { name: 'lower case, as ElastiCache stores ids', props: { replicationGroupId: 'MyGroup' }, ids: ['mygroup-001'] },
  ])('$name', ({ props, ids }) => {
    expect(new RedisMetrics(props).memberCacheClusterIds).toEqual(ids);
  });

  test('shard 500 and 6 nodes per shard', () => {
    const ids = new RedisMetrics({ replicationGroupId: 'g', clusterMode: ClusterMode.ENABLED, numShards: 500, replicasPerShard: 5 }).memberCacheClusterIds;
    expect(ids).toHaveLength(3000);
    expect(ids[ids.length - 1]).toBe('g-0500-006');
  });

  test('a token group id becomes a join in the dimension', () => {
    const stack = new Stack();
    const id = Lazy.string({ produce: () => 'late' });
    const m = new RedisMetrics({ replicationGroupId: id });
    expect(stack.resolve(m.memberCacheClusterIds[0])).toBe('late-001');
  });

  test.each([
    { props: { replicationGroupId: 'g', numShards: 0, clusterMode: ClusterMode.ENABLED }, message: 'numShards must be a literal integer >= 1' },
    { props: { replicationGroupId: 'g', replicasPerShard: 1.5 }, message: 'replicasPerShard must be a literal integer >= 0 to name the member nodes, got 1.5' },
    { props: { replicationGroupId: 'g', numShards: 2 }, message: 'cluster mode disabled has exactly one shard, got numShards 2' },
  ])('rejects $message', ({ props, message }) => {
    expect(() => new RedisMetrics(props)).toThrow(message);
  });
});

describe('group metrics', () => {
  const three = new RedisMetrics({ replicationGroupId: 'g', replicasPerShard: 2 });

  test('a one-node group gets the plain node metric', () => {
    const m = new RedisMetrics({ replicationGroupId: 'g' }).metricCpuUtilization();
    expect(m).toBeInstanceOf(cloudwatch.Metric);
    expect(render(m)).toMatchObject({
      Namespace: 'AWS/ElastiCache',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'CacheClusterId', Value: 'g-001' }],
      Statistic: 'Average',
      Period: 60,
    });
  });

  test.each([
    { statistic: 'Average', fn: 'MAX' },
    { statistic: 'Maximum', fn: 'MAX' },
    { statistic: 'p99', fn: 'MAX' },
    { statistic: 'Sum', fn: 'SUM' },
    { statistic: 'SampleCount', fn: 'SUM' },
    { statistic: 'Minimum', fn: 'MIN' },
  ])('metric() with $statistic combines the nodes with $fn', ({ statistic, fn }) => {
    const p = render(three.metric('GetTypeCmds', { statistic }));
    expect(p.Metrics.find((x: any) => x.Expression).Expression).toBe(`${fn}([${statIds(p).join(', ')}])`);
    expect(statIds(p)).toEqual([1, 2, 3].map(i => `gettypecmds_${statistic.toLowerCase()}_${i}`));
    const stats = p.Metrics.filter((x: any) => x.MetricStat);
    expect(stats.map((x: any) => x.MetricStat.Metric.Dimensions[0].Value)).toEqual(['g-001', 'g-002', 'g-003']);
    expect(new Set(stats.map((x: any) => x.MetricStat.Metric.MetricName))).toEqual(new Set(['GetTypeCmds']));
  });

  test.each([
    ['metricCpuUtilization', 'CPUUtilization', 'Average', 'MAX'],
    ['metricEngineCpuUtilization', 'EngineCPUUtilization', 'Average', 'MAX'],
    ['metricDatabaseMemoryUsagePercentage', 'DatabaseMemoryUsagePercentage', 'Average', 'MAX'],
    ['metricCacheHits', 'CacheHits', 'Sum', 'SUM'],
    ['metricCacheMisses', 'CacheMisses', 'Sum', 'SUM'],
    ['metricNetworkBytesIn', 'NetworkBytesIn', 'Sum', 'SUM'],
    ['metricNetworkBytesOut', 'NetworkBytesOut', 'Sum', 'SUM'],
    ['metricCurrConnections', 'CurrConnections', 'Maximum', 'MAX'],
    ['metricEvictions', 'Evictions', 'Sum', 'SUM'],
    ['metricReplicationLag', 'ReplicationLag', 'Maximum', 'MAX'],
  ] as const)('%s: %s, %s per node, %s across nodes', (method, metricName, stat, fn) => {
    const p = render((three as any)[method]());
    expect(p.Metrics.find((x: any) => x.Expression).Expression).toBe(`${fn}([${statIds(p).join(', ')}])`);
    // the default label says what is combined and how
    expect(p.Metrics.find((x: any) => x.Expression).Label).toBe(`${metricName} (${fn} of 3 nodes)`);
    const stats = p.Metrics.filter((y: any) => y.MetricStat);
    expect(stats).toHaveLength(3); // one per node
    for (const x of stats) {
      expect(x.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/ElastiCache', MetricName: metricName }, Stat: stat, Period: 60 });
    }
  });

  test('the hit rate: 100 * hits / (hits + misses), summed over the nodes', () => {
    const p = render(three.metricCacheHitRate());
    const hits = 'SUM([cachehits_sum_1, cachehits_sum_2, cachehits_sum_3])';
    const misses = 'SUM([cachemisses_sum_1, cachemisses_sum_2, cachemisses_sum_3])';
    expect(p.Metrics.find((x: any) => x.Expression).Expression).toBe(`100 * ${hits} / (${hits} + ${misses})`);
    expect(p.Metrics.filter((x: any) => x.MetricStat).map((x: any) => x.MetricStat.Stat)).toEqual(Array(6).fill('Sum'));
    expect(render(new RedisMetrics({ replicationGroupId: 'g' }).metricCacheHitRate()).Metrics.find((x: any) => x.Expression).Expression)
      .toBe('100 * cachehits_sum_1 / (cachehits_sum_1 + cachemisses_sum_1)');
  });

  test.each([
    'metricCpuUtilization', 'metricEngineCpuUtilization', 'metricDatabaseMemoryUsagePercentage', 'metricCacheHits', 'metricCacheMisses',
    'metricNetworkBytesIn', 'metricNetworkBytesOut', 'metricCurrConnections', 'metricEvictions', 'metricReplicationLag',
  ])("%s: the caller's statistic, period and label reach every node's metric", (method) => {
    const p = render((three as any)[method]({ statistic: 'Minimum', period: Duration.minutes(5), label: 'mine' }));
    const expr = p.Metrics.find((x: any) => x.Expression);
    expect(expr.Label).toBe('mine');
    expect(expr.Expression).toBe(`MIN([${statIds(p).join(', ')}])`);
    const stats = p.Metrics.filter((y: any) => y.MetricStat);
    expect(stats).toHaveLength(3);
    for (const x of stats) expect(x.MetricStat).toMatchObject({ Stat: 'Minimum', Period: 300 });
  });

  test("the caller's props win", () => {
    const p = render(three.metricCpuUtilization({ statistic: 'Maximum', period: Duration.minutes(5), label: 'hot node' }));
    const expr = p.Metrics.find((x: any) => x.Expression);
    expect(expr.Label).toBe('hot node');
    const stats = p.Metrics.filter((y: any) => y.MetricStat);
    expect(stats).toHaveLength(3);
    for (const x of stats) expect(x.MetricStat).toMatchObject({ Stat: 'Maximum', Period: 300 });
  });
});

describe('on the construct', () => {
  test('helpers use the member nodes of the created group', () => {
    const { stack, redis: r } = redis({ preset: RedisPreset.PROD, replicationGroupId: 'air', clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 });
    expect(r.metrics.memberCacheClusterIds).toEqual(['air-0001-001', 'air-0001-002', 'air-0002-001', 'air-0002-002']);
    const dashboard = new cloudwatch.Dashboard(stack, 'Mine');
    dashboard.addWidgets(new cloudwatch.GraphWidget({
      left: [
        r.metricCpuUtilization(), r.metricEngineCpuUtilization(), r.metricDatabaseMemoryUsagePercentage(),
        r.metricCurrConnections(), r.metricReplicationLag(),
      ],
      right: [r.metricCacheHits(), r.metricCacheMisses(), r.metricCacheHitRate(), r.metricNetworkBytesIn(), r.metricNetworkBytesOut(), r.metricEvictions(), r.metric('GetTypeCmds', { statistic: 'Sum' })],
    }));
    const p = render(r.metricEvictions(), stack);
    expect(p.Metrics.find((x: any) => x.Expression).Expression).toBe('SUM([evictions_sum_1, evictions_sum_2, evictions_sum_3, evictions_sum_4])');
    const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    const raw = Object.values<any>(dashboards)[0].Properties.DashboardBody;
    const body: string = typeof raw === 'string' ? raw : raw['Fn::Join'][1].filter((x: any) => typeof x === 'string').join('');
    const nodes = [...body.matchAll(/"CacheClusterId","([^"]+)"/g)].map(x => x[1]);
    expect(new Set(nodes)).toEqual(new Set(r.metrics.memberCacheClusterIds));
  });

  test('a one-node DEV group: plain metrics on <group>-001', () => {
    const { stack, redis: r } = redis({ preset: RedisPreset.DEV, replicationGroupId: 'dev' });
    expect(render(r.metricCurrConnections(), stack)).toMatchObject({ Dimensions: [{ Name: 'CacheClusterId', Value: 'dev-001' }], Statistic: 'Maximum' });
  });
});
