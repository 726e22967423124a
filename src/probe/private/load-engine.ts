/**
 * Load mode's engine: plans the threads from the function's memory, checks the
 * cache's memory headroom, runs the SET and GET phases over raw connections
 * (`load-shard.ts`) in this thread or in worker threads, and measures whether
 * the client itself was the bottleneck.
 *
 * Safety (issue 13, "a probe that cannot hurt"):
 * - every write is `SET key value EX ttl`: a key has its TTL from its first
 *   write, so a run killed at any point leaves nothing without a TTL;
 * - before writing, `INFO memory` on every target: the run is refused when
 *   what it writes (keys, values, the server's buffers for the commands in
 *   flight) is more than a tenth of the memory left below maxmemory;
 * - bytes in flight are capped (clients × pipeline × value size);
 * - each phase stops issuing commands at its share of the time left before
 *   the invocation's deadline, and a command with no answer within the step
 *   timeout fails its connection;
 * - keys live under the probe's key prefix and are deleted at the end.
 */
/* eslint-disable no-bitwise */ // CRC16 and the latency histogram's bucket arithmetic
import * as os from 'os';
import { Worker } from 'worker_threads';
import type { LoadFigures } from './answer';
import {
  ConnectionConfig, COUNTER_ERRORS, COUNTER_GET, COUNTER_SET, COUNTERS, ErrorData, HISTOGRAM_BUCKETS, histogramValue, PhaseName,
  RespConnection, Shard, ShardConfig, ShardPhaseResult, ShardTarget, toError, toErrorData, WORKER_MARKER, WorkerReply,
  WorkerRequest,
} from './load-shard';

// ---------------------------------------------------------------------------
// Sizing from Lambda's memory-to-CPU rule
// ---------------------------------------------------------------------------

/** Lambda gives the equivalent of one vCPU per 1769 MB of memory ... */
export const MIB_PER_VCPU = 1769;
/** ... up to 6 vCPUs at 10,240 MB. */
export const MAX_VCPUS = 6;
export const MAX_THREADS = 16;

/** The CPU share (in vCPUs) Lambda gives a function of `memoryMiB`. */
export function lambdaVcpus(memoryMiB: number): number {
  if (memoryMiB >= 10_240) return MAX_VCPUS;
  return Math.min(MAX_VCPUS, Math.round((memoryMiB / MIB_PER_VCPU) * 100) / 100);
}

/** How a run uses the CPU it has. */
export interface ThreadPlan {
  /** Threads that drive connections (1: the calling thread; more: worker threads). */
  readonly threads: number;
  /** Connections each thread drives. */
  readonly connectionsPerThread: number[];
  /** The CPU the client may use, in vCPUs (Lambda's share from the memory size, or this machine's cores). */
  readonly vcpus: number;
  /** Where the thread count came from. */
  readonly sizedFrom: 'lambda-memory' | 'event' | 'cpu-count';
}

/**
 * Threads from the function's memory: Lambda's vCPU share rounded (at least
 * one, at most 6; a thread uses at most one vCPU, so from 1.5 vCPUs a second
 * thread adds more than it costs), never more than the connections. Outside Lambda
 * (no AWS_LAMBDA_FUNCTION_MEMORY_SIZE) one thread, the client's CPU share
 * being the machine's cores available to the process.
 */
export function planThreads(clients: number, memoryMiB: number | undefined, requested: number | undefined): ThreadPlan {
  const vcpus = memoryMiB !== undefined ? lambdaVcpus(memoryMiB) : availableCores();
  let threads: number;
  let sizedFrom: ThreadPlan['sizedFrom'];
  if (requested !== undefined) {
    threads = requested;
    sizedFrom = 'event';
  } else if (memoryMiB !== undefined) {
    threads = Math.max(1, Math.min(MAX_VCPUS, Math.round(vcpus)));
    sizedFrom = 'lambda-memory';
  } else {
    threads = 1;
    sizedFrom = 'cpu-count';
  }
  threads = Math.max(1, Math.min(threads, clients));
  const connectionsPerThread = Array.from({ length: threads }, (_, t) => Math.floor(clients / threads) + (t < clients % threads ? 1 : 0));
  return { threads, connectionsPerThread, vcpus, sizedFrom };
}

function availableCores(): number {
  const o = os as unknown as { availableParallelism?: () => number };
  return o.availableParallelism ? o.availableParallelism() : os.cpus().length;
}

// ---------------------------------------------------------------------------
// Cluster key placement
// ---------------------------------------------------------------------------

const CRC16_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/** Redis Cluster's hash slot of a key (CRC16-XMODEM of the hash tag or the key, mod 16384). */
export function keySlot(key: string): number {
  let s = key;
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) s = key.slice(open + 1, close);
  }
  const b = Buffer.from(s);
  let crc = 0;
  for (const byte of b) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff];
  return crc % 16384;
}

/** One connection's target and key. */
export interface ConnectionLayout {
  readonly target: ShardTarget;
  readonly key: string;
}

/**
 * Standalone: every connection to the endpoint, one key per connection
 * (`<prefix>load:<run>:<i>`).
 */
export function standaloneLayout(target: ShardTarget, clients: number, prefix: string, runId: string): ConnectionLayout[] {
  return Array.from({ length: clients }, (_, i) => ({ target, key: `${prefix}load:${runId}:${i}` }));
}

/**
 * Cluster mode: connections spread round-robin over the primaries, each with a
 * key whose hash tag falls in a slot that primary owns (as redis-benchmark
 * --cluster does), so no command is redirected.
 * `slotOwner[slot]` is the `host:port` of the slot's primary.
 */
export function clusterLayout(slotOwner: ReadonlyArray<string | undefined>, clients: number, prefix: string, runId: string): ConnectionLayout[] {
  const primaries = [...new Set(slotOwner.filter((x): x is string => x !== undefined))].sort();
  if (primaries.length === 0) throw new Error('the cluster reported no slot owners');
  const tagOf = new Map<string, string>();
  for (let j = 0; tagOf.size < primaries.length && j < 100_000; j++) {
    const tag = `${runId}-${j}`;
    const owner = slotOwner[keySlot(tag)];
    if (owner !== undefined && !tagOf.has(owner)) tagOf.set(owner, tag);
  }
  return Array.from({ length: clients }, (_, i) => {
    const node = primaries[i % primaries.length];
    const sep = node.lastIndexOf(':');
    return {
      target: { host: node.slice(0, sep), port: Number(node.slice(sep + 1)) },
      key: `${prefix}load:{${tagOf.get(node)}}:${i}`,
    };
  });
}

// ---------------------------------------------------------------------------
// Headroom
// ---------------------------------------------------------------------------

/** Bytes Redis spends per key beyond the key and value (dict entry, robj, SDS headers, expire entry), rounded up. */
const PER_KEY_OVERHEAD = 128;
/** What one client connection costs the server (client struct, query and reply buffers); it counts as used memory. */
const PER_CONNECTION_BYTES = 32 * 1024;
/** The probe may use at most this share of the memory left below maxmemory. */
export const HEADROOM_SHARE = 0.1;
/** Main's name for the same share (issue 13). */
export const MAX_SHARE_OF_HEADROOM = HEADROOM_SHARE;
/**
 * Cap on clients × pipeline × value size. Issue 19's engine allowed 64 MiB, issue 13's safe load mode 8 MiB;
 * the merge keeps 8 MiB, the safer of the two: the guide's benchmark (100 clients, 3-byte values, even
 * -P 1000) stays far below it, and a larger run is better measured in several invocations than by
 * putting 64 MiB of query buffers on a production node.
 */
export const MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;

export interface Headroom {
  readonly target: string;
  readonly usedMemoryBytes: number;
  /** 0: no limit set. */
  readonly maxmemoryBytes: number;
  /** Where maxmemory is 0 (a self-managed server; ElastiCache always sets it), the limit is the host's memory. */
  readonly totalSystemMemoryBytes?: number;
  readonly maxmemoryPolicy?: string;
  /** What the run would add on this node: its keys and values, its connections, and the server's buffers for commands in flight. */
  readonly probeBytes: number;
}

/** The memory limit the headroom is measured against: maxmemory, or the host's memory where maxmemory is 0. */
export function memoryLimit(h: Headroom): number | undefined {
  if (h.maxmemoryBytes > 0) return h.maxmemoryBytes;
  if (h.totalSystemMemoryBytes !== undefined && h.totalSystemMemoryBytes > 0) return h.totalSystemMemoryBytes;
  return undefined;
}

/**
 * A refusal message, or undefined when the run fits. Without maxmemory and without
 * total_system_memory the run's effect cannot be judged, so it is refused (issue 13's rule).
 */
export function headroomRefusal(h: Headroom): string | undefined {
  const limit = memoryLimit(h);
  if (limit === undefined || !Number.isFinite(h.usedMemoryBytes)) {
    return `INFO memory on ${h.target} did not report used_memory with maxmemory or total_system_memory, so the run's effect on eviction cannot be judged`;
  }
  const free = Math.max(0, limit - h.usedMemoryBytes);
  if (h.probeBytes <= free * HEADROOM_SHARE) return undefined;
  const pct = ((h.usedMemoryBytes / limit) * 100).toFixed(1);
  return `not enough memory headroom on ${h.target}: the run would write about ${h.probeBytes} bytes, more than `
    + `${HEADROOM_SHARE * 100}% of the ${free} bytes of memory headroom (maxmemory − used_memory): it could evict the application's keys `
    + `(used_memory ${h.usedMemoryBytes} of ${limit}${h.maxmemoryBytes > 0 ? '' : ' total_system_memory'}, ${pct}%`
    + `${h.maxmemoryPolicy ? `, policy ${h.maxmemoryPolicy}` : ''}). Lower clients, pipeline or valueSizeBytes, or run against a cache with room`;
}

/** Bytes a run adds on a node with `connections` of its connections. */
export function probeBytes(connections: number, keyBytes: number, valueSizeBytes: number, pipeline: number): number {
  const stored = connections * (keyBytes + valueSizeBytes + PER_KEY_OVERHEAD);
  const buffers = connections * pipeline * (keyBytes + valueSizeBytes + 64);
  return stored + buffers + connections * PER_CONNECTION_BYTES;
}

function infoField(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}:(.*)$`, 'm').exec(text);
  return m ? m[1].trim() : undefined;
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

export interface EngineOptions extends ConnectionConfig {
  readonly layout: ConnectionLayout[];
  readonly requests: number;
  readonly pipeline: number;
  readonly valueSizeBytes: number;
  readonly ttlSeconds: number;
  readonly plan: ThreadPlan;
  /** Epoch ms: the whole run (both phases and cleanup) ends before it. */
  readonly deadline?: number;
}

/** One phase's figures (the answer's, the client's CPU always measured), and how the phase ended. */
export interface EnginePhase extends Required<LoadFigures> {
  readonly stoppedAtDeadline: boolean;
  readonly firstError?: Error;
}

export type EngineOutcome =
  | { readonly kind: 'refused'; readonly message: string; readonly headroom: Headroom[] }
  | { readonly kind: 'failed'; readonly step: string; readonly error: Error; readonly answered: boolean; readonly headroom: Headroom[]; readonly connectMs?: number }
  | { readonly kind: 'ran'; readonly headroom: Headroom[]; readonly connectMs: number; readonly set: EnginePhase; readonly get: EnginePhase };

/** A client at or above this share of its CPU is reported as saturated. */
export const SATURATION = 0.85;

/** A command still unanswered this long before the deadline fails the phase (the hard stop). */
const HARD_STOP_MS = 100;

/**
 * Keep this long before the deadline for cleanup and the answer. Never less than the hard stop plus 100 ms: a phase
 * stops sending before the hard stop, so its last batches can answer first (with the old floor of 50 ms a short budget
 * let GET send until 75 ms before the deadline, past the hard stop at 100 ms, and a loaded machine failed it with
 * "GET got no answer before the invocation deadline": a CI run on 2026-12-03 caught it).
 */
export function reserveMs(timeLeft: number): number {
  return Math.min(1000, Math.max(HARD_STOP_MS + 100, timeLeft * 0.1));
}

/** Runs the load. Never throws: failures come back as `failed` with the step. */
export async function runLoadEngine(o: EngineOptions): Promise<EngineOutcome> {
  const controls = new Map<string, RespConnection>();
  const headroom: Headroom[] = [];
  const shards: ShardHandle[] = [];
  let step = 'connect';
  try {
    // 1. a control connection per node: INFO memory now, DEL at the end
    const nodes = [...new Map(o.layout.map(l => [`${l.target.host}:${l.target.port}`, l.target])).entries()];
    // only these fields: the shard configurations built from it go to worker threads
    const shardBase: ConnectionConfig = {
      tls: o.tls, tlsCaPem: o.tlsCaPem, tlsServerName: o.tlsServerName, username: o.username, password: o.password, timeoutMs: o.timeoutMs,
    };
    for (const [name, target] of nodes) controls.set(name, await RespConnection.open(target, shardBase, -1));
    step = 'INFO';
    for (const [name, conn] of controls) {
      const r = await conn.call(['INFO', 'memory'], o.timeoutMs, 'INFO memory');
      if (!r.ok) throw toError(r.error);
      const text = r.value ?? '';
      const onNode = o.layout.filter(l => `${l.target.host}:${l.target.port}` === name);
      headroom.push({
        target: name,
        usedMemoryBytes: Number(infoField(text, 'used_memory') ?? NaN),
        maxmemoryBytes: Number(infoField(text, 'maxmemory') ?? 0),
        totalSystemMemoryBytes: infoField(text, 'total_system_memory') === undefined ? undefined : Number(infoField(text, 'total_system_memory')),
        maxmemoryPolicy: infoField(text, 'maxmemory_policy'),
        probeBytes: probeBytes(onNode.length, Math.max(0, ...onNode.map(l => Buffer.byteLength(l.key))), o.valueSizeBytes, o.pipeline),
      });
    }
    for (const h of headroom) {
      const message = headroomRefusal(h);
      if (message) return { kind: 'refused', message, headroom };
    }

    // 2. the load connections, split over the threads
    step = 'connect';
    const counters = new SharedArrayBuffer(4 * COUNTERS);
    const t0 = process.hrtime.bigint();
    const threads = o.plan.threads;
    const perThread: ConnectionLayout[][] = Array.from({ length: threads }, () => []);
    o.layout.forEach((l, i) => perThread[i % threads].push(l));
    const configs: ShardConfig[] = perThread.map(connections => ({
      ...shardBase, connections, valueSizeBytes: o.valueSizeBytes, pipeline: o.pipeline, ttlSeconds: o.ttlSeconds, counters,
    }));
    const opened = await Promise.allSettled(configs.map(c => (threads === 1 ? LocalShard.open(c) : WorkerShard.open(c))));
    for (const r of opened) if (r.status === 'fulfilled') shards.push(r.value);
    const failedOpen = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failedOpen) throw failedOpen.reason;
    const connectMs = Number(process.hrtime.bigint() - t0) / 1e6;

    // 3. SET then GET, each capped by its share of the time left
    const maxErrors = Math.max(10, Math.floor(o.requests / 100));
    const counterView = new Int32Array(counters);
    const phaseStop = (phasesLeft: number) => {
      if (o.deadline === undefined) return Number.MAX_SAFE_INTEGER;
      const left = o.deadline - Date.now();
      return Date.now() + Math.max(0, (left - reserveMs(left)) / phasesLeft);
    };
    const run = async (name: PhaseName, phasesLeft: number): Promise<EnginePhase> => {
      step = name;
      Atomics.store(counterView, name === 'SET' ? COUNTER_SET : COUNTER_GET, 0);
      Atomics.store(counterView, COUNTER_ERRORS, 0);
      const stopAt = phaseStop(phasesLeft);
      const cpu0 = process.cpuUsage();
      const hardStop = o.deadline === undefined ? Number.MAX_SAFE_INTEGER : o.deadline - HARD_STOP_MS;
      const results = await Promise.all(shards.map(s => s.phase(name, o.requests, stopAt, maxErrors, hardStop)));
      const cpu = process.cpuUsage(cpu0);
      return aggregate(results, o.requests, (cpu.user + cpu.system) / 1000, Math.min(o.plan.threads, o.plan.vcpus));
    };
    const set = await run('SET', 2);
    const get = await run('GET', 1);

    // 4. cleanup: DEL every key (they expire anyway)
    step = 'cleanup';
    await cleanup(controls, o);
    return { kind: 'ran', headroom, connectMs: round3(connectMs), set, get };
  } catch (err) {
    const answered = [...controls.values()].some(c => c.answered) || shards.some(s => s.answered);
    return { kind: 'failed', step, error: err instanceof Error ? err : toError(toErrorData(err)), answered, headroom };
  } finally {
    for (const s of shards) s.close();
    for (const c of controls.values()) c.close();
  }
}

async function cleanup(controls: Map<string, RespConnection>, o: EngineOptions): Promise<void> {
  const timeLeft = o.deadline === undefined ? o.timeoutMs : Math.max(1, Math.min(o.timeoutMs, o.deadline - Date.now() - 20));
  await Promise.all(o.layout.map(l => controls.get(`${l.target.host}:${l.target.port}`)!.call(['DEL', l.key], timeLeft, 'DEL')));
}

/** One phase's figures from its shards' results; exported for the tests of the saturation bound. */
export function aggregate(results: ShardPhaseResult[], requests: number, cpuMs: number, cpuCapacity: number): EnginePhase {
  const histogram = new Uint32Array(HISTOGRAM_BUCKETS);
  let completed = 0;
  let errors = 0;
  let firstError: ErrorData | undefined;
  let start = Infinity;
  let end = -Infinity;
  let stoppedAtDeadline = false;
  for (const r of results) {
    completed += r.completed;
    errors += r.errors;
    firstError = firstError ?? r.firstError;
    stoppedAtDeadline = stoppedAtDeadline || r.stoppedAtDeadline;
    start = Math.min(start, r.startEpochMs);
    end = Math.max(end, r.endEpochMs);
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) histogram[i] += r.histogram[i];
  }
  const durationMs = completed > 0 ? end - start : 0;
  const quantile = (q: number): number => {
    if (completed === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * completed));
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
      seen += histogram[i];
      if (seen >= rank) return round3(histogramValue(i) / 1000);
    }
    return 0;
  };
  const utilization = durationMs > 0 ? cpuMs / (durationMs * cpuCapacity) : 0;
  const reportedUtilization = Math.round(utilization * 100) / 100;
  return {
    requests,
    completed,
    errors,
    durationMs: round3(durationMs),
    opsPerSecond: durationMs > 0 ? Math.round((completed / durationMs) * 1000) : 0,
    p50LatencyMs: quantile(0.5),
    p99LatencyMs: quantile(0.99),
    maxLatencyMs: quantile(1),
    clientCpuMs: round3(cpuMs),
    clientCpuUtilization: reportedUtilization,
    // judged on the figure the answer shows, so that 0.85 reported is never "not saturated" (0.846 rounds to 0.85)
    clientSaturated: reportedUtilization >= SATURATION,
    stoppedAtDeadline,
    firstError: firstError ? toError(firstError) : undefined,
  };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

// ---------------------------------------------------------------------------
// Shards in this thread or in a worker thread
// ---------------------------------------------------------------------------

interface ShardHandle {
  readonly answered: boolean;
  phase(name: PhaseName, requests: number, stopAtEpochMs: number, maxErrors: number, hardStopEpochMs: number): Promise<ShardPhaseResult>;
  close(): void;
}

class LocalShard implements ShardHandle {
  public static async open(c: ShardConfig): Promise<LocalShard> {
    return new LocalShard(await Shard.open(c));
  }

  private constructor(private readonly shard: Shard) {}

  public get answered(): boolean {
    return this.shard.answered;
  }

  public phase(name: PhaseName, requests: number, stopAtEpochMs: number, maxErrors: number, hardStopEpochMs: number): Promise<ShardPhaseResult> {
    return this.shard.phase(name, requests, stopAtEpochMs, maxErrors, hardStopEpochMs);
  }

  public close(): void {
    this.shard.close();
  }
}

/**
 * The script a worker thread runs: the file that holds `load-shard` — the
 * bundled handler in Lambda (esbuild inlines it), the compiled .js elsewhere.
 * From TypeScript sources (tests) the worker registers ts-node first.
 */
function workerEntry(): { filename: string; eval: boolean } {
  if (__filename.endsWith('.ts')) {
    return { filename: `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(__filename)});`, eval: true };
  }
  return { filename: __filename, eval: false };
}

class WorkerShard implements ShardHandle {
  public static open(c: ShardConfig): Promise<WorkerShard> {
    const entry = workerEntry();
    const worker = new Worker(entry.filename, { eval: entry.eval, workerData: { [WORKER_MARKER]: c } });
    const shard = new WorkerShard(worker);
    return shard.next().then(reply => {
      if (reply.op === 'opened') return shard;
      shard.close();
      throw toError(reply.op === 'error' ? reply.error : { message: `unexpected worker reply ${reply.op}` });
    });
  }

  public answered = false;
  private waiter: ((r: WorkerReply) => void) | undefined;
  private exited: ErrorData | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: WorkerReply) => {
      if (m.op === 'phase') this.answered = this.answered || m.answered;
      const w = this.waiter;
      this.waiter = undefined;
      w?.(m);
    });
    worker.on('error', err => this.gone(toErrorData(err)));
    worker.on('exit', code => this.gone({ message: `load worker exited (code ${code})` }));
  }

  public async phase(name: PhaseName, requests: number, stopAtEpochMs: number, maxErrors: number, hardStopEpochMs: number)
    : Promise<ShardPhaseResult> {
    const request: WorkerRequest = { op: 'phase', phase: name, requests, stopAtEpochMs, maxErrors, hardStopEpochMs };
    const reply = this.next();
    this.worker.postMessage(request);
    const r = await reply;
    if (r.op !== 'phase') throw toError(r.op === 'error' ? r.error : { message: `unexpected worker reply ${r.op}` });
    return r.result;
  }

  public close(): void {
    const request: WorkerRequest = { op: 'close' };
    try {
      this.worker.postMessage(request);
    } catch {
      // already gone
    }
    // a worker that does not end by itself within a second is stopped
    setTimeout(() => void this.worker.terminate(), 1000).unref();
  }

  private next(): Promise<WorkerReply> {
    if (this.exited) return Promise.resolve({ op: 'error', error: this.exited, answered: this.answered });
    return new Promise(resolve => {
      this.waiter = resolve;
    });
  }

  private gone(error: ErrorData): void {
    if (this.exited) return;
    this.exited = error;
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ op: 'error', error, answered: this.answered });
  }
}
