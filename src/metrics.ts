import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ClusterMode, RedisConfiguration } from './configuration';
import {
  aggregateNodes, crossNodeFunction, ELASTICACHE_NAMESPACE, elastiCacheMetric, hitRateOfNodes,
  MAX_METRICS_PER_ALARM, memberCacheClusterIds, ONE_MINUTE,
} from './private/metric-math';
import { storedLowerCase } from './private/tokens';

/**
 * The topology of a replication group, for `RedisMetrics`.
 */
export interface RedisMetricsProps {
  /**
   * The replication group id. ElastiCache stores it in lower case, and so do the
   * member cache cluster ids that its metrics carry.
   */
  readonly replicationGroupId: string;

  /**
   * Cluster mode, which decides how ElastiCache names the member nodes:
   * `<group>-001` with cluster mode disabled (and compatible), `<group>-0001-001`
   * with cluster mode enabled.
   *
   * @default ClusterMode.DISABLED
   */
  readonly clusterMode?: ClusterMode;

  /**
   * Number of shards (node groups). 1 when cluster mode is disabled.
   *
   * @default 1
   */
  readonly numShards?: number;

  /**
   * Replicas in each shard. With cluster mode disabled this is `numCacheNodes - 1`.
   *
   * @default 0
   */
  readonly replicasPerShard?: number;

  /**
   * A construct whose stack's account and region the metrics belong to
   * (`Metric.attachTo`), so that a dashboard in another stack shows them.
   *
   * @default - the metrics carry no account or region: those of the stack that uses them
   */
  readonly scope?: IConstruct;
}

/**
 * CloudWatch metrics of a Redis OSS / Valkey replication group.
 *
 * ElastiCache publishes its metrics per member node, under the dimension
 * `CacheClusterId` = `<group>-001`, `<group>-002`, ... (cluster mode disabled) or
 * `<group>-0001-001`, `<group>-0001-002`, `<group>-0002-001`, ... (cluster mode
 * enabled). Nothing is published under the replication group id, so a metric or
 * alarm on the group id never gets data.
 *
 * The group-level metrics here are metric math over every member node:
 *
 * | statistic                         | across nodes | meaning                          |
 * |-----------------------------------|--------------|----------------------------------|
 * | `Sum`, `SampleCount`              | `SUM`        | the whole group's total          |
 * | `Minimum`                         | `MIN`        | the lowest node                  |
 * | `Average`, `Maximum`, percentiles | `MAX`        | the busiest node                 |
 *
 * A group with one node gets the node's plain metric. CloudWatch alarms accept
 * at most 10 metrics in one metric-math expression (`MAX_METRICS_PER_ALARM`):
 * alarm on a group-level metric only while the group has 10 nodes or fewer
 * (5 for the hit rate, which needs 2 metrics per node), or alarm per slice of
 * nodes with `metricForNode` as `AirDiscoveryRedis`'s own alarms do. Dashboards
 * accept up to 500 metrics per graph.
 *
 * For a group created by `AirDiscoveryRedis`, use its `metric*` methods. For an
 * imported group, create a `RedisMetrics` with the group's topology.
 */
export class RedisMetrics {
  /** The CloudWatch namespace of ElastiCache. */
  public static readonly NAMESPACE = ELASTICACHE_NAMESPACE;

  /** The dimension ElastiCache publishes node metrics under. */
  public static readonly CACHE_CLUSTER_ID_DIMENSION = 'CacheClusterId';

  /**
   * The most metrics a metric-math alarm may reference: a hard CloudWatch limit
   * ("Alarms based on metric math expressions can reference a maximum of 10 metrics").
   */
  public static readonly MAX_METRICS_PER_ALARM = MAX_METRICS_PER_ALARM;

  /** The period ElastiCache publishes at (60 seconds), and the metrics' default period. */
  public static readonly DEFAULT_PERIOD: Duration = ONE_MINUTE;

  /**
   * The metrics of the group a resolved configuration describes.
   * @internal
   */
  public static _fromConfiguration(config: RedisConfiguration, scope?: IConstruct): RedisMetrics {
    return new RedisMetrics({
      replicationGroupId: config.replicationGroupId,
      clusterMode: config.clusterMode,
      numShards: config.numShards,
      replicasPerShard: config.replicasPerShard,
      scope,
    });
  }

  /** The replication group id, lower case. */
  public readonly replicationGroupId: string;

  /**
   * The `CacheClusterId` of every member node, shard by shard: the values
   * ElastiCache publishes the metrics under. Node 1 of each shard is the primary
   * at creation; roles move with failovers, the ids do not.
   */
  public readonly memberCacheClusterIds: string[];

  private readonly scope?: IConstruct;

  constructor(props: RedisMetricsProps) {
    this.replicationGroupId = storedLowerCase(props.replicationGroupId);
    this.scope = props.scope;
    this.memberCacheClusterIds = memberCacheClusterIds(
      this.replicationGroupId,
      props.clusterMode ?? ClusterMode.DISABLED,
      props.numShards ?? 1,
      props.replicasPerShard ?? 0,
    );
  }

  /**
   * One metric of one member node (dimension `CacheClusterId`).
   *
   * Namespace `AWS/ElastiCache`, period 1 minute, statistic `Average`; the
   * caller's props win.
   */
  public metricForNode(cacheClusterId: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return elastiCacheMetric(RedisMetrics.CACHE_CLUSTER_ID_DIMENSION, cacheClusterId, metricName, props, this.scope);
  }

  /**
   * A metric over the whole group: the per-node metrics combined by the
   * statistic (`Sum` adds the nodes up, `Minimum` takes the lowest node,
   * everything else the highest). The plain node metric for a one-node group.
   *
   * @param metricName an `AWS/ElastiCache` metric, e.g. `GetTypeCmds`
   * @param props statistic (default `Average`), period (default 1 minute), label, color...
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const statistic = props?.statistic ?? cloudwatch.Stats.AVERAGE;
    return this.aggregate(metricName, crossNodeFunction(statistic), { ...props, statistic });
  }

  /**
   * Host CPU utilization of the busiest node, percent (`CPUUtilization`, average per minute).
   * For nodes with 2 vCPUs or fewer; see `metricEngineCpuUtilization` for larger ones.
   */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Utilization of the Redis engine thread on the busiest node, percent
   * (`EngineCPUUtilization`, average per minute). AWS's advice for nodes with 4 vCPUs or more.
   */
  public metricEngineCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('EngineCPUUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Memory in use on the fullest node, percent of the memory available for data
   * (`DatabaseMemoryUsagePercentage`, average per minute).
   */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('DatabaseMemoryUsagePercentage', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Successful key lookups of the whole group (`CacheHits`, sum per minute). */
  public metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheHits', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Unsuccessful key lookups of the whole group (`CacheMisses`, sum per minute). */
  public metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheMisses', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The group's cache hit rate, percent: `100 * hits / (hits + misses)` with hits
   * and misses summed over every node (metric math over 2 metrics per node). A
   * period without lookups has no value (CloudWatch drops a division by zero).
   * The per-node statistic is always `Sum`.
   */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.hitRate(this.memberCacheClusterIds, props);
  }

  /** Bytes the whole group read from the network (`NetworkBytesIn`, sum per minute). */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesIn', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Bytes the whole group wrote to the network (`NetworkBytesOut`, sum per minute). */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesOut', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * Client connections of the busiest node (`CurrConnections`, maximum per minute).
   * Pass `statistic: 'Sum'` with a 1-minute period for the group's total.
   */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CurrConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Keys evicted by the whole group because of `maxmemory` (`Evictions`, sum per minute). */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('Evictions', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * How far the most lagging replica is behind its primary, seconds
   * (`ReplicationLag`, maximum per minute). Only replicas publish it, so it has
   * no data for a group without replicas.
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('ReplicationLag', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  private aggregate(metricName: string, fn: string, props: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return aggregateNodes(this.memberCacheClusterIds, id => this.metricForNode(id, metricName, props), fn, {
      period: props.period,
      label: props.label ?? `${metricName} (${fn} of ${this.memberCacheClusterIds.length} nodes)`,
      color: props.color,
    });
  }

  private hitRate(ids: string[], props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return hitRateOfNodes(ids, (id, metricName, nodeProps) => this.metricForNode(id, metricName, nodeProps), props);
  }
}
