import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { ELASTICACHE_NAMESPACE, elastiCacheMetric, ONE_MINUTE } from './private/metric-math';
import { storedLowerCase } from './private/tokens';

/**
 * Properties of `ServerlessRedisMetrics`.
 */
export interface ServerlessRedisMetricsProps {
  /** The serverless cache name (ElastiCache stores it in lower case). */
  readonly serverlessCacheName: string;

  /**
   * A construct whose stack's account and region the metrics belong to (`Metric.attachTo`).
   *
   * @default - the metrics carry no account or region: those of the stack that uses them
   */
  readonly scope?: IConstruct;
}

/**
 * CloudWatch metrics of an ElastiCache Serverless cache (Valkey / Redis OSS).
 *
 * ElastiCache publishes serverless metrics in `AWS/ElastiCache` under the single
 * dimension `clusterId` = the cache name (not `CacheClusterId`, which node-based
 * caches use, and not `ServerlessCacheName`: a metric with either never gets data).
 * One series per cache, so no metric math is needed. Period 1 minute.
 *
 * Source: ElastiCache user guide, "Metrics and events for Valkey and Redis OSS
 * serverless caches" (metric names and units); the dimension name as
 * `aws cloudwatch list-metrics --namespace AWS/ElastiCache` lists it.
 */
export class ServerlessRedisMetrics {
  /** The CloudWatch namespace. */
  public static readonly NAMESPACE = ELASTICACHE_NAMESPACE;
  /** The dimension serverless caches publish under. */
  public static readonly DIMENSION = 'clusterId';
  /** The metrics' default period. */
  public static readonly DEFAULT_PERIOD: Duration = ONE_MINUTE;

  /** The cache name, lower case. */
  public readonly serverlessCacheName: string;
  private readonly scope?: IConstruct;

  constructor(props: ServerlessRedisMetricsProps) {
    this.serverlessCacheName = storedLowerCase(props.serverlessCacheName);
    this.scope = props.scope;
  }

  /**
   * One `AWS/ElastiCache` metric of the cache: dimension `clusterId`, period 1 minute,
   * statistic `Average`; the caller's props win.
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return elastiCacheMetric(ServerlessRedisMetrics.DIMENSION, this.serverlessCacheName, metricName, props, this.scope);
  }

  /** ECPUs the requests consumed (`ElastiCacheProcessingUnits`, sum per minute): what the bill counts. */
  public metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ElastiCacheProcessingUnits', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Bytes of data in the cache (`BytesUsedForCache`, maximum per minute): what storage is billed on. */
  public metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BytesUsedForCache', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Requests throttled because the workload scaled faster than the cache (`ThrottledCmds`, sum per minute). */
  public metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ThrottledCmds', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Hit rate of read-only key lookups, percent (`CacheHitRate`, average per minute). */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheHitRate', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Successful read-only key lookups (`CacheHits`, sum per minute). */
  public metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheHits', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Unsuccessful read-only key lookups (`CacheMisses`, sum per minute). */
  public metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CacheMisses', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Client connections (`CurrConnections`, maximum per minute). */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CurrConnections', { statistic: cloudwatch.Stats.MAXIMUM, ...props });
  }

  /** Connections accepted (`NewConnections`, sum per minute). */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NewConnections', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Latency of successful reads, microseconds (`SuccessfulReadRequestLatency`, p99 per minute). */
  public metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulReadRequestLatency', { statistic: cloudwatch.Stats.p(99), ...props });
  }

  /** Latency of successful writes, microseconds (`SuccessfulWriteRequestLatency`, p99 per minute). */
  public metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SuccessfulWriteRequestLatency', { statistic: cloudwatch.Stats.p(99), ...props });
  }

  /** Commands executed (`TotalCmdsCount`, sum per minute). */
  public metricTotalCmdsCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TotalCmdsCount', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Keys evicted (`Evictions`, sum per minute). */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Evictions', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Bytes the cache read from the network (`NetworkBytesIn`, sum per minute). */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NetworkBytesIn', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Bytes the cache wrote to the network (`NetworkBytesOut`, sum per minute). */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('NetworkBytesOut', { statistic: cloudwatch.Stats.SUM, ...props });
  }
}
