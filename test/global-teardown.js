// Jest global teardown: kills any redis-server a failed probe test left running. Each server the fixture
// (test/probe/redis-fixture.ts) starts lives in os.tmpdir()/redis-probe-node-* with its pid in redis.pid;
// stop() removes that directory, so whatever is still there was never stopped.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith('redis-probe-node-')) continue;
    const dir = path.join(os.tmpdir(), name);
    const pidFile = path.join(dir, 'redis.pid');
    if (!fs.existsSync(pidFile)) continue;
    // Only servers of this jest run (or of a run that is gone): the machine's tmp dir is shared with other
    // jest runs, whose servers are still in use. The fixture writes its process id and its parent's (the
    // jest main process for a worker) to OWNER_FILE.
    const ownerFile = path.join(dir, 'owner');
    const owners = fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, 'utf-8').split(/\s+/).filter(Boolean).map(Number) : [];
    const alive = p => { try { process.kill(p, 0); return true; } catch { return false; } };
    if (owners.length > 0 && !owners.includes(process.pid) && owners.some(alive)) continue;
    const pid = Number(fs.readFileSync(pidFile, 'utf-8'));
    try {
      // only a process that still is a redis-server (a pid may have been reused)
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf-8').startsWith('redis-server')) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
