/**
 * The load engine's parts, each checked for its exact figures (not only "it passed"), against real
 * redis-server processes: the survivors of the mutation runs of `load-engine.ts` and `load-shard.ts`
 * (docs/testing.md) showed the suite checking runs by their verdict, so a wrong count, a wrong bucket, a
 * lost error or a wrong step name went unseen. Every run here goes through `runLoadEngine` or the
 * shard's `RespConnection`, as probe-core drives them.
 *
 * A few servers here are not redis-server, for what no real server can be made to do on demand: one that
 * writes its replies a byte at a time (a header split across TCP chunks), one that answers with a reply
 * type Redis does not send (or a line without a type byte), one whose INFO memory has no total_system_memory
 * (as Redis before 3.2), and the RST and TLS hang-up servers of the RespConnection tests.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
// the module object itself (not an import copy), so that a spy on its Worker is what load-engine.ts calls
// eslint-disable-next-line @typescript-eslint/no-require-imports
import workerThreads = require('worker_threads');
import { bundleEnvironment, ensureProbeBundle, PROBE_BUNDLE } from './bundle';
import { Certificates, LOOPBACK, makeCertificates, RedisServer, sleep, startBlackHole, startLoopbackTcp, startSynBlackHole } from './redis-fixture';
import {
  aggregate, clusterLayout, EngineOptions, EngineOutcome, headroomRefusal, HEADROOM_SHARE, keySlot, lambdaVcpus, MAX_BYTES_IN_FLIGHT,
  MAX_SHARE_OF_HEADROOM, MAX_THREADS, MAX_VCPUS, memoryLimit, MIB_PER_VCPU, planThreads, probeBytes, reserveMs, runLoadEngine,
  SATURATION, standaloneLayout,
} from '../../src/probe/private/load-engine';
import {
  COUNTER_ERRORS, COUNTER_GET, COUNTER_SET, COUNTERS, encodeCommand, HISTOGRAM_BUCKETS, histogramIndex, histogramValue,
  RespConnection, Shard, ShardConfig, toError, toErrorData, WORKER_MARKER,
} from '../../src/probe/private/load-shard';

let server: RedisServer;

beforeAll(async () => {
  server = await RedisServer.start({
    args: ['--maxmemory', '100mb', '--user', 'noget', 'on', '>noget-pass', '~*', '+@all', '-get',
      '--user', 'noinfo', 'on', '>noinfo-pass', '~*', '+@all', '-info',
      '--user', 'noset', 'on', '>noset-pass', '~*', '+@all', '-set'],
  });
});

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  await server.cli('FLUSHALL');
});

const target = () => ({ host: LOOPBACK, port: server.port });

/** The engine's options for `clients` connections to the test server, one thread, no deadline. */
function options(over: Partial<EngineOptions> & { clients?: number } = {}): EngineOptions {
  const { clients = 2, ...rest } = over;
  return {
    tls: false,
    timeoutMs: 5000,
    layout: standaloneLayout(target(), clients, 'probe:', 'run1'),
    requests: 100,
    pipeline: 1,
    valueSizeBytes: 3,
    ttlSeconds: 60,
    plan: planThreads(clients, undefined, undefined),
    ...rest,
  };
}

/** A shard's configuration: one connection to the test server, pipeline 1, a 2 s step timeout, fresh counters. */
function shardConfig(over: Partial<ShardConfig> = {}): ShardConfig {
  const base: ShardConfig = {
    tls: false,
    timeoutMs: 2000,
    valueSizeBytes: 3,
    pipeline: 1,
    ttlSeconds: 60,
    counters: new SharedArrayBuffer(4 * COUNTERS),
    connections: [{ target: target(), key: 'probe:a' }],
  };
  return { ...base, ...over };
}

/** A worker thread started during `withWorkers`, and the shard configuration it was given. */
interface StartedWorker {
  readonly worker: workerThreads.Worker;
  readonly config: ShardConfig;
}

/** Runs `fn` with a pass-through spy on the Worker constructor: each worker is started as usual, and handed over. */
async function withWorkers<T>(fn: (started: StartedWorker[]) => Promise<T>): Promise<T> {
  const RealWorker = workerThreads.Worker;
  const started: StartedWorker[] = [];
  const spy = jest.spyOn(workerThreads, 'Worker').mockImplementation((filename: string | URL, o?: workerThreads.WorkerOptions) => {
    const worker = new RealWorker(filename, o);
    started.push({ worker, config: (o?.workerData as Record<string, ShardConfig>)[WORKER_MARKER] });
    return worker;
  });
  try {
    return await fn(started);
  } finally {
    spy.mockRestore();
  }
}

/** The server's `connected_clients` (redis-cli's own connection included, the same in every count). */
async function connectedClients(): Promise<number> {
  return Number(/connected_clients:(\d+)/.exec(await server.cli('INFO', 'clients'))![1]);
}

function ran(o: EngineOutcome): Extract<EngineOutcome, { kind: 'ran' }> {
  if (o.kind !== 'ran') throw new Error(`expected a run, got ${o.kind}: ${JSON.stringify(o, (_, v) => (v instanceof Error ? v.message : v))}`);
  return o;
}

function failed(o: EngineOutcome): Extract<EngineOutcome, { kind: 'failed' }> {
  if (o.kind !== 'failed') throw new Error(`expected a failure, got ${o.kind}`);
  return o;
}

/** Every command the server executes while `fn` runs (MONITOR on a raw connection), without its timestamps. */
async function monitored(fn: () => Promise<unknown>): Promise<string[]> {
  const conn = await RespConnection.open(target(), { tls: false, timeoutMs: 5000 }, -1);
  let text = '';
  conn.socket.removeAllListeners('data');
  conn.socket.write(encodeCommand(['MONITOR']));
  conn.socket.on('data', (d: Buffer) => { text += d.toString(); });
  await sleep(100);
  try {
    await fn();
    await sleep(200);
  } finally {
    conn.close();
  }
  return text.split('\r\n').filter(l => l.startsWith('+') && l !== '+OK').map(l => l.replace(/^\+\d+\.\d+ \[\d+ [^\]]+\] /, ''));
}

describe('a run\'s figures, exactly', () => {
  test('every request completes once: the counts, the durations, the quantiles and the rates agree', async () => {
    const started = process.hrtime.bigint();
    const o = ran(await runLoadEngine(options({ requests: 301, clients: 3 })));
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    for (const [name, p] of [['SET', o.set], ['GET', o.get]] as const) {
      expect({ name, requests: p.requests, completed: p.completed, errors: p.errors }).toEqual({ name, requests: 301, completed: 301, errors: 0 });
      expect(p.stoppedAtDeadline).toBe(false);
      expect(p.firstError).toBeUndefined();
      expect(p.durationMs).toBeGreaterThan(0);
      expect(p.durationMs).toBe(Math.round(p.durationMs * 1000) / 1000);
      // ops per second come from the unrounded duration, rounded to a whole number; the answer's duration is rounded to
      // the microsecond (±0.0005 ms), which moves completed / duration by up to about completed × 0.0005 / duration² (0.0006: margin)
      const fromAnswer = (p.completed / p.durationMs) * 1000;
      expect(Math.abs(p.opsPerSecond - fromAnswer)).toBeLessThanOrEqual(0.5 + (p.completed * 1000 * 0.0006) / (p.durationMs * p.durationMs));
      expect(p.p50LatencyMs).toBeGreaterThan(0);
      expect(p.p50LatencyMs).toBeLessThanOrEqual(p.p99LatencyMs);
      expect(p.p99LatencyMs).toBeLessThanOrEqual(p.maxLatencyMs);
      expect(p.maxLatencyMs).toBeLessThanOrEqual(p.durationMs);
      expect(p.clientCpuMs).toBeGreaterThan(0);
      // one thread on this machine's cores: utilization is the CPU over the wall time of one vCPU's worth
      const capacity = Math.min(1, os.availableParallelism());
      expect(Math.abs(p.clientCpuUtilization - p.clientCpuMs / (p.durationMs * capacity))).toBeLessThanOrEqual(0.0051 + 1e-3);
      expect(p.clientSaturated).toBe(p.clientCpuUtilization >= SATURATION);
    }
    // the time to open the load connections, in milliseconds: part of the run's own wall time
    expect(o.connectMs).toBeGreaterThan(0);
    expect(o.connectMs).toBeLessThan(wallMs - o.set.durationMs - o.get.durationMs);
    expect(o.connectMs).toBe(Math.round(o.connectMs * 1000) / 1000);
    expect(Number(await server.cli('DBSIZE'))).toBe(0);
  });

  test('the commands the server sees: INFO memory once, each key SET then GET as often as asked, then DEL per key', async () => {
    const lines = await monitored(async () => ran(await runLoadEngine(options({ requests: 7, clients: 2, pipeline: 3, valueSizeBytes: 4 }))));
    expect(lines.filter(l => /^"INFO"/.test(l))).toEqual(['"INFO" "memory"']);
    const sets = lines.filter(l => l.startsWith('"SET"'));
    expect(sets).toHaveLength(7);
    for (const l of sets) expect(l).toMatch(/^"SET" "probe:load:run1:[01]" "xxxx" "EX" "60"$/);
    expect(lines.filter(l => l.startsWith('"GET"'))).toHaveLength(7);
    expect(lines.filter(l => l.startsWith('"DEL"')).sort()).toEqual(['"DEL" "probe:load:run1:0"', '"DEL" "probe:load:run1:1"']);
    // SET before GET, GET before DEL
    const lastSet = lines.map(l => l.startsWith('"SET"')).lastIndexOf(true);
    expect(lines.findIndex(l => l.startsWith('"GET"'))).toBeGreaterThan(lastSet);
    expect(lines.findIndex(l => l.startsWith('"DEL"'))).toBeGreaterThan(lines.map(l => l.startsWith('"GET"')).lastIndexOf(true));
  });

  test('no requests: every figure is 0 (no division by a zero duration)', async () => {
    const o = ran(await runLoadEngine(options({ requests: 0 })));
    for (const p of [o.set, o.get]) {
      const figures = [p.requests, p.completed, p.errors, p.durationMs, p.opsPerSecond, p.p50LatencyMs, p.p99LatencyMs, p.maxLatencyMs];
      expect(figures).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect([p.clientCpuUtilization, p.clientSaturated, p.stoppedAtDeadline]).toEqual([0, false, false]);
    }
  });

  test('the headroom read from INFO memory: maxmemory, used_memory, total_system_memory, the policy and the run\'s footprint', async () => {
    const o = ran(await runLoadEngine(options({ requests: 10, clients: 3, valueSizeBytes: 10, pipeline: 2 })));
    const info = await server.cli('INFO', 'memory');
    const field = (n: string) => new RegExp(`^${n}:(.*)$`, 'm').exec(info)![1].trim();
    expect(o.headroom).toHaveLength(1);
    const h = o.headroom[0];
    expect(h.target).toBe(`${LOOPBACK}:${server.port}`);
    expect(h.maxmemoryBytes).toBe(100 * 1024 * 1024);
    expect(h.maxmemoryPolicy).toBe('noeviction');
    expect(h.totalSystemMemoryBytes).toBe(Number(field('total_system_memory')));
    expect(Number.isInteger(h.usedMemoryBytes) && h.usedMemoryBytes > 100_000).toBe(true);
    // three connections, keys "probe:load:run1:<i>" (17 bytes), 10-byte values, pipeline 2
    expect(h.probeBytes).toBe(probeBytes(3, 17, 10, 2));
    expect(h.probeBytes).toBe(3 * (17 + 10 + 128) + 3 * 2 * (17 + 10 + 64) + 3 * 32 * 1024);
  });

  test('the footprint uses the longest key on the node', async () => {
    const layout = [{ target: target(), key: 'k' }, { target: target(), key: 'a-much-longer-key' }];
    const o = ran(await runLoadEngine(options({ layout, plan: planThreads(2, undefined, undefined) })));
    expect(o.headroom[0].probeBytes).toBe(probeBytes(2, 17, 3, 1));
  });

  test('two nodes: each node\'s headroom counts only the connections and keys on that node', async () => {
    const other = await RedisServer.start();
    try {
      const elsewhere = { host: LOOPBACK, port: other.port };
      const layout = [
        { target: target(), key: 'k1' }, { target: elsewhere, key: 'a-key-of-17-bytes' }, { target: target(), key: 'key-of-10b' },
      ];
      const o = ran(await runLoadEngine(options({ layout, requests: 10, pipeline: 2, plan: planThreads(3, undefined, undefined) })));
      expect(o.headroom.map(h => [h.target, h.probeBytes])).toEqual([
        [`${LOOPBACK}:${server.port}`, probeBytes(2, 10, 3, 2)],
        [`${LOOPBACK}:${other.port}`, probeBytes(1, 17, 3, 2)],
      ]);
      expect(o.set).toMatchObject({ completed: 10, errors: 0 });
    } finally {
      await other.stop();
    }
  });

  test('a server whose INFO memory has no total_system_memory (Redis before 3.2) and no maxmemory: refused, cannot be judged', async () => {
    // a scripted server: every redis-server and valkey-server here reports total_system_memory, and INFO's
    // fields cannot be switched off; this one answers INFO memory as Redis 3.0 did
    const info = 'used_memory:1000000\r\nmaxmemory:0\r\nmaxmemory_policy:noeviction\r\n';
    const old = await startLoopbackTcp(s => s.on('data', () => s.write(`$${info.length}\r\n${info}\r\n`)));
    try {
      const o = await runLoadEngine(options({ layout: standaloneLayout({ host: LOOPBACK, port: old.port }, 1, 'p:', 'r') }));
      expect(o.kind).toBe('refused');
      const r = o as Extract<EngineOutcome, { kind: 'refused' }>;
      // no host memory (not NaN: the headroom goes into the answer as it is)
      expect(r.headroom).toEqual([{
        target: `${LOOPBACK}:${old.port}`,
        usedMemoryBytes: 1_000_000,
        maxmemoryBytes: 0,
        totalSystemMemoryBytes: undefined,
        maxmemoryPolicy: 'noeviction',
        probeBytes: probeBytes(1, 'p:load:r:0'.length, 3, 1),
      }]);
      expect(r.message).toBe(headroomRefusal(r.headroom[0]));
      expect(r.message).toMatch(/cannot be judged$/);
    } finally {
      await old.stop();
    }
  });

  test('a value of 100 KB: each GET reply arrives in many chunks and still counts once', async () => {
    const o = ran(await runLoadEngine(options({ requests: 20, clients: 2, valueSizeBytes: 100_000 })));
    expect(o.set).toMatchObject({ completed: 20, errors: 0 });
    expect(o.get).toMatchObject({ completed: 20, errors: 0 });
  });

  test('a partial last batch: 95 requests at pipeline 10 over one connection are 95 commands', async () => {
    const lines = await monitored(async () => {
      const o = ran(await runLoadEngine(options({ requests: 95, clients: 1, pipeline: 10 })));
      expect(o.set).toMatchObject({ completed: 95, errors: 0 });
      expect(o.get).toMatchObject({ completed: 95, errors: 0 });
    });
    expect(lines.filter(l => l.startsWith('"SET"'))).toHaveLength(95);
    expect(lines.filter(l => l.startsWith('"GET"'))).toHaveLength(95);
  });

  test('two worker threads share the requests exactly, connection i on thread i % 2; one thread starts no worker', async () => {
    await withWorkers(async started => {
      const lines = await monitored(async () => {
        const o = ran(await runLoadEngine(options({ requests: 1001, clients: 5, plan: planThreads(5, undefined, 2) })));
        expect(o.set).toMatchObject({ completed: 1001, errors: 0 });
        expect(o.get).toMatchObject({ completed: 1001, errors: 0 });
      });
      expect(lines.filter(l => l.startsWith('"SET"'))).toHaveLength(1001);
      const given = started.map(w => w.config);
      expect(given.map(c => c.connections.map(x => x.key))).toEqual([
        ['probe:load:run1:0', 'probe:load:run1:2', 'probe:load:run1:4'], ['probe:load:run1:1', 'probe:load:run1:3'],
      ]);
      const shared = given.map(c => [c.pipeline, c.valueSizeBytes, c.ttlSeconds, c.timeoutMs, c.tls]);
      expect(shared).toEqual([[1, 3, 60, 5000, false], [1, 3, 60, 5000, false]]);
      started.length = 0;
      ran(await runLoadEngine(options({ requests: 10, clients: 5 })));
      expect(started).toEqual([]);
    });
  });
});

describe('the run\'s figures that only a spread of latencies shows', () => {
  test('the quantiles are ranks of the latency histogram: p50 below the slowest, the slowest within the phase', async () => {
    const o = ran(await runLoadEngine(options({ requests: 2000, clients: 4 })));
    for (const p of [o.set, o.get]) {
      // 2000 latencies measured to the microsecond: the median is not also the slowest
      expect(p.p50LatencyMs).toBeLessThan(p.maxLatencyMs);
      expect(p.p99LatencyMs).toBeLessThanOrEqual(p.maxLatencyMs);
      expect(p.maxLatencyMs).toBeLessThan(p.durationMs);
    }
  });

  test('two threads on 2 vCPUs: the client\'s CPU is measured against 2 vCPUs of wall time', async () => {
    const o = ran(await runLoadEngine(options({ requests: 3000, clients: 4, plan: planThreads(4, 3538, undefined) })));
    for (const p of [o.set, o.get]) {
      expect(Math.abs(p.clientCpuUtilization - p.clientCpuMs / (p.durationMs * 2))).toBeLessThanOrEqual(0.0051 + 1e-3);
    }
  });

  test('after a run every connection is closed (one thread, and worker threads within half a second)', async () => {
    // a worker that was never told to close is terminated a second after its run: wait that long, so that the count
    // before is not one an earlier test's workers are still leaving
    await sleep(1100);
    const before = await connectedClients();
    ran(await runLoadEngine(options({ requests: 100, clients: 3 })));
    await sleep(100);
    expect(await connectedClients()).toBe(before);
    ran(await runLoadEngine(options({ requests: 100, clients: 4, plan: planThreads(4, undefined, 2) })));
    await sleep(500);
    expect(await connectedClients()).toBe(before);
  });
});

describe('worker threads that fail', () => {
  /** Waits until both workers run and the SET phase has written keys (the workers load ts-node first: seconds). */
  async function setPhaseStarted(started: StartedWorker[]): Promise<void> {
    const end = Date.now() + 15_000;
    while (Date.now() < end && (started.length < 2 || Number(await server.cli('DBSIZE')) < 4)) await sleep(50);
  }

  test('a worker that exits mid-phase fails the run at that phase: "load worker exited (code 1)"', async () => {
    const o = await withWorkers(async started => {
      const run = runLoadEngine(options({ requests: 100_000_000, clients: 4, plan: planThreads(4, undefined, 2), deadline: Date.now() + 20_000 }));
      await setPhaseStarted(started);
      await started[1].worker.terminate();
      return run;
    });
    expect(failed(o)).toMatchObject({ step: 'SET', answered: true });
    expect(o.kind === 'failed' && o.error.message).toBe('load worker exited (code 1)');
  });

  test('a worker that throws fails the run with the worker\'s error, not only its exit', async () => {
    const o = await withWorkers(async started => {
      const run = runLoadEngine(options({ requests: 100_000_000, clients: 4, plan: planThreads(4, undefined, 2), deadline: Date.now() + 20_000 }));
      await setPhaseStarted(started);
      // a message the worker cannot read: its message handler throws, an uncaught exception in the worker
      started[1].worker.postMessage(null);
      return run;
    });
    expect(failed(o).step).toBe('SET');
    expect(o.kind === 'failed' && o.error.message).toBe('Cannot read properties of null (reading \'op\')');
  });

  test('the bundled handler from a directory without node_modules (as in Lambda): its worker threads need no ts-node', async () => {
    ensureProbeBundle();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-bundle-'));
    try {
      fs.copyFileSync(PROBE_BUNDLE, path.join(dir, 'index.js'));
      // the AWS SDK the bundle leaves out is in the Lambda runtime; nothing else is there (no ts-node)
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync(path.join(__dirname, '..', '..', 'node_modules', '@aws-sdk'), path.join(dir, 'node_modules', '@aws-sdk'));
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e',
          'require("./index.js").handler({ mode: \'load\', requests: 2001, clients: 4 }, { getRemainingTimeInMillis: () => 30000 })'], {
          cwd: dir,
          // bundleEnvironment: under StrykerJS the child gets the active mutant too (without it, it ran the source's behaviour)
          env: bundleEnvironment({
            PATH: process.env.PATH!, REDIS_HOST: LOOPBACK, REDIS_PORT: `${server.port}`, REDIS_TLS: 'false', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '3538',
          }),
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let text = '';
        child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
        child.on('exit', code => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
      });
      const r = JSON.parse(out.trim().split('\n').pop()!) as { redis: string; client: { threads: number }; set: { completed: number } };
      expect(r).toMatchObject({ redis: 'UP', client: { threads: 2 }, set: { completed: 2001 } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('errors in a phase', () => {
  test('a user who may not GET: each GET is an error until more than max(10, 1% of the requests) have failed', async () => {
    const o = ran(await runLoadEngine(options({ requests: 2000, clients: 1, username: 'noget', password: 'noget-pass' })));
    expect(o.set).toMatchObject({ completed: 2000, errors: 0 });
    // max(10, floor(2000 / 100)) = 20 errors allowed: the 21st stops the phase (one command in flight, pipeline 1)
    expect(o.get).toMatchObject({ completed: 0, errors: 21, durationMs: 0, opsPerSecond: 0, p50LatencyMs: 0 });
    expect(o.get.firstError!.message).toMatch(/^NOPERM .*'get'/i);
    expect(o.get.stoppedAtDeadline).toBe(false);
  });

  test('few requests: at least 10 errors are allowed before the phase stops', async () => {
    const o = ran(await runLoadEngine(options({ requests: 50, clients: 1, username: 'noget', password: 'noget-pass' })));
    expect(o.get).toMatchObject({ completed: 0, errors: 11 });
  });

  test('the error count starts again at each phase: SET\'s errors do not stop GET', async () => {
    const o = ran(await runLoadEngine(options({ requests: 100, clients: 1, username: 'noset', password: 'noset-pass' })));
    expect(o.set).toMatchObject({ completed: 0, errors: 11 });
    expect(o.set.firstError!.message).toMatch(/^NOPERM .*'set'/i);
    expect(o.get).toMatchObject({ completed: 100, errors: 0 }); // GET of a missing key: nil, a good reply
  });
});

describe('where a run fails: the step, the error, whether anything answered', () => {
  test('nothing listening: connect, ECONNREFUSED, nothing answered, no headroom', async () => {
    const free = await startLoopbackTcp(s => s.destroy());
    const port = free.port;
    await free.stop();
    const o = failed(await runLoadEngine(options({ layout: standaloneLayout({ host: LOOPBACK, port }, 1, 'probe:', 'r') })));
    expect(o).toMatchObject({ step: 'connect', answered: false, headroom: [] });
    expect((o.error as Error & { code?: string }).code).toBe('ECONNREFUSED');
  });

  test('a wrong password: connect, and the server\'s WRONGPASS error as it came (its text is what classifies it)', async () => {
    const o = failed(await runLoadEngine(options({ username: 'noget', password: 'wrong' })));
    expect(o.step).toBe('connect');
    expect(o.error.message).toMatch(/^WRONGPASS/);
    expect((o.error as Error & { code?: string }).code).toBeUndefined();
  });

  test('a user who may not run INFO: the INFO step, NOPERM, answered', async () => {
    const o = failed(await runLoadEngine(options({ username: 'noinfo', password: 'noinfo-pass' })));
    expect(o.step).toBe('INFO');
    expect(o.error.message).toMatch(/^NOPERM .*'info'/i);
    expect(o.answered).toBe(true);
    expect(o.headroom).toEqual([]);
  });

  test.each([1, 2])('load connections refused after the control connection (%i thread(s)): connect, the server\'s error, answered', async threads => {
    // maxclients 1: the control connection is the one client; each load connection's AUTH gets the refusal
    const full = await RedisServer.start({ password: 'pw', args: ['--maxclients', '1'] });
    try {
      const o = failed(await runLoadEngine(options({
        layout: standaloneLayout({ host: LOOPBACK, port: full.port }, 2, 'p:', 'r'), password: 'pw', plan: planThreads(2, undefined, threads),
      })));
      expect(o).toMatchObject({ step: 'connect', answered: true });
      expect(o.error.message).toBe('ERR max number of clients reached');
      expect(o.headroom).toHaveLength(1);
    } finally {
      await full.stop();
    }
  });

  test('a refusal: the message, the headroom, and not a single SET', async () => {
    const tight = await RedisServer.start();
    try {
      const used = Number(/used_memory:(\d+)/.exec(await tight.cli('INFO', 'memory'))![1]);
      await tight.cli('CONFIG', 'SET', 'maxmemory', `${used + 1_000_000}`);
      const o = await runLoadEngine(options({ layout: standaloneLayout({ host: LOOPBACK, port: tight.port }, 10, 'p:', 'r'), valueSizeBytes: 20_000 }));
      expect(o.kind).toBe('refused');
      const r = o as Extract<EngineOutcome, { kind: 'refused' }>;
      expect(r.message).toBe(headroomRefusal(r.headroom[0]));
      expect(r.headroom[0].target).toBe(`${LOOPBACK}:${tight.port}`);
      expect(await tight.cli('DBSIZE')).toBe('0');
    } finally {
      await tight.stop();
    }
  });

  test('a server that stops answering after the connect: the INFO step, "INFO memory timed out after <ms> ms", nothing answered', async () => {
    const frozen = await RedisServer.start();
    try {
      process.kill(frozen.pid!, 'SIGSTOP'); // the kernel still completes the TCP connect (the accept queue)
      const o = failed(await runLoadEngine(options({ layout: standaloneLayout({ host: LOOPBACK, port: frozen.port }, 1, 'p:', 'r'), timeoutMs: 300 })));
      expect(o).toMatchObject({ step: 'INFO', answered: false, headroom: [] });
      expect(o.error.message).toBe('INFO memory timed out after 300 ms');
      expect((o.error as Error & { code?: string }).code).toBe('ETIMEDOUT');
    } finally {
      process.kill(frozen.pid!, 'SIGCONT');
      await frozen.stop();
    }
  });

  test('a deadline already near: each phase stops at once and says so', async () => {
    const o = ran(await runLoadEngine(options({ requests: 1_000_000, clients: 2, deadline: Date.now() + 400 })));
    expect(o.set.stoppedAtDeadline).toBe(true);
    expect(o.get.stoppedAtDeadline).toBe(true);
    expect(o.set.completed).toBeLessThan(1_000_000);
  });
});

describe('TLS', () => {
  let certs: Certificates;
  let secure: RedisServer;
  beforeAll(async () => {
    certs = await makeCertificates();
    secure = await RedisServer.start({ tls: certs, password: 'tls-token-1234567' });
  });
  afterAll(async () => {
    await secure?.stop();
  });
  const tlsOptions = (over: Partial<EngineOptions>) => options({
    layout: standaloneLayout({ host: LOOPBACK, port: secure.port }, 2, 'p:', 'r'), tls: true, password: 'tls-token-1234567', ...over,
  });

  test('the CA and the server name given: the run completes over TLS, every request once', async () => {
    const o = ran(await runLoadEngine(tlsOptions({ tlsCaPem: certs.caPem, tlsServerName: 'localhost', requests: 50 })));
    expect([o.set.completed, o.set.errors, o.get.completed, o.get.errors]).toEqual([50, 0, 50, 0]);
    expect(await secure.cli('DBSIZE')).toBe('0');
  });

  test('another CA: connect fails on the certificate, nothing answered', async () => {
    const o = failed(await runLoadEngine(tlsOptions({ tlsCaPem: certs.otherCaPem })));
    expect(o).toMatchObject({ step: 'connect', answered: false });
    expect((o.error as Error & { code?: string }).code).toMatch(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
  });

  test('a server name the certificate does not hold: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const o = failed(await runLoadEngine(tlsOptions({ tlsCaPem: certs.caPem, tlsServerName: 'cache.example.com' })));
    expect((o.error as Error & { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('plain text to the TLS port: the server closes the connection at the first command; the AUTH fails', async () => {
    const o = failed(await runLoadEngine(tlsOptions({ tls: false })));
    expect(o).toMatchObject({ step: 'connect', answered: false });
    // the close or the reset, whichever the socket reports first
    expect((o.error as Error & { code?: string }).code).toBe('ECONNRESET');
    expect(o.error.message).toMatch(/^(Connection is closed\.|read ECONNRESET)$/);
  });
});

describe('RespConnection', () => {
  test('AUTH with a user name sends AUTH user password; without one, AUTH password', async () => {
    const lines = await monitored(async () => {
      (await RespConnection.open(target(), { tls: false, timeoutMs: 5000, username: 'noget', password: 'noget-pass' }, 0)).close();
    });
    expect(lines.filter(l => l.startsWith('"AUTH"'))).toEqual(['"AUTH" "(redacted)" "(redacted)"']);
    const protectedServer = await RedisServer.start({ password: 'token-1' });
    try {
      const c = await RespConnection.open({ host: LOOPBACK, port: protectedServer.port }, { tls: false, timeoutMs: 5000, password: 'token-1' }, 0);
      expect(await c.call(['PING'], 1000, 'PING')).toEqual({ ok: true, value: 'PONG' });
      c.close();
      await expect(RespConnection.open({ host: LOOPBACK, port: protectedServer.port }, { tls: false, timeoutMs: 5000, password: 'nope' }, 0))
        .rejects.toThrow(/^WRONGPASS/);
    } finally {
      await protectedServer.stop();
    }
  });

  test('control replies: a simple string, an integer, a bulk string, a nil and an error', async () => {
    const c = await RespConnection.open(target(), { tls: false, timeoutMs: 5000 }, 0);
    try {
      expect(c.answered).toBe(false);
      expect(await c.call(['SET', 'probe:x', 'hello'], 1000, 'SET')).toEqual({ ok: true, value: 'OK' });
      expect(c.answered).toBe(true);
      expect(await c.call(['GET', 'probe:x'], 1000, 'GET')).toEqual({ ok: true, value: 'hello' });
      expect(await c.call(['GET', 'probe:none'], 1000, 'GET')).toEqual({ ok: true, value: null });
      expect(await c.call(['DEL', 'probe:x'], 1000, 'DEL')).toEqual({ ok: true, value: '1' });
      expect(await c.call(['NOSUCHCOMMAND'], 1000, 'X')).toEqual({ ok: false, error: { message: expect.stringMatching(/^ERR unknown command/) } });
      const big = 'v'.repeat(300_000);
      await c.call(['SET', 'probe:big', big], 1000, 'SET');
      expect(await c.call(['GET', 'probe:big'], 1000, 'GET')).toEqual({ ok: true, value: big });
      expect(await c.call(['GET', 'probe:none'], 1000, 'GET')).toEqual({ ok: true, value: null });
    } finally {
      c.close();
    }
    expect(c.closed).toBe(true);
  });

  test('replies written a byte at a time (headers split across chunks) parse the same', async () => {
    const replies = ['+OK\r\n', ':42\r\n', '$5\r\nhello\r\n', '$-1\r\n', '-ERR no\r\n', '$0\r\n\r\n'];
    const srv = await startLoopbackTcp(s => {
      let n = 0;
      s.on('data', async () => {
        const r = Buffer.from(replies[n++]);
        for (const b of r) {
          s.write(Buffer.from([b]));
          await sleep(2);
        }
      });
    });
    try {
      const c = await RespConnection.open({ host: LOOPBACK, port: srv.port }, { tls: false, timeoutMs: 5000 }, 0);
      const got = [];
      for (let i = 0; i < replies.length; i++) got.push(await c.call(['PING'], 2000, 'PING'));
      expect(got).toEqual([
        { ok: true, value: 'OK' }, { ok: true, value: '42' }, { ok: true, value: 'hello' }, { ok: true, value: null },
        { ok: false, error: { message: 'ERR no' } }, { ok: true, value: '' },
      ]);
      c.close();
    } finally {
      await srv.stop();
    }
  });

  test.each([
    ['a RESP3 blob error', '!3\r\nabc\r\n', '!'],
    ['a line without a type byte', '\r\n', '\r'],
  ])('a reply type Redis does not send (%s): EPROTO, the connection fails, later calls get the same error', async (_, reply, type) => {
    const srv = await startLoopbackTcp(s => s.on('data', () => s.write(reply)));
    try {
      const c = await RespConnection.open({ host: LOOPBACK, port: srv.port }, { tls: false, timeoutMs: 5000 }, 0);
      const error = { message: `unexpected reply type '${type}' from the server`, code: 'EPROTO' };
      expect(await c.call(['PING'], 2000, 'PING')).toEqual({ ok: false, error });
      // the socket's close comes after: the first failure stays the connection's failure
      await sleep(50);
      expect(c.failure).toEqual(error);
      expect(c.closed).toBe(true);
      expect(await c.call(['PING'], 2000, 'PING')).toEqual({ ok: false, error });
    } finally {
      await srv.stop();
    }
  });

  test('replies nobody waits for (commands written past the connection\'s calls) are skipped, not thrown; they count as an answer', async () => {
    const c = await RespConnection.open(target(), { tls: false, timeoutMs: 5000 }, 0);
    const unasked = () => c.socket.write(Buffer.concat([
      ['SET', 'probe:x', 'v'], ['INCR', 'probe:n'], ['GET', 'probe:none'], ['GET', 'probe:x'], ['NOSUCHCOMMAND'],
    ].map(encodeCommand)));
    try {
      expect(c.answered).toBe(false);
      unasked(); // +OK, :1, a nil, a bulk string, an error: the real server's replies, no call waiting, no phase running
      await sleep(100);
      expect({ answered: c.answered, failure: c.failure }).toEqual({ answered: true, failure: undefined });
      // after a call whose reply was a bulk string, the next replies nobody waits for are still skipped
      expect(await c.call(['ECHO', 'a bulk'], 2000, 'ECHO')).toEqual({ ok: true, value: 'a bulk' });
      unasked();
      await sleep(100);
      expect(c.failure).toBeUndefined();
      expect(await c.call(['ECHO', 'after'], 2000, 'ECHO')).toEqual({ ok: true, value: 'after' });
    } finally {
      c.close();
    }
  });

  test('the refusal Redis writes unasked at maxclients before it closes: skipped, not thrown; answered, then failed by the close', async () => {
    const full = await RedisServer.start({ args: ['--maxclients', '1'] });
    const held = await RespConnection.open({ host: LOOPBACK, port: full.port }, { tls: false, timeoutMs: 5000 }, -1);
    try {
      expect(await held.call(['PING'], 2000, 'PING')).toEqual({ ok: true, value: 'PONG' });
      const refused = await RespConnection.open({ host: LOOPBACK, port: full.port }, { tls: false, timeoutMs: 5000 }, 0);
      await sleep(100);
      expect({ answered: refused.answered, closed: refused.closed }).toEqual({ answered: true, closed: true });
      expect((await refused.call(['PING'], 2000, 'PING')).ok).toBe(false);
    } finally {
      held.close();
      await full.stop();
    }
  });

  test('a command with no answer: "<what> timed out after <ms> ms", ETIMEDOUT, and the connection is failed', async () => {
    const hole = await startBlackHole();
    try {
      const c = await RespConnection.open({ host: LOOPBACK, port: hole.port }, { tls: false, timeoutMs: 5000 }, 0);
      const started = Date.now();
      const error = { message: 'INFO memory timed out after 150 ms', code: 'ETIMEDOUT' };
      expect(await c.call(['INFO', 'memory'], 150, 'INFO memory')).toEqual({ ok: false, error });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(c.failure).toEqual(error);
      expect(c.closed).toBe(true);
    } finally {
      await hole.stop();
    }
  });

  test('an AUTH with no answer: "AUTH timed out after <ms> ms", ETIMEDOUT, and the open fails', async () => {
    const hole = await startBlackHole();
    try {
      await expect(RespConnection.open({ host: LOOPBACK, port: hole.port }, { tls: false, timeoutMs: 200, password: 'x' }, 0))
        .rejects.toMatchObject({ message: 'AUTH timed out after 200 ms', code: 'ETIMEDOUT' });
    } finally {
      await hole.stop();
    }
  });

  // a reset (RST) is the socket's own error; a plain close is "Connection is closed."
  test.each([
    ['resets the connection (RST)', (s: net.Socket) => s.resetAndDestroy(), 'read ECONNRESET'],
    ['closes the connection', (s: net.Socket) => s.destroy(), 'Connection is closed.'],
  ] as const)('a server that %s: the waiting call fails with ECONNRESET and the socket\'s own message', async (_what, hangUp, message) => {
    const srv = await startLoopbackTcp(s => s.on('data', () => hangUp(s)));
    try {
      const c = await RespConnection.open({ host: LOOPBACK, port: srv.port }, { tls: false, timeoutMs: 5000 }, 0);
      expect(await c.call(['PING'], 2000, 'PING')).toEqual({ ok: false, error: { message, code: 'ECONNRESET' } });
    } finally {
      await srv.stop();
    }
  });

  test('TLS to a server that hangs up before the handshake: ECONNRESET, said as TLS', async () => {
    const srv = await startLoopbackTcp(s => s.destroy());
    try {
      await expect(RespConnection.open({ host: LOOPBACK, port: srv.port }, { tls: true, timeoutMs: 5000 }, 0))
        .rejects.toMatchObject({ code: 'ECONNRESET', message: expect.stringMatching(/TLS|socket disconnected/) });
    } finally {
      await srv.stop();
    }
  });

  test('a connect that never completes: "connect to <host>:<port> timed out after <ms> ms", ETIMEDOUT', async () => {
    const hole = await startSynBlackHole();
    try {
      const started = Date.now();
      const err = await RespConnection.open({ host: LOOPBACK, port: hole.port }, { tls: false, timeoutMs: 200 }, 0).catch(e => e);
      expect({ message: err.message, code: err.code }).toEqual({ message: `connect to ${LOOPBACK}:${hole.port} timed out after 200 ms`, code: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await hole.stop();
    }
  });
});

describe('a shard on its own', () => {
  test('a shard whose second connection cannot open closes the first and rejects with that error', async () => {
    const free = await startLoopbackTcp(s => s.destroy());
    const port = free.port;
    await free.stop();
    const before = await connectedClients();
    const err = await Shard.open(shardConfig({
      connections: [{ target: target(), key: 'probe:a' }, { target: { host: LOOPBACK, port }, key: 'probe:b' }],
    })).catch(e => e);
    expect(err.code).toBe('ECONNREFUSED');
    await sleep(100);
    expect(await connectedClients()).toBe(before);
  });

  test('the shared counters: SET issues into [0], GET into [1], errors into [2]', async () => {
    const counters = new SharedArrayBuffer(4 * COUNTERS);
    const shard = await Shard.open(shardConfig({ pipeline: 4, counters, username: 'noget', password: 'noget-pass' }));
    try {
      const far = Date.now() + 60_000;
      const set = await shard.phase('SET', 10, far, 100, far);
      expect(set).toMatchObject({ completed: 10, errors: 0, stoppedAtDeadline: false });
      const view = new Int32Array(counters);
      // batches of 4 taken from the counter: 0-3, 4-7, 8-9 (of 8-11), then 12 finds none left
      expect(view[COUNTER_SET]).toBe(16);
      expect(view[COUNTER_GET]).toBe(0);
      const get = await shard.phase('GET', 10, far, 100, far);
      expect(get).toMatchObject({ completed: 0, errors: 10 });
      expect(view[COUNTER_ERRORS]).toBe(10);
      expect(view[COUNTER_GET]).toBe(16);
      expect(get.histogram.reduce((a, b) => a + b, 0)).toBe(0);
      expect(set.histogram.reduce((a, b) => a + b, 0)).toBe(10);
      expect(set.endEpochMs).toBeGreaterThan(set.startEpochMs);
      expect(Math.abs(set.startEpochMs - Date.now())).toBeLessThan(5000);
    } finally {
      shard.close();
    }
  });

  test('a stop time already past: nothing is sent, the phase says it stopped at the deadline', async () => {
    const shard = await Shard.open(shardConfig());
    try {
      const r = await shard.phase('SET', 10, Date.now() - 1, 100, Date.now() + 60_000);
      expect(r).toMatchObject({ completed: 0, errors: 0, stoppedAtDeadline: true });
      expect(r.endEpochMs).toBe(r.startEpochMs);
      expect(await server.cli('DBSIZE')).toBe('0');
    } finally {
      shard.close();
    }
  });

  test('no requests and the stop time past: nothing to send, so not stopped at the deadline', async () => {
    const shard = await Shard.open(shardConfig());
    try {
      expect(await shard.phase('SET', 0, Date.now() - 1, 100, Date.now() + 60_000)).toMatchObject({ completed: 0, errors: 0, stoppedAtDeadline: false });
    } finally {
      shard.close();
    }
  });

  test('one of two connections killed mid-phase: the other runs on to the stop time; the first error stays the first', async () => {
    const shard = await Shard.open(shardConfig({
      username: 'noget',
      password: 'noget-pass',
      connections: [{ target: target(), key: 'probe:a' }, { target: target(), key: 'probe:b' }],
    }));
    try {
      const started = Date.now();
      const phase = shard.phase('GET', 100_000_000, started + 1500, 1e9, started + 60_000);
      await sleep(300);
      // every GET of user noget fails (NOPERM); kill one of its two connections
      const ids = (await server.cli('CLIENT', 'LIST', 'TYPE', 'normal')).split('\n').filter(l => / user=noget /.test(l)).map(l => /^id=(\d+)/.exec(l)![1]);
      expect(ids).toHaveLength(2);
      await server.cli('CLIENT', 'KILL', 'ID', ids[0]);
      const r = await phase;
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(r.stoppedAtDeadline).toBe(true);
      expect(r.completed).toBe(0);
      expect(r.errors).toBeGreaterThan(100);
      expect(r.firstError!.message).toMatch(/^NOPERM /);
      expect(shard.conns.filter(c => c.failure !== undefined).map(c => c.failure!.code)).toEqual(['ECONNRESET']);
    } finally {
      shard.close();
    }
  });

  test('the watchdog looks only at connections still in the phase: an idle one is never timed out', async () => {
    const frozen = await RedisServer.start();
    // connection 0 waits on a frozen server; connection 1 does the other requests and goes idle at once
    const shard = await Shard.open(shardConfig({
      timeoutMs: 300, connections: [{ target: { host: LOOPBACK, port: frozen.port }, key: 'probe:a' }, { target: target(), key: 'probe:b' }],
    }));
    try {
      process.kill(frozen.pid!, 'SIGSTOP');
      const far = Date.now() + 60_000;
      const set = await shard.phase('SET', 3, far, 100, far);
      expect(set).toMatchObject({ completed: 2, errors: 1, firstError: { message: 'SET got no answer within 300 ms', code: 'ETIMEDOUT' } });
      expect([shard.conns[0].closed, shard.conns[1].closed, shard.conns[1].failure]).toEqual([true, false, undefined]);
      // the idle connection still works: the next phase runs on it
      expect(await shard.phase('GET', 3, far, 100, far)).toMatchObject({ completed: 3, errors: 0 });
    } finally {
      process.kill(frozen.pid!, 'SIGCONT');
      shard.close();
      await frozen.stop();
    }
  });

  test('a phase leaves no timer behind, and a closed shard no connection', async () => {
    const before = await connectedClients();
    const shard = await Shard.open(shardConfig({ connections: [{ target: target(), key: 'probe:a' }, { target: target(), key: 'probe:b' }] }));
    expect(await connectedClients()).toBe(before + 2);
    // pass-through spies: the phase's watchdog is the one interval it starts, and it is cleared when the phase ends
    // (counting the process's active timers instead would see other tests' timers come and go)
    const started = jest.spyOn(global, 'setInterval');
    const cleared = jest.spyOn(global, 'clearInterval');
    try {
      const far = Date.now() + 60_000;
      await shard.phase('SET', 50, far, 100, far);
      const watchdogs = started.mock.results.map(r => r.value);
      expect(watchdogs).toHaveLength(1);
      expect(cleared.mock.calls.map(c => c[0])).toEqual(watchdogs);
    } finally {
      started.mockRestore();
      cleared.mockRestore();
    }
    shard.close();
    await sleep(100);
    expect(await connectedClients()).toBe(before);
  });


  test('a failed connection is skipped by the next phase; with none left the phase ends at once', async () => {
    const shard = await Shard.open(shardConfig());
    shard.conns[0].fail({ message: 'gone', code: 'ECONNRESET' });
    const far = Date.now() + 60_000;
    expect(await shard.phase('SET', 10, far, 100, far)).toMatchObject({ completed: 0, errors: 0, stoppedAtDeadline: false });
    expect(shard.answered).toBe(false);
    shard.close();
  });

  /** A shard of one connection to a redis-server that is then frozen (SIGSTOP): no command gets an answer. */
  async function onFrozenServer(over: Partial<ShardConfig>, fn: (shard: Shard) => Promise<void>): Promise<void> {
    const frozen = await RedisServer.start();
    const shard = await Shard.open(shardConfig({ ...over, connections: [{ target: { host: LOOPBACK, port: frozen.port }, key: 'probe:a' }] }));
    try {
      process.kill(frozen.pid!, 'SIGSTOP');
      await fn(shard);
    } finally {
      process.kill(frozen.pid!, 'SIGCONT');
      shard.close();
      await frozen.stop();
    }
  }

  test('a connection that dies mid-phase: its commands in flight are errors, the first error is its failure', async () => {
    await onFrozenServer({ timeoutMs: 300, pipeline: 5 }, async shard => {
      const far = Date.now() + 60_000;
      const started = Date.now();
      const r = await shard.phase('SET', 100, far, 1000, far);
      expect(r).toMatchObject({ completed: 0, errors: 5, firstError: { message: 'SET got no answer within 300 ms', code: 'ETIMEDOUT' } });
      expect(Date.now() - started).toBeLessThan(1500);
    });
  });

  test('the hard stop: a command unanswered at the run\'s end fails its connection then, not at the step timeout', async () => {
    await onFrozenServer({ timeoutMs: 10_000, pipeline: 1 }, async shard => {
      const started = Date.now();
      const r = await shard.phase('GET', 100, started + 60_000, 1000, started + 300);
      expect(r).toMatchObject({ completed: 0, errors: 1, firstError: { message: 'GET got no answer before the invocation deadline', code: 'ETIMEDOUT' } });
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});

describe('the pure parts', () => {
  test('constants the docs and the answer quote', () => {
    expect([MIB_PER_VCPU, MAX_VCPUS, MAX_THREADS, HEADROOM_SHARE, MAX_SHARE_OF_HEADROOM, MAX_BYTES_IN_FLIGHT, SATURATION])
      .toEqual([1769, 6, 16, 0.1, 0.1, 8 * 1024 * 1024, 0.85]);
    expect([COUNTER_SET, COUNTER_GET, COUNTER_ERRORS, COUNTERS, HISTOGRAM_BUCKETS]).toEqual([0, 1, 2, 3, 2048 + 21 * 1024]);
    expect(WORKER_MARKER).toBe('airDiscoveryProbeLoadShard');
  });

  test('vCPUs from memory: two decimals below 10240 MB, 6 from there', () => {
    expect(lambdaVcpus(10_239)).toBe(5.79);
    expect(lambdaVcpus(10_240)).toBe(6);
    expect(lambdaVcpus(20_000)).toBe(6);
    expect(lambdaVcpus(2654)).toBe(1.5);
    expect(planThreads(100, 2654, undefined)).toMatchObject({ threads: 2, vcpus: 1.5 }); // 1.5 rounds up
    expect(planThreads(100, 2600, undefined)).toMatchObject({ threads: 1, vcpus: 1.47 });
    expect(planThreads(100, 128, undefined)).toMatchObject({ threads: 1, vcpus: 0.07 }); // at least one thread
  });

  test('threads: the event\'s choice over the memory, capped by the connections; connections spread, the first threads one more', () => {
    expect(planThreads(10, 10_240, 3)).toEqual({ threads: 3, connectionsPerThread: [4, 3, 3], vcpus: 6, sizedFrom: 'event' });
    expect(planThreads(3, 10_240, 5)).toEqual({ threads: 3, connectionsPerThread: [1, 1, 1], vcpus: 6, sizedFrom: 'event' });
    expect(planThreads(11, 10_240, undefined)).toEqual({ threads: 6, connectionsPerThread: [2, 2, 2, 2, 2, 1], vcpus: 6, sizedFrom: 'lambda-memory' });
    expect(planThreads(12, 10_240, undefined).connectionsPerThread).toEqual([2, 2, 2, 2, 2, 2]);
    expect(planThreads(5, undefined, undefined)).toEqual({ threads: 1, connectionsPerThread: [5], vcpus: os.availableParallelism(), sizedFrom: 'cpu-count' });
    expect(planThreads(5, undefined, 2)).toEqual({ threads: 2, connectionsPerThread: [3, 2], vcpus: os.availableParallelism(), sizedFrom: 'event' });
  });

  test('hash slots: known values (CRC16-XMODEM), the first non-empty hash tag only', () => {
    // values from CLUSTER KEYSLOT (Redis 7.0)
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
    expect(keySlot('')).toBe(0);
    expect(keySlot('{foo}bar')).toBe(12182);
    expect(keySlot('x{foo}y{bar}')).toBe(12182);
    expect(keySlot('{}foo')).not.toBe(keySlot('foo'));
    expect(keySlot('{}foo')).toBe(keySlot('{}foo'));
    expect(keySlot('a}{foo}')).toBe(12182);
    expect(keySlot('{foo')).not.toBe(12182);
    // a '}' with no '{' before it is no tag (CRC16-XMODEM of the whole key, computed independently: 15679)
    expect(keySlot('foo}')).toBe(15679);
    // the tag's '}' is looked for after its '{', not before it
    expect(keySlot('}{foo}')).toBe(12182);
  });

  test('standalone layout: one key per connection, all to the endpoint', () => {
    const t = { host: 'h', port: 1 };
    expect(standaloneLayout(t, 3, 'p:', 'r')).toEqual([
      { target: t, key: 'p:load:r:0' }, { target: t, key: 'p:load:r:1' }, { target: t, key: 'p:load:r:2' },
    ]);
  });

  test('cluster layout: primaries sorted, gaps in the slot map skipped, an IPv6-style host split at its last colon', () => {
    // slots 0-99 unowned, then b:2, then a:1 (sorted: a:1 first)
    const owner = Array.from({ length: 16384 }, (_, s) => (s < 100 ? undefined : s < 8000 ? 'b:2' : '::1:3'));
    const layout = clusterLayout(owner, 4, 'p:', 'run');
    expect(layout.map(l => `${l.target.host}|${l.target.port}`)).toEqual(['::1|3', 'b|2', '::1|3', 'b|2']);
    for (const l of layout) expect(owner[keySlot(l.key)]).toBe(`${l.target.host}:${l.target.port}`);
    expect(layout[0].key).toMatch(/^p:load:\{run-\d+\}:0$/);
    expect(layout[0].key.replace(':0', '')).toBe(layout[2].key.replace(':2', ''));
    expect(() => clusterLayout(Array.from({ length: 16384 }, () => undefined), 1, 'p:', 'r')).toThrow(/^the cluster reported no slot owners$/);
  });

  test('a slot map owned in one slot only: the search goes on past the unowned slots until it finds that one', () => {
    const only = keySlot('run-7');
    const owner = Array.from({ length: 16384 }, (_, s) => (s === only ? 'one:1' : undefined));
    expect(clusterLayout(owner, 2, 'p:', 'run').map(l => l.key)).toEqual(['p:load:{run-7}:0', 'p:load:{run-7}:1']);
  });

  test('the tag search takes the first tag that lands on each primary', () => {
    const owner = Array.from({ length: 16384 }, (_, s) => (s === keySlot('run-5') ? 'rare:1' : 'common:2'));
    const layout = clusterLayout(owner, 2, 'p:', 'run');
    expect(layout.map(l => l.key)).toEqual(['p:load:{run-0}:0', 'p:load:{run-5}:1']);
  });

  test('the time kept before the deadline: a tenth of the time left, never under 200 ms (the hard stop plus 100) nor over 1 s', () => {
    expect([0, 500, 1999, 2000, 4000, 9990, 10_000, 60_000].map(reserveMs)).toEqual([200, 200, 200, 200, 400, 999, 1000, 1000]);
  });

  test('saturated is judged on the utilization the answer shows: 0.846 is reported as 0.85 and is saturated, 0.844 (0.84) is not', () => {
    const histogram = new Uint32Array(HISTOGRAM_BUCKETS);
    histogram[histogramIndex(500)] = 10;
    const shard = { completed: 10, errors: 0, stoppedAtDeadline: false, startEpochMs: 1000, endEpochMs: 1100, histogram };
    // 100 ms of phase on one vCPU
    expect([84.6, 85, 84.4, 200].map(cpuMs => {
      const p = aggregate([shard], 10, cpuMs, 1);
      return [p.clientCpuUtilization, p.clientSaturated];
    })).toEqual([[0.85, true], [0.85, true], [0.84, false], [2, true]]);
    expect(aggregate([shard], 10, 85, 2)).toMatchObject({ clientCpuUtilization: 0.43, clientSaturated: false });
  });

  test('memory limit: maxmemory, else the host\'s memory, else none', () => {
    const h = { target: 't', usedMemoryBytes: 1, probeBytes: 1 };
    expect(memoryLimit({ ...h, maxmemoryBytes: 5, totalSystemMemoryBytes: 9 })).toBe(5);
    expect(memoryLimit({ ...h, maxmemoryBytes: 0, totalSystemMemoryBytes: 9 })).toBe(9);
    expect(memoryLimit({ ...h, maxmemoryBytes: 0, totalSystemMemoryBytes: 0 })).toBeUndefined();
    expect(memoryLimit({ ...h, maxmemoryBytes: 0 })).toBeUndefined();
  });

  test('the refusal, word for word; used_memory not a number: cannot be judged', () => {
    expect(headroomRefusal({ target: 'n:1', usedMemoryBytes: 600, maxmemoryBytes: 1000, maxmemoryPolicy: 'allkeys-lru', probeBytes: 41 })).toBe(
      'not enough memory headroom on n:1: the run would write about 41 bytes, more than 10% of the 400 bytes of memory headroom '
      + '(maxmemory − used_memory): it could evict the application\'s keys (used_memory 600 of 1000, 60.0%, policy allkeys-lru). '
      + 'Lower clients, pipeline or valueSizeBytes, or run against a cache with room');
    expect(headroomRefusal({ target: 'n:1', usedMemoryBytes: 600, maxmemoryBytes: 1000, probeBytes: 40 })).toBeUndefined();
    expect(headroomRefusal({ target: 'n:1', usedMemoryBytes: 1500, maxmemoryBytes: 1000, probeBytes: 0 })).toBeUndefined();
    expect(headroomRefusal({ target: 'n:1', usedMemoryBytes: 1500, maxmemoryBytes: 1000, probeBytes: 1 })).toMatch(/more than 10% of the 0 bytes .*\(used_memory 1500 of 1000, 150\.0%\)\. Lower/);
    expect(headroomRefusal({ target: 'n:2', usedMemoryBytes: 1, maxmemoryBytes: 0, totalSystemMemoryBytes: 3, probeBytes: 1 })).toMatch(/\(used_memory 1 of 3 total_system_memory, 33\.3%\)\. Lower/);
    expect(headroomRefusal({ target: 'n:3', usedMemoryBytes: NaN, maxmemoryBytes: 1000, probeBytes: 1 })).toBe(
      'INFO memory on n:3 did not report used_memory with maxmemory or total_system_memory, so the run\'s effect on eviction cannot be judged');
  });

  test('RESP encoding: *n, then $len and the bytes of each argument (bytes, not characters)', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from('vv'), 'ü']).toString('latin1')).toBe(
      '*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nvv\r\n$2\r\n\u00c3\u00bc\r\n');
    expect(encodeCommand([]).toString()).toBe('*0\r\n');
  });

  test('histogram buckets: exact to 2047 µs, then 1024 per power of two; below 0 is 0, from 2^31 the last', () => {
    expect([-5, 0, 1.9, 2047, 2048, 2049, 2050, 4095, 4096, 4100].map(histogramIndex)).toEqual([0, 0, 1, 2047, 2048, 2048, 2049, 3071, 3072, 3073]);
    // the largest latency kept is 2^31 - 2 µs (about 36 minutes), in the last bucket of the 2^30 octave
    const last = 2048 + 19 * 1024 + 1023;
    expect([2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 40].map(histogramIndex)).toEqual([last, last, last, last]);
    expect([2047, 2048, 2049, 3071, 3072, 3073, last].map(histogramValue)).toEqual([2047, 2048, 2050, 4094, 4096, 4100, 2047 * 2 ** 20]);
  });

  test('errors as plain data and back: the code kept when it is a string', () => {
    expect(toErrorData(Object.assign(new Error('m'), { code: 'E1' }))).toEqual({ message: 'm', code: 'E1' });
    expect(toErrorData(Object.assign(new Error('m'), { code: 7 }))).toEqual({ message: 'm', code: undefined });
    expect(toErrorData('plain')).toEqual({ message: 'plain', code: undefined });
    expect(toErrorData(undefined)).toEqual({ message: 'undefined', code: undefined });
    const e = toError({ message: 'x', code: 'EX' });
    expect(e).toBeInstanceOf(Error);
    expect([e.message, (e as Error & { code?: string }).code]).toEqual(['x', 'EX']);
    expect(Object.keys(toError({ message: 'y' }))).toEqual([]);
  });
});
