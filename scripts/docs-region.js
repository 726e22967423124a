// @ts-check
/**
 * Generated regions of the docs: the text between `<!-- name:start -->` and `<!-- name:end -->` in a
 * markdown file is written by a render script (`--write`) and compared by a test. The one implementation:
 * every render script, test and scripts/mutation/scores.mjs uses these functions.
 *
 * Why CommonJS JavaScript with a hand-written scripts/docs-region.d.ts: its users are TypeScript run as CommonJS
 * (ts-node render scripts, ts-jest tests) and an ES module run by plain node (scripts/mutation/scores.mjs, imported
 * by scripts/mutation/run.mjs), which cannot import a .ts file. Node's ESM loader gives a CommonJS module's
 * `exports.name = ...` assignments as named exports, so `import { readRegion } from '../docs-region.js'` works there,
 * and TypeScript takes the types from the .d.ts (tsconfig is projen's and does not allow JS). Keep every export
 * as `exports.name = ...`, and keep the .d.ts in step with it.
 */
'use strict';
const fs = require('fs');
const path = require('path');

/** The project root: files are named relative to it (an absolute path is taken as it is). */
const ROOT = path.join(__dirname, '..');

/**
 * Matches a region: group 1 is the start marker line, group 2 the region's text, group 3 the end marker line.
 * @param {string} name
 */
function regionPattern(name) {
  return new RegExp(`(<!-- ${name}:start -->\\n)([\\s\\S]*?)(\\n<!-- ${name}:end -->)`);
}

/**
 * The text with the region's text replaced, or undefined when the text has no such region.
 * @param {string} text
 * @param {string} name
 * @param {string} content
 * @returns {string | undefined}
 */
function replaceRegion(text, name, content) {
  if (!regionPattern(name).test(text)) return undefined;
  return text.replace(regionPattern(name), (_m, start, _old, end) => `${start}${content}${end}`);
}

/**
 * The region's text, or undefined when the file has no such region.
 * @param {string} file
 * @param {string} name
 * @returns {string | undefined}
 */
function readRegion(file, name) {
  return regionPattern(name).exec(fs.readFileSync(path.resolve(ROOT, file), 'utf-8'))?.[2];
}

/**
 * Replaces the region's text; throws when the file has no such region.
 * @param {string} file
 * @param {string} name
 * @param {string} content
 * @returns {void}
 */
function writeRegion(file, name, content) {
  const full = path.resolve(ROOT, file);
  const next = replaceRegion(fs.readFileSync(full, 'utf-8'), name, content);
  if (next === undefined) throw new Error(`${file} has no <!-- ${name}:start --> ... <!-- ${name}:end --> region`);
  fs.writeFileSync(full, next);
}

exports.replaceRegion = replaceRegion;
exports.readRegion = readRegion;
exports.writeRegion = writeRegion;
