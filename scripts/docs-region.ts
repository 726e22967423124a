/**
 * Generated regions of the docs: the text between `<!-- name:start -->` and `<!-- name:end -->` in a
 * markdown file is written by a render script (`--write`) and compared by a test.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function pattern(name: string): RegExp {
  return new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(\\n<!-- ${name}:end -->)`);
}

/** The region's text, or undefined when the file has no such region. */
export function readRegion(file: string, name: string): string | undefined {
  return pattern(name).exec(fs.readFileSync(path.join(ROOT, file), 'utf-8'))?.[2];
}

/** Replaces the region's text; throws when the file has no such region. */
export function writeRegion(file: string, name: string, content: string): void {
  const full = path.join(ROOT, file);
  const text = fs.readFileSync(full, 'utf-8');
  if (!pattern(name).test(text)) throw new Error(`${file} has no <!-- ${name}:start --> ... <!-- ${name}:end --> region`);
  fs.writeFileSync(full, text.replace(pattern(name), (_m, start, _old, end) => `${start}${content}${end}`));
}
