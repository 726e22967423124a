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
 *   node scripts/mutation/run.mjs rules/src/validation.ts:1-400 -- --concurrency 2   lines 1-400 of that file
 *   node scripts/mutation/run.mjs --record constructs/src/redis.ts:1-1090   record a finished run's report again
 *     (MUTATION_COMMIT=<commit> when the run was made on another checkout)
 *
 * A line range's results are kept under its file (docs/mutation-scores.json `ranges`): a file too long for one run is
 * scored range by range, and the table says which lines are not run yet. Plan the ranges with
 * `node scripts/mutation/count.mjs file:FROM-TO …` (a split inside a function body loses the mutants across it).
 */
import { spawnSync, execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS, group, runsOf, slug } from './groups.mjs';
import { readScores, record, summarize, SCORES_FILE, syncDoc } from './scores.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const names = dash < 0 ? argv : argv.slice(0, dash);
const pass = dash < 0 ? [] : argv.slice(dash + 1);

/**
 * Records one run's report (reports/mutation/groups/<slug>.json) into docs/mutation-scores.json and docs/testing.md.
 * @param {import('./groups.mjs').MutationGroup} g
 * @param {string} reportFile
 */
function recordReport(g, reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
  // --record of a run made elsewhere (another worktree): MUTATION_COMMIT names the commit that run tested
  const commit = process.env.MUTATION_COMMIT ?? execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dirty = !process.env.MUTATION_COMMIT && execSync('git status --porcelain -- src test', { cwd: ROOT }).toString().trim() !== '';
  const parent = group(g.name.replace(/\/.*/, ''));
  const ownTests = g.tests.join() === parent.tests.join() ? undefined : g.tests.map(t => t.replace('<rootDir>/', ''));
  const mutated = g.file ? [g.file] : g.mutate;
  const date = new Date(fs.statSync(reportFile).mtimeMs).toISOString().slice(0, 10);
  const entries = summarize(report, { group: parent.name, ownTests, date, commit: dirty ? `${commit}+changes` : commit }, mutated);
  const scores = readScores();
  for (const [file, entry] of Object.entries(entries)) {
    const lines = g.range ? fs.readFileSync(path.join(ROOT, file), 'utf-8').split('\n').length - 1 : undefined;
    record(scores, file, entry, { range: g.range, lines });
  }
  fs.writeFileSync(SCORES_FILE, JSON.stringify(scores, null, 2) + '\n');
  syncDoc('write');
  return Object.keys(entries).length;
}

// `--record`: record the reports of runs that already finished (e.g. started with `npx stryker run` directly)
if (names[0] === '--record') {
  for (const g of names.slice(1).map(group)) {
    const n = recordReport(g, path.join(ROOT, 'reports', 'mutation', 'groups', `${slug(g.name)}.json`));
    console.log(`mutation group ${g.name}: ${n} files recorded (docs/mutation-scores.json, docs/testing.md)`);
  }
  process.exit(0);
}

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
  const n = recordReport(g, reportFile);
  console.log(`mutation group ${g.name}: ${n} files scored in ${minutes} min (docs/mutation-scores.json, docs/testing.md)`);
}
process.exit(failed === 0 ? 0 : 1);
