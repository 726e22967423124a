/**
 * The run's time budget (src/probe/private/connection.ts `Budget`, `withTimeout`): every step gets the step timeout
 * capped by what is left before the invocation's deadline; no step starts with less than MIN_STEP_MS left. The clock
 * is pinned (jest's fake timers) so the bounds are exact; the runs against real servers are in safety.test.ts.
 */
import { isDeadlineStop } from '../../src/probe/private/connection';
import { Budget, MIN_STEP_MS, ProbeError, ProbeFailureReason, withTimeout } from '../../src/probe/private/probe-core';

const T0 = 1_700_000_000_000;

describe('Budget with the clock pinned', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('without a deadline: Infinity left, every step gets the step timeout', () => {
    const b = new Budget(1500);
    expect(b.left()).toBe(Infinity);
    expect(b.step('PING')).toBe(1500);
  });

  test('a step gets the step timeout, or what is left when that is less (whole ms)', () => {
    expect(new Budget(1500, T0 + 10_000).left()).toBe(10_000);
    expect(new Budget(1500, T0 + 10_000).step('PING')).toBe(1500);
    expect(new Budget(1500, T0 + 1500).step('PING')).toBe(1500);
    expect(new Budget(1500, T0 + 800.7).step('PING')).toBe(800);
  });

  test(`exactly MIN_STEP_MS (${MIN_STEP_MS} ms) left still starts a step; less stops the run with TIMEOUT, saying so`, () => {
    expect(new Budget(1500, T0 + MIN_STEP_MS).step('PING')).toBe(MIN_STEP_MS);
    let err: unknown;
    try {
      new Budget(1500, T0 + MIN_STEP_MS - 0.6).step('PING');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProbeError);
    expect(err).toMatchObject({ reason: ProbeFailureReason.TIMEOUT, message: 'stopped before PING: 19 ms left before the invocation deadline' });
    expect(() => new Budget(1500, T0 - 5000).step('GET')).toThrow(/^stopped before GET: 0 ms left before the invocation deadline$/);
  });

  test('a step cut short by the deadline says so; one that had its full timeout does not', async () => {
    const never = new Promise<never>(() => undefined);
    const capped = new Budget(1500, T0 + 800).run('PING', () => never);
    const full = new Budget(1500, T0 + 10_000).run('GET', () => never);
    jest.advanceTimersByTime(800);
    await expect(capped).rejects.toThrow(/^PING \(capped by the invocation deadline\) timed out after 800 ms$/);
    jest.advanceTimersByTime(700);
    await expect(full).rejects.toThrow(/^GET timed out after 1500 ms$/);
  });

  test('a step that answers in time gives its value; the step sees its timeout', async () => {
    const seen: number[] = [];
    await expect(new Budget(1500, T0 + 900).run('PING', async ms => {
      seen.push(ms);
      return 'PONG';
    })).resolves.toBe('PONG');
    expect(seen).toEqual([900]);
  });
});

test('withTimeout: the value or the error within time, TIMEOUT after it', async () => {
  await expect(withTimeout(Promise.resolve(1), 1000, 'x')).resolves.toBe(1);
  await expect(withTimeout(new Promise(() => undefined), 30, 'SLOW')).rejects.toMatchObject({ reason: ProbeFailureReason.TIMEOUT, message: 'SLOW timed out after 30 ms' });
  await expect(withTimeout(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
});

test('withTimeout leaves no timer behind, whether the promise wins or the timeout does', async () => {
  // a timer left running would keep a process that ran the probe alive for up to a step timeout after its answer
  jest.useFakeTimers({ now: T0 });
  try {
    await expect(withTimeout(Promise.resolve('PONG'), 1500, 'PING')).resolves.toBe('PONG');
    expect(jest.getTimerCount()).toBe(0);
    await expect(withTimeout(Promise.reject(new Error('boom')), 1500, 'PING')).rejects.toThrow('boom');
    expect(jest.getTimerCount()).toBe(0);
    const late = withTimeout(new Promise(() => undefined), 1500, 'PING');
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1500);
    await expect(late).rejects.toThrow(/^PING timed out after 1500 ms$/);
    expect(jest.getTimerCount()).toBe(0);
  } finally {
    jest.useRealTimers();
  }
});

test('isDeadlineStop: a TIMEOUT that names the invocation deadline, and nothing else', () => {
  const stopped = (() => {
    jest.useFakeTimers({ now: T0 });
    try {
      return new Budget(1500, T0 + 5).step('PING');
    } catch (e) {
      return e;
    } finally {
      jest.useRealTimers();
    }
  })();
  expect(isDeadlineStop(stopped)).toBe(true);
  expect(isDeadlineStop(new ProbeError(ProbeFailureReason.TIMEOUT, 'PING (capped by the invocation deadline) timed out after 800 ms'))).toBe(true);
  // the step's own timeout, not the deadline
  expect(isDeadlineStop(new ProbeError(ProbeFailureReason.TIMEOUT, 'PING timed out after 1500 ms'))).toBe(false);
  // another reason whose message mentions the deadline (e.g. a cluster node's capped PING inside CLUSTER_DOWN)
  expect(isDeadlineStop(new ProbeError(ProbeFailureReason.CLUSTER_DOWN, '1 of 3 primaries unreachable: 127.0.0.1:7000: PING 127.0.0.1:7000 (capped by the invocation deadline) timed out after 90 ms'))).toBe(false);
  // not a ProbeError
  expect(isDeadlineStop(new Error('stopped before PING: 0 ms left before the invocation deadline'))).toBe(false);
  expect(isDeadlineStop(undefined)).toBe(false);
});
