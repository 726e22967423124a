/**
 * Synthesis benchmark: AirDiscoveryRedis (DEV) against the same topology
 * written by hand with L1 resources, 1, 10 and 50 instances, each run in a
 * process of its own, the two variants alternating.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

export interface SynthRun { variant: string; count: number; resources: number; ms: number; peakRssMiB: number }
export interface SynthRow {
  readonly instances: number;
  readonly resources: number;
  readonly constructMsPerResource: number;
  readonly baselineMsPerResource: number;
  readonly ratio: number;
  readonly constructPeakRssMiB: number;
  readonly baselinePeakRssMiB: number;
}

const ONCE = path.join(__dirname, 'synth-once.js');

function runOnce(variant: string, count: number): SynthRun {
  const out = execFileSync(process.execPath, [ONCE, variant, String(count)], { encoding: 'utf-8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function benchSynth(counts = [1, 10, 50], repeats = 7): SynthRow[] {
  return counts.map(count => {
    const runs: Record<string, SynthRun[]> = { construct: [], baseline: [] };
    // warm the disk cache once, then alternate so drift hits both variants alike
    runOnce('construct', 1);
    for (let i = 0; i < repeats; i++) {
      for (const variant of i % 2 === 0 ? ['construct', 'baseline'] : ['baseline', 'construct']) {
        runs[variant].push(runOnce(variant, count));
      }
    }
    const c = runs.construct;
    const b = runs.baseline;
    if (c[0].resources !== b[0].resources) {
      throw new Error(`the variants emit different resource counts at ${count} instances: ${c[0].resources} vs ${b[0].resources}`);
    }
    const cms = median(c.map(r => r.ms)) / c[0].resources;
    const bms = median(b.map(r => r.ms)) / b[0].resources;
    return {
      instances: count,
      resources: c[0].resources,
      constructMsPerResource: round3(cms),
      baselineMsPerResource: round3(bms),
      ratio: Math.round((cms / bms) * 100) / 100,
      constructPeakRssMiB: Math.round(Math.max(...c.map(r => r.peakRssMiB))),
      baselinePeakRssMiB: Math.round(Math.max(...b.map(r => r.peakRssMiB))),
    };
  });
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
