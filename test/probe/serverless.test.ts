/**
 * The probe against a serverless-like endpoint, with the environment AirDiscoveryServerlessRedis
 * gives it: a real redis-server on loopback set up the way an ElastiCache Serverless endpoint
 * behaves for a client (TLS only, cluster protocol with one endpoint that owns every slot, ACL
 * users instead of requirepass-only auth), and the probe's settings taken from the synthesized
 * template. Nothing of Redis is faked; Secrets Manager is the loopback stand-in of health.test.ts.
 *
 * The probe code is the one node-based caches use: the same handler, with the environment
 * variables the construct sets (REDIS_TLS=true, REDIS_CLUSTER_MODE=true, the secret ARNs, and
 * for IAM REDIS_IAM_RESOURCE_TYPE=ServerlessCache, which ElastiCache requires in the token).
 */
import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FakeSecretsManager, startFakeSecretsManager, useFakeAws } from './fake-secrets-manager';
import { Certificates, LOOPBACK, makeCertificates, RedisServer, sleep } from './redis-fixture';
import { AirDiscoveryServerlessRedis, RedisAuthentication, RedisConnectivityProbeOptions, RedisPreset } from '../../src';
import { elastiCacheIamToken } from '../../src/probe/private/iam-auth';
import { HealthResult, LoadResult, ProbeEnvironment, ProbeFailureReason, runProbe } from '../../src/probe/private/probe-core';
import { newStack } from '../util';

const TIMEOUT_MS = 3000;
const TOKEN = 'serverless-default-user-token-0123456789';
const APP_PASSWORD = 'app-user-password-0123456789abcdef';
const AUTH_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cache/auth-token-AbCdEf';
const USER_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cache/user-app-AbCdEf';
const PROBE_PASSWORD = 'probe-user-password-0123456789abcdef';
const PROBE_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:cache/probe-user-AbCdEf';
/** The access string the construct gives the probe's own user on a serverless cache (cluster protocol). */
const PROBE_ACCESS = 'on ~probe:* -@all +ping +set +get +del +info +cluster|info +cluster|slots';
const CACHE_NAME = 'air-serverless';
const NOW = new Date('2026-12-01T10:00:00Z');
const IAM_CREDENTIALS = { accessKeyId: 'AKIAPROBETEST0000000', secretAccessKey: 'probe-test-secret-key' };

let certs: Certificates;
let endpoint: RedisServer;
let sm: FakeSecretsManager;
let restoreAws: () => void;
let restoreTls: () => void;

/**
 * The test process trusts the test CA, as a Lambda trusts Amazon's: the probe's environment
 * has no CA of its own (REDIS_TLS=true uses the default trust store).
 */
function trustTestCa(caPem: string): () => void {
  // the module object itself (what ioredis calls), not an ES-module namespace copy
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tlsModule = require('tls');
  const original = tlsModule.connect;
  tlsModule.connect = (...args: any[]) => {
    if (typeof args[0] === 'object' && args[0] !== null && args[0].ca === undefined) args[0] = { ...args[0], ca: caPem };
    return original(...args);
  };
  return () => { tlsModule.connect = original; };
}

beforeAll(async () => {
  certs = await makeCertificates();
  // One TLS cluster node that owns all 16384 slots: like a serverless endpoint, CLUSTER SLOTS
  // names one address (announced, as the serverless endpoint announces its own) and every key
  // lives behind it. The default user's password is the token.
  endpoint = await RedisServer.start({ cluster: true, tls: certs, password: TOKEN, args: ['--cluster-announce-ip', LOOPBACK] });
  await endpoint.cli('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  for (let i = 0; i < 100 && !(await endpoint.cli('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) await sleep(100);
  // The RBAC user of the template below, with the probe's documented rights.
  await endpoint.cli('ACL', 'SETUSER', 'app', 'on', `>${APP_PASSWORD}`, '~probe:*', '-@all', '+ping', '+get', '+set', '+del', '+info', '+cluster|info', '+cluster|slots');
  sm = await startFakeSecretsManager({
    [AUTH_SECRET_ARN]: TOKEN,
    [USER_SECRET_ARN]: JSON.stringify({ username: 'app', password: APP_PASSWORD }),
    [PROBE_SECRET_ARN]: JSON.stringify({ username: 'air-discovery-probe', password: PROBE_PASSWORD }),
  });
  restoreAws = useFakeAws(sm.endpoint);
  restoreTls = trustTestCa(certs.caPem);
}, 60_000);

afterAll(async () => {
  restoreTls?.();
  restoreAws?.();
  await sm?.stop();
  await endpoint?.stop();
  if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
});

/**
 * The probe function's environment as AirDiscoveryServerlessRedis synthesizes it, pointed at
 * the loopback endpoint: the endpoint address and port and the secrets' ARNs are CloudFormation
 * tokens in the template, everything else is used as synthesized.
 */
function probeEnvironment(
  authentication: RedisAuthentication | undefined, preset = RedisPreset.PROD, probeOptions: RedisConnectivityProbeOptions = {},
): ProbeEnvironment {
  const { stack, vpc } = newStack();
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, preset, authentication, serverlessCacheName: CACHE_NAME });
  cache.addProbe('Probe', probeOptions);
  lastTemplate = Template.fromStack(stack);
  const fn = Object.entries<any>(Template.fromStack(stack).findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('CacheProbe'))![1];
  const env: Record<string, unknown> = fn.Properties.Environment.Variables;
  const resolved: ProbeEnvironment = {};
  for (const [k, v] of Object.entries(env)) {
    if (typeof v === 'string') (resolved as any)[k] = v;
  }
  expect(Object.keys(env).filter(k => typeof env[k] !== 'string').sort()).toEqual(expect.arrayContaining(['REDIS_HOST']));
  expect(resolved).toMatchObject({ REDIS_PORT: '6379', REDIS_TLS: 'true', REDIS_CLUSTER_MODE: 'true' });
  const ref = (k: string) => JSON.stringify(Stack.of(cache).resolve(env[k]));
  return {
    ...resolved,
    REDIS_HOST: LOOPBACK,
    REDIS_PORT: `${endpoint.port}`,
    ...(env.REDIS_AUTH_SECRET_ARN ? { REDIS_AUTH_SECRET_ARN: ref('REDIS_AUTH_SECRET_ARN').includes('CacheAuthToken') ? AUTH_SECRET_ARN : 'unexpected' } : {}),
    ...(env.REDIS_USER_SECRET_ARN ? { REDIS_USER_SECRET_ARN: userSecretArn(ref('REDIS_USER_SECRET_ARN')) } : {}),
    AWS_REGION: 'us-east-1',
  };
}

let lastTemplate: Template;
function userSecretArn(ref: string): string {
  if (ref.includes('CacheUserApp')) return USER_SECRET_ARN;
  if (ref.includes('CacheProbeUserSecret')) return PROBE_SECRET_ARN;
  return 'unexpected';
}

/** The access string of the probe's own user in the last synthesized template (what ElastiCache would apply). */
function probeUserAccess(): string {
  const users = Object.values<any>(lastTemplate.findResources('AWS::ElastiCache::User')).filter(u => /-probe$|^air-discovery-probe$/.test(u.Properties.UserName));
  expect(users).toHaveLength(1);
  return users[0].Properties.AccessString;
}

async function probe(env: ProbeEnvironment): Promise<HealthResult> {
  return await runProbe({}, { ...env, REDIS_TIMEOUT_MS: `${TIMEOUT_MS}` }, { now: () => NOW, credentialsEnv: { AWS_ACCESS_KEY_ID: IAM_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: IAM_CREDENTIALS.secretAccessKey } }) as HealthResult;
}

test('PROD (AUTH token as the default user\'s password): UP over TLS with the cluster protocol', async () => {
  const env = probeEnvironment(undefined);
  expect(env).toMatchObject({ REDIS_AUTH_MODE: 'auth-token', REDIS_AUTH_SECRET_ARN: AUTH_SECRET_ARN });
  const r = await probe(env);
  if (r.redis !== 'UP') console.log(JSON.stringify(r));
  expect(r).toMatchObject({ redis: 'UP', tls: true, clusterMode: true, authMode: 'auth-token', clusterState: 'ok', clusterNodes: 1, clusterNodesUp: 1 });
  expect(r.steps.map(s => s.step)).toEqual(['credentials', 'tcp', 'connect', 'PING', 'SET', 'GET', 'DEL', 'INFO', 'CLUSTER INFO', 'PING primaries']);
  expect(sm.requests).toContain(AUTH_SECRET_ARN);
});

test('DEV (no authentication) against a token-protected endpoint: DOWN, AUTH_REQUIRED', async () => {
  const env = probeEnvironment(undefined, RedisPreset.DEV);
  expect(env.REDIS_AUTH_MODE).toBe('none');
  const r = await probe(env);
  expect(r).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_REQUIRED, tls: true, clusterMode: true });
});

test('RBAC: the probe\'s own user (the access string of the template, applied on the endpoint) from its secret, UP', async () => {
  const env = probeEnvironment(RedisAuthentication.rbac({ users: [{ userName: 'app' }] }));
  expect(env).toMatchObject({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'air-discovery-probe', REDIS_USER_SECRET_ARN: PROBE_SECRET_ARN });
  expect(probeUserAccess()).toBe(PROBE_ACCESS);
  await endpoint.cli('ACL', 'SETUSER', 'air-discovery-probe', 'reset', `>${PROBE_PASSWORD}`, ...PROBE_ACCESS.split(' '));
  const r = await probe(env);
  expect(r).toMatchObject({ redis: 'UP', authMode: 'rbac', tls: true, clusterMode: true, clusterState: 'ok' });
  expect(sm.requests).toContain(PROBE_SECRET_ARN);
});

test('RBAC: a user named by userName, from its secret, UP', async () => {
  const env = probeEnvironment(RedisAuthentication.rbac({ users: [{ userName: 'app' }] }), RedisPreset.PROD, { userName: 'app' });
  expect(env).toMatchObject({ REDIS_AUTH_MODE: 'rbac', REDIS_USER: 'app', REDIS_USER_SECRET_ARN: USER_SECRET_ARN });
  const r = await probe(env);
  expect(r).toMatchObject({ redis: 'UP', authMode: 'rbac', tls: true, clusterMode: true, clusterState: 'ok' });
});

test('IAM: a SigV4 token signed for the serverless cache (ResourceType=ServerlessCache), UP; without it, AUTH_FAILED', async () => {
  // the probe signs as its own IAM user, <cache name>-probe, with the access string of the template
  const userId = `${CACHE_NAME}-probe`;
  const token = elastiCacheIamToken({ replicationGroupId: CACHE_NAME, userId, resourceType: 'ServerlessCache', region: 'us-east-1', credentials: IAM_CREDENTIALS, date: NOW });
  expect(token).toMatch(/^air-serverless\/\?Action=connect&ResourceType=ServerlessCache&User=air-serverless-probe&X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
  const env = probeEnvironment(RedisAuthentication.iam({ users: [{ userName: 'probe-iam', accessString: 'on ~probe:* +@all' }] }));
  expect(probeUserAccess()).toBe(PROBE_ACCESS);
  await endpoint.cli('ACL', 'SETUSER', userId, 'reset', `>${token}`, ...PROBE_ACCESS.split(' '));
  expect(env).toMatchObject({ REDIS_AUTH_MODE: 'iam', REDIS_USER: userId, REDIS_REPLICATION_GROUP_ID: CACHE_NAME, REDIS_IAM_RESOURCE_TYPE: 'ServerlessCache' });
  expect(await probe(env)).toMatchObject({ redis: 'UP', authMode: 'iam', tls: true, clusterMode: true });
  // the replication-group form of the token is another password: the construct's variable matters
  const { REDIS_IAM_RESOURCE_TYPE: _dropped, ...asReplicationGroup } = env;
  expect(await probe(asReplicationGroup)).toMatchObject({ redis: 'DOWN', reason: ProbeFailureReason.AUTH_FAILED });
});

test('load mode through the serverless-like endpoint', async () => {
  const env = probeEnvironment(undefined);
  const r = await runProbe({ mode: 'load', requests: 2000, clients: 10 }, { ...env, REDIS_TIMEOUT_MS: `${TIMEOUT_MS}` }) as LoadResult;
  expect(r).toMatchObject({ redis: 'UP', mode: 'load', tls: true, clusterMode: true });
  expect((r as any).set.opsPerSecond).toBeGreaterThan(0);
  expect((r as any).get.opsPerSecond).toBeGreaterThan(0);
});
