// @ts-check
/**
 * How many mutants StrykerJS makes in each file, before any test runs (its instrumenter, no dry run): a file's size
 * in mutants, to plan a run. Static mutants (run when a module loads) are among them; a run ignores those
 * (`ignoreStatic`), so its "N tested" can be lower.
 *
 *   node scripts/mutation/count.mjs src/redis.ts src/validation.ts
 */
import * as fs from 'node:fs';
import { commonTokens } from '@stryker-mutator/api/plugin';
import { createInstrumenter } from '@stryker-mutator/instrumenter';
import { createInjector } from 'typed-inject';

const quiet = () => false;
const logger = { isDebugEnabled: quiet, isTraceEnabled: quiet, isInfoEnabled: quiet, isWarnEnabled: quiet, isErrorEnabled: quiet, isFatalEnabled: quiet, debug() {}, trace() {}, info() {}, warn() {}, error() {}, fatal() {} };
const instrumenter = createInstrumenter(createInjector().provideValue(commonTokens.logger, logger).provideValue(commonTokens.getLogger, () => logger));
for (const file of process.argv.slice(2)) {
  const content = fs.readFileSync(file, 'utf-8');
  const { mutants } = await instrumenter.instrument([{ name: file, content, mutate: true }], { plugins: null, excludedMutations: [], ignorers: [], noHeader: false });
  console.log(`${file}: ${mutants.length} mutants, ${content.split('\n').length} lines`);
}
