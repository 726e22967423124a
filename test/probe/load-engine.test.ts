/**
 * The load engine's safety and sizing, against real redis-server processes:
 * every key carries its TTL from the first write, a run that would not fit in
 * the memory left is refused before writing, the deadline and the step timeout
 * hold, the answer says whether the client was saturated, and the bundled
 * handler starts one worker thread per vCPU its memory size gives.
 */
import { ChildProcess, spawn } from 'child_process';
import { PROBE_BUNDLE, ensureProbeBundle } from './bundle';
import { LOOPBACK, RedisServer } from './redis-fixture';
import {
  clusterLayout, headroomRefusal, keySlot, lambdaVcpus, planThreads, probeBytes, SATURATION,
} from '../../src/probe/private/load-engine';
import { histogramIndex, histogramValue } from '../../src/probe/private/load-shard';
import { LoadResult, ProbeEvent, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

let server: RedisServer;

beforeAll(async () => {
  ensureProbeBundle();
  server = await RedisServer.start();
});

afterAll(async () => {
  await server?.stop();
});

async function load(event: ProbeEvent, target: RedisServer = server, deadline?: number): Promise<LoadResult> {
  return await runProbe({ mode: 'load', host: LOOPBACK, port: target.port, timeoutMs: 5000, ...event }, {}, { deadline }) as LoadResult;
}

/** Every command the server executes while `fn` runs, as redis-cli MONITOR prints them. */
async function monitor(target: RedisServer, fn: () => Promise<unknown>): Promise<string[]> {
  const proc = spawn('redis-cli', ['-h', LOOPBACK, '-p', `${target.port}`, 'MONITOR'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  await waitFor(() => out.includes('OK'), 5000);
  try {
    await fn();
    await new Promise(r => setTimeout(r, 200)); // the last lines
  } finally {
    proc.kill();
  }
  return out.split('\n').filter(l => /^\d+\.\d+ \[/.test(l));
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('TTL from the first write', () => {
  test('every SET the probe sends is SET key value EX ttl, on keys under the prefix; the keys are deleted afterwards', async () => {
    let r: LoadResult | undefined;
    const lines = await monitor(server, async () => { r = await load({ requests: 600, clients: 12, keyPrefix: 'probe:' }); });
    expect(r).toMatchObject({ redis: 'UP', pass: true });
    const sets = lines.filter(l => /\] "SET" /i.test(l));
    expect(sets).toHaveLength(600);
    for (const l of sets) expect(l).toMatch(new RegExp(`"SET" "probe:load:[0-9a-f]+:\\d+" "xxx" "EX" "${r!.ttlSeconds}"$`));
    expect(lines.filter(l => /"(EXPIRE|PEXPIRE|SETEX|PSETEX)"/i.test(l))).toEqual([]);
    expect(r!.ttlSeconds).toBe(60);
    expect(await server.cli('DBSIZE')).toBe('0');
  });

  // Merge with issue 13: the TTL is a fixed 60 s (every SET refreshes it), not the time left plus a minute:
  // a key never outlives its last write by more than a minute, whatever the deadline.
  test('the TTL is 60 s whatever the time left before the deadline (each SET refreshes it)', async () => {
    const r = await load({ requests: 200, clients: 4 }, server, Date.now() + 30_000);
    expect(r).toMatchObject({ redis: 'UP', pass: true });
    expect(r.ttlSeconds).toBe(60);
  });

  test('a handler killed mid-run (SIGKILL, as at a Lambda timeout) leaves only keys that expire', async () => {
    const child: ChildProcess = spawn(process.execPath, ['-e',
      `require(${JSON.stringify(PROBE_BUNDLE)}).handler({ mode: 'load', requests: 1000000, clients: 20, valueSizeBytes: 1024 })`], {
      env: { ...process.env, REDIS_HOST: LOOPBACK, REDIS_PORT: `${server.port}`, REDIS_TLS: 'false' },
      stdio: 'ignore',
    });
    try {
      const end = Date.now() + 15_000;
      let keys = 0;
      while (Date.now() < end) {
        keys = Number(await server.cli('DBSIZE'));
        if (keys >= 20) break;
        await new Promise(r => setTimeout(r, 50));
      }
      expect(keys).toBeGreaterThanOrEqual(20);
      child.kill('SIGKILL');
      await new Promise(r => child.once('exit', r));
      const names = (await server.cli('--scan', '--pattern', 'probe:load:*')).split('\n').filter(Boolean);
      expect(names.length).toBe(20);
      for (const k of names) expect(Number(await server.cli('TTL', k))).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await server.cli('FLUSHALL');
    }
  });
});

describe('memory headroom', () => {
  test('refused before writing when the run would take more than a tenth of the memory left; nothing written', async () => {
    const tight = await RedisServer.start();
    try {
      const used = Number(/used_memory:(\d+)/.exec(await tight.cli('INFO', 'memory'))![1]);
      await tight.cli('CONFIG', 'SET', 'maxmemory', `${used + 2_000_000}`);
      await tight.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
      await tight.cli('SET', 'app:key', 'application data');
      const lines = await monitor(tight, async () => {
        const r = await load({ requests: 1000, clients: 100, valueSizeBytes: 1024 }, tight);
        expect(r).toMatchObject({ mode: 'load', redis: 'UP', pass: false });
        expect(r.refused).toMatch(/^not enough memory headroom on 127\.0\.0\.1:\d+: the run would write about \d+ bytes, more than 10% of the \d+ bytes of memory headroom \(maxmemory − used_memory\): it could evict the application's keys .*policy allkeys-lru/);
        expect(r.failures).toEqual([`load refused: ${r.refused}`]);
        expect(r.memory!.runFootprintBytes).toBe(r.headroom![0].probeBytes);
        expect(r.set).toBeUndefined();
        expect(r.headroom![0].maxmemoryBytes).toBe(used + 2_000_000);
        expect(r.headroom![0].probeBytes).toBeGreaterThan(200_000);
      });
      expect(lines.filter(l => /"SET"/.test(l))).toEqual([]);
      expect(await tight.cli('DBSIZE')).toBe('1');

      // with small values the same cache has room for the run
      const small = await load({ requests: 200, clients: 2, valueSizeBytes: 3 }, tight);
      expect(small).toMatchObject({ redis: 'UP', pass: true });
      expect(small.refused).toBeUndefined();
      expect(await tight.cli('GET', 'app:key')).toBe('application data');
    } finally {
      await tight.stop();
    }
  });

  test('a full cache refuses even the default run', async () => {
    const full = await RedisServer.start();
    try {
      const used = Number(/used_memory:(\d+)/.exec(await full.cli('INFO', 'memory'))![1]);
      await full.cli('CONFIG', 'SET', 'maxmemory', `${used}`);
      const r = await load({}, full);
      expect(r).toMatchObject({ redis: 'UP', pass: false });
      expect(r.refused).toMatch(/headroom/);
    } finally {
      await full.stop();
    }
  });

  // Merge with issue 13: without maxmemory the host's memory (total_system_memory) is the limit, and a run
  // whose effect cannot be judged (neither reported) is refused; each connection counts 32 KiB.
  test('no maxmemory (0): measured against total_system_memory; neither reported: refused', () => {
    expect(headroomRefusal({ target: 'x', usedMemoryBytes: 10, maxmemoryBytes: 0, probeBytes: 1e9 })).toMatch(/cannot be judged/);
    expect(headroomRefusal({ target: 'x', usedMemoryBytes: 10, maxmemoryBytes: 0, totalSystemMemoryBytes: 1e11, probeBytes: 1e9 })).toBeUndefined();
    expect(headroomRefusal({ target: 'x', usedMemoryBytes: 10, maxmemoryBytes: 0, totalSystemMemoryBytes: 1e9, probeBytes: 1e9 })).toMatch(/headroom/);
    expect(headroomRefusal({ target: 'x', usedMemoryBytes: 0, maxmemoryBytes: 1000, probeBytes: 100 })).toBeUndefined();
    expect(headroomRefusal({ target: 'x', usedMemoryBytes: 0, maxmemoryBytes: 1000, probeBytes: 101 })).toMatch(/headroom/);
    expect(probeBytes(10, 20, 100, 1)).toBe(10 * (20 + 100 + 128) + 10 * (20 + 100 + 64) + 10 * 32 * 1024);
  });

  // Merge with issue 13: the cap is 8 MiB (the safer of the two branches' values; see MAX_BYTES_IN_FLIGHT).
  test('bytes in flight are capped: clients × pipeline × valueSizeBytes over 8 MiB is a CONFIG_ERROR', async () => {
    const r = await load({ clients: 100, pipeline: 1, valueSizeBytes: 1024 * 1024 });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
    expect(r.error).toMatch(/104857600 bytes in flight, more than the probe's cap of 8388608/);
    const justOver = await load({ clients: 8, pipeline: 2, valueSizeBytes: 512 * 1024 + 1 });
    expect(justOver).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
  });
});

describe('deadline and step timeout', () => {
  test('each phase gets its share of the time left: SET stops at about half, GET still runs, the answer comes before the deadline', async () => {
    const started = Date.now();
    const deadline = started + 1500;
    const r = await load({ requests: 1_000_000, clients: 10 }, server, deadline);
    expect(Date.now()).toBeLessThan(deadline);
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, failedStep: 'SET' });
    expect(r.error).toMatch(/stopped at the invocation deadline/);
    expect(r.set!.completed).toBeGreaterThan(0);
    expect(r.get!.completed).toBeGreaterThan(0);
    expect(r.set!.durationMs).toBeLessThan(900);
    expect(await server.cli('DBSIZE')).toBe('0');
  });

  test('a server that stops answering mid-run: DOWN TIMEOUT after the step timeout, not at the deadline', async () => {
    const frozen = await RedisServer.start();
    try {
      const started = Date.now();
      const run = load({ requests: 1_000_000, clients: 5, timeoutMs: 400 }, frozen, started + 20_000);
      await new Promise(r => setTimeout(r, 300));
      process.kill(frozen.pid!, 'SIGSTOP');
      const r = await run;
      process.kill(frozen.pid!, 'SIGCONT');
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT });
      expect(r.error).toMatch(/no answer within 400 ms|timed out/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await frozen.stop();
    }
  });
});

test('a server that stops answering with the step timeout beyond the deadline: the answer still comes before the deadline', async () => {
  const frozen = await RedisServer.start();
  try {
    const deadline = Date.now() + 2000;
    const run = load({ requests: 1_000_000, clients: 5, timeoutMs: 10_000 }, frozen, deadline);
    await new Promise(r => setTimeout(r, 300));
    process.kill(frozen.pid!, 'SIGSTOP');
    const r = await run;
    process.kill(frozen.pid!, 'SIGCONT');
    expect(Date.now()).toBeLessThan(deadline);
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT });
  } finally {
    await frozen.stop();
  }
});

describe('client saturation', () => {
  test('each phase reports the client\'s CPU against its wall time, and the verdict follows it', async () => {
    const r = await load({ requests: 5000, clients: 50 });
    expect(r).toMatchObject({ redis: 'UP', pass: true, client: { threads: 1, sizedFrom: 'cpu-count' } });
    for (const f of [r.set!, r.get!]) {
      expect(f.clientCpuMs).toBeGreaterThan(0);
      expect(f.clientCpuUtilization).toBeGreaterThan(0);
      expect(f.clientSaturated).toBe(f.clientCpuUtilization! >= SATURATION);
    }
    expect(r.client!.saturated).toBe(r.set!.clientSaturated || r.get!.clientSaturated);
    expect(r.client!.verdict).toMatch(r.client!.saturated ? /^client saturated \(SET \d+%, GET \d+% of the/ : /^client not saturated \(SET \d+%, GET \d+% of the/);
  });
});

describe('sizing from the function\'s memory (1 vCPU per 1769 MB, 6 at 10240 MB)', () => {
  test.each([
    [128, 1, 0.07],
    [1024, 1, 0.58],
    [1769, 1, 1],
    [3008, 2, 1.7],
    [3538, 2, 2],
    [5307, 3, 3],
    [7076, 4, 4],
    [8845, 5, 5],
    [10240, 6, 6],
  ])('%i MB → %i threads, %f vCPU', (memory, threads, vcpus) => {
    const p = planThreads(100, memory, undefined);
    expect(p).toMatchObject({ threads, vcpus, sizedFrom: 'lambda-memory' });
    expect(p.connectionsPerThread.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...p.connectionsPerThread) - Math.min(...p.connectionsPerThread)).toBeLessThanOrEqual(1);
    expect(lambdaVcpus(memory)).toBe(vcpus);
  });

  test('never more threads than connections; the event may choose', () => {
    expect(planThreads(2, 10240, undefined)).toMatchObject({ threads: 2, connectionsPerThread: [1, 1] });
    expect(planThreads(100, 1024, 3)).toMatchObject({ threads: 3, connectionsPerThread: [34, 33, 33], sizedFrom: 'event' });
    expect(planThreads(100, undefined, undefined)).toMatchObject({ threads: 1, sizedFrom: 'cpu-count' });
  });

  test('the bundled handler at 3538 MB runs 2 worker threads that share the requests exactly', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e',
        `require(${JSON.stringify(PROBE_BUNDLE)}).handler({ mode: 'load', requests: 3001, clients: 7 }, { getRemainingTimeInMillis: () => 30000 })`], {
        env: { ...process.env, REDIS_HOST: LOOPBACK, REDIS_PORT: `${server.port}`, REDIS_TLS: 'false', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '3538' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
      child.on('exit', code => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
    expect(r).toMatchObject({
      redis: 'UP',
      pass: true,
      client: { threads: 2, connectionsPerThread: [4, 3], vcpus: 2, sizedFrom: 'lambda-memory' },
      set: { completed: 3001, errors: 0 },
      get: { completed: 3001, errors: 0 },
    });
    expect(await server.cli('DBSIZE')).toBe('0');
  });

  test('threads from the event (TypeScript sources: the worker registers ts-node)', async () => {
    const r = await load({ requests: 1000, clients: 4, threads: 2 });
    expect(r).toMatchObject({ redis: 'UP', pass: true, client: { threads: 2, sizedFrom: 'event' }, set: { completed: 1000 }, get: { completed: 1000 } });
  });

  test('threads out of range → CONFIG_ERROR', async () => {
    const r = await load({ threads: 0 });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
    expect(r.error).toMatch(/threads must be an integer from 1 to 16/);
  });
});

describe('building blocks', () => {
  test('hash slots agree with a cluster node\'s CLUSTER KEYSLOT', async () => {
    const node = await RedisServer.start({ cluster: true });
    try {
      for (const k of ['foo', 'somekey', '{user1000}.following', 'probe:load:{abc-1}:7', 'a{}b', '{}x', 'x{y']) {
        expect(keySlot(k)).toBe(Number(await node.cli('CLUSTER', 'KEYSLOT', k)));
      }
    } finally {
      await node.stop();
    }
  });

  test('cluster layout: connections round-robin over the primaries, each key in a slot its primary owns', () => {
    const owner = Array.from({ length: 16384 }, (_, s) => (s < 5461 ? 'h:1' : s < 10923 ? 'h:2' : 'h:3'));
    const layout = clusterLayout(owner, 7, 'probe:', 'run');
    expect(layout.map(l => l.target.port)).toEqual([1, 2, 3, 1, 2, 3, 1]);
    for (const l of layout) expect(owner[keySlot(l.key)]).toBe(`h:${l.target.port}`);
    for (const l of layout) expect(l.key.startsWith('probe:load:{run-')).toBe(true);
  });

  test('latency histogram: exact below 2048 µs, within 0.1% above', () => {
    for (const us of [0, 1, 999, 2047]) expect(histogramValue(histogramIndex(us))).toBe(us);
    for (const us of [2048, 3000, 123_456, 9_999_999, 2 ** 30]) {
      const v = histogramValue(histogramIndex(us));
      expect(v).toBeLessThanOrEqual(us);
      expect(us - v).toBeLessThanOrEqual(us / 1000);
    }
  });
});
