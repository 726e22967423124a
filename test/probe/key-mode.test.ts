/**
 * The probe's write / read modes against real redis-servers: a primary and a
 * replica of it (the Global Datastore shape), keys only under the probe's
 * prefix, always with a TTL.
 */
import { LOOPBACK, RedisServer, sleep } from './redis-fixture';
import { KeyResult, ProbeEvent, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

let primary: RedisServer;
let replica: RedisServer;

beforeAll(async () => {
  primary = await RedisServer.start();
  replica = await RedisServer.start({ args: ['--replicaof', LOOPBACK, `${(primary).port}`] });
});

afterAll(async () => {
  await Promise.all([primary, replica].filter(Boolean).map(s => s.stop()));
});

async function run(server: RedisServer, event: ProbeEvent): Promise<KeyResult> {
  return await runProbe({ host: LOOPBACK, port: server.port, timeoutMs: 2000, ...event }, {}) as KeyResult;
}

test('write sets <prefix><key> with the TTL asked for; read on a replica finds it fresh', async () => {
  const written = await run(primary, { mode: 'write', key: 'replication', ttlSeconds: 120 });
  expect(written).toMatchObject({ mode: 'write', redis: 'UP', key: 'probe:replication', ttlSeconds: 120 });
  const ttl = Number(await primary.cli('TTL', 'probe:replication'));
  expect(ttl).toBeGreaterThan(100);
  expect(ttl).toBeLessThanOrEqual(120);

  let read: KeyResult | undefined;
  for (let i = 0; i < 50; i++) {
    read = await run(replica, { mode: 'read', key: 'replication', maxAgeSeconds: 60 });
    if (read.found) break;
    await sleep(100);
  }
  expect(read).toMatchObject({ mode: 'read', redis: 'UP', found: true, fresh: true, value: written.value, key: 'probe:replication' });
  expect(read!.ageMs).toBeGreaterThanOrEqual(0);
  expect(read!.ageMs).toBeLessThan(60_000);
});

test('read of a missing key answers UP, found false, not fresh', async () => {
  expect(await run(replica, { mode: 'read', key: 'never-written' })).toMatchObject({ redis: 'UP', found: false, fresh: false });
});

test('a value older than maxAgeSeconds is found but not fresh; a foreign value is not fresh', async () => {
  await primary.cli('SET', 'probe:old', `${Date.now() - 120_000}:0123456789abcdef`, 'EX', '60');
  expect(await run(primary, { mode: 'read', key: 'old', maxAgeSeconds: 60 })).toMatchObject({ found: true, fresh: false });
  await primary.cli('SET', 'probe:foreign', 'hello', 'EX', '60');
  expect(await run(primary, { mode: 'read', key: 'foreign' })).toMatchObject({ found: true, fresh: false, writtenAtMs: undefined });
});

test('writing through a replica is READ_ONLY_REPLICA', async () => {
  expect(await run(replica, { mode: 'write', key: 'x' })).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.READ_ONLY_REPLICA, failedStep: 'SET' });
});

test.each([
  [{ key: '../app:session' }, /key must be/],
  [{ key: '' }, /event field 'key' must not be empty/],
  [{}, /key must be/],
  [{ key: 'k', ttlSeconds: 0 }, /ttlSeconds must be/],
  [{ key: 'k', ttlSeconds: 1.5 }, /ttlSeconds must be/],
])('a bad event %j is CONFIG_ERROR, nothing written', async (extra, message) => {
  const r = await run(primary, { mode: 'write', ...extra });
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
  expect(r.error).toMatch(message);
});

test('keys never leave the probe prefix: a custom prefix is honoured', async () => {
  const r = await run(primary, { mode: 'write', key: 'k1', keyPrefix: 'probe:custom:' });
  expect(r.key).toBe('probe:custom:k1');
  expect(await primary.cli('EXISTS', 'probe:custom:k1')).toBe('1');
  expect(await primary.cli('EXISTS', 'k1')).toBe('0');
});
