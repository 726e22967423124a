// @ts-check
/**
 * Re-checks the survivors of one file's last Stryker run against the current tests, without a new run: each
 * surviving mutant (from reports/mutation/groups/<run>.json) is planted in the source, the given test files
 * run with jest, and the source is restored. Prints one line per survivor: `killed` or `survived`.
 *
 *   [RECHECK_LINES=a-b] node scripts/mutation/recheck.mjs <report.json> <src file> <test file>...
 *
 * For closing the loop after new tests were written; the score of record still comes from a Stryker run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

const [reportFile, srcFile, ...tests] = process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
const file = report.files[srcFile];
if (!file) throw new Error(`${reportFile} has no ${srcFile}`);
const original = fs.readFileSync(srcFile, 'utf-8');
if (original !== file.source) throw new Error(`${srcFile} changed since the run: line numbers would not match`);
const lines = original.split('\n');
/** @param {{ line: number, column: number }} p */
const offset = p => lines.slice(0, p.line - 1).reduce((a, l) => a + l.length + 1, 0) + p.column - 1;
let killed = 0;
// RECHECK_LINES=169-253: only the survivors starting on those lines (one share of a long list)
const [fromLine, toLine] = (process.env.RECHECK_LINES ?? '1-999999').split('-').map(Number);
const survivors = file.mutants.filter((/** @type {any} */ m) => (m.status === 'Survived' || m.status === 'NoCoverage')
  && m.location.start.line >= fromLine && m.location.start.line <= toLine);
try {
  for (const m of survivors) {
    // Stryker replaces an expression node, so `a && b && c` → `(a || b) && c`: keep that grouping (plain text would
    // read `a || b && c`); statements, blocks and case clauses are pasted as they are (checked: every non-compile-error
    // mutant of the 2026-12-02 reports, 710, parses once planted).
    const expression = !/Statement|Block/.test(m.mutatorName) && !/^\s*(\{|case |default:|for |while |do )/.test(m.replacement);
    const replacement = expression ? `(${m.replacement})` : m.replacement;
    const mutated = original.slice(0, offset(m.location.start)) + replacement + original.slice(offset(m.location.end));
    fs.writeFileSync(srcFile, mutated);
    const r = spawnSync('npx', ['jest', '--silent', ...tests], { encoding: 'utf-8' });
    const dead = r.status !== 0;
    if (dead) killed++;
    console.log(`${dead ? 'killed  ' : 'survived'} L${m.location.start.line} ${m.mutatorName}: ${String(m.replacement).replace(/\s+/g, ' ').slice(0, 60)}`);
  }
} finally {
  fs.writeFileSync(srcFile, original);
}
console.log(`recheck: ${killed} of ${survivors.length} survivors killed by ${tests.join(' ')}`);
