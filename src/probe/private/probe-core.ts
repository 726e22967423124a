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
import { configError, messageOf, ProbeResult } from './answer';
import { RunOptions } from './connection';
import { checkEvent, ProbeEnvironment, ProbeEvent, resolveSettings } from './event';
import { health } from './health';
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
  if (mode !== 'health' && mode !== 'load') {
    return configError('health', `mode must be 'health' or 'load', got '${mode.slice(0, 40)}'`, start);
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

/** The mode a malformed event asked for, when it says so clearly. */
function modeOf(event: unknown): 'health' | 'load' {
  return typeof event === 'object' && event !== null && (event as { mode?: unknown }).mode === 'load' ? 'load' : 'health';
}
