/**
 * One warm load-mode measurement in a process of its own, so that the bench can
 * pin it to a core (`taskset -c 1 node .bench/scripts/bench/load-once.js ...`).
 * Runs `warmups` unmeasured runs first (a warm Lambda container), then the
 * measured one, and prints its answer as JSON on the last line.
 *
 * Usage: load-once.js <port> <requests> <clients> <pipeline> <threads> [warmups] [memoryMiB]
 */
import { LoadResult, runProbe } from '../../src/probe/private/probe-core';

async function main() {
  const [port, requests, clients, pipeline, threads, warmups = '1', memory] = process.argv.slice(2);
  const event = {
    mode: 'load',
    host: '127.0.0.1',
    port: Number(port),
    requests: Number(requests),
    clients: Number(clients),
    pipeline: Number(pipeline),
    threads: Number(threads),
  };
  const env = memory ? { AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memory } : {};
  for (let i = 0; i < Number(warmups); i++) await runProbe(event, env);
  const r = await runProbe(event, env) as LoadResult;
  process.stdout.write(JSON.stringify(r) + '\n');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
