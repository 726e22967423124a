/**
 * The ElastiCache parameters of the parameter-group families this library judges: their names, types,
 * allowed values and whether a custom parameter group may set them.
 *
 * Source: Amazon ElastiCache user guide, "Engine specific parameters" / "Valkey and Redis OSS parameters"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html): the per-version
 * "parameters added / changed / removed" tables from Redis OSS 2.8 to 7, "Valkey 7.2 parameters are the same as
 * Redis OSS 7 parameters" and "most Valkey 8 parameters are compatible with Redis OSS 7.1"; read 2026-12-01.
 * Value ranges are the "Permitted values" the page states; where it states none, only the type is checked.
 * Where this table is unsure, it errs towards accepting: a valid configuration must never be rejected.
 *
 * Families judged: redis6.x, redis7, valkey7, valkey8. Other families (redis4.0, redis5.0, and families newer
 * than this table, e.g. valkey9) get only the checks that do not depend on the family (known names' values).
 * A parameter newer than this table: the `uncheckedParameters` prop names it, and the construct warns instead.
 */

/** How a parameter's value is checked. */
export type ParameterType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'chars'; readonly allowed: string }
  | { readonly kind: 'string' };

/** One parameter. */
export interface ParameterSpec {
  readonly name: string;
  readonly type: ParameterType;
  /** Whether a custom parameter group may set it (the page's "Modifiable"). */
  readonly modifiable: boolean;
  /** The value applies only when the cluster is created (the page's "Changes take effect: at creation"). */
  readonly atCreation?: boolean;
  /** Families that have it; undefined: every judged family. */
  readonly families?: readonly string[];
}

const YES_NO: ParameterType = { kind: 'boolean' };
const INT = (min?: number, max?: number): ParameterType => ({ kind: 'integer', min, max });
const REDIS7 = ['redis7', 'valkey7', 'valkey8'];
const REDIS6 = ['redis6.x'];

/** The eviction policies (`maxmemory-policy`). */
export const EVICTION_POLICIES = ['volatile-lru', 'allkeys-lru', 'volatile-lfu', 'allkeys-lfu', 'volatile-random', 'allkeys-random', 'volatile-ttl', 'noeviction'];
/** The eviction policies data tiering works with (user guide "Data tiering"). */
export const DATA_TIERING_POLICIES = ['volatile-lru', 'allkeys-lru', 'noeviction'];

const P = (name: string, type: ParameterType, o: Partial<ParameterSpec> = {}): ParameterSpec => ({ name, type, modifiable: true, ...o });

/** Every parameter of the judged families. */
export const PARAMETERS: readonly ParameterSpec[] = [
  // Redis OSS 2.8 - 5.0 (names as renamed by 5.0: slave -> replica)
  P('activerehashing', YES_NO, { atCreation: true }),
  P('appendonly', YES_NO),
  P('appendfsync', { kind: 'enum', values: ['always', 'everysec', 'no'] }),
  P('client-output-buffer-limit-normal-hard-limit', INT(0)),
  P('client-output-buffer-limit-normal-soft-limit', INT(0)),
  P('client-output-buffer-limit-normal-soft-seconds', INT(0)),
  P('client-output-buffer-limit-pubsub-hard-limit', INT(0)),
  P('client-output-buffer-limit-pubsub-soft-limit', INT(0)),
  P('client-output-buffer-limit-pubsub-soft-seconds', INT(0)),
  P('client-output-buffer-limit-replica-hard-limit', INT(0)),
  P('client-output-buffer-limit-replica-soft-limit', INT(0)),
  P('client-output-buffer-limit-replica-soft-seconds', INT(0)),
  P('close-on-replica-write', YES_NO),
  P('databases', INT(1), { atCreation: true }),
  P('hash-max-ziplist-entries', INT(0)),
  P('hash-max-ziplist-value', INT(0)),
  P('hll-sparse-max-bytes', INT(0)),
  P('latency-monitor-threshold', INT(0)),
  P('list-compress-depth', INT(0)),
  P('list-max-ziplist-size', INT(-5)),
  P('lua-time-limit', INT(0), { modifiable: false }),
  P('maxclients', INT(1), { modifiable: false }),
  P('maxmemory-policy', { kind: 'enum', values: EVICTION_POLICIES }),
  P('maxmemory-samples', INT(1)),
  P('min-replicas-max-lag', INT(0)),
  P('min-replicas-to-write', INT(0)),
  // keyspace-event classes (Redis OSS "Keyspace notifications"); the empty string turns them off
  P('notify-keyspace-events', { kind: 'chars', allowed: 'KEg$lshzxetmdnA' }),
  P('repl-backlog-size', INT(16384)),
  P('repl-backlog-ttl', INT(0)),
  P('repl-timeout', INT(1)),
  P('replica-allow-chaining', YES_NO, { modifiable: false }),
  P('replica-lazy-flush', YES_NO, { modifiable: false }),
  P('reserved-memory', INT(0)),
  P('reserved-memory-percent', INT(0, 100)),
  P('set-max-intset-entries', INT(0)),
  P('slowlog-log-slower-than', INT()),
  P('slowlog-max-len', INT(0)),
  P('tcp-keepalive', INT(0)),
  P('timeout', INT(0)),
  P('zset-max-ziplist-entries', INT(0)),
  P('zset-max-ziplist-value', INT(0)),
  // Redis OSS 3.2 (cluster mode)
  P('cluster-enabled', YES_NO, { atCreation: true }),
  P('cluster-require-full-coverage', YES_NO),
  // Redis OSS 4.0
  P('activedefrag', YES_NO),
  P('active-defrag-cycle-max', INT(1, 75)),
  P('active-defrag-cycle-min', INT(1, 75)),
  P('active-defrag-ignore-bytes', INT(1)),
  P('active-defrag-max-scan-fields', INT(1, 1_000_000)),
  P('active-defrag-threshold-lower', INT(1, 100)),
  P('active-defrag-threshold-upper', INT(1, 100)),
  P('client-query-buffer-limit', INT(1_048_576, 1_073_741_824)),
  P('lazyfree-lazy-eviction', YES_NO),
  P('lazyfree-lazy-expire', YES_NO),
  P('lazyfree-lazy-server-del', YES_NO),
  P('lfu-decay-time', INT(0)),
  P('lfu-log-factor', INT(1)),
  P('proto-max-bulk-len', INT(1_048_576, 536_870_912)),
  // Redis OSS 5.0
  P('lua-replicate-commands', YES_NO),
  P('rename-commands', { kind: 'string' }),
  P('stream-node-max-bytes', INT(0)),
  P('stream-node-max-entries', INT(0)),
  // Redis OSS 6.0 / 6.2
  P('acllog-max-len', INT(1, 10000)),
  P('active-expire-effort', INT(1, 10)),
  P('cluster-allow-reads-when-down', YES_NO),
  P('lazyfree-lazy-user-del', YES_NO),
  P('tracking-table-max-keys', INT(0)),
  // Redis OSS 7 (and Valkey 7.2, 8): listpack encodings, user flushes, latency tracking, sharded pub/sub
  P('cluster-allow-pubsubshard-when-down', YES_NO, { families: REDIS7 }),
  P('cluster-preferred-endpoint-type', { kind: 'enum', values: ['ip', 'tls-dynamic'] }, { families: REDIS7 }),
  P('hash-max-listpack-entries', INT(0), { families: REDIS7 }),
  P('hash-max-listpack-value', INT(0), { families: REDIS7 }),
  P('latency-tracking', YES_NO, { families: REDIS7 }),
  P('latency-tracking-info-percentiles', { kind: 'string' }, { families: REDIS7 }),
  P('lazyfree-lazy-user-flush', YES_NO, { families: REDIS7 }),
  P('list-max-listpack-size', INT(-5), { families: REDIS7 }),
  P('zset-max-listpack-entries', INT(0), { families: REDIS7 }),
  P('zset-max-listpack-value', INT(0), { families: REDIS7 }),
  // Redis OSS 7 client memory cap; Valkey 7.2 (from Redis OSS 7.2) set listpack encodings; Valkey 8 additions.
  // Listed so that valid names are not rejected; values are only checked where the type is certain.
  P('maxmemory-clients', { kind: 'string' }, { families: REDIS7 }),
  P('set-max-listpack-entries', INT(0), { families: ['valkey7', 'valkey8'] }),
  P('set-max-listpack-value', INT(0), { families: ['valkey7', 'valkey8'] }),
  P('cluster-slot-stats-enabled', YES_NO, { families: ['valkey8'] }),
  P('extended-redis-compatibility', YES_NO, { families: ['valkey8'] }),
];

/** The families the table judges names for. */
export const JUDGED_FAMILIES = [...REDIS6, ...REDIS7];

/** Names ElastiCache renamed in Redis OSS 5.0 (what a user may still write) and their names now. */
export const RENAMED_PARAMETERS: { readonly [old: string]: string } = {
  'client-output-buffer-limit-slave-hard-limit': 'client-output-buffer-limit-replica-hard-limit',
  'client-output-buffer-limit-slave-soft-limit': 'client-output-buffer-limit-replica-soft-limit',
  'client-output-buffer-limit-slave-soft-seconds': 'client-output-buffer-limit-replica-soft-seconds',
  'close-on-slave-write': 'close-on-replica-write',
  'min-slaves-max-lag': 'min-replicas-max-lag',
  'min-slaves-to-write': 'min-replicas-to-write',
  'slave-allow-chaining': 'replica-allow-chaining',
  'slave-lazy-flush': 'replica-lazy-flush',
};

/** The parameter of that name in a family (any family when `family` is not judged). */
export function parameterSpec(name: string, family: string): ParameterSpec | undefined {
  const spec = PARAMETERS.find(p => p.name === name);
  if (!spec) return undefined;
  if (JUDGED_FAMILIES.includes(family) && spec.families && !spec.families.includes(family)) return undefined;
  return spec;
}

/** The parameter names of a family. */
export function parameterNames(family: string): string[] {
  return PARAMETERS.filter(p => !JUDGED_FAMILIES.includes(family) || !p.families || p.families.includes(family)).map(p => p.name);
}

/** Why a value does not fit the parameter's type, or undefined. */
export function valueProblem(spec: ParameterSpec, value: string): string | undefined {
  const t = spec.type;
  switch (t.kind) {
    case 'boolean':
      return ['yes', 'no'].includes(value) ? undefined : "'yes' or 'no'";
    case 'enum':
      return t.values.includes(value) ? undefined : `one of ${t.values.map(v => `'${v}'`).join(', ')}`;
    case 'integer': {
      const range = t.max !== undefined ? `from ${t.min} to ${t.max}` : t.min !== undefined ? `of at least ${t.min}` : '';
      const what = `a whole number${range ? ` ${range}` : ''}`;
      if (!/^-?\d+$/.test(value)) return what;
      const n = Number(value);
      return (t.min !== undefined && n < t.min) || (t.max !== undefined && n > t.max) ? what : undefined;
    }
    case 'chars':
      return [...value].every(c => t.allowed.includes(c)) ? undefined : `made of the characters ${t.allowed} (or empty)`;
    default:
      return undefined;
  }
}
