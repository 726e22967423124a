/**
 * Probe benchmark: the bundle's size, and load mode against a local
 * redis-server next to redis-benchmark, measured the pinned way:
 *
 *   - redis-server on core 0 (`taskset -a -cp 0 <pid>`), every client on core 1
 *     (`taskset -c 1`): the probe and redis-benchmark each get one core of
 *     their own and never compete with the server, as a Lambda function and a
 *     cache node do not;
 *   - the probe runs in a process of its own (`load-once.js`) after one
 *     unmeasured warm-up run in that process (a warm Lambda container);
 *   - probe and redis-benchmark alternate which goes first; median of
 *     `repeats` runs (11, or BENCH_REPEATS), with the lowest and highest.
 *
 * Without taskset or with fewer than 2 cores the runs are not pinned, and the
 * report says so.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { lambdaVcpus, planThreads } from '../../src/probe/private/load-engine';
import { LoadResult } from '../../src/probe/private/probe-core';
import { LOOPBACK, RedisServer } from '../../test/probe/redis-fixture';

export interface BundleSize { readonly file: string; readonly minifiedBytes: number; readonly gzippedBytes: number }

/** Median, lowest and highest of a set of runs. */
export interface Spread { readonly median: number; readonly min: number; readonly max: number; readonly runs: number[] }

export interface LoadRow {
  readonly pipeline: number;
  readonly test: 'SET' | 'GET';
  readonly requests: number;
  readonly probe: Spread;
  readonly benchmark: Spread;
  /**
   * Median of the probe/redis-benchmark ratios of each pair of neighbouring
   * runs (same conditions): on a shared machine the load moves between runs,
   * and a paired ratio cancels what both runs of a pair saw.
   */
  readonly ratio: number;
  /** Median probe ops/s over median redis-benchmark ops/s. */
  readonly ratioOfMedians: number;
  /** SET rows: redis-benchmark sending the probe's own command shape, `SET <key> xxx EX 60`. */
  readonly benchmarkSetEx?: Spread;
  readonly ratioSetEx?: number;
  /** Lowest and highest probe/redis-benchmark ratio of a pair of neighbouring runs. */
  readonly pairRatioMin: number;
  readonly pairRatioMax: number;
  readonly probeP50Ms: number;
  readonly probeP99Ms: number;
  /** Median share of its one core the probe used (1 = saturated). */
  readonly probeCpuUtilization: number;
  /** Median operations per CPU-second of the probe's process. */
  readonly probeOpsPerCpuSecond: number;
  readonly saturatedRuns: number;
}

export interface LoadBench {
  readonly pinned: boolean;
  readonly protocol: string;
  readonly repeats: number;
  readonly rows: LoadRow[];
}

export function bundleSize(root: string): BundleSize {
  const file = path.join(root, 'assets', 'probe', 'probe.lambda', 'index.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run 'npx projen bundle' first`);
  const code = fs.readFileSync(file);
  return { file: path.relative(root, file), minifiedBytes: code.length, gzippedBytes: zlib.gzipSync(code, { level: 9 }).length };
}

function canPin(): boolean {
  if (os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-c', '1', 'true']);
    return true;
  } catch {
    return false;
  }
}

/** The command, prefixed with `taskset -c <core>` when pinning. */
function pinned(pin: boolean, core: number, cmd: string, args: string[]): [string, string[]] {
  return pin ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}

/** redis-benchmark with the probe's SET shape (`SET key value EX ttl`): the same server work per command. */
function redisBenchmarkSetEx(pin: boolean, port: number, clients: number, requests: number, pipeline: number): number {
  const [cmd, args] = pinned(pin, 1, 'redis-benchmark', [
    '-h', LOOPBACK, '-p', String(port), '-c', String(clients), '-n', String(requests), '-P', String(pipeline), '--csv',
    'SET', 'probe:bench:key', 'xxx', 'EX', '60',
  ]);
  const out = execFileSync(cmd, args, { encoding: 'utf-8' });
  const m = /^"SET probe:bench:key[^"]*","([\d.]+)"/m.exec(out);
  if (!m) throw new Error(`redis-benchmark: unexpected output ${out}`);
  return Number(m[1]);
}

function redisBenchmark(pin: boolean, port: number, clients: number, requests: number, pipeline: number): Record<string, number> {
  const [cmd, args] = pinned(pin, 1, 'redis-benchmark', [
    '-h', LOOPBACK, '-p', String(port), '-c', String(clients), '-n', String(requests), '-P', String(pipeline), '-t', 'set,get', '--csv',
  ]);
  const out = execFileSync(cmd, args, { encoding: 'utf-8' });
  const result: Record<string, number> = {};
  for (const line of out.split(/\r?\n/)) {
    const m = /^"(SET|GET)","([\d.]+)"/.exec(line);
    if (m) result[m[1]] = Number(m[2]);
  }
  if (result.SET === undefined || result.GET === undefined) throw new Error(`redis-benchmark: unexpected output ${out}`);
  return result;
}

/** One warm probe run in a child process (pinned to core 1). */
function probeOnce(root: string, pin: boolean, port: number, clients: number, requests: number, pipeline: number, threads = 1): LoadResult {
  const script = path.join(root, '.bench', 'scripts', 'bench', 'load-once.js');
  const [cmd, args] = pinned(pin, 1, process.execPath, [script, String(port), String(requests), String(clients), String(pipeline), String(threads), '1']);
  const out = execFileSync(cmd, args, { encoding: 'utf-8' });
  const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
  if (r.redis !== 'UP' || !r.set || !r.get) throw new Error(`probe load failed: ${out}`);
  return r;
}

export function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: xs };
}

function median(xs: number[]): number {
  return spread(xs).median;
}

async function startPinnedServer(pin: boolean): Promise<RedisServer> {
  const server = await RedisServer.start();
  if (pin && server.pid) execFileSync('taskset', ['-a', '-cp', '0', String(server.pid)], { stdio: 'ignore' });
  return server;
}

/**
 * Load mode against redis-benchmark, pinned, alternating; `-c clients -n requests`
 * without pipelining (the guide's shape), and pipelined (reported separately,
 * 10× the requests: 10,000 pipelined requests take a few ms, too short to time).
 */
export interface BenchLoadOptions { readonly clients?: number; readonly requests?: number; readonly pipelines?: number[]; readonly repeats?: number }

export async function benchLoad(root: string, opts: BenchLoadOptions = {}): Promise<LoadBench> {
  const clients = opts.clients ?? 100;
  const requests = opts.requests ?? 10_000;
  const pipelines = opts.pipelines ?? [1, 16];
  const repeats = opts.repeats ?? Number(process.env.BENCH_REPEATS || 11);
  const pin = canPin();
  const server = await startPinnedServer(pin);
  try {
    redisBenchmark(pin, server.port, clients, requests, 1); // warm the server's allocator
    const rows: LoadRow[] = [];
    for (const pipeline of pipelines) {
      const n = pipeline > 1 ? requests * 10 : requests;
      const probe: Record<string, number[]> = { SET: [], GET: [] };
      const bench: Record<string, number[]> = { SET: [], GET: [] };
      const setEx: number[] = [];
      const p50: Record<string, number[]> = { SET: [], GET: [] };
      const p99: Record<string, number[]> = { SET: [], GET: [] };
      const util: Record<string, number[]> = { SET: [], GET: [] };
      const perCpu: Record<string, number[]> = { SET: [], GET: [] };
      const saturated: Record<string, number> = { SET: 0, GET: 0 };
      for (let i = 0; i < repeats; i++) {
        const runBench = () => {
          const b = redisBenchmark(pin, server.port, clients, n, pipeline);
          bench.SET.push(b.SET); bench.GET.push(b.GET);
          setEx.push(redisBenchmarkSetEx(pin, server.port, clients, n, pipeline));
        };
        const runProbe = () => {
          const r = probeOnce(root, pin, server.port, clients, n, pipeline);
          for (const [test, f] of [['SET', r.set!], ['GET', r.get!]] as const) {
            probe[test].push(f.opsPerSecond);
            p50[test].push(f.p50LatencyMs);
            p99[test].push(f.p99LatencyMs);
            util[test].push(f.clientCpuUtilization ?? 0);
            perCpu[test].push(f.clientCpuMs ? Math.round(f.completed / (f.clientCpuMs / 1000)) : 0);
            if (f.clientSaturated) saturated[test]++;
          }
        };
        if (i % 2 === 0) { runBench(); runProbe(); } else { runProbe(); runBench(); }
        process.stdout.write(`  pipeline ${pipeline} run ${i + 1}/${repeats}: probe SET ${probe.SET[i]} GET ${probe.GET[i]}, `
          + `redis-benchmark SET ${bench.SET[i]} GET ${bench.GET[i]} SET-EX ${setEx[i]}\n`);
      }
      for (const test of ['SET', 'GET'] as const) {
        const pairs = probe[test].map((p, i) => p / bench[test][i]);
        const p = spread(probe[test]);
        const b = spread(bench[test]);
        const ex = test === 'SET' ? spread(setEx) : undefined;
        rows.push({
          pipeline,
          test,
          requests: n,
          probe: p,
          benchmark: b,
          ratio: round2(spread(pairs).median),
          ratioOfMedians: round2(p.median / b.median),
          benchmarkSetEx: ex,
          ratioSetEx: ex ? round2(spread(probe.SET.map((x, i) => x / setEx[i])).median) : undefined,
          pairRatioMin: round2(Math.min(...pairs)),
          pairRatioMax: round2(Math.max(...pairs)),
          probeP50Ms: median(p50[test]),
          probeP99Ms: median(p99[test]),
          probeCpuUtilization: median(util[test]),
          probeOpsPerCpuSecond: median(perCpu[test]),
          saturatedRuns: saturated[test],
        });
      }
    }
    const protocol = pin
      ? `redis-server pinned to core 0 (taskset -a -cp 0), the probe and redis-benchmark each pinned to core 1 (taskset -c 1), ${repeats} runs alternating which goes first`
      : `NOT pinned (taskset missing or fewer than 2 cores): client and server share the cores, ${repeats} runs alternating which goes first`;
    return { pinned: pin, protocol, repeats, rows };
  } finally {
    await server.stop();
  }
}

export interface MemoryRow {
  readonly memoryMiB: number;
  readonly vcpus: number;
  readonly threads: number;
  /** Client ceiling: measured operations per CPU-second × the vCPUs the threads can use. */
  readonly setCeiling: number;
  readonly getCeiling: number;
}

/** Lambda memory sizes the report covers. */
export const MEMORY_SIZES = [128, 512, 1024, 1769, 2048, 3008, 3538, 5307, 7076, 8845, 10240];

/**
 * What one probe function can drive at each memory size: the client's own
 * cost (operations per CPU-second, measured above on one pinned core) times the
 * CPU Lambda gives that size (1 vCPU per 1769 MB, at most one per thread).
 * A ceiling of the client, not a promise about the cache.
 */
export function memoryTable(rows: LoadRow[], clients = 100): MemoryRow[] {
  const perCpu = (test: 'SET' | 'GET') => rows.find(r => r.pipeline === 1 && r.test === test)!.probeOpsPerCpuSecond;
  return MEMORY_SIZES.map(memoryMiB => {
    const plan = planThreads(clients, memoryMiB, undefined);
    const usable = Math.min(plan.threads, lambdaVcpus(memoryMiB));
    return {
      memoryMiB,
      vcpus: lambdaVcpus(memoryMiB),
      threads: plan.threads,
      setCeiling: Math.round((perCpu('SET') * usable) / 1000) * 1000,
      getCeiling: Math.round((perCpu('GET') * usable) / 1000) * 1000,
    };
  });
}

/**
 * Measured, not projected: the same pinned run with 1, 2 and 3 worker threads
 * all on the one client core, to show what threads cost when there is no core
 * for them (on Lambda each gets its own vCPU share).
 */
export async function benchThreadsOnOneCore(root: string, repeats = 3): Promise<Array<{ threads: number; set: number; get: number }>> {
  const pin = canPin();
  const server = await startPinnedServer(pin);
  try {
    const out: Array<{ threads: number; set: number; get: number }> = [];
    for (const threads of [1, 2, 3]) {
      const set: number[] = [];
      const get: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const r = probeOnce(root, pin, server.port, 100, 10_000, 1, threads);
        set.push(r.set!.opsPerSecond); get.push(r.get!.opsPerSecond);
      }
      out.push({ threads, set: median(set), get: median(get) });
    }
    return out;
  } finally {
    await server.stop();
  }
}

export interface ColdRow { readonly test: 'SET' | 'GET'; readonly opsPerSecond: number; readonly benchmarkOpsPerSecond: number; readonly ratio: number }

/**
 * The bundled handler in a fresh Node.js process per run (what a cold Lambda
 * invocation does: no JIT warm-up), default event { mode: 'load' }, pinned like
 * the warm runs.
 */
export async function benchBundledCold(root: string, repeats = 3): Promise<ColdRow[]> {
  const bundle = path.join(root, 'assets', 'probe', 'probe.lambda', 'index.js');
  const pin = canPin();
  const server = await startPinnedServer(pin);
  try {
    const probe: Record<string, number[]> = { SET: [], GET: [] };
    const bench: Record<string, number[]> = { SET: [], GET: [] };
    for (let i = 0; i < repeats; i++) {
      const [cmd, args] = pinned(pin, 1, process.execPath, ['-e', `require(${JSON.stringify(bundle)}).handler({ mode: 'load' })`]);
      const out = execFileSync(cmd, args, {
        encoding: 'utf-8', env: { ...process.env, REDIS_HOST: LOOPBACK, REDIS_PORT: String(server.port), REDIS_TLS: 'false' },
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
      if (r.redis !== 'UP' || !r.set || !r.get) throw new Error(`bundled probe failed: ${out}`);
      probe.SET.push(r.set.opsPerSecond); probe.GET.push(r.get.opsPerSecond);
      const b = redisBenchmark(pin, server.port, 100, 10_000, 1);
      bench.SET.push(b.SET); bench.GET.push(b.GET);
    }
    return (['SET', 'GET'] as const).map(test => {
      const p = median(probe[test]);
      const b = median(bench[test]);
      return { test, opsPerSecond: Math.round(p), benchmarkOpsPerSecond: Math.round(b), ratio: round2(p / b) };
    });
  } finally {
    await server.stop();
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
