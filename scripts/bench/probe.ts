/**
 * Probe benchmark: the bundle's size, and load mode against a local
 * redis-server next to redis-benchmark on the same server with the same client
 * and request counts, with and without pipelining.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { LoadResult, runProbe } from '../../src/probe/private/probe-core';
import { LOOPBACK, RedisServer } from '../../test/probe/redis-fixture';

export interface BundleSize { readonly file: string; readonly minifiedBytes: number; readonly gzippedBytes: number }
export interface LoadRow {
  readonly pipeline: number;
  readonly test: 'SET' | 'GET';
  readonly requests: number;
  readonly probeOpsPerSecond: number;
  readonly benchmarkOpsPerSecond: number;
  readonly ratio: number;
  readonly probeP50Ms: number;
  readonly probeP99Ms: number;
}

export function bundleSize(root: string): BundleSize {
  const file = path.join(root, 'assets', 'probe', 'probe.lambda', 'index.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npx projen bundle' first`);
  const code = fs.readFileSync(file);
  return { file: path.relative(root, file), minifiedBytes: code.length, gzippedBytes: zlib.gzipSync(code, { level: 9 }).length };
}

function redisBenchmark(port: number, clients: number, requests: number, pipeline: number): Record<string, number> {
  const out = execFileSync('redis-benchmark', [
    '-h', LOOPBACK, '-p', String(port), '-c', String(clients), '-n', String(requests), '-P', String(pipeline), '-t', 'set,get', '-q',
  ], { encoding: 'utf-8' });
  const result: Record<string, number> = {};
  for (const line of out.split(/[\r\n]+/)) {
    const m = /(SET|GET): ([\d.]+) requests per second/.exec(line);
    if (m) result[m[1]] = Number(m[2]);
  }
  return result;
}

export interface ColdRow { readonly test: 'SET' | 'GET'; readonly opsPerSecond: number; readonly benchmarkOpsPerSecond: number; readonly ratio: number }

/**
 * The bundled handler in a fresh Node.js process per run (what a cold Lambda
 * invocation does: no JIT warm-up), default event { mode: 'load' }.
 */
export async function benchBundledCold(root: string, repeats = 3): Promise<ColdRow[]> {
  const bundle = path.join(root, 'assets', 'probe', 'probe.lambda', 'index.js');
  const server = await RedisServer.start();
  try {
    const probe: Record<string, number[]> = { SET: [], GET: [] };
    const bench: Record<string, number[]> = { SET: [], GET: [] };
    for (let i = 0; i < repeats; i++) {
      const out = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(bundle)}).handler({ mode: 'load' })`], {
        encoding: 'utf-8', env: { ...process.env, REDIS_HOST: LOOPBACK, REDIS_PORT: String(server.port), REDIS_TLS: 'false' },
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
      if (r.redis !== 'UP' || !r.set || !r.get) throw new Error(`bundled probe failed: ${out}`);
      probe.SET.push(r.set.opsPerSecond); probe.GET.push(r.get.opsPerSecond);
      const b = redisBenchmark(server.port, 100, 10_000, 1);
      bench.SET.push(b.SET); bench.GET.push(b.GET);
    }
    return (['SET', 'GET'] as const).map(test => {
      const p = median(probe[test]);
      const b = median(bench[test]);
      return { test, opsPerSecond: Math.round(p), benchmarkOpsPerSecond: Math.round(b), ratio: Math.round((p / b) * 100) / 100 };
    });
  } finally {
    await server.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchLoad(clients = 100, requests = 10_000, pipelines = [1, 16], repeats = 5): Promise<LoadRow[]> {
  const server = await RedisServer.start();
  try {
    // warm-up, one full-size run of each (JIT for the probe, the server's allocator for both)
    await runProbe({ mode: 'load', host: LOOPBACK, port: server.port, requests, clients }, {});
    redisBenchmark(server.port, clients, requests, 1);
    const rows: LoadRow[] = [];
    for (const pipeline of pipelines) {
      // 10,000 pipelined requests take redis-benchmark ~15 ms, too short to time: pipelined runs use 10x
      // the requests, for both tools alike
      const n = pipeline > 1 ? requests * 10 : requests;
      const probe: Record<string, number[]> = { SET: [], GET: [] };
      const p50: Record<string, number[]> = { SET: [], GET: [] };
      const p99: Record<string, number[]> = { SET: [], GET: [] };
      const bench: Record<string, number[]> = { SET: [], GET: [] };
      for (let i = 0; i < repeats; i++) {
        // alternate which tool goes first
        const runBench = () => {
          const b = redisBenchmark(server.port, clients, n, pipeline);
          bench.SET.push(b.SET); bench.GET.push(b.GET);
        };
        const runProbeOnce = async () => {
          const r = await runProbe({ mode: 'load', host: LOOPBACK, port: server.port, requests: n, clients, pipeline }, {}) as LoadResult;
          if (r.redis !== 'UP' || !r.set || !r.get) throw new Error(`probe load failed: ${JSON.stringify(r)}`);
          probe.SET.push(r.set.opsPerSecond); probe.GET.push(r.get.opsPerSecond);
          p50.SET.push(r.set.p50LatencyMs); p50.GET.push(r.get.p50LatencyMs);
          p99.SET.push(r.set.p99LatencyMs); p99.GET.push(r.get.p99LatencyMs);
        };
        if (i % 2 === 0) { runBench(); await runProbeOnce(); } else { await runProbeOnce(); runBench(); }
      }
      for (const test of ['SET', 'GET'] as const) {
        const p = median(probe[test]);
        const b = median(bench[test]);
        rows.push({
          pipeline,
          test,
          requests: n,
          probeOpsPerSecond: Math.round(p),
          benchmarkOpsPerSecond: Math.round(b),
          ratio: Math.round((p / b) * 100) / 100,
          probeP50Ms: median(p50[test]),
          probeP99Ms: median(p99[test]),
        });
      }
    }
    return rows;
  } finally {
    await server.stop();
  }
}
