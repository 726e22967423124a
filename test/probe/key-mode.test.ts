/**
 * The probe's write / read modes against real redis-servers: a primary and a
 * replica of it (the Global Datastore shape), keys only under the probe's
 * prefix, always with a TTL.
 */
import { Redis } from 'ioredis';
import { freePort, LOOPBACK, RedisServer, sleep } from './redis-fixture';
import { KeyClient, runKeyMode } from '../../src/probe/private/key-mode';
import { KeyResult, ProbeEvent, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

let primary: RedisServer;
let replica: RedisServer;

beforeAll(async () => {
  // no diskless-sync delay (5 s by default in Redis 7): the replica's first sync starts at once
  primary = await RedisServer.start({ args: ['--repl-diskless-sync-delay', '0'] });
  replica = await RedisServer.start({ args: ['--replicaof', LOOPBACK, `${(primary).port}`] });
  // the tests start once the replica is in sync, not while its first sync may still be running (which made the
  // read-on-the-replica test depend on how loaded the machine was)
  await replica.waitSynced();
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
  [{ key: 'k', ttlSeconds: 86_401 }, /ttlSeconds must be an integer from 1 to 86400, got '86401'/],
  [{ key: 'k', maxAgeSeconds: 0 }, /^maxAgeSeconds must be an integer from 1 to 86400, got '0'/],
  [{ key: 'k', maxAgeSeconds: 86_401 }, /^maxAgeSeconds must be an integer from 1 to 86400, got '86401'/],
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

test.each([1, 86_400])('the bound %d is accepted as ttlSeconds (the key gets that TTL) and as maxAgeSeconds', async (seconds) => {
  const key = `bound${seconds}`;
  const written = await run(primary, { mode: 'write', key, ttlSeconds: seconds });
  expect(written).toMatchObject({ redis: 'UP', key: `probe:${key}`, ttlSeconds: seconds });
  const pttl = Number(await primary.cli('PTTL', `probe:${key}`));
  expect(pttl).toBeGreaterThan(seconds * 1000 - 1000);
  expect(pttl).toBeLessThanOrEqual(seconds * 1000);
  await primary.cli('SET', 'probe:bound-read', `${Date.now()}:0123456789abcdef`, 'EX', '60');
  expect(await run(primary, { mode: 'read', key: 'bound-read', maxAgeSeconds: seconds })).toMatchObject({ redis: 'UP', found: true, maxAgeSeconds: seconds });
});

test('a GET that the server refuses is DOWN at step GET (a key of another type)', async () => {
  await primary.cli('RPUSH', 'probe:a-list', 'x');
  await primary.cli('EXPIRE', 'probe:a-list', '60');
  const r = await run(primary, { mode: 'read', key: 'a-list' });
  expect(r).toMatchObject({ mode: 'read', redis: 'DOWN', failedStep: 'GET', key: 'probe:a-list' });
  expect(r.error).toMatch(/WRONGTYPE/);
});

test.each([
  ['text before', (stamp: string) => `x${stamp}`],
  ['text after', (stamp: string) => `${stamp}x`],
])('a value with %s the probe\'s "<epoch ms>:<16 hex>" shape is foreign: no time, not fresh', async (_what, wrap) => {
  await primary.cli('SET', 'probe:wrapped', wrap(`${Date.now()}:0123456789abcdef`), 'EX', '60');
  const r = await run(primary, { mode: 'read', key: 'wrapped', maxAgeSeconds: 600 });
  expect(r).toMatchObject({ redis: 'UP', found: true, fresh: false });
  expect(r.writtenAtMs).toBeUndefined();
  expect(r.ageMs).toBeUndefined();
});

test('a value written a minute in the future (clock skew beyond 5 s) is not fresh', async () => {
  await primary.cli('SET', 'probe:future', `${Date.now() + 60_000}:0123456789abcdef`, 'EX', '60');
  const r = await run(primary, { mode: 'read', key: 'future', maxAgeSeconds: 600 });
  expect(r).toMatchObject({ found: true, fresh: false });
  expect(r.ageMs).toBeLessThan(-50_000);
});

describe('freshness bounds, with the clock pinned (runKeyMode on a real connection)', () => {
  let client: Redis;
  const params = { key: 'probe:pinned', ttlSeconds: 60, maxAgeSeconds: 10 };
  const t0 = 1_700_000_000_000;
  const on = <T>(_what: string, fn: (c: KeyClient) => Promise<T>) => fn(client);

  beforeAll(async () => {
    client = new Redis({ host: LOOPBACK, port: primary.port, lazyConnect: true });
    await client.connect();
    const written = await runKeyMode('write', params, on, () => t0);
    expect(written.value).toMatch(/^1700000000000:[0-9a-f]{16}$/);
  });

  afterAll(() => client?.disconnect());

  test.each([
    [-5001, false],
    [-5000, true],
    [0, true],
    [10_000, true],
    [10_001, false],
  ])('read at written + %d ms: fresh %s (5 s of clock skew allowed, at most maxAgeSeconds old)', async (offset, fresh) => {
    const r = await runKeyMode('read', params, on, () => t0 + offset);
    expect(r).toEqual(expect.objectContaining({ found: true, writtenAtMs: t0, ageMs: offset, fresh }));
  });
});

describe('write / read failures: the step that failed, its reason and message, and no connection left open', () => {
  const PASSWORD = 'key-mode-auth-token-0123456789ab';
  let auth: RedisServer;

  beforeAll(async () => {
    auth = await RedisServer.start({ password: PASSWORD });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  /** `connected_clients` of INFO clients (redis-cli's own connection included, the same in every reading). */
  async function connectedClients(server: RedisServer): Promise<number> {
    const info = await server.cli(...(server.options.password ? ['-a', server.options.password, '--no-auth-warning'] : []), 'INFO', 'clients');
    return Number(/connected_clients:(\d+)/.exec(info)![1]);
  }

  /** Waits (polling, up to 10 s) until the server counts `expected` clients; answers the last count. */
  async function clientsSettleAt(server: RedisServer, expected: number): Promise<number> {
    let n = await connectedClients(server);
    for (let i = 0; i < 100 && n !== expected; i++) {
      await sleep(100);
      n = await connectedClients(server);
    }
    return n;
  }

  test('credentials that cannot be made (IAM without AWS credentials): CONFIG_ERROR at step credentials', async () => {
    const env = { REDIS_HOST: LOOPBACK, REDIS_PORT: `${primary.port}`, REDIS_AUTH_MODE: 'iam', REDIS_USER: 'probe-iam', REDIS_REPLICATION_GROUP_ID: 'AirDiscovery-Redis', AWS_REGION: 'us-east-1' };
    const r = await runProbe({ mode: 'write', key: 'k', timeoutMs: 2000 }, env, { credentialsEnv: {} }) as KeyResult;
    expect(r).toMatchObject({ mode: 'write', redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR, failedStep: 'credentials', key: 'probe:k' });
    expect(r.error).toBe('IAM authentication needs AWS credentials and AWS_REGION in the environment');
  });

  test('nothing listening: CONNECTION_REFUSED at step tcp, the socket\'s message', async () => {
    const port = await freePort();
    const r = await runProbe({ mode: 'read', key: 'k', host: LOOPBACK, port, timeoutMs: 2000 }, {}) as KeyResult;
    expect(r).toMatchObject({ mode: 'read', redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_REFUSED, failedStep: 'tcp', key: 'probe:k' });
    expect(r.error).toBe(`connect ECONNREFUSED ${LOOPBACK}:${port}`);
  });

  test('a TLS client to a plain server (TCP worked, no handshake answer): TLS_MISMATCH at step connect', async () => {
    const r = await run(primary, { mode: 'write', key: 'k', tls: true, timeoutMs: 1000 });
    expect(r).toMatchObject({ mode: 'write', redis: 'DOWN', reason: ProbeFailureReason.TLS_MISMATCH, failedStep: 'connect', key: 'probe:k' });
    expect(r.error).toBe(`TCP to ${LOOPBACK}:${primary.port} works, but the TLS handshake got no answer within 1000 ms: `
      + 'the server does not seem to speak TLS (in-transit encryption off?)');
  });

  test('a wrong password: AUTH_FAILED with the server\'s WRONGPASS, nothing written', async () => {
    const r = await run(auth, { mode: 'write', key: 'wrongpass', password: 'not-the-token' });
    // ioredis sends AUTH as the socket opens and, without a ready check, resolves connect() at once: the WRONGPASS
    // reply comes back in place of the first command's, so the step named is SET (the reason says what failed)
    expect(r).toMatchObject({ mode: 'write', redis: 'DOWN', reason: ProbeFailureReason.AUTH_FAILED, failedStep: 'SET', key: 'probe:wrongpass' });
    expect(r.error).toMatch(/^WRONGPASS invalid username-password pair/);
    expect(await auth.cli('-a', PASSWORD, '--no-auth-warning', 'EXISTS', 'probe:wrongpass')).toBe('0');
  });

  test.each<[string, () => RedisServer, ProbeEvent, 'UP' | 'DOWN']>([
    ['a write that worked', () => primary, { mode: 'write', key: 'closed' }, 'UP'],
    ['a read that worked', () => primary, { mode: 'read', key: 'closed' }, 'UP'],
    ['a write refused by a replica', () => replica, { mode: 'write', key: 'closed' }, 'DOWN'],
    ['a wrong password', () => auth, { mode: 'write', key: 'closed', password: 'not-the-token' }, 'DOWN'],
  ])('after %s the probe\'s connection is closed (connected_clients back to what it was)', async (_what, server, event, redis) => {
    const before = await connectedClients(server());
    const r = await run(server(), event);
    expect(r.redis).toBe(redis);
    expect(await clientsSettleAt(server(), before)).toBe(before);
  });
});
