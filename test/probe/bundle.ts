import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';

export const ROOT = path.join(__dirname, '..', '..');
export const PROBE_BUNDLE = path.join(ROOT, 'assets', 'probe', 'probe.lambda', 'index.js');
/** Everything the handler bundle is built from (the handler and its private modules). */
export const PROBE_SOURCES = path.join(ROOT, 'src', 'probe');

/** The newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether the bundle is missing or older than one of its sources. */
export function probeBundleIsStale(): boolean {
  if (!fs.existsSync(PROBE_BUNDLE)) return true;
  if (newestMtime(PROBE_SOURCES) > fs.statSync(PROBE_BUNDLE).mtimeMs) return true;
  // In a StrykerJS sandbox (`npx projen mutation`) the sources are instrumented with every mutant, and the copy
  // does not keep modification times in order: bundle those sources once, so the bundled-handler tests run the
  // active mutant too (it is named by an environment variable, see STRYKER_ACTIVE_MUTANT_ENV).
  return process.env.STRYKER_MUTATOR_WORKER !== undefined && !fs.readFileSync(PROBE_BUNDLE, 'utf-8').includes('__stryker__');
}

/** Where StrykerJS names the active mutant; a child process running the bundle needs it too. */
export const STRYKER_ACTIVE_MUTANT_ENV = '__STRYKER_ACTIVE_MUTANT__';

/** The environment of a child process that runs the bundle: only `env`, plus the active mutant under StrykerJS. */
export function bundleEnvironment(env: { [name: string]: string }): { [name: string]: string } {
  const active = process.env[STRYKER_ACTIVE_MUTANT_ENV];
  return active === undefined ? env : { ...env, [STRYKER_ACTIVE_MUTANT_ENV]: active };
}

/**
 * `lambda.Code.fromAsset` needs the esbuild bundle, and the handler tests run it: a direct `npx jest`
 * must never test a stale bundle. Rebuilds it (~1 s) when it is missing or any file under src/probe/
 * is newer than it (`npx projen test` bundles first anyway).
 */
export function ensureProbeBundle(): void {
  if (probeBundleIsStale()) {
    execFileSync('npx', ['projen', 'bundle:probe/probe.lambda'], { cwd: ROOT, stdio: 'ignore' });
  }
}

/**
 * Runs the bundled handler (the Lambda's entry point) in a separate node process, configured by environment
 * variables only, as Lambda does (`REDIS_TLS=false` and `REDIS_TIMEOUT_MS=2000` unless `env` says otherwise);
 * returns what it returned and the last JSON line it logged.
 */
export async function invokeBundledHandler(
  env: { [name: string]: string }, event: object = {}, remainingMs = 10_000,
): Promise<{ returned: any; logged: any }> {
  const script = `require(${JSON.stringify(PROBE_BUNDLE)}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => ${remainingMs} })`
    + '.then(r => process.stdout.write("\\nRETURNED " + JSON.stringify(r) + "\\n"))';
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: bundleEnvironment({ PATH: process.env.PATH!, REDIS_TLS: 'false', REDIS_TIMEOUT_MS: '2000', ...env }),
    timeout: 15_000,
  });
  const lines = stdout.trim().split('\n');
  const returned = JSON.parse(lines.find(l => l.startsWith('RETURNED '))!.slice('RETURNED '.length));
  const logged = JSON.parse(lines.filter(l => l.startsWith('{')).pop()!);
  return { returned, logged };
}
