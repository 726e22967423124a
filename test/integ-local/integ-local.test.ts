/**
 * integ:local catches what a snapshot check cannot: a template whose probe
 * environment disagrees with the replication group (here: the TLS flag), and an
 * assertion whose expectation the deployment does not meet. Each test runs a
 * copied snapshot, altered, against real local redis-servers.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateSecretString, parseSecretsManagerReference, loadAssembly } from './assembly';
import { AssertionResult, discoverCases, findAssertions, ROOT, runCase } from './run';
import { ensureProbeBundle } from '../probe/bundle';

beforeAll(() => ensureProbeBundle());

const DEV = path.join(ROOT, 'integ', 'integ.dev.ts.snapshot');

/** A copy of a snapshot with `edit` applied to each of its templates. */
function alteredCopy(snapshot: string, edit: (file: string, template: any) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-local-test-'));
  for (const f of fs.readdirSync(snapshot)) {
    if (!f.endsWith('.json')) continue;
    const text = fs.readFileSync(path.join(snapshot, f), 'utf8');
    if (f.endsWith('.template.json')) {
      const t = JSON.parse(text);
      edit(f, t);
      fs.writeFileSync(path.join(dir, f), JSON.stringify(t));
    } else {
      fs.writeFileSync(path.join(dir, f), text);
    }
  }
  return dir;
}

function probeEnvironment(template: any): { [k: string]: unknown } | undefined {
  const fn = Object.values<any>(template.Resources ?? {}).find(r => r.Type === 'AWS::Lambda::Function'
    && String(r.Properties?.Description ?? '').startsWith('Connectivity probe of'));
  return fn?.Properties.Environment.Variables;
}

function byLabel(results: AssertionResult[], pattern: RegExp): AssertionResult {
  const r = results.find(x => pattern.test(x.label));
  if (!r) throw new Error(`no result matching ${pattern}: ${results.map(x => x.label).join(', ')}`);
  return r;
}

const copies: string[] = [];
afterAll(() => copies.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

test('every integ case declares assertions the runner finds, a probe invocation among them', () => {
  const cases = discoverCases();
  expect(cases.length).toBeGreaterThanOrEqual(4);
  for (const c of cases) {
    const labels = findAssertions(loadAssembly(c)).map(a => a.label);
    expect(labels.some(l => /^Lambda\.invoke /.test(l))).toBe(true);
  }
});

test('the DEV case as committed passes: describeReplicationGroups and the probe', async () => {
  const results = await runCase(DEV, { maxAttempts: 1 });
  expect(results.map(r => r.outcome)).toEqual(['passed', 'passed']);
  expect(byLabel(results, /Lambda\.invoke/).detail).toMatch(/redis=UP tls=false .*authMode=none port=6379 role=master/);
});

test('a wrong TLS flag in the probe\'s environment fails the probe assertion (TLS_MISMATCH), not the group\'s', async () => {
  // DEV has in-transit encryption off: tell the probe it is on
  const dir = alteredCopy(DEV, (_f, t) => {
    const env = probeEnvironment(t);
    if (env) env.REDIS_TLS = 'true';
  });
  copies.push(dir);
  const results = await runCase(dir, { maxAttempts: 1 });
  expect(byLabel(results, /describeReplicationGroups/).outcome).toBe('passed');
  const probe = byLabel(results, /Lambda\.invoke/);
  expect(probe.outcome).toBe('failed');
  expect(probe.detail).toMatch(/Expected UP but received DOWN/);
  expect(probe.detail).toMatch(/TLS_MISMATCH/);
});

test('a changed expectation in the assertion stack is executed: the group does not match it', async () => {
  const dir = alteredCopy(DEV, (f, t) => {
    if (!f.includes('DeployAssert')) return;
    for (const r of Object.values<any>(t.Resources)) {
      if (r.Properties?.api === 'describeReplicationGroups') {
        r.Properties.expected = r.Properties.expected.replace('"TransitEncryptionEnabled":false', '"TransitEncryptionEnabled":true');
      }
    }
  });
  copies.push(dir);
  const results = await runCase(dir, { maxAttempts: 1 });
  const described = byLabel(results, /describeReplicationGroups/);
  expect(described.outcome).toBe('failed');
  expect(described.detail).toMatch(/Expected true but received false/);
});

test('an API the runner cannot answer is skipped with its reason, never passed', async () => {
  const dir = alteredCopy(DEV, (f, t) => {
    if (!f.includes('DeployAssert')) return;
    for (const r of Object.values<any>(t.Resources)) {
      if (r.Properties?.api === 'describeReplicationGroups') r.Properties.api = 'describeCacheClusters';
    }
  });
  copies.push(dir);
  const results = await runCase(dir, { maxAttempts: 1 });
  const skipped = byLabel(results, /describeCacheClusters/);
  expect(skipped.outcome).toBe('skipped');
  expect(skipped.detail).toMatch(/ElastiCache\.describeCacheClusters has no local equivalent/);
});

test('GenerateSecretString settings are respected by the stand-in', () => {
  for (let i = 0; i < 20; i++) {
    const s = generateSecretString({ PasswordLength: 64, ExcludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', IncludeSpace: false });
    expect(s).toHaveLength(64);
    expect(s).not.toMatch(/["%'()*+,./:;=?@[\\\]_`{|}~ ]/);
    expect(s).toMatch(/[a-z]/);
    expect(s).toMatch(/[A-Z]/);
    expect(s).toMatch(/[0-9]/);
  }
  const json = JSON.parse(generateSecretString({ SecretStringTemplate: '{"username":"probe"}', GenerateStringKey: 'password', ExcludePunctuation: true, PasswordLength: 20 }));
  expect(json.username).toBe('probe');
  expect(json.password).toMatch(/^[A-Za-z0-9]{20}$/);
  expect(parseSecretsManagerReference('{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:a-AbCdEf:SecretString:password::}}'))
    .toEqual({ secretId: 'arn:aws:secretsmanager:us-east-1:1:secret:a-AbCdEf', jsonKey: 'password' });
});
