/**
 * The rotation function's four steps against a real redis-server, with an in-process fake of the
 * Secrets Manager and ElastiCache APIs (test/rotation/fake-aws.ts) that changes the server's ACL as
 * ElastiCache would. ACL users with two passwords stand in for ElastiCache's two-token window.
 */
import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster, Redis } from 'ioredis';
import { FakeElastiCache, FakeSecretsManager } from './fake-aws';
import { fnEnv, TWO_USERS } from './rotation-template';
import { AirDiscoveryRedis, AirDiscoveryServerlessRedis, RedisAuthentication, RedisPreset } from '../../src';
import { endpointOf, pingWith } from '../../src/rotation/private/connection-test';
import { rotate, RotationDeps, rotationTargetOf, RotationStep, RotationTarget } from '../../src/rotation/private/rotation-core';
import { Certificates, freePort, LOOPBACK, makeCertificates, RedisServer, startBlackHole } from '../probe/redis-fixture';

const ADMIN_PASSWORD = 'admin-password-0123456789abcdef';
const STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await RedisServer.start();
  // an admin user for the fake ElastiCache control plane (ElastiCache itself needs none)
  await server.cli('ACL', 'SETUSER', 'admin', 'on', `>${ADMIN_PASSWORD}`, '~*', '+@all');
  admin = new Redis({ host: LOOPBACK, port: server.port, username: 'admin', password: ADMIN_PASSWORD, lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

const endpoint = () => ({ host: LOOPBACK, port: server.port, tls: false, clusterMode: false, timeoutMs: 2000 });
const works = (credentials: { username?: string; password: string }) => pingWith(endpoint(), credentials).then(() => true, () => false);

function deps(secrets: FakeSecretsManager, elasticache: FakeElastiCache, target: Partial<RotationTarget> = {}): RotationDeps {
  return {
    secrets,
    elasticache,
    testConnection: c => pingWith(endpoint(), c),
    target: { kind: 'auth-token', replicationGroupId: 'air-redis', userIds: {}, length: 32, ...target },
    remainingMs: () => 60_000,
    pollMs: 10,
  };
}

/** Like `deps`, with the log lines collected into `logs`. */
function logged(d: RotationDeps, logs: string[]): RotationDeps {
  return { ...d, log: m => logs.push(m) };
}

/** The version id that holds `stage`. */
const versionAt = (s: FakeSecretsManager, stage: string) => [...s.versions].find(([, v]) => v.stages.includes(stage))![0];

/**
 * The rotation function's environment (its string values) in the template of a node-based AirDiscoveryRedis
 * (PROD, replication group `air-redis`) with the given authentication, as rotation.lambda.ts reads it.
 */
function nodeCacheEnv(authentication: RedisAuthentication): { [name: string]: string } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Rot', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  new AirDiscoveryRedis(stack, 'Cache', { vpc, preset: RedisPreset.PROD, authentication, replicationGroupId: 'air-redis' });
  return Object.fromEntries(Object.entries<any>(fnEnv(Template.fromStack(stack))).filter(([, v]) => typeof v === 'string'));
}

const D = 'DescribeReplicationGroups';

/** What Secrets Manager does on a rotation: a pending version, then the four steps; stops at the first failure. */
async function rotation(secrets: FakeSecretsManager, d: RotationDeps): Promise<void> {
  const token = secrets.startRotation();
  for (const Step of STEPS) await rotate({ SecretId: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:redis-AbC', ClientRequestToken: token, Step }, d);
}

/** The busy clients not stopped yet: stopped after each test, so that a failed test does not leave one running. */
const busyClients = new Set<() => Promise<unknown>>();
afterEach(async () => {
  for (const stop of [...busyClients]) await stop().catch(() => undefined);
});

/** A client that PINGs every 5 ms on one connection (a cluster client: through its slot owner), counting failures, until stopped. */
function busyClient(credentials: { username?: string; password: string } | (() => Redis | Cluster)) {
  const client = typeof credentials === 'function' ? credentials() : new Redis({
    host: LOOPBACK, port: server.port, username: credentials.username, password: credentials.password, lazyConnect: true, maxRetriesPerRequest: 0,
  });
  let ok = 0;
  let failed = 0;
  let running = true;
  let firstPong: () => void = () => undefined;
  const ready = new Promise<void>(resolve => { firstPong = resolve; });
  const loop = (async () => {
    await client.connect();
    while (running) {
      await client.ping().then(() => { ok++; firstPong(); }, () => failed++);
      await new Promise(r => setTimeout(r, 5));
    }
  })();
  const stop = async () => {
    busyClients.delete(stop);
    running = false;
    await loop;
    client.disconnect();
    return { ok, failed };
  };
  busyClients.add(stop);
  return {
    /** Resolves on the first PONG (a cluster client has then loaded the slots and authenticated). */
    ready,
    stop,
  };
}

describe('AUTH token (the default user\'s password stands in for the group\'s AUTH token)', () => {
  const T0 = 'initial-auth-token-0123456789abcdef';
  let secrets: FakeSecretsManager;
  let ec: FakeElastiCache;

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', 'default', 'on', 'resetpass', `>${T0}`, '~*', '+@all');
    secrets = new FakeSecretsManager(T0);
    ec = new FakeElastiCache(admin);
  });

  test('rotation 1: clients on the old token keep working throughout; the new token works after; ROTATE only', async () => {
    const busy = busyClient({ password: T0 });
    await rotation(secrets, deps(secrets, ec));
    const { ok, failed } = await busy.stop();
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(0);
    const T1 = secrets.valueAt('AWSCURRENT')!;
    expect(T1).not.toBe(T0);
    expect(T1).toMatch(/^[A-Za-z0-9!&#$^<>-]{32}$/);
    expect(secrets.valueAt('AWSPREVIOUS')).toBe(T0);
    expect(await works({ password: T1 })).toBe(true);
    // the old token still works: clients that have not re-read the secret are not locked out
    expect(await works({ password: T0 })).toBe(true);
    expect(ec.calls.filter(c => c.startsWith('Modify'))).toEqual(['ModifyReplicationGroup ROTATE']);
  });

  test('rotation 2: SET drops the token from two rotations ago, then ROTATE adds the next', async () => {
    const T1 = secrets.valueAt('AWSCURRENT')!;
    const busy = busyClient({ password: T1 });
    await rotation(secrets, deps(secrets, ec));
    expect((await busy.stop()).failed).toBe(0);
    const T2 = secrets.valueAt('AWSCURRENT')!;
    expect(await works({ password: T2 })).toBe(true);
    expect(await works({ password: T1 })).toBe(true);
    expect(await works({ password: T0 })).toBe(false);
    expect(ec.calls.filter(c => c.startsWith('Modify'))).toEqual(['ModifyReplicationGroup ROTATE', 'ModifyReplicationGroup SET', 'ModifyReplicationGroup ROTATE']);
  });

  test('a failed test step (ElastiCache did not take the new token) leaves the current token in place', async () => {
    const current = secrets.valueAt('AWSCURRENT')!;
    const promotions = secrets.calls.filter(c => c === 'UpdateSecretVersionStage').length;
    const broken = new FakeElastiCache(admin);
    broken.calls.push('ModifyReplicationGroup ROTATE'); // a rotation happened before: SET is allowed
    broken.ignoreUpdates = true;
    await expect(rotation(secrets, deps(secrets, broken))).rejects.toThrow(/WRONGPASS|invalid username-password|NOAUTH/);
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
    expect(await works({ password: current })).toBe(true);
    const pending = secrets.valueAt('AWSPENDING')!;
    expect(pending).not.toBe(current);
    expect(await works({ password: pending })).toBe(false);
    // finishSecret never ran
    expect(secrets.calls.filter(c => c === 'UpdateSecretVersionStage').length).toBe(promotions);
  });

  test('steps are idempotent: createSecret twice keeps one pending value; a finished version is left alone', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const d = deps(s, new FakeElastiCache(admin));
    const token = s.startRotation();
    const ev = (Step: RotationStep) => ({ SecretId: 'x', ClientRequestToken: token, Step });
    await rotate(ev('createSecret'), d);
    const pending = s.valueAt('AWSPENDING');
    await rotate(ev('createSecret'), d);
    expect(s.valueAt('AWSPENDING')).toBe(pending);
    await expect(rotate({ SecretId: 'x', ClientRequestToken: 'nope', Step: 'setSecret' }, d)).rejects.toThrow(/has no stage/);
    await expect(rotate({ SecretId: 'x' } as never, d)).rejects.toThrow(/not a Secrets Manager rotation event/);
  });

  test('each step logs what it did; ElastiCache is polled until available after each modification, before the next call', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin);
    const logs: string[] = [];
    const d = logged(deps(s, e), logs);
    const first = versionAt(s, 'AWSCURRENT');
    const token = s.startRotation();
    const ev = (Step: RotationStep) => ({ SecretId: 'x', ClientRequestToken: token, Step });
    await rotate(ev('createSecret'), d);
    await rotate(ev('createSecret'), d);
    for (const step of STEPS.slice(1)) await rotate(ev(step), d);
    expect(logs).toEqual([
      `createSecret: new pending version ${token}`,
      `createSecret: pending version ${token} exists`,
      `setSecret: pending version ${token} accepted by ElastiCache next to the current one`,
      `testSecret: connected and PINGed with pending version ${token}`,
      `finishSecret: version ${token} is AWSCURRENT; ${first} (AWSPREVIOUS) stays valid until the next rotation`,
    ]);
    // the fake answers `modifying` twice, then applies the change and answers `available`
    expect(e.calls).toEqual(['ModifyReplicationGroup ROTATE', D, D, D]);
    await rotation(s, d);
    expect(e.calls).toEqual(['ModifyReplicationGroup ROTATE', D, D, D, 'ModifyReplicationGroup SET', D, D, D, 'ModifyReplicationGroup ROTATE', D, D, D]);
    expect(await works({ password: s.valueAt('AWSCURRENT')! })).toBe(true);
  });

  test('a version already AWSCURRENT is left alone by every step; a version neither AWSCURRENT nor AWSPENDING is refused', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin);
    const first = versionAt(s, 'AWSCURRENT');
    await rotation(s, deps(s, e));
    const done = versionAt(s, 'AWSCURRENT');
    const [secretCalls, ecCalls] = [s.calls.length, e.calls.length];
    const logs: string[] = [];
    const d = logged(deps(s, e), logs);
    for (const Step of STEPS) await rotate({ SecretId: 'x', ClientRequestToken: done, Step }, d);
    expect(logs).toEqual(STEPS.map(step => `${step}: version ${done} is already AWSCURRENT, nothing to do`));
    expect(s.calls.slice(secretCalls)).toEqual(['DescribeSecret', 'DescribeSecret', 'DescribeSecret', 'DescribeSecret']);
    expect(e.calls.length).toBe(ecCalls);
    // the AWSPREVIOUS version: finishSecret must not make it current again
    await expect(rotate({ SecretId: 'x', ClientRequestToken: first, Step: 'finishSecret' }, d))
      .rejects.toThrow(new Error(`secret version ${first} is not AWSPENDING for rotation of x`));
    expect(versionAt(s, 'AWSCURRENT')).toBe(done);
    expect(s.calls.slice(secretCalls + 4)).toEqual(['DescribeSecret']);
  });

  test('anything but a rotation event is refused before any call', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const token = s.startRotation();
    const d = deps(s, new FakeElastiCache(admin));
    const notAnEvent = new Error('not a Secrets Manager rotation event: { SecretId, ClientRequestToken, Step } expected');
    for (const bad of [
      { ClientRequestToken: token, Step: 'createSecret' },
      { SecretId: 42, ClientRequestToken: token, Step: 'createSecret' },
      { SecretId: 'x', Step: 'createSecret' },
      { SecretId: 'x', ClientRequestToken: 7, Step: 'createSecret' },
      { SecretId: 'x', ClientRequestToken: token, Step: 'rotate' },
      undefined,
    ]) {
      await expect(rotate(bad as never, d)).rejects.toThrow(notAnEvent);
    }
    expect(s.calls).toEqual([]);
  });

  test('neither a replication group nor a token user: setSecret fails naming both settings, before any ElastiCache call', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin);
    await expect(rotation(s, deps(s, e, { replicationGroupId: undefined }))).rejects.toThrow(new Error(
      'no replication group (REDIS_REPLICATION_GROUP_ID) nor token user (ROTATION_AUTH_TOKEN_USER_ID) to rotate the AUTH token of'));
    expect(e.calls).toEqual([]);
  });

  test('a secret without an AWSCURRENT version: finishSecret fails and moves no stage', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const token = s.startRotation();
    const d = deps(s, new FakeElastiCache(admin));
    await rotate({ SecretId: 'x', ClientRequestToken: token, Step: 'createSecret' }, d);
    for (const v of s.versions.values()) v.stages = v.stages.filter(stage => stage !== 'AWSCURRENT');
    const before = s.calls.length;
    await expect(rotate({ SecretId: 'x', ClientRequestToken: token, Step: 'finishSecret' }, d)).rejects.toThrow(new Error('secret x has no AWSCURRENT version'));
    expect(s.calls.slice(before)).toEqual(['DescribeSecret']);
  });

  test('ElastiCache still modifying with less than one poll plus 2 s left: the step fails naming what it waited for; with exactly that left it polls on', async () => {
    const outOfTime = new Error("replication group still 'modifying' (waiting for 'available') when the invocation ran out of time; Secrets Manager retries the step");
    // pollMs is 10: a poll plus 2 s is 2010 ms
    const withRemaining = (s: FakeSecretsManager, e: FakeElastiCache, ms: number): RotationDeps => ({ ...deps(s, e), remainingMs: () => ms });
    const stuck = () => {
      const e = new FakeElastiCache(admin);
      e.modifyingPolls = 4;
      return e;
    };
    // the ROTATE of a first rotation
    const s1 = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e1 = stuck();
    await expect(rotation(s1, withRemaining(s1, e1, 2009))).rejects.toThrow(outOfTime);
    expect(e1.calls).toEqual(['ModifyReplicationGroup ROTATE', D]);
    // 2010 ms left: it waits through the four `modifying` answers
    const s2 = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e2 = stuck();
    await rotation(s2, withRemaining(s2, e2, 2010));
    expect(e2.calls).toEqual(['ModifyReplicationGroup ROTATE', D, D, D, D, D]);
    expect(await works({ password: s2.valueAt('AWSCURRENT')! })).toBe(true);
    // the SET of the next rotation
    await expect(rotation(s2, withRemaining(s2, e2, 2009))).rejects.toThrow(outOfTime);
    expect(e2.calls.slice(6)).toEqual(['ModifyReplicationGroup SET', D]);
  });

  test('the target out of a node-based cache\'s function environment: its replication group, the token length it was given', async () => {
    const env = nodeCacheEnv(RedisAuthentication.generatedAuthToken({ length: 40 }));
    expect(env).toMatchObject({ ROTATION_KIND: 'auth-token', REDIS_REPLICATION_GROUP_ID: 'air-redis', ROTATION_LENGTH: '40' });
    const target = rotationTargetOf(env);
    expect(target).toEqual({ kind: 'auth-token', replicationGroupId: 'air-redis', authTokenUserId: undefined, userIds: {}, length: 40 });
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin);
    await rotation(s, { ...deps(s, e), target });
    const token = s.valueAt('AWSCURRENT')!;
    expect(token).toHaveLength(40);
    expect(await works({ password: token })).toBe(true);
    expect(e.calls).toEqual(['ModifyReplicationGroup ROTATE', D, D, D]);
  });
});

describe('RBAC user password (ModifyUser with two passwords)', () => {
  const P0 = 'initial-user-password-0123456789';
  let secrets: FakeSecretsManager;
  let ec: FakeElastiCache;
  const target = { kind: 'user' as const, userIds: { app: 'air-redis-app' } };

  beforeAll(async () => {
    await admin.call('ACL', 'SETUSER', 'app', 'on', `>${P0}`, '~*', '+@all');
    secrets = new FakeSecretsManager(JSON.stringify({ username: 'app', password: P0 }));
    ec = new FakeElastiCache(admin, { 'air-redis-app': 'app' });
  });

  test('clients on the old password keep working; the new one works after; both valid until the next rotation', async () => {
    const busy = busyClient({ username: 'app', password: P0 });
    await rotation(secrets, deps(secrets, ec, target));
    expect((await busy.stop()).failed).toBe(0);
    const current = JSON.parse(secrets.valueAt('AWSCURRENT')!);
    expect(current.username).toBe('app');
    expect(current.password).not.toBe(P0);
    expect(await works({ username: 'app', password: current.password })).toBe(true);
    expect(await works({ username: 'app', password: P0 })).toBe(true);
    expect(ec.calls.filter(c => c.startsWith('Modify'))).toEqual(['ModifyUser 2']);
  });

  test('the next rotation drops the password from two rotations ago', async () => {
    const P1 = JSON.parse(secrets.valueAt('AWSCURRENT')!).password;
    await rotation(secrets, deps(secrets, ec, target));
    const P2 = JSON.parse(secrets.valueAt('AWSCURRENT')!).password;
    expect(await works({ username: 'app', password: P2 })).toBe(true);
    expect(await works({ username: 'app', password: P1 })).toBe(true);
    expect(await works({ username: 'app', password: P0 })).toBe(false);
  });

  test('a failed test step leaves the current password current and working', async () => {
    const current = secrets.valueAt('AWSCURRENT')!;
    const broken = new FakeElastiCache(admin, { 'air-redis-app': 'app' });
    broken.ignoreUpdates = true;
    await expect(rotation(secrets, deps(secrets, broken, target))).rejects.toThrow(/WRONGPASS|invalid username-password|NOAUTH/);
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
    expect(await works({ username: 'app', password: JSON.parse(current).password })).toBe(true);
  });

  test('a user the function does not know is an error, not a guess', async () => {
    const s = new FakeSecretsManager(JSON.stringify({ username: 'other', password: P0 }));
    await expect(rotation(s, deps(s, ec, target))).rejects.toThrow(/no ElastiCache user id for user 'other'/);
  });

  test('the target out of a node-based cache\'s function environment: user kind, the users\' ids', async () => {
    const env = nodeCacheEnv(TWO_USERS());
    expect(env).toMatchObject({ ROTATION_KIND: 'user', REDIS_REPLICATION_GROUP_ID: 'air-redis', ROTATION_LENGTH: '64' });
    const t = rotationTargetOf(env);
    expect(t).toEqual({ kind: 'user', replicationGroupId: 'air-redis', authTokenUserId: undefined, userIds: { app: 'air-redis-app', worker: 'air-redis-worker' }, length: 64 });
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin, { 'air-redis-app': 'app' });
    await rotation(s, { ...deps(s, e), target: t });
    const current = JSON.parse(s.valueAt('AWSCURRENT')!);
    expect(Object.keys(current)).toEqual(['username', 'password']);
    expect(current.username).toBe('app');
    expect(current.password).toHaveLength(64);
    expect(await works(current)).toBe(true);
    expect(e.calls).toEqual(['ModifyUser 2', 'DescribeUsers', 'DescribeUsers']);
  });

  test('an unknown user: the error lists the users the function knows', async () => {
    const s = new FakeSecretsManager(JSON.stringify({ username: 'other', password: P0 }));
    const e = new FakeElastiCache(admin, { 'air-redis-app': 'app' });
    await expect(rotation(s, deps(s, e, { kind: 'user', userIds: { app: 'air-redis-app', worker: 'air-redis-worker' } })))
      .rejects.toThrow(new Error("no ElastiCache user id for user 'other' (known: app, worker)"));
    expect(e.calls).toEqual([]);
  });

  test('a pending version naming another user is refused before any ElastiCache call', async () => {
    const s = new FakeSecretsManager(secrets.valueAt('AWSCURRENT')!);
    const e = new FakeElastiCache(admin, { 'air-redis-app': 'app', 'air-redis-worker': 'worker' });
    const token = s.startRotation();
    await s.putPendingSecretValue('x', token, JSON.stringify({ username: 'worker', password: 'worker-password-0123456789abcdef' }));
    const d = deps(s, e, { kind: 'user', userIds: { app: 'air-redis-app', worker: 'air-redis-worker' } });
    await expect(rotate({ SecretId: 'x', ClientRequestToken: token, Step: 'setSecret' }, d))
      .rejects.toThrow(new Error('the pending version names another user than the current one'));
    expect(e.calls).toEqual([]);
  });

  test('a user secret without string username and password is refused before any ElastiCache call', async () => {
    for (const value of [{ user: 'app', password: P0 }, { username: 'app', password: 42 }, { username: ['app'], password: P0 }]) {
      const s = new FakeSecretsManager(JSON.stringify(value));
      const e = new FakeElastiCache(admin, { 'air-redis-app': 'app' });
      await expect(rotation(s, deps(s, e, target))).rejects.toThrow(new Error('a user secret must be JSON with string username and password'));
      expect(e.calls).toEqual([]);
    }
  });
});

/**
 * A serverless cache's AUTH token: the password of its user group's `default` user. The endpoint stands in
 * as in test/probe/serverless.test.ts (TLS only, one cluster node owning every slot, the token as the
 * default user's password); the target and the endpoint come from the rotation function's environment in
 * the template AirDiscoveryServerlessRedis synthesizes, read as rotation.lambda.ts reads it.
 */
describe('serverless AUTH token (the default user\'s password: ModifyUser, never ModifyReplicationGroup)', () => {
  const T0 = 'initial-serverless-token-0123456789abcdef';
  const CACHE_NAME = 'air-serverless';
  let certs: Certificates;
  let cacheEndpoint: RedisServer;
  let control: Redis;
  let env: { [name: string]: string };
  let secrets: FakeSecretsManager;
  let ec: FakeElastiCache;

  beforeAll(async () => {
    certs = await makeCertificates();
    cacheEndpoint = await RedisServer.start({
      cluster: true, tls: certs, password: T0, adminUser: { name: 'admin', password: ADMIN_PASSWORD }, args: ['--cluster-announce-ip', LOOPBACK],
    });
    await cacheEndpoint.cli('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    for (let i = 0; i < 100 && !(await cacheEndpoint.cli('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) await new Promise(r => setTimeout(r, 100));
    control = new Redis({ host: LOOPBACK, port: cacheEndpoint.port, username: 'admin', password: ADMIN_PASSWORD, tls: { ca: certs.caPem }, lazyConnect: true });
    await control.connect();

    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = new Stack(app, 'Rot', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, preset: RedisPreset.PROD, serverlessCacheName: CACHE_NAME });
    const fn = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('Secrets Manager rotation') },
    });
    // the endpoint address and port are CloudFormation attributes: the loopback endpoint's in their place
    env = {
      ...Object.fromEntries(Object.entries<any>(Object.values<any>(fn)[0].Properties.Environment.Variables).filter(([, v]) => typeof v === 'string')),
      REDIS_HOST: LOOPBACK,
      REDIS_PORT: `${cacheEndpoint.port}`,
    };
    secrets = new FakeSecretsManager(T0);
    ec = new FakeElastiCache(control, { [cache.userResource('default').userId]: 'default' });
  }, 60_000);

  afterAll(async () => {
    control?.disconnect();
    await cacheEndpoint?.stop();
    if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  const tlsEndpoint = () => ({ ...endpointOf(env, 2000), tlsCaPem: certs.caPem });
  const serverlessDeps = (s: FakeSecretsManager, e: FakeElastiCache): RotationDeps => ({
    secrets: s, elasticache: e, testConnection: c => pingWith(tlsEndpoint(), c), target: rotationTargetOf(env), remainingMs: () => 60_000, pollMs: 10,
  });
  const worksTls = (password: string) => pingWith(tlsEndpoint(), { password }).then(() => true, () => false);

  test('the function\'s environment: the token is the default user\'s password, TLS and cluster protocol, no replication group', () => {
    expect(env).toMatchObject({ ROTATION_KIND: 'auth-token', ROTATION_AUTH_TOKEN_USER_ID: `${CACHE_NAME}-default`, REDIS_TLS: 'true', REDIS_CLUSTER_MODE: 'true' });
    expect(env.REDIS_REPLICATION_GROUP_ID).toBeUndefined();
    expect(rotationTargetOf(env)).toEqual({ kind: 'auth-token', authTokenUserId: `${CACHE_NAME}-default`, userIds: {}, length: 64, replicationGroupId: undefined });
    // the connection test's endpoint: TLS, and the cluster client (a serverless cache speaks the cluster protocol)
    expect(endpointOf(env, 2000)).toEqual({ host: LOOPBACK, port: cacheEndpoint.port, tls: true, clusterMode: true, timeoutMs: 2000 });
  });

  test('rotation 1: a cluster-protocol TLS client on the old token never fails; the new token works after; one ModifyUser with both', async () => {
    const busy = busyClient(() => new Cluster([{ host: LOOPBACK, port: cacheEndpoint.port }], {
      dnsLookup: (address, cb) => cb(null, address),
      redisOptions: { password: T0, tls: { ca: certs.caPem }, maxRetriesPerRequest: 0 },
      lazyConnect: true,
    }));
    await busy.ready;
    await rotation(secrets, serverlessDeps(secrets, ec));
    const { ok, failed } = await busy.stop();
    expect(failed).toBe(0);
    expect(ok).toBeGreaterThan(0);
    const T1 = secrets.valueAt('AWSCURRENT')!;
    expect(T1).not.toBe(T0);
    expect(T1).toHaveLength(64);
    expect(await worksTls(T1)).toBe(true);
    expect(await worksTls(T0)).toBe(true);
    expect(ec.calls.filter(c => c.startsWith('Modify'))).toEqual(['ModifyUser 2']);
  });

  test('rotation 2 drops the token from two rotations ago; ModifyReplicationGroup is never called', async () => {
    const T1 = secrets.valueAt('AWSCURRENT')!;
    await rotation(secrets, serverlessDeps(secrets, ec));
    const T2 = secrets.valueAt('AWSCURRENT')!;
    expect(await worksTls(T2)).toBe(true);
    expect(await worksTls(T1)).toBe(true);
    expect(await worksTls(T0)).toBe(false);
    expect(ec.calls.filter(c => c.startsWith('Modify'))).toEqual(['ModifyUser 2', 'ModifyUser 2']);
    expect(ec.calls.filter(c => /ReplicationGroup/.test(c))).toEqual([]);
  });

  test('a failed test step (the user did not take the new token) leaves the current token current and working', async () => {
    const current = secrets.valueAt('AWSCURRENT')!;
    const broken = new FakeElastiCache(control, { [`${CACHE_NAME}-default`]: 'default' });
    broken.ignoreUpdates = true;
    // the cluster client reports a refused AUTH as no usable startup node
    await expect(rotation(secrets, serverlessDeps(secrets, broken))).rejects.toThrow(/WRONGPASS|NOAUTH|None of startup nodes is available/);
    expect(secrets.valueAt('AWSCURRENT')).toBe(current);
    expect(await worksTls(current)).toBe(true);
    expect(await worksTls(secrets.valueAt('AWSPENDING')!)).toBe(false);
  });
});

/**
 * The connection test (connection-test.ts) on its own, where the rotations above cannot tell its choices apart:
 * the endpoint given by host name, a cluster whose state is `fail`, a server that never answers, the connections
 * it leaves behind and what it writes on the console.
 */
describe('the connection test (connection-test.ts) against real servers', () => {
  const PASSWORD = 'connection-test-password-0123456789';
  let certs: Certificates;
  let halfCluster: RedisServer;

  beforeAll(async () => {
    certs = await makeCertificates();
    halfCluster = await RedisServer.start({
      cluster: true, tls: certs, password: PASSWORD, adminUser: { name: 'admin', password: ADMIN_PASSWORD }, args: ['--cluster-announce-ip', LOOPBACK],
    });
    // half the slots: `cluster_state:fail`, as when a shard is down
    await halfCluster.cli('CLUSTER', 'ADDSLOTSRANGE', '0', '8191');
    await admin.call('ACL', 'SETUSER', 'conn-check', 'on', `>${PASSWORD}`, '~*', '+@all');
  }, 60_000);

  afterAll(async () => {
    await halfCluster?.stop();
    if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  const clusterEndpoint = (host: string) => ({ host, port: halfCluster.port, tls: true, clusterMode: true, timeoutMs: 5000, tlsCaPem: certs.caPem });

  test('a cluster in state fail (slots not all served) still passes with the right password: it tests the credential, not the cluster', async () => {
    expect(await halfCluster.cli('CLUSTER', 'INFO')).toContain('cluster_state:fail');
    await pingWith(clusterEndpoint(LOOPBACK), { password: PASSWORD });
    await expect(pingWith(clusterEndpoint(LOOPBACK), { password: 'wrong-password-0123456789' })).rejects.toThrow(/WRONGPASS|NOAUTH|None of startup nodes is available/);
  });

  test('a cluster endpoint given by host name (as ElastiCache gives it, TLS checks the name): the cluster client connects by that name', async () => {
    await pingWith(clusterEndpoint('localhost'), { password: PASSWORD });
  });

  test('a server that accepts and never answers: the test fails at its own deadline, with its own message', async () => {
    const hole = await startBlackHole();
    try {
      await expect(pingWith({ host: LOOPBACK, port: hole.port, tls: false, clusterMode: false, timeoutMs: 500 }, { password: PASSWORD }))
        .rejects.toThrow(new Error('no PONG within 500 ms'));
    } finally {
      await hole.stop();
    }
  });

  test('passed or failed, the test leaves no connection on the server and nothing on the console', async () => {
    // every client but the admin connection (the connection of a failed AUTH is the default user's)
    const clients = async () => String(await admin.call('CLIENT', 'LIST')).split('\n').filter(l => l.trim() !== '' && !/ user=admin /.test(l)).length;
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { errors.push(args.join(' ')); });
    try {
      const plain = { host: LOOPBACK, port: server.port, tls: false, clusterMode: false, timeoutMs: 5000 };
      await pingWith(plain, { username: 'conn-check', password: PASSWORD });
      await expect(pingWith(plain, { username: 'conn-check', password: 'wrong-password-0123456789' })).rejects.toThrow(/WRONGPASS|NOAUTH/);
      const closed = await freePort();
      await expect(pingWith({ ...plain, port: closed }, { username: 'conn-check', password: PASSWORD })).rejects.toThrow(/ECONNREFUSED|Connection is closed/);
      // the server sees a closed connection a moment later: wait for it (5 s at most)
      for (let i = 0; i < 250 && await clients() > 0; i++) await new Promise(r => setTimeout(r, 20));
      expect(await clients()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
