/**
 * Health mode: PING, SET (with a TTL) / GET / DEL of a probe key, INFO, and in cluster mode
 * CLUSTER INFO and a PING of every primary. Each step is timed and capped by the time left.
 */
import { randomBytes } from 'crypto';
import { Cluster } from 'ioredis';
import {
  classifyError, down, elapsed, HealthResult, messageOf, mostSpecific, ProbeError, ProbeFailureReason, StepTiming, targetOf,
} from './answer';
import {
  Budget, Connection, explainFailure, isDeadlineStop, resolveCredentials, RunOptions, tcpStep, withTimeout,
} from './connection';
import { PROBE_KEY_TTL_SECONDS, ProbeEnvironment, ProbeSettings } from './event';

export async function health(s: ProbeSettings, env: ProbeEnvironment, opts: RunOptions, start: bigint): Promise<HealthResult> {
  const budget = new Budget(s.timeoutMs, opts.deadline);
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
    const creds = await step('credentials', () => resolveCredentials(s, env, opts, budget));
    await step('tcp', () => tcpStep(s, budget));
    conn = new Connection(s, creds, budget);
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
      const pingMs = budget.step('PING primaries');
      const pings = await step('PING primaries', () => Promise.all(masters.map(n =>
        budget.within(n.ping(), pingMs, `PING ${n.options.host}:${n.options.port}`)
          .then(() => undefined, (err: unknown) => ({ node: `${n.options.host}:${n.options.port}`, err })))));
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
    // the deadline stopped the run: say so, whatever else the connection saw
    const candidates = isDeadlineStop(err) ? [err] : [err, ...(conn?.errors ?? [])];
    const ctx = conn?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = await explainFailure(s, candidates, ctx, budget);
    const error = !best.refused && best.reason === classifyError(err, ctx) ? err : best.error;
    // In cluster mode, a node that fails after the configuration endpoint
    // answered is a shard the cluster cannot reach: the cluster is down.
    const afterConnect = !['credentials', 'tcp', 'connect'].includes(current);
    const reason = s.clusterMode && afterConnect && isNodeLevel(best.reason) ? ProbeFailureReason.CLUSTER_DOWN : best.reason;
    let message = reason === best.reason ? messageOf(error) : `a cluster node failed: ${messageOf(error)}`;
    // only with time to spare: the answer must come before the deadline
    if (s.clusterMode && afterConnect && conn && facts.clusterState === undefined && budget.left() > 1000) {
      const state = await clusterStateOfAnyNode(conn.client as Cluster, Math.min(s.timeoutMs, 1000, budget.left() - 500));
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
export function isNodeLevel(reason: ProbeFailureReason): boolean {
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

export function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Facts and warnings from INFO: version, role, memory, eviction, hit ratio, clients. */
export function infoFacts(info: { [key: string]: string }, warnings: string[]) {
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

