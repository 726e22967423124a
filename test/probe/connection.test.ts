/**
 * The run's time budget (src/probe/private/connection.ts `Budget`, `withTimeout`): every step gets the step timeout
 * capped by what is left before the invocation's deadline; no step starts with less than MIN_STEP_MS left. The clock
 * is pinned (jest's fake timers) so the bounds are exact; the runs against real servers are in safety.test.ts.
 */
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
