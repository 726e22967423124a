import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_DEFAULTS, formatNumber } from './private/alarm-plan';
import { AlarmSettings, alarmTopic, notifyingAlarm } from './private/alarm-topic';
import type { AirDiscoveryServerlessRedisProps, ServerlessRedisConfiguration } from './serverless';
import { ServerlessRedisMetrics } from './serverless-metrics';

/** One alarm of a serverless cache. */
interface ServerlessAlarmSpec extends AlarmSettings {
  readonly id: string;
  readonly name: string;
  readonly metric: cloudwatch.IMetric;
  readonly condition: string;
}

/** The defaults of the serverless alarms (docs/serverless.md mirrors them). */
const SERVERLESS_ALARM_DEFAULTS = {
  /** ECPU alarm: percent of maximumEcpuPerSecond, 5 minutes in a row. */
  ecpuAlarmThresholdPercent: 80,
  ecpuEvaluationMinutes: 5,
  /** Storage alarm: percent of maximumDataStorage, 2 minutes in a row (the guide's memory alarm). */
  dataStorageAlarmThresholdPercent: ALARM_DEFAULTS.memoryAlarmThresholdPercent,
  dataStorageEvaluationMinutes: 2,
  /** Throttling alarm: more than this many throttled commands a minute, 3 minutes in a row. */
  throttledCmdsAlarmThreshold: 0,
  throttledEvaluationMinutes: 3,
  /** Connections alarm: the guide's "CurrConnections > 1000 for 1 minute". */
  connectionsAlarmThreshold: ALARM_DEFAULTS.connectionsAlarmThreshold,
  connectionsEvaluationMinutes: 1,
} as const;

const GB = 1024 * 1024 * 1024;

/**
 * The CloudWatch alarms of an `AirDiscoveryServerlessRedis` and their SNS topic:
 * `cache.monitoring` (construct id `Monitoring`), present when alarms are on.
 *
 * | alarm | metric (dimension `clusterId`) | fires when | default |
 * |---|---|---|---|
 * | `EcpuAlarm` | `ElastiCacheProcessingUnits` (sum per minute / 60) | above `ecpuAlarmThresholdPercent` of `maximumEcpuPerSecond` for 5 minutes | 80% |
 * | `DataStorageAlarm` | `BytesUsedForCache` (maximum) | above `dataStorageAlarmThresholdPercent` of `maximumDataStorage` for 2 minutes | 90% |
 * | `ThrottlingAlarm` | `ThrottledCmds` (sum per minute) | above `throttledCmdsAlarmThreshold` for 3 minutes | any throttling |
 * | `ConnectionsAlarm` | `CurrConnections` (maximum) | above `connectionsAlarmThreshold` for 1 minute | 1000 |
 * | `CacheHitRateAlarm` | `CacheHitRate` (average per 5 minutes) | below for 15 minutes | opt-in |
 *
 * Missing data is `MISSING` (INSUFFICIENT_DATA while the cache is created or deleted), except
 * for throttling and the hit rate (`NOT_BREACHING`: ElastiCache publishes nothing for a quiet
 * minute). Actions: `ALARM` and `OK` to the topic, as for node-based caches.
 */
export class ServerlessRedisMonitoring extends Construct {
  /**
   * The monitoring of a serverless cache when its alarms are on.
   * @internal
   */
  public static _create(scope: Construct, config: ServerlessRedisConfiguration, props: AirDiscoveryServerlessRedisProps,
    metrics: ServerlessRedisMetrics): ServerlessRedisMonitoring | undefined {
    if (!config.alarms) return undefined;
    return new ServerlessRedisMonitoring(scope, 'Monitoring', config, props, metrics);
  }

  /** Every alarm, in creation order. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The topic the alarms notify: `alarmTopic`, or the one the construct created (construct id `AlarmTopic`). */
  public readonly alarmTopic?: sns.ITopic;
  /** The KMS key of the topic the construct created (construct id `AlarmTopicKey`). */
  public readonly alarmTopicKey?: kms.IKey;

  private constructor(scope: Construct, id: string, config: ServerlessRedisConfiguration, props: AirDiscoveryServerlessRedisProps,
    private readonly metrics: ServerlessRedisMetrics) {
    super(scope, id);
    const { topic, key, action } = alarmTopic(this, metrics.serverlessCacheName, props.alarmTopic, props.createAlarmTopic ?? true);
    this.alarmTopic = topic;
    this.alarmTopicKey = key;
    for (const spec of this.specs(config, props)) {
      this.alarms.push(notifyingAlarm(this, `${spec.id}Alarm`, `${metrics.serverlessCacheName}-${spec.name}`,
        `Serverless Redis ${metrics.serverlessCacheName}: ${spec.condition}.`, spec.metric, spec, action));
    }
  }

  private specs(c: ServerlessRedisConfiguration, props: AirDiscoveryServerlessRedisProps): ServerlessAlarmSpec[] {
    const d = SERVERLESS_ALARM_DEFAULTS;
    const m = this.metrics;
    const specs: ServerlessAlarmSpec[] = [];
    if (c.maximumEcpuPerSecond !== undefined) {
      const percent = props.ecpuAlarmThresholdPercent ?? d.ecpuAlarmThresholdPercent;
      const perSecond = (c.maximumEcpuPerSecond * percent) / 100;
      specs.push({
        id: 'Ecpu',
        name: 'ecpu',
        metric: new cloudwatch.MathExpression({
          expression: 'ecpu / 60',
          usingMetrics: { ecpu: m.metricElastiCacheProcessingUnits() },
          period: Duration.minutes(1),
          label: 'ECPUs per second',
        }),
        threshold: perSecond,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: d.ecpuEvaluationMinutes,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        condition: `ECPUs per second above ${formatNumber(percent)}% of maximumEcpuPerSecond (${formatNumber(perSecond)} of ${formatNumber(c.maximumEcpuPerSecond)}) for ${d.ecpuEvaluationMinutes} minutes: close to the ceiling, where requests are throttled`,
      });
    }
    if (c.maximumDataStorageGb !== undefined) {
      const percent = props.dataStorageAlarmThresholdPercent ?? d.dataStorageAlarmThresholdPercent;
      const bytes = Math.round((c.maximumDataStorageGb * GB * percent) / 100);
      specs.push({
        id: 'DataStorage',
        name: 'data-storage',
        metric: m.metricBytesUsedForCache(),
        threshold: bytes,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: d.dataStorageEvaluationMinutes,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        condition: `BytesUsedForCache above ${formatNumber(percent)}% of maximumDataStorage (${formatNumber(bytes)} bytes of ${formatNumber(c.maximumDataStorageGb)} GB) for ${d.dataStorageEvaluationMinutes} minutes: close to the ceiling, where keys are evicted and writes fail`,
      });
    }
    const throttled = props.throttledCmdsAlarmThreshold ?? d.throttledCmdsAlarmThreshold;
    specs.push({
      id: 'Throttling',
      name: 'throttling',
      metric: m.metricThrottledCmds(),
      threshold: throttled,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: d.throttledEvaluationMinutes,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      condition: `more than ${formatNumber(throttled)} ThrottledCmds a minute for ${d.throttledEvaluationMinutes} minutes (the load grows faster than the cache scales, or reaches maximumEcpuPerSecond)`,
    });
    const connections = props.connectionsAlarmThreshold ?? d.connectionsAlarmThreshold;
    specs.push({
      id: 'Connections',
      name: 'connections',
      metric: m.metricCurrConnections(),
      threshold: connections,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: d.connectionsEvaluationMinutes,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      condition: `CurrConnections above ${formatNumber(connections)} for ${d.connectionsEvaluationMinutes} minute`,
    });
    if (props.cacheHitRateAlarmMinPercent !== undefined) {
      const period = ALARM_DEFAULTS.hitRatePeriod;
      specs.push({
        id: 'CacheHitRate',
        name: 'cache-hit-rate',
        metric: m.metricCacheHitRate({ period }),
        threshold: props.cacheHitRateAlarmMinPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: ALARM_DEFAULTS.hitRateEvaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        condition: `CacheHitRate below ${formatNumber(props.cacheHitRateAlarmMinPercent)}% for ${period.toMinutes() * ALARM_DEFAULTS.hitRateEvaluationPeriods} minutes`,
      });
    }
    return specs;
  }
}
