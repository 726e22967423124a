import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');
export const PROBE_BUNDLE = path.join(ROOT, 'assets', 'probe', 'probe.lambda', 'index.js');

/**
 * `lambda.Code.fromAsset` needs the esbuild bundle (built by `pre-compile`).
 * When `npx jest test/probe` runs before any build, bundle it first (~1 s).
 */
export function ensureProbeBundle(): void {
  if (!fs.existsSync(PROBE_BUNDLE)) {
    execFileSync('npx', ['projen', 'bundle:probe/probe.lambda'], { cwd: ROOT, stdio: 'ignore' });
  }
}
