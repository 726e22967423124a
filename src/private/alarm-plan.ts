import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RedisConfiguration } from '../configuration';
import { CacheNodeType } from '../node-type';
import { known } from './tokens';
import type { AirDiscoveryRedisProps } from '../redis';

/** The monitoring props of `AirDiscoveryRedisProps`. */
export type MonitoringOptions = Pick<AirDiscoveryRedisProps,
  'alarms' | 'cpuAlarmThresholdPercent' | 'cpuAlarmDuration' | 'memoryAlarmThresholdPercent' | 'memoryAlarmDuration'
  | 'connectionsAlarmThreshold' | 'connectionsAlarmDuration' | 'evictionsAlarmThreshold' | 'replicationLagAlarmThresholdSeconds'
  | 'swapUsageAlarmThresholdBytes' | 'cacheHitRateAlarmMinPercent' | 'alarmTopic' | 'createAlarmTopic' | 'dashboard'>;

/**
 * The defaults of the alarms: the setup guide's three alarms ("CPU > 80% for 5
 * minutes", "DatabaseMemoryUsagePercentage > 90 for 2 minutes", "CurrConnections
 * > 1000 for 1 minute"), and the fixed windows of the opt-in alarms. The one
 * place these numbers live; docs/monitoring.md mirrors them.
 */
export const ALARM_DEFAULTS = {
  cpuAlarmThresholdPercent: 80,
  cpuAlarmDuration: Duration.minutes(5),
  memoryAlarmThresholdPercent: 90,
  memoryAlarmDuration: Duration.minutes(2),
  connectionsAlarmThreshold: 1000,
  connectionsAlarmDuration: Duration.minutes(1),
  /** Evictions: the sum over one 5-minute period, per node. */
  evictionsPeriod: Duration.minutes(5),
  /** Replication lag and swap: every 1-minute datapoint of 5 in a row. */
  sustainedMinutes: 5,
  /** Hit rate: 3 periods of 5 minutes in a row (15 minutes). */
  hitRatePeriod: Duration.minutes(5),
  hitRateEvaluationPeriods: 3,
} as const;

/** The props that only matter when alarms are on. */
const ALARM_ONLY_PROPS: Array<keyof MonitoringOptions> = [
  'cpuAlarmThresholdPercent', 'cpuAlarmDuration', 'memoryAlarmThresholdPercent', 'memoryAlarmDuration',
  'connectionsAlarmThreshold', 'connectionsAlarmDuration', 'evictionsAlarmThreshold',
  'replicationLagAlarmThresholdSeconds', 'swapUsageAlarmThresholdBytes', 'cacheHitRateAlarmMinPercent',
  'alarmTopic', 'createAlarmTopic',
];

/** One validation rule: when `condition` holds, the props are invalid. */
export interface MonitoringRule {
  readonly condition: (o: MonitoringOptions) => boolean;
  readonly message: (o: MonitoringOptions) => string;
}

function percentOutOfRange(n: number | undefined): boolean {
  return known(n) && !(n > 0 && n <= 100);
}

function negative(n: number | undefined): boolean {
  return known(n) && !(n >= 0 && Number.isFinite(n));
}

/** Whole minutes between 1 and 1440 (CloudWatch: periods x evaluation periods <= 1 day). */
function badDuration(d: Duration | undefined): boolean {
  if (d === undefined) return false;
  if (d.isUnresolved()) return true;
  const seconds = d.toSeconds({ integral: false }); // 1500 ms: this rule's message, not CDK's conversion error
  return seconds % 60 !== 0 || seconds < 60 || seconds > 24 * 60 * 60;
}

function showDuration(d: Duration | undefined): string {
  return d === undefined || d.isUnresolved() ? 'a token' : d.toHumanString();
}

/** The monitoring rules, applied after the preset is merged; every failure at once. */
export const MONITORING_RULES: MonitoringRule[] = [
  {
    condition: o => percentOutOfRange(o.cpuAlarmThresholdPercent),
    message: o => `cpuAlarmThresholdPercent must be above 0 and at most 100, got ${o.cpuAlarmThresholdPercent}`,
  },
  {
    condition: o => percentOutOfRange(o.memoryAlarmThresholdPercent),
    message: o => `memoryAlarmThresholdPercent must be above 0 and at most 100, got ${o.memoryAlarmThresholdPercent}`,
  },
  {
    condition: o => negative(o.connectionsAlarmThreshold),
    message: o => `connectionsAlarmThreshold must be 0 or more, got ${o.connectionsAlarmThreshold}`,
  },
  {
    condition: o => negative(o.evictionsAlarmThreshold),
    message: o => `evictionsAlarmThreshold must be 0 or more (evictions per node in 5 minutes), got ${o.evictionsAlarmThreshold}`,
  },
  {
    condition: o => known(o.replicationLagAlarmThresholdSeconds) && !(o.replicationLagAlarmThresholdSeconds > 0),
    message: o => `replicationLagAlarmThresholdSeconds must be above 0, got ${o.replicationLagAlarmThresholdSeconds}`,
  },
  {
    condition: o => negative(o.swapUsageAlarmThresholdBytes),
    message: o => `swapUsageAlarmThresholdBytes must be 0 or more, got ${o.swapUsageAlarmThresholdBytes}`,
  },
  {
    condition: o => percentOutOfRange(o.cacheHitRateAlarmMinPercent),
    message: o => `cacheHitRateAlarmMinPercent must be above 0 and at most 100, got ${o.cacheHitRateAlarmMinPercent}`,
  },
  ...(['cpuAlarmDuration', 'memoryAlarmDuration', 'connectionsAlarmDuration'] as const).map(name => ({
    condition: (o: MonitoringOptions) => badDuration(o[name]),
    message: (o: MonitoringOptions) => `${name} must be whole minutes from 1 minute to 1 day (the alarm checks every minute), got ${showDuration(o[name])}`,
  })),
  {
    condition: o => o.alarmTopic !== undefined && o.createAlarmTopic === true,
    message: () => 'alarmTopic and createAlarmTopic: true exclude each other: pass a topic, or let the construct create one',
  },
];

/** Every failing rule's message. */
export function validateMonitoring(o: MonitoringOptions, rules: MonitoringRule[] = MONITORING_RULES): string[] {
  return rules.filter(r => r.condition(o)).map(r => r.message(o));
}

/** The alarm props that were set although alarms are off. */
export function ignoredAlarmProps(o: MonitoringOptions): string[] {
  return ALARM_ONLY_PROPS.filter(name => o[name] !== undefined);
}

/** Which CPU metric the CPU alarm watches, and at what threshold. */
export interface CpuAlarmChoice {
  /** `CPUUtilization` or `EngineCPUUtilization`. */
  readonly metricName: string;
  /** The threshold applied to `metricName`, percent. */
  readonly thresholdPercent: number;
  /** The node type's vCPUs, when known. */
  readonly vcpus?: number;
  /** Why, in one sentence (alarm description, dashboard, docs). */
  readonly reason: string;
}

/**
 * The node-type-aware CPU rule (ElastiCache user guide, "Which metrics should I
 * monitor?"):
 *
 * - 4 vCPUs or more: `EngineCPUUtilization`, the Redis engine thread's own
 *   utilization, against the threshold as given.
 * - 2 vCPUs or fewer (micro to large): host `CPUUtilization`, with the threshold
 *   divided by the vCPU count, because Redis runs its commands on one core and
 *   host CPU averages over all of them (AWS: "90/2, or 45%" for two cores).
 *   80% by default, so 40% on the presets' 2-vCPU nodes.
 * - vCPU count unknown (a `CacheNodeType.unlisted()` name the node-type table does not know):
 *   `EngineCPUUtilization`, which needs no vCPU count to mean the same thing.
 *
 * @param engineThresholdPercent how busy the engine core may get (the prop)
 */
export function chooseCpuMetric(nodeType: CacheNodeType, engineThresholdPercent: number): CpuAlarmChoice {
  const vcpus = nodeType.vcpuCount;
  if (vcpus === undefined) {
    return {
      metricName: 'EngineCPUUtilization',
      thresholdPercent: engineThresholdPercent,
      reason: `the vCPU count of node type ${nodeType.name} is unknown, so the alarm watches EngineCPUUtilization (the Redis engine thread) at ${engineThresholdPercent}%`,
    };
  }
  if (vcpus >= 4) {
    return {
      metricName: 'EngineCPUUtilization',
      thresholdPercent: engineThresholdPercent,
      vcpus,
      reason: `${nodeType.name} has ${vcpus} vCPUs: EngineCPUUtilization (the Redis engine thread) at ${engineThresholdPercent}%, as AWS advises for 4 vCPUs or more`,
    };
  }
  const thresholdPercent = engineThresholdPercent / vcpus;
  return {
    metricName: 'CPUUtilization',
    thresholdPercent,
    vcpus,
    reason: `${nodeType.name} has ${vcpus} vCPU${vcpus === 1 ? '' : 's'}: host CPUUtilization at ${engineThresholdPercent}% / ${vcpus} = ${formatNumber(thresholdPercent)}%, as AWS advises for 2 vCPUs or fewer (Redis runs commands on one core)`,
  };
}

/** The resolved monitoring: every value the construct deploys. */
export interface MonitoringPlan {
  readonly alarms: boolean;
  readonly dashboard: boolean;
  readonly cpu: CpuAlarmChoice;
  readonly cpuEvaluationMinutes: number;
  readonly memoryThresholdPercent: number;
  readonly memoryEvaluationMinutes: number;
  readonly connectionsThreshold: number;
  readonly connectionsEvaluationMinutes: number;
  readonly evictionsThreshold?: number;
  /** Undefined also when the group has no replicas. */
  readonly replicationLagThresholdSeconds?: number;
  readonly swapUsageThresholdBytes?: number;
  readonly cacheHitRateMinPercent?: number;
  readonly alarmTopic?: sns.ITopic;
  readonly createAlarmTopic: boolean;
  /** Warnings to attach to the construct: [id, message]. */
  readonly warnings: Array<[string, string]>;
}

/**
 * Merges the defaults with the props. Throws no errors (see `validateMonitoring`).
 */
export function planMonitoring(config: RedisConfiguration, o: MonitoringOptions): MonitoringPlan {
  const alarms = config.alarms;
  const warnings: Array<[string, string]> = [];
  if (!alarms) {
    const ignored = ignoredAlarmProps(o);
    if (ignored.length > 0) {
      warnings.push(['alarmPropsIgnored', `alarms are off (the ${config.preset} preset's default), so ${ignored.join(', ')} ${ignored.length === 1 ? 'has' : 'have'} no effect; set alarms: true to create the alarms`]);
    }
  }
  const cpu = chooseCpuMetric(config.cacheNodeType, o.cpuAlarmThresholdPercent ?? ALARM_DEFAULTS.cpuAlarmThresholdPercent);
  if (alarms && cpu.vcpus === undefined) {
    warnings.push(['cpuAlarmUnknownNodeType', `${cpu.reason}; check that ${config.cacheNodeType.name} is a valid node type`]);
  }
  let replicationLag = o.replicationLagAlarmThresholdSeconds;
  if (alarms && replicationLag !== undefined && config.replicasPerShard === 0) {
    warnings.push([
      'replicationLagWithoutReplicas',
      'replicationLagAlarmThresholdSeconds is set but the group has no replicas, so there is no replication lag to alarm on; no replication lag alarm is created',
    ]);
    replicationLag = undefined;
  }
  return {
    alarms,
    dashboard: o.dashboard ?? false,
    cpu,
    cpuEvaluationMinutes: minutes(o.cpuAlarmDuration ?? ALARM_DEFAULTS.cpuAlarmDuration),
    memoryThresholdPercent: o.memoryAlarmThresholdPercent ?? ALARM_DEFAULTS.memoryAlarmThresholdPercent,
    memoryEvaluationMinutes: minutes(o.memoryAlarmDuration ?? ALARM_DEFAULTS.memoryAlarmDuration),
    connectionsThreshold: o.connectionsAlarmThreshold ?? ALARM_DEFAULTS.connectionsAlarmThreshold,
    connectionsEvaluationMinutes: minutes(o.connectionsAlarmDuration ?? ALARM_DEFAULTS.connectionsAlarmDuration),
    evictionsThreshold: o.evictionsAlarmThreshold,
    replicationLagThresholdSeconds: replicationLag,
    swapUsageThresholdBytes: o.swapUsageAlarmThresholdBytes,
    cacheHitRateMinPercent: o.cacheHitRateAlarmMinPercent,
    alarmTopic: o.alarmTopic,
    createAlarmTopic: alarms && o.alarmTopic === undefined && (o.createAlarmTopic ?? true),
    warnings,
  };
}

function minutes(d: Duration): number {
  return d.toMinutes({ integral: false });
}

/** 40 -> '40', 26.666 -> '26.67', 40.001 -> '40' (never a trailing dot). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? `${n}` : n.toFixed(2).replace(/\.?0+$/, '');
}
