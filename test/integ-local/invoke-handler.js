// Runs a bundled Lambda handler once, in this fresh process (the environment is the function's, as the
// template gives it): `node invoke-handler.js <bundle> <timeoutMs> <functionName>` with the event on stdin.
// Prints the answer as the last line, after a marker: { "ok": <result> } or { "error": { errorType, errorMessage } }.
const MARK = '@@integ-local-result@@';
const [bundle, timeoutArg, functionName] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg);
let input = '';
process.stdin.on('data', d => { input += d; });
process.stdin.on('end', async () => {
  const start = Date.now();
  const context = {
    functionName,
    awsRequestId: `local-${start}`,
    getRemainingTimeInMillis: () => Math.max(0, start + timeoutMs - Date.now()),
  };
  let answer;
  try {
    const { handler } = require(bundle);
    answer = { ok: await handler(input ? JSON.parse(input) : {}, context) };
  } catch (err) {
    answer = { error: { errorType: (err && err.name) || 'Error', errorMessage: String((err && err.message) || err) } };
  }
  process.stdout.write(`\n${MARK}${JSON.stringify(answer === undefined ? { ok: null } : answer)}\n`);
  process.exit(0);
});
