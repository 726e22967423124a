import { RemovalPolicy } from 'aws-cdk-lib';
import { build } from './util';
import { readRegion } from '../scripts/docs-region';
import { AuthenticationMode, CacheEngine, RedisPreset } from '../src';
import { PRESETS, PresetValues } from '../src/presets';

/** Renders the README's preset table from the preset table in src/presets.ts. */
function renderTable(): string {
  const engine = (v: PresetValues) => `${v.engineVersion.engine === CacheEngine.REDIS ? 'Redis OSS' : 'Valkey'} ${v.engineVersion.version}`;
  const nodes = (v: PresetValues) => v.numCacheNodes === 1 ? '1' : `${v.numCacheNodes} (primary + ${v.numCacheNodes - 1} replicas)`;
  const onOff = (b: boolean) => b ? 'on' : 'off';
  const days = (v: PresetValues) => `${v.snapshotRetention.toDays()} day${v.snapshotRetention.toDays() === 1 ? '' : 's'}`;
  const removal = (r: RemovalPolicy) => r === RemovalPolicy.SNAPSHOT ? 'SNAPSHOT (final snapshot on delete)' : r.toUpperCase();
  const rows: Array<[string, (v: PresetValues) => string]> = [
    ['engine', engine],
    ['node type', v => v.cacheNodeType.name],
    ['nodes', nodes],
    ['multi-AZ / automatic failover', v => onOff(v.multiAz)],
    ['port', v => `${v.port}`],
    ['in-transit encryption (TLS)', v => v.transitEncryption ? 'on (`required`)' : 'off'],
    ['at-rest encryption', v => onOff(v.atRestEncryption)],
    ['authentication', v => v.generatedAuthToken ? 'AUTH token generated in Secrets Manager' : 'none'],
    ['snapshot retention', days],
    ['snapshot window (UTC)', v => v.snapshotWindow],
    ['maintenance window (UTC)', v => v.maintenanceWindow],
    ['removal policy', v => removal(v.removalPolicy)],
    ['CloudWatch alarms', v => onOff(v.alarms)],
    ['slow-log delivery to CloudWatch Logs', v => onOff(v.slowLogDelivery)],
  ];
  const dev = PRESETS[RedisPreset.DEV];
  const prod = PRESETS[RedisPreset.PROD];
  return ['| value | DEV | PROD |', '|---|---|---|', ...rows.map(([name, f]) => `| ${name} | ${f(dev)} | ${f(prod)} |`)].join('\n');
}

test('the README preset table is the preset table', () => {
  expect(readRegion('README.md', 'preset-table')).toBe(renderTable());
});

test('DEV is the setup guide development block', () => {
  const dev = PRESETS[RedisPreset.DEV];
  expect(dev.engineVersion.version).toBe('7.0');
  expect(dev.cacheNodeType.name).toBe('cache.t3.micro');
  expect(dev.numCacheNodes).toBe(1);
  expect(dev.transitEncryption).toBe(false);
  expect(dev.snapshotRetention.toDays()).toBe(1);
  expect(dev.snapshotWindow).toBe('02:00-03:00');
  expect(dev.maintenanceWindow).toBe('sun:03:00-sun:04:00');
  expect(dev.removalPolicy).toBe(RemovalPolicy.DESTROY);
});

test('PROD is the setup guide production block', () => {
  const prod = PRESETS[RedisPreset.PROD];
  expect(prod.cacheNodeType.name).toBe('cache.t3.small');
  expect(prod.numCacheNodes).toBe(3);
  expect(prod.multiAz).toBe(true);
  expect(prod.transitEncryption).toBe(true);
  expect(prod.atRestEncryption).toBe(true);
  expect(prod.snapshotRetention.toDays()).toBe(7);
  expect(prod.removalPolicy).toBe(RemovalPolicy.SNAPSHOT);
  expect(build({ preset: RedisPreset.PROD }).redis.configuration.authenticationMode).toBe(AuthenticationMode.AUTH_TOKEN);
});
