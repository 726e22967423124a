import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { sourcePath } from './source';

/** docs/mutation-scores.json: what `npx projen mutation` recorded per file (scripts/mutation/run.mjs). */
const scores: { files: Record<string, any> } = JSON.parse(fs.readFileSync(sourcePath('docs', 'mutation-scores.json'), 'utf-8'));

describe('mutation scores (docs/testing.md)', () => {
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
