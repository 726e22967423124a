import { Duration, Token } from 'aws-cdk-lib';
import type { RedisConnectivityProbeOptions } from './probe';

/** A value for a message: strings quoted, everything else with its type (also -1, NaN). */
function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v instanceof Duration) return v.isUnresolved() ? 'a token' : v.toHumanString();
  if (v === null || v === undefined || typeof v !== 'object') return `${String(v)} (${v === null ? 'null' : typeof v})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a ${(v as object).constructor?.name ?? 'value'}`;
}

const LAMBDA_MAX_TIMEOUT_SECONDS = 15 * 60;
const STRING_OPTIONS = ['keyPrefix', 'userName', 'authSecretJsonField'] as const;
const isDuration = (d: unknown): d is Duration => d instanceof Duration;
const seconds = (d: Duration) => d.toMilliseconds() / 1000;

/**
 * One rule about the probe's options (Lambda's limits: memory 128-10240 MiB, timeout up to 15 minutes).
 * @internal
 */
export interface ProbeOptionRule {
  readonly summary: string;
  readonly condition: (o: RedisConnectivityProbeOptions) => boolean;
  readonly message: (o: RedisConnectivityProbeOptions) => string;
}

/**
 * The probe's option rules. Sources: Lambda CreateFunction `MemorySize` (128-10240) and `Timeout`
 * (1-900 seconds), https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html.
 * @internal
 */
export const PROBE_OPTION_RULES: ProbeOptionRule[] = [
  {
    summary: '`memorySizeMiB` that is not a whole number from 128 to 10240 (Lambda MemorySize)',
    condition: o => o.memorySizeMiB !== undefined && !Token.isUnresolved(o.memorySizeMiB)
      && !(typeof o.memorySizeMiB === 'number' && Number.isInteger(o.memorySizeMiB) && o.memorySizeMiB >= 128 && o.memorySizeMiB <= 10240),
    message: o => `memorySizeMiB must be a whole number of MiB from 128 to 10240 (Lambda's limits), got ${show(o.memorySizeMiB)}: e.g. 1024 (1769 MiB is one vCPU)`,
  },
  {
    summary: '`timeout` that is not a Duration, or not above zero and at most 15 minutes (Lambda Timeout)',
    condition: o => o.timeout !== undefined && (!isDuration(o.timeout)
      || (!o.timeout.isUnresolved() && !(seconds(o.timeout) >= 1 && seconds(o.timeout) <= LAMBDA_MAX_TIMEOUT_SECONDS))),
    message: o => `timeout must be a Duration from 1 second to 15 minutes (Lambda's limit), got ${show(o.timeout)}: e.g. Duration.minutes(1)`,
  },
  {
    summary: '`stepTimeout` that is not a Duration above zero',
    condition: o => o.stepTimeout !== undefined && (!isDuration(o.stepTimeout)
      || (!o.stepTimeout.isUnresolved() && !(o.stepTimeout.toMilliseconds() > 0))),
    message: o => `stepTimeout must be a Duration above zero, got ${show(o.stepTimeout)}: e.g. Duration.seconds(5)`,
  },
  {
    summary: '`keyPrefix`, `userName` or `authSecretJsonField` that is not a string',
    condition: o => STRING_OPTIONS.some(k => o[k] !== undefined && typeof o[k] !== 'string'),
    message: o => `${STRING_OPTIONS.filter(k => o[k] !== undefined && typeof o[k] !== 'string')
      .map(k => `${k} must be a string, got ${show(o[k])}`).join('; ')}: pass text, e.g. keyPrefix 'probe:'`,
  },
];
