/**
 * A probe that cannot hurt the cache it checks, proven against real redis-server processes:
 * - load mode refuses on a nearly full allkeys-lru cache instead of evicting the application's keys;
 * - a load run killed mid-run (as Lambda does at its timeout) leaves no key without a TTL;
 * - both modes answer before the invocation's deadline, whatever the step timeout;
 * - a malformed event gets an answer (CONFIG_ERROR), in-process and from the bundled handler;
 * - load mode can be switched off; the bytes in flight are capped.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { promisify } from 'util';
import { bundleEnvironment, ensureProbeBundle, PROBE_BUNDLE } from './bundle';
import { LOOPBACK, RedisServer, sleep } from './redis-fixture';
import { HealthResult, LoadResult, MAX_BYTES_IN_FLIGHT, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

let plain: RedisServer;
let lru: RedisServer;

beforeAll(async () => {
  ensureProbeBundle();
  [plain, lru] = await Promise.all([
    RedisServer.start(),
    RedisServer.start({ args: ['--maxmemory', '16mb', '--maxmemory-policy', 'allkeys-lru'] }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain, lru].filter(Boolean).map(s => s.stop()));
});

const info = async (server: RedisServer, field: string) => Number(new RegExp(`${field}:(\\d+)`).exec(await server.cli('INFO'))?.[1]);

describe('load mode on a nearly full allkeys-lru cache', () => {
  beforeAll(async () => {
    // the application's keys: 1 KiB values until used_memory is ~90% of maxmemory (16 MiB)
    const maxmemory = await info(lru, 'maxmemory');
    let batch = 0;
    while (await info(lru, 'used_memory') < maxmemory * 0.9) {
      await lru.cli('EVAL', 'for i=1,500 do redis.call(\'SET\', \'app:\' .. ARGV[1] .. \':\' .. i, string.rep(\'v\', 1024)) end', '0', `${batch++}`);
    }
    expect(await info(lru, 'evicted_keys')).toBe(0);
  });

  test('the default run (100 clients) is refused with the reason; no key written, none evicted', async () => {
    const keysBefore = Number(await lru.cli('DBSIZE'));
    expect(keysBefore).toBeGreaterThan(5000);
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: lru.port }, {}) as LoadResult;
    expect(r).toMatchObject({ mode: 'load', redis: 'UP', pass: false });
    expect(r.refused).toMatch(/more than 10% of the \d+ bytes of memory headroom \(maxmemory − used_memory\): it could evict the application's keys/);
    expect(r.failures[0]).toMatch(/^load refused: /);
    expect(r.memory!.runFootprintBytes).toBeGreaterThan(r.memory!.headroomBytes * 0.1);
    expect(r.set).toBeUndefined();
    expect(Number(await lru.cli('DBSIZE'))).toBe(keysBefore);
    expect(await info(lru, 'evicted_keys')).toBe(0);
    expect(await lru.cli('--scan', '--pattern', 'probe:*')).toBe('');
  });

  test('large values (the 100 x 1 MiB run of the review) are refused before any connection beyond the first', async () => {
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: lru.port, clients: 8, valueSizeBytes: 1024 * 1024 }, {}) as LoadResult;
    expect(r.refused).toMatch(/memory headroom/);
    expect(await info(lru, 'evicted_keys')).toBe(0);
  });

  test('a run that fits well inside the headroom runs, and evicts nothing', async () => {
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: lru.port, clients: 2, requests: 500 }, {}) as LoadResult;
    expect(r).toMatchObject({ redis: 'UP', pass: true });
    expect(r.refused).toBeUndefined();
    expect(r.memory!.runFootprintBytes).toBeLessThanOrEqual(r.memory!.headroomBytes * 0.1);
    expect(await info(lru, 'evicted_keys')).toBe(0);
  });
});

test('the bytes in flight are capped (clients x pipeline x valueSizeBytes)', async () => {
  const r = await runProbe({ mode: 'load', host: LOOPBACK, port: plain.port, clients: 100, valueSizeBytes: 1024 * 1024 }, {}) as LoadResult;
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
  expect(r.error).toContain(`${100 * 1024 * 1024} bytes in flight, more than the probe's cap of ${MAX_BYTES_IN_FLIGHT}`);
});

test('every key load mode writes has its TTL from the first write (SET ... EX), seen by MONITOR', async () => {
  const monitor = spawn('redis-cli', ['-h', LOOPBACK, '-p', `${plain.port}`, 'MONITOR'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let seen = '';
  monitor.stdout.on('data', (d: Buffer) => { seen += d.toString(); });
  try {
    await sleep(200);
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: plain.port, requests: 200, clients: 4, pipeline: 2 }, {}) as LoadResult;
    expect(r).toMatchObject({ redis: 'UP', pass: true });
    await sleep(300);
  } finally {
    monitor.kill();
  }
  const sets = seen.split('\n').filter(l => /"(set|SET)" "probe:load:/.test(l));
  expect(sets.length).toBeGreaterThanOrEqual(200);
  for (const line of sets) expect(line).toMatch(/"(set|SET)" "probe:load:[0-9a-f]+:\d+" "xxx" "EX" "60"$/);
});

test('a load run killed mid-run (SIGKILL, as Lambda at its timeout) leaves no key without a TTL', async () => {
  const script = `require(${JSON.stringify(PROBE_BUNDLE)}).handler({ mode: 'load', requests: 1000000, clients: 20, valueSizeBytes: 1024 }, { getRemainingTimeInMillis: () => 60000 })`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    // bundleEnvironment: under StrykerJS the child runs the active mutant too
    env: bundleEnvironment({ PATH: process.env.PATH!, REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}`, REDIS_TLS: 'false', REDIS_TIMEOUT_MS: '2000' }),
    stdio: 'ignore',
  });
  try {
    const until = Date.now() + 15_000;
    while (Date.now() < until && (await plain.cli('--scan', '--pattern', 'probe:load:*')) === '') await sleep(50);
    await sleep(200); // mid-run
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise(resolve => child.once('exit', resolve));
  const keys = (await plain.cli('--scan', '--pattern', 'probe:*')).split('\n').filter(Boolean);
  expect(keys.length).toBe(20); // the run was killed with its keys in place (the test is not vacuous)
  for (const key of keys) {
    const ttl = Number(await plain.cli('TTL', key));
    expect({ key, ttlPositive: ttl > 0 && ttl <= 60 }).toEqual({ key, ttlPositive: true });
  }
  await plain.cli('DEL', ...keys);
});

/**
 * When a timer set for `at` actually fires (resolves at once, with `at`, if `at` is already past when called).
 * The probe stops by its own timers: on a loaded machine (CI's two jest workers, a mutation run beside them) the
 * event loop runs them late, and the answer is as late as the timer. The deadline tests allow 100 ms plus the
 * lag this timer saw in the same process: a probe that ignores the deadline answers seconds late (the pause ends
 * after 3 s, the step timeout is 5 s), far beyond both.
 */
function timerFiredAt(at: number): Promise<number> {
  return new Promise(resolve => setTimeout(() => resolve(Date.now()), Math.max(0, at - Date.now())));
}

describe('the invocation deadline', () => {
  afterEach(async () => {
    // the pause ends by itself (3 s); UNPAUSE ends it at once
    await plain.cli('CLIENT', 'UNPAUSE');
  });

  test('health: a paused server with a 5 s step timeout and 800 ms left → TIMEOUT before the deadline', async () => {
    await plain.cli('CLIENT', 'PAUSE', '3000', 'ALL');
    const started = Date.now();
    const deadline = started + 800;
    const timer = timerFiredAt(deadline);
    const r = await runProbe({ host: LOOPBACK, port: plain.port, timeoutMs: 5000 }, {}, { deadline }) as HealthResult;
    const answeredAt = Date.now();
    const lag = await timer - deadline;
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT });
    expect(r.error).toMatch(/invocation deadline/);
    expect(answeredAt).toBeLessThanOrEqual(deadline + 100 + lag);
  });

  test('health through the handler: 3 s left on the Lambda clock → answered before it, with a second to spare', async () => {
    await plain.cli('CLIENT', 'PAUSE', '3000', 'ALL');
    const script = `const h = require(${JSON.stringify(PROBE_BUNDLE)}).handler; const t0 = Date.now(); h({}, { getRemainingTimeInMillis: () => 3000 })`
      + '.then(r => console.log(JSON.stringify({ took: Date.now() - t0, r })))';
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}`, REDIS_TLS: 'false', REDIS_TIMEOUT_MS: '10000' },
      timeout: 15_000,
    });
    const { took, r } = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT });
    // the handler keeps a second for its answer: the deadline is 2 s after the call
    expect(took).toBeLessThan(2600);
  });

  test('load: a server paused mid-run → stops and answers before the deadline with what it measured', async () => {
    const started = Date.now();
    const deadline = started + 1500;
    const pause = sleep(300).then(() => plain.cli('CLIENT', 'PAUSE', '3000', 'ALL'));
    const timer = timerFiredAt(deadline);
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: plain.port, requests: 1_000_000, clients: 10, timeoutMs: 5000 }, {}, { deadline }) as LoadResult;
    const answeredAt = Date.now();
    const lag = await timer - deadline;
    await pause;
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT, pass: false });
    expect(r.error).toMatch(/invocation deadline/);
    expect(answeredAt).toBeLessThanOrEqual(deadline + 100 + lag);
    expect(r.set!.completed).toBeGreaterThan(0);
  });
});

describe('a bad event gets an answer, never a crash', () => {
  test.each<[string, unknown, RegExp]>([
    ['host as an array', { host: ['127.0.0.1'], port: 6379 }, /event field 'host' must be a string, got an array/],
    ['host as an object', { host: { a: 1 } }, /event field 'host' must be a string, got an object/],
    ['tls as the string "false"', { host: LOOPBACK, tls: 'false' }, /event field 'tls' must be a boolean, got the string "false"/],
    ['clusterMode as 1', { host: LOOPBACK, clusterMode: 1 }, /event field 'clusterMode' must be a boolean, got the number 1/],
    ['port as a string', { host: LOOPBACK, port: '6379' }, /event field 'port' must be a finite number/],
    ['port out of range', { host: LOOPBACK, port: 70000 }, /port must be an integer from 1 to 65535/],
    ['requests as a float', { host: LOOPBACK, mode: 'load', requests: 1.5 }, /requests must be an integer/],
    ['an unknown field', { host: LOOPBACK, request: 10 }, /unknown event field 'request'/],
    ['mode as a number', { mode: 1 }, /event field 'mode' must be a string/],
    ['an unknown mode', { mode: 'bench' }, /mode must be 'health', 'load', 'write' or 'read', got 'bench'/],
    ['an array event', [1, 2], /the event must be a JSON object/],
    ['a string event', 'health', /the event must be a JSON object/],
    ['a host with a space', { host: 'a b' }, /must be a host name or IP address/],
    ['a password as a number (value not echoed)', { host: LOOPBACK, password: 12345678 }, /event field 'password' must be a string, got a number$/],
  ])('%s', async (_name, event, message) => {
    const r = await runProbe(event, { REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR, failedStep: 'config' });
    expect(r.error).toMatch(message);
  });

  test('null fields count as absent; null and undefined events are health checks', async () => {
    const env = { REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` };
    expect(await runProbe({ host: null, tls: null }, env)).toMatchObject({ redis: 'UP' });
    expect(await runProbe(null, env)).toMatchObject({ redis: 'UP', mode: 'health' });
    expect(await runProbe(undefined, env)).toMatchObject({ redis: 'UP', mode: 'health' });
  });

  test('the bundled handler answers an array host (it used to abort the process)', async () => {
    const script = `require(${JSON.stringify(PROBE_BUNDLE)}).handler({ host: ['127.0.0.1'], port: ${plain.port} }, { getRemainingTimeInMillis: () => 5000 })`
      + '.then(r => console.log("ANSWER " + JSON.stringify(r)))';
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH, REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}` }, timeout: 15_000,
    });
    const answer = JSON.parse(stdout.split('\n').find(l => l.startsWith('ANSWER '))!.slice('ANSWER '.length));
    expect(answer).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
  });

  test('with the deployment\'s credentials, keys stay under the deployment\'s prefix', async () => {
    const r = await runProbe({ keyPrefix: 'session:' }, { REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}`, REDIS_PROBE_KEY_PREFIX: 'probe:' });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR });
    expect(r.error).toMatch(/keyPrefix 'session:' must start with the probe's prefix 'probe:'/);
  });
});

test('load mode switched off on the construct (REDIS_PROBE_LOAD_MODE=disabled) → CONFIG_ERROR; health still works', async () => {
  const env = { REDIS_HOST: LOOPBACK, REDIS_PORT: `${plain.port}`, REDIS_PROBE_LOAD_MODE: 'disabled' };
  const r = await runProbe({ mode: 'load' }, env) as LoadResult;
  expect(r).toMatchObject({ mode: 'load', redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR, pass: false });
  expect(r.error).toMatch(/load mode is switched off on this probe/);
  expect(await runProbe({}, env)).toMatchObject({ redis: 'UP' });
});
