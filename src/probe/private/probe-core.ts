/**
 * The connectivity probe: health mode (PING, SET/GET/DEL of a probe key with a
 * TTL, INFO) and load mode (a redis-benchmark-like SET/GET run that cannot hurt
 * the cache: TTL on every write, memory headroom checked first, bytes in flight capped).
 *
 * Imported by `probe.lambda.ts` (bundled by esbuild with ioredis inlined) and
 * by the tests, which run it against real redis-server processes. Never
 * exported from the package: jsii consumers do not load ioredis.
 *
 * One file per concern: event.ts (the event, type-checked, and the environment),
 * connection.ts (credentials, time budget, connections), health.ts, load.ts,
 * answer.ts (reasons, classification, result shapes).
 *
 * Rules:
 * - it never hangs and answers before the invocation's deadline: every step has a
 *   timeout capped by the time left, and no step starts without time for it;
 * - it never throws: every failure, a malformed event included, is an answer with a
 *   `reason` from `ProbeFailureReason`, the server's or the socket's message, and a hint;
 * - credentials configured by the deployment (secret ARNs, IAM) are only ever
 *   sent to the deployment's endpoint: an event that overrides the target
 *   (host, port, TLS settings) must bring its own credentials.
 */
import { configError, down, elapsed, KeyResult, messageOf, ProbeFailureReason, ProbeResult, targetOf } from './answer';
import { Budget, Connection, explainFailure, resolveCredentials, RunOptions, tcpStep } from './connection';
import { checkEvent, ProbeEnvironment, ProbeEvent, ProbeSettings, resolveSettings } from './event';
import { health } from './health';
import { isKeyMode, KeyMode, KeyModeEvent, keyModeParameters, runKeyMode } from './key-mode';
import { load } from './load';

export * from './answer';
export { Budget, Connection, MIN_STEP_MS, tcpCheck, withTimeout } from './connection';
export type { RunOptions } from './connection';
export * from './event';
export { parseInfo } from './health';
export { MAX_BYTES_IN_FLIGHT, MAX_SHARE_OF_HEADROOM } from './load';

/** Runs the probe. Never throws, whatever the event holds. */
export async function runProbe(event: unknown, env: ProbeEnvironment, opts: RunOptions = {}): Promise<ProbeResult> {
  const start = process.hrtime.bigint();
  let ev: ProbeEvent;
  try {
    ev = checkEvent(event);
  } catch (err) {
    return configError(modeOf(event), messageOf(err), start);
  }
  const mode = ev.mode ?? 'health';
  if (isKeyMode(mode)) {
    try {
      return await keyRun(mode, resolveSettings(ev, env), ev, env, opts, start);
    } catch (err) {
      return keyConfigError(mode, messageOf(err), start);
    }
  }
  if (mode !== 'health' && mode !== 'load') {
    return configError('health', `mode must be 'health', 'load', 'write' or 'read', got '${mode.slice(0, 40)}'`, start);
  }
  if (mode === 'load' && env.REDIS_PROBE_LOAD_MODE === 'disabled') {
    return configError('load', 'load mode is switched off on this probe (RedisConnectivityProbeOptions.loadMode: false); health mode ({}) is available', start);
  }
  try {
    const s = resolveSettings(ev, env);
    return await (mode === 'health' ? health(s, env, opts, start) : load(s, ev, env, opts, start));
  } catch (err) {
    // resolveSettings' CONFIG_ERRORs; health() and load() answer their own failures
    return configError(mode, messageOf(err), start);
  }
}

/**
 * The mode a malformed event asked for, when it says so clearly. Only called when checkEvent threw, which it never
 * does for undefined or null: `event` is any other value, and `mode` of a primitive (a string, a number) is undefined.
 */
function modeOf(event: unknown): 'health' | 'load' {
  return (event as { mode?: unknown }).mode === 'load' ? 'load' : 'health';
}

function keyConfigError(mode: KeyMode, message: string, start: bigint): KeyResult {
  return { mode, durationMs: elapsed(start), ...down(ProbeFailureReason.CONFIG_ERROR, message, 'config') };
}

/** write / read mode (key-mode.ts) on one connection, each step capped by the invocation's deadline. */
async function keyRun(mode: KeyMode, s: ProbeSettings, ev: KeyModeEvent, env: ProbeEnvironment, opts: RunOptions, start: bigint): Promise<KeyResult> {
  let params;
  try {
    params = keyModeParameters(ev, s.keyPrefix);
  } catch (err) {
    return keyConfigError(mode, messageOf(err), start);
  }
  const budget = new Budget(s.timeoutMs, opts.deadline);
  let conn: Connection | undefined;
  let current = 'credentials';
  try {
    const creds = await resolveCredentials(s, env, opts, budget);
    current = 'tcp';
    await tcpStep(s, budget);
    current = 'connect';
    conn = new Connection(s, creds, budget);
    await conn.connect(true);
    const c = conn;
    const facts = await runKeyMode(mode, params, (what, fn) => {
      current = what;
      return c.run(what, r => fn(r));
    });
    return { mode, redis: 'UP', ...targetOf(s), ...facts, durationMs: elapsed(start) };
  } catch (err) {
    const ctx = conn?.context ?? { tls: s.tls, clusterMode: s.clusterMode, answered: false };
    const best = await explainFailure(s, [err, ...(conn?.errors ?? [])], ctx, budget);
    return { mode, ...targetOf(s), key: params.key, durationMs: elapsed(start), ...down(best.reason, best.error, current) };
  } finally {
    conn?.close();
  }
}
