/**
 * The probe's input: the invocation event (type-checked field by field, so a bad event gets a
 * CONFIG_ERROR answer and never reaches a socket) and the environment the construct sets.
 */
import { ProbeError, ProbeFailureReason } from './answer';
import { KeyModeEvent } from './key-mode';

/** The invocation event. Every field is optional; `null` counts as absent. */
export interface ProbeEvent extends KeyModeEvent {
  /** `health` (default), `load`, or `write` / `read` (key-mode.ts). */
  readonly mode?: string;

  // --- target overrides (tests, manual runs). Overriding the target drops the
  //     deployment's credentials: pass username/password in the event.
  readonly host?: string;
  readonly port?: number;
  readonly tls?: boolean;
  readonly tlsCaPem?: string;
  readonly tlsServerName?: string;
  readonly clusterMode?: boolean;
  readonly username?: string;
  readonly password?: string;
  /** Per-step timeout. */
  readonly timeoutMs?: number;
  /** Must start with the deployment's prefix unless the event brings its own target. */
  readonly keyPrefix?: string;

  // --- load mode
  /** Operations per command (redis-benchmark -n). Default 10000. */
  readonly requests?: number;
  /** Concurrent connections (redis-benchmark -c). Default 100. */
  readonly clients?: number;
  /** Commands per round trip (redis-benchmark -P). Default 1. */
  readonly pipeline?: number;
  /** Value size (redis-benchmark -d). Default 3. */
  readonly valueSizeBytes?: number;
  readonly minSetOpsPerSecond?: number;
  readonly minGetOpsPerSecond?: number;
  readonly maxP99LatencyMs?: number;
  /**
   * Threads that drive the connections. Default: one per whole vCPU the
   * function's memory gives (AWS_LAMBDA_FUNCTION_MEMORY_SIZE; 1769 MB per
   * vCPU, up to 6), or 1 outside Lambda.
   */
  readonly threads?: number;
}

/** The process environment, as the construct sets it. */
export interface ProbeEnvironment {
  readonly [name: string]: string | undefined;
}

/** Where the credentials come from. */
export type AuthSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'password'; readonly username?: string; readonly password: string }
  | { readonly kind: 'secret'; readonly arn: string; readonly jsonField?: string; readonly username?: string }
  | { readonly kind: 'iam'; readonly userId: string; readonly replicationGroupId: string; readonly region?: string; readonly resourceType?: string };

/** Resolved settings of one run. */
export interface ProbeSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly tlsCaPem?: string;
  readonly tlsServerName?: string;
  readonly clusterMode: boolean;
  readonly timeoutMs: number;
  readonly keyPrefix: string;
  readonly authMode: string;
  readonly auth: AuthSource;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_REQUESTS = 10_000;
export const DEFAULT_CLIENTS = 100;
export const DEFAULT_KEY_PREFIX = 'probe:';
/** TTL of every key the probe writes (health and load): gone soon even if DEL never runs. */
export const PROBE_KEY_TTL_SECONDS = 60;

export const MAX_REQUESTS = 1_000_000;
export const MAX_CLIENTS = 1000;
export const MAX_PIPELINE = 1000;
export const MAX_VALUE_SIZE = 1024 * 1024;

/** The type each event field must have. */
const EVENT_FIELDS: { readonly [field in keyof Required<ProbeEvent>]: 'string' | 'number' | 'boolean' } = {
  mode: 'string',
  host: 'string',
  port: 'number',
  tls: 'boolean',
  tlsCaPem: 'string',
  tlsServerName: 'string',
  clusterMode: 'boolean',
  username: 'string',
  password: 'string',
  timeoutMs: 'number',
  keyPrefix: 'string',
  requests: 'number',
  clients: 'number',
  pipeline: 'number',
  valueSizeBytes: 'number',
  minSetOpsPerSecond: 'number',
  minGetOpsPerSecond: 'number',
  maxP99LatencyMs: 'number',
  threads: 'number',
  // write / read mode (key-mode.ts)
  key: 'string',
  ttlSeconds: 'number',
  maxAgeSeconds: 'number',
};

/**
 * What a value is, for a message (never the value of a secret field). Never called with null or undefined:
 * checkEvent answers a null or undefined event with {} and skips null and undefined fields first.
 */
function describeValue(field: string, v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (field === 'password' || field === 'tlsCaPem') return `a ${typeof v}`;
  const text = JSON.stringify(v) ?? String(v);
  return `the ${typeof v} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

const config = (message: string) => new ProbeError(ProbeFailureReason.CONFIG_ERROR, message);

/**
 * The event, type-checked: an object (or nothing) whose fields are known and of their type
 * (a string `"false"` is not a boolean, an array is not a host). Throws ProbeError(CONFIG_ERROR).
 */
export function checkEvent(raw: unknown): ProbeEvent {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw config(`the event must be a JSON object such as {} or { "mode": "load" }, got ${describeValue('event', raw)}`);
  }
  const out: { [field: string]: unknown } = {};
  for (const [field, v] of Object.entries(raw as object)) {
    const type = (EVENT_FIELDS as { [f: string]: string | undefined })[field];
    if (type === undefined) {
      throw config(`unknown event field '${field.slice(0, 60)}'; known fields: ${Object.keys(EVENT_FIELDS).join(', ')}`);
    }
    if (v === undefined || v === null) continue;
    if (typeof v !== type || (type === 'number' && !Number.isFinite(v))) {
      throw config(`event field '${field}' must be a ${type === 'number' ? 'finite number' : type}, got ${describeValue(field, v)}`);
    }
    if (type === 'string' && (v as string).length === 0 && field !== 'password' && field !== 'username') {
      throw config(`event field '${field}' must not be empty`);
    }
    out[field] = v;
  }
  const host = out.host as string | undefined;
  if (host !== undefined && (host.length > 253 || /[\s/]/.test(host))) {
    throw config(`event field 'host' must be a host name or IP address, got ${describeValue('host', host)}`);
  }
  return out as ProbeEvent;
}

export function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw config(`${name} must be true or false, got '${v}'`);
}

export function parseInteger(name: string, v: unknown, dflt: number, min: number, max: number): number {
  if (v === undefined || v === null || v === '') return dflt;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw config(`${name} must be an integer from ${min} to ${max}, got '${String(v)}'`);
  }
  return n;
}

export function optionalNumber(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw config(`${name} must be a non-negative number, got '${String(v)}'`);
  }
  return v;
}

/** Settings from the environment, with the (checked) event's overrides. Throws ProbeError(CONFIG_ERROR). */
export function resolveSettings(event: ProbeEvent, env: ProbeEnvironment): ProbeSettings {
  const host = event.host ?? env.REDIS_HOST;
  if (!host) throw config('REDIS_HOST is not set (and the event has no host)');
  const tls = event.tls ?? parseBool('REDIS_TLS', env.REDIS_TLS, false);
  const port = parseInteger('port', event.port ?? env.REDIS_PORT, 6379, 1, 65535);
  const targetOverridden = [event.host, event.port, event.tls, event.tlsCaPem, event.tlsServerName].some(x => x !== undefined);

  let auth: AuthSource = { kind: 'none' };
  let authMode = env.REDIS_AUTH_MODE || 'none';
  if (event.password !== undefined) {
    auth = { kind: 'password', username: event.username, password: event.password };
    authMode = event.username ? 'rbac' : 'auth-token';
  } else if (targetOverridden) {
    // Never send the deployment's credentials to a target the caller chose.
    authMode = 'none';
  } else if (env.REDIS_AUTH_MODE === 'iam') {
    if (!env.REDIS_USER || !env.REDIS_REPLICATION_GROUP_ID) {
      throw config('IAM authentication needs REDIS_USER and REDIS_REPLICATION_GROUP_ID');
    }
    auth = {
      kind: 'iam',
      userId: env.REDIS_USER,
      replicationGroupId: env.REDIS_REPLICATION_GROUP_ID,
      region: env.AWS_REGION,
      // `ServerlessCache` for a serverless cache (its name stands in REDIS_REPLICATION_GROUP_ID)
      resourceType: env.REDIS_IAM_RESOURCE_TYPE || undefined,
    };
  } else if (env.REDIS_USER_SECRET_ARN) {
    auth = { kind: 'secret', arn: env.REDIS_USER_SECRET_ARN, username: env.REDIS_USER, jsonField: 'password' };
    authMode = env.REDIS_AUTH_MODE || 'rbac';
  } else if (env.REDIS_AUTH_SECRET_ARN) {
    auth = { kind: 'secret', arn: env.REDIS_AUTH_SECRET_ARN, jsonField: env.REDIS_AUTH_SECRET_JSON_FIELD || undefined };
    authMode = env.REDIS_AUTH_MODE || 'auth-token';
  }

  // With the deployment's credentials, keys stay under the deployment's prefix (the probe user's ACL allows only that).
  const deploymentPrefix = env.REDIS_PROBE_KEY_PREFIX || DEFAULT_KEY_PREFIX;
  const keyPrefix = event.keyPrefix ?? deploymentPrefix;
  if (auth.kind !== 'password' && !targetOverridden && !keyPrefix.startsWith(deploymentPrefix)) {
    throw config(`keyPrefix '${keyPrefix}' must start with the probe's prefix '${deploymentPrefix}'`);
  }

  return {
    host,
    port,
    tls,
    tlsCaPem: event.tlsCaPem,
    tlsServerName: event.tlsServerName,
    clusterMode: event.clusterMode ?? parseBool('REDIS_CLUSTER_MODE', env.REDIS_CLUSTER_MODE, false),
    timeoutMs: parseInteger('timeoutMs', event.timeoutMs ?? env.REDIS_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 50, 120_000),
    keyPrefix,
    authMode,
    auth,
  };
}
