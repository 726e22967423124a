/**
 * The rotation function's entry point (src/rotation/rotation.lambda.ts) in-process, through the real AWS SDK v3
 * clients, against loopback HTTP stand-ins of Secrets Manager (JSON 1.1) and ElastiCache (AWS Query) backed by
 * the in-process fakes of fake-aws.ts, which change a real redis-server's ACL as ElastiCache would. This checks
 * the wiring rotation-core cannot see: the exact API requests (operations and parameters), the environment, the
 * log lines and the Lambda context's deadline. test/rotation/rotation.test.ts covers rotation-core's logic.
 */
import { Redis } from 'ioredis';
import { FakeElastiCache, FakeSecretsManager } from './fake-aws';
import { ElastiCacheBacking, HttpStandIn, RecordedRequest, SecretsManagerBacking, startElastiCacheHttp, startSecretsManagerHttp } from './fake-aws-http';
import { pingWith } from '../../src/rotation/private/connection-test';
import { EXCLUDED_CHARACTERS, RotationEvent, RotationStep } from '../../src/rotation/private/rotation-core';
import { LOOPBACK, RedisServer } from '../probe/redis-fixture';

type Handler = (event: RotationEvent, context: { getRemainingTimeInMillis(): number }) => Promise<void>;

const ADMIN_PASSWORD = 'admin-password-0123456789abcdef';
const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:air-redis-auth-AbCdEf';
const GROUP_ID = 'air-redis';
const USER_ID = 'air-redis-app';
const LENGTH = 40;
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
/**
 * The context of every step: 11 s left is less than one 10 s status poll plus the 2 s kept to answer, so a step
 * may not wait: the stand-in answers `available`/`active` at once unless a test asks for `modifying`.
 */
const NO_TIME_TO_WAIT = 11_000;

let server: RedisServer;
let admin: Redis;
let sm: HttpStandIn;
let ec: HttpStandIn;
const smBacking: SecretsManagerBacking = { fake: new FakeSecretsManager('unused') };
const ecBacking: ElastiCacheBacking = { fake: undefined as unknown as FakeElastiCache };
let handler: Handler;
const savedEnv = { ...process.env };
let logged: string[];

beforeAll(async () => {
  server = await RedisServer.start();
  // an admin user for the fake ElastiCache control plane (ElastiCache itself needs none)
  await server.cli('ACL', 'SETUSER', 'admin', 'on', `>${ADMIN_PASSWORD}`, '~*', '+@all');
  admin = new Redis({ host: LOOPBACK, port: server.port, username: 'admin', password: ADMIN_PASSWORD, lazyConnect: true });
  await admin.connect();
  sm = await startSecretsManagerHttp(smBacking);
  ec = await startElastiCacheHttp(ecBacking);
  // the SDK clients are made when the module loads: the endpoints and credentials must be in the environment first
  for (const k of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete process.env[k];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sm.endpoint,
    AWS_ENDPOINT_URL_ELASTICACHE: ec.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAROTATIONTEST0000',
    AWS_SECRET_ACCESS_KEY: 'rotation-test-secret-key',
    REDIS_HOST: LOOPBACK,
    REDIS_PORT: `${server.port}`,
    REDIS_TLS: 'false',
    REDIS_CLUSTER_MODE: 'false',
    ROTATION_LENGTH: `${LENGTH}`,
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require('../../src/rotation/rotation.lambda').handler;
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  admin?.disconnect();
  await sm?.stop();
  await ec?.stop();
  await server?.stop();
});

beforeEach(() => {
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line); });
  sm.requests.length = 0;
  ec.requests.length = 0;
  smBacking.binary = false;
  ecBacking.modifyingPolls = 0;
  ecBacking.describeAnswer = undefined;
});

afterEach(() => jest.restoreAllMocks());

const works = (credentials: { username?: string; password: string }) =>
  pingWith({ host: LOOPBACK, port: server.port, tls: false, clusterMode: false, timeoutMs: 5000 }, credentials).then(() => true, () => false);

/** What Secrets Manager does on a rotation: a pending version, then the four steps through the handler; stops at the first failure. */
async function rotation(secrets: FakeSecretsManager, remainingMs = NO_TIME_TO_WAIT): Promise<{ token: string; from: string }> {
  const from = currentVersion(secrets);
  const token = secrets.startRotation();
  for (const Step of STEPS) await handler({ SecretId: ARN, ClientRequestToken: token, Step }, { getRemainingTimeInMillis: () => remainingMs });
  return { token, from };
}

function currentVersion(secrets: FakeSecretsManager): string {
  return [...secrets.versions].find(([, v]) => v.stages.includes('AWSCURRENT'))![0];
}

/** The Secrets Manager requests of the four steps of one rotation (createSecret finds no pending value and makes one). */
function secretsRequests(token: string, from: string, pendingValue: string): RecordedRequest[] {
  const describe = { operation: 'DescribeSecret', params: { SecretId: ARN } };
  const getCurrent = { operation: 'GetSecretValue', params: { SecretId: ARN, VersionStage: 'AWSCURRENT' } };
  const getPending = { operation: 'GetSecretValue', params: { SecretId: ARN, VersionStage: 'AWSPENDING', VersionId: token } };
  return [
    // createSecret
    describe, getCurrent, getPending,
    { operation: 'GetRandomPassword', params: { PasswordLength: LENGTH, ExcludeCharacters: EXCLUDED_CHARACTERS, IncludeSpace: false } },
    { operation: 'PutSecretValue', params: { SecretId: ARN, ClientRequestToken: token, SecretString: pendingValue, VersionStages: ['AWSPENDING'] } },
    // setSecret
    describe, getCurrent, getPending,
    // testSecret
    describe, getPending,
    // finishSecret
    describe,
    { operation: 'UpdateSecretVersionStage', params: { SecretId: ARN, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: from } },
  ];
}

/** The function's log: one JSON line per step, naming the secret and the step. */
function logLines(token: string, from: string): object[] {
  return [
    { secretId: ARN, step: 'createSecret', message: `createSecret: new pending version ${token}` },
    { secretId: ARN, step: 'setSecret', message: `setSecret: pending version ${token} accepted by ElastiCache next to the current one` },
    { secretId: ARN, step: 'testSecret', message: `testSecret: connected and PINGed with pending version ${token}` },
    { secretId: ARN, step: 'finishSecret', message: `finishSecret: version ${token} is AWSCURRENT; ${from} (AWSPREVIOUS) stays valid until the next rotation` },
  ];
}

/** A credential as GetRandomPassword with the function's parameters makes it: the length asked, no space, none of ElastiCache's excluded characters. */
function expectElastiCacheCredential(password: string): void {
  expect(password).toHaveLength(LENGTH);
  expect(password).toMatch(/^[\x21-\x7e]+$/);
  expect([...password].filter(c => EXCLUDED_CHARACTERS.includes(c))).toEqual([]);
}

describe('AUTH token of a node-based replication group (ROTATION_KIND auth-token): ModifyReplicationGroup', () => {
  const T0 = 'initial-auth-token-0123456789abcdef';
  let secrets: FakeSecretsManager;

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', 'default', 'on', 'resetpass', `>${T0}`, '~*', '+@all');
    secrets = new FakeSecretsManager(T0);
    smBacking.fake = secrets;
    ecBacking.fake = new FakeElastiCache(admin);
  });

  beforeEach(() => {
    Object.assign(process.env, { ROTATION_KIND: 'auth-token', REDIS_REPLICATION_GROUP_ID: GROUP_ID });
    delete process.env.ROTATION_USER_IDS;
  });

  test('two rotations: the exact SDK requests (ROTATE, then SET + ROTATE; ApplyImmediately, AWSPENDING, stage move); the new token connects, the one from two rotations ago stops', async () => {
    // rotation 1: ROTATE adds the new token next to the old one
    const { token, from } = await rotation(secrets);
    const T1 = secrets.valueAt('AWSCURRENT')!;
    expectElastiCacheCredential(T1);
    expect(secrets.versions.get(token)!.stages).toEqual(['AWSCURRENT']);
    expect(secrets.versions.get(from)!.stages).toEqual(['AWSPREVIOUS']);
    expect(sm.requests).toEqual(secretsRequests(token, from, T1));
    expect(ec.requests).toEqual([
      { operation: 'ModifyReplicationGroup', params: { ReplicationGroupId: GROUP_ID, AuthToken: T1, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: 'true' } },
      { operation: 'DescribeReplicationGroups', params: { ReplicationGroupId: GROUP_ID } },
    ]);
    expect(logged.map(l => JSON.parse(l))).toEqual(logLines(token, from));
    expect(await works({ password: T1 })).toBe(true);
    // the old token stays valid until the next rotation (clients that have not re-read the secret keep working)
    expect(await works({ password: T0 })).toBe(true);

    // rotation 2: SET to the current token drops the one from two rotations ago, then ROTATE adds the new one
    sm.requests.length = 0;
    ec.requests.length = 0;
    const second = await rotation(secrets);
    const T2 = secrets.valueAt('AWSCURRENT')!;
    expectElastiCacheCredential(T2);
    expect(second.from).toBe(token);
    expect(sm.requests).toEqual(secretsRequests(second.token, second.from, T2));
    expect(ec.requests).toEqual([
      { operation: 'ModifyReplicationGroup', params: { ReplicationGroupId: GROUP_ID, AuthToken: T1, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: 'true' } },
      { operation: 'DescribeReplicationGroups', params: { ReplicationGroupId: GROUP_ID } },
      { operation: 'ModifyReplicationGroup', params: { ReplicationGroupId: GROUP_ID, AuthToken: T2, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: 'true' } },
      { operation: 'DescribeReplicationGroups', params: { ReplicationGroupId: GROUP_ID } },
    ]);
    expect(await works({ password: T2 })).toBe(true);
    expect(await works({ password: T1 })).toBe(true);
    expect(await works({ password: T0 })).toBe(false);
  });

  test('the deadline is the Lambda context\'s: a group still modifying with less than a poll + 2 s left fails the step after one status read', async () => {
    const before = secrets.valueAt('AWSCURRENT')!;
    const firstChange = secrets.valueAt('AWSPREVIOUS') === undefined ? 'ROTATE' : 'SET';
    const token = secrets.startRotation();
    const context = { calls: 0, getRemainingTimeInMillis() { this.calls++; return 11_999; } };
    await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'createSecret' }, context);
    ecBacking.modifyingPolls = 1;
    ec.requests.length = 0;
    await expect(handler({ SecretId: ARN, ClientRequestToken: token, Step: 'setSecret' }, context)).rejects.toThrow(
      'replication group still \'modifying\' (waiting for \'available\') when the invocation ran out of time; Secrets Manager retries the step');
    expect(context.calls).toBe(1);
    // the first change of the step (SET after an earlier rotation, else ROTATE), and one status read after it
    expect(ec.requests.map(r => [r.operation, r.params.AuthTokenUpdateStrategy])).toEqual([['ModifyReplicationGroup', firstChange], ['DescribeReplicationGroups', undefined]]);
    expect(secrets.valueAt('AWSCURRENT')).toBe(before);
    // Secrets Manager's retry: the group is `available` now and the rotation completes
    ecBacking.modifyingPolls = 0;
    await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'setSecret' }, { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT });
    await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'testSecret' }, { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT });
    await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'finishSecret' }, { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT });
    expect(await works({ password: secrets.valueAt('AWSCURRENT')! })).toBe(true);
  });

  test('testSecret connects with the pending token: ElastiCache not taking it fails the rotation with Redis\' refusal; AWSCURRENT stays', async () => {
    const current = secrets.valueAt('AWSCURRENT')!;
    const working = ecBacking.fake;
    const broken = new FakeElastiCache(admin);
    broken.calls.push('ModifyReplicationGroup ROTATE'); // rotated before: SET is allowed
    broken.ignoreUpdates = true;
    ecBacking.fake = broken;
    try {
      // ioredis reports a refused AUTH as the refusal, or as the NOAUTH of the PING that follows it
      await expect(rotation(secrets)).rejects.toThrow(/^(WRONGPASS invalid username-password pair or user is disabled\.|NOAUTH Authentication required\.)$/);
    } finally {
      ecBacking.fake = working;
    }
    // testSecret read the pending value (and failed on it): finishSecret never ran
    expect(sm.requests.slice(-2)).toEqual([
      { operation: 'DescribeSecret', params: { SecretId: ARN } },
      { operation: 'GetSecretValue', params: { SecretId: ARN, VersionStage: 'AWSPENDING', VersionId: [...secrets.versions].find(([, v]) => v.stages.includes('AWSPENDING'))![0] } },
    ]);
    expect(sm.requests.map(r => r.operation)).not.toContain('UpdateSecretVersionStage');
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
    expect(await works({ password: current })).toBe(true);
    expect(await works({ password: secrets.valueAt('AWSPENDING')! })).toBe(false);
    expect(logged.map(l => JSON.parse(l).step)).toEqual(['createSecret', 'setSecret']);
  });

  test.each([['no-list', 'without a ReplicationGroups list'], ['empty-list', 'with an empty ReplicationGroups list']] as const)(
    'a DescribeReplicationGroups answer %s (%s) reads as status \'unknown\' and fails setSecret by the deadline', async (answer, _what) => {
      const token = secrets.startRotation();
      const context = { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT };
      await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'createSecret' }, context);
      ecBacking.describeAnswer = answer;
      await expect(handler({ SecretId: ARN, ClientRequestToken: token, Step: 'setSecret' }, context)).rejects.toThrow(
        'replication group still \'unknown\' (waiting for \'available\') when the invocation ran out of time');
    });

  test('a binary secret (no SecretString) fails createSecret with a message naming the secret; nothing is written', async () => {
    const s = new FakeSecretsManager(T0);
    smBacking.fake = s;
    smBacking.binary = true;
    try {
      const token = s.startRotation();
      await expect(handler({ SecretId: ARN, ClientRequestToken: token, Step: 'createSecret' }, { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT }))
        .rejects.toThrow(`secret ${ARN} has no SecretString`);
      expect(sm.requests.map(r => r.operation)).toEqual(['DescribeSecret', 'GetSecretValue']);
      expect(s.valueAt('AWSPENDING')).toBeUndefined();
      expect(logged).toEqual([]);
    } finally {
      smBacking.fake = secrets;
    }
  });
});

describe('RBAC user password (ROTATION_KIND user, ROTATION_USER_IDS): ModifyUser with two passwords', () => {
  const P0 = 'initial-user-password-0123456789';
  let secrets: FakeSecretsManager;

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', 'app', 'on', 'resetpass', `>${P0}`, '~*', '+@all');
    // the user group's `default` user is off (as in an RBAC user group), and must be whether or not the AUTH token
    // tests ran first: ioredis keeps a connection whose AUTH was refused, and a passwordless `default` would answer its PING
    await admin.call('ACL', 'SETUSER', 'default', 'off');
    secrets = new FakeSecretsManager(JSON.stringify({ username: 'app', password: P0 }));
    smBacking.fake = secrets;
    ecBacking.fake = new FakeElastiCache(admin, { [USER_ID]: 'app' });
  });

  beforeEach(() => {
    Object.assign(process.env, { ROTATION_KIND: 'user', ROTATION_USER_IDS: JSON.stringify({ app: USER_ID }) });
    delete process.env.REDIS_REPLICATION_GROUP_ID;
  });

  test('two rotations: the exact SDK requests (Passwords current + pending); the new password connects, the one from two rotations ago stops', async () => {
    const first = await rotation(secrets);
    const P1 = JSON.parse(secrets.valueAt('AWSCURRENT')!).password;
    expectElastiCacheCredential(P1);
    expect(sm.requests).toEqual(secretsRequests(first.token, first.from, JSON.stringify({ username: 'app', password: P1 })));
    expect(ec.requests).toEqual([
      { operation: 'ModifyUser', params: { 'UserId': USER_ID, 'Passwords.member.1': P0, 'Passwords.member.2': P1 } },
      { operation: 'DescribeUsers', params: { UserId: USER_ID } },
    ]);
    expect(logged.map(l => JSON.parse(l))).toEqual(logLines(first.token, first.from));
    expect(await works({ username: 'app', password: P1 })).toBe(true);
    expect(await works({ username: 'app', password: P0 })).toBe(true);

    ec.requests.length = 0;
    const second = await rotation(secrets);
    const P2 = JSON.parse(secrets.valueAt('AWSCURRENT')!).password;
    expectElastiCacheCredential(P2);
    expect(ec.requests).toEqual([
      { operation: 'ModifyUser', params: { 'UserId': USER_ID, 'Passwords.member.1': P1, 'Passwords.member.2': P2 } },
      { operation: 'DescribeUsers', params: { UserId: USER_ID } },
    ]);
    expect(secrets.versions.get(second.token)!.stages).toEqual(['AWSCURRENT']);
    expect(secrets.versions.get(first.token)!.stages).toEqual(['AWSPREVIOUS']);
    expect(await works({ username: 'app', password: P2 })).toBe(true);
    expect(await works({ username: 'app', password: P1 })).toBe(true);
    expect(await works({ username: 'app', password: P0 })).toBe(false);
  });

  test('a user still modifying with no time left to wait fails setSecret with the user id', async () => {
    const token = secrets.startRotation();
    const context = { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT };
    await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'createSecret' }, context);
    ecBacking.modifyingPolls = 1;
    ec.requests.length = 0;
    await expect(handler({ SecretId: ARN, ClientRequestToken: token, Step: 'setSecret' }, context)).rejects.toThrow(
      `user ${USER_ID} still 'modifying' (waiting for 'active') when the invocation ran out of time`);
    expect(ec.requests.map(r => r.operation)).toEqual(['ModifyUser', 'DescribeUsers']);
  });

  test.each([['no-list', 'without a Users list'], ['empty-list', 'with an empty Users list']] as const)(
    'a DescribeUsers answer %s (%s) reads as status \'unknown\' and fails setSecret by the deadline', async (answer, _what) => {
      const token = secrets.startRotation();
      const context = { getRemainingTimeInMillis: () => NO_TIME_TO_WAIT };
      await handler({ SecretId: ARN, ClientRequestToken: token, Step: 'createSecret' }, context);
      ecBacking.describeAnswer = answer;
      await expect(handler({ SecretId: ARN, ClientRequestToken: token, Step: 'setSecret' }, context)).rejects.toThrow(
        `user ${USER_ID} still 'unknown' (waiting for 'active') when the invocation ran out of time`);
    });
});
