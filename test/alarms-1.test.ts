/**
 * RedisMonitoring (src/alarms.ts): token node counts, the warnings' acknowledgement ids,
 * the many-alarms warning at its boundary, construct ids of sliced alarms and the
 * description of an alarm on one node (mutation triage, issue 18).
 */
import { App, CfnParameter, Annotations as CdkAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, ClusterMode, RedisPreset } from '../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

function build(props: Props | ((stack: Stack) => Props) = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Mon', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...(typeof props === 'function' ? props(stack) : props) });
  return { stack, redis, template: Template.fromStack(stack) };
}

/** A node count CloudFormation resolves at deploy time. */
const tokenCount = (stack: Stack, name: string) => new CfnParameter(stack, name, { type: 'Number', default: 2 }).valueAsNumber;

const NEEDS_COUNTS = 'alarms and the dashboard watch every member node by id, which needs literal node counts: with a token '
  + 'numCacheNodes/numShards/replicasPerShard they are not created [ack: @air-discovery/cdk-redis:monitoringNeedsNodeCounts]';

describe('token node counts: no monitoring, and a warning only when monitoring was asked for', () => {
  const cases: Array<[string, (stack: Stack) => Props]> = [
    ['numCacheNodes', stack => ({ numCacheNodes: tokenCount(stack, 'Nodes') })],
    ['numShards (replicasPerShard literal)', stack => ({ clusterMode: ClusterMode.ENABLED, numShards: tokenCount(stack, 'Shards'), replicasPerShard: 1 })],
    ['replicasPerShard (numShards literal)', stack => ({ clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: tokenCount(stack, 'Replicas') })],
  ];

  test.each(cases)('PROD (alarms on) with a token %s', (_, props) => {
    const { stack, redis, template } = build(s => ({ preset: RedisPreset.PROD, ...props(s) }));
    expect(redis.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('monitoringNeedsNodeCounts')).map(w => w.entry.data))
      .toEqual([NEEDS_COUNTS]);
  });

  test.each(cases)('DEV with only the dashboard on and a token %s', (_, props) => {
    const { stack, redis, template } = build(s => ({ preset: RedisPreset.DEV, dashboard: true, ...props(s) }));
    expect(redis.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('monitoringNeedsNodeCounts')).map(w => w.entry.data))
      .toEqual([NEEDS_COUNTS]);
  });

  test.each(cases)('DEV (alarms and dashboard off) with a token %s: nothing to warn about', (_, props) => {
    const { stack, redis, template } = build(s => ({ preset: RedisPreset.DEV, ...props(s) }));
    expect(redis.monitoring).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('monitoringNeedsNodeCounts'))).toEqual([]);
  });

  test('the warning can be acknowledged by its id', () => {
    const { stack, redis } = build(s => ({ preset: RedisPreset.PROD, numCacheNodes: tokenCount(s, 'Nodes') }));
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('literal node counts'))).toHaveLength(1);
    CdkAnnotations.of(redis).acknowledgeWarning('@air-discovery/cdk-redis:monitoringNeedsNodeCounts');
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('literal node counts'))).toEqual([]);
  });
});

describe('the monitoring plan warnings carry the package id', () => {
  test('alarm props while alarms are off', () => {
    const { stack } = build({ preset: RedisPreset.DEV, cpuAlarmThresholdPercent: 70 });
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('alarms are off')).map(w => w.entry.data)).toEqual([
      "alarms are off (the dev preset's default), so cpuAlarmThresholdPercent has no effect; set alarms: true to create the alarms "
      + '[ack: @air-discovery/cdk-redis:alarmPropsIgnored]',
    ]);
  });

  test('a replication lag threshold without replicas', () => {
    const { stack } = build({ preset: RedisPreset.DEV, alarms: true, replicationLagAlarmThresholdSeconds: 5 });
    expect(Annotations.fromStack(stack).findWarning('/Mon/Redis', Match.stringLikeRegexp('replication lag')).map(w => w.entry.data)).toEqual([
      'replicationLagAlarmThresholdSeconds is set but the group has no replicas, so there is no replication lag to alarm on; '
      + 'no replication lag alarm is created [ack: @air-discovery/cdk-redis:replicationLagWithoutReplicas]',
    ]);
  });
});

describe('many alarms: the warning starts above 200', () => {
  const everyAlarm: Props = {
    preset: RedisPreset.PROD,
    clusterMode: ClusterMode.ENABLED,
    replicasPerShard: 1,
    evictionsAlarmThreshold: 0,
    replicationLagAlarmThresholdSeconds: 5,
    swapUsageAlarmThresholdBytes: 50 * 1024 * 1024,
    cacheHitRateAlarmMinPercent: 80,
  };
  const manyAlarms = (stack: Stack) =>
    Annotations.fromStack(stack).findWarning('/Mon/Redis/Monitoring', Match.stringLikeRegexp('manyAlarms')).map(w => w.entry.data);

  test('250 nodes with every alarm: exactly 200 alarms, no warning', () => {
    const { stack, redis, template } = build({ ...everyAlarm, numShards: 125 });
    // 6 kinds x 25 alarms (10 nodes each) + the hit rate x 50 alarms (5 nodes each)
    expect(redis.monitoring!.alarms).toHaveLength(200);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 200);
    expect(manyAlarms(stack)).toEqual([]);
  });

  test('252 nodes with every alarm: 207 alarms, and the warning says how many for how many nodes', () => {
    const { stack, redis } = build({ ...everyAlarm, numShards: 126 });
    // 6 kinds x 26 alarms (25 of 10 nodes, 1 of 2) + the hit rate x 51 alarms (50 of 5 nodes, 1 of 2)
    expect(redis.monitoring!.alarms).toHaveLength(207);
    expect(manyAlarms(stack)).toEqual([
      "207 alarms for 252 nodes count against CloudFormation's 500 resources per stack; "
      + 'turn off opt-in alarms you do not need, or keep other resources in another stack [ack: @air-discovery/cdk-redis:manyAlarms]',
    ]);
  });
});

describe('alarms per slice of nodes', () => {
  test('21 nodes: construct ids CpuAlarm, CpuAlarm2, CpuAlarm3 (ids are a contract), names -cpu, -cpu-2, -cpu-3', () => {
    const { redis, template } = build({ preset: RedisPreset.PROD, replicationGroupId: 'big', clusterMode: ClusterMode.ENABLED, numShards: 7, replicasPerShard: 2 });
    expect(redis.monitoring!.alarms.map(a => a.node.id)).toEqual([
      'CpuAlarm', 'CpuAlarm2', 'CpuAlarm3',
      'MemoryAlarm', 'MemoryAlarm2', 'MemoryAlarm3',
      'ConnectionsAlarm', 'ConnectionsAlarm2', 'ConnectionsAlarm3',
    ]);
    const names = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map(r => r.Properties.AlarmName).sort();
    expect(names).toEqual(['big-connections', 'big-connections-2', 'big-connections-3', 'big-cpu', 'big-cpu-2', 'big-cpu-3',
      'big-memory', 'big-memory-2', 'big-memory-3']);
  });

  test('one node: the description names it ("on node <id>")', () => {
    const { template } = build({ preset: RedisPreset.DEV, replicationGroupId: 'air-dev', alarms: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'air-dev-memory',
      AlarmDescription: 'Redis air-dev: DatabaseMemoryUsagePercentage above 90% for 2 minutes on node air-dev-001.',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'air-dev-connections',
      AlarmDescription: 'Redis air-dev: CurrConnections above 1000 for 1 minute on node air-dev-001.',
    });
  });

  test('a slice of one node in a larger group: "on node <id>" too', () => {
    // 11 nodes (11 shards, no replicas): alarms over the first 10 nodes, then one on the 11th alone
    const { template } = build({ preset: RedisPreset.DEV, replicationGroupId: 'odd', clusterMode: ClusterMode.ENABLED, numShards: 11, replicasPerShard: 0, alarms: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'odd-memory-2',
      AlarmDescription: 'Redis odd: DatabaseMemoryUsagePercentage above 90% for 2 minutes on node odd-0011-001.',
    });
  });
});
