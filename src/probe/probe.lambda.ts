/**
 * Handler of the connectivity probe (`RedisConnectivityProbe`).
 *
 * Bundled by esbuild (projen `*.lambda.ts`) into assets/probe/probe.lambda with
 * ioredis inlined; `@aws-sdk/*` comes from the Lambda Node.js runtime.
 *
 * Event: `{}` or `{ "mode": "health" }` for a health check, `{ "mode": "load",
 * "requests": 10000, "clients": 100 }` for a load run; see docs/probe.md.
 * Always returns a result (never throws): `redis` is `UP` or `DOWN`, and a DOWN
 * result carries `reason`, `error`, `failedStep` and `hint`.
 */
import { ProbeResult, runProbe } from './private/probe-core';

/** The subset of the Lambda context the probe uses. */
interface LambdaContext {
  getRemainingTimeInMillis?(): number;
}

/** Keep a second to answer before Lambda's own timeout. */
const DEADLINE_MARGIN_MS = 1000;

export async function handler(event?: unknown, context?: LambdaContext): Promise<ProbeResult> {
  const remaining = context?.getRemainingTimeInMillis?.();
  const deadline = remaining !== undefined ? Date.now() + remaining - DEADLINE_MARGIN_MS : undefined;
  const result = await runProbe(event, process.env, { deadline });
  // One line per run in CloudWatch Logs; the result never holds a secret.
  console.log(JSON.stringify(result));
  return result;
}
