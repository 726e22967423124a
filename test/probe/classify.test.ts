/**
 * How the probe names the reason behind an error: the messages and socket error codes as Redis, Node.js
 * and ioredis word them (the health tests see many of them from real servers; this table covers the ones a
 * loopback server cannot produce on demand: LOADING, MASTERDOWN, DNS failures, resets...).
 */
import { classifyError, configError, elapsed, messageOf, mostSpecific, ProbeError, ProbeFailureReason as R, REASON_HINTS } from '../../src/probe/private/probe-core';

const plain = { tls: false, clusterMode: false, answered: true };
const err = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('classifyError', () => {
  test.each<[string, unknown, R]>([
    ['a ProbeError keeps its reason', new ProbeError(R.DATA_MISMATCH, 'GET returned x'), R.DATA_MISMATCH],
    ['WRONGPASS', err('WRONGPASS invalid username-password pair or user is disabled.'), R.AUTH_FAILED],
    ['ERR invalid password (Redis < 6)', err('ERR invalid password'), R.AUTH_FAILED],
    ['NOAUTH', err('NOAUTH Authentication required.'), R.AUTH_REQUIRED],
    ['NOPERM', err("NOPERM User probe has no permissions to run the 'set' command"), R.ACL_DENIED],
    ['CLUSTERDOWN', err('CLUSTERDOWN The cluster is down'), R.CLUSTER_DOWN],
    ['cluster_state:fail in CLUSTER INFO', err('cluster_state:fail'), R.CLUSTER_DOWN],
    ['MASTERDOWN', err('MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no'), R.CLUSTER_DOWN],
    ['TRYAGAIN', err('TRYAGAIN Multiple keys request during rehashing of slot'), R.CLUSTER_DOWN],
    ['cluster support disabled', err('ERR This instance has cluster support disabled'), R.CLUSTER_MODE_MISMATCH],
    ['MOVED', err('MOVED 3999 127.0.0.1:6381'), R.CLUSTER_MODE_MISMATCH],
    ['ASK', err('ASK 3999 127.0.0.1:6381'), R.CLUSTER_MODE_MISMATCH],
    ['OOM', err("OOM command not allowed when used memory > 'maxmemory'."), R.OUT_OF_MEMORY],
    ['READONLY', err("READONLY You can't write against a read only replica."), R.READ_ONLY_REPLICA],
    ['LOADING', err('LOADING Redis is loading the dataset in memory'), R.LOADING],
    ['maxclients reached (what a full Redis writes on accept)', err('ERR max number of clients reached'), R.CONNECTION_CLOSED],
    ['a certificate code', err('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), R.CERTIFICATE_VERIFY_FAILED],
    ['an expired certificate (code only)', err('x', 'CERT_HAS_EXPIRED'), R.CERTIFICATE_VERIFY_FAILED],
    ['host name not in the certificate', err("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'), R.CERTIFICATE_VERIFY_FAILED],
    ['self-signed (message only)', err('self-signed certificate in certificate chain'), R.CERTIFICATE_VERIFY_FAILED],
    ['"self signed" alone', err('self signed'), R.CERTIFICATE_VERIFY_FAILED],
    ['"self-signed" alone', err('self-signed'), R.CERTIFICATE_VERIFY_FAILED],
    ['an OpenSSL protocol error code', err('x', 'ERR_SSL_WRONG_VERSION_NUMBER'), R.TLS_MISMATCH],
    ['EPROTO', err('x', 'EPROTO'), R.TLS_MISMATCH],
    ['wrong version number', err('write EPROTO 0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'), R.TLS_MISMATCH],
    ['packet length too long', err('packet length too long'), R.TLS_MISMATCH],
    ['ECONNREFUSED', err('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'), R.CONNECTION_REFUSED],
    ['ENOTFOUND', err('getaddrinfo ENOTFOUND cache.example', 'ENOTFOUND'), R.DNS_FAILURE],
    ['EAI_AGAIN', err('getaddrinfo EAI_AGAIN cache.example', 'EAI_AGAIN'), R.DNS_FAILURE],
    ['EAI_FAIL', err('getaddrinfo EAI_FAIL cache.example', 'EAI_FAIL'), R.DNS_FAILURE],
    ['ETIMEDOUT', err('connect ETIMEDOUT', 'ETIMEDOUT'), R.TIMEOUT],
    ['a timeout message', err('PING timed out after 1500 ms'), R.TIMEOUT],
    ['something else', err('ERR unknown command'), R.UNKNOWN],
    // codes are matched whole: EPROTONOSUPPORT (protocol not supported) is no TLS mismatch
    ['EPROTONOSUPPORT', err('x', 'EPROTONOSUPPORT'), R.UNKNOWN],
    ['a code that only ends in EPROTO', err('x', 'XEPROTO'), R.UNKNOWN],
    ['a code that only contains ERR_SSL_', err('x', 'X_ERR_SSL_Y'), R.UNKNOWN],
    ['not even an Error', 'a string', R.UNKNOWN],
  ])('%s', (_name, error, reason) => {
    expect(classifyError(error, plain)).toBe(reason);
  });

  test.each<[string, unknown]>([
    ['ECONNRESET', err('read ECONNRESET', 'ECONNRESET')],
    ['EPIPE', err('write EPIPE', 'EPIPE')],
    ['Connection is closed', err('Connection is closed.')],
    ['socket hang up', err('socket hang up')],
    ['TLS disconnect', err('Client network socket disconnected before secure TLS connection was established')],
    ['no cluster node answered', err('None of startup nodes is available')],
  ])('a closed connection (%s) is CONNECTION_CLOSED after a reply, TLS_MISMATCH for a plain client before any', (_name, error) => {
    expect(classifyError(error, { tls: false, clusterMode: false, answered: true })).toBe(R.CONNECTION_CLOSED);
    expect(classifyError(error, { tls: false, clusterMode: false, answered: false })).toBe(R.TLS_MISMATCH);
    expect(classifyError(error, { tls: true, clusterMode: false, answered: false })).toBe(R.CONNECTION_CLOSED);
  });

  // Redis error replies start with their code: the same word later in a message is no such reply
  test.each(['WRONGPASS', 'NOAUTH', 'NOPERM', 'CLUSTERDOWN', 'MOVED 1 h:1', 'ASK 1 h:1', 'OOM', 'READONLY', 'LOADING', 'MASTERDOWN', 'TRYAGAIN',
    'ERR max number of clients reached'])(
    'an unknown command named %s is UNKNOWN', word => {
      expect(classifyError(err(`ERR unknown command '${word}'`), plain)).toBe(R.UNKNOWN);
    });

  test('a ProbeError is named so in logs and stack traces', () => {
    expect(new ProbeError(R.CONFIG_ERROR, 'x').name).toBe('ProbeError');
    expect(String(new ProbeError(R.CONFIG_ERROR, 'no REDIS_HOST'))).toBe('ProbeError: no REDIS_HOST');
  });

  test('a stated reason wins over the context', () => {
    expect(classifyError(err('NOAUTH Authentication required.'), { tls: false, clusterMode: false, answered: false })).toBe(R.AUTH_REQUIRED);
  });
});

describe('mostSpecific', () => {
  // what a cluster client collects when two primaries are down (test/probe/cluster.test.ts "primaries killed")
  const closed = err('Too many Cluster redirections. Last error: Error: Connection is closed.');
  const refusedA = err('connect ECONNREFUSED 127.0.0.1:7001', 'ECONNREFUSED');
  const refusedB = err('connect ECONNREFUSED 127.0.0.1:7002', 'ECONNREFUSED');

  test('the most specific reason wins, wherever it is in the list', () => {
    expect(mostSpecific([closed, refusedA], plain)).toEqual({ reason: R.CONNECTION_REFUSED, error: refusedA });
    expect(mostSpecific([err('NOAUTH Authentication required.'), refusedA], plain).reason).toBe(R.AUTH_REQUIRED);
  });

  test('among errors of the same reason, the first one seen is reported', () => {
    expect(mostSpecific([closed, refusedA, closed, refusedB], plain)).toEqual({ reason: R.CONNECTION_REFUSED, error: refusedA });
    expect(mostSpecific([closed, refusedB, refusedA], plain)).toEqual({ reason: R.CONNECTION_REFUSED, error: refusedB });
  });
});

describe('a guess (a closed connection before any reply, plain client) ranks below every stated reason, above UNKNOWN', () => {
  const unanswered = { tls: false, clusterMode: false, answered: false };
  const closed = err('Connection is closed.');
  const timeout = err('PING timed out after 1500 ms');
  const unknown = err('ERR unknown command');

  test('a stated reason, even the least specific one, wins over the guess', () => {
    expect(mostSpecific([closed, timeout], unanswered)).toEqual({ reason: R.TIMEOUT, error: timeout });
  });

  test('the guess wins over UNKNOWN, wherever it is', () => {
    expect(mostSpecific([unknown, closed], unanswered)).toEqual({ reason: R.TLS_MISMATCH, error: closed });
    expect(mostSpecific([closed, unknown], unanswered)).toEqual({ reason: R.TLS_MISMATCH, error: closed });
  });

  test('no error at all is UNKNOWN', () => {
    expect(mostSpecific([], unanswered)).toEqual({ reason: R.UNKNOWN, error: undefined });
  });
});

describe('answers', () => {
  test('messageOf adds the code when the message does not say it', () => {
    expect(messageOf(err('unable to verify', 'CERT_HAS_EXPIRED'))).toBe('unable to verify (CERT_HAS_EXPIRED)');
    expect(messageOf(err('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(messageOf(err('no code'))).toBe('no code');
    expect(messageOf('a string')).toBe('a string');
    expect(messageOf(undefined)).toBe('undefined');
  });

  test('elapsed is milliseconds since a process.hrtime.bigint() start, to 1/100 ms', () => {
    const ms = elapsed(process.hrtime.bigint() - 1_234_567_890n);
    expect(ms).toBeGreaterThanOrEqual(1234.57);
    expect(ms).toBeLessThan(1234.57 + 1000);
    expect(Math.round(ms * 100)).toBeCloseTo(ms * 100, 6);
  });

  test('a CONFIG_ERROR answer has the shape of its mode, with the hint, and nothing measured', () => {
    const start = process.hrtime.bigint();
    const health = configError('health', 'bad', start);
    expect(health).toEqual({
      mode: 'health',
      redis: 'DOWN',
      reason: R.CONFIG_ERROR,
      error: 'bad',
      failedStep: 'config',
      hint: REASON_HINTS.CONFIG_ERROR,
      durationMs: expect.any(Number),
      steps: [],
      warnings: [],
    });
    expect(configError('load', 'bad', start)).toEqual({
      mode: 'load',
      redis: 'DOWN',
      reason: R.CONFIG_ERROR,
      error: 'bad',
      failedStep: 'config',
      hint: REASON_HINTS.CONFIG_ERROR,
      durationMs: expect.any(Number),
      requests: 0,
      clients: 0,
      pipeline: 0,
      valueSizeBytes: 0,
      thresholds: {},
      pass: false,
      failures: ['bad'],
    });
    expect(health.durationMs).toBeGreaterThanOrEqual(0);
    expect(health.durationMs).toBeLessThan(1000);
  });
});
