// @ts-check
/**
 * How many mutants StrykerJS makes in each file, before any test runs (its instrumenter, no dry run): a file's size
 * in mutants, to plan a run. Static mutants (run when a module loads) are among them; a run ignores those
 * (`ignoreStatic`), so its "N tested" can be lower.
 *
 *   node scripts/mutation/count.mjs src/redis.ts src/validation.ts
 *   node scripts/mutation/count.mjs src/redis.ts:1-1090 src/redis.ts:1091-1531   a line range, as Stryker's `mutate`
 *
 * A range counts the mutants that lie wholly inside it (Stryker's rule): ranges that split a function body leave out
 * the mutants spanning the split (its block statement), so a partition's counts add up to the whole file's only when
 * every split falls between two top-level members. Check a plan with this script before running it.
 */
import * as fs from 'node:fs';
import { commonTokens } from '@stryker-mutator/api/plugin';
import { createInstrumenter } from '@stryker-mutator/instrumenter';
import { createInjector } from 'typed-inject';
import { parseMutate } from './groups.mjs';

const quiet = () => false;
const logger = { isDebugEnabled: quiet, isTraceEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet, debug() {}, trace() {}, info() {}, warn() {}, error() {}, fatal() {} };
const instrumenter = createInstrumenter(createInjector().provideValue(commonTokens.logger, logger).provideValue(commonTokens.getLogger, () => logger));
for (const arg of process.argv.slice(2)) {
  const { file, mutate } = parseMutate(arg);
  const content = fs.readFileSync(file, 'utf-8');
  const { mutants } = await instrumenter.instrument([{ name: file, content, mutate }], { plugins: null, excludedMutations: [], ignorers: [], noHeader: false });
  console.log(`${arg}: ${mutants.length} mutants, ${content.split('\n').length} lines`);
}
