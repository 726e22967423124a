/**
 * Monthly on-demand cost of what each preset deploys, from a dated price table.
 * The resource counts come from synthesizing the presets, not from a hand list.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, EngineVersion, RedisPreset } from '../../src';

/** Hours in the average month, as AWS bills them. */
export const HOURS_PER_MONTH = 730;

/**
 * On-demand prices, US East (N. Virginia), USD. Date and sources are printed
 * into docs/benchmarks.md next to the figures.
 */
export const PRICE_TABLE = {
  region: 'us-east-1',
  date: '2026-11-28',
  sources: [
    'ElastiCache node-based on-demand pricing (aws.amazon.com/elasticache/pricing), Redis OSS rates; cache.t3.* as listed for US East (N. Virginia) by the dragonflydb.io FinOps mirror of that table (stored copy read 2026-11-28)',
    'Valkey node-based prices are 20% below Redis OSS (same page)',
    'Secrets Manager $0.40 per secret-month; CloudWatch standard alarms $0.10 per metric-month (a metric-math alarm pays for each metric it reads); KMS $1 per customer-managed key-month',
  ],
  nodeHourly: {
    'redis:cache.t3.micro': 0.017,
    'redis:cache.t3.small': 0.034,
    'redis:cache.t3.medium': 0.068,
    'redis:cache.t4g.micro': 0.016,
    'redis:cache.t4g.small': 0.032,
    'valkey:cache.t4g.micro': 0.0128,
    'valkey:cache.t3.micro': 0.0136,
  } as Record<string, number>,
  secretMonthly: 0.40,
  alarmMetricMonthly: 0.10,
  kmsKeyMonthly: 1.00,
};

export interface CostLine { readonly item: string; readonly quantity: number; readonly unit: number; readonly monthly: number }
export interface CostReport { readonly name: string; readonly lines: CostLine[]; readonly total: number }

export function costOf(name: string, props: Omit<AirDiscoveryRedisProps, 'vpc'>): CostReport {
  const app = new App();
  const stack = new Stack(app, 'Cost', { env: { account: '123456789012', region: PRICE_TABLE.region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  const template = app.synth().getStackByName('Cost').template;
  const resources = Object.values<any>(template.Resources);
  const c = redis.configuration;
  const key = `${c.engineVersion.engine}:${c.cacheNodeType.name}`;
  const hourly = PRICE_TABLE.nodeHourly[key];
  if (hourly === undefined) throw new Error(`no price for ${key} in the price table`);
  const count = (type: string) => resources.filter(r => r.Type === type).length;
  const alarmMetrics = resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm')
    .reduce((n, r) => n + (r.Properties.Metrics ? r.Properties.Metrics.filter((m: any) => m.MetricStat).length : 1), 0);
  const lines: CostLine[] = [
    line(`${c.totalNodes} x ${c.cacheNodeType.name} (${c.engineVersion.engine}) node-hours`, c.totalNodes * HOURS_PER_MONTH, hourly),
    line('Secrets Manager secrets', count('AWS::SecretsManager::Secret'), PRICE_TABLE.secretMonthly),
    line('CloudWatch alarm metrics', alarmMetrics, PRICE_TABLE.alarmMetricMonthly),
    line('KMS customer-managed keys', count('AWS::KMS::Key'), PRICE_TABLE.kmsKeyMonthly),
  ].filter(l => l.quantity > 0);
  return { name, lines, total: round(lines.reduce((t, l) => t + l.monthly, 0)) };
}

function line(item: string, quantity: number, unit: number): CostLine {
  return { item, quantity, unit, monthly: round(quantity * unit) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The configurations the benchmark prices. */
export function presetCosts(): CostReport[] {
  return [
    costOf('DEV preset', { preset: RedisPreset.DEV }),
    costOf('PROD preset', { preset: RedisPreset.PROD }),
    costOf('cheapest development setup (README): DEV with Valkey 8.2 on cache.t4g.micro', {
      preset: RedisPreset.DEV, engineVersion: EngineVersion.VALKEY_8_2, cacheNodeType: CacheNodeType.T4_G_MICRO,
    }),
  ];
}
