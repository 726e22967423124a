// @ts-check
/**
 * The mutation run CI does (`npx projen mutation:ci`, step of .ci/run): a small fixed set that runs in a
 * few minutes, with a break threshold. The whole of src/ (`npx projen mutation`) takes hours on this
 * machine; docs/testing.md has the measurements and the per-file scores.
 *
 * The set: the probe's pure security code — SigV4 presigning of ElastiCache IAM tokens and the parsing
 * of Secrets Manager strings into AUTH credentials — against its unit tests (test/probe/iam-auth.test.ts,
 * no server needed). A wrong signature or a wrong field read from a secret is an authentication failure in
 * production that no synth-time check can see. The Secrets Manager call itself (readSecretString) is left
 * to the full run: its tests need a server (test/probe/health.test.ts).
 */
import base from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...base,
  mutate: [
    'src/probe/private/iam-auth.ts',
    'src/probe/private/secrets.ts:7-12', // regionOfArn
    'src/probe/private/secrets.ts:42-78', // credentialsFromSecretString, isObject
  ],
  jest: { ...base.jest, config: { testMatch: ['<rootDir>/test/probe/iam-auth.test.ts'] } },
  jsonReporter: { fileName: 'reports/mutation/mutation-ci.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation-ci.html' },
  // CI has the machine to itself: both cores
  concurrency: 2,
  // fails the step (exit 1) below this score; 100 at the time of writing (docs/testing.md)
  thresholds: { high: 100, low: 95, break: 95 },
};

export default config;
