// @ts-check
/**
 * One group of the whole-src/ mutation run (scripts/mutation/groups.mjs), chosen by MUTATION_GROUP.
 * Run through `node scripts/mutation/run.mjs [group…]` (`npx projen mutation`), which also records the scores.
 */
import base from './stryker.config.mjs';
import { group, slug } from './scripts/mutation/groups.mjs';

const g = group(process.env.MUTATION_GROUP ?? '');
const name = slug(g.name);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...base,
  mutate: g.mutate,
  jest: { ...base.jest, config: { testMatch: g.tests } },
  // static mutants run every test of the group (minutes each here); counted per file, see docs/testing.md
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/incremental/${name}.json`,
  reporters: ['progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/groups/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/groups/${name}.html` },
  tempDirName: `.stryker-tmp/${name}`,
};

export default config;
