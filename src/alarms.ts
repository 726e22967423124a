import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ClusterMode, RedisConfiguration } from './configuration';
import { RedisMetrics } from './metrics';
import { ALARM_DEFAULTS, MonitoringOptions, MonitoringPlan, formatNumber, planMonitoring } from './private/alarm-plan';
import { AlarmSettings, alarmTopic, notifyingAlarm } from './private/alarm-topic';
import { MAX_METRICS_PER_ALARM, aggregateNodes, hitRateOfNodes, slices } from './private/metric-math';

/** Above this many alarms, warn about CloudFormation's 500 resources per stack. */
const MANY_ALARMS = 200;

/** Graphs hold at most this many nodes; larger groups get one graph per slice. */
const NODES_PER_GRAPH = 100;

/** One kind of alarm, created once per slice of member nodes. */
interface AlarmSpec extends AlarmSettings {
  /** Construct id prefix: `CpuAlarm`, `CpuAlarm2`, ... */
  readonly id: string;
  /** Alarm name suffix: `<group>-cpu`, `<group>-cpu-2`, ... */
  readonly name: string;
  /** Metrics per node in the alarm's expression (the hit rate needs hits and misses). */
  readonly metricsPerNode: number;
  readonly metric: (cacheClusterIds: string[]) => cloudwatch.IMetric;
  /** What fires it, for the description: "EngineCPUUtilization above 80% for 5 minutes". */
  readonly condition: string;
}

/**
 * The CloudWatch alarms, their SNS topic and the dashboard of an
 * `AirDiscoveryRedis`: `redis.monitoring` (construct id `Monitoring`), present
 * when alarms or the dashboard are on.
 *
 * **Alarms.** ElastiCache publishes per member node (`CacheClusterId`
 * `<group>-001`, or `<group>-0001-001` in cluster mode), never per replication
 * group, so each alarm watches `MAX([m1, m2, ...])` over the nodes: it fires when
 * any one node crosses the threshold, and a node being replaced does not blind
 * it. CloudWatch allows 10 metrics per metric-math alarm, so a group with more
 * than 10 nodes gets one alarm per slice of 10 nodes (5 for the hit rate, which
 * needs 2 metrics per node): 9 alarms per kind for 90 nodes, not 90.
 *
 * | alarm | metric (per node) | fires when | default |
 * |---|---|---|---|
 * | `CpuAlarm` | `EngineCPUUtilization` (4+ vCPUs) or `CPUUtilization` (2 or fewer) | above the threshold for `cpuAlarmDuration` | 80% of the engine core, 5 minutes |
 * | `MemoryAlarm` | `DatabaseMemoryUsagePercentage` | above for `memoryAlarmDuration` | 90%, 2 minutes |
 * | `ConnectionsAlarm` | `CurrConnections` | above for `connectionsAlarmDuration` | 1000, 1 minute |
 * | `EvictionsAlarm` | `Evictions` (sum per 5 minutes) | above | opt-in |
 * | `ReplicationLagAlarm` | `ReplicationLag` | above for 5 minutes | opt-in, groups with replicas |
 * | `SwapUsageAlarm` | `SwapUsage` | above for 5 minutes | opt-in |
 * | `CacheHitRateAlarm` | hits / (hits + misses) of the slice | below for 15 minutes | opt-in |
 *
 * Missing data: `MISSING` for every alarm but the hit rate. A slice without
 * any data means its nodes do not exist (being created, deleted, or wrongly
 * named), and the alarm shows `INSUFFICIENT_DATA` instead of a false `OK`
 * (which would hide wrong dimensions) or a false `ALARM`. The hit-rate alarm
 * uses `NOT_BREACHING`: an idle cache has no hit rate, which is not a low one.
 *
 * Actions: `ALARM` and `OK` go to the SNS topic (`alarmTopic`, or one the
 * construct creates, KMS-encrypted with a key CloudWatch may use, TLS-only).
 * No `INSUFFICIENT_DATA` action, so creating the group pages nobody.
 */
export class RedisMonitoring extends Construct {
  /**
   * Validates the monitoring props, warns about ignored ones, and creates the
   * monitoring when alarms or the dashboard are on.
   * @internal
   */
  public static _create(scope: Construct, config: RedisConfiguration, options: MonitoringOptions): RedisMonitoring | undefined {
    // the monitoring props were validated with the rest of the configuration (validateMonitoring in redis.ts)
    if ([config.numShards, config.replicasPerShard, config.totalNodes].some(n => Token.isUnresolved(n))) {
      if (config.alarms || options.dashboard) {
        Annotations.of(scope).addWarningV2('@air-discovery/cdk-redis:monitoringNeedsNodeCounts',
          'alarms and the dashboard watch every member node by id, which needs literal node counts: with a token numCacheNodes/numShards/replicasPerShard they are not created');
      }
      return undefined;
    }
    const plan = planMonitoring(config, options);
    for (const [id, message] of plan.warnings) {
      Annotations.of(scope).addWarningV2(`@air-discovery/cdk-redis:${id}`, message);
    }
    if (!plan.alarms && !plan.dashboard) return undefined;
    return new RedisMonitoring(scope, 'Monitoring', config, RedisMetrics._fromConfiguration(config, scope), plan);
  }

  /**
   * Every alarm, in creation order: CPU, memory, connections, then the opt-in
   * ones; each kind once per slice of member nodes. Empty when alarms are off.
   */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /**
   * The topic the alarms send `ALARM` and `OK` to: `alarmTopic`, or the one the
   * construct created (construct id `AlarmTopic`).
   */
  public readonly alarmTopic?: sns.ITopic;

  /** The KMS key of the topic the construct created (construct id `AlarmTopicKey`). */
  public readonly alarmTopicKey?: kms.IKey;

  /** The dashboard, when `dashboard` is on (construct id `Dashboard`). */
  public readonly dashboard?: cloudwatch.Dashboard;

  /** The CPU metric the CPU alarm watches: `CPUUtilization` or `EngineCPUUtilization`. */
  public readonly cpuMetricName: string;

  /** The threshold the CPU alarm applies to `cpuMetricName`, percent (scaled for small nodes). */
  public readonly cpuAlarmThresholdPercent: number;

  /** Why the CPU alarm watches `cpuMetricName` at `cpuAlarmThresholdPercent`. */
  public readonly cpuAlarmRule: string;

  private readonly metrics: RedisMetrics;
  private readonly plan: MonitoringPlan;

  private constructor(scope: Construct, id: string, config: RedisConfiguration, metrics: RedisMetrics, plan: MonitoringPlan) {
    super(scope, id);
    this.metrics = metrics;
    this.plan = plan;
    this.cpuMetricName = plan.cpu.metricName;
    this.cpuAlarmThresholdPercent = plan.cpu.thresholdPercent;
    this.cpuAlarmRule = plan.cpu.reason;

    if (plan.alarms) {
      const { topic, key, action } = alarmTopic(this, metrics.replicationGroupId, plan.alarmTopic, plan.createAlarmTopic);
      this.alarmTopic = topic;
      this.alarmTopicKey = key;
      for (const spec of this.alarmSpecs()) this.addAlarms(spec, action);
      if (this.alarms.length > MANY_ALARMS) {
        Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:manyAlarms',
          `${this.alarms.length} alarms for ${metrics.memberCacheClusterIds.length} nodes count against CloudFormation's 500 resources per stack; ` +
          'turn off opt-in alarms you do not need, or keep other resources in another stack');
      }
    }

    if (plan.dashboard) {
      this.dashboard = this.createDashboard(config);
    }
  }

  // ---- alarms ---------------------------------------------------------------------

  private alarmSpecs(): AlarmSpec[] {
    const p = this.plan;
    const nodeMax = (metricName: string, statistic: string, period?: Duration) =>
      (ids: string[]) => aggregateNodes(
        ids,
        id => this.metrics.metricForNode(id, metricName, { statistic, ...(period ? { period } : {}) }),
        'MAX',
        { period, label: `${metricName} (highest of ${ids.length} node${ids.length === 1 ? '' : 's'})` },
      );
    const minutes = (n: number) => `${formatNumber(n)} minute${n === 1 ? '' : 's'}`;
    // The highest node's metric above the threshold for `periods` minutes in a row; missing data: MISSING.
    const above = (id: string, name: string, metricName: string, statistic: string, threshold: number, unit: string,
      periods: number, why = ''): AlarmSpec => ({
      id,
      name,
      metricsPerNode: 1,
      metric: nodeMax(metricName, statistic),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: periods,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      condition: `${metricName} above ${formatNumber(threshold)}${unit} for ${minutes(periods)}${why}`,
    });
    const specs: AlarmSpec[] = [
      above('Cpu', 'cpu', p.cpu.metricName, cloudwatch.Stats.AVERAGE, p.cpu.thresholdPercent, '%', p.cpuEvaluationMinutes, ` (${p.cpu.reason})`),
      above('Memory', 'memory', 'DatabaseMemoryUsagePercentage', cloudwatch.Stats.AVERAGE, p.memoryThresholdPercent, '%', p.memoryEvaluationMinutes),
      above('Connections', 'connections', 'CurrConnections', cloudwatch.Stats.MAXIMUM, p.connectionsThreshold, '', p.connectionsEvaluationMinutes),
    ];
    const sustained = ALARM_DEFAULTS.sustainedMinutes;
    if (p.evictionsThreshold !== undefined) {
      specs.push({
        id: 'Evictions',
        name: 'evictions',
        metricsPerNode: 1,
        metric: nodeMax('Evictions', cloudwatch.Stats.SUM, ALARM_DEFAULTS.evictionsPeriod),
        threshold: p.evictionsThreshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
        condition: `more than ${formatNumber(p.evictionsThreshold)} Evictions within ${ALARM_DEFAULTS.evictionsPeriod.toHumanString()}`,
      });
    }
    if (p.replicationLagThresholdSeconds !== undefined) {
      // Every node, not only the replicas at creation: roles move with failovers,
      // and a primary simply publishes no ReplicationLag.
      specs.push(above('ReplicationLag', 'replication-lag', 'ReplicationLag', cloudwatch.Stats.MAXIMUM,
        p.replicationLagThresholdSeconds, ' seconds', sustained));
    }
    if (p.swapUsageThresholdBytes !== undefined) {
      specs.push(above('SwapUsage', 'swap-usage', 'SwapUsage', cloudwatch.Stats.AVERAGE, p.swapUsageThresholdBytes, ' bytes', sustained));
    }
    if (p.cacheHitRateMinPercent !== undefined) {
      const period = ALARM_DEFAULTS.hitRatePeriod;
      specs.push({
        id: 'CacheHitRate',
        name: 'cache-hit-rate',
        metricsPerNode: 2,
        metric: ids => hitRateOfNodes(ids, (id, metricName, props) => this.metrics.metricForNode(id, metricName, props), { period }),
        threshold: p.cacheHitRateMinPercent,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: ALARM_DEFAULTS.hitRateEvaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        condition: `cache hit rate below ${formatNumber(p.cacheHitRateMinPercent)}% for ${period.toMinutes() * ALARM_DEFAULTS.hitRateEvaluationPeriods} minutes`,
      });
    }
    return specs;
  }

  private addAlarms(spec: AlarmSpec, action?: cloudwatch.IAlarmAction): void {
    const ids = this.metrics.memberCacheClusterIds;
    const perAlarm = Math.floor(MAX_METRICS_PER_ALARM / spec.metricsPerNode);
    const rg = this.metrics.replicationGroupId;
    slices(ids, perAlarm).forEach((slice, i) => {
      const suffix = i === 0 ? '' : `${i + 1}`;
      const where = slice.length === 1 ? `on node ${slice[0]}` : spec.metricsPerNode === 1
        ? `on any of the ${slice.length} nodes ${slice.join(', ')}`
        : `over the ${slice.length} nodes ${slice.join(', ')}`;
      this.alarms.push(notifyingAlarm(this, `${spec.id}Alarm${suffix}`,
        `${rg}-${spec.name}${i === 0 ? '' : `-${i + 1}`}`,
        truncate(`Redis ${rg}: ${spec.condition} ${where}.`, 1024),
        spec.metric(slice), spec, action));
    });
  }

  // ---- dashboard ------------------------------------------------------------------

  private createDashboard(config: RedisConfiguration): cloudwatch.Dashboard {
    const p = this.plan;
    const m = this.metrics;
    const ids = m.memberCacheClusterIds;
    const rg = m.replicationGroupId;
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboards are global to the account, replication group ids only to a region.
      dashboardName: `${rg}-${Stack.of(this).region}`,
    });

    const topology = config.clusterMode === ClusterMode.ENABLED
      ? `${config.numShards} shard${config.numShards === 1 ? '' : 's'} of ${1 + config.replicasPerShard} node${config.replicasPerShard === 0 ? '' : 's'}`
      : 'one shard';
    dashboard.addWidgets(new cloudwatch.TextWidget({
      width: 24,
      height: 3,
      markdown: [
        `## Redis ${rg}`,
        `${ids.length} node${ids.length === 1 ? '' : 's'}: ${topology}, ${config.cacheNodeType.name}, ${config.engineVersion.engine} ${config.engineVersion.version}. ` +
        'ElastiCache publishes per node (dimension CacheClusterId): every line below is one node.',
        `${p.alarms ? 'CPU alarm' : 'CPU rule (alarms are off)'}: ${p.cpu.reason}.`,
      ].join('\n\n'),
    }));
    if (this.alarms.length > 0) {
      dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this.alarms,
        width: 24,
        height: Math.min(2 + Math.ceil(this.alarms.length / 4), 12),
      }));
    }

    const annotation = (value: number | undefined, label: string): cloudwatch.HorizontalAnnotation[] =>
      p.alarms && value !== undefined ? [{ value, label, color: cloudwatch.Color.RED }] : [];
    const cpuThreshold = (name: string) => (p.cpu.metricName === name ? p.cpu.thresholdPercent : undefined);
    const graphs: cloudwatch.IWidget[] = [
      ...this.perNodeGraphs('CPUUtilization', cloudwatch.Stats.AVERAGE, '%', annotation(cpuThreshold('CPUUtilization'), 'CPU alarm')),
      ...this.perNodeGraphs('EngineCPUUtilization', cloudwatch.Stats.AVERAGE, '%', annotation(cpuThreshold('EngineCPUUtilization'), 'CPU alarm')),
      ...this.perNodeGraphs('DatabaseMemoryUsagePercentage', cloudwatch.Stats.AVERAGE, '%', annotation(p.memoryThresholdPercent, 'memory alarm')),
      ...this.perNodeGraphs('CurrConnections', cloudwatch.Stats.MAXIMUM, 'count', annotation(p.connectionsThreshold, 'connections alarm')),
      ...this.perNodeGraphs('CacheHits', cloudwatch.Stats.SUM, 'per minute', []),
      ...this.perNodeGraphs('CacheMisses', cloudwatch.Stats.SUM, 'per minute', []),
      ...slices(ids, NODES_PER_GRAPH).map((slice, i, all) => new cloudwatch.GraphWidget({
        title: `Cache hit rate (%)${sliceTitle(i, all)}`,
        left: [hitRateOfNodes(slice, (id, metricName, props) => m.metricForNode(id, metricName, props), { label: 'hit rate' })],
        leftAnnotations: annotation(p.cacheHitRateMinPercent, 'hit rate alarm'),
        leftYAxis: { min: 0, max: 100 },
        width: 12,
        height: 6,
      })),
      ...this.perNodeGraphs('NetworkBytesIn', cloudwatch.Stats.SUM, 'bytes per minute', []),
      ...this.perNodeGraphs('NetworkBytesOut', cloudwatch.Stats.SUM, 'bytes per minute', []),
    ];
    if (p.alarms && p.evictionsThreshold !== undefined) {
      graphs.push(...this.perNodeGraphs('Evictions', cloudwatch.Stats.SUM, 'per 5 minutes', annotation(p.evictionsThreshold, 'evictions alarm'), ALARM_DEFAULTS.evictionsPeriod));
    }
    if (p.alarms && p.replicationLagThresholdSeconds !== undefined) {
      graphs.push(...this.perNodeGraphs('ReplicationLag', cloudwatch.Stats.MAXIMUM, 'seconds', annotation(p.replicationLagThresholdSeconds, 'replication lag alarm')));
    }
    if (p.alarms && p.swapUsageThresholdBytes !== undefined) {
      graphs.push(...this.perNodeGraphs('SwapUsage', cloudwatch.Stats.AVERAGE, 'bytes', annotation(p.swapUsageThresholdBytes, 'swap alarm')));
    }
    for (const row of slices(graphs, 2)) dashboard.addWidgets(...row);
    return dashboard;
  }

  /** One line per node, at most `NODES_PER_GRAPH` lines per graph. */
  private perNodeGraphs(
    metricName: string,
    statistic: string,
    unit: string,
    leftAnnotations: cloudwatch.HorizontalAnnotation[],
    period?: Duration,
  ): cloudwatch.GraphWidget[] {
    return slices(this.metrics.memberCacheClusterIds, NODES_PER_GRAPH).map((slice, i, all) => new cloudwatch.GraphWidget({
      title: `${metricName} per node (${unit})${sliceTitle(i, all)}`,
      left: slice.map(id => this.metrics.metricForNode(id, metricName, { statistic, label: id, ...(period ? { period } : {}) })),
      leftAnnotations,
      width: 12,
      height: 6,
    }));
  }
}

function sliceTitle(i: number, all: unknown[][]): string {
  if (all.length === 1) return '';
  const start = all.slice(0, i).reduce((n, s) => n + s.length, 0);
  return `, nodes ${start + 1}-${start + all[i].length}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
