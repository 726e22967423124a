// Jest global setup: one id per jest run, inherited by its workers (they are started after this runs).
// The redis-server fixture (test/probe/redis-fixture.ts) names each server's directory after it, and
// test/global-teardown.js kills only this run's leftovers: two jest runs on one machine (two worktrees,
// a developer's run next to a mutation run) never stop each other's servers.
module.exports = async () => {
  process.env.REDIS_PROBE_TEST_RUN = `${process.pid}`;
};
