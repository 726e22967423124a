import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { sourcePath } from './source';

/** docs/mutation-scores.json: what `npx projen mutation` recorded per file (scripts/mutation/run.mjs). */
const scores: { files: Record<string, any> } = JSON.parse(fs.readFileSync(sourcePath('docs', 'mutation-scores.json'), 'utf-8'));

/** Every file under src/ that the whole-src run must score: all but re-exports and projen-generated Lambda wrappers. */
function mutatedFiles(dir = sourcePath('src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory()
    ? mutatedFiles(path.join(dir, e.name))
    : e.name.endsWith('.ts') && e.name !== 'index.ts' && !e.name.endsWith('-function.ts')
      ? [path.relative(sourcePath(), path.join(dir, e.name)).split(path.sep).join('/')] : []);
}

describe('mutation scores (docs/testing.md)', () => {
  test('the groups of the whole-src run hold every file of src/ once', () => {
    // groups.mjs is an ES module (Stryker's configuration imports it); jest runs CommonJS, so ask node
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      `import { GROUPS } from ${JSON.stringify(sourcePath('scripts', 'mutation', 'groups.mjs'))}; console.log(JSON.stringify(GROUPS));`], { encoding: 'utf-8' });
    expect(r.status).toBe(0);
    const grouped: string[] = JSON.parse(r.stdout).flatMap((g: { mutate: string[] }) => g.mutate);
    expect([...grouped].sort()).toEqual(mutatedFiles().sort());
  });

  test('the table in docs/testing.md is the rendering of docs/mutation-scores.json', () => {
    const r = spawnSync(process.execPath, [sourcePath('scripts', 'mutation', 'scores.mjs'), '--check'], { encoding: 'utf-8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('every scored file exists, and its counts add up', () => {
    const files = Object.keys(scores.files);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const s = scores.files[file];
      expect(fs.existsSync(sourcePath(file))).toBe(true);
      expect(s.killed + s.survived + s.noCoverage + s.compileErrors + s.static).toBeLessThanOrEqual(s.mutants);
      expect(s.survivors).toHaveLength(s.survived + s.noCoverage);
      const valid = s.killed + s.survived + s.noCoverage;
      expect(s.score).toBe(valid === 0 ? null : Math.round((1000 * s.killed) / valid) / 10);
    }
  });

  test('a file scored in line ranges sums its ranges and says which lines are not run yet', () => {
    // scores.mjs is an ES module: run record() and renderTable() in node on made-up runs of a 1,000-line file
    const script = `
      import { record, renderTable } from ${JSON.stringify(sourcePath('scripts', 'mutation', 'scores.mjs'))};
      const run = (killed, survived, mutants) => ({ group: 'rules', date: '2026-12-03', commit: 'c1', mutants, compileErrors: 1,
        static: 2, killed, survived, noCoverage: 1, score: null, survivors: Array.from({ length: survived + 1 }, (_, i) => 'L' + i) });
      const scores = { files: {} };
      const steps = [];
      record(scores, 'src/validation.ts', run(8, 1, 13), { range: '1-400', lines: 1000 });
      steps.push(structuredClone(scores.files['src/validation.ts']), renderTable(scores));
      record(scores, 'src/validation.ts', run(5, 2, 11), { range: '401-1000', lines: 1000 });
      steps.push(structuredClone(scores.files['src/validation.ts']));
      record(scores, 'src/validation.ts', run(3, 0, 7), { range: '350-450', lines: 1000 });
      steps.push(structuredClone(scores.files['src/validation.ts']), renderTable(scores));
      console.log(JSON.stringify(steps));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf-8' });
    expect(r.stderr).toBe('');
    const [first, firstTable, both, overlapped, lastTable] = JSON.parse(r.stdout);
    expect(first).toMatchObject({ lines: 1000, complete: false, mutants: 13, killed: 8, survived: 1, noCoverage: 1, score: 80 });
    expect(firstTable).toContain('| `src/validation.ts` (lines 1-400 of 1000) | rules |');
    expect(firstTable).toContain('`src/validation.ts` (rules; lines 401-1000 not run yet)');
    // two ranges that cover the file: the sums, both ranges' survivors, complete
    expect(both).toMatchObject({ complete: true, mutants: 24, compileErrors: 2, static: 4, killed: 13, survived: 3, noCoverage: 2, score: 72.2 });
    expect(both.survivors).toHaveLength(5);
    expect(Object.keys(both.ranges)).toEqual(['1-400', '401-1000']);
    // a run over other boundaries replaces the ranges it overlaps: lines 1-349 and 451-1000 are no longer covered
    expect(Object.keys(overlapped.ranges)).toEqual(['350-450']);
    expect(overlapped).toMatchObject({ complete: false, mutants: 7, killed: 3 });
    expect(lastTable).toContain('`src/validation.ts` (rules; lines 1-349, 451-1000 not run yet)');
  });

  test('every survivor of a scored file is explained in docs/testing.md (killed later or equivalent)', () => {
    const doc = fs.readFileSync(sourcePath('docs', 'testing.md'), 'utf-8');
    const unexplained = Object.entries(scores.files)
      .filter(([, s]) => s.survived + s.noCoverage > 0)
      .filter(([file]) => !doc.includes(`#### \`${file}\``))
      .map(([file]) => path.normalize(file));
    expect(unexplained).toEqual([]);
  });

  test('every survivor\'s line is named in its file\'s section of docs/testing.md (as L<n>, or in a range L<a>-L<b>)', () => {
    const doc = fs.readFileSync(sourcePath('docs', 'testing.md'), 'utf-8');
    const sections = doc.split(/^(?=#### )/m);
    const unnamed = Object.entries(scores.files).flatMap(([file, s]) => {
      const lines = [...new Set<number>((s.survivors ?? []).map((x: string) => Number(/^L(\d+) /.exec(x)![1])))];
      if (lines.length === 0) return [];
      const section = sections.find(t => t.startsWith(`#### \`${file}\``)) ?? '';
      const named = new Set<number>();
      for (const m of section.matchAll(/\bL(\d+)(?:-L?(\d+))?\b/g)) {
        const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
        for (let l = a; l <= b; l++) named.add(l);
      }
      return lines.filter(l => !named.has(l)).map(l => `${file}:L${l}`);
    });
    expect(unnamed).toEqual([]);
  });
});
