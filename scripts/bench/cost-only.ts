/**
 * Refreshes only the cost section of docs/benchmarks.md (no load or synthesis benchmarks):
 *
 *   npx ts-node --prefer-ts-exts scripts/bench/cost-only.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { costSection, presetCosts } from './cost';

const file = path.resolve(__dirname, '..', '..', 'docs', 'benchmarks.md');
const doc = fs.readFileSync(file, 'utf-8');
const start = doc.indexOf('## Cost (monthly, on demand)');
const end = doc.indexOf('Total run time of this benchmark');
if (start < 0 || end < 0) throw new Error('docs/benchmarks.md has no cost section to refresh');
const costs = presetCosts();
fs.writeFileSync(file, `${doc.slice(0, start)}${costSection(costs)}\n${doc.slice(end)}`);
console.table(costs.map(c => ({ configuration: c.name, monthlyUsd: c.total })));
