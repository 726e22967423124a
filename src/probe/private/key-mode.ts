/**
 * The probe's write and read modes: write one key (under the probe's key
 * prefix, always with a TTL) and read it back, possibly somewhere else, e.g.
 * through a Global Datastore secondary, to prove replication within a bound.
 *
 * - `{ "mode": "write", "key": "replication", "ttlSeconds": 900 }` runs
 *   `SET <prefix>replication "<epoch ms>:<random>" EX 900` and answers the value written;
 * - `{ "mode": "read", "key": "replication", "maxAgeSeconds": 600 }` runs
 *   `GET <prefix>replication` and answers `found`, `ageMs` (now minus the time
 *   the value was written) and `fresh` (found and no older than `maxAgeSeconds`).
 *
 * The key name is always the probe's key prefix plus `key` (letters, digits,
 * `:_.-`, at most 64): these modes never touch a key the application owns.
 * Kept apart from probe-core.ts: it plugs in through `runKeyMode`, with the
 * connection and credentials handed in by the core.
 */
import { randomBytes } from 'crypto';

/** Fields of the invocation event these modes read. */
export interface KeyModeEvent {
  readonly mode?: string;
  /** The key, after the probe's key prefix. */
  readonly key?: string;
  /** write: the key's TTL. Default 900, at most 86400. */
  readonly ttlSeconds?: number;
  /** read: the oldest value that counts as fresh. Default 600. */
  readonly maxAgeSeconds?: number;
}

export const KEY_MODES = ['write', 'read'] as const;
export type KeyMode = typeof KEY_MODES[number];

export const DEFAULT_KEY_TTL_SECONDS = 900;
export const MAX_KEY_TTL_SECONDS = 86_400;
export const DEFAULT_MAX_AGE_SECONDS = 600;
const KEY_PATTERN = /^[A-Za-z0-9:_.-]{1,64}$/;

/** What `runKeyMode` needs from a connected client (ioredis `Redis` or `Cluster`). */
export interface KeyClient {
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/** The answer of a write or read run, on top of the core's target and failure fields. */
export interface KeyModeFacts {
  readonly key: string;
  /** write: the value written; read: the value found. */
  readonly value?: string;
  readonly ttlSeconds?: number;
  /** read: whether the key exists. */
  readonly found?: boolean;
  /** When the value found was written (epoch ms), from the value itself. */
  readonly writtenAtMs?: number;
  /** read: now minus `writtenAtMs`. */
  readonly ageMs?: number;
  readonly maxAgeSeconds?: number;
  /** read: found, written by a write run, and at most `maxAgeSeconds` old. */
  readonly fresh?: boolean;
}

export function isKeyMode(mode: unknown): mode is KeyMode {
  return (KEY_MODES as readonly unknown[]).includes(mode);
}

// `v` comes from an event checkEvent (event.ts) has checked: a finite number or absent (null already
// dropped there), so there is no null or non-number case to handle here.
function integer(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${String(v)}'`);
  }
  return v;
}

/** The validated parameters of a run; throws an Error with a message for the caller's CONFIG_ERROR. */
export function keyModeParameters(ev: KeyModeEvent, keyPrefix: string): { key: string; ttlSeconds: number; maxAgeSeconds: number } {
  if (typeof ev.key !== 'string' || !KEY_PATTERN.test(ev.key)) {
    throw new Error(`key must be 1 to 64 characters of letters, digits and ':_.-' (it is appended to the probe's key prefix '${keyPrefix}'), got '${String(ev.key)}'`);
  }
  return {
    key: `${keyPrefix}${ev.key}`,
    ttlSeconds: integer('ttlSeconds', ev.ttlSeconds, DEFAULT_KEY_TTL_SECONDS, 1, MAX_KEY_TTL_SECONDS),
    maxAgeSeconds: integer('maxAgeSeconds', ev.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS, 1, MAX_KEY_TTL_SECONDS),
  };
}

/**
 * Runs a write or read through `run` (the core's timed command runner). Errors
 * propagate: the core classifies them into a DOWN answer.
 */
export async function runKeyMode(
  mode: KeyMode,
  params: { key: string; ttlSeconds: number; maxAgeSeconds: number },
  run: <T>(what: string, fn: (c: KeyClient) => Promise<T>) => Promise<T>,
  now: () => number = Date.now,
): Promise<KeyModeFacts> {
  const { key, ttlSeconds, maxAgeSeconds } = params;
  if (mode === 'write') {
    const writtenAtMs = now();
    const value = `${writtenAtMs}:${randomBytes(8).toString('hex')}`;
    await run('SET', c => c.set(key, value, 'EX', ttlSeconds));
    return { key, value, ttlSeconds, writtenAtMs };
  }
  const got = await run('GET', c => c.get(key));
  // ioredis answers GET of a missing key with null (never undefined)
  if (got === null) return { key, found: false, maxAgeSeconds, fresh: false };
  const match = /^(\d{13}):[0-9a-f]{16}$/.exec(got);
  const writtenAtMs = match ? Number(match[1]) : undefined;
  const ageMs = writtenAtMs !== undefined ? now() - writtenAtMs : undefined;
  return {
    key,
    value: got,
    found: true,
    writtenAtMs,
    ageMs,
    maxAgeSeconds,
    fresh: ageMs !== undefined && ageMs >= -5000 && ageMs <= maxAgeSeconds * 1000,
  };
}
