import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

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
  return newestMtime(PROBE_SOURCES) > fs.statSync(PROBE_BUNDLE).mtimeMs;
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
