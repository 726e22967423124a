/**
 * The Lambda entry point in-process (src/probe/probe.lambda.ts), against a real redis-server: the deadline it derives
 * from the invocation's remaining time (a second of margin), and the one log line per run. The bundled handler runs in
 * a separate process in health.test.ts.
 */
import { LOOPBACK, RedisServer } from './redis-fixture';
import { ProbeFailureReason } from '../../src/probe/private/probe-core';
import { handler } from '../../src/probe/probe.lambda';

let server: RedisServer;
const saved = { ...process.env };

beforeAll(async () => {
  server = await RedisServer.start();
  process.env.REDIS_HOST = LOOPBACK;
  process.env.REDIS_PORT = `${server.port}`;
});

afterAll(async () => {
  process.env = saved;
  await server?.stop();
});

test.each<[string, object | undefined]>([
  ['no context (a direct call)', undefined],
  ['a context without getRemainingTimeInMillis', {}],
  ['a context with 10 s left', { getRemainingTimeInMillis: () => 10_000 }],
])('%s: a health check answers UP and logs its answer as one JSON line', async (_what, context) => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const r = await handler({}, context);
    expect(r).toMatchObject({ mode: 'health', redis: 'UP', endpoint: LOOPBACK, port: server.port });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(log.mock.calls[0][0] as string)).toEqual(JSON.parse(JSON.stringify(r)));
  } finally {
    log.mockRestore();
  }
});

test('with 1 s left the margin leaves no time for a step: TIMEOUT, answered at once', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const t = Date.now();
    const r = await handler({}, { getRemainingTimeInMillis: () => 1000 });
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TIMEOUT });
    expect(Date.now() - t).toBeLessThan(900);
  } finally {
    log.mockRestore();
  }
});
