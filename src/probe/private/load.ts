/**
 * Load mode: a redis-benchmark-like SET/GET run (`-c clients -n requests -P pipeline -d size`)
 * that cannot hurt the cache it measures:
 * - every SET carries its TTL (`SET key value EX 60`, the seed's command shape), so a run killed at
 *   any point leaves no key without one;
 * - before writing (and before opening more than one connection), it reads `INFO memory` on every
 *   primary and refuses when the run's keys and connections would take more than a tenth of the
 *   smallest headroom (maxmemory − used_memory), so it never pushes an allkeys-lru cache into
 *   evicting the application's keys;
 * - the bytes in flight (clients × pipeline × value size) are capped;
 * - it stops issuing commands before the invocation's deadline and answers with what it measured.
 */
import { randomBytes } from 'crypto';
import { Cluster } from 'ioredis';
import {
  classifyError, configError, down, elapsed, LoadFigures, LoadResult, MemoryHeadroom, messageOf, mostSpecific, ProbeError,
  ProbeFailureReason, targetOf,
} from './answer';
import { Budget, Client, Connection, isDeadlineStop, resolveCredentials, RunOptions, tcpCheck } from './connection';
import {
  DEFAULT_CLIENTS, DEFAULT_REQUESTS, MAX_CLIENTS, MAX_PIPELINE, MAX_REQUESTS, MAX_VALUE_SIZE, optionalNumber, parseInteger,
  PROBE_KEY_TTL_SECONDS, ProbeEnvironment, ProbeEvent, ProbeSettings,
} from './event';
import { parseInfo } from './health';

/** At most this many value bytes on the wire at once (clients × pipeline × valueSizeBytes). */
export const MAX_BYTES_IN_FLIGHT = 8 * 1024 * 1024;
/** The run's keys may take at most this share of the smallest memory headroom. */
export const MAX_SHARE_OF_HEADROOM = 0.1;
/** Bytes a small key costs Redis beyond its key and value (dict entry, robj, sds headers, expire entry). */
const PER_KEY_OVERHEAD_BYTES = 128;
/** What one client connection costs the server (client struct, query and reply buffers); it counts as used memory. */
const PER_CONNECTION_BYTES = 32 * 1024;
/** Time kept after the last command for cleanup and the answer. */
const CLEANUP_RESERVE_MS = 250;

export async function load(s: ProbeSettings, ev: ProbeEvent, env: ProbeEnvironment, opts: RunOptions, start: bigint): Promise<LoadResult> {
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
      throw new ProbeError(ProbeFailureReason.CONFIG_ERROR,
        `clients × pipeline × valueSizeBytes = ${inFlight} bytes in flight, more than the probe's cap of ${MAX_BYTES_IN_FLIGHT}: lower clients, pipeline or valueSizeBytes`);
    }
  } catch (err) {
    return configError('load', messageOf(err), start) as LoadResult;
  }
  const base = { mode: 'load' as const, ...targetOf(s), ...params };
  const budget = new Budget(s.timeoutMs, opts.deadline);
  const conns: Connection[] = [];
  let current = 'credentials';
  let connectMs: number | undefined;
  try {
    const creds = await resolveCredentials(s, env, opts, budget);
    current = 'tcp';
    const tcpMs = budget.step('tcp');
    await tcpCheck(s.host, s.port, tcpMs, tcpMs < s.timeoutMs);
    current = 'connect';
    // one connection first: the others (client buffers count as used memory) only once the headroom allows
    const t0 = process.hrtime.bigint();
    conns.push(new Connection(s, creds, budget));
    await conns[0].connect(true);
    const firstConnectMs = elapsed(t0);

    const runId = randomBytes(6).toString('hex');
    const keys = Array.from({ length: params.clients }, (_, i) => `${s.keyPrefix}load:${runId}:${i}`);

    // ---- headroom first: refuse before writing anything -----------------------------
    current = 'INFO memory';
    const footprint = keys.reduce((n, k) => n + Buffer.byteLength(k) + params.valueSizeBytes + PER_KEY_OVERHEAD_BYTES + PER_CONNECTION_BYTES, 0);
    const headroom = await memoryHeadroom(conns[0], s.clusterMode);
    const memory: MemoryHeadroom | undefined = headroom === undefined ? undefined
      : { headroomBytes: headroom, runFootprintBytes: footprint, maxShareOfHeadroom: MAX_SHARE_OF_HEADROOM };
    const refusal = headroom === undefined
      ? 'INFO memory did not report used_memory with maxmemory or total_system_memory, so the run\'s effect on eviction cannot be judged'
      : footprint > headroom * MAX_SHARE_OF_HEADROOM
        ? `the run's keys and connections need up to ${footprint} bytes, more than ${MAX_SHARE_OF_HEADROOM * 100}% of the ${Math.max(0, headroom)} bytes of memory headroom `
          + '(maxmemory − used_memory): it could evict the application\'s keys; lower clients or valueSizeBytes, or scale the cache'
        : undefined;
    if (refusal !== undefined) {
      return {
        ...base, redis: 'UP', connectMs: firstConnectMs, memory, pass: false, refused: refusal, failures: [`load refused: ${refusal}`], durationMs: elapsed(start),
      };
    }
    current = 'connect';
    const t1 = process.hrtime.bigint();
    for (let i = 1; i < params.clients; i++) conns.push(new Connection(s, creds, budget));
    await Promise.all(conns.slice(1).map(c => c.connect(true)));
    connectMs = round3(firstConnectMs + elapsed(t1));

    // ---- the run --------------------------------------------------------------------------
    const value = 'x'.repeat(params.valueSizeBytes);
    const ttl = PROBE_KEY_TTL_SECONDS;
    const stopAt = opts.deadline === undefined ? undefined : opts.deadline - CLEANUP_RESERVE_MS;
    current = 'SET';
    // Every write carries its TTL: SET key value EX 60 (the probe user needs only +set).
    const set = await phase(conns, params.requests, params.pipeline, stopAt, budget, (c, i, p) => {
      if (p === 1) return c.set(keys[i], value, 'EX', ttl);
      const pl = c.pipeline();
      for (let k = 0; k < p; k++) pl.set(keys[i], value, 'EX', ttl);
      return pl.exec();
    });
    current = 'GET';
    const get = set.stopped ? emptyPhase(params.requests) : await phase(conns, params.requests, params.pipeline, stopAt, budget, (c, i, p) => {
      if (p === 1) return c.get(keys[i]);
      const pl = c.pipeline();
      for (let k = 0; k < p; k++) pl.get(keys[i]);
      return pl.exec();
    });
    current = 'cleanup';
    // best effort, and only with time left: the keys expire on their own
    if (budget.left() > CLEANUP_RESERVE_MS / 2) {
      await Promise.all(conns.map((c, i) => c.run('DEL', r => r.del(keys[i])).catch(() => undefined)));
    }

    const failures: string[] = [];
    const t = params.thresholds;
    if (t.minSetOpsPerSecond !== undefined && set.figures.opsPerSecond < t.minSetOpsPerSecond) {
      failures.push(`SET ${set.figures.opsPerSecond} ops/s < minSetOpsPerSecond ${t.minSetOpsPerSecond}`);
    }
    if (t.minGetOpsPerSecond !== undefined && get.figures.opsPerSecond < t.minGetOpsPerSecond) {
      failures.push(`GET ${get.figures.opsPerSecond} ops/s < minGetOpsPerSecond ${t.minGetOpsPerSecond}`);
    }
    if (t.maxP99LatencyMs !== undefined) {
      for (const [name, r] of [['SET', set], ['GET', get]] as const) {
        if (r.figures.p99LatencyMs > t.maxP99LatencyMs) failures.push(`${name} p99 ${r.figures.p99LatencyMs} ms > maxP99LatencyMs ${t.maxP99LatencyMs}`);
      }
    }
    const firstError = set.firstError ?? get.firstError;
    if (firstError !== undefined) {
      const reason = classifyError(firstError, conns[0].context);
      failures.unshift(`${set.figures.errors + get.figures.errors} commands failed: ${messageOf(firstError)}`);
      return {
        ...base,
        connectMs,
        memory,
        set: set.figures,
        get: get.figures,
        pass: false,
        failures,
        durationMs: elapsed(start),
        ...down(reason, firstError, set.firstError !== undefined ? 'SET' : 'GET'),
      };
    }
    return { ...base, redis: 'UP', connectMs, memory, set: set.figures, get: get.figures, pass: failures.length === 0, failures, durationMs: elapsed(start) };
  } catch (err) {
    const candidates = isDeadlineStop(err) ? [err] : [err, ...conns.flatMap(c => c.errors)];
    const ctx = conns[0]?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = mostSpecific(candidates, ctx);
    return {
      ...base,
      connectMs,
      pass: false,
      failures: [messageOf(best.error)],
      durationMs: elapsed(start),
      ...down(best.reason, best.error, current),
    };
  } finally {
    for (const c of conns) c.close();
  }
}

/**
 * The smallest memory headroom of any primary (in cluster mode, every primary), in bytes:
 * maxmemory − used_memory, or total_system_memory − used_memory where maxmemory is 0 (a
 * self-managed server; ElastiCache always sets maxmemory). Undefined when INFO does not tell.
 */
async function memoryHeadroom(conn: Connection, clusterMode: boolean): Promise<number | undefined> {
  const infos = clusterMode
    ? await Promise.all((conn.client as Cluster).nodes('master').map(n => conn.run('INFO memory', () => n.info('memory'))))
    : [await conn.run('INFO memory', r => r.info('memory'))];
  let smallest: number | undefined;
  for (const text of infos) {
    const info = parseInfo(text);
    const used = Number(info.used_memory);
    const max = Number(info.maxmemory) > 0 ? Number(info.maxmemory) : Number(info.total_system_memory);
    if (!Number.isFinite(used) || !Number.isFinite(max) || max <= 0) return undefined;
    const headroom = max - used;
    smallest = smallest === undefined ? headroom : Math.min(smallest, headroom);
  }
  return smallest;
}

interface PhaseResult {
  readonly figures: LoadFigures;
  readonly firstError?: unknown;
  /** Stopped at the deadline: no further phase starts. */
  readonly stopped?: boolean;
}

function emptyPhase(requests: number): PhaseResult {
  return { figures: { requests, completed: 0, errors: 0, durationMs: 0, opsPerSecond: 0, p50LatencyMs: 0, p99LatencyMs: 0, maxLatencyMs: 0 } };
}

/**
 * `requests` operations spread over every connection, each connection issuing
 * one round trip (of `pipeline` commands) at a time, like redis-benchmark.
 * No round trip starts after `stopAt`; the phase waits for those in flight no longer than the time left.
 */
async function phase(
  conns: Connection[],
  requests: number,
  pipeline: number,
  stopAt: number | undefined,
  budget: Budget,
  op: (c: Client, index: number, batch: number) => Promise<unknown>,
): Promise<PhaseResult> {
  const latencies = new Float64Array(requests);
  let issued = 0;
  let done = 0;
  let errors = 0;
  let firstError: unknown;
  let stopped = false;
  const stopError = () => new ProbeError(ProbeFailureReason.TIMEOUT,
    `load run stopped before the invocation deadline after ${done} of ${requests} operations`);
  const t0 = process.hrtime.bigint();
  const workers = Promise.all(conns.map(async (conn, i) => {
    const client = conn.client;
    for (;;) {
      const batch = Math.min(pipeline, requests - issued);
      if (batch <= 0 || stopped) return;
      if (stopAt !== undefined && Date.now() > stopAt) {
        stopped = true;
        if (firstError === undefined) firstError = stopError();
        return;
      }
      issued += batch;
      const s0 = process.hrtime.bigint();
      try {
        const out = await op(client, i, batch);
        if (batch > 1 && Array.isArray(out)) {
          const failed = (out as [Error | null, unknown][]).find(r => r[0]);
          if (failed) throw failed[0];
        }
      } catch (err) {
        errors += batch;
        if (firstError === undefined) firstError = err;
        if (errors > Math.max(10, requests / 100)) return; // failing: stop early
        continue;
      }
      const ms = Number(process.hrtime.bigint() - s0) / 1e6;
      for (let k = 0; k < batch; k++) latencies[done++] = ms;
    }
  }));
  if (stopAt === undefined) {
    await workers;
  } else {
    // round trips still in flight at the deadline are abandoned (the connections close after the answer)
    const wait = Math.max(0, stopAt + CLEANUP_RESERVE_MS / 2 - Date.now());
    await budget.within(workers, wait, 'load phase').catch(() => {
      stopped = true;
      if (firstError === undefined) firstError = stopError();
    });
  }
  const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const sorted = latencies.slice(0, done).sort();
  const q = (p: number) => (done === 0 ? 0 : round3(sorted[Math.min(done - 1, Math.max(0, Math.ceil(p * done) - 1))]));
  return {
    figures: {
      requests,
      completed: done,
      errors,
      durationMs: round3(durationMs),
      opsPerSecond: durationMs > 0 ? Math.round((done / durationMs) * 1000) : 0,
      p50LatencyMs: q(0.5),
      p99LatencyMs: q(0.99),
      maxLatencyMs: done === 0 ? 0 : round3(sorted[done - 1]),
    },
    firstError,
    stopped,
  };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
