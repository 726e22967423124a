import * as path from 'path';

/**
 * The project root whose `src/` holds the sources as written.
 *
 * Tests that read source text (to check that a rule table lists what the code does) must read the original files:
 * in a StrykerJS sandbox (`npx projen mutation`, `<root>/.stryker-tmp/sandbox-…/`) `src/` holds the instrumented
 * copy, where every string literal is wrapped in mutant switches.
 */
export const SOURCE_ROOT = ((): string => {
  const here = path.resolve(__dirname, '..');
  const sandbox = here.split(path.sep).lastIndexOf('.stryker-tmp');
  return sandbox > 0 ? here.split(path.sep).slice(0, sandbox).join(path.sep) : here;
})();

/** A path under the source root, e.g. `sourcePath('src', 'redis.ts')`. */
export function sourcePath(...parts: string[]): string {
  return path.join(SOURCE_ROOT, ...parts);
}
