/**
 * Health mode against real redis-server processes on loopback: plain, TLS
 * (CA made here), AUTH, ACL users, and every fault the probe must report as
 * DOWN with its reason, within its timeout.
 */
import * as fs from 'fs';
import * as net from 'net';
import { Redis } from 'ioredis';
import { ensureProbeBundle, invokeBundledHandler, PROBE_BUNDLE } from './bundle';
import { FakeSecretsManager, startFakeSecretsManager, useFakeAws } from './fake-secrets-manager';
import { Certificates, freePort, LOOPBACK, makeCertificates, RedisServer, sleep, startBlackHole, startLoopbackTcp, startSynBlackHole } from './redis-fixture';
import { elastiCacheIamToken } from '../../src/probe/private/iam-auth';
import { HealthResult, ProbeError, ProbeEvent, ProbeEnvironment, ProbeFailureReason, REASON_HINTS, runProbe, tcpCheck } from '../../src/probe/private/probe-core';

const TIMEOUT_MS = 1500;
/** A DOWN answer must come within the step timeout plus scheduling slack. */
const WITHIN_MS = TIMEOUT_MS + 1000;
const PASSWORD = 'probe-auth-token-0123456789abcdef';
const USER_PASSWORD = 'probe-user-password-0123456789';
const ACL_PROBE = ['on', `>${USER_PASSWORD}`, '~probe:*', 'resetchannels', '-@all', '+ping', '+get', '+set', '+del', '+info'];

const AUTH_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:redis-auth-AbCdEf';
const USER_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:redis-user-probe-AbCdEf';
const MISSING_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:missing-AbCdEf';
const NO_PASSWORD_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:redis-no-password-AbCdEf';

let certs: Certificates;
let plain: RedisServer;
let tls: RedisServer;
let auth: RedisServer;
let replica: RedisServer;
let full: RedisServer;

beforeAll(async () => {
  certs = await makeCertificates();
  [plain, tls, auth, full] = await Promise.all([
    RedisServer.start(),
    RedisServer.start({ tls: certs }),
    RedisServer.start({ password: PASSWORD }),
    RedisServer.start({ args: ['--maxmemory', '1', '--maxmemory-policy', 'noeviction'] }),
  ]);
  replica = await RedisServer.start({ args: ['--replicaof', LOOPBACK, `${plain.port}`] });
  // An ACL user limited to the probe's commands and keys, and one that may not write.
  await auth.cli('ACL', 'SETUSER', 'probe', ...ACL_PROBE);
  await auth.cli('ACL', 'SETUSER', 'probe-readonly', 'on', `>${USER_PASSWORD}`, '~probe:*', '-@all', '+ping', '+get', '+info');
  await auth.cli('ACL', 'SETUSER', 'probe-other-keys', 'on', `>${USER_PASSWORD}`, '~app:*', '-@all', '+ping', '+get', '+set', '+del', '+info');
});

afterAll(async () => {
  await Promise.all([plain, tls, auth, replica, full].filter(Boolean).map(s => s.stop()));
  if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
});

async function health(event: ProbeEvent, env: ProbeEnvironment = {}): Promise<HealthResult> {
  return await runProbe({ timeoutMs: TIMEOUT_MS, ...event }, env) as HealthResult;
}

/** `s` as a regular expression matching exactly `s`. */
function escaped(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function target(server: RedisServer, extra: ProbeEvent = {}): ProbeEvent {
  return { host: LOOPBACK, port: server.port, ...extra };
}

describe('UP', () => {
  test('plain', async () => {
    const r = await health(target(plain));
    expect(r).toMatchObject({
      mode: 'health',
      redis: 'UP',
      endpoint: LOOPBACK,
      port: plain.port,
      tls: false,
      clusterMode: false,
      authMode: 'none',
      engine: 'redis',
      role: 'master',
    });
    expect(r.serverVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.latencyMs).toBeGreaterThan(0);
    expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO']);
    expect(r.reason).toBeUndefined();
    expect(r.error).toBeUndefined();
    // the probe key is gone
    expect(await plain.cli('--scan', '--pattern', 'probe:*')).toBe('');
  });

  test('TLS with the test CA', async () => {
    const r = await health(target(tls, { tls: true, tlsCaPem: certs.caPem }));
    expect(r).toMatchObject({ redis: 'UP', tls: true, role: 'master' });
  });

  test('TLS by host name (certificate SAN DNS:localhost)', async () => {
    const r = await health({ host: 'localhost', port: tls.port, tls: true, tlsCaPem: certs.caPem });
    expect(r).toMatchObject({ redis: 'UP', endpoint: 'localhost', tls: true });
  });

  test('AUTH token', async () => {
    const r = await health(target(auth, { password: PASSWORD }));
    expect(r).toMatchObject({ redis: 'UP', authMode: 'auth-token' });
  });

  test('ACL user limited to the probe\'s commands and keys', async () => {
    const r = await health(target(auth, { username: 'probe', password: USER_PASSWORD }));
    expect(r).toMatchObject({ redis: 'UP', authMode: 'rbac' });
  });

  test('reports memory, eviction policy and clients from INFO', async () => {
    const r = await health(target(plain));
    expect(r.usedMemoryBytes).toBeGreaterThan(0);
    expect(r.maxmemoryPolicy).toBe('noeviction');
    expect(r.connectedClients).toBeGreaterThanOrEqual(1);
    expect(r.keyspaceHitRatio).toBeGreaterThan(0);
  });
});

describe('INFO facts and warnings, exact, from a server set up for each', () => {
  let server: RedisServer;
  let client: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    client = new Redis({ host: LOOPBACK, port: server.port, lazyConnect: true });
    await client.connect();
  });

  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  beforeEach(async () => {
    await client.config('SET', 'maxmemory', '0');
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxclients', '10000');
    await client.flushall();
    await client.config('RESETSTAT');
  });

  /** `hits` GETs of a key that exists and `misses` of one that does not (the probe's own GET adds one hit). */
  async function lookups(hits: number, misses: number): Promise<void> {
    await client.set('app:hit', 'x');
    const p = client.pipeline();
    for (let i = 0; i < hits; i++) p.get('app:hit');
    for (let i = 0; i < misses; i++) p.get('app:miss');
    await p.exec();
  }

  test('a fresh server: no warnings; the facts are INFO\'s own numbers', async () => {
    const r = await health(target(server));
    expect(r).toMatchObject({ redis: 'UP', role: 'master', engine: 'redis', maxmemoryBytes: 0, maxmemoryPolicy: 'noeviction', evictedKeys: 0, rejectedConnections: 0 });
    // the probe's GET is the only lookup since RESETSTAT: one hit
    expect(r.keyspaceHitRatio).toBe(1);
    // this test's client and the probe's own connection
    expect(r.connectedClients).toBe(2);
    expect(r.warnings).toEqual([]);
  });

  test.each([
    // hits (the probe's GET included), misses → ratio, warned
    [1, 998, 0.001, false], // 999 lookups: too few to judge
    [1, 999, 0.001, true], // 1000 lookups
    [800, 200, 0.8, false], // 80 % is not below 80 %
    [799, 201, 0.799, true],
  ])('%d hits, %d misses: keyspaceHitRatio %d, warned %s (from 1000 lookups, below 80 %)', async (hits, misses, ratio, warned) => {
    await lookups(hits - 1, misses);
    const r = await health(target(server));
    expect(r.keyspaceHitRatio).toBe(ratio);
    expect(r.warnings).toEqual(warned ? [`keyspace hit ratio ${(ratio * 100).toFixed(1)}%: check key design and TTLs`] : []);
  });

  test('used_memory at 90 % or more of maxmemory, noeviction: memory pressure (in percent) and the OOM warning', async () => {
    // 20 MB of data and maxmemory 7 % above used_memory: room for the probe's connection and key (an evicting
    // policy could drop the probe's key, so noeviction)
    for (let i = 0; i < 20; i++) await client.set(`app:data:${i}`, 'x'.repeat(1024 * 1024));
    const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    const max = Math.ceil(used / 0.93);
    await client.config('SET', 'maxmemory', `${max}`);
    const r = await health(target(server));
    expect(r).toMatchObject({ redis: 'UP', maxmemoryBytes: max, maxmemoryPolicy: 'noeviction' });
    const pct = (r.usedMemoryBytes! / max) * 100;
    expect(pct).toBeGreaterThanOrEqual(90);
    expect(r.warnings).toEqual([
      `memory pressure: used_memory is ${pct.toFixed(0)}% of maxmemory`,
      'maxmemory-policy is noeviction: writes fail with OOM once memory is full',
    ]);
  });

  test('maxmemory far above used_memory, an evicting policy: no memory warning', async () => {
    await client.config('SET', 'maxmemory', '1gb');
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const r = await health(target(server));
    expect(r).toMatchObject({ redis: 'UP', maxmemoryBytes: 1024 ** 3, maxmemoryPolicy: 'allkeys-lru' });
    expect(r.warnings).toEqual([]);
  });

  test('maxmemory far above used_memory with noeviction: the OOM warning only', async () => {
    await client.config('SET', 'maxmemory', '1gb');
    const r = await health(target(server));
    expect(r.warnings).toEqual(['maxmemory-policy is noeviction: writes fail with OOM once memory is full']);
  });

  test('keys evicted since start: the count and the warning', async () => {
    const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await client.config('SET', 'maxmemory', `${used + 200_000}`);
    const p = client.pipeline();
    for (let i = 0; i < 100; i++) p.set(`app:big:${i}`, 'x'.repeat(10_000));
    await p.exec();
    await client.config('SET', 'maxmemory', '0');
    const r = await health(target(server));
    expect(r.evictedKeys).toBeGreaterThan(0);
    expect(r.warnings).toEqual([`${r.evictedKeys} keys evicted since start: the working set does not fit, or TTLs are missing`]);
  });

  test('connections rejected at maxclients: the count and the warning', async () => {
    await client.config('SET', 'maxclients', '1');
    const extra = new Redis({ host: LOOPBACK, port: server.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    extra.on('error', () => undefined);
    // the server answers "-ERR max number of clients reached" and closes the socket
    await expect(extra.connect().then(() => extra.ping())).rejects.toThrow();
    extra.disconnect();
    await client.config('SET', 'maxclients', '10000');
    const r = await health(target(server));
    expect(r.rejectedConnections).toBe(1);
    expect(r.warnings).toEqual(['1 connections rejected (maxclients): pool and reuse connections']);
  });
});

describe('credentials from the deployment (Secrets Manager on loopback, IAM token)', () => {
  let sm: FakeSecretsManager;
  let restore: () => void;

  beforeAll(async () => {
    sm = await startFakeSecretsManager({
      [AUTH_SECRET_ARN]: PASSWORD,
      [USER_SECRET_ARN]: JSON.stringify({ username: 'probe', password: USER_PASSWORD }),
      [NO_PASSWORD_SECRET_ARN]: JSON.stringify({ user: 'probe', token: PASSWORD }),
    });
    restore = useFakeAws(sm.endpoint);
  });
  afterAll(async () => {
    restore?.();
    await sm?.stop();
  });

  const deployment = (extra: ProbeEnvironment): ProbeEnvironment => ({
    REDIS_HOST: LOOPBACK, REDIS_PORT: `${auth.port}`, REDIS_TLS: 'false', REDIS_CLUSTER_MODE: 'false', ...extra,
  });

  test('AUTH token secret (REDIS_AUTH_SECRET_ARN)', async () => {
    const r = await health({}, deployment({ REDIS_AUTH_MODE: 'auth-token', REDIS_AUTH_SECRET_ARN: AUTH_SECRET_ARN }));
    expect(r).toMatchObject({ redis: 'UP', authMode: 'auth-token' });
    expect(sm.requests).toContain(AUTH_SECRET_ARN);
  });

  test('RBAC user secret (REDIS_USER + REDIS_USER_SECRET_ARN, JSON { username, password })', async () => {
    const r = await health({}, deployment({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'probe', REDIS_USER_SECRET_ARN: USER_SECRET_ARN }));
    expect(r).toMatchObject({ redis: 'UP', authMode: 'rbac' });
  });

  test('IAM: AUTH <user> <SigV4 token> (an ACL user whose password is the expected token)', async () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const token = elastiCacheIamToken({
      replicationGroupId: 'AirDiscovery-Redis',
      userId: 'probe-iam',
      region: 'us-east-1',
      date: now,
      credentials: { accessKeyId: 'AKIAPROBETEST0000000', secretAccessKey: 'probe-test-secret-key' },
    });
    expect(token).toMatch(/^airdiscovery-redis\/\?Action=connect&User=probe-iam&X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
    await auth.cli('ACL', 'SETUSER', 'probe-iam', 'on', `>${token}`, '~probe:*', '-@all', '+ping', '+get', '+set', '+del', '+info');
    const env = deployment({ REDIS_AUTH_MODE: 'iam', REDIS_USER: 'probe-iam', REDIS_REPLICATION_GROUP_ID: 'AirDiscovery-Redis', AWS_REGION: 'us-east-1' });
    const r = await runProbe({ timeoutMs: TIMEOUT_MS }, env, { now: () => now, credentialsEnv: process.env }) as HealthResult;
    expect(r).toMatchObject({ redis: 'UP', authMode: 'iam' });
    // a token signed a minute later is another password: AUTH fails
    const aMinuteLater = () => new Date(now.getTime() + 60_000);
    const later = await runProbe({ timeoutMs: TIMEOUT_MS }, env, { now: aMinuteLater, credentialsEnv: process.env }) as HealthResult;
    expect(later).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_FAILED });
  });

  test('a missing secret is SECRET_UNAVAILABLE', async () => {
    const r = await health({}, deployment({ REDIS_AUTH_SECRET_ARN: MISSING_SECRET_ARN }));
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.SECRET_UNAVAILABLE, failedStep: 'credentials' });
    expect(r.error).toMatch(/can't find the specified secret/);
  });

  test('a secret read but holding no usable password: SECRET_UNAVAILABLE naming the secret and what is wrong with it', async () => {
    const r = await health({}, deployment({ REDIS_AUTH_SECRET_ARN: NO_PASSWORD_SECRET_ARN }));
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.SECRET_UNAVAILABLE, failedStep: 'credentials', steps: [] });
    expect(r.error).toBe(`secret ${NO_PASSWORD_SECRET_ARN}: the secret is a JSON object without a 'password' field (fields: user, token); set authSecretJsonField`);
    expect(sm.requests).toContain(NO_PASSWORD_SECRET_ARN);
  });

  test('an event that overrides the target never receives the deployment\'s secret', async () => {
    const before = sm.requests.length;
    const r = await health({ port: auth.port }, deployment({ REDIS_AUTH_SECRET_ARN: AUTH_SECRET_ARN }));
    expect(sm.requests.length).toBe(before);
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_REQUIRED, authMode: 'none' });
  });
});

describe('faults: DOWN with a reason, within the timeout', () => {
  test.each<{ name: string; event: () => ProbeEvent; reason: ProbeFailureReason; step?: string; error?: RegExp }>([
    { name: 'wrong password', event: () => target(auth, { password: 'not-the-token' }), reason: ProbeFailureReason.AUTH_FAILED, error: /WRONGPASS/ },
    { name: 'no password for a server that needs one', event: () => target(auth), reason: ProbeFailureReason.AUTH_REQUIRED, step: 'PING', error: /NOAUTH/ },
    { name: 'TLS client to a plain server', event: () => target(plain, { tls: true, tlsCaPem: certs.caPem }), reason: ProbeFailureReason.TLS_MISMATCH, step: 'connect', error: /TLS handshake got no answer/ },
    { name: 'plain client to a TLS server', event: () => target(tls), reason: ProbeFailureReason.TLS_MISMATCH, step: 'PING', error: /Connection is closed/ },
    // the message, then the OpenSSL code it does not contain
    { name: 'wrong CA', event: () => target(tls, { tls: true, tlsCaPem: certs.otherCaPem }), reason: ProbeFailureReason.CERTIFICATE_VERIFY_FAILED, step: 'connect', error: /^\S.* \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)$/ },
    { name: 'system CAs only (self-signed test CA)', event: () => target(tls, { tls: true }), reason: ProbeFailureReason.CERTIFICATE_VERIFY_FAILED, step: 'connect' },
    { name: 'certificate for another host name', event: () => target(tls, { tls: true, tlsCaPem: certs.caPem, tlsServerName: 'cache.example.com' }), reason: ProbeFailureReason.CERTIFICATE_VERIFY_FAILED },
    { name: 'ACL: user may not SET', event: () => target(auth, { username: 'probe-readonly', password: USER_PASSWORD }), reason: ProbeFailureReason.ACL_DENIED, step: 'SET', error: /NOPERM/ },
    { name: 'ACL: user may not touch probe:* keys', event: () => target(auth, { username: 'probe-other-keys', password: USER_PASSWORD }), reason: ProbeFailureReason.ACL_DENIED, step: 'SET', error: /NOPERM/ },
    { name: 'memory full with noeviction', event: () => target(full), reason: ProbeFailureReason.OUT_OF_MEMORY, step: 'SET', error: /OOM/ },
    { name: 'writes to a replica (reader endpoint)', event: () => target(replica), reason: ProbeFailureReason.READ_ONLY_REPLICA, step: 'SET', error: /READONLY/ },
    { name: 'cluster client to a non-cluster server', event: () => target(plain, { clusterMode: true }), reason: ProbeFailureReason.CLUSTER_MODE_MISMATCH },
    // TLS works and TCP worked: a connect failure that is not a timeout is not taken for a TLS mismatch
    { name: 'TLS cluster client to a non-cluster TLS server', event: () => target(tls, { tls: true, tlsCaPem: certs.caPem, clusterMode: true }), reason: ProbeFailureReason.CLUSTER_MODE_MISMATCH, step: 'connect' },
  ])('$name → $reason', async ({ event, reason, step, error }) => {
    const r = await health(event());
    expect(r).toMatchObject({ mode: 'health', redis: 'DOWN', reason });
    if (step) expect(r.failedStep).toBe(step);
    if (error) expect(r.error).toMatch(error);
    expect(r.hint).toBe(REASON_HINTS[reason]);
    expect(r.durationMs).toBeLessThan(WITHIN_MS);
  });

  test('nothing listening → CONNECTION_REFUSED', async () => {
    const port = await freePort();
    const r = await health({ host: LOOPBACK, port });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_REFUSED, failedStep: 'tcp' });
    // the socket's message as it is (its code is in it already)
    expect(r.error).toBe(`connect ECONNREFUSED ${LOOPBACK}:${port}`);
  });

  test('a peer that accepts and never answers → TIMEOUT (plain) / TLS_MISMATCH (no TLS handshake answer), never a hang', async () => {
    const hole = await startBlackHole();
    try {
      const r = await health({ host: LOOPBACK, port: hole.port, timeoutMs: 500 });
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'PING' });
      expect(r.durationMs).toBeLessThan(1500);
      const t = await health({ host: LOOPBACK, port: hole.port, timeoutMs: 500, tls: true });
      expect(t).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TLS_MISMATCH, failedStep: 'connect' });
      expect(t.error).toMatch(/TLS handshake got no answer/);
      expect(t.durationMs).toBeLessThan(1500);
    } finally {
      await hole.stop();
    }
  });

  test('TLS, a peer that never answers the handshake, the connect step capped by the deadline: TIMEOUT naming connect and the deadline, not TLS_MISMATCH', async () => {
    // a handshake cut short by the deadline says nothing about TLS: only a full step timeout does (above)
    const hole = await startBlackHole();
    try {
      const r = await runProbe({ host: LOOPBACK, port: hole.port, timeoutMs: 5000, tls: true }, {}, { deadline: Date.now() + 1500 }) as HealthResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'connect' });
      expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp']);
      expect(r.error).toMatch(new RegExp(`^connect to ${escaped(LOOPBACK)}:${hole.port} \\(capped by the invocation deadline\\) timed out after \\d+ ms$`));
    } finally {
      await hole.stop();
    }
  });

  test('a SYN that gets no answer (accept queue full): TIMEOUT at tcp after the step timeout, the message says where to look; capped by the deadline, it says so', async () => {
    const syn = await startSynBlackHole();
    try {
      const r = await health({ host: LOOPBACK, port: syn.port, timeoutMs: 500 });
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'tcp', steps: [{ step: 'credentials' }] });
      expect(r.error).toBe(`TCP connect to ${LOOPBACK}:${syn.port} timed out after 500 ms (no answer to SYN: security group, network ACL or route)`);
      expect(r.durationMs).toBeLessThan(1500);
      const capped = await runProbe({ host: LOOPBACK, port: syn.port, timeoutMs: 5000 }, {}, { deadline: Date.now() + 1000 }) as HealthResult;
      expect(capped).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'tcp' });
      expect(capped.error).toMatch(new RegExp(`^TCP connect to ${escaped(LOOPBACK)}:${syn.port} \\(capped by the invocation deadline\\) timed out after \\d+ ms$`));
      expect(capped.durationMs).toBeLessThan(1500);
      // tcpCheck called without saying whether the deadline capped it: the step timeout's message
      const err = await tcpCheck(LOOPBACK, syn.port, 300).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ProbeError);
      expect(err).toMatchObject({
        reason: ProbeFailureReason.TIMEOUT,
        message: `TCP connect to ${LOOPBACK}:${syn.port} timed out after 300 ms (no answer to SYN: security group, network ACL or route)`,
      });
    } finally {
      await syn.stop();
    }
  });

  test('the server closes the connection after answering PING (CLIENT KILL while SET waits): CONNECTION_CLOSED at SET, not a TLS guess', async () => {
    // a plain client whose connection closes before any reply guesses TLS_MISMATCH (a TLS-only server);
    // after a reply, the server spoke plain text: the connection was closed
    const server = await RedisServer.start();
    try {
      await server.cli('CLIENT', 'PAUSE', '10000', 'WRITE');
      const pending = runProbe(target(server, { timeoutMs: 5000 }), {}) as Promise<HealthResult>;
      // the SET is held by the pause: the PING before it has been answered
      let id: string | undefined;
      for (let i = 0; i < 100 && !id; i++) {
        id = /^id=(\d+) .* cmd=set /m.exec(await server.cli('CLIENT', 'LIST'))?.[1];
        if (!id) await sleep(50);
      }
      expect(await server.cli('CLIENT', 'KILL', 'ID', id!)).toBe('1');
      const r = await pending;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_CLOSED, failedStep: 'SET' });
      expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING']);
      expect(r.error).toBe('Connection is closed.');
    } finally {
      await server.stop('SIGKILL');
    }
  });

  test('a deadline already past: TIMEOUT at step tcp, the deadline named (no connection made)', async () => {
    const r = await runProbe(target(plain), {}, { deadline: Date.now() - 1 }) as HealthResult;
    expect(r).toMatchObject({ mode: 'health', redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'tcp', steps: [{ step: 'credentials' }] });
    expect(r.error).toBe('stopped before tcp: 0 ms left before the invocation deadline');
  });

  test('a peer that never answers PING, the step capped by the deadline: the message names the step and the deadline', async () => {
    const hole = await startBlackHole();
    try {
      const r = await runProbe({ host: LOOPBACK, port: hole.port, timeoutMs: 5000 }, {}, { deadline: Date.now() + 1500 }) as HealthResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'PING' });
      expect(r.error).toMatch(/^PING \(capped by the invocation deadline\) timed out after \d+ ms$/);
    } finally {
      await hole.stop();
    }
  });

  test('writes paused (CLIENT PAUSE WRITE), the step capped by the deadline: TIMEOUT at SET, the message names SET', async () => {
    const server = await RedisServer.start();
    try {
      await server.cli('CLIENT', 'PAUSE', '10000', 'WRITE');
      const r = await runProbe(target(server, { timeoutMs: 5000 }), {}, { deadline: Date.now() + 1500 }) as HealthResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'SET' });
      expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING']);
      expect(r.error).toMatch(/^SET \(capped by the invocation deadline\) timed out after \d+ ms$/);
    } finally {
      await server.stop('SIGKILL');
    }
  });

  test.each(['GET', 'DEL', 'INFO'])('a proxy that stops forwarding at %s, the step capped by the deadline: TIMEOUT at that step, the message names it', async (command) => {
    const proxy = await startCommandProxy(plain, { hangAt: command });
    try {
      const r = await runProbe({ host: LOOPBACK, port: proxy.port, timeoutMs: 5000 }, {}, { deadline: Date.now() + 1500 }) as HealthResult;
      const before = ['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO'];
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: command });
      expect(r.steps.map(x => x.step)).toEqual(before.slice(0, before.indexOf(command)));
      expect(r.error).toMatch(new RegExp(`^${command} \\(capped by the invocation deadline\\) timed out after \\d+ ms$`));
      expect(proxy.commands.map(c => c[0].toUpperCase())).toEqual(['PING', 'SET', 'GET', 'DEL', 'INFO'].slice(0, before.indexOf(command) - 3));
    } finally {
      await proxy.stop();
    }
  });

  test('a proxy that answers GET with another value: DATA_MISMATCH at GET, the key and both values in the message', async () => {
    const proxy = await startCommandProxy(plain, { getReply: 'not-what-was-set' });
    try {
      const r = await health({ host: LOOPBACK, port: proxy.port });
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.DATA_MISMATCH, failedStep: 'GET' });
      // the GET itself answered (its step is timed); the comparison after it failed
      expect(r.steps.map(x => x.step)).toEqual(['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET']);
      const set = proxy.commands.find(c => c[0].toUpperCase() === 'SET')!;
      expect(r.error).toBe(`GET ${set[1]} returned "not-what-was-set", SET wrote "${set[2]}"`);
      expect(set[1]).toMatch(/^probe:health:[0-9a-f]{16}$/);
      expect(set[2]).toMatch(/^\d+:[0-9a-f]{16}$/);
      // no DEL after the mismatch: the key expires by its TTL
      expect(proxy.commands.map(c => c[0].toUpperCase())).toEqual(['PING', 'SET', 'GET']);
    } finally {
      await proxy.stop();
    }
  });

  test.each([
    // used_memory, maxmemory (INFO rewritten on the way back) → the memory pressure warning (89.9 % prints as 90 %)
    [900, 1000, ['memory pressure: used_memory is 90% of maxmemory']],
    [899, 1000, []],
    [1000, 1000, ['memory pressure: used_memory is 100% of maxmemory']],
  ])('INFO says used_memory %d of maxmemory %d (a proxy rewrites the real server\'s reply): warnings exact at the 90 %% boundary', async (used, max, pressure) => {
    const proxy = await startCommandProxy(plain, {
      infoReply: info => info.replace(/^used_memory:\d+\r$/m, `used_memory:${used}\r`).replace(/^maxmemory:\d+\r$/m, `maxmemory:${max}\r`),
    });
    try {
      const r = await health({ host: LOOPBACK, port: proxy.port });
      expect(r).toMatchObject({ redis: 'UP', usedMemoryBytes: used, maxmemoryBytes: max, maxmemoryPolicy: 'noeviction' });
      expect(r.warnings).toEqual([...pressure, 'maxmemory-policy is noeviction: writes fail with OOM once memory is full']);
      expect(proxy.commands.map(c => c[0].toUpperCase())).toEqual(['PING', 'SET', 'GET', 'DEL', 'INFO']);
    } finally {
      await proxy.stop();
    }
  });

  test.each<[string, () => ProbeEvent, 'UP' | 'DOWN']>([
    ['UP', () => target(plain), 'UP'],
    ['a write refused (replica)', () => target(replica), 'DOWN'],
    ['a wrong password', () => target(auth, { password: 'not-the-token' }), 'DOWN'],
  ])('after %s the probe\'s connection is closed (connected_clients back to what it was)', async (_what, event, redis) => {
    const server = [plain, replica, auth].find(x => x.port === event().port)!;
    const clients = async () => Number(/connected_clients:(\d+)/.exec(await server.cli(...(server.options.password ? ['-a', PASSWORD, '--no-auth-warning'] : []), 'INFO', 'clients'))![1]);
    const before = await clients();
    expect((await health(event())).redis).toBe(redis);
    let now = await clients();
    for (let i = 0; i < 100 && now !== before; i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
      now = await clients();
    }
    expect(now).toBe(before);
  });

  test('cluster mode, nothing listening / a peer that never answers: the endpoint\'s own reason at tcp / connect, not CLUSTER_DOWN', async () => {
    const port = await freePort();
    const refused = await health({ host: LOOPBACK, port, clusterMode: true });
    expect(refused).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_REFUSED, failedStep: 'tcp' });
    expect(refused.error).toBe(`connect ECONNREFUSED ${LOOPBACK}:${port}`);
    const hole = await startBlackHole();
    try {
      const silent = await health({ host: LOOPBACK, port: hole.port, clusterMode: true, timeoutMs: 500 });
      expect(silent).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'connect' });
      expect(silent.error).not.toMatch(/^a cluster node failed/);
    } finally {
      await hole.stop();
    }
    // the deadline stops the run before the secret is read: TIMEOUT at credentials, not CLUSTER_DOWN
    const env = { REDIS_HOST: LOOPBACK, REDIS_PORT: `${port}`, REDIS_CLUSTER_MODE: 'true', REDIS_AUTH_SECRET_ARN: MISSING_SECRET_ARN };
    const stopped = await runProbe({}, env, { deadline: Date.now() - 1 }) as HealthResult;
    expect(stopped).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'credentials' });
    expect(stopped.error).toBe(`stopped before reading secret ${MISSING_SECRET_ARN}: 0 ms left before the invocation deadline`);
  });

  test('no REDIS_HOST → CONFIG_ERROR', async () => {
    const r = await runProbe({}, {});
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR, error: expect.stringMatching(/REDIS_HOST/) });
  });

  test.each([
    [{ mode: 'bench' }, /mode must be/],
    [{ host: LOOPBACK, port: 70000 }, /port must be an integer from 1 to 65535/],
    [{ host: LOOPBACK, mode: 'load', clients: 0 }, /clients must be an integer from 1/],
  ])('invalid event %j → CONFIG_ERROR', async (event, message) => {
    const r = await runProbe(event as ProbeEvent, {});
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
    expect(r.error).toMatch(message);
  });
});

describe('the esbuild bundle (assets/probe/probe.lambda)', () => {
  const bundle = PROBE_BUNDLE;
  beforeAll(() => ensureProbeBundle());

  test('inlines ioredis and leaves @aws-sdk to the runtime', () => {
    const code = fs.readFileSync(bundle, 'utf8');
    expect(code).not.toMatch(/require\(["']ioredis["']\)/);
    expect(code).toMatch(/require\(["']@aws-sdk\/client-secrets-manager["']\)/);
  });


  test('the bundled handler answers UP from a separate node process, configured by environment variables', async () => {
    const { returned, logged } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` });
    expect(returned).toMatchObject({ mode: 'health', redis: 'UP', endpoint: LOOPBACK, port: plain.port, tls: false, authMode: 'none' });
    expect(returned.reason).toBeUndefined();
    expect(logged).toEqual(returned);
  });

  test('the bundled handler answers DOWN with the reason for a server that needs a password it was not given', async () => {
    const { returned, logged } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${auth.port}` });
    expect(returned).toMatchObject({ mode: 'health', redis: 'DOWN', reason: ProbeFailureReason.AUTH_REQUIRED, failedStep: 'PING', port: auth.port });
    expect(returned.error).toMatch(/NOAUTH/);
    expect(returned.hint).toBe(REASON_HINTS[ProbeFailureReason.AUTH_REQUIRED]);
    expect(logged).toEqual(returned);
  });

  test('the bundled handler answers DOWN for a server that is not there (nothing listening)', async () => {
    const port = await freePort();
    const { returned, logged } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${port}` });
    expect(returned).toMatchObject({ mode: 'health', redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_REFUSED, failedStep: 'tcp', port });
    expect(logged).toEqual(returned);
  });

  test('the bundled handler answers a load event (load mode through the entry point)', async () => {
    const { returned } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` }, { mode: 'load', requests: 200, clients: 4 });
    expect(returned).toMatchObject({ mode: 'load', redis: 'UP', requests: 200, clients: 4, pass: true });
    expect(returned.set).toMatchObject({ completed: 200, errors: 0 });
  });

  test('the bundled handler stops a load run one second before the invocation\'s time runs out', async () => {
    const started = Date.now();
    const { returned } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` },
      { mode: 'load', requests: 1_000_000, clients: 4 }, 1400);
    // the deadline is 1400 - 1000 = 400 ms after the start: well before the 1.4 s the context allows
    expect(returned).toMatchObject({ mode: 'load', redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, pass: false });
    expect(returned.error).toMatch(/deadline/);
    expect(returned.durationMs).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

/**
 * A loopback TCP proxy in front of a real server, reading the commands the client sends (the probe sends
 * one command at a time and waits for its reply, so each chunk is one command and each reply one chunk):
 * from the command `hangAt` on it forwards nothing (the server never sees it, the client waits for an
 * answer), and with `getReply` it answers each GET with that bulk string instead of the server's reply.
 * `commands`: the commands forwarded, as argument lists.
 */
async function startCommandProxy(server: RedisServer, opts: { hangAt?: string; getReply?: string; infoReply?: (info: string) => string }) {
  const commands: string[][] = [];
  const { port, stop } = await startLoopbackTcp((client, track) => {
    const upstream = net.connect({ host: server.host, port: server.port });
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let hung = false;
    let rewrite: 'GET' | 'INFO' | undefined;
    let pending = Buffer.alloc(0);
    client.on('data', chunk => {
      // *<n> $<len> <arg> $<len> <arg> ...
      const parts = chunk.toString('latin1').split('\r\n');
      const args = Array.from({ length: Number(parts[0].slice(1)) }, (_, i) => parts[2 + 2 * i]);
      if (hung || args[0].toUpperCase() === opts.hangAt) {
        hung = true;
        return;
      }
      commands.push(args);
      const name = args[0].toUpperCase();
      rewrite = (name === 'GET' && opts.getReply !== undefined) || (name === 'INFO' && opts.infoReply !== undefined) ? name : undefined;
      upstream.write(chunk);
    });
    upstream.on('data', chunk => {
      if (rewrite === 'GET') {
        rewrite = undefined;
        client.write(`$${Buffer.byteLength(opts.getReply!)}\r\n${opts.getReply}\r\n`);
      } else if (rewrite === 'INFO') {
        // the INFO reply is one bulk string ($<len>\r\n<text>\r\n), possibly in several chunks: rewrite it whole
        pending = Buffer.concat([pending, chunk]);
        const header = pending.indexOf('\r\n');
        if (header < 0) return;
        const length = Number(pending.subarray(1, header).toString());
        if (pending.length < header + 2 + length + 2) return;
        const info = opts.infoReply!(pending.subarray(header + 2, header + 2 + length).toString('latin1'));
        rewrite = undefined;
        pending = Buffer.alloc(0);
        client.write(`$${Buffer.byteLength(info, 'latin1')}\r\n${info}\r\n`, 'latin1');
      } else {
        client.write(chunk);
      }
    });
  });
  return { port, commands, stop };
}
