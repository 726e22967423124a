// @ts-check
/**
 * Scores of the whole-src/ mutation run: docs/mutation-scores.json (one entry per mutated file, written by
 * `node scripts/mutation/run.mjs`) and the table rendered from it into docs/testing.md (region `mutation-scores`).
 *
 *   node scripts/mutation/scores.mjs --write   re-renders the table
 *   node scripts/mutation/scores.mjs --check   exits 1 when docs/testing.md differs from the rendering
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegion, writeRegion } from '../docs-region.js';
import { GROUPS } from './groups.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCORES_FILE = path.join(ROOT, 'docs', 'mutation-scores.json');
const DOC = 'docs/testing.md'; // relative to the project root, as docs-region.js names files

/** @returns {{ files: Record<string, any> }} */
export function readScores() {
  return fs.existsSync(SCORES_FILE) ? JSON.parse(fs.readFileSync(SCORES_FILE, 'utf-8')) : { files: {} };
}

/**
 * The per-file entries of one Stryker JSON report (mutation-testing-report-schema).
 * Score = (killed + timeout) / (killed + timeout + survived + no coverage); compile errors and ignored (static)
 * mutants are left out of it and counted apart. A file of `mutated` that the report leaves out had no mutant at all
 * (Stryker does not mutate type declarations or enum values, e.g. src/nag.ts): it gets an entry with 0 mutants and
 * no score, so that it is not listed as "not scored yet".
 * @param {any} report
 * @param {{ group: string, date: string, commit: string, ownTests?: string[] }} meta
 * @param {string[]} [mutated] the files the run was asked to mutate
 */
export function summarize(report, meta, mutated = []) {
  /** @type {Record<string, any>} */
  const out = {};
  // what every entry says of the run it comes from, scored or not
  const base = {
    group: meta.group,
    ...(meta.ownTests ? { ownTests: meta.ownTests } : {}),
    date: meta.date,
    commit: meta.commit,
  };
  for (const [file, data] of Object.entries(report.files)) {
    /** @type {Record<string, number>} */
    const n = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0 };
    const survivors = [];
    for (const m of /** @type {any[]} */ (data.mutants)) {
      n[m.status] = (n[m.status] ?? 0) + 1;
      if (m.status === 'Survived' || m.status === 'NoCoverage') {
        const replacement = String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60);
        survivors.push(`L${m.location.start.line} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}: ${replacement}`);
      }
    }
    const detected = n.Killed + n.Timeout + n.RuntimeError;
    out[file] = {
      ...base,
      mutants: data.mutants.length,
      compileErrors: n.CompileError,
      static: n.Ignored,
      killed: detected,
      survived: n.Survived,
      noCoverage: n.NoCoverage,
      score: /** @type {number | null} */ (null),
      survivors,
    };
    out[file].score = scoreOf(out[file]);
  }
  for (const file of mutated) {
    out[file] ??= {
      ...base,
      mutants: 0, compileErrors: 0, static: 0, killed: 0, survived: 0, noCoverage: 0, score: null, survivors: [],
    };
  }
  return out;
}

/** `FROM-TO` as [FROM, TO]. */
const bounds = (/** @type {string} */ r) => r.split('-').map(Number);

const COUNTS = ['mutants', 'compileErrors', 'static', 'killed', 'survived', 'noCoverage'];

/** (killed + timeout) / every mutant with a result that counts, one decimal; null when none counts. */
function scoreOf(/** @type {any} */ e) {
  const valid = e.killed + e.survived + e.noCoverage;
  return valid === 0 ? null : Math.round((1000 * e.killed) / valid) / 10;
}

/**
 * Puts one run's entry for `file` into `scores`: a whole-file run replaces the entry; a line-range run
 * (`constructs/src/validation.ts:1-400`) is kept under the entry's `ranges`, and the entry's counts, survivors and
 * score are the sum of its ranges. `lines` is the file's line count: `complete` says whether the ranges cover it.
 * @param {{ files: Record<string, any> }} scores
 * @param {string} file
 * @param {any} entry an entry of summarize()
 * @param {{ range?: string, lines?: number }} [where]
 */
export function record(scores, file, entry, where = {}) {
  if (!where.range) {
    scores.files[file] = entry;
  } else {
    const previous = scores.files[file];
    /** @type {Record<string, any>} */
    const ranges = { ...(previous?.ranges ?? {}) };
    // a range run replaces the ranges it overlaps (a re-run over other boundaries), keeps the others
    const [from, to] = bounds(where.range);
    for (const r of Object.keys(ranges)) {
      const [a, b] = bounds(r);
      if (a <= to && b >= from) delete ranges[r];
    }
    const { group, ownTests, date, commit, ...counts } = entry;
    ranges[where.range] = { date, commit, ...counts };
    const keys = Object.keys(ranges).sort((a, b) => bounds(a)[0] - bounds(b)[0]);
    const sorted = Object.fromEntries(keys.map(k => [k, ranges[k]]));
    let next = 1;
    for (const k of keys) {
      const [a, b] = bounds(k);
      if (a > next) break;
      next = Math.max(next, b + 1);
    }
    const merged = {
      group, ...(ownTests ? { ownTests } : {}),
      date: keys.map(k => ranges[k].date).sort().at(-1),
      commit: ranges[keys.at(-1) ?? where.range].commit,
      lines: where.lines,
      complete: where.lines !== undefined && next > where.lines,
      ranges: sorted,
      ...Object.fromEntries(COUNTS.map(c => [c, keys.reduce((n, k) => n + ranges[k][c], 0)])),
      survivors: keys.flatMap(k => ranges[k].survivors),
    };
    scores.files[file] = { ...merged, score: scoreOf(merged) };
  }
  scores.files = Object.fromEntries(Object.entries(scores.files).sort(([a], [b]) => a.localeCompare(b)));
  return scores;
}

/** The line ranges of a range-scored file that no run covered yet, e.g. `401-1831`. */
function missingRanges(/** @type {any} */ s) {
  if (!s.ranges || s.complete) return [];
  const out = [];
  let next = 1;
  for (const k of Object.keys(s.ranges)) {
    const [a, b] = bounds(k);
    if (a > next) out.push(`${next}-${a - 1}`);
    next = Math.max(next, b + 1);
  }
  if (s.lines === undefined || next <= s.lines) out.push(`${next}-${s.lines ?? 'end'}`);
  return out;
}

/** The markdown table of every file that has a score. */
export function renderTable(scores = readScores()) {
  const files = Object.keys(scores.files).sort();
  const rows = files.map(f => {
    const s = scores.files[f];
    const group = s.ownTests ? `${s.group} (own tests: ${s.ownTests.map((/** @type {string} */ t) => `\`${t}\``).join(', ')})` : s.group;
    const lines = s.ranges ? ` (lines ${Object.keys(s.ranges).join(', ')}${s.complete ? '' : ` of ${s.lines}`})` : '';
    return `| \`${f}\`${lines} | ${group} | ${s.date} | ${s.mutants} | ${s.compileErrors} | ${s.static} | ${s.killed} | ${s.survived} | ${s.noCoverage} | ${s.score === null ? 'n/a' : `**${s.score}**`} |`;
  });
  const sum = (/** @type {string} */ k) => files.reduce((a, f) => a + scores.files[f][k], 0);
  const valid = sum('killed') + sum('survived') + sum('noCoverage');
  const total = `| all files above | | | ${sum('mutants')} | ${sum('compileErrors')} | ${sum('static')} | ${sum('killed')} | ${sum('survived')} | ${sum('noCoverage')} | ${valid === 0 ? 'n/a' : `**${Math.round((1000 * sum('killed')) / valid) / 10}**`} |`;
  const unscored = GROUPS.flatMap(g => g.mutate.flatMap(f => {
    if (!(f in scores.files)) return [`\`${f}\` (${g.name})`];
    const missing = missingRanges(scores.files[f]);
    return missing.length === 0 ? [] : [`\`${f}\` (${g.name}; lines ${missing.join(', ')} not run yet)`];
  }));
  return [
    '| File | Group | Date | Mutants | Compile errors | Static (not run) | Killed | Survived | No coverage | Score |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    ...(files.length > 1 ? [total] : []),
    '',
    unscored.length === 0
      ? 'Every file of every group has a score.'
      : `Not scored yet, in whole or in part (${unscored.length} of ${GROUPS.flatMap(g => g.mutate).length} files): ${unscored.join(', ')}.`,
  ].join('\n');
}

/** @param {'write' | 'check'} mode */
export function syncDoc(mode) {
  const current = readRegion(DOC, 'mutation-scores');
  if (current === undefined) throw new Error(`${DOC} has no <!-- mutation-scores:start --> ... <!-- mutation-scores:end --> region`);
  const want = renderTable();
  if (mode === 'check') return current === want;
  writeRegion(DOC, 'mutation-scores', want);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv.includes('--check') ? 'check' : 'write';
  if (!syncDoc(mode)) {
    console.error('docs/testing.md: the mutation-scores table differs from docs/mutation-scores.json (node scripts/mutation/scores.mjs --write)');
    process.exit(1);
  }
}
