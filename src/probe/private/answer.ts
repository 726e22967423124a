/**
 * The probe's answer: failure reasons and their hints, error classification,
 * and the result shapes both modes return. A run never throws: every failure
 * becomes one of these answers.
 */
import type { ProbeSettings } from './event';
import type { KeyModeFacts } from './key-mode';
import type { Headroom, ThreadPlan } from './load-engine';

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
export interface ClassifyContext {
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
  // what a Redis at maxclients writes on a new connection before it closes it (troubleshooting.md: CONNECTION_CLOSED)
  if (/^ERR max number of clients reached/.test(msg)) return ProbeFailureReason.CONNECTION_CLOSED;
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

/**
 * The most specific reason among errors, and the error that gave it.
 *
 * Decision: among equally specific errors (the same reason) the first one seen is reported. Callers list
 * the error that stopped the run first, then the connection's errors in the order they happened: the
 * first is the step's own failure (the node that holds the key), later ones come from retries on other
 * nodes (test/probe/cluster.test.ts "primaries killed", test/probe/classify.test.ts "mostSpecific").
 */
export function mostSpecific(errors: unknown[], ctx: ClassifyContext): { reason: ProbeFailureReason; error: unknown } {
  let best = { reason: ProbeFailureReason.UNKNOWN, error: errors[0] as unknown, rank: Infinity };
  for (const error of errors) {
    const c = classify(error, ctx);
    // guesses rank below every stated reason but above UNKNOWN
    const rank = c.guess ? SPECIFICITY.length - 1.5 : SPECIFICITY.indexOf(c.reason);
    // strictly lower: a later error of the same rank never replaces the first
    if (rank < best.rank) best = { reason: c.reason, error, rank };
  }
  return { reason: best.reason, error: best.error };
}

export function messageOf(err: unknown): string {
  const e = err as { message?: string; code?: string } | undefined;
  const msg = String(e?.message ?? err);
  return e?.code && !msg.includes(e.code) ? `${msg} (${e.code})` : msg;
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
  /** Utilization ≥ 0.85 (`SATURATION`, load-engine.ts): the probe's own CPU, not the cache, may have set the pace. */
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
  readonly set?: LoadFigures;
  readonly get?: LoadFigures;
  readonly thresholds: { minSetOpsPerSecond?: number; minGetOpsPerSecond?: number; maxP99LatencyMs?: number };
  /** Whether the run completed without errors and met every threshold. */
  readonly pass: boolean;
  readonly failures: string[];
  /**
   * Set when load mode refused to run because it could hurt the cache (its values would not fit well
   * inside the memory headroom, or the headroom could not be read): the reason. The cache is UP; nothing was written.
   */
  readonly refused?: string;
  /** Memory figures read before the run (`INFO memory`), for the refusal check. */
  readonly memory?: MemoryHeadroom;
}

/** What `INFO memory` said before a load run, and what the run would add. */
export interface MemoryHeadroom {
  /**
   * The headroom of the node where the run takes the largest share of it (`memoryOf`, load.ts; not always the
   * smallest headroom, as the connections may spread unevenly over the primaries): maxmemory (or, without one,
   * total_system_memory) minus used_memory.
   */
  readonly headroomBytes: number;
  /** What the run adds on that node: its keys and values (with per-key overhead), its connections, and the server's buffers for commands in flight. */
  readonly runFootprintBytes: number;
  /** The largest share of the headroom a run may take. */
  readonly maxShareOfHeadroom: number;
}

/** The write / read answer (key-mode.ts). */
export interface KeyResult extends Omit<ProbeResultBase, 'mode'>, Partial<KeyModeFacts> {
  readonly mode: 'write' | 'read';
}

export type ProbeResult = HealthResult | LoadResult | KeyResult;

export function targetOf(s: ProbeSettings) {
  return { endpoint: s.host, port: s.port, tls: s.tls, clusterMode: s.clusterMode, authMode: s.authMode };
}

export function down(reason: ProbeFailureReason, error: unknown, failedStep: string) {
  return { redis: 'DOWN' as const, reason, error: messageOf(error), failedStep, hint: REASON_HINTS[reason] };
}

export function elapsed(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}


/** A CONFIG_ERROR answer (a bad event or environment): the probe never ran. */
export function configError(mode: 'health' | 'load', message: string, start: bigint): ProbeResult {
  const base = { mode, durationMs: elapsed(start), ...down(ProbeFailureReason.CONFIG_ERROR, message, 'config') };
  return mode === 'health'
    ? { ...base, steps: [], warnings: [] }
    : { ...base, requests: 0, clients: 0, pipeline: 0, valueSizeBytes: 0, thresholds: {}, pass: false, failures: [message] };
}
