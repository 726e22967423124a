/**
 * The pure parts of the load answer (src/probe/private/load.ts) at their exact boundaries: the thresholds
 * (a figure equal to its threshold meets it), the client's saturation verdict, and the memory summary over
 * the nodes. A real run cannot be steered onto a boundary (its figures are measured), so these are
 * checked on figures given here; test/probe/load-answer.test.ts and load.test.ts run them on real servers.
 */
import { LoadFigures } from '../../src/probe/private/answer';
import { clientSummary, memoryOf, thresholdFailures } from '../../src/probe/private/load';
import { Headroom, ThreadPlan } from '../../src/probe/private/load-engine';

function figures(f: Partial<LoadFigures> = {}): LoadFigures {
  const counts = { requests: 1000, completed: 1000, errors: 0, durationMs: 100, opsPerSecond: 10_000 };
  const latency = { p50LatencyMs: 0.5, p99LatencyMs: 2, maxLatencyMs: 3 };
  const cpu = { clientCpuMs: 50, clientCpuUtilization: 0.5, clientSaturated: false };
  return { ...counts, ...latency, ...cpu, ...f };
}

describe('thresholdFailures: a figure equal to its threshold meets it', () => {
  const t = { minSetOpsPerSecond: 1000, minGetOpsPerSecond: 2000, maxP99LatencyMs: 2 };

  test('every figure exactly at its threshold: no failure', () => {
    expect(thresholdFailures(t, figures({ opsPerSecond: 1000, p99LatencyMs: 2 }), figures({ opsPerSecond: 2000, p99LatencyMs: 2 }))).toEqual([]);
  });

  test('SET one op/s below its minimum', () => {
    expect(thresholdFailures(t, figures({ opsPerSecond: 999, p99LatencyMs: 2 }), figures({ opsPerSecond: 2000, p99LatencyMs: 2 })))
      .toEqual(['SET 999 ops/s < minSetOpsPerSecond 1000']);
  });

  test('GET one op/s below its minimum', () => {
    expect(thresholdFailures(t, figures({ opsPerSecond: 1000, p99LatencyMs: 2 }), figures({ opsPerSecond: 1999, p99LatencyMs: 2 })))
      .toEqual(['GET 1999 ops/s < minGetOpsPerSecond 2000']);
  });

  test('p99 a microsecond over its maximum, SET and GET each named', () => {
    expect(thresholdFailures(t, figures({ opsPerSecond: 1000, p99LatencyMs: 2.001 }), figures({ opsPerSecond: 2000, p99LatencyMs: 2 })))
      .toEqual(['SET p99 2.001 ms > maxP99LatencyMs 2']);
    expect(thresholdFailures(t, figures({ opsPerSecond: 1000, p99LatencyMs: 2 }), figures({ opsPerSecond: 2000, p99LatencyMs: 2.001 })))
      .toEqual(['GET p99 2.001 ms > maxP99LatencyMs 2']);
  });

  test('all missed: in the order SET ops, GET ops, SET p99, GET p99; no thresholds: nothing to miss', () => {
    const set = figures({ opsPerSecond: 10, p99LatencyMs: 7 });
    const get = figures({ opsPerSecond: 20, p99LatencyMs: 8 });
    expect(thresholdFailures(t, set, get)).toEqual([
      'SET 10 ops/s < minSetOpsPerSecond 1000',
      'GET 20 ops/s < minGetOpsPerSecond 2000',
      'SET p99 7 ms > maxP99LatencyMs 2',
      'GET p99 8 ms > maxP99LatencyMs 2',
    ]);
    expect(thresholdFailures({}, set, get)).toEqual([]);
  });

  test('a minimum of 0 is met by a run that measured 0 ops/s', () => {
    const zero = figures({ opsPerSecond: 0 });
    expect(thresholdFailures({ minSetOpsPerSecond: 0, minGetOpsPerSecond: 0 }, zero, zero)).toEqual([]);
  });
});

describe('clientSummary: saturated when either phase saturated the probe\'s CPU', () => {
  const one: ThreadPlan = { threads: 1, connectionsPerThread: [4], vcpus: 2, sizedFrom: 'cpu-count' };
  const four: ThreadPlan = { threads: 4, connectionsPerThread: [1, 1, 1, 1], vcpus: 2, sizedFrom: 'event' };
  const SATURATED_TAIL = ': the probe\'s CPU set the pace, so these figures are a floor of what the cache serves; '
    + 'give the function more memory (1769 MB per vCPU, up to 6 vCPUs at 10240 MB) and run again';

  test('neither phase: not saturated, the cache or the network set the pace', () => {
    expect(clientSummary(one, figures({ clientCpuUtilization: 0.42 }), figures({ clientCpuUtilization: 0.3 }))).toEqual({
      ...one,
      saturated: false,
      verdict: 'client not saturated (SET 42%, GET 30% of the 1 vCPU the probe can use (1 thread)): the cache or the network set the pace',
    });
  });

  test('SET only', () => {
    expect(clientSummary(four, figures({ clientCpuUtilization: 0.9, clientSaturated: true }), figures({ clientCpuUtilization: 0.5 }))).toEqual({
      ...four,
      saturated: true,
      verdict: `client saturated (SET 90%, GET 50% of the 2 vCPU the probe can use (4 threads))${SATURATED_TAIL}`,
    });
  });

  test('GET only (a phase without a CPU figure counts 0%)', () => {
    expect(clientSummary(one, figures({ clientCpuUtilization: undefined }), figures({ clientCpuUtilization: 0.85, clientSaturated: true }))).toEqual({
      ...one,
      saturated: true,
      verdict: `client saturated (SET 0%, GET 85% of the 1 vCPU the probe can use (1 thread))${SATURATED_TAIL}`,
    });
  });
});

describe('memoryOf: the node where the run takes the largest share of the headroom', () => {
  const node = (target: string, usedMemoryBytes: number, maxmemoryBytes: number, probeBytes: number, totalSystemMemoryBytes?: number): Headroom =>
    ({ target, usedMemoryBytes, maxmemoryBytes, probeBytes, totalSystemMemoryBytes });

  test('one node, its share small: it is the summary', () => {
    expect(memoryOf([node('a:1', 1000, 1_001_000, 500)])).toEqual({ headroomBytes: 1_000_000, runFootprintBytes: 500, maxShareOfHeadroom: 0.1 });
  });

  test('the largest share wins, whatever the order', () => {
    const small = node('a:1', 0, 1_000_000, 1000);
    const large = node('b:2', 0, 10_000, 1000);
    const expected = { headroomBytes: 10_000, runFootprintBytes: 1000, maxShareOfHeadroom: 0.1 };
    expect(memoryOf([small, large])).toEqual(expected);
    expect(memoryOf([large, small])).toEqual(expected);
  });

  test('equal shares: the first node listed', () => {
    expect(memoryOf([node('a:1', 0, 1000, 100), node('b:2', 0, 2000, 200)])).toEqual({ headroomBytes: 1000, runFootprintBytes: 100, maxShareOfHeadroom: 0.1 });
  });

  test('no headroom left (0 or below): the largest share there is, and the first such node', () => {
    expect(memoryOf([node('a:1', 0, 1_000_000, 1000), node('b:2', 5000, 5000, 1000), node('c:3', 6000, 5000, 1000)]))
      .toEqual({ headroomBytes: 0, runFootprintBytes: 1000, maxShareOfHeadroom: 0.1 });
  });

  test('without maxmemory the host\'s memory is the limit; a node with neither, or without used_memory, is left out', () => {
    expect(memoryOf([node('a:1', 1000, 0, 100, 101_000)])).toEqual({ headroomBytes: 100_000, runFootprintBytes: 100, maxShareOfHeadroom: 0.1 });
    expect(memoryOf([node('a:1', 1000, 0, 100), node('b:2', NaN, 5000, 100)])).toBeUndefined();
    expect(memoryOf([])).toBeUndefined();
  });
});
