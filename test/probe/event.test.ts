/**
 * The probe's input (src/probe/private/event.ts): the event checked field by field, the environment's booleans and
 * integers, and the settings a run resolves (target, credentials source, key prefix). The parsing is pure; the last
 * tests run the probe against a real redis-server for the cases whose effect is a connection.
 */
import { LOOPBACK, RedisServer } from './redis-fixture';
import { checkEvent, optionalNumber, parseBool, parseInteger, ProbeFailureReason, resolveSettings, runProbe } from '../../src/probe/private/probe-core';

const configError = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    expect((err as { reason?: string }).reason).toBe(ProbeFailureReason.CONFIG_ERROR);
    return (err as Error).message;
  }
  throw new Error('no error thrown');
};

describe('checkEvent', () => {
  test.each<[string, unknown, string]>([
    ['a string of 60 characters (JSON) is shown whole', { port: 'a'.repeat(58) }, `event field 'port' must be a finite number, got the string "${'a'.repeat(58)}"`],
    ['a longer one is cut at 57 characters', { port: 'a'.repeat(59) }, `event field 'port' must be a finite number, got the string "${'a'.repeat(56)}...`],
    ['a CA bundle of the wrong type is not echoed', { tlsCaPem: 12345 }, 'event field \'tlsCaPem\' must be a string, got a number'],
    ['a function is described by its source', { port: () => 1 }, 'event field \'port\' must be a finite number, got the function () => 1'],
    ['a non-finite number', { timeoutMs: Infinity }, 'event field \'timeoutMs\' must be a finite number, got the number null'],
    ['an empty string', { host: '' }, 'event field \'host\' must not be empty'],
    ['a host with a slash', { host: 'a/b' }, 'event field \'host\' must be a host name or IP address, got the string "a/b"'],
    ['a host of 254 characters', { host: 'h'.repeat(254) }, `event field 'host' must be a host name or IP address, got the string "${'h'.repeat(56)}...`],
    ['an array where a string belongs', { host: ['a'] }, 'event field \'host\' must be a string, got an array'],
    ['an object where a number belongs', { port: { n: 1 } }, 'event field \'port\' must be a finite number, got an object'],
    ['a password of the wrong type is not echoed', { password: 123456 }, 'event field \'password\' must be a string, got a number'],
    ['an event that is a string', 'load', 'the event must be a JSON object such as {} or { "mode": "load" }, got the string "load"'],
    ['an event that is a number', 5, 'the event must be a JSON object such as {} or { "mode": "load" }, got the number 5'],
    ['an event that is an array', [{ mode: 'load' }], 'the event must be a JSON object such as {} or { "mode": "load" }, got an array'],
  ])('%s', (_what, event, message) => {
    expect(configError(() => checkEvent(event))).toBe(message);
  });

  test('an unknown field is named (at most 60 characters) with the list of known fields', () => {
    const message = configError(() => checkEvent({ ['x'.repeat(70)]: 1 }));
    expect(message).toBe(`unknown event field '${'x'.repeat(60)}'; known fields: mode, host, port, tls, tlsCaPem, tlsServerName, clusterMode, `
      + 'username, password, timeoutMs, keyPrefix, requests, clients, pipeline, valueSizeBytes, minSetOpsPerSecond, minGetOpsPerSecond, '
      + 'maxP99LatencyMs, threads, key, ttlSeconds, maxAgeSeconds');
  });

  test('no event (undefined or null) is the empty event', () => {
    expect(checkEvent(undefined)).toEqual({});
    expect(checkEvent(null)).toEqual({});
  });

  test('undefined and null fields count as absent; an empty username or password is allowed; a 253-character host is', () => {
    expect(checkEvent({ host: undefined, port: null, tls: undefined })).toEqual({});
    expect(checkEvent({ username: '', password: '' })).toEqual({ username: '', password: '' });
    expect(checkEvent({ host: 'h'.repeat(253), port: 6380 })).toEqual({ host: 'h'.repeat(253), port: 6380 });
  });
});

describe('environment values', () => {
  test.each<[string | undefined, boolean]>([
    [undefined, true], ['', true], ['true', true], ['TRUE', true], ['1', true], ['Yes', true],
    ['false', false], ['False', false], ['0', false], ['NO', false],
  ])('parseBool(%j) with default true is %s', (v, expected) => {
    expect(parseBool('REDIS_TLS', v, true)).toBe(expected);
    if (v !== undefined && v !== '') expect(parseBool('REDIS_TLS', v, !expected)).toBe(expected);
  });

  test.each(['truex', 'xtrue', ' true', 'falsey', 'nope', '10'])('parseBool(%j) is refused', (v) => {
    expect(configError(() => parseBool('REDIS_TLS', v, false))).toBe(`REDIS_TLS must be true or false, got '${v}'`);
  });

  test.each<[unknown, number]>([[undefined, 7], [null, 7], ['', 7], ['5', 5], [5, 5], [1, 1], ['10', 10]])('parseInteger(%j) from 1 to 10, default 7, is %d', (v, expected) => {
    expect(parseInteger('n', v, 7, 1, 10)).toBe(expected);
  });

  test.each<[unknown]>([[0], [11], ['11'], ['5.5'], [5.5], ['five'], [true]])('parseInteger(%j) from 1 to 10 is refused', (v) => {
    expect(configError(() => parseInteger('n', v, 7, 1, 10))).toBe(`n must be an integer from 1 to 10, got '${String(v)}'`);
  });

  test('optionalNumber: absent is undefined; a non-negative finite number is itself; anything else is refused', () => {
    expect(optionalNumber('m', undefined)).toBeUndefined();
    expect(optionalNumber('m', null)).toBeUndefined();
    expect(optionalNumber('m', 0)).toBe(0);
    expect(optionalNumber('m', 2.5)).toBe(2.5);
    for (const v of [-0.1, Infinity, NaN, '3']) {
      expect(configError(() => optionalNumber('m', v))).toBe(`m must be a non-negative number, got '${String(v)}'`);
    }
  });
});

describe('resolveSettings', () => {
  const HOST = { REDIS_HOST: 'cache.example' };

  test('a port out of range is refused by name, from the environment or the event', () => {
    expect(configError(() => resolveSettings({}, { ...HOST, REDIS_PORT: '70000' } as any))).toBe('port must be an integer from 1 to 65535, got \'70000\'');
    expect(configError(() => resolveSettings({ port: 0 }, HOST as any))).toBe('port must be an integer from 1 to 65535, got \'0\'');
  });

  const defaults = {
    host: 'cache.example',
    port: 6379,
    tls: false,
    tlsCaPem: undefined,
    tlsServerName: undefined,
    clusterMode: false,
    timeoutMs: 5000,
    keyPrefix: 'probe:',
    authMode: 'none',
    auth: { kind: 'none' },
  };

  test('defaults: port 6379, no TLS, no cluster mode, 5 s steps, prefix probe:, no credentials', () => {
    expect(resolveSettings({}, HOST)).toEqual(defaults);
    expect(resolveSettings({}, { ...HOST, REDIS_TLS: '', REDIS_CLUSTER_MODE: '', REDIS_AUTH_MODE: '', REDIS_PROBE_KEY_PREFIX: '' })).toEqual(defaults);
  });

  test('no host anywhere is refused', () => {
    expect(configError(() => resolveSettings({}, {}))).toBe('REDIS_HOST is not set (and the event has no host)');
    expect(configError(() => resolveSettings({}, { REDIS_HOST: '' }))).toBe('REDIS_HOST is not set (and the event has no host)');
  });

  test('the environment as the construct sets it, with an AUTH token secret', () => {
    expect(resolveSettings({}, {
      ...HOST,
      REDIS_PORT: '6380',
      REDIS_TLS: 'true',
      REDIS_CLUSTER_MODE: 'yes',
      REDIS_TIMEOUT_MS: '2000',
      REDIS_PROBE_KEY_PREFIX: 'p:',
      REDIS_AUTH_SECRET_ARN: 'arn:token',
      REDIS_AUTH_SECRET_JSON_FIELD: 'token',
    })).toEqual({
      ...defaults,
      port: 6380,
      tls: true,
      clusterMode: true,
      timeoutMs: 2000,
      keyPrefix: 'p:',
      authMode: 'auth-token',
      auth: { kind: 'secret', arn: 'arn:token', jsonField: 'token' },
    });
    expect(resolveSettings({}, { ...HOST, REDIS_AUTH_SECRET_ARN: 'arn:token', REDIS_AUTH_SECRET_JSON_FIELD: '', REDIS_AUTH_MODE: 'custom' }))
      .toEqual({ ...defaults, authMode: 'custom', auth: { kind: 'secret', arn: 'arn:token', jsonField: undefined } });
  });

  test('an RBAC user secret comes before an AUTH token secret', () => {
    const env = { ...HOST, REDIS_USER_SECRET_ARN: 'arn:user', REDIS_USER: 'probe-user', REDIS_AUTH_SECRET_ARN: 'arn:token' };
    expect(resolveSettings({}, env)).toEqual({ ...defaults, authMode: 'rbac', auth: { kind: 'secret', arn: 'arn:user', username: 'probe-user', jsonField: 'password' } });
    expect(resolveSettings({}, { ...env, REDIS_AUTH_MODE: 'custom' })).toMatchObject({ authMode: 'custom' });
  });

  test('IAM: the user and the group (or serverless cache) name, the region; both names are required', () => {
    const env = { ...HOST, REDIS_AUTH_MODE: 'iam', REDIS_USER: 'u1', REDIS_REPLICATION_GROUP_ID: 'g1', AWS_REGION: 'eu-west-1', REDIS_USER_SECRET_ARN: 'arn:user' };
    expect(resolveSettings({}, env)).toEqual({
      ...defaults, authMode: 'iam', auth: { kind: 'iam', userId: 'u1', replicationGroupId: 'g1', region: 'eu-west-1', resourceType: undefined },
    });
    expect(resolveSettings({}, { ...env, REDIS_IAM_RESOURCE_TYPE: '' }).auth).toMatchObject({ resourceType: undefined });
    expect(resolveSettings({}, { ...env, REDIS_IAM_RESOURCE_TYPE: 'ServerlessCache' }).auth).toMatchObject({ resourceType: 'ServerlessCache' });
    for (const missing of ['REDIS_USER', 'REDIS_REPLICATION_GROUP_ID']) {
      expect(configError(() => resolveSettings({}, { ...env, [missing]: '' }))).toBe('IAM authentication needs REDIS_USER and REDIS_REPLICATION_GROUP_ID');
    }
  });

  test.each<[string, object]>([
    ['host', { host: 'other.example' }], ['port', { port: 7000 }], ['tls', { tls: false }], ['tlsCaPem', { tlsCaPem: 'PEM' }],
    ['tlsServerName', { tlsServerName: 'other.example' }],
  ])('an event that overrides the target (%s) drops the deployment\'s credentials and prefix rule', (_field, event) => {
    const s = resolveSettings({ ...event, keyPrefix: 'mine:' }, { ...HOST, REDIS_AUTH_MODE: 'iam', REDIS_USER: 'u1', REDIS_REPLICATION_GROUP_ID: 'g1', REDIS_AUTH_SECRET_ARN: 'arn:token' });
    expect(s).toMatchObject({ authMode: 'none', auth: { kind: 'none' }, keyPrefix: 'mine:', ...event });
  });

  test('event credentials: a password alone is an AUTH token, with a username it is RBAC; either may use any prefix', () => {
    const env = { ...HOST, REDIS_AUTH_SECRET_ARN: 'arn:token', REDIS_PROBE_KEY_PREFIX: 'probe:' };
    expect(resolveSettings({ password: 'pw', keyPrefix: 'x:' }, env)).toMatchObject({ authMode: 'auth-token', keyPrefix: 'x:', auth: { kind: 'password', username: undefined, password: 'pw' } });
    expect(resolveSettings({ password: 'pw', username: 'u' }, env)).toMatchObject({ authMode: 'rbac', auth: { kind: 'password', username: 'u', password: 'pw' } });
  });

  test('with the deployment\'s credentials the prefix must start with the deployment\'s', () => {
    const env = { ...HOST, REDIS_PROBE_KEY_PREFIX: 'probe:' };
    expect(resolveSettings({ keyPrefix: 'probe:sub:' }, env).keyPrefix).toBe('probe:sub:');
    expect(configError(() => resolveSettings({ keyPrefix: 'app:' }, env))).toBe('keyPrefix \'app:\' must start with the probe\'s prefix \'probe:\'');
  });

  test('event values win over the environment, false and 0-like values included', () => {
    const env = { ...HOST, REDIS_PORT: '6380', REDIS_TLS: 'true', REDIS_CLUSTER_MODE: 'true', REDIS_TIMEOUT_MS: '2000' };
    expect(resolveSettings({ clusterMode: false, timeoutMs: 50 }, env)).toMatchObject({ tls: true, clusterMode: false, timeoutMs: 50, port: 6380 });
    expect(configError(() => resolveSettings({ timeoutMs: 49 }, env))).toBe('timeoutMs must be an integer from 50 to 120000, got \'49\'');
    expect(configError(() => resolveSettings({}, { ...env, REDIS_TIMEOUT_MS: '120001' }))).toBe('timeoutMs must be an integer from 50 to 120000, got \'120001\'');
    expect(configError(() => resolveSettings({}, { ...env, REDIS_CLUSTER_MODE: 'on' }))).toBe('REDIS_CLUSTER_MODE must be true or false, got \'on\'');
    expect(configError(() => resolveSettings({}, { ...env, REDIS_TLS: 'on' }))).toBe('REDIS_TLS must be true or false, got \'on\'');
  });
});

describe('runProbe answers a bad event with CONFIG_ERROR in the shape of the mode asked for (no connection made)', () => {
  test('a malformed load event gets a load answer', async () => {
    expect(await runProbe({ mode: 'load', requests: '10' }, {})).toEqual({
      mode: 'load',
      redis: 'DOWN',
      reason: ProbeFailureReason.CONFIG_ERROR,
      failedStep: 'config',
      error: 'event field \'requests\' must be a finite number, got the string "10"',
      hint: expect.any(String),
      durationMs: expect.any(Number),
      requests: 0,
      clients: 0,
      pipeline: 0,
      valueSizeBytes: 0,
      thresholds: {},
      pass: false,
      failures: [expect.stringMatching(/^event field 'requests'/)],
    });
  });

  test('a malformed event of any other mode, or no object at all, gets a health answer', async () => {
    for (const event of [{ mode: 'write', port: 'x' }, { mode: 'LOAD', port: 'x' }, 'load', 42]) {
      expect(await runProbe(event, {})).toMatchObject({ mode: 'health', redis: 'DOWN', reason: ProbeFailureReason.CONFIG_ERROR, steps: [], warnings: [] });
    }
  });

  test('an unknown mode is quoted up to 40 characters', async () => {
    expect((await runProbe({ mode: 'm'.repeat(50) }, {})).error).toBe(`mode must be 'health', 'load', 'write' or 'read', got '${'m'.repeat(40)}'`);
  });

  test('write / read without a host: a CONFIG_ERROR answer of that mode', async () => {
    expect(await runProbe({ mode: 'read', key: 'k' }, {})).toEqual({
      mode: 'read',
      redis: 'DOWN',
      reason: ProbeFailureReason.CONFIG_ERROR,
      failedStep: 'config',
      error: 'REDIS_HOST is not set (and the event has no host)',
      hint: expect.any(String),
      durationMs: expect.any(Number),
    });
  });
});

describe('against a real server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('undefined fields and empty environment booleans are absent: a health check', async () => {
    const r = await runProbe({ host: LOOPBACK, port: server.port, tls: undefined, clusterMode: undefined }, { REDIS_TLS: '', REDIS_CLUSTER_MODE: '' });
    expect(r).toMatchObject({ mode: 'health', redis: 'UP', tls: false, clusterMode: false });
  });

  test('an empty password is no AUTH (a server without a password answers)', async () => {
    expect(await runProbe({ host: LOOPBACK, port: server.port, password: '' }, {})).toMatchObject({ redis: 'UP', authMode: 'auth-token' });
  });
});
