// @ts-check
/**
 * The whole-src/ mutation run, group by group (`npx projen mutation [group…] [-- stryker options]`).
 * Each group (scripts/mutation/groups.mjs) is one StrykerJS run; after each, its per-file scores are merged into
 * docs/mutation-scores.json and the table in docs/testing.md is re-rendered, so a stopped run keeps what finished.
 *
 *   node scripts/mutation/run.mjs                 every group, in order
 *   node scripts/mutation/run.mjs probe helpers   those groups
 *   node scripts/mutation/run.mjs probe -- --concurrency 2
 *   node scripts/mutation/run.mjs probe/src/probe/private/answer.ts   one file of a perFile group
 */
import { spawnSync, execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS, group, runsOf, slug } from './groups.mjs';
import { readScores, summarize, SCORES_FILE, syncDoc } from './scores.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const names = dash < 0 ? argv : argv.slice(0, dash);
const pass = dash < 0 ? [] : argv.slice(dash + 1);
const groups = (names.length === 0 ? GROUPS : names.map(group)).flatMap(runsOf);

let failed = 0;
for (const g of groups) {
  const started = Date.now();
  console.log(`mutation group ${g.name}: ${g.description}`);
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.group.config.mjs', ...pass], {
    cwd: ROOT, stdio: 'inherit', env: { ...process.env, MUTATION_GROUP: g.name },
  });
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const reportFile = path.join(ROOT, 'reports', 'mutation', 'groups', `${slug(g.name)}.json`);
  if (r.status !== 0 || !fs.existsSync(reportFile) || fs.statSync(reportFile).mtimeMs < started) {
    console.error(`mutation group ${g.name}: stryker failed (exit ${r.status}) after ${minutes} min; scores not updated`);
    failed++;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dirty = execSync('git status --porcelain -- src test', { cwd: ROOT }).toString().trim() !== '';
  const parent = group(g.name.replace(/\/.*/, ''));
  const ownTests = g.tests.join() === parent.tests.join() ? undefined : g.tests.map(t => t.replace('<rootDir>/', ''));
  const entries = summarize(report, { group: parent.name, ownTests, date: new Date().toISOString().slice(0, 10), commit: dirty ? `${commit}+changes` : commit }, g.mutate);
  const scores = readScores();
  Object.assign(scores.files, entries);
  scores.files = Object.fromEntries(Object.entries(scores.files).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(SCORES_FILE, JSON.stringify(scores, null, 2) + '\n');
  syncDoc('write');
  console.log(`mutation group ${g.name}: ${Object.keys(entries).length} files scored in ${minutes} min (docs/mutation-scores.json, docs/testing.md)`);
}
process.exit(failed === 0 ? 0 : 1);
