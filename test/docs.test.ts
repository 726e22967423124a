import * as fs from 'fs';
import * as path from 'path';
import { readRegion } from '../scripts/docs-region';
import { PROPS_DOC, renderPropsTable } from '../scripts/render-props-table';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const DOCS = fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => path.join('docs', f));

function tsExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)^```$/gm)].map(m => m[1]);
}

describe('README', () => {
  test('is at most 30,000 bytes', () => {
    expect(Buffer.byteLength(README, 'utf-8')).toBeLessThanOrEqual(30_000);
  });

  test('keeps the two set-up commands of a fresh clone', () => {
    expect(README).toContain('npm ci && npx projen example');
    expect(README).toMatch(/^npx projen test\b/m);
  });

  test('the props table is the API (`npx projen docs:render` rewrites it from .jsii)', () => {
    expect(fs.existsSync(path.join(ROOT, '.jsii'))).toBe(true); // `npx projen compile` first
    const table = readRegion(PROPS_DOC, 'props-table');
    expect(table).toBe(renderPropsTable());
    expect(table).toContain('| `alarmTopic` | `sns.ITopic` |');
  });

  test('every TypeScript example is a whole app: imports, an App, app.synth(), nothing declared', () => {
    const examples = tsExamples(README);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const code of examples) {
      expect(code).toMatch(/^import .* from '@air-discovery\/cdk-redis';$/m);
      expect(code).toContain('const app = new App();');
      expect(code.trimEnd().endsWith('app.synth();')).toBe(true);
      expect(code).not.toMatch(/^declare /m);
      // jsii-rosetta keeps property access in a call chain as a field access in Java (`redis.connections.x()`)
      expect(code).not.toMatch(/\.connections\./);
    }
  });

  test('the recipes a user comes for are there', () => {
    for (const heading of [
      'ECS Fargate with the AUTH token', 'A Lambda function', 'NestJS / ioredis client options', 'Alarms to an email address',
      'Growing DEV → PROD in place', 'Scaling', 'Custom parameters on top of the guide\'s set', 'Cluster mode', 'Global Datastore',
      'Running the integ tests',
    ]) expect(README).toContain(`### ${heading}\n`);
  });
});

describe('links', () => {
  test.each(['README.md', ...DOCS])('every relative link of %s points to a file', file => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    const links = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map(m => m[1]).filter(l => !/^[a-z]+:/.test(l));
    const missing = links.filter(l => !fs.existsSync(path.join(ROOT, path.dirname(file), l)));
    expect(missing).toEqual([]);
  });
});
