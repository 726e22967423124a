/**
 * Load mode against a real redis-server on loopback, next to redis-benchmark
 * on the same server with the same client count:
 *   redis-benchmark -h 127.0.0.1 -p <port> -c 100 -n 10000 -t set,get -q
 * Both results are written to .bench/probe-load.json (gitignored).
 *
 * The comparison is measured in the test's own run (same server, same machine
 * load) and asserts a ratio floor: the probe (one Node.js process, ioredis,
 * pipeline 1) reaches at least BENCHMARK_RATIO_FLOOR of redis-benchmark's
 * requests per second, for SET and for GET, best of two alternated runs each.
 * Measured on the shared 2-core machine, single runs: 0.45-1.07 alone, down to
 * 0.25 with another jest worker busy on the second core; the floor is generous
 * for that and still fails a probe an order of magnitude off (docs/testing.md).
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { Certificates, LOOPBACK, makeCertificates, RedisServer } from './redis-fixture';
import { LoadResult, ProbeEvent, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

const USER_PASSWORD = 'probe-user-password-0123456789';
/** The probe's ops/s over redis-benchmark's rps on the same server, measured back to back. */
const BENCHMARK_RATIO_FLOOR = 0.2;
/** Running inside a StrykerJS mutation run (instrumented sources). */
const INSTRUMENTED = process.env.STRYKER_MUTATOR_WORKER !== undefined;

let certs: Certificates;
let server: RedisServer;
let secure: RedisServer;

beforeAll(async () => {
  certs = await makeCertificates();
  [server, secure] = await Promise.all([
    RedisServer.start(),
    RedisServer.start({ tls: certs, password: 'load-auth-token-0123456789abcdef' }),
  ]);
  await secure.cli('ACL', 'SETUSER', 'probe', 'on', `>${USER_PASSWORD}`, '~probe:*', '-@all', '+ping', '+get', '+set', '+del', '+info');
});

afterAll(async () => {
  await Promise.all([server, secure].filter(Boolean).map(s => s.stop()));
  if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
});

async function load(event: ProbeEvent): Promise<LoadResult> {
  return await runProbe({ mode: 'load', host: LOOPBACK, port: server.port, timeoutMs: 5000, ...event }, {}) as LoadResult;
}

/** `SET: 98039.22 requests per second, p50=0.511 msec` → { SET: { rps, p50 } } */
function parseBenchmark(out: string): { [test: string]: { rps: number; p50Ms?: number } } {
  const result: { [test: string]: { rps: number; p50Ms?: number } } = {};
  for (const line of out.split(/[\r\n]+/)) {
    const m = /(SET|GET): ([\d.]+) requests per second(?:, p50=([\d.]+) msec)?/.exec(line);
    if (m) result[m[1]] = { rps: Number(m[2]), p50Ms: m[3] ? Number(m[3]) : undefined };
  }
  return result;
}

test('defaults mirror redis-benchmark -c 100 -n 10000 -t set,get, and compare with it on the same server', async () => {
  // warm-up (connections, JIT), not measured
  await load({ requests: 2000, clients: 20 });
  const probe = await load({});
  expect(probe).toMatchObject({ mode: 'load', redis: 'UP', requests: 10_000, clients: 100, pipeline: 1, valueSizeBytes: 3, pass: true, failures: [] });
  for (const f of [probe.set!, probe.get!]) {
    expect(f).toMatchObject({ requests: 10_000, completed: 10_000, errors: 0 });
    expect(f.opsPerSecond).toBeGreaterThan(1000);
    expect(f.p50LatencyMs).toBeGreaterThan(0);
    expect(f.p99LatencyMs).toBeGreaterThanOrEqual(f.p50LatencyMs);
    expect(f.maxLatencyMs).toBeGreaterThanOrEqual(f.p99LatencyMs);
  }
  // the run's keys are gone
  expect(await server.cli('--scan', '--pattern', 'probe:*')).toBe('');

  const args = ['-h', LOOPBACK, '-p', `${server.port}`, '-c', '100', '-n', '10000', '-t', 'set,get', '-q'];
  const benchmark = async () => parseBenchmark((await promisify(execFile)('redis-benchmark', args, { timeout: 30_000 })).stdout);
  // Alternate redis-benchmark and the probe twice and compare the best of each: a burst of other work on the
  // shared cores during one run (another jest worker synthesizing a stack) does not decide the comparison.
  const bench1 = await benchmark();
  const probe2 = await load({});
  const bench2 = await benchmark();
  const best = (a: number, b: number) => Math.max(a, b);
  const bench = {
    SET: { ...bench1.SET, rps: best(bench1.SET.rps, bench2.SET.rps) },
    GET: { ...bench1.GET, rps: best(bench1.GET.rps, bench2.GET.rps) },
  };
  const probeBest = {
    SET: best(probe.set!.opsPerSecond, probe2.set!.opsPerSecond),
    GET: best(probe.get!.opsPerSecond, probe2.get!.opsPerSecond),
  };
  const ratio = {
    SET: Math.round(probeBest.SET / bench.SET.rps * 100) / 100,
    GET: Math.round(probeBest.GET / bench.GET.rps * 100) / 100,
  };

  const report = {
    server: `redis-server ${probe.set ? (await server.cli('INFO', 'server')).match(/redis_version:(\S+)/)?.[1] : ''} on ${LOOPBACK}`,
    probe: {
      command: 'runProbe({ mode: "load" }) — 10000 requests, 100 clients, pipeline 1, 3-byte values',
      set: probe.set,
      get: probe.get,
    },
    redisBenchmark: { command: `redis-benchmark ${args.join(' ')}`, set: bench.SET, get: bench.GET },
    ratio,
    ratioFloor: BENCHMARK_RATIO_FLOOR,
  };
  const dir = path.join(__dirname, '..', '..', '.bench');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'probe-load.json'), JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`\nload mode: SET ${probe.set!.opsPerSecond} ops/s (p50 ${probe.set!.p50LatencyMs} ms, p99 ${probe.set!.p99LatencyMs} ms), `
    + `GET ${probe.get!.opsPerSecond} ops/s (p50 ${probe.get!.p50LatencyMs} ms, p99 ${probe.get!.p99LatencyMs} ms)\n`
    + `redis-benchmark: SET ${bench.SET.rps} rps (p50 ${bench.SET.p50Ms} ms), GET ${bench.GET.rps} rps (p50 ${bench.GET.p50Ms} ms)\n`
    + `probe / redis-benchmark: SET ${ratio.SET}, GET ${ratio.GET} (floor ${BENCHMARK_RATIO_FLOOR})\n`);
  // the comparison the title promises: within a factor of redis-benchmark on the same server. Not under
  // StrykerJS (`npx projen mutation`): its instrumentation counts coverage in the probe's hot loop, so the
  // probe measures slower there while redis-benchmark does not; the figures are still reported above.
  if (!INSTRUMENTED) {
    expect({ SET: ratio.SET >= BENCHMARK_RATIO_FLOOR, GET: ratio.GET >= BENCHMARK_RATIO_FLOOR, ratio })
      .toEqual({ SET: true, GET: true, ratio });
  }
});

test('pipelining (redis-benchmark -P 16)', async () => {
  const r = await load({ requests: 10_000, clients: 50, pipeline: 16 });
  expect(r).toMatchObject({ redis: 'UP', pipeline: 16, pass: true });
  expect(r.set!.completed).toBe(10_000);
  expect(r.get!.completed).toBe(10_000);
});

test('thresholds: met → pass; missed → pass false with the reasons, still UP', async () => {
  const ok = await load({ requests: 2000, clients: 20, minSetOpsPerSecond: 100, minGetOpsPerSecond: 100, maxP99LatencyMs: 1000 });
  expect(ok).toMatchObject({ redis: 'UP', pass: true, failures: [], thresholds: { minSetOpsPerSecond: 100, minGetOpsPerSecond: 100, maxP99LatencyMs: 1000 } });

  const missed = await load({ requests: 2000, clients: 20, minSetOpsPerSecond: 1e9, minGetOpsPerSecond: 1e9, maxP99LatencyMs: 0 });
  expect(missed).toMatchObject({ redis: 'UP', pass: false });
  expect(missed.failures).toEqual([
    expect.stringMatching(/^SET \d+ ops\/s < minSetOpsPerSecond 1000000000$/),
    expect.stringMatching(/^GET \d+ ops\/s < minGetOpsPerSecond 1000000000$/),
    expect.stringMatching(/^SET p99 [\d.]+ ms > maxP99LatencyMs 0$/),
    expect.stringMatching(/^GET p99 [\d.]+ ms > maxP99LatencyMs 0$/),
  ]);
});

test('over TLS as an ACL user limited to the probe\'s commands and keys', async () => {
  const r = await load({
    port: secure.port, tls: true, tlsCaPem: certs.caPem, username: 'probe', password: USER_PASSWORD, requests: 2000, clients: 20,
  });
  expect(r).toMatchObject({ redis: 'UP', tls: true, pass: true });
});

test('wrong password → DOWN AUTH_FAILED, pass false', async () => {
  const r = await load({ port: secure.port, tls: true, tlsCaPem: certs.caPem, username: 'probe', password: 'wrong', requests: 100, clients: 5 });
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_FAILED, pass: false });
});

test('stops at the invocation deadline instead of running into the Lambda timeout', async () => {
  const started = Date.now();
  const r = await runProbe({ mode: 'load', host: LOOPBACK, port: server.port, requests: 1_000_000, clients: 10 }, {}, { deadline: Date.now() + 300 }) as LoadResult;
  expect(Date.now() - started).toBeLessThan(3000);
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, pass: false });
  expect(r.error).toMatch(/deadline/);
});
