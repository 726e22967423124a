// Jest global teardown: kills any redis-server (or valkey-server) a failed probe test of THIS jest run left running. Each
// server the fixture (test/probe/redis-fixture.ts) starts lives in os.tmpdir()/redis-probe-run<id>-node-*
// with "<pid> <owner pids>" in redis.pid, <id> being this run's id (test/global-setup.js); stop() removes
// that directory, so whatever is still there was never stopped. Other runs' servers are left alone.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const prefix = `redis-probe-run${process.env.REDIS_PROBE_TEST_RUN}-node-`;
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const dir = path.join(os.tmpdir(), name);
    const pidFile = path.join(dir, 'redis.pid');
    if (!fs.existsSync(pidFile)) continue;
    // "<pid> <owner pids>": only servers this jest run started (the main process or one of its workers);
    // another run on the same machine (a parallel CI job, integ:local) keeps its servers
    const [pidText, owners = ''] = fs.readFileSync(pidFile, 'utf-8').trim().split(/\s+/);
    const pid = Number(pidText);
    if (owners !== '' && !owners.split(',').map(Number).includes(process.pid)) continue;
    try {
      // only a process that still is a redis-server or valkey-server (a pid may have been reused); the server
      // retitles itself "<path>/valkey-server 127.0.0.1:<port>", so the first argument is matched by its base name
      const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf-8').split('\0')[0];
      if (/(^|\/)(redis|valkey)-server( |$)/.test(argv0)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
