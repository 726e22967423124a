/**
 * The dashboard of `redis.monitoring` (src/alarms.ts, createDashboard) and the alarm descriptions: the header text for
 * each topology, which graphs exist for which props, the CPU threshold line on the graph of the metric the alarm
 * watches, graph titles when a group needs more than one graph per metric, and the 1024-character limit CloudWatch
 * puts on an alarm description. Each case was written against a mutant StrykerJS left alive (issue 18).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, ClusterMode, RedisPreset } from '../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

function build(props: Props): Template {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Mon', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  return Template.fromStack(stack);
}

/** The widgets of the one dashboard of the stack. */
function widgets(template: Template): any[] {
  const dashboards = Object.values<any>(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0].Properties.DashboardBody;
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((x: any) => (typeof x === 'string' ? x : 'TOKEN')).join('');
  return JSON.parse(text).widgets;
}

function headerText(template: Template): string {
  const texts = widgets(template).filter(w => w.type === 'text');
  expect(texts).toHaveLength(1);
  return texts[0].properties.markdown;
}

function graphTitles(template: Template): string[] {
  return widgets(template).filter(w => w.type === 'metric').map(w => w.properties.title);
}

const PER_NODE = 'ElastiCache publishes per node (dimension CacheClusterId): every line below is one node.';
const T3_MICRO_RULE = 'cache.t3.micro has 2 vCPUs: host CPUUtilization at 80% / 2 = 40%, as AWS advises for 2 vCPUs or fewer (Redis runs commands on one core)';
const T3_SMALL_RULE = 'cache.t3.small has 2 vCPUs: host CPUUtilization at 80% / 2 = 40%, as AWS advises for 2 vCPUs or fewer (Redis runs commands on one core)';

/** The graphs every dashboard has, in order. */
const SEED_GRAPHS = [
  'CPUUtilization per node (%)',
  'EngineCPUUtilization per node (%)',
  'DatabaseMemoryUsagePercentage per node (%)',
  'CurrConnections per node (count)',
  'CacheHits per node (per minute)',
  'CacheMisses per node (per minute)',
  'Cache hit rate (%)',
  'NetworkBytesIn per node (bytes per minute)',
  'NetworkBytesOut per node (bytes per minute)',
];

describe('dashboard header: node count, topology, node type, engine, CPU rule', () => {
  test('cluster mode, 1 shard without replicas, alarms off: "1 node: 1 shard of 1 node" and the CPU rule', () => {
    const template = build({
      preset: RedisPreset.DEV, replicationGroupId: 'a', dashboard: true, clusterMode: ClusterMode.ENABLED, numShards: 1, replicasPerShard: 0,
    });
    expect(headerText(template)).toBe([
      '## Redis a',
      `1 node: 1 shard of 1 node, cache.t3.micro, redis 7.0. ${PER_NODE}`,
      `CPU rule (alarms are off): ${T3_MICRO_RULE}.`,
    ].join('\n\n'));
  });

  test('cluster mode, 3 shards of 2 nodes, alarms on: "6 nodes: 3 shards of 2 nodes" and the CPU alarm', () => {
    const template = build({
      preset: RedisPreset.PROD, replicationGroupId: 'c', dashboard: true, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1,
    });
    expect(headerText(template)).toBe([
      '## Redis c',
      `6 nodes: 3 shards of 2 nodes, cache.t3.small, redis 7.0. ${PER_NODE}`,
      `CPU alarm: ${T3_SMALL_RULE}.`,
    ].join('\n\n'));
  });

  test('cluster mode off, 3 nodes: "3 nodes: one shard"', () => {
    const template = build({ preset: RedisPreset.PROD, replicationGroupId: 'b', dashboard: true });
    expect(headerText(template)).toBe([
      '## Redis b',
      `3 nodes: one shard, cache.t3.small, redis 7.0. ${PER_NODE}`,
      `CPU alarm: ${T3_SMALL_RULE}.`,
    ].join('\n\n'));
  });
});

describe('dashboard graphs', () => {
  test('alarms on without the opt-in alarms: no Evictions, ReplicationLag or SwapUsage graph', () => {
    const template = build({ preset: RedisPreset.PROD, replicationGroupId: 'p', dashboard: true });
    expect(graphTitles(template)).toEqual(SEED_GRAPHS);
  });

  test('opt-in thresholds while alarms are off: no graph for them either (there is no alarm to draw)', () => {
    const template = build({
      preset: RedisPreset.DEV,
      replicationGroupId: 'd',
      dashboard: true,
      numCacheNodes: 2,
      evictionsAlarmThreshold: 0,
      replicationLagAlarmThresholdSeconds: 5,
      swapUsageAlarmThresholdBytes: 1024,
    });
    expect(graphTitles(template)).toEqual(SEED_GRAPHS);
  });

  test('opt-in thresholds with alarms on: one graph each, with its threshold line', () => {
    const template = build({
      preset: RedisPreset.PROD,
      replicationGroupId: 'o',
      dashboard: true,
      evictionsAlarmThreshold: 0,
      replicationLagAlarmThresholdSeconds: 5,
      swapUsageAlarmThresholdBytes: 1024,
    });
    expect(graphTitles(template)).toEqual([
      ...SEED_GRAPHS,
      'Evictions per node (per 5 minutes)',
      'ReplicationLag per node (seconds)',
      'SwapUsage per node (bytes)',
    ]);
    const lines = Object.fromEntries(widgets(template).filter(w => w.type === 'metric').map(w => [w.properties.title, w.properties.annotations?.horizontal]));
    expect(lines['Evictions per node (per 5 minutes)']).toEqual([{ value: 0, label: 'evictions alarm', color: '#d62728', yAxis: 'left' }]);
    expect(lines['ReplicationLag per node (seconds)']).toEqual([{ value: 5, label: 'replication lag alarm', color: '#d62728', yAxis: 'left' }]);
    expect(lines['SwapUsage per node (bytes)']).toEqual([{ value: 1024, label: 'swap alarm', color: '#d62728', yAxis: 'left' }]);
  });

  test('4 vCPUs: the CPU threshold line is on the EngineCPUUtilization graph, not on CPUUtilization', () => {
    const template = build({ preset: RedisPreset.PROD, replicationGroupId: 'e', dashboard: true, cacheNodeType: CacheNodeType.R7_G_XLARGE });
    const byTitle = Object.fromEntries(widgets(template).filter(w => w.type === 'metric').map(w => [w.properties.title, w.properties]));
    expect(byTitle['EngineCPUUtilization per node (%)'].annotations).toEqual({
      horizontal: [{ value: 80, label: 'CPU alarm', color: '#d62728', yAxis: 'left' }],
    });
    expect(byTitle['CPUUtilization per node (%)'].annotations).toBeUndefined();
  });

  test('102 nodes: two graphs per metric, titled with the node range each covers', () => {
    const template = build({
      preset: RedisPreset.DEV, replicationGroupId: 'big', dashboard: true, clusterMode: ClusterMode.ENABLED, numShards: 34, replicasPerShard: 2,
    });
    const graphs = widgets(template).filter(w => w.type === 'metric');
    expect(graphs.map(w => w.properties.title)).toEqual(SEED_GRAPHS.flatMap(t => [`${t}, nodes 1-100`, `${t}, nodes 101-102`]));
    const cpu = graphs.filter(w => w.properties.title.startsWith('CPUUtilization per node'));
    expect(cpu.map(w => w.properties.metrics.length)).toEqual([100, 2]);
    expect(cpu[0].properties.metrics[0][3]).toBe('big-0001-001');
    expect(cpu[0].properties.metrics[99][3]).toBe('big-0034-001');
    expect(cpu[1].properties.metrics.map((m: any[]) => m[3])).toEqual(['big-0034-002', 'big-0034-003']);
  });
});

describe('alarm descriptions: at most 1024 characters (CloudWatch\'s limit)', () => {
  // The CPU alarm's description names the node type once (in the CPU rule); with an unlisted node type of
  // 10 + size characters it is 214 + 10 + size characters long: 1024 for a size of 800.
  const cpuDescription = (size: number): string => {
    const template = build({ preset: RedisPreset.PROD, replicationGroupId: 'f', cacheNodeType: CacheNodeType.unlisted(`cache.r9g.${'x'.repeat(size - 5)}large`) });
    const cpu = Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).filter(a => a.Properties.AlarmName === 'f-cpu');
    expect(cpu).toHaveLength(1);
    return cpu[0].Properties.AlarmDescription;
  };
  const full = (size: number) => 'Redis f: EngineCPUUtilization above 80% for 5 minutes (the vCPU count of node type '
    + `cache.r9g.${'x'.repeat(size - 5)}large is unknown, so the alarm watches EngineCPUUtilization (the Redis engine thread) at 80%) `
    + 'on any of the 3 nodes f-001, f-002, f-003.';

  test('exactly 1024 characters: kept whole', () => {
    expect(full(800)).toHaveLength(1024);
    expect(cpuDescription(800)).toBe(full(800));
  });

  test('1025 characters: cut to 1021 and "..." (1024 in all)', () => {
    expect(full(801)).toHaveLength(1025);
    const description = cpuDescription(801);
    expect(description).toBe(`${full(801).slice(0, 1021)}...`);
    expect(description).toHaveLength(1024);
  });
});
