// Exit 0 (stale: run rosetta) when .jsii.tabl.json is missing or older than README.md or .jsii, 1 when fresh.
// Used as the condition of the rosetta step of the package:* tasks (see .projenrc.ts).
const fs = require('fs');
function mtime(file) {
  try { return fs.statSync(file).mtimeMs; } catch { return undefined; }
}
const tablet = mtime('.jsii.tabl.json');
const stale = tablet === undefined || ['README.md', '.jsii'].some(f => (mtime(f) ?? Infinity) > tablet);
process.exit(stale ? 0 : 1);
