/**
 * The probe against a real Valkey server (9.1.2, the binary scripts/ensure-valkey.sh pins), as ElastiCache's
 * `valkey` engine: the answer names the engine and version from INFO (`valkey_version`), and Valkey's own
 * error replies (which are not redis-server's word for word) are classified as they are for Redis OSS.
 * Plain, AUTH token, ACL users, a replica, a full memory, a 3-primary cluster and the bundled handler. Not TLS: the
 * pinned binary is built without it ("Failed finding TLS support"); TLS is tested against Debian's redis-server.
 */
import { ensureProbeBundle, invokeBundledHandler } from './bundle';
import { LOOPBACK, RedisCluster, RedisServer, VALKEY_VERSION } from './redis-fixture';
import { HealthResult, LoadResult, ProbeEvent, ProbeFailureReason, REASON_HINTS, runProbe } from '../../src/probe/private/probe-core';

const PASSWORD = 'valkey-auth-token-0123456789abcdef';
const USER_PASSWORD = 'valkey-user-password-0123456789';
/** The probe user's ACL, as the construct creates it (docs/security.md): its own commands and keys only. */
const ACL_PROBE = ['on', `>${USER_PASSWORD}`, '~probe:*', 'resetchannels', '-@all', '+ping', '+get', '+set', '+del', '+info'];
const STEPS = ['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO'];

let plain: RedisServer;
let auth: RedisServer;
let full: RedisServer;
let replica: RedisServer;

beforeAll(async () => {
  [plain, auth, full] = await Promise.all([
    RedisServer.start({ engine: 'valkey' }),
    RedisServer.start({ engine: 'valkey', password: PASSWORD }),
    RedisServer.start({ engine: 'valkey', args: ['--maxmemory', '1', '--maxmemory-policy', 'noeviction'] }),
  ]);
  replica = await RedisServer.start({ engine: 'valkey', args: ['--replicaof', LOOPBACK, `${plain.port}`] });
  await auth.cli('ACL', 'SETUSER', 'probe', ...ACL_PROBE);
  await auth.cli('ACL', 'SETUSER', 'probe-readonly', 'on', `>${USER_PASSWORD}`, '~probe:*', '-@all', '+ping', '+get', '+info');
  await replica.waitSynced();
});

afterAll(async () => {
  await Promise.all([plain, auth, full, replica].filter(Boolean).map(s => s.stop()));
});

async function health(server: RedisServer, extra: ProbeEvent = {}): Promise<HealthResult> {
  return await runProbe({ host: LOOPBACK, port: server.port, timeoutMs: 2000, ...extra }, {}) as HealthResult;
}

test('the server under test is Valkey, not redis-server', async () => {
  expect(await plain.cli('INFO', 'server')).toMatch(new RegExp(`^valkey_version:${VALKEY_VERSION.replace(/\./g, '\\.')}\\r?$`, 'm'));
});

describe('UP against Valkey: engine and version from INFO', () => {
  test.each<[string, () => RedisServer, ProbeEvent, string]>([
    ['plain', () => plain, {}, 'none'],
    ['AUTH token', () => auth, { password: PASSWORD }, 'auth-token'],
    ['ACL user limited to the probe\'s commands and keys', () => auth, { username: 'probe', password: USER_PASSWORD }, 'rbac'],
  ])('%s', async (_name, server, extra, authMode) => {
    const r = await health(server(), extra);
    expect(r).toMatchObject({
      mode: 'health', redis: 'UP', engine: 'valkey', serverVersion: VALKEY_VERSION, role: 'master', authMode, tls: false,
    });
    expect(r.steps.map(s => s.step)).toEqual(STEPS);
    expect(r.reason).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  test('the probe key is gone after the run', async () => {
    expect((await health(plain)).redis).toBe('UP');
    expect(await plain.cli('--scan', '--pattern', 'probe:*')).toBe('');
  });
});

describe('Valkey\'s error replies, classified as for Redis OSS', () => {
  test.each<{ name: string; server: () => RedisServer; event: ProbeEvent; reason: ProbeFailureReason; step: string; error: RegExp }>([
    { name: 'wrong password', server: () => auth, event: { password: 'not-the-token' }, reason: ProbeFailureReason.AUTH_FAILED, step: 'PING', error: /^WRONGPASS / },
    { name: 'no password for a server that needs one', server: () => auth, event: {}, reason: ProbeFailureReason.AUTH_REQUIRED, step: 'PING', error: /^NOAUTH / },
    { name: 'ACL: user may not SET', server: () => auth, event: { username: 'probe-readonly', password: USER_PASSWORD }, reason: ProbeFailureReason.ACL_DENIED, step: 'SET', error: /^NOPERM / },
    { name: 'memory full with noeviction', server: () => full, event: {}, reason: ProbeFailureReason.OUT_OF_MEMORY, step: 'SET', error: /^OOM / },
    { name: 'writes to a replica', server: () => replica, event: {}, reason: ProbeFailureReason.READ_ONLY_REPLICA, step: 'SET', error: /^READONLY / },
    { name: 'cluster client to a non-cluster server', server: () => plain, event: { clusterMode: true }, reason: ProbeFailureReason.CLUSTER_MODE_MISMATCH, step: 'connect', error: /cluster/i },
  ])('$name → $reason at $step', async ({ server, event, reason, step, error }) => {
    const r = await health(server(), event);
    expect(r).toMatchObject({ mode: 'health', redis: 'DOWN', reason, failedStep: step, hint: REASON_HINTS[reason] });
    expect(r.error).toMatch(error);
  });
});

describe('a Valkey cluster (3 primaries)', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ nodeOptions: [{ engine: 'valkey' }, { engine: 'valkey' }, { engine: 'valkey' }] });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  test('health in cluster mode: UP, engine valkey, the cluster checked', async () => {
    const r = await health(cluster.nodes[0], { clusterMode: true });
    expect(r).toMatchObject({ redis: 'UP', clusterMode: true, engine: 'valkey', serverVersion: VALKEY_VERSION });
    expect(r.steps.map(s => s.step)).toEqual([...STEPS, 'CLUSTER INFO', 'PING primaries']);
  });

  test('a small load run in cluster mode: every request answered, no load key left on any primary', async () => {
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: cluster.nodes[0].port, clusterMode: true, requests: 3000, clients: 6, timeoutMs: 5000 }, {}) as LoadResult;
    expect(r).toMatchObject({ mode: 'load', redis: 'UP', clusterMode: true, requests: 3000, clients: 6, pass: true, failures: [] });
    expect(r.set!.completed).toBe(3000);
    expect(r.get!.completed).toBe(3000);
    expect(r.set!.errors + r.get!.errors).toBe(0);
    // the load keys expire by their TTL and the run deletes them: none is left behind on any primary
    for (const node of cluster.nodes) expect(await node.cli('--scan', '--pattern', 'probe:*')).toBe('');
  });
});

describe('the bundled handler (the Lambda entry point) against Valkey', () => {
  beforeAll(() => ensureProbeBundle());

  test('UP with engine valkey, from environment variables only', async () => {
    const { returned, logged } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` });
    expect(returned).toMatchObject({ mode: 'health', redis: 'UP', engine: 'valkey', serverVersion: VALKEY_VERSION, port: plain.port });
    expect(logged).toEqual(returned);
  });

  test('DOWN with the reason for a Valkey server that needs a password it was not given', async () => {
    const { returned } = await invokeBundledHandler({ REDIS_HOST: LOOPBACK, REDIS_PORT: `${auth.port}` });
    expect(returned).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_REQUIRED, failedStep: 'PING' });
  });
});
