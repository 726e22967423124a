import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/**
 * aws-cdk-lib pin — read before bumping.
 *
 * The newest published `@aws-cdk/integ-runner` (2.197.x) reads cloud-assembly
 * schema <= 53. aws-cdk-lib 2.257.0 is the newest release that still writes
 * schema 53 (2.258-2.273 write 54, 2.274+ write 55), so a newer pin makes the
 * offline integ snapshot check fail with `AssemblyVersionMismatch`. The same
 * version is the peer minimum. cdk-nag 3 needs >= 2.257.0 too.
 * When integ-runner catches up, bump `CDK_VERSION` and `INTEG_TESTS_ALPHA`
 * together, delete node_modules and package-lock.json, and reinstall.
 */
const CDK_VERSION = '2.257.0';
const INTEG_TESTS_ALPHA = '2.245.0-alpha.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: '@air-discovery/cdk-redis',
  description:
    'Production-grade Amazon ElastiCache (Redis OSS / Valkey) for the AWS CDK: typed dev/prod presets, TLS, AUTH, alarms, connectivity probe.',
  author: 'AirDiscovery',
  authorAddress: 'dev@airdiscovery.example',
  repositoryUrl: 'https://github.com/air-discovery/cdk-redis.git',
  license: 'Apache-2.0',
  stability: 'experimental',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'elasticache', 'redis', 'valkey'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  tsconfigDevFile: 'tsconfig.dev.json',
  // one type-checked project for every linted file (src, test, integ, examples, scripts)
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'examples', 'scripts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    // `eslint` (part of `test`, so of CI) reports and fails; it never rewrites files. `npx projen eslint:fix` fixes.
    commandOptions: { fix: false },
  },
  tsconfigDev: {
    include: ['integ/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
    exclude: ['lib', 'cdk.out', '**/cdk.out', 'integ/*.snapshot', 'assets', 'test/consumers', '.stryker-tmp'],
    compilerOptions: {},
  },

  cdkVersion: CDK_VERSION,
  cdkVersionPinning: false,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // jsii-pacmak targets: npm, PyPI and Maven, each proven by a real CDK app in test/consumers
  // (`npx projen package-all && npx projen consumers`), all published by the generated release
  // workflow (release_npm, release_pypi, release_maven) from one version tag.
  // Go (publishToGo) is left out: jsii-pacmak's Go build runs `go mod tidy`, and aws-cdk-go v2.257.0
  // needs github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v53@v53.28.0, which the
  // Go module proxy reachable from this project's machines and CI does not serve (403, "not available";
  // it lists up to v53.25.0), so the target fails to build here. Publishing Go would also need a
  // separate GitHub repository for the module. Revisit when the proxy serves it.
  release: true,
  // scoped packages are private on npm by default; Construct Hub indexes public ones only
  npmAccess: javascript.NpmAccess.PUBLIC,
  publishToPypi: {
    distName: 'air-discovery.cdk-redis',
    module: 'air_discovery.cdk_redis',
  },
  publishToMaven: {
    javaPackage: 'com.airdiscovery.cdk.redis',
    mavenGroupId: 'com.airdiscovery',
    mavenArtifactId: 'cdk-redis',
  },

  // Lambda handlers (*.lambda.ts) are bundled by esbuild at build time.
  lambdaOptions: {
    // Lambda blocks creating nodejs20.x functions since 2026-08-31 (updates since 2026-09-30);
    // nodejs24.x is supported until 2028-04-30 (create blocked 2028-06-01).
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: {
      externals: ['@aws-sdk/*'],
      sourcemap: false,
    },
  },

  devDeps: [
    '@aws-cdk/integ-runner@2.197.10',
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_ALPHA}`,
    'cdk-nag@3.0.2',
    'ioredis@^5',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-elasticache@^3',
    'esbuild',
    // mutation testing (docs/testing.md). 9.6.1 is the newest release that runs on Node 20 (10.x needs Node >= 22).
    '@stryker-mutator/core@9.6.1',
    '@stryker-mutator/jest-runner@9.6.1',
    '@stryker-mutator/typescript-checker@9.6.1',
    // an independent SigV4 implementation (the AWS SDK's) to check the probe's IAM tokens against
    '@smithy/signature-v4@^5',
  ],

  // Snapshot drift must fail the test task: `test` runs `jest --ci`;
  // `test:update` refreshes jest snapshots.
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    // A broken testMatch must fail, not pass with zero tests. No --forceExit: a handle left open is a bug to
    // fix (--detectOpenHandles finds it), not something to hide.
    passWithNoTests: false,
    jestConfig: {
      snapshotSerializers: ['<rootDir>/test/asset-hash-serializer.js'],
      // .stryker-tmp/ holds the mutation run's sandbox copies of the project (and of its tests)
      testPathIgnorePatterns: ['/node_modules/', '/integ/', '/examples/', '/lib/', '<rootDir>/.stryker-tmp/'],
      modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
      testTimeout: 60_000,
      // One worker per core (jest's default keeps one core for itself: on the 2-core CI machine that ran every
      // suite in one worker, 293 s; two workers 143 s). The probe fixture keeps the workers' ports apart.
      maxWorkers: '100%',
      // one id per run for the redis-server fixture; the teardown kills this run's leftover servers only
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
    },
  },

  gitignore: ['cdk.out', '**/*.snapshot/asset.*', '.jsii.tabl.json', '.bench/', 'integ/cdk-integ.out.*', 'examples/cdk.out', '.redis-test/'],
  githubOptions: { mergify: false },
});

project.addPackageIgnore('/integ/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/docs/');

// ESLint and type-checking cover the integ apps and the example app.
project.eslint?.allowDevDeps('integ/**');
project.eslint?.allowDevDeps('examples/**');
project.eslint?.allowDevDeps('scripts/**');
// The consumer apps import the packed library by its npm name; they are type-checked in their own projects.
project.eslint?.addIgnorePattern('test/consumers/');
project.eslint?.allowDevDeps('src/**/*.lambda.ts');
// The probe's handler logic (ioredis, @aws-sdk) is bundled into the Lambda asset, never loaded by jsii consumers.
project.eslint?.allowDevDeps('src/probe/private/**');
// The rotation function's logic (ioredis) is bundled into its Lambda asset too.
project.eslint?.allowDevDeps('src/rotation/private/**');

// jest-junit drops a test file that fails to load (syntax error, failing import) from its XML unless
// reportTestSuiteErrors is on; then it is a <testcase> with a <failure>, which .ci/run's summary counts.
project.tryFindObjectFile('package.json')?.addOverride('jest.reporters.1.1.reportTestSuiteErrors', 'true');

// The handler bundles are minified (projen's lambdaOptions cannot ask for it): a smaller asset and cold start.
for (const name of ['bundle:probe/probe.lambda', 'bundle:rotation/rotation.lambda']) {
  const bundle = project.tasks.tryFind(name);
  const step = bundle?.steps[0];
  if (bundle && step?.execArgs && !step.execArgs.includes('--minify')) {
    bundle.updateStep(0, { ...step, execArgs: [...step.execArgs, '--minify'] });
  }
}

// Node 20 is what this team's machines run; jsii's end-of-life banner is noise there.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// ---------------------------------------------------------------------------
// Tests: real redis-server for the probe tests, integ snapshots checked offline.
// ---------------------------------------------------------------------------
const ensureRedis = project.addTask('ensure:redis', {
  description: 'Make sure redis-server and redis-cli (with TLS) exist (from Debian when running as root), and the pinned valkey-server',
  steps: [{ exec: 'bash scripts/ensure-redis.sh' }, { exec: 'bash scripts/ensure-valkey.sh' }],
});
project.testTask.prependSpawn(ensureRedis);
// the probe's construct tests synthesize its Lambda asset: bundle it first so `npx projen test` works on a fresh clone
const bundleTask = project.tasks.tryFind('bundle');
if (bundleTask) project.testTask.prependSpawn(bundleTask);

// `eslint` never fixes (CI must fail on a lint error, not rewrite it away); this is the fixing variant.
project.addTask('eslint:fix', {
  description: 'Runs eslint with --fix (the `eslint` task only reports)',
  exec: 'npx projen eslint --fix',
});

// Mutation testing (StrykerJS, docs/testing.md): `mutation` mutates all of src/ group by group
// (scripts/mutation/groups.mjs; hours on 2 cores, each group's scores kept as it finishes, incremental re-runs);
// `mutation:file` one file or range with the base configuration; `mutation:ci` a small fixed set of files with a
// break threshold, which CI runs (a few minutes).
project.addTask('mutation', {
  description: 'Mutation testing of src/, group by group (`npx projen mutation [group...] [-- stryker options]`); scores in docs/mutation-scores.json and docs/testing.md',
  steps: [{ spawn: 'bundle' }, { spawn: 'ensure:redis' }, { exec: 'node scripts/mutation/run.mjs', receiveArgs: true }],
});
project.addTask('mutation:file', {
  description: 'Mutation testing of the files given with --mutate (stryker.config.mjs), e.g. `npx projen mutation:file --mutate src/private/naming.ts`',
  steps: [{ spawn: 'bundle' }, { spawn: 'ensure:redis' }, { exec: 'stryker run stryker.config.mjs', receiveArgs: true }],
});
project.addTask('mutation:ci', {
  description: 'Mutation testing of the fixed CI file set (stryker.ci.config.mjs) with a break threshold',
  steps: [{ spawn: 'bundle' }, { spawn: 'ensure:redis' }, { exec: 'stryker run stryker.ci.config.mjs', receiveArgs: true }],
});
project.gitignore.addPatterns('reports/mutation/', '.stryker-tmp/');
project.addPackageIgnore('/stryker*.mjs');
project.addPackageIgnore('/tsconfig.mutation*.json');

// ts-jest runs with isolatedModules (transpile only) and integ-runner with TS_NODE_TRANSPILE_ONLY, so nothing
// else type-checks the tests, integ apps, examples and scripts: a type error there must fail `test` too.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, test, integ, examples and scripts (jest and integ-runner only transpile them)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(typecheck);

// The integ apps add the connectivity probe, whose Lambda asset must be bundled before they synthesize.
const integTask = project.addTask('integ', {
  description: 'Check every integ/integ.*.ts app against its committed snapshot (offline, no AWS account needed)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'integ-runner --directory integ --language typescript --parallel-regions us-east-1' },
  ],
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
project.testTask.spawn(integTask);

// The integ cases' assertions, executed offline: a local redis-server topology per replication group of
// the committed snapshots, the bundled probe run with each template's environment (docs/integ.md).
const integLocal = project.addTask('integ:local', {
  description: 'Run every integ case\'s assertions offline against local redis-servers built from its snapshot templates',
  steps: [
    { spawn: 'ensure:redis' },
    { spawn: 'bundle' },
    { exec: 'ts-node --prefer-ts-exts test/integ-local/run.ts', receiveArgs: true },
  ],
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
project.testTask.spawn(integLocal);

project.addTask('integ:update', {
  description: 'Re-synthesize every integ snapshot without deploying (review the diff, then commit)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'integ-runner --directory integ --language typescript --parallel-regions us-east-1 --force --dry-run' },
  ],
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});

project.addTask('integ:deploy', {
  description: 'Deploy every integ app to a real AWS account and run its assertions (costs money; needs INTEG_DEPLOY=yes)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'bash scripts/integ-deploy.sh', receiveArgs: true },
  ],
});

// Benchmarks (issue 9): compiled once with tsc so child processes measure the library, not ts-node.
project.addTask('bench', {
  description: 'Synthesis, probe and cost benchmarks; prints a table and writes docs/benchmarks.md',
  steps: [
    { spawn: 'ensure:redis' },
    { spawn: 'bundle' },
    { exec: 'tsc -p scripts/bench/tsconfig.json' },
    { exec: 'node .bench/scripts/bench/run.js' },
  ],
});

// Quick start: build the library and synthesize the example AirDiscovery app (DEV preset).
project.addTask('example', {
  description: 'Build the library and synthesize the example AirDiscovery app (DEV preset) into examples/cdk.out',
  steps: [
    { spawn: 'pre-compile' },
    { spawn: 'compile' },
    { exec: 'ts-node --prefer-ts-exts examples/air-discovery-app.ts' },
  ],
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});

// ---------------------------------------------------------------------------
// Multi-language packaging (issue 8).
// ---------------------------------------------------------------------------
// README examples must compile under jsii-rosetta in strict mode, so that the PyPI and Maven READMEs
// (jsii-pacmak reads the tablet) and Construct Hub show them in Python and Java. The tablet is rebuilt
// from scratch: rosetta reuses cached translations, and would let an old failed snippet pass.
const rosetta = project.addTask('rosetta', {
  description: 'Compile every TypeScript example of README.md with jsii-rosetta --strict (writes .jsii.tabl.json)',
  steps: [
    { exec: 'rm -f .jsii.tabl.json' },
    { exec: 'jsii-rosetta extract --strict' },
  ],
});
project.postCompileTask.spawn(rosetta);

// Every packaging path (package-all, package:python, package:java, and the release and build workflows, which
// run package:<target> on the npm tarball extracted over a checkout) must translate the README: jsii-pacmak
// copies TypeScript verbatim into the Python and Java READMEs when the tablet is missing. So each package task
// runs rosetta first unless the tablet is newer than README.md and .jsii (the tarball ships a fresh one;
// package-all then runs rosetta at most once), and checks the packaged README afterwards
// (scripts/packaged_readmes.py fails on TypeScript left in a Python or Java example).
const TABLET_STALE = 'node scripts/tablet-stale.js';
for (const target of ['js', 'python', 'java']) {
  const task = project.tasks.tryFind(`package:${target}`);
  if (!task) continue;
  task.prependSpawn(rosetta, { condition: TABLET_STALE });
  if (target !== 'js') task.exec(`python3 scripts/packaged_readmes.py ${target}`);
}

// Docs generated from the code (tests fail when they differ): the README props table, the rule table, the cdk-nag table.
project.addTask('docs:render', {
  description: 'Rewrite the generated tables: the README props table (from .jsii: compile first), docs/validation.md, docs/cdk-nag.md',
  steps: [
    { exec: 'ts-node scripts/render-props-table.ts --write' },
    { exec: 'ts-node scripts/render-validation-rules.ts --write' },
    { exec: 'ts-node scripts/render-nag-table.ts --write' },
  ],
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});

// Consumer tests: the packages in dist/ (`npx projen package-all`; `package` builds only npm when CI
// is set) installed into fresh TypeScript, Python and Java CDK apps, whose templates must be identical.
project.addTask('consumers', {
  description: 'Install dist/ packages into fresh TypeScript, Python and Java CDK apps and compare their templates (after package-all)',
  steps: [
    // python3 with venv, a JDK and Maven; installed from Debian when missing and running as root
    { exec: 'bash scripts/ensure-consumer-tools.sh' },
    { exec: 'python3 scripts/consumers.py', receiveArgs: true },
  ],
});

project.synth();
