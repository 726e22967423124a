import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * scripts/packaged_readmes.py is what fails `package:python` / `package:java` (and `npx projen consumers`) when a
 * packaged README still holds TypeScript in a Python or Java example. These tests run it on what jsii-pacmak
 * really generates (`--code-only`, seconds) with a tablet that translates nothing, and on hand-made READMEs.
 */
const ROOT = path.join(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'packaged_readmes.py');
const PACKAGE_INFO = path.join('java', 'src', 'main', 'java', 'com', 'airdiscovery', 'cdk', 'redis', 'package-info.java');

function check(...targets: string[]): { status: number | null; output: string } {
  const r = spawnSync('python3', [SCRIPT, ...targets], { cwd: ROOT, encoding: 'utf-8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** The number of ```ts fences in README.md (each must come out translated). */
function tsFences(): number {
  return (fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8').match(/^```(ts|typescript)\b/gm) ?? []).length;
}

describe('packaged READMEs', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packaged-readmes-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('without translations, every TypeScript example is reported in the Python and Java READMEs', () => {
    expect(fs.existsSync(path.join(ROOT, '.jsii'))).toBe(true); // `npx projen compile` first
    // the package without its tablet (jsii-pacmak always reads a .jsii.tabl.json next to .jsii)
    const pkg = path.join(dir, 'package');
    fs.mkdirSync(pkg);
    for (const f of ['package.json', '.jsii', 'README.md', 'LICENSE']) fs.copyFileSync(path.join(ROOT, f), path.join(pkg, f));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const out = path.join(dir, 'untranslated');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--target', 'python', '--target', 'java', '-o', out],
      { cwd: pkg, stdio: 'pipe', env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' } });

    const r = check(`python-readme=${path.join(out, 'python', 'README.md')}`, `java-package-info=${path.join(out, PACKAGE_INFO)}`);
    expect(r.status).toBe(1);
    expect(r.output).toContain('TypeScript in a ```python fence');
    expect(r.output).toContain('not Java');
    const n = tsFences();
    expect(n).toBeGreaterThan(5);
    // one problem per untranslated example, in each language
    expect(r.output.match(/README\.md: block \d+: TypeScript in a ```python fence/g)).toHaveLength(n);
    expect(r.output.match(/package-info\.java: block \d+: not Java/g)).toHaveLength(n);
  }, 120_000);

  test('a translated README passes; one TypeScript block left in a python fence fails', () => {
    const source = '# t\n\n```ts\nconst a = 1;\n```\n\n```bash\nnpm ci\n```\n\n```ts\nnew Foo(stack, \'F\', {\n  x: 1,\n});\n```\n';
    const good = '# t\n\n```python\na = 1\n```\n\n```bash\nnpm ci\n```\n\n```python\nFoo(stack, "F",\n    x=1\n)\n```\n';
    const bad = good.replace('```python\nFoo(stack, "F",\n    x=1\n)', '```python\nnew Foo(stack, \'F\', {\n  x: 1,\n});');
    const run = (packaged: string) => {
      const py = [
        'import sys; sys.path.insert(0, "scripts"); import packaged_readmes as p',
        `src = p.fences(${JSON.stringify(source)})`,
        `ex, problems = p.python_examples(${JSON.stringify(packaged)}, src)`,
        'print(len(ex)); print("\\n".join(problems))',
      ].join('\n');
      return execFileSync('python3', ['-c', py], { cwd: ROOT, encoding: 'utf-8' });
    };
    expect(run(good).trim()).toBe('2');
    expect(run(bad)).toMatch(/^2\nblock 3: TypeScript in a ```python fence \(a constructor call with an object literal\)/);
  });

  test('javadoc <pre> blocks are unescaped, and TypeScript there is not Java', () => {
    const javaSource = [
      '/**',
      ' * <blockquote><pre>',
      ' * import software.amazon.awscdk.App;',
      ' * Map&lt;String, String&gt; env = Map.of("A", "b &amp; c");',
      ' * </pre></blockquote>',
      ' * <blockquote><pre>',
      ' * import { App } from \'aws-cdk-lib\';',
      ' * </pre></blockquote>',
      ' */',
    ].join('\n');
    const py = [
      'import sys; sys.path.insert(0, "scripts"); import packaged_readmes as p',
      `blocks = p.javadoc_blocks(${JSON.stringify(javaSource)})`,
      'print(repr(blocks[0]))',
      'ex, problems = p.java_examples(blocks, [("ts", ""), ("ts", "")])',
      'print(len(ex)); print(problems[0].splitlines()[0])',
    ].join('\n');
    expect(execFileSync('python3', ['-c', py], { cwd: ROOT, encoding: 'utf-8' }).split('\n').slice(0, 3)).toEqual([
      '\'import software.amazon.awscdk.App;\\nMap<String, String> env = Map.of("A", "b & c");\\n\'',
      '1',
      'block 2: not Java (an ES import):',
    ]);
  });
});
