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
