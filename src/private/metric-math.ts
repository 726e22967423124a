import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ClusterMode } from '../configuration';

/** ElastiCache publishes every 60 seconds; the metrics' default period. */
export const ONE_MINUTE = Duration.minutes(1);

/** The namespace ElastiCache publishes in, node-based and serverless alike. */
export const ELASTICACHE_NAMESPACE = 'AWS/ElastiCache';

/**
 * One `AWS/ElastiCache` metric under one dimension (`CacheClusterId` of a node, `clusterId` of a
 * serverless cache): period 1 minute, statistic `Average`; the caller's props win. Attached to
 * `scope` (its stack's account and region) when there is one.
 */
export function elastiCacheMetric(dimension: string, value: string, metricName: string,
  props: cloudwatch.MetricOptions | undefined, scope: IConstruct | undefined): cloudwatch.Metric {
  const metric = new cloudwatch.Metric({
    namespace: ELASTICACHE_NAMESPACE,
    metricName,
    dimensionsMap: { [dimension]: value },
    period: ONE_MINUTE,
    statistic: cloudwatch.Stats.AVERAGE,
    ...props,
  });
  return scope ? metric.attachTo(scope) : metric;
}

/**
 * The most metrics one metric-math alarm may reference. A hard CloudWatch limit:
 * "Alarms based on metric math expressions can reference a maximum of 10 metrics"
 * (CloudWatch user guide, alarm limits).
 */
export const MAX_METRICS_PER_ALARM = 10;

/**
 * The `CacheClusterId` of every member node ElastiCache creates for a replication
 * group, shard by shard: `<group>-NNN` with one node group (cluster mode disabled
 * or compatible), `<group>-SSSS-NNN` with cluster mode enabled, numbered from 1.
 */
export function memberCacheClusterIds(replicationGroupId: string, clusterMode: ClusterMode, numShards: number, replicasPerShard: number): string[] {
  const counts: Array<[string, number, number]> = [['numShards', numShards, 1], ['replicasPerShard', replicasPerShard, 0]];
  for (const [name, value, min] of counts) {
    if (Token.isUnresolved(value) || !Number.isInteger(value) || value < min) {
      throw new Error(`metrics: ${name} must be a literal integer >= ${min} to name the member nodes, got ${Token.isUnresolved(value) ? 'a token' : value}`);
    }
  }
  const cluster = clusterMode === ClusterMode.ENABLED;
  if (!cluster && numShards !== 1) {
    throw new Error(`metrics: a replication group with cluster mode ${clusterMode} has exactly one shard, got numShards ${numShards}`);
  }
  const ids: string[] = [];
  for (let shard = 1; shard <= numShards; shard++) {
    for (let node = 1; node <= 1 + replicasPerShard; node++) {
      const n = String(node).padStart(3, '0');
      ids.push(cluster ? `${replicationGroupId}-${String(shard).padStart(4, '0')}-${n}` : `${replicationGroupId}-${n}`);
    }
  }
  return ids;
}

/**
 * The metric-math function that combines one statistic across nodes:
 * sums add up, minimums take the lowest node, everything else the highest.
 */
export function crossNodeFunction(statistic: string): string {
  const s = statistic.toLowerCase();
  if (s === 'sum' || s === 'samplecount' || s === 'n') return 'SUM';
  if (s === 'minimum' || s === 'min') return 'MIN';
  return 'MAX';
}

/** What the math expression itself shows. */
export interface ExpressionDisplay {
  readonly period?: Duration;
  readonly label?: string;
  readonly color?: string;
}

/**
 * `fn([m1, m2, ...])` over one metric of each node: a single time series holding,
 * at each timestamp, the function of the nodes that reported. One node: its
 * plain metric (the function of a single series would be a scalar over the whole
 * window, which an alarm cannot use).
 */
export function aggregateNodes(
  ids: string[],
  nodeMetric: (cacheClusterId: string) => cloudwatch.Metric,
  fn: string,
  display: ExpressionDisplay,
): cloudwatch.IMetric {
  if (ids.length === 0) throw new Error('metrics: no member nodes');
  if (ids.length === 1) return nodeMetric(ids[0]);
  const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
  ids.forEach((id, i) => {
    const metric = nodeMetric(id);
    usingMetrics[metricId(metric, i + 1)] = metric;
  });
  return new cloudwatch.MathExpression({
    expression: `${fn}([${Object.keys(usingMetrics).join(', ')}])`,
    usingMetrics,
    period: display.period ?? ONE_MINUTE,
    label: display.label,
    color: display.color,
  });
}

/**
 * `100 * hits / (hits + misses)` with hits and misses summed over the nodes
 * (2 metrics per node). CloudWatch drops a data point whose computation divides
 * by zero, so a period without lookups has no value.
 */
export function hitRateOfNodes(
  ids: string[],
  nodeMetric: (cacheClusterId: string, metricName: string, props: cloudwatch.MetricOptions) => cloudwatch.Metric,
  props?: cloudwatch.MetricOptions,
): cloudwatch.IMetric {
  if (ids.length === 0) throw new Error('metrics: no member nodes');
  const nodeProps: cloudwatch.MetricOptions = { ...props, statistic: cloudwatch.Stats.SUM };
  const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
  const total = (metricName: string) => {
    const names = ids.map((id, i) => {
      const metric = nodeMetric(id, metricName, nodeProps);
      const name = metricId(metric, i + 1);
      usingMetrics[name] = metric;
      return name;
    });
    return names.length === 1 ? names[0] : `SUM([${names.join(', ')}])`;
  };
  const hits = total('CacheHits');
  const misses = total('CacheMisses');
  return new cloudwatch.MathExpression({
    expression: `100 * ${hits} / (${hits} + ${misses})`,
    usingMetrics,
    period: props?.period ?? ONE_MINUTE,
    label: props?.label ?? (ids.length === 1 ? 'Cache hit rate (%)' : `Cache hit rate of ${ids.length} nodes (%)`),
    color: props?.color,
  });
}

/**
 * The id of a node metric inside a math expression: metric name, statistic,
 * period (when not 1 minute) and node number, e.g. `cpuutilization_average_3`.
 * Everything that tells two metrics apart is in it, so that several of these
 * expressions can share one graph (CDK rejects one id for two different metrics).
 */
export function metricId(metric: cloudwatch.Metric, node: number): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const seconds = metric.period.toSeconds();
  const parts = [clean(metric.metricName), clean(metric.statistic), ...(seconds === 60 ? [] : [`${seconds}s`]), `${node}`];
  const id = parts.join('_');
  return /^[a-z]/.test(id) ? id : `m_${id}`;
}

/** Splits a list into consecutive slices of at most `size` items. */
export function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
