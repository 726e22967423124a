/**
 * The connectivity probe: health mode (PING, SET/GET/DEL of a probe key with a
 * TTL, INFO) and load mode (a redis-benchmark-like SET/GET run).
 *
 * Imported by `probe.lambda.ts` (bundled by esbuild with ioredis inlined) and
 * by the tests, which run it against real redis-server processes. Never
 * exported from the package: jsii consumers do not load ioredis.
 *
 * Rules:
 * - it never hangs: every step has a timeout, and the whole run a deadline;
 * - it never throws: every failure is a `redis: 'DOWN'` answer with a `reason`
 *   from `ProbeFailureReason`, the server's or the socket's message, and a hint;
 * - credentials configured by the deployment (secret ARNs, IAM) are only ever
 *   sent to the deployment's endpoint: an event that overrides the target
 *   (host, port, TLS settings) must bring its own credentials.
 */
import { randomBytes } from 'crypto';
import * as net from 'net';
import { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { credentialsFromEnv, elastiCacheIamToken } from './iam-auth';
import {
  clusterLayout, ConnectionLayout, EnginePhase, Headroom, MAX_BYTES_IN_FLIGHT, MAX_THREADS, planThreads, runLoadEngine, standaloneLayout, ThreadPlan,
} from './load-engine';
import { credentialsFromSecretString, readSecretString } from './secrets';

// ---------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------

/** Why the probe answered DOWN. Closed set; docs/probe.md has the table. */
export enum ProbeFailureReason {
  CONFIG_ERROR = 'CONFIG_ERROR',
  SECRET_UNAVAILABLE = 'SECRET_UNAVAILABLE',
  DNS_FAILURE = 'DNS_FAILURE',
  CONNECTION_REFUSED = 'CONNECTION_REFUSED',
  TIMEOUT = 'TIMEOUT',
  TLS_MISMATCH = 'TLS_MISMATCH',
  CERTIFICATE_VERIFY_FAILED = 'CERTIFICATE_VERIFY_FAILED',
  AUTH_FAILED = 'AUTH_FAILED',
  AUTH_REQUIRED = 'AUTH_REQUIRED',
  ACL_DENIED = 'ACL_DENIED',
  CLUSTER_DOWN = 'CLUSTER_DOWN',
  CLUSTER_MODE_MISMATCH = 'CLUSTER_MODE_MISMATCH',
  OUT_OF_MEMORY = 'OUT_OF_MEMORY',
  READ_ONLY_REPLICA = 'READ_ONLY_REPLICA',
  LOADING = 'LOADING',
  CONNECTION_CLOSED = 'CONNECTION_CLOSED',
  DATA_MISMATCH = 'DATA_MISMATCH',
  UNKNOWN = 'UNKNOWN',
}

/** One-line cause and fix per reason (returned as `hint`; expanded in docs/probe.md). */
export const REASON_HINTS: { [reason in ProbeFailureReason]: string } = {
  CONFIG_ERROR: 'the probe configuration is incomplete or invalid: check the REDIS_* environment variables and the event',
  SECRET_UNAVAILABLE: 'could not read the secret: the function needs secretsmanager:GetSecretValue (kms:Decrypt for a customer key) and a route to Secrets Manager (NAT gateway, or an interface VPC endpoint in isolated subnets)',
  DNS_FAILURE: 'the endpoint does not resolve: check the address, that the group exists and is available, and that the VPC has DNS resolution and DNS hostnames enabled',
  CONNECTION_REFUSED: 'nothing listens there: wrong port (the PROD preset uses 6380) or address, or the node is being replaced',
  TIMEOUT: 'no answer in time: a security group without an inbound rule for the client on the Redis port, a network ACL, a missing route (subnet group in other subnets, peering), or an overloaded node',
  TLS_MISMATCH: 'client and server disagree on TLS: with in-transit encryption the client must use TLS (rediss://), without it the client must not',
  CERTIFICATE_VERIFY_FAILED: 'the server certificate is not trusted or does not match the host name: connect to the endpoint name, not an IP, and trust the system CA bundle',
  AUTH_FAILED: 'the server rejected the credentials: wrong or rotated AUTH token / password, or the RBAC user is off, missing from the user group, or (IAM) not granted elasticache:Connect',
  AUTH_REQUIRED: 'the server requires AUTH but the client sent no credentials: configure the AUTH token or the RBAC user',
  ACL_DENIED: 'the user\'s access string forbids a command or key the probe uses: allow ~probe:* +ping +set +get +del +info (+cluster|info +cluster|slots in cluster mode)',
  CLUSTER_DOWN: 'the cluster cannot serve every slot: a shard has no reachable primary (node failure, failover or resharding in progress)',
  CLUSTER_MODE_MISMATCH: 'client and server disagree on cluster mode: with cluster mode enabled use a cluster client and the configuration endpoint',
  OUT_OF_MEMORY: 'writes are refused: used memory reached maxmemory under the noeviction policy; pick an eviction policy (volatile-lru, allkeys-lru), set TTLs, or scale up',
  READ_ONLY_REPLICA: 'writes reached a replica: use the primary endpoint (or the configuration endpoint in cluster mode), not the reader or a node endpoint',
  LOADING: 'the node is loading its dataset after a restart or failover: retry shortly',
  CONNECTION_CLOSED: 'the server closed the connection: maxclients reached (pool connections), an idle timeout, or a TLS mismatch',
  DATA_MISMATCH: 'GET returned another value than the probe wrote: another client writes the probe\'s keys, or the endpoint is not the cache you think',
  UNKNOWN: 'unexpected error: see the error message',
};

/** Preference when several errors explain one failure: earlier is more specific. */
const SPECIFICITY: ProbeFailureReason[] = [
  ProbeFailureReason.CONFIG_ERROR,
  ProbeFailureReason.SECRET_UNAVAILABLE,
  ProbeFailureReason.AUTH_FAILED,
  ProbeFailureReason.AUTH_REQUIRED,
  ProbeFailureReason.ACL_DENIED,
  ProbeFailureReason.CERTIFICATE_VERIFY_FAILED,
  ProbeFailureReason.TLS_MISMATCH,
  ProbeFailureReason.CLUSTER_MODE_MISMATCH,
  ProbeFailureReason.CLUSTER_DOWN,
  ProbeFailureReason.OUT_OF_MEMORY,
  ProbeFailureReason.READ_ONLY_REPLICA,
  ProbeFailureReason.LOADING,
  ProbeFailureReason.DATA_MISMATCH,
  ProbeFailureReason.DNS_FAILURE,
  ProbeFailureReason.CONNECTION_REFUSED,
  ProbeFailureReason.TIMEOUT,
  ProbeFailureReason.CONNECTION_CLOSED,
  ProbeFailureReason.UNKNOWN,
];

const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/** An error the probe raises itself, already classified. */
export class ProbeError extends Error {
  constructor(public readonly reason: ProbeFailureReason, message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Context for classification. */
interface ClassifyContext {
  readonly tls: boolean;
  readonly clusterMode: boolean;
  /** Whether any reply came back on this connection before the failure. */
  readonly answered: boolean;
}

/** The reason behind one error. */
export function classifyError(err: unknown, ctx: ClassifyContext): ProbeFailureReason {
  return classify(err, ctx).reason;
}

/** A reason, and whether it is a guess (a closed connection explained by context). */
function classify(err: unknown, ctx: ClassifyContext): { reason: ProbeFailureReason; guess: boolean } {
  const reason = classifyCertain(err);
  if (reason !== undefined) return { reason, guess: false };
  // A plain-text client talking to a TLS-only server gets the connection
  // closed before any reply (the server drops the failed handshake).
  if (!ctx.tls && !ctx.answered) return { reason: ProbeFailureReason.TLS_MISMATCH, guess: true };
  return { reason: ProbeFailureReason.CONNECTION_CLOSED, guess: false };
}

/** The reason an error states, or undefined for a closed connection. */
function classifyCertain(err: unknown): ProbeFailureReason | undefined {
  if (err instanceof ProbeError) return err.reason;
  const e = err as { message?: string; code?: string } | undefined;
  const msg = String(e?.message ?? err);
  const code = e?.code ?? '';
  if (/^WRONGPASS|invalid password|invalid username-password/i.test(msg)) return ProbeFailureReason.AUTH_FAILED;
  if (/^NOAUTH/.test(msg)) return ProbeFailureReason.AUTH_REQUIRED;
  if (/^NOPERM/.test(msg)) return ProbeFailureReason.ACL_DENIED;
  if (/^CLUSTERDOWN|cluster_state:fail/.test(msg)) return ProbeFailureReason.CLUSTER_DOWN;
  if (/cluster support disabled/i.test(msg)) return ProbeFailureReason.CLUSTER_MODE_MISMATCH;
  if (/^(MOVED|ASK) /.test(msg)) return ProbeFailureReason.CLUSTER_MODE_MISMATCH;
  if (/^OOM/.test(msg)) return ProbeFailureReason.OUT_OF_MEMORY;
  if (/^READONLY/.test(msg)) return ProbeFailureReason.READ_ONLY_REPLICA;
  if (/^LOADING/.test(msg)) return ProbeFailureReason.LOADING;
  if (/^(MASTERDOWN|TRYAGAIN)/.test(msg)) return ProbeFailureReason.CLUSTER_DOWN;
  if (CERT_CODES.has(code) || /certificate|self[- ]signed|altnames/i.test(msg)) return ProbeFailureReason.CERTIFICATE_VERIFY_FAILED;
  if (/^ERR_SSL_|^EPROTO$/.test(code) || /wrong version number|packet length too long|unknown protocol|record layer failure|SSL routines/i.test(msg)) {
    return ProbeFailureReason.TLS_MISMATCH;
  }
  if (code === 'ECONNREFUSED') return ProbeFailureReason.CONNECTION_REFUSED;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') return ProbeFailureReason.DNS_FAILURE;
  if (code === 'ETIMEDOUT' || /timed out|timeout/i.test(msg)) return ProbeFailureReason.TIMEOUT;
  if (code === 'ECONNRESET' || code === 'EPIPE' || /Connection is closed|socket hang up|disconnected before secure TLS|None of startup nodes/i.test(msg)) {
    return undefined;
  }
  return ProbeFailureReason.UNKNOWN;
}

/** The most specific reason among errors, and the error that gave it. */
function mostSpecific(errors: unknown[], ctx: ClassifyContext): { reason: ProbeFailureReason; error: unknown } {
  let best = { reason: ProbeFailureReason.UNKNOWN, error: errors[0] as unknown, rank: Infinity };
  for (const error of errors) {
    const c = classify(error, ctx);
    // guesses rank below every stated reason but above UNKNOWN
    const rank = c.guess ? SPECIFICITY.length - 1.5 : SPECIFICITY.indexOf(c.reason);
    if (rank < best.rank) best = { reason: c.reason, error, rank };
  }
  return { reason: best.reason, error: best.error };
}

function messageOf(err: unknown): string {
  const e = err as { message?: string; code?: string } | undefined;
  const msg = String(e?.message ?? err);
  return e?.code && !msg.includes(e.code) ? `${msg} (${e.code})` : msg;
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/** The invocation event. Every field is optional. */
export interface ProbeEvent {
  /** `health` (default) or `load`. */
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
type AuthSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'password'; readonly username?: string; readonly password: string }
  | { readonly kind: 'secret'; readonly arn: string; readonly jsonField?: string; readonly username?: string }
  | { readonly kind: 'iam'; readonly userId: string; readonly replicationGroupId: string; readonly region?: string };

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
/** TTL of the health probe key: gone soon even if DEL never runs. */
export const PROBE_KEY_TTL_SECONDS = 60;

const MAX_REQUESTS = 1_000_000;
const MAX_CLIENTS = 1000;
const MAX_PIPELINE = 1000;
const MAX_VALUE_SIZE = 1024 * 1024;
/** Lambda's longest invocation: the TTL bound of a load key when no deadline is given. */
const MAX_RUN_MS = 15 * 60 * 1000;

function parseBool(name: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  if (/^(true|1|yes)$/i.test(v)) return true;
  if (/^(false|0|no)$/i.test(v)) return false;
  throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, `${name} must be true or false, got '${v}'`);
}

function parseInteger(name: string, v: unknown, dflt: number, min: number, max: number): number {
  if (v === undefined || v === null || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, `${name} must be an integer from ${min} to ${max}, got '${String(v)}'`);
  }
  return n;
}

function optionalNumber(name: string, v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, `${name} must be a non-negative number, got '${String(v)}'`);
  }
  return v;
}

/** Settings from the environment, with the event's overrides. Throws ProbeError(CONFIG_ERROR). */
export function resolveSettings(event: ProbeEvent, env: ProbeEnvironment): ProbeSettings {
  const host = event.host ?? env.REDIS_HOST;
  if (!host) throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, 'REDIS_HOST is not set (and the event has no host)');
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
      throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, 'IAM authentication needs REDIS_USER and REDIS_REPLICATION_GROUP_ID');
    }
    auth = { kind: 'iam', userId: env.REDIS_USER, replicationGroupId: env.REDIS_REPLICATION_GROUP_ID, region: env.AWS_REGION };
  } else if (env.REDIS_USER_SECRET_ARN) {
    auth = { kind: 'secret', arn: env.REDIS_USER_SECRET_ARN, username: env.REDIS_USER, jsonField: 'password' };
    authMode = env.REDIS_AUTH_MODE || 'rbac';
  } else if (env.REDIS_AUTH_SECRET_ARN) {
    auth = { kind: 'secret', arn: env.REDIS_AUTH_SECRET_ARN, jsonField: env.REDIS_AUTH_SECRET_JSON_FIELD || undefined };
    authMode = env.REDIS_AUTH_MODE || 'auth-token';
  }

  return {
    host,
    port,
    tls,
    tlsCaPem: event.tlsCaPem,
    tlsServerName: event.tlsServerName,
    clusterMode: event.clusterMode ?? parseBool('REDIS_CLUSTER_MODE', env.REDIS_CLUSTER_MODE, false),
    timeoutMs: parseInteger('timeoutMs', event.timeoutMs ?? env.REDIS_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 50, 120_000),
    keyPrefix: event.keyPrefix ?? env.REDIS_PROBE_KEY_PREFIX ?? DEFAULT_KEY_PREFIX,
    authMode,
    auth,
  };
}

/** Username and password for AUTH. */
interface Credentials {
  readonly username?: string;
  readonly password?: string;
}

/** Options of a run (tests inject the clock). */
export interface RunOptions {
  /** Absolute deadline (epoch ms) of the whole run, e.g. from the Lambda context. */
  readonly deadline?: number;
  /** The clock for IAM tokens. */
  readonly now?: () => Date;
  /** The environment AWS credentials come from. @default the `env` argument */
  readonly credentialsEnv?: ProbeEnvironment;
}

async function resolveCredentials(s: ProbeSettings, env: ProbeEnvironment, opts: RunOptions): Promise<Credentials> {
  switch (s.auth.kind) {
    case 'none':
      return {};
    case 'password':
      return { username: s.auth.username, password: s.auth.password };
    case 'secret': {
      let text: string;
      try {
        text = await withTimeout(readSecretString(s.auth.arn, s.timeoutMs), s.timeoutMs, `reading secret ${s.auth.arn}`);
      } catch (err) {
        throw new ProbeError(ProbeFailureReason.SECRET_UNAVAILABLE, `reading ${s.auth.arn}: ${messageOf(err)}`);
      }
      let c;
      try {
        c = credentialsFromSecretString(text, s.auth.jsonField);
      } catch (err) {
        throw new ProbeError(ProbeFailureReason.SECRET_UNAVAILABLE, `secret ${s.auth.arn}: ${messageOf(err)}`);
      }
      return { username: s.auth.username ?? c.username, password: c.password };
    }
    case 'iam': {
      const credentials = credentialsFromEnv(opts.credentialsEnv ?? env);
      const region = s.auth.region;
      if (!credentials || !region) {
        throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, 'IAM authentication needs AWS credentials and AWS_REGION in the environment');
      }
      const token = elastiCacheIamToken({
        replicationGroupId: s.auth.replicationGroupId,
        userId: s.auth.userId,
        region,
        credentials,
        date: opts.now?.(),
      });
      return { username: s.auth.userId, password: token };
    }
  }
}

// ---------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------

type Client = Redis | Cluster;

function redisOptions(s: ProbeSettings, c: Credentials): RedisOptions {
  return {
    username: c.username,
    password: c.password,
    tls: s.tls ? { ca: s.tlsCaPem, servername: s.tlsServerName } : undefined,
    connectTimeout: s.timeoutMs,
    commandTimeout: s.timeoutMs,
    // how long a closing socket may linger before it is destroyed (ioredis' default: 2 s)
    disconnectTimeout: 200,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    disableClientInfo: true,
    autoResubscribe: false,
    reconnectOnError: () => false,
  };
}

/** A client that never reconnects and collects every error it sees. */
class Connection {
  public readonly client: Client;
  public readonly errors: unknown[] = [];
  public answered = false;

  constructor(private readonly s: ProbeSettings, c: Credentials) {
    if (s.clusterMode) {
      const options: ClusterOptions = {
        // ElastiCache with TLS: keep host names so that certificates verify.
        dnsLookup: (address, cb) => cb(null, address),
        redisOptions: redisOptions(s, c),
        clusterRetryStrategy: () => null,
        enableReadyCheck: false,
        lazyConnect: true,
        slotsRefreshTimeout: s.timeoutMs,
        slotsRefreshInterval: 0,
        maxRedirections: 8,
        retryDelayOnClusterDown: 100,
        retryDelayOnFailover: 100,
        retryDelayOnTryAgain: 100,
      };
      const cluster = new Cluster([{ host: s.host, port: s.port }], options);
      cluster.on('node error', (err: unknown) => this.errors.push(err));
      this.client = cluster;
    } else {
      this.client = new Redis({ ...redisOptions(s, c), host: s.host, port: s.port, lazyConnect: true, retryStrategy: () => null });
    }
    this.client.on('error', (err: unknown) => this.errors.push(err));
  }

  public get context(): ClassifyContext {
    return { tls: this.s.tls, clusterMode: this.s.clusterMode, answered: this.answered };
  }

  /**
   * Connects (and, in cluster mode, loads the slot map). `tcpOk`: a plain TCP
   * connection to the same address just worked, so a TLS handshake that gets
   * no answer means the server does not speak TLS.
   */
  public async connect(tcpOk: boolean): Promise<void> {
    try {
      await withTimeout(this.client.connect(), this.s.timeoutMs, `connect to ${this.s.host}:${this.s.port}`);
    } catch (err) {
      if (this.s.tls && tcpOk && mostSpecific([err, ...this.errors], this.context).reason === ProbeFailureReason.TIMEOUT) {
        throw new ProbeError(ProbeFailureReason.TLS_MISMATCH,
          `TCP to ${this.s.host}:${this.s.port} works, but the TLS handshake got no answer within ${this.s.timeoutMs} ms: the server does not seem to speak TLS (in-transit encryption off?)`);
      }
      throw err;
    }
  }

  /** A command with the step timeout; marks the connection as answered. */
  public async run<T>(what: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const out = await withTimeout(fn(this.client), this.s.timeoutMs, what);
    this.answered = true;
    return out;
  }

  public close(): void {
    try {
      this.client.disconnect();
    } catch {
      // already closed
    }
  }
}

/**
 * A bare TCP connection to the endpoint, closed at once: tells network faults
 * (refused, dropped, unresolvable) apart from protocol faults.
 */
export function tcpCheck(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (err?: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new ProbeError(ProbeFailureReason.TIMEOUT,
      `TCP connect to ${host}:${port} timed out after ${timeoutMs} ms (no answer to SYN: security group, network ACL or route)`)), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', err => done(err));
  });
}

/** Rejects with a TIMEOUT ProbeError after `ms`; the late promise's rejection is swallowed. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeError(ProbeFailureReason.TIMEOUT, `${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/** What every answer carries. */
export interface ProbeResultBase {
  readonly mode: 'health' | 'load';
  readonly redis: 'UP' | 'DOWN';
  readonly endpoint?: string;
  readonly port?: number;
  readonly tls?: boolean;
  readonly clusterMode?: boolean;
  readonly authMode?: string;
  readonly durationMs: number;
  /** DOWN only. */
  readonly reason?: ProbeFailureReason;
  readonly error?: string;
  readonly failedStep?: string;
  readonly hint?: string;
}

/** Timing of one step. */
export interface StepTiming {
  readonly step: string;
  readonly ms: number;
}

/** The health answer: the seed's `/health/redis` shape, extended. */
export interface HealthResult extends ProbeResultBase {
  readonly serverVersion?: string;
  readonly engine?: string;
  readonly role?: string;
  /** PING round trip. */
  readonly latencyMs?: number;
  readonly steps: StepTiming[];
  readonly usedMemoryBytes?: number;
  readonly maxmemoryBytes?: number;
  readonly maxmemoryPolicy?: string;
  readonly evictedKeys?: number;
  readonly keyspaceHitRatio?: number;
  readonly connectedClients?: number;
  readonly rejectedConnections?: number;
  readonly clusterState?: string;
  readonly clusterNodes?: number;
  readonly clusterNodesUp?: number;
  readonly warnings: string[];
}

/** One command's load figures. */
export interface LoadFigures {
  readonly requests: number;
  readonly completed: number;
  readonly errors: number;
  readonly durationMs: number;
  readonly opsPerSecond: number;
  readonly p50LatencyMs: number;
  readonly p99LatencyMs: number;
  readonly maxLatencyMs: number;
  /** CPU time of the probe's process during the phase (every thread, user + system). */
  readonly clientCpuMs?: number;
  /** clientCpuMs / (durationMs × the vCPUs the probe's threads can use). */
  readonly clientCpuUtilization?: number;
  /** Utilization ≥ 0.85: the probe's own CPU, not the cache, may have set the pace. */
  readonly clientSaturated?: boolean;
}

/** The load answer. */
export interface LoadResult extends ProbeResultBase {
  readonly requests: number;
  readonly clients: number;
  readonly pipeline: number;
  readonly valueSizeBytes: number;
  readonly connectMs?: number;
  /** TTL (seconds) every load key carries from its first write (`SET key value EX ttl`). */
  readonly ttlSeconds?: number;
  /** The client's threads and CPU, and whether it was saturated. */
  readonly client?: ThreadPlan & { readonly saturated?: boolean; readonly verdict?: string };
  /** `INFO memory` of each node before the run, and what the run adds there. */
  readonly headroom?: Headroom[];
  /** Why the run was refused before writing anything (not enough memory headroom). */
  readonly refused?: string;
  readonly set?: LoadFigures;
  readonly get?: LoadFigures;
  readonly thresholds: { minSetOpsPerSecond?: number; minGetOpsPerSecond?: number; maxP99LatencyMs?: number };
  /** Whether the run completed without errors and met every threshold. */
  readonly pass: boolean;
  readonly failures: string[];
}

export type ProbeResult = HealthResult | LoadResult;

function targetOf(s: ProbeSettings) {
  return { endpoint: s.host, port: s.port, tls: s.tls, clusterMode: s.clusterMode, authMode: s.authMode };
}

function down(reason: ProbeFailureReason, error: unknown, failedStep: string) {
  return { redis: 'DOWN' as const, reason, error: messageOf(error), failedStep, hint: REASON_HINTS[reason] };
}

function elapsed(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/** Runs the probe. Never throws. */
export async function runProbe(event: ProbeEvent | undefined, env: ProbeEnvironment, opts: RunOptions = {}): Promise<ProbeResult> {
  const ev = event ?? {};
  const mode = ev.mode ?? 'health';
  const start = process.hrtime.bigint();
  if (mode !== 'health' && mode !== 'load') {
    return configError('health', `mode must be 'health' or 'load', got '${String(mode)}'`, start);
  }
  let s: ProbeSettings;
  try {
    s = resolveSettings(ev, env);
  } catch (err) {
    return configError(mode, messageOf(err), start);
  }
  return mode === 'health' ? health(s, env, opts, start) : load(s, ev, env, opts, start);
}

function configError(mode: 'health' | 'load', message: string, start: bigint): ProbeResult {
  const base = { mode, durationMs: elapsed(start), ...down(ProbeFailureReason.CONFIG_ERROR, message, 'config') };
  return mode === 'health'
    ? { ...base, steps: [], warnings: [] }
    : { ...base, requests: 0, clients: 0, pipeline: 0, valueSizeBytes: 0, thresholds: {}, pass: false, failures: [message] };
}

// ---------------------------------------------------------------------------
// Health
// ---------------------------------------------------------------------------

async function health(s: ProbeSettings, env: ProbeEnvironment, opts: RunOptions, start: bigint): Promise<HealthResult> {
  const steps: StepTiming[] = [];
  const warnings: string[] = [];
  const facts: { -readonly [K in keyof HealthResult]?: HealthResult[K] } = {};
  let conn: Connection | undefined;
  let current = 'credentials';

  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    current = name;
    const t0 = process.hrtime.bigint();
    const out = await fn();
    steps.push({ step: name, ms: elapsed(t0) });
    return out;
  };

  try {
    const creds = await step('credentials', () => resolveCredentials(s, env, opts));
    await step('tcp', () => tcpCheck(s.host, s.port, s.timeoutMs));
    conn = new Connection(s, creds);
    const c = conn;
    await step('connect', () => c.connect(true));

    const t0 = process.hrtime.bigint();
    const pong = await step('PING', () => c.run('PING', r => r.ping()));
    facts.latencyMs = elapsed(t0);
    if (pong !== 'PONG') throw new ProbeError(ProbeFailureReason.UNKNOWN, `PING answered '${pong}'`);

    const key = `${s.keyPrefix}health:${randomBytes(8).toString('hex')}`;
    const value = `${Date.now()}:${randomBytes(8).toString('hex')}`;
    await step('SET', () => c.run('SET', r => r.set(key, value, 'EX', PROBE_KEY_TTL_SECONDS)));
    const got = await step('GET', () => c.run('GET', r => r.get(key)));
    if (got !== value) throw new ProbeError(ProbeFailureReason.DATA_MISMATCH, `GET ${key} returned ${JSON.stringify(got)}, SET wrote ${JSON.stringify(value)}`);
    await step('DEL', () => c.run('DEL', r => r.del(key)));

    const info = parseInfo(await step('INFO', () => c.run('INFO', r => r.info())));
    Object.assign(facts, infoFacts(info, warnings));

    if (s.clusterMode) {
      const cluster = c.client as Cluster;
      const clusterInfo = parseInfo(await step('CLUSTER INFO', () => c.run('CLUSTER INFO', r => r.cluster('INFO') as Promise<string>)));
      facts.clusterState = clusterInfo.cluster_state;
      const masters = cluster.nodes('master');
      facts.clusterNodes = masters.length;
      const pings = await step('PING primaries', () => Promise.all(masters.map(n =>
        withTimeout(n.ping(), s.timeoutMs, `PING ${n.options.host}:${n.options.port}`).then(() => undefined, (err: unknown) => ({ node: `${n.options.host}:${n.options.port}`, err })))));
      const failed = pings.filter((p): p is { node: string; err: unknown } => p !== undefined);
      facts.clusterNodesUp = masters.length - failed.length;
      if (failed.length > 0) {
        const worst = mostSpecific(failed.map(f => f.err), c.context);
        const reason = worst.reason === ProbeFailureReason.UNKNOWN ? ProbeFailureReason.CLUSTER_DOWN : worst.reason;
        const detail = failed.map(f => `${f.node}: ${messageOf(f.err)}`).join('; ');
        throw new ProbeError(isNodeLevel(reason) ? ProbeFailureReason.CLUSTER_DOWN : reason,
          `${failed.length} of ${masters.length} primaries unreachable: ${detail}`);
      }
      if (clusterInfo.cluster_state !== 'ok') {
        throw new ProbeError(ProbeFailureReason.CLUSTER_DOWN, `cluster_state:${clusterInfo.cluster_state ?? 'unknown'} (slots ok ${clusterInfo.cluster_slots_ok ?? '?'} of 16384)`);
      }
    }

    return { mode: 'health', redis: 'UP', ...targetOf(s), ...facts, durationMs: elapsed(start), steps, warnings };
  } catch (err) {
    const candidates = [err, ...(conn?.errors ?? [])];
    const ctx = conn?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = mostSpecific(candidates, ctx);
    const error = best.reason === classifyError(err, ctx) ? err : best.error;
    // In cluster mode, a node that fails after the configuration endpoint
    // answered is a shard the cluster cannot reach: the cluster is down.
    const afterConnect = !['credentials', 'tcp', 'connect'].includes(current);
    const reason = s.clusterMode && afterConnect && isNodeLevel(best.reason) ? ProbeFailureReason.CLUSTER_DOWN : best.reason;
    let message = reason === best.reason ? messageOf(error) : `a cluster node failed: ${messageOf(error)}`;
    if (s.clusterMode && afterConnect && conn && facts.clusterState === undefined) {
      const state = await clusterStateOfAnyNode(conn.client as Cluster, Math.min(s.timeoutMs, 1000));
      if (state) {
        facts.clusterState = state.cluster_state;
        message += ` (cluster_state:${state.cluster_state}, slots ok ${state.cluster_slots_ok ?? '?'} of 16384)`;
      }
    }
    return {
      mode: 'health',
      ...targetOf(s),
      ...facts,
      durationMs: elapsed(start),
      steps,
      warnings,
      ...down(reason, message, current),
    };
  } finally {
    conn?.close();
  }
}

/** CLUSTER INFO from the first node that answers, for a DOWN message. */
async function clusterStateOfAnyNode(cluster: Cluster, timeoutMs: number): Promise<{ [key: string]: string } | undefined> {
  for (const node of cluster.nodes('master')) {
    try {
      return parseInfo(await withTimeout(node.cluster('INFO') as Promise<string>, timeoutMs, 'CLUSTER INFO'));
    } catch {
      // next node
    }
  }
  return undefined;
}

/** Connection-level reasons that, on one cluster node, mean the cluster is down. */
function isNodeLevel(reason: ProbeFailureReason): boolean {
  return [ProbeFailureReason.CONNECTION_REFUSED, ProbeFailureReason.TIMEOUT, ProbeFailureReason.CONNECTION_CLOSED,
    ProbeFailureReason.DNS_FAILURE, ProbeFailureReason.LOADING, ProbeFailureReason.UNKNOWN].includes(reason);
}

/** `INFO` text to a map. */
export function parseInfo(text: string): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Facts and warnings from INFO: version, role, memory, eviction, hit ratio, clients. */
function infoFacts(info: { [key: string]: string }, warnings: string[]) {
  const usedMemoryBytes = num(info.used_memory);
  const maxmemoryBytes = num(info.maxmemory);
  const maxmemoryPolicy = info.maxmemory_policy;
  const evictedKeys = num(info.evicted_keys);
  const hits = num(info.keyspace_hits) ?? 0;
  const misses = num(info.keyspace_misses) ?? 0;
  const keyspaceHitRatio = hits + misses > 0 ? Math.round((hits / (hits + misses)) * 1000) / 1000 : undefined;
  const rejectedConnections = num(info.rejected_connections);

  if (usedMemoryBytes !== undefined && maxmemoryBytes) {
    const pct = (usedMemoryBytes / maxmemoryBytes) * 100;
    if (pct >= 90) warnings.push(`memory pressure: used_memory is ${pct.toFixed(0)}% of maxmemory`);
    if (maxmemoryPolicy === 'noeviction') warnings.push('maxmemory-policy is noeviction: writes fail with OOM once memory is full');
  }
  if (evictedKeys) warnings.push(`${evictedKeys} keys evicted since start: the working set does not fit, or TTLs are missing`);
  if (keyspaceHitRatio !== undefined && hits + misses >= 1000 && keyspaceHitRatio < 0.8) {
    warnings.push(`keyspace hit ratio ${(keyspaceHitRatio * 100).toFixed(1)}%: check key design and TTLs`);
  }
  if (rejectedConnections) warnings.push(`${rejectedConnections} connections rejected (maxclients): pool and reuse connections`);

  return {
    serverVersion: info.valkey_version ?? info.redis_version,
    engine: info.valkey_version ? 'valkey' : info.redis_version ? 'redis' : undefined,
    role: info.role,
    usedMemoryBytes,
    maxmemoryBytes,
    maxmemoryPolicy,
    evictedKeys,
    keyspaceHitRatio,
    connectedClients: num(info.connected_clients),
    rejectedConnections,
  };
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

async function load(s: ProbeSettings, ev: ProbeEvent, env: ProbeEnvironment, opts: RunOptions, start: bigint): Promise<LoadResult> {
  let params;
  try {
    params = {
      requests: parseInteger('requests', ev.requests, DEFAULT_REQUESTS, 1, MAX_REQUESTS),
      clients: parseInteger('clients', ev.clients, DEFAULT_CLIENTS, 1, MAX_CLIENTS),
      pipeline: parseInteger('pipeline', ev.pipeline, 1, 1, MAX_PIPELINE),
      valueSizeBytes: parseInteger('valueSizeBytes', ev.valueSizeBytes, 3, 1, MAX_VALUE_SIZE),
      thresholds: {
        minSetOpsPerSecond: optionalNumber('minSetOpsPerSecond', ev.minSetOpsPerSecond),
        minGetOpsPerSecond: optionalNumber('minGetOpsPerSecond', ev.minGetOpsPerSecond),
        maxP99LatencyMs: optionalNumber('maxP99LatencyMs', ev.maxP99LatencyMs),
      },
    };
    const inFlight = params.clients * params.pipeline * params.valueSizeBytes;
    if (inFlight > MAX_BYTES_IN_FLIGHT) {
      throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, `clients × pipeline × valueSizeBytes is ${inFlight} bytes in flight; at most ${MAX_BYTES_IN_FLIGHT} allowed`);
    }
  } catch (err) {
    return configError('load', messageOf(err), start) as LoadResult;
  }
  let plan: ThreadPlan;
  try {
    const memory = env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ? parseInteger('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, 0, 128, 10_240) : undefined;
    const threads = ev.threads === undefined ? undefined : parseInteger('threads', ev.threads, 1, 1, MAX_THREADS);
    plan = planThreads(params.clients, memory, threads);
  } catch (err) {
    return configError('load', messageOf(err), start) as LoadResult;
  }
  const remainingMs = opts.deadline !== undefined ? opts.deadline - Date.now() : MAX_RUN_MS;
  const ttlSeconds = PROBE_KEY_TTL_SECONDS + Math.ceil(Math.max(0, remainingMs) / 1000);
  const base = { mode: 'load' as const, ...targetOf(s), ...params, ttlSeconds, client: { ...plan } };
  let current = 'credentials';
  let cluster: Connection | undefined;
  try {
    const creds = await resolveCredentials(s, env, opts);
    current = 'tcp';
    await tcpCheck(s.host, s.port, s.timeoutMs);
    current = 'connect';
    const runId = randomBytes(6).toString('hex');
    let layout: ConnectionLayout[];
    if (s.clusterMode) {
      // the slot map, from a cluster client: each load connection then goes straight to a primary
      cluster = new Connection(s, creds);
      await cluster.connect(true);
      const slots = (cluster.client as Cluster).slots;
      layout = clusterLayout(Array.from({ length: 16384 }, (_, i) => slots[i]?.[0]), params.clients, s.keyPrefix, runId);
      cluster.close();
    } else {
      layout = standaloneLayout({ host: s.host, port: s.port }, params.clients, s.keyPrefix, runId);
    }
    const out = await runLoadEngine({
      layout,
      tls: s.tls,
      tlsCaPem: s.tlsCaPem,
      tlsServerName: s.tlsServerName,
      username: creds.username,
      password: creds.password,
      timeoutMs: s.timeoutMs,
      requests: params.requests,
      pipeline: params.pipeline,
      valueSizeBytes: params.valueSizeBytes,
      ttlSeconds,
      plan,
      deadline: opts.deadline,
    });
    const ctx = { tls: s.tls, clusterMode: s.clusterMode, answered: out.kind !== 'failed' || out.answered };
    if (out.kind === 'refused') {
      return { ...base, redis: 'UP', headroom: out.headroom, refused: out.message, pass: false, failures: [out.message], durationMs: elapsed(start) };
    }
    if (out.kind === 'failed') {
      const reason = classifyError(out.error, ctx);
      const failures = [messageOf(out.error)];
      return { ...base, headroom: out.headroom, pass: false, failures, durationMs: elapsed(start), ...down(reason, out.error, out.step) };
    }
    const figures = (p: EnginePhase): LoadFigures => {
      const { firstError: _e, stoppedAtDeadline: _s, ...f } = p;
      return f;
    };
    const set = figures(out.set);
    const get = figures(out.get);
    const client = { ...plan, saturated: set.clientSaturated || get.clientSaturated, verdict: clientVerdict(plan, set, get) };
    const result = { ...base, client, headroom: out.headroom, connectMs: out.connectMs, set, get };

    const failures: string[] = [];
    const t = params.thresholds;
    if (t.minSetOpsPerSecond !== undefined && set.opsPerSecond < t.minSetOpsPerSecond) {
      failures.push(`SET ${set.opsPerSecond} ops/s < minSetOpsPerSecond ${t.minSetOpsPerSecond}`);
    }
    if (t.minGetOpsPerSecond !== undefined && get.opsPerSecond < t.minGetOpsPerSecond) {
      failures.push(`GET ${get.opsPerSecond} ops/s < minGetOpsPerSecond ${t.minGetOpsPerSecond}`);
    }
    if (t.maxP99LatencyMs !== undefined) {
      for (const [name, r] of [['SET', set], ['GET', get]] as const) {
        if (r.p99LatencyMs > t.maxP99LatencyMs) failures.push(`${name} p99 ${r.p99LatencyMs} ms > maxP99LatencyMs ${t.maxP99LatencyMs}`);
      }
    }
    const stopped = out.set.stoppedAtDeadline || out.get.stoppedAtDeadline;
    const firstError = out.set.firstError ?? out.get.firstError ?? (stopped
      ? new ProbeError(ProbeFailureReason.TIMEOUT, `load run stopped at the invocation deadline after ${set.completed + get.completed} of ${2 * params.requests} operations`)
      : undefined);
    if (firstError !== undefined) {
      const reason = classifyError(firstError, ctx);
      if (set.errors + get.errors > 0) failures.unshift(`${set.errors + get.errors} commands failed: ${messageOf(firstError)}`);
      else failures.unshift(messageOf(firstError));
      const step = out.set.firstError !== undefined || (out.get.firstError === undefined && out.set.stoppedAtDeadline) ? 'SET' : 'GET';
      return { ...result, pass: false, failures, durationMs: elapsed(start), ...down(reason, firstError, step) };
    }
    return { ...result, redis: 'UP', pass: failures.length === 0, failures, durationMs: elapsed(start) };
  } catch (err) {
    const candidates = [err, ...(cluster?.errors ?? [])];
    const ctx = cluster?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = mostSpecific(candidates, ctx);
    return {
      ...base,
      pass: false,
      failures: [messageOf(best.error)],
      durationMs: elapsed(start),
      ...down(best.reason, best.error, current),
    };
  } finally {
    cluster?.close();
  }
}

/** One sentence: was the probe's own CPU the limit? */
function clientVerdict(plan: ThreadPlan, set: LoadFigures, get: LoadFigures): string {
  const pct = (f: LoadFigures) => `${Math.round((f.clientCpuUtilization ?? 0) * 100)}%`;
  const cpu = `SET ${pct(set)}, GET ${pct(get)} of the ${Math.min(plan.threads, plan.vcpus)} vCPU the probe can use (${plan.threads} thread${plan.threads > 1 ? 's' : ''})`;
  if (set.clientSaturated || get.clientSaturated) {
    return `client saturated (${cpu}): the probe's CPU set the pace, so these figures are a floor of what the cache serves; `
      + 'give the function more memory (1769 MB per vCPU, up to 6 vCPUs at 10240 MB) and run again';
  }
  return `client not saturated (${cpu}): the cache or the network set the pace`;
}
