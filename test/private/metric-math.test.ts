/**
 * src/private/metric-math.ts: the pieces every combined metric and alarm is built from (member node ids, the
 * function across nodes, the ids inside a math expression, the hit-rate expression), checked value by value.
 */
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ClusterMode } from '../../src/configuration';
import { aggregateNodes, crossNodeFunction, hitRateOfNodes, memberCacheClusterIds, metricId } from '../../src/private/metric-math';

const node = (metricName: string, statistic = 'Average', period = Duration.minutes(1)) =>
  new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, statistic, period });

describe('crossNodeFunction: sums add up, minimums take the lowest node, everything else the highest', () => {
  test.each([
    ['Sum', 'SUM'], ['sum', 'SUM'], ['SampleCount', 'SUM'], ['n', 'SUM'],
    ['Minimum', 'MIN'], ['min', 'MIN'],
    ['Maximum', 'MAX'], ['Average', 'MAX'], ['avg', 'MAX'], ['p99', 'MAX'], ['', 'MAX'],
  ])('%s → %s', (statistic, fn) => {
    expect(crossNodeFunction(statistic)).toBe(fn);
  });
});

describe('memberCacheClusterIds: refused counts, each message exact', () => {
  test.each<[string, number, number, string]>([
    ['numShards 0', 0, 1, 'metrics: numShards must be a literal integer >= 1 to name the member nodes, got 0'],
    ['numShards 1.5', 1.5, 1, 'metrics: numShards must be a literal integer >= 1 to name the member nodes, got 1.5'],
    ['replicasPerShard -1', 1, -1, 'metrics: replicasPerShard must be a literal integer >= 0 to name the member nodes, got -1'],
    ['replicasPerShard as a token', 1, Token.asNumber({ Ref: 'Replicas' }), 'metrics: replicasPerShard must be a literal integer >= 0 to name the member nodes, got a token'],
  ])('%s', (_name, numShards, replicas, message) => {
    expect(() => memberCacheClusterIds('grp', ClusterMode.ENABLED, numShards, replicas)).toThrow(new Error(message));
  });

  test('the ids of a cluster-mode group and of a group without cluster mode', () => {
    expect(memberCacheClusterIds('grp', ClusterMode.ENABLED, 2, 1)).toEqual(['grp-0001-001', 'grp-0001-002', 'grp-0002-001', 'grp-0002-002']);
    expect(memberCacheClusterIds('grp', ClusterMode.DISABLED, 1, 2)).toEqual(['grp-001', 'grp-002', 'grp-003']);
  });
});

describe('no member nodes: refused', () => {
  test('aggregateNodes', () => {
    expect(() => aggregateNodes([], id => node(`M${id}`), 'MAX', {})).toThrow(new Error('metrics: no member nodes'));
  });

  test('hitRateOfNodes', () => {
    expect(() => hitRateOfNodes([], (_id, name, props) => new cloudwatch.Metric({ namespace: 'N', metricName: name, ...props })))
      .toThrow(new Error('metrics: no member nodes'));
  });
});

describe('hitRateOfNodes: the default label', () => {
  const nodeMetric = (id: string, metricName: string, props: cloudwatch.MetricOptions) =>
    new cloudwatch.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { CacheClusterId: id }, period: Duration.minutes(1), ...props });

  test('one node: "Cache hit rate (%)", the plain metrics in the expression', () => {
    const m = hitRateOfNodes(['grp-001'], nodeMetric) as cloudwatch.MathExpression;
    expect(m.label).toBe('Cache hit rate (%)');
    expect(m.expression).toBe('100 * cachehits_sum_1 / (cachehits_sum_1 + cachemisses_sum_1)');
  });

  test('two nodes: "Cache hit rate of 2 nodes (%)", SUM over the nodes', () => {
    const m = hitRateOfNodes(['grp-001', 'grp-002'], nodeMetric) as cloudwatch.MathExpression;
    expect(m.label).toBe('Cache hit rate of 2 nodes (%)');
    expect(m.expression).toBe('100 * SUM([cachehits_sum_1, cachehits_sum_2]) / (SUM([cachehits_sum_1, cachehits_sum_2]) + SUM([cachemisses_sum_1, cachemisses_sum_2]))');
  });

  test('the caller\'s label wins', () => {
    expect((hitRateOfNodes(['grp-001'], nodeMetric, { label: 'hits' }) as cloudwatch.MathExpression).label).toBe('hits');
  });
});

describe('metricId: lower case, every run of other characters one underscore, none at either end', () => {
  test.each<[string, string, string, Duration, number, string]>([
    ['plain', 'CPUUtilization', 'Average', Duration.minutes(1), 3, 'cpuutilization_average_3'],
    ['a run of two other characters', 'Engine--CPU', 'Average', Duration.minutes(1), 1, 'engine_cpu_average_1'],
    ['leading and trailing runs', '__Cache Hits__', 'Sum', Duration.minutes(1), 2, 'cache_hits_sum_2'],
    ['a percentile statistic, a 5-minute period', 'CurrItems', 'p99.9', Duration.minutes(5), 4, 'curritems_p99_9_300s_4'],
    ['a name that starts with a digit (and holds a letter): m_ in front', '5xx Errors', 'Sum', Duration.minutes(1), 1, 'm_5xx_errors_sum_1'],
  ])('%s', (_name, metricName, statistic, period, n, id) => {
    expect(metricId(node(metricName, statistic, period), n)).toBe(id);
  });

  test('the ids are usable in a graph: an expression over two differently named nodes synthesizes', () => {
    const stack = new Stack(new App(), 'S');
    const m = aggregateNodes(['a', 'b'], id => node(`Metric ${id}`), 'MAX', { label: 'L' });
    new cloudwatch.Alarm(stack, 'A', { metric: m, threshold: 1, evaluationPeriods: 1 });
    expect((m as cloudwatch.MathExpression).expression).toBe('MAX([metric_a_average_1, metric_b_average_2])');
  });
});
