/**
 * The probe's load comparison alone (no synthesis, no docs written):
 *   npx projen bundle && npx tsc -p scripts/bench/tsconfig.json && node .bench/scripts/bench/probe-only.js [repeats]
 * Prints the pinned probe/redis-benchmark table; `npx projen bench` runs the same
 * measurement and writes docs/benchmarks.md.
 */
import * as path from 'path';
import { benchLoad, memoryTable } from './probe';

async function main() {
  const root = path.resolve(__dirname, '..', '..', '..');
  const repeats = Number(process.argv[2] ?? 7);
  const load = await benchLoad(root, { repeats, pipelines: [1] });
  console.log(load.protocol);
  console.table(load.rows.map(r => ({
    pipeline: r.pipeline,
    test: r.test,
    probe: r.probe.median,
    probeMin: r.probe.min,
    probeMax: r.probe.max,
    benchmark: r.benchmark.median,
    benchMin: r.benchmark.min,
    benchMax: r.benchmark.max,
    ratio: r.ratio,
    ratioOfMedians: r.ratioOfMedians,
    setEx: r.benchmarkSetEx?.median,
    ratioSetEx: r.ratioSetEx,
    pairRatios: `${r.pairRatioMin}-${r.pairRatioMax}`,
    cpu: r.probeCpuUtilization,
    opsPerCpuSecond: r.probeOpsPerCpuSecond,
  })));
  console.table(memoryTable(load.rows));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
