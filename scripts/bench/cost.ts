/**
 * Monthly on-demand cost of what each preset deploys, from a dated price table.
 * The resource counts come from synthesizing the presets, not from a hand list.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, CacheNodeType, EngineVersion, RedisPreset,
} from '../../src';

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
    'ElastiCache Serverless (same pricing page, US East): Valkey $0.0837 per GB-hour of data stored and $0.00227 per million ECPUs, at least 100 MB of storage metered; Redis OSS $0.125 per GB-hour and $0.0034 per million ECPUs, at least 1 GB metered (AWS Database Blog "Unlock on-demand, cost-optimized performance with Amazon ElastiCache Serverless" for the Redis OSS rates and the 1 GB minimum; usage.ai\'s stored copy of the rate table, read 2026-12-01, for Valkey)',
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
  /** ElastiCache Serverless: per GB-hour stored, per million ECPUs, and the least storage metered (GB). */
  serverless: {
    valkey: { gbHour: 0.0837, perMillionEcpu: 0.00227, minimumGb: 0.1 },
    redis: { gbHour: 0.125, perMillionEcpu: 0.0034, minimumGb: 1 },
  } as Record<string, { gbHour: number; perMillionEcpu: number; minimumGb: number }>,
  secretMonthly: 0.40,
  alarmMetricMonthly: 0.10,
  kmsKeyMonthly: 1.00,
};

export interface CostLine { readonly item: string; readonly quantity: number; readonly unit: number; readonly monthly: number }
export interface CostReport { readonly name: string; readonly lines: CostLine[]; readonly total: number; readonly notes?: string }

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

/**
 * What a workload asks of a serverless cache: the data it keeps and its requests. ECPUs are billed
 * per request: 1 ECPU for a simple command (GET, SET) moving up to 1 KB, more for larger values.
 */
export interface Traffic {
  /** Data held in the cache, GB (billed at least the engine's minimum). */
  readonly dataGb: number;
  /** Requests per second, averaged over the month. */
  readonly averageRequestsPerSecond: number;
  /** ECPUs per request. */
  readonly ecpuPerRequest: number;
  /** How the figures were chosen. */
  readonly basis: string;
}

/** Seconds in the billing month (730 hours). */
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * The setup guide's development scale. The guide states capacity (cache.t3.micro, 1 GB, "~100,000
 * ops/sec") but not the traffic a development environment sends, so the figure is this library's
 * assumption, written down: sessions and cached API responses of a few developers and CI runs,
 * well under the 100 MB that Valkey bills at least, 20 requests a second around the clock
 * (1.7 million a day), values under 1 KB. docs/serverless.md shows where the answer changes.
 */
export const GUIDE_DEV_TRAFFIC: Traffic = {
  dataGb: 0.05,
  averageRequestsPerSecond: 20,
  ecpuPerRequest: 1,
  basis: 'the setup guide\'s development scale: under 100 MB of data, 20 requests/s averaged over the month (1.7 million a day), values under 1 KB (1 ECPU each)',
};

/**
 * The guide's production plan at a busy hour all month: the data a cache.t3.small node set holds
 * (about 1 GB of its 1.37 GB) and 1,000 requests a second around the clock (2.6 billion a month).
 */
export const GUIDE_PROD_TRAFFIC: Traffic = {
  dataGb: 1,
  averageRequestsPerSecond: 1000,
  ecpuPerRequest: 1,
  basis: 'the production plan\'s data (about 1 GB, what the cache.t3.small node set holds) and 1,000 requests/s averaged over the month (2.6 billion), values under 1 KB',
};

/** Monthly cost of a serverless cache under a traffic assumption; resource counts from synthesis. */
export function serverlessCostOf(name: string, props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>, traffic: Traffic): CostReport {
  const app = new App();
  const stack = new Stack(app, 'Cost', { env: { account: '123456789012', region: PRICE_TABLE.region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, ...props });
  const template = app.synth().getStackByName('Cost').template;
  const resources = Object.values<any>(template.Resources);
  const c = cache.configuration;
  const rates = PRICE_TABLE.serverless[c.engine.engine];
  if (!rates) throw new Error(`no serverless price for ${c.engine.engine}`);
  const billedGb = Math.max(traffic.dataGb, rates.minimumGb, c.minimumDataStorageGb ?? 0);
  const ecpuPerSecond = Math.max(traffic.averageRequestsPerSecond * traffic.ecpuPerRequest, c.minimumEcpuPerSecond ?? 0);
  const millionEcpus = (ecpuPerSecond * SECONDS_PER_MONTH) / 1e6;
  const count = (type: string) => resources.filter(r => r.Type === type).length;
  const alarmMetrics = resources.filter(r => r.Type === 'AWS::CloudWatch::Alarm')
    .reduce((n, r) => n + (r.Properties.Metrics ? r.Properties.Metrics.filter((m: any) => m.MetricStat).length : 1), 0);
  const lines: CostLine[] = [
    line(`data stored (${c.engine.engine} serverless, GB-hours: ${billedGb} GB billed${billedGb > traffic.dataGb ? ', the metered minimum' : ''})`, round(billedGb * HOURS_PER_MONTH), rates.gbHour),
    line(`ECPUs, millions (${ecpuPerSecond} per second, all month)`, round(millionEcpus), rates.perMillionEcpu),
    line('Secrets Manager secrets', count('AWS::SecretsManager::Secret'), PRICE_TABLE.secretMonthly),
    line('CloudWatch alarm metrics', alarmMetrics, PRICE_TABLE.alarmMetricMonthly),
    line('KMS customer-managed keys', count('AWS::KMS::Key'), PRICE_TABLE.kmsKeyMonthly),
  ].filter(l => l.quantity > 0);
  return { name, lines, total: round(lines.reduce((t, l) => t + l.monthly, 0)), notes: `Traffic: ${traffic.basis}.` };
}

/**
 * The requests per second (averaged over the month, 1 ECPU each) at which a serverless cache
 * with `dataGb` of data costs as much as `monthly` dollars; 0 when storage alone costs more.
 */
export function breakEvenRequestsPerSecond(engine: string, dataGb: number, monthly: number): number {
  const rates = PRICE_TABLE.serverless[engine];
  const storage = Math.max(dataGb, rates.minimumGb) * HOURS_PER_MONTH * rates.gbHour;
  const perRequestPerSecond = (SECONDS_PER_MONTH / 1e6) * rates.perMillionEcpu;
  return Math.max(0, Math.round((monthly - storage) / perRequestPerSecond));
}

/** A markdown table. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
}

/** The markdown of the cost section of docs/benchmarks.md. */
export function costSection(costs: CostReport[]): string {
  return `## Cost (monthly, on demand)

Region ${PRICE_TABLE.region}, ${HOURS_PER_MONTH} hours a month, prices as of ${PRICE_TABLE.date}:
${PRICE_TABLE.sources.map(s => `- ${s}`).join('\n')}

The quantities come from synthesizing each configuration (nodes, secrets, alarm metrics, KMS keys). Not
included: data transfer, backup storage beyond the free snapshot (at most a few cents for these node sizes),
CloudWatch Logs ingestion of the slow log, and the free tier (750 hours of cache.t3.micro a month for 12 months).
Serverless caches are priced on a stated traffic assumption (each one's note); docs/serverless.md compares them.

${costs.map(c => `### ${c.name}: $${c.total.toFixed(2)}/month

${c.notes ? `${c.notes}\n\n` : ''}${table(['item', 'quantity', 'unit price (USD)', 'monthly (USD)'], c.lines.map(l => [l.item, l.quantity, l.unit, l.monthly.toFixed(2)]))}`).join('\n\n')}
`;
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
    serverlessCostOf('serverless DEV preset (Valkey 8) at the guide\'s development scale', { preset: RedisPreset.DEV }, GUIDE_DEV_TRAFFIC),
    serverlessCostOf('serverless PROD preset (Valkey 8) at the production plan\'s scale', { preset: RedisPreset.PROD }, GUIDE_PROD_TRAFFIC),
  ];
}
