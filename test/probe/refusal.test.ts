/**
 * A server that refuses new connections (src/probe/private/connection.ts `serverRefusal`, `explainFailure`): a Redis
 * at maxclients writes `-ERR max number of clients reached` on accept and closes, and ioredis, writing its first
 * command at that moment, sees only the close. Before the answer guesses TLS_MISMATCH for a plain-text connection
 * closed before any reply, the probe listens on a bare connection for the server's refusal (docs/troubleshooting.md,
 * CONNECTION_CLOSED). Found while triaging the load engine's mutants (docs/testing.md): the probe answered
 * TLS_MISMATCH (health) and UNKNOWN (load) for a cache at maxclients.
 */
import * as net from 'net';
import { LOOPBACK, makeCertificates, RedisServer, startLoopbackTcp } from './redis-fixture';
import { REFUSAL_WAIT_MS, serverRefusal } from '../../src/probe/private/connection';
import { HealthResult, KeyResult, LoadResult, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';

const MAX_CLIENTS = 'ERR max number of clients reached';

/** A real redis-server whose one client slot (`maxclients 1`) is taken by a bare connection. */
let full: RedisServer;
let holder: net.Socket;

beforeAll(async () => {
  full = await RedisServer.start({ password: 'token-1234567890', args: ['--maxclients', '1'] });
  holder = net.connect({ host: LOOPBACK, port: full.port });
  await new Promise(resolve => holder.once('connect', resolve));
  // the slot is taken once the server has accepted the holder: a second connection is then refused
  for (let i = 0; i < 50 && (await serverRefusal(LOOPBACK, full.port, 200)) !== MAX_CLIENTS; i++);
});

afterAll(async () => {
  holder?.destroy();
  await full?.stop();
});

describe('a Redis at maxclients: CONNECTION_CLOSED with the server\'s words, not a TLS guess', () => {
  test('serverRefusal reads the refusal', async () => {
    expect(await serverRefusal(LOOPBACK, full.port, 1000)).toBe(MAX_CLIENTS);
  });

  test.each(['health', 'write'] as const)('%s mode', async mode => {
    const event = mode === 'write' ? { mode, key: 'k' } : { mode };
    const r = await runProbe({ ...event, host: LOOPBACK, port: full.port, password: 'token-1234567890', timeoutMs: 2000 }, {}, {}) as HealthResult | KeyResult;
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_CLOSED });
    // ioredis sometimes reads the refusal itself (it races the close); else the second look reads it
    expect(r.error).toMatch(/^(the server refuses new connections: )?ERR max number of clients reached$/);
  });

  test('load mode (raw connections: the refusal is the AUTH reply, certain without a second look)', async () => {
    const r = await runProbe({ mode: 'load', host: LOOPBACK, port: full.port, password: 'token-1234567890', timeoutMs: 2000 }, {}, {}) as LoadResult;
    expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_CLOSED, failedStep: 'connect', pass: false });
    expect(r.error).toMatch(/^(the server refuses new connections: )?ERR max number of clients reached$/);
  });
});

/**
 * The race made certain: the probe's own connections (the TCP check, then ioredis) are closed without a word, as
 * ioredis sees a refusing server when the close wins; every later connection gets `refusal` and the close.
 */
async function silentThenRefusing(refusal: string): Promise<{ port: number; stop: () => Promise<void> }> {
  let accepted = 0;
  return startLoopbackTcp(s => {
    if (++accepted <= 2) s.destroy();
    else s.end(`-${refusal}\r\n`);
  });
}

describe('the second look, made certain', () => {
  test('health mode: the close alone would be guessed TLS_MISMATCH; the refusal read next is the answer', async () => {
    const srv = await silentThenRefusing(MAX_CLIENTS);
    try {
      const r = await runProbe({ mode: 'health', host: LOOPBACK, port: srv.port, timeoutMs: 2000 }, {}, {}) as HealthResult;
      expect(r).toMatchObject({
        redis: 'DOWN', reason: ProbeFailureReason.CONNECTION_CLOSED, error: `the server refuses new connections: ${MAX_CLIENTS}`, failedStep: 'PING',
      });
    } finally {
      await srv.stop();
    }
  });

  test('another refusal (protected mode): UNKNOWN, with the server\'s text', async () => {
    const denied = 'DENIED Redis is running in protected mode because protected mode is enabled';
    const srv = await silentThenRefusing(denied);
    try {
      const r = await runProbe({ mode: 'read', key: 'k', host: LOOPBACK, port: srv.port, timeoutMs: 2000 }, {}, {}) as KeyResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.UNKNOWN, error: `the server refuses new connections: ${denied}` });
    } finally {
      await srv.stop();
    }
  });

  test('with too little time before the deadline the probe does not look again: the guess stands', async () => {
    const srv = await silentThenRefusing(MAX_CLIENTS);
    try {
      // the answer keeps 500 ms for itself, and a wait shorter than MIN_STEP_MS (20 ms) is not worth it: under 520 ms left, no look
      const r = await runProbe({ mode: 'health', host: LOOPBACK, port: srv.port, timeoutMs: 2000 }, {}, { deadline: Date.now() + 515 }) as HealthResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TLS_MISMATCH, error: 'Connection is closed.' });
    } finally {
      await srv.stop();
    }
  });
});

describe('what is not a refusal', () => {
  test('a server that speaks but refuses nothing (+PONG to nothing: it writes nothing): undefined after the wait', async () => {
    const ok = await RedisServer.start();
    try {
      const started = Date.now();
      expect(await serverRefusal(LOOPBACK, ok.port, REFUSAL_WAIT_MS)).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(REFUSAL_WAIT_MS - 10);
    } finally {
      await ok.stop();
    }
  });

  test('nothing listening, a close without a word, or bytes that are not a RESP error: undefined at once', async () => {
    const closer = await startLoopbackTcp(s => s.destroy());
    const talker = await startLoopbackTcp(s => s.end('+OK\r\n'));
    const binary = await startLoopbackTcp(s => s.end(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x32])));
    try {
      const started = Date.now();
      expect(await serverRefusal(LOOPBACK, closer.port, 2000)).toBeUndefined();
      expect(await serverRefusal(LOOPBACK, talker.port, 2000)).toBeUndefined();
      expect(await serverRefusal(LOOPBACK, binary.port, 2000)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await Promise.all([closer.stop(), talker.stop(), binary.stop()]);
    }
    const port = closer.port; // stopped: nothing listens there now
    expect(await serverRefusal(LOOPBACK, port, 2000)).toBeUndefined();
  });

  test('a refusal written in pieces is read whole', async () => {
    const denied = 'DENIED Redis is running in protected mode because protected mode is enabled';
    const srv = await startLoopbackTcp(s => {
      s.write(`-${denied.slice(0, 10)}`);
      setTimeout(() => s.end(`${denied.slice(10)}\r\n`), 50);
    });
    try {
      expect(await serverRefusal(LOOPBACK, srv.port, 1000)).toBe(denied);
    } finally {
      await srv.stop();
    }
  });

  test('a plain-text client to a TLS-only port stays TLS_MISMATCH (the TLS server writes nothing to a silent client)', async () => {
    const secure = await RedisServer.start({ tls: await makeCertificates() });
    try {
      const r = await runProbe({ mode: 'health', host: LOOPBACK, port: secure.port, timeoutMs: 2000 }, {}, {}) as HealthResult;
      expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.TLS_MISMATCH });
    } finally {
      await secure.stop();
    }
  });
});
