/**
 * Load mode: a redis-benchmark-like SET/GET run (`-c clients -n requests -P pipeline -d size`)
 * driven by the fast engine (load-engine.ts / load-shard.ts: raw RESP over TCP/TLS, worker threads
 * sized from the function's memory), and that cannot hurt the cache it measures:
 * - every SET carries its TTL (`SET key value EX 60`, the seed's command shape), so a run killed at
 *   any point leaves no key without one;
 * - before writing (and before opening any load connection), it reads `INFO memory` on every
 *   primary and refuses when the run's keys, connections and buffers would take more than a tenth of
 *   the headroom (maxmemory − used_memory) of a node, so it never pushes an allkeys-lru cache into
 *   evicting the application's keys;
 * - the bytes in flight (clients × pipeline × value size) are capped;
 * - it stops issuing commands before the invocation's deadline and answers with what it measured.
 */
import { randomBytes } from 'crypto';
import { Cluster } from 'ioredis';
import {
  classifyError, configError, down, elapsed, LoadFigures, LoadResult, MemoryHeadroom, messageOf, ProbeError,
  ProbeFailureReason, targetOf,
} from './answer';
import { Budget, Connection, explainFailure, isDeadlineStop, resolveCredentials, RunOptions, tcpStep } from './connection';
import {
  DEFAULT_CLIENTS, DEFAULT_REQUESTS, MAX_CLIENTS, MAX_PIPELINE, MAX_REQUESTS, MAX_VALUE_SIZE, optionalNumber, parseInteger,
  PROBE_KEY_TTL_SECONDS, ProbeEnvironment, ProbeEvent, ProbeSettings,
} from './event';
import {
  clusterLayout, ConnectionLayout, EnginePhase, Headroom, HEADROOM_SHARE, MAX_BYTES_IN_FLIGHT, MAX_THREADS, memoryLimit, planThreads,
  runLoadEngine, standaloneLayout, ThreadPlan,
} from './load-engine';

export { MAX_BYTES_IN_FLIGHT, MAX_SHARE_OF_HEADROOM } from './load-engine';

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
  let plan: ThreadPlan;
  try {
    const memory = env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ? parseInteger('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, 0, 128, 10_240) : undefined;
    const threads = ev.threads === undefined ? undefined : parseInteger('threads', ev.threads, 1, 1, MAX_THREADS);
    plan = planThreads(params.clients, memory, threads);
  } catch (err) {
    return configError('load', messageOf(err), start) as LoadResult;
  }
  // Merge decision (issue 19 gave keys a TTL of 60 s plus the time left before the deadline; issue 13
  // a fixed 60 s): the fixed 60 s stays. Every SET of the run carries it, so a key always expires at
  // most 60 s after its last write, whatever happens to the invocation; the GET phase follows the
  // SET phase at once, so its keys are there.
  const ttlSeconds = PROBE_KEY_TTL_SECONDS;
  const base = { mode: 'load' as const, ...targetOf(s), ...params, ttlSeconds, client: { ...plan } };
  const budget = new Budget(s.timeoutMs, opts.deadline);
  let current = 'credentials';
  let cluster: Connection | undefined;
  try {
    const creds = await resolveCredentials(s, env, opts, budget);
    current = 'tcp';
    await tcpStep(s, budget);
    current = 'connect';
    const runId = randomBytes(6).toString('hex');
    let layout: ConnectionLayout[];
    if (s.clusterMode) {
      // the slot map, from a cluster client: each load connection then goes straight to a primary
      cluster = new Connection(s, creds, budget);
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
    const memory = memoryOf(out.headroom);
    const ctx = { tls: s.tls, clusterMode: s.clusterMode, answered: out.kind !== 'failed' || out.answered };
    if (out.kind === 'refused') {
      return {
        ...base, redis: 'UP', headroom: out.headroom, memory, refused: out.message, pass: false, failures: [`load refused: ${out.message}`], durationMs: elapsed(start),
      };
    }
    if (out.kind === 'failed') {
      const { reason, error } = await explainFailure(s, [out.error], ctx, budget);
      const failures = [messageOf(error)];
      return {
        ...base,
        headroom: out.headroom,
        memory,
        connectMs: out.connectMs,
        pass: false,
        failures,
        durationMs: elapsed(start),
        ...down(reason, error, out.step),
      };
    }
    const figures = (p: EnginePhase): LoadFigures => {
      const { firstError: _e, stoppedAtDeadline: _s, ...f } = p;
      return f;
    };
    const set = figures(out.set);
    const get = figures(out.get);
    const client = clientSummary(plan, set, get);
    const result = { ...base, client, headroom: out.headroom, memory, connectMs: out.connectMs, set, get };

    const failures = thresholdFailures(params.thresholds, set, get);
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
    const candidates = isDeadlineStop(err) ? [err] : [err, ...(cluster?.errors ?? [])];
    const ctx = cluster?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = await explainFailure(s, candidates, ctx, budget);
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

/**
 * The thresholds a run missed, one sentence each (SET ops/s, GET ops/s, SET p99, GET p99); a figure
 * equal to its threshold meets it. Exported for test/probe/load-verdict.test.ts (exact boundaries).
 */
export function thresholdFailures(t: LoadResult['thresholds'], set: LoadFigures, get: LoadFigures): string[] {
  const failures: string[] = [];
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
  return failures;
}

/** The answer's `client`: the thread plan, whether either phase saturated the probe's CPU, and the verdict. */
export function clientSummary(plan: ThreadPlan, set: LoadFigures, get: LoadFigures): NonNullable<LoadResult['client']> {
  return { ...plan, saturated: set.clientSaturated || get.clientSaturated, verdict: clientVerdict(plan, set, get) };
}

/**
 * Issue 13's summary of the headroom check (`memory`), from the per-node figures (`headroom`): the
 * node where the run takes the largest share of the headroom decides (the first of equal ones).
 */
export function memoryOf(headroom: Headroom[]): MemoryHeadroom | undefined {
  let worst: MemoryHeadroom | undefined;
  let worstShare = -1;
  for (const h of headroom) {
    const limit = memoryLimit(h);
    if (limit === undefined || !Number.isFinite(h.usedMemoryBytes)) continue;
    const headroomBytes = limit - h.usedMemoryBytes;
    const share = headroomBytes <= 0 ? Infinity : h.probeBytes / headroomBytes;
    if (share > worstShare) {
      worstShare = share;
      worst = { headroomBytes, runFootprintBytes: h.probeBytes, maxShareOfHeadroom: HEADROOM_SHARE };
    }
  }
  return worst;
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
