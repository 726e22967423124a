/**
 * The serverless cost figures of scripts/bench/cost.ts (what `npx projen bench` prints and
 * docs/benchmarks.md / docs/serverless.md quote), computed from synthesized stacks.
 */
import * as fs from 'fs';
import * as path from 'path';
import { breakEvenRequestsPerSecond, GUIDE_DEV_TRAFFIC, presetCosts } from '../scripts/bench/cost';

const costs = presetCosts();
const total = (prefix: string) => costs.find(c => c.name.startsWith(prefix))!.total;

test('at the guide\'s development scale a serverless Valkey cache costs less than the cheapest node', () => {
  const serverlessDev = total('serverless DEV');
  expect(serverlessDev).toBeLessThan(total('cheapest development setup'));
  expect(serverlessDev).toBeLessThan(total('DEV preset'));
  // the metered minimum (100 MB) dominates: storage, not requests
  const dev = costs.find(c => c.name.startsWith('serverless DEV'))!;
  expect(dev.lines[0].item).toMatch(/0.1 GB billed, the metered minimum/);
  expect(dev.lines[0].monthly).toBeCloseTo(0.1 * 730 * 0.0837, 2);
});

test('break-even traffic against the nodes, as docs/serverless.md states it', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'serverless.md'), 'utf-8');
  const vsT4g = breakEvenRequestsPerSecond('valkey', GUIDE_DEV_TRAFFIC.dataGb, total('cheapest development setup'));
  const vsDev = breakEvenRequestsPerSecond('valkey', GUIDE_DEV_TRAFFIC.dataGb, total('DEV preset'));
  expect(doc).toContain(`${vsT4g.toLocaleString('en-US')} requests/s`);
  expect(doc).toContain(`${vsDev.toLocaleString('en-US')} requests/s`);
  for (const c of costs) expect(doc).toContain(`$${c.total.toFixed(2)}`);
  // Redis OSS serverless bills at least 1 GB: more than a DEV node before the first request
  expect(breakEvenRequestsPerSecond('redis', GUIDE_DEV_TRAFFIC.dataGb, total('DEV preset'))).toBe(0);
});
