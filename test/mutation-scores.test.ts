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

  test('every survivor of a scored file is explained in docs/testing.md (killed later or equivalent)', () => {
    const doc = fs.readFileSync(sourcePath('docs', 'testing.md'), 'utf-8');
    const unexplained = Object.entries(scores.files)
      .filter(([, s]) => s.survived + s.noCoverage > 0)
      .filter(([file]) => !doc.includes(`#### \`${file}\``))
      .map(([file]) => path.normalize(file));
    expect(unexplained).toEqual([]);
  });
});
