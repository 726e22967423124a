// @ts-check
/**
 * The whole-src/ mutation run (`npx projen mutation`) in groups: one StrykerJS run per group, each with its own
 * dry run over the group's test files only and its own incremental file, so that
 *
 * - a group finishes in minutes to an hour on this 2-core machine and its result is kept even if a later group is
 *   stopped (`node scripts/mutation/run.mjs <group>` runs one, no argument runs them all in this order);
 * - a re-run only tests the mutants whose code or covering tests changed (`--incremental`, files under
 *   `reports/mutation/incremental/`);
 * - the score per file lands in docs/mutation-scores.json and the table of docs/testing.md.
 *
 * `tests` are jest testMatch globs. With per-test coverage each mutant only runs the tests that executed it, so a
 * wide test set costs nothing for those; it costs for *static* mutants (code run when a module loads: rule tables,
 * node-type rows, class bodies), which must run every test of the set. Those are ignored in these runs and counted
 * per file (column "Static"); see docs/testing.md for why and how they are measured.
 */

/**
 * `perFile`: one Stryker run per file of `mutate` (its own dry run, incremental file and report), so a long group
 * keeps every file that finished when it is stopped. Every group is perFile: the whole of src/ is many hours of machine
 * time here (docs/testing.md), done over several sessions, and a group-wide run that is stopped keeps nothing. The
 * probe's tests start real redis-server processes (plain, TLS, cluster), so its mutants cost seconds each.
 * `ownTests`: for a perFile group, the test files a file is run against instead of the group's `tests`. Code that every
 * probe run goes through (the event check) is covered by nearly every probe test, each starting real servers: a
 * surviving mutant there re-runs all of them (about 5 mutants a minute here). Against its own test file it runs in
 * seconds. The score is then a lower bound: a mutant the own tests let live might still be killed by another suite.
 * The construct-side files (helpers, constructs, rules) have own tests too: every construct test synthesizes through
 * nearly every module, so against all of them a mutant cost about 80 s (tokens.ts, 2026-12-02: 16 mutants in 21 min);
 * each file runs against the two to seven suites that test its behaviour directly (decided 2026-12-02 from which suites
 * use its exports or the props it serves; a lower bound, survivors are re-checked against the other suites by hand).
 * health.ts is not given own tests: health mode is the default of every probe run, and against health.test.ts alone
 * (2026-12-02) 119 of its 162 valid mutants lived or had no coverage (score 26.5), most of them covered by other suites.
 * @typedef {{ name: string, mutate: string[], tests: string[], description: string, perFile?: boolean,
 *   ownTests?: Record<string, string[]>, file?: string, range?: string }} MutationGroup
 */

/** `test/<name>.test.ts` as a jest testMatch glob (`T('probe/health')` is `<rootDir>/test/probe/health.test.ts`). */
const T = name => `<rootDir>/test/${name}.test.ts`;

const CONSTRUCT_TESTS = ['<rootDir>/test/*.test.ts', T('rotation/rotation-construct'), T('probe/probe-options')];

/** @type {MutationGroup[]} */
export const GROUPS = [
  {
    name: 'probe',
    description: 'the connectivity probe Lambda: event parsing, connections, health, load, answers, IAM tokens, secrets',
    mutate: [
      'src/probe/private/secrets.ts', 'src/probe/private/iam-auth.ts', 'src/probe/private/key-mode.ts', 'src/probe/private/event.ts',
      'src/probe/probe.lambda.ts', 'src/probe/private/probe-core.ts', 'src/probe/private/health.ts', 'src/probe/private/load.ts',
      'src/probe/private/connection.ts', 'src/probe/private/answer.ts', 'src/probe/private/load-engine.ts', 'src/probe/private/load-shard.ts',
    ],
    tests: ['<rootDir>/test/probe/*.test.ts'],
    perFile: true,
    ownTests: {
      'src/probe/private/event.ts': [T('probe/event')],
      'src/probe/private/answer.ts': [T('probe/classify'), T('probe/cluster'), T('probe/health')],
      'src/probe/private/probe-core.ts': [
        T('probe/classify'), T('probe/safety'), T('probe/probe-lambda'),
        T('probe/event'), T('probe/key-mode'), T('probe/load'),
      ],
      'src/probe/probe.lambda.ts': [T('probe/probe-lambda')],
      'src/probe/private/connection.ts': [T('probe/connection'), T('probe/health'), T('probe/refusal')],
      'src/probe/private/load.ts': [T('probe/load'), T('probe/load-engine')],
      'src/probe/private/load-engine.ts': [T('probe/load-engine'), T('probe/load-engine-mutants')],
      'src/probe/private/load-shard.ts': [T('probe/load-engine'), T('probe/load-engine-mutants')],
    },
  },
  {
    name: 'rotation',
    description: 'the secret rotation Lambda',
    mutate: ['src/rotation/private/rotation-core.ts', 'src/rotation/private/connection-test.ts', 'src/rotation/rotation.lambda.ts'],
    tests: ['<rootDir>/test/rotation/rotation.test.ts', '<rootDir>/test/rotation/rotation-lambda.test.ts'],
    perFile: true,
  },
  {
    name: 'helpers',
    description: 'small construct-side modules and private helpers',
    // smallest first: a stopped run keeps every file that finished
    mutate: [
      'src/private/tokens.ts', 'src/durability.ts', 'src/parameters.ts', 'src/nag.ts', 'src/private/subnets.ts',
      'src/serverless-engine.ts', 'src/placement.ts', 'src/private/serverless-presets.ts', 'src/private/windows.ts',
      'src/private/naming.ts', 'src/probe/probe-options.ts', 'src/private/python-names.ts', 'src/private/auth-types.ts',
      'src/presets.ts', 'src/private/alarm-topic.ts', 'src/private/probe-user.ts', 'src/private/secret-check.ts',
      'src/engine.ts', 'src/configuration.ts', 'src/node-type.ts', 'src/private/metric-math.ts', 'src/private/wiring.ts',
      'src/private/alarm-plan.ts',
    ],
    perFile: true,
    tests: CONSTRUCT_TESTS,
    ownTests: {
      'src/private/naming.ts': [T('validation'), T('redis'), T('auth'), T('serverless')],
      'src/probe/probe-options.ts': [T('probe/probe-options')],
      'src/private/python-names.ts': [T('python-names'), T('validation')],
      'src/private/auth-types.ts': [T('auth'), T('security')],
      'src/presets.ts': [T('presets'), T('redis'), T('serverless')],
      'src/private/alarm-topic.ts': [T('alarms'), T('serverless')],
      'src/private/probe-user.ts': [T('private/probe-user'), T('auth'), T('security'), T('serverless-security'), T('probe/probe-options')],
      'src/private/secret-check.ts': [T('private/secret-check'), T('validation'), T('auth'), T('security')],
      'src/engine.ts': [T('engine'), T('validation'), T('redis')],
      'src/configuration.ts': [T('redis'), T('validation'), T('topology')],
      'src/node-type.ts': [T('node-type'), T('validation'), T('scaling')],
      'src/private/metric-math.ts': [T('private/metric-math'), T('metrics'), T('alarms'), T('serverless')],
      'src/private/wiring.ts': [T('private/wiring'), T('auth'), T('serverless'), T('redis'), T('security')],
      'src/private/alarm-plan.ts': [T('private/alarm-plan'), T('alarms'), T('serverless-validation'), T('node-type'), T('serverless')],
    },
  },
  {
    name: 'constructs',
    description: 'the constructs and their validation, security, alarms and metrics',
    mutate: [
      'src/private/serverless-nag.ts', 'src/cache.ts', 'src/global-datastore.ts', 'src/serverless-metrics.ts',
      'src/serverless-alarms.ts', 'src/rotation/rotation.ts', 'src/metrics.ts', 'src/alarms.ts', 'src/probe/probe.ts',
      'src/private/nag.ts', 'src/auth.ts', 'src/serverless.ts', 'src/redis.ts',
    ],
    tests: CONSTRUCT_TESTS,
    perFile: true,
    ownTests: {
      'src/private/serverless-nag.ts': [T('serverless-security'), T('serverless')],
      'src/cache.ts': [T('auth'), T('serverless'), T('redis')],
      'src/global-datastore.ts': [T('topology'), T('validation')],
      'src/serverless-metrics.ts': [T('serverless'), T('serverless-validation')],
      'src/serverless-alarms.ts': [T('serverless'), T('serverless-validation')],
      'src/rotation/rotation.ts': [
        T('rotation/rotation-construct'), T('rotation/probe-secret-rotation'), T('rotation/serverless-rotation-construct'), T('serverless-security'), T('auth'), T('security'),
      ],
      'src/metrics.ts': [T('metrics'), T('alarms')],
      'src/alarms.ts': [T('alarms'), T('metrics'), T('alarms-1'), T('alarms-2')],
      'src/probe/probe.ts': [
        T('probe/probe-options'), T('security'), T('auth'), T('serverless-security'), T('probe/probe'), T('probe/probe-construct-1'), T('probe/probe-construct-2'),
      ],
      'src/private/nag.ts': [T('security'), T('alarms'), T('topology'), T('private/nag-1'), T('private/nag-2')],
      'src/auth.ts': [T('auth'), T('security'), T('validation'), T('auth-mutants'), T('private/nag-1')],
      'src/serverless.ts': [T('serverless'), T('serverless-validation'), T('serverless-security'), T('serverless-cost'), T('serverless-mutants')],
      'src/redis.ts': [
        T('redis'), T('topology'), T('security'), T('scaling'), T('durability'), T('placement'), T('create-only'),
        T('redis-mutants-1'), T('redis-mutants-2'), T('redis-mutants-3'),
        T('auth'), T('private/nag-1'), T('private/wiring'), T('rotation/probe-secret-rotation'), T('validation'), T('alarms'),
      ],
    },
  },
  {
    name: 'rules',
    description: 'the rule tables (validation) and the generated reference tables',
    mutate: ['src/private/node-type-table.ts', 'src/private/parameter-table.ts', 'src/serverless-validation.ts', 'src/validation.ts'],
    tests: CONSTRUCT_TESTS,
    perFile: true,
    ownTests: {
      'src/private/node-type-table.ts': [T('node-type'), T('validation')],
      'src/private/parameter-table.ts': [T('private/parameter-table'), T('validation'), T('redis')],
      'src/serverless-validation.ts': [T('serverless-validation'), T('serverless'), T('serverless-validation-mutants')],
      'src/validation.ts': [T('validation'), T('topology'), T('durability'), T('placement'), T('scaling'), T('security'), T('auth'), T('validation-mutants'), T('validation-mutants-2'), T('validation-mutants-3'), T('validation-mutants-4'), T('validation-mutants-5'), T('validation-mutants-6')],
    },
  },
];

/**
 * A group by name; `group/file` (e.g. `probe/src/probe/private/answer.ts`) is one file of a perFile group.
 * @param {string} name
 * @returns {MutationGroup}
 */
export function group(name) {
  const slash = name.indexOf('/');
  if (slash > 0) {
    const parent = group(name.slice(0, slash));
    const { file, range } = parseMutate(name.slice(slash + 1));
    if (!parent.mutate.includes(file)) throw new Error(`mutation group '${parent.name}' has no file '${file}'`);
    const mutate = [range ? `${file}:${range}` : file];
    return { ...parent, name, mutate, tests: parent.ownTests?.[file] ?? parent.tests, perFile: false, ...(range ? { file, range } : {}) };
  }
  const g = GROUPS.find(x => x.name === name);
  if (!g) throw new Error(`unknown mutation group '${name}': one of ${GROUPS.map(x => x.name).join(', ')}`);
  return g;
}

/**
 * The Stryker runs of a group: the group itself, or one run per file for a perFile group.
 * @param {MutationGroup} g
 * @returns {MutationGroup[]}
 */
export function runsOf(g) {
  return g.perFile ? g.mutate.map(f => group(`${g.name}/${f}`)) : [g];
}

/**
 * A name usable as a file name: `probe/src/probe/private/answer.ts` -> `probe--answer`;
 * `constructs/src/redis.ts:1-1090` -> `constructs--redis--1-1090`.
 */
export function slug(name) {
  const slash = name.indexOf('/');
  if (slash < 0) return name;
  const { file, range } = parseMutate(name.slice(slash + 1));
  return `${name.slice(0, slash)}--${file.replace(/^.*\//, '').replace(/\.ts$/, '')}${range ? `--${range}` : ''}`;
}

/**
 * A file with an optional line range, as Stryker's `mutate` takes it: `src/validation.ts:1-400` (lines 1 to 400, both
 * included). A run over a range mutates only what lies wholly inside it (scripts/mutation/count.mjs checks a plan);
 * scripts/mutation/run.mjs records each range's results under its file, so a long file is scored range by range.
 * `mutate` is the instrumenter's form (0-based lines, as Stryker's project reader makes it).
 * @param {string} arg
 * @returns {{ file: string, range?: string, mutate: true | { start: { line: number, column: number }, end: { line: number, column: number } }[] }}
 */
export function parseMutate(arg) {
  const m = /^(.*?):(\d+)-(\d+)$/.exec(arg);
  if (!m) return { file: arg, mutate: true };
  const from = Number(m[2]);
  const to = Number(m[3]);
  if (from < 1 || to < from) throw new Error(`line range '${m[2]}-${m[3]}' of ${m[1]}: want FROM-TO with 1 <= FROM <= TO`);
  return {
    file: m[1], range: `${from}-${to}`,
    mutate: [{ start: { line: from - 1, column: 0 }, end: { line: to - 1, column: Number.MAX_SAFE_INTEGER } }],
  };
}
