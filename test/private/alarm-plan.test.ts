/**
 * The monitoring plan (src/private/alarm-plan.ts): the rule table of the alarm props at its boundaries, the CPU rule's
 * sentence, the numbers the alarm descriptions print, and the warnings and topic decision `planMonitoring` hands to
 * the construct. A wrong boundary rejects a valid configuration; a wrong warning id cannot be acknowledged.
 */
import { CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, RedisPreset } from '../../src';
import { chooseCpuMetric, formatNumber, MonitoringOptions, planMonitoring, validateMonitoring } from '../../src/private/alarm-plan';
import { build, newStack } from '../util';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

/** A token number, as a CloudFormation parameter or a `Lazy` gives one. */
const TOKEN = Lazy.number({ produce: () => 5 });

const DURATION_RULE = 'must be whole minutes from 1 minute to 1 day (the alarm checks every minute)';

/** The warnings synth reports on the cache's construct path. */
function warningsOf(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('/TestStack/Redis', Match.anyValue()).map(w => String(w.entry.data));
}

/** The plan of a cache built with `props` (its resolved configuration), for the monitoring options `o`. */
function plan(props: Props, o: MonitoringOptions = props) {
  const { redis } = build(props);
  return planMonitoring(redis.configuration, o);
}

describe('validateMonitoring(): the boundaries themselves are valid', () => {
  test('a percent of exactly 100 is allowed for the CPU, memory and hit-rate props; just above 100 is not', () => {
    expect(validateMonitoring({ cpuAlarmThresholdPercent: 100, memoryAlarmThresholdPercent: 100, cacheHitRateAlarmMinPercent: 100 })).toEqual([]);
    expect(validateMonitoring({ cpuAlarmThresholdPercent: 100.5, memoryAlarmThresholdPercent: 100.5, cacheHitRateAlarmMinPercent: 100.5 })).toEqual([
      'cpuAlarmThresholdPercent must be above 0 and at most 100, got 100.5',
      'memoryAlarmThresholdPercent must be above 0 and at most 100, got 100.5',
      'cacheHitRateAlarmMinPercent must be above 0 and at most 100, got 100.5',
    ]);
  });

  test('durations of exactly 1 minute and exactly 1 day are allowed; 1 day and 1 minute is not', () => {
    expect(validateMonitoring({
      cpuAlarmDuration: Duration.minutes(1),
      memoryAlarmDuration: Duration.days(1),
      connectionsAlarmDuration: Duration.seconds(60),
    })).toEqual([]);
    expect(validateMonitoring({ cpuAlarmDuration: Duration.minutes(24 * 60 + 1) })).toEqual([`cpuAlarmDuration ${DURATION_RULE}, got 1 day 1 minute`]);
  });

  test('a CPU threshold of 100%, a CPU alarm over exactly 1 day and a memory alarm over exactly 1 minute: the alarms deployed', () => {
    const { template } = build({
      preset: RedisPreset.PROD,
      replicationGroupId: 'b',
      cpuAlarmThresholdPercent: 100,
      cpuAlarmDuration: Duration.days(1),
      memoryAlarmDuration: Duration.minutes(1),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'b-cpu', Threshold: 50, EvaluationPeriods: 1440, DatapointsToAlarm: 1440 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'b-memory', Threshold: 90, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
  });

  test('a duration that is not whole seconds gets the rule\'s message, with the other failures (not CDK\'s conversion error)', () => {
    expect(validateMonitoring({ cpuAlarmDuration: Duration.millis(1500), memoryAlarmThresholdPercent: 0 })).toEqual([
      'memoryAlarmThresholdPercent must be above 0 and at most 100, got 0',
      `cpuAlarmDuration ${DURATION_RULE}, got ${Duration.millis(1500).toHumanString()}`,
    ]);
    expect(validateMonitoring({ cpuAlarmDuration: Duration.millis(60_000) })).toEqual([]);
  });

  test('a duration from a token is an error naming the prop, whatever its unit (minutes or seconds)', () => {
    expect(validateMonitoring({ cpuAlarmDuration: Duration.minutes(TOKEN), memoryAlarmDuration: Duration.seconds(TOKEN) })).toEqual([
      `cpuAlarmDuration ${DURATION_RULE}, got a token`,
      `memoryAlarmDuration ${DURATION_RULE}, got a token`,
    ]);
    const { stack, vpc } = newStack();
    const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber;
    expect(() => new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.PROD, connectionsAlarmDuration: Duration.minutes(minutes) }))
      .toThrow(`invalid AirDiscoveryRedis configuration at TestStack/Redis:\n  - connectionsAlarmDuration ${DURATION_RULE}, got a token`);
  });

  test('createAlarmTopic: true without alarmTopic is valid: the construct creates the topic', () => {
    expect(validateMonitoring({ createAlarmTopic: true })).toEqual([]);
    const { redis, template } = build({ preset: RedisPreset.PROD, createAlarmTopic: true });
    template.resourceCountIs('AWS::SNS::Topic', 1);
    expect(redis.monitoring?.alarmTopicKey).toBeDefined();
  });
});

describe('chooseCpuMetric(): the rule and its sentence, word for word', () => {
  test('4 vCPUs: EngineCPUUtilization at the threshold as given', () => {
    expect(chooseCpuMetric(CacheNodeType.R6_G_XLARGE, 80)).toEqual({
      metricName: 'EngineCPUUtilization',
      thresholdPercent: 80,
      vcpus: 4,
      reason: 'cache.r6g.xlarge has 4 vCPUs: EngineCPUUtilization (the Redis engine thread) at 80%, as AWS advises for 4 vCPUs or more',
    });
  });

  test('1 vCPU: "1 vCPU", singular, and the threshold divided by 1', () => {
    expect(chooseCpuMetric(CacheNodeType.of('cache.t2.micro'), 80)).toEqual({
      metricName: 'CPUUtilization',
      thresholdPercent: 80,
      vcpus: 1,
      reason: 'cache.t2.micro has 1 vCPU: host CPUUtilization at 80% / 1 = 80%, as AWS advises for 2 vCPUs or fewer (Redis runs commands on one core)',
    });
  });

  test('2 vCPUs and an odd threshold: 81% / 2 = 40.5%, in the plan and in the deployed alarm', () => {
    const reason = 'cache.t3.small has 2 vCPUs: host CPUUtilization at 81% / 2 = 40.5%, as AWS advises for 2 vCPUs or fewer (Redis runs commands on one core)';
    expect(chooseCpuMetric(CacheNodeType.T3_SMALL, 81)).toEqual({ metricName: 'CPUUtilization', thresholdPercent: 40.5, vcpus: 2, reason });
    const { template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'h', cacheNodeType: CacheNodeType.T3_SMALL, cpuAlarmThresholdPercent: 81 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'h-cpu',
      Threshold: 40.5,
      AlarmDescription: `Redis h: CPUUtilization above 40.5% for 5 minutes (${reason}) on any of the 3 nodes h-001, h-002, h-003.`,
    });
  });
});

describe('formatNumber(): whole numbers as they are, others to 2 decimals without trailing zeros', () => {
  test.each<[number, string]>([
    [40, '40'],
    [100, '100'],
    [40.5, '40.5'],
    [100.1, '100.1'],
    [26.666, '26.67'],
    [0.25, '0.25'],
    // within 0.005 of a whole number: the whole number, without a trailing dot ('40.' before the fix)
    [40.001, '40'],
    [26.999, '27'],
    [0.001, '0'],
  ])('%s → %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('planMonitoring(): the warnings it returns, and none when there is nothing to say', () => {
  const ignored = (list: string, verb: string) => ['alarmPropsIgnored',
    `alarms are off (the dev preset's default), so ${list} ${verb} no effect; set alarms: true to create the alarms`];

  test('alarms off and no alarm prop: no warning', () => {
    expect(plan({ preset: RedisPreset.DEV, dashboard: true }).warnings).toEqual([]);
  });

  test('alarms off and one alarm prop: it "has" no effect', () => {
    expect(plan({ preset: RedisPreset.DEV, cpuAlarmThresholdPercent: 70 }).warnings).toEqual([ignored('cpuAlarmThresholdPercent', 'has')]);
  });

  test('alarms off and two alarm props: they "have" no effect', () => {
    expect(plan({ preset: RedisPreset.DEV, memoryAlarmDuration: Duration.minutes(3), swapUsageAlarmThresholdBytes: 1024 }).warnings)
      .toEqual([ignored('memoryAlarmDuration, swapUsageAlarmThresholdBytes', 'have')]);
  });

  test('alarms on, alarm props set, a listed node type, replicas: no warning', () => {
    expect(plan({ preset: RedisPreset.PROD, cpuAlarmThresholdPercent: 70, replicationLagAlarmThresholdSeconds: 5 }).warnings).toEqual([]);
  });

  test('alarms on, no replicas, no replication lag prop: no warning', () => {
    expect(plan({ preset: RedisPreset.DEV, alarms: true }).warnings).toEqual([]);
  });

  test('alarms off and an unlisted node type: no CPU warning (there is no CPU alarm)', () => {
    expect(plan({ preset: RedisPreset.DEV, cacheNodeType: CacheNodeType.unlisted('cache.future.huge') }).warnings).toEqual([]);
  });

  test('alarms on and an unlisted node type: cpuAlarmUnknownNodeType, word for word', () => {
    expect(plan({ preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.unlisted('cache.future.huge') }).warnings).toEqual([[
      'cpuAlarmUnknownNodeType',
      'the vCPU count of node type cache.future.huge is unknown, so the alarm watches EngineCPUUtilization (the Redis engine thread) at 80%; '
        + 'check that cache.future.huge is a valid node type',
    ]]);
  });

  test('alarms on, no replicas, a replication lag threshold: replicationLagWithoutReplicas, and no threshold in the plan', () => {
    const p = plan({ preset: RedisPreset.DEV, alarms: true, replicationLagAlarmThresholdSeconds: 5 });
    expect(p.warnings).toEqual([[
      'replicationLagWithoutReplicas',
      'replicationLagAlarmThresholdSeconds is set but the group has no replicas, so there is no replication lag to alarm on; no replication lag alarm is created',
    ]]);
    expect(p.replicationLagThresholdSeconds).toBeUndefined();
  });

  test('the construct attaches them under their ids, so they can be acknowledged', () => {
    const { stack } = build({ preset: RedisPreset.DEV, alarms: true, replicationLagAlarmThresholdSeconds: 5 });
    expect(warningsOf(stack).filter(w => w.includes('replication lag'))).toEqual([
      'replicationLagAlarmThresholdSeconds is set but the group has no replicas, so there is no replication lag to alarm on; no replication lag alarm is created '
        + '[ack: @air-discovery/cdk-redis:replicationLagWithoutReplicas]',
    ]);
  });
});

describe('planMonitoring(): createAlarmTopic says whether the construct creates a topic', () => {
  test.each<[string, boolean, Props]>([
    ['alarms on, no topic given', true, { preset: RedisPreset.PROD }],
    ['alarms on, createAlarmTopic: false', false, { preset: RedisPreset.PROD, createAlarmTopic: false }],
    ['alarms off (DEV)', false, { preset: RedisPreset.DEV }],
    ['alarms off, createAlarmTopic: true (ignored)', false, { preset: RedisPreset.DEV, createAlarmTopic: true }],
  ])('%s → createAlarmTopic %s', (_what, create, props) => {
    expect(plan(props).createAlarmTopic).toBe(create);
  });

  test('alarms on and a topic given: that topic, and none created', () => {
    const { stack, redis } = build({ preset: RedisPreset.PROD });
    const topic = new sns.Topic(stack, 'Ops');
    const p = planMonitoring(redis.configuration, { alarmTopic: topic });
    expect(p.createAlarmTopic).toBe(false);
    expect(p.alarmTopic).toBe(topic);
  });
});
