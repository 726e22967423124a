/**
 * Cluster mode against real 3-node redis clusters on loopback: plain, and TLS
 * with AUTH; then a node killed.
 */
import * as fs from 'fs';
import { Certificates, LOOPBACK, makeCertificates, RedisCluster, RedisServer } from './redis-fixture';
import { HealthResult, KeyResult, LoadResult, ProbeEvent, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

const TIMEOUT_MS = 2000;
const PASSWORD = 'cluster-auth-token-0123456789abcdef';

let certs: Certificates;
let plain: RedisCluster;
let secure: RedisCluster;

beforeAll(async () => {
  certs = await makeCertificates();
  [plain, secure] = await Promise.all([
    RedisCluster.start(),
    RedisCluster.start({ tls: certs, password: PASSWORD }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([plain, secure].filter(Boolean).map(c => c.stop()));
  if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
});

async function health(event: ProbeEvent): Promise<HealthResult> {
  return await runProbe({ timeoutMs: TIMEOUT_MS, clusterMode: true, ...event }, {}) as HealthResult;
}

test('plain cluster through one node (the configuration endpoint)', async () => {
  const r = await health({ host: LOOPBACK, port: plain.nodes[1].port });
  expect(r).toMatchObject({
    redis: 'UP', clusterMode: true, tls: false, clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 3, role: 'master',
  });
  expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO', 'CLUSTER INFO', 'PING primaries']);
});

test('TLS cluster with AUTH (dnsLookup keeps names, every node verified against the CA)', async () => {
  const r = await health({ host: LOOPBACK, port: secure.nodes[0].port, tls: true, tlsCaPem: certs.caPem, password: PASSWORD });
  expect(r).toMatchObject({ redis: 'UP', clusterMode: true, tls: true, clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 3 });
});

test('TLS cluster through a host name, as ElastiCache gives its configuration endpoint (dnsLookup answers with the name itself)', async () => {
  // the client resolves a startup node given by name through dnsLookup (an IP address is used as it is)
  const r = await health({ host: 'localhost', port: secure.nodes[0].port, tls: true, tlsCaPem: certs.caPem, password: PASSWORD });
  expect(r).toMatchObject({ redis: 'UP', endpoint: 'localhost', clusterMode: true, tls: true, clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 3 });
  expect(r.durationMs).toBeLessThan(TIMEOUT_MS);
});

test('TLS cluster, wrong password → AUTH_FAILED', async () => {
  const r = await health({ host: LOOPBACK, port: secure.nodes[0].port, tls: true, tlsCaPem: certs.caPem, password: 'wrong' });
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_FAILED });
  expect(r.durationMs).toBeLessThan(TIMEOUT_MS + 1000);
});

test('TLS cluster, plain-text client → TLS_MISMATCH', async () => {
  const r = await health({ host: LOOPBACK, port: secure.nodes[0].port, password: PASSWORD });
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TLS_MISMATCH });
  expect(r.durationMs).toBeLessThan(TIMEOUT_MS + 1000);
});

test('standalone client to a cluster node → CLUSTER_MODE_MISMATCH (MOVED) or UP when the key hashes to that node', async () => {
  // Deterministic: try until a probe key lands on another node (two thirds of the slots).
  let r: HealthResult | undefined;
  for (let i = 0; i < 10; i++) {
    r = await health({ host: LOOPBACK, port: plain.nodes[0].port, clusterMode: false });
    if (r.redis === 'DOWN') break;
  }
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_MODE_MISMATCH, failedStep: 'SET' });
  expect(r!.error).toMatch(/^MOVED /);
});

test('load mode through the configuration endpoint (keys spread over the shards)', async () => {
  const r = await runProbe({
    mode: 'load',
    host: LOOPBACK,
    port: secure.nodes[2].port,
    tls: true,
    tlsCaPem: certs.caPem,
    password: PASSWORD,
    clusterMode: true,
    requests: 3000,
    clients: 12,
    timeoutMs: TIMEOUT_MS,
  }, {}) as LoadResult;
  expect(r).toMatchObject({ mode: 'load', redis: 'UP', clusterMode: true, pass: true });
  expect(r.set!.completed).toBe(3000);
  expect(r.get!.completed).toBe(3000);
  const keysPerNode = await Promise.all(secure.nodes.map(n => n.cli('DBSIZE')));
  expect(keysPerNode.every(k => k === '0')).toBe(true); // cleaned up
});

test('a node killed → CLUSTER_DOWN, within the timeout', async () => {
  await plain.nodes[2].kill();
  // At once: the slot map still lists the dead primary.
  const early = await health({ host: LOOPBACK, port: plain.nodes[0].port });
  expect(early).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_DOWN });
  expect(early.error).toMatch(/ECONNREFUSED|unreachable|CLUSTERDOWN/);
  expect(early.durationMs).toBeLessThan(TIMEOUT_MS * 2 + 1000);

  // After the node timeout (1 s here, 15 s on ElastiCache) the survivors say cluster_state:fail.
  await plain.waitState('fail', 10_000, plain.nodes.slice(0, 2));
  const late = await health({ host: LOOPBACK, port: plain.nodes[1].port });
  expect(late).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_DOWN });
  expect(late.error).toMatch(/CLUSTERDOWN|cluster_state:fail/);
  expect(late.durationMs).toBeLessThan(TIMEOUT_MS * 2 + 1000);
});

/** A probe key name (`probe:<name>`) whose slot `node` serves, from the node's own view of the slot map. */
async function keyServedBy(node: RedisServer): Promise<string> {
  const myself = (await node.cli('CLUSTER', 'NODES')).split('\n').find(l => l.includes('myself'))!;
  const ranges = myself.trim().split(' ').slice(8).map(r => r.split('-').map(Number));
  expect(ranges.length).toBeGreaterThan(0);
  for (let i = 0; i < 100; i++) {
    const slot = Number(await node.cli('CLUSTER', 'KEYSLOT', `probe:refused-${i}`));
    if (ranges.some(([lo, hi = lo]) => slot >= lo && slot <= hi)) return `refused-${i}`;
  }
  throw new Error(`no probe key among 100 hashes to ${node.host}:${node.port}`);
}

test('primaries killed: the answer names the node that holds the key (the first refusal), not another one a retry reached', async () => {
  // Every refusal is CONNECTION_REFUSED, equally specific: the first one seen is reported. The SET goes
  // to the key's primary first; ioredis then retries on random nodes and reaches the other dead primaries,
  // whose refusals come later in the connection's error list. Six primaries, one left alive: a retry
  // lands on a node other than the key's in 4 cases out of 6, so reporting the last refusal instead of the
  // first names the wrong node in most runs (in all four with a probability of about 99 %).
  const c = await RedisCluster.start({ size: 6 });
  try {
    const [live, holder, ...others] = c.nodes;
    const key = await keyServedBy(holder);
    await Promise.all([holder, ...others].map(n => n.kill()));
    for (let run = 0; run < 4; run++) {
      const r = await runProbe({ mode: 'write', key, host: LOOPBACK, port: live.port, clusterMode: true, timeoutMs: 1000 }, {}) as KeyResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_REFUSED, failedStep: 'SET', key: `probe:${key}` });
      expect(r.error).toBe(`connect ECONNREFUSED ${LOOPBACK}:${holder.port}`);
    }
  } finally {
    await c.stop();
  }
}, 60_000);

/**
 * Exact messages and facts of the cluster-mode checks (src/probe/private/health.ts lines 51-93), on a
 * 3-primary cluster of its own that each test sets into one fault through the servers' own means (ACL,
 * slot table, CLIENT PAUSE). ioredis sends a keyless command (PING, INFO, CLUSTER INFO) to a random
 * primary, so a test whose fault sits on one primary repeats the probe until the fault meets the step it
 * is about (at least one run in three does): the loops stop at the first such run and fail after 30-60.
 */
describe('cluster mode, exact messages', () => {
  let trio: RedisCluster;
  beforeAll(async () => {
    trio = await RedisCluster.start();
  }, 60_000);
  afterAll(async () => {
    await trio?.stop();
  });

  const port = (n: RedisServer) => `${LOOPBACK}:${n.port}`;
  const noPerm = (command: string) => `NOPERM this user has no permissions to run the '${command}' command`;

  /** A key prefix with a hash tag (`{tN}`) whose slot `node` serves. */
  async function prefixServedBy(node: RedisServer): Promise<string> {
    const myself = (await node.cli('CLUSTER', 'NODES')).split('\n').find(l => l.includes('myself'))!;
    const ranges = myself.trim().split(' ').slice(8).map(r => r.split('-').map(Number));
    for (let i = 0; i < 100; i++) {
      const slot = Number(await node.cli('CLUSTER', 'KEYSLOT', `{t${i}}`));
      if (ranges.some(([lo, hi = lo]) => slot >= lo && slot <= hi)) return `{t${i}}`;
    }
    throw new Error(`no hash tag among 100 maps to ${port(node)}`);
  }

  /** Runs the probe until `done` says the run is the one sought; fails after `tries` runs. */
  async function until(event: ProbeEvent, done: (r: HealthResult) => boolean, tries = 30, deadlineMs?: number): Promise<HealthResult> {
    let r: HealthResult | undefined;
    for (let i = 0; i < tries; i++) {
      r = await runProbe({ timeoutMs: TIMEOUT_MS, clusterMode: true, ...event },
        {}, deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs }) as HealthResult;
      if (done(r)) return r;
    }
    throw new Error(`no run of ${tries} met the condition; the last: ${JSON.stringify(r)}`);
  }

  test('SET denied on every node (ACL): the DOWN message ends with the cluster state a node gave; with under 1 s left, nothing is added', async () => {
    await Promise.all(trio.nodes.map(n => n.cli('ACL', 'SETUSER', 'default', '-set')));
    try {
      const r = await health({ host: LOOPBACK, port: trio.nodes[0].port });
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.ACL_DENIED, failedStep: 'SET', clusterState: 'ok' });
      expect(r.error).toBe(`${noPerm('set')} (cluster_state:ok, slots ok 16384 of 16384)`);
      expect(r.clusterNodes).toBeUndefined(); // the run stopped before the primaries were counted

      // The deadline 1 s away: the same failure, answered at once, without asking for the cluster state.
      const capped = await runProbe({ host: LOOPBACK, port: trio.nodes[0].port, clusterMode: true, timeoutMs: TIMEOUT_MS }, {},
        { deadline: Date.now() + 1000 }) as HealthResult;
      expect(capped).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.ACL_DENIED, failedStep: 'SET' });
      expect(capped.error).toBe(noPerm('set'));
      expect(capped.clusterState).toBeUndefined();
    } finally {
      await Promise.all(trio.nodes.map(n => n.cli('ACL', 'SETUSER', 'default', '+set')));
    }
  });

  test('PING denied on two of three primaries (ACL): ACL_DENIED at "PING primaries", "2 of 3 primaries unreachable" with each node\'s own error', async () => {
    const [a, b, c] = trio.nodes;
    await Promise.all([a, b].map(n => n.cli('ACL', 'SETUSER', 'default', '-ping')));
    try {
      // the PING step itself must land on c (one run in three)
      const r = await until({ host: LOOPBACK, port: c.port }, x => x.failedStep === 'PING primaries');
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.ACL_DENIED, failedStep: 'PING primaries' });
      expect(r).toMatchObject({ clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 1 });
      // every ping answered (some with an error): the step itself completed
      expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO', 'CLUSTER INFO', 'PING primaries']);
      // the nodes in ioredis' order (not the fixture's): either order, nothing appended
      const detail = (x: RedisServer, y: RedisServer) =>
        `2 of 3 primaries unreachable: ${port(x)}: ${noPerm('ping')}; ${port(y)}: ${noPerm('ping')}`;
      expect([detail(a, b), detail(b, a)]).toContain(r.error);
    } finally {
      await Promise.all([a, b].map(n => n.cli('ACL', 'SETUSER', 'default', '+ping')));
    }
  });

  test('cluster_state:fail on one primary (full coverage required there, slot 0 unassigned everywhere), ok on the others: CLUSTER_DOWN with its state and slots', async () => {
    const [a, b, c] = trio.nodes;
    // b and c keep serving without full coverage; a requires it (the default) and says fail
    await Promise.all([b, c].map(n => n.cli('CONFIG', 'SET', 'cluster-require-full-coverage', 'no')));
    await Promise.all(trio.nodes.map(n => n.cli('CLUSTER', 'DELSLOTS', '0')));
    await trio.waitState('fail', 10_000, [a]);
    await trio.waitState('ok', 10_000, [b, c]);
    const keyPrefix = await prefixServedBy(b);
    // CLUSTER INFO must land on a (one run in three); the other runs are UP with b's or c's state
    const seen: HealthResult[] = [];
    const r = await until({ host: LOOPBACK, port: b.port, keyPrefix }, x => (seen.push(x), x.redis === 'DOWN'));
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_DOWN, failedStep: 'PING primaries' });
    expect(r).toMatchObject({ clusterState: 'fail', clusterNodes: 3, clusterNodesUp: 3 });
    expect(r.error).toBe('cluster_state:fail (slots ok 16383 of 16384)');
    for (const up of seen.slice(0, -1)) expect(up).toMatchObject({ redis: 'UP', clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 3 });
  });

  test('one primary paused (CLIENT PAUSE ALL), steps capped by the deadline: each timeout names its step, and the node for "PING primaries"', async () => {
    const [a, b] = trio.nodes;
    const keyPrefix = await prefixServedBy(b);
    await a.cli('CLIENT', 'PAUSE', '60000', 'ALL');
    const byStep = new Map<string, HealthResult>();
    const wanted = ['INFO', 'CLUSTER INFO', 'PING primaries'];
    // a step times out only when its command lands on a (INFO: 2 runs in 9, CLUSTER INFO: 4 in 27, PING primaries: 8 in 27)
    await until({ host: LOOPBACK, port: b.port, keyPrefix, timeoutMs: 10_000 }, x => {
      if (x.failedStep && !byStep.has(x.failedStep)) byStep.set(x.failedStep, x);
      return wanted.every(w => byStep.has(w));
    }, 60, 400);
    const capped = (what: string) => `${what} \\(capped by the invocation deadline\\) timed out after \\d+ ms`;
    for (const step of ['INFO', 'CLUSTER INFO']) {
      const r = byStep.get(step)!;
      // a TIMEOUT of one node after the endpoint answered: the cluster is down, the node's failure quoted
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_DOWN, failedStep: step });
      expect(r.error).toMatch(new RegExp(`^a cluster node failed: ${capped(step)}$`));
      expect(r.clusterState).toBeUndefined();
    }
    const p = byStep.get('PING primaries')!;
    expect(p).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CLUSTER_DOWN, clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 2 });
    expect(p.error).toMatch(new RegExp(`^1 of 3 primaries unreachable: ${port(a)}: ${capped(`PING ${port(a)}`)}$`));
  }, 60_000);

  test('the cluster state added to a DOWN message: a primary that does not answer gets at most 1 s, and the answer keeps 500 ms before the deadline', async () => {
    // Through a replica as the endpoint, ioredis lists the primaries in CLUSTER SLOTS order, the primary of slot 0
    // first; frozen (SIGSTOP, the replicas told not to fail over), it never answers the CLUSTER INFO asked after
    // a failure, and the probe moves on to the next primary when that primary's share of the time is up.
    const six = await RedisCluster.start({ size: 6, replicas: 1 });
    // CLUSTER NODES: "<id> <host>:<port>@<bus> <flags> <primary> … <slots>"
    const table = (await six.nodes[0].cli('CLUSTER', 'NODES')).trim().split('\n').map(l => l.trim().split(' ')).map(f => ({
      node: six.nodes.find(n => n.port === Number(f[1].split('@')[0].split(':').pop()))!,
      primary: f[2].split(',').includes('master'),
      slots: f.slice(8),
    }));
    const first = table.find(r => r.primary && r.slots.some(x => x.startsWith('0-')))!.node;
    const live = table.find(r => r.primary && r.node !== first)!.node;
    const replica = table.find(r => !r.primary)!.node;
    const keyPrefix = await prefixServedBy(live);
    await Promise.all(six.nodes.map(n => n.cli('ACL', 'SETUSER', 'default', '-set')));
    await Promise.all(six.nodes.map(n => n.cli('CONFIG', 'SET', 'cluster-replica-no-failover', 'yes')));
    process.kill(first.pid!, 'SIGSTOP');
    try {
      /** A run that failed at SET (the keyless PING may land on the frozen primary: then again) and asked for the cluster state. */
      const failedAtSet = async (deadlineMs: number) => {
        for (let i = 0; i < 10; i++) {
          const r = await runProbe({ host: LOOPBACK, port: replica.port, clusterMode: true, timeoutMs: TIMEOUT_MS, keyPrefix }, {},
            { deadline: Date.now() + deadlineMs }) as HealthResult;
          if (r.failedStep === 'SET' && r.error?.includes('(cluster_state:')) return r;
        }
        throw new Error(`no run of 10 failed at SET with the cluster state (deadline ${deadlineMs} ms)`);
      };
      const stateOf = new RegExp(`^${noPerm('set')} \\(cluster_state:(ok|fail), slots ok \\d+ of 16384\\)$`);
      // 10 s left: the frozen primary gets min(step timeout 2 s, 1 s, time left - 500 ms) = 1 s, then the next one answers
      const roomy = await failedAtSet(10_000);
      expect(roomy).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.ACL_DENIED });
      expect(roomy.error).toMatch(stateOf);
      expect(roomy.durationMs).toBeGreaterThanOrEqual(950);
      expect(roomy.durationMs).toBeLessThan(1900);
      // 1.2 s left: it gets the time left less 500 ms, so the answer comes about 500 ms before the deadline (not 1 s later)
      const tight = await failedAtSet(1200);
      expect(tight.error).toMatch(stateOf);
      expect(tight.durationMs).toBeGreaterThanOrEqual(500);
      expect(tight.durationMs).toBeLessThan(950);
    } finally {
      process.kill(first.pid!, 'SIGCONT');
      await six.stop();
    }
  }, 60_000);
});
