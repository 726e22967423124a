/**
 * integ:local on apps synthesized here (not committed integ cases): RBAC users
 * with generated passwords, and a serverless cache. Proves the runner is generic:
 * whatever a case's templates hold is emulated, or skipped with a reason.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { runCase } from './run';
import { AirDiscoveryRedis, RedisAuthentication, RedisPreset } from '../../src';
import { ensureProbeBundle } from '../probe/bundle';

beforeAll(() => ensureProbeBundle());

const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function synth(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-local-synth-'));
  dirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  build(app);
  app.synth();
  return outdir;
}

test('RBAC: users and their generated passwords become ACL users; the probe authenticates as its user', async () => {
  const dir = synth(app => {
    const stack = new Stack(app, 'RbacCase');
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({
        users: [
          { userName: 'probe', accessString: 'on ~probe:* -@all +ping +set +get +del +info' },
          // may not write: its access string is enforced, so its probe is DOWN
          { userName: 'reader', accessString: 'on ~probe:* -@all +ping +get +info' },
        ],
      }),
    });
    const integ = new IntegTest(app, 'Rbac', { testCases: [stack] });
    for (const userName of ['probe', 'reader']) {
      const probe = redis.addProbe(`Probe-${userName}`, { userName });
      integ.assertions
        .invokeFunction({ functionName: probe.lambdaFunction.functionName, payload: JSON.stringify({ mode: 'health' }) })
        .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ redis: 'UP', authMode: 'rbac', tls: true, port: 6380 })) }));
    }
  });
  const results = await runCase(dir, { maxAttempts: 1 });
  expect(results.map(r => r.outcome).sort()).toEqual(['failed', 'passed']);
  expect(results.find(r => r.outcome === 'passed')!.detail).toMatch(/redis=UP tls=true .*authMode=rbac/);
  expect(results.find(r => r.outcome === 'failed')!.detail).toMatch(/ACL_DENIED/);
});

test('a serverless cache is emulated as a TLS cluster-mode endpoint; describeServerlessCaches is answered', async () => {
  const dir = synth(app => {
    const stack = new Stack(app, 'ServerlessCase');
    const cache = new elasticache.CfnServerlessCache(stack, 'Cache', {
      engine: 'valkey', serverlessCacheName: 'integ-local-serverless', majorEngineVersion: '8',
    });
    const integ = new IntegTest(app, 'Serverless', { testCases: [stack] });
    integ.assertions
      .awsApiCall('ElastiCache', 'describeServerlessCaches', { ServerlessCacheName: cache.serverlessCacheName })
      .expect(ExpectedResult.objectLike({ ServerlessCaches: [Match.objectLike({ Status: 'available', Endpoint: Match.objectLike({ Port: 6379 }) })] }));
  });
  const results = await runCase(dir, { maxAttempts: 1 });
  expect(results.map(r => r.outcome)).toEqual(['passed']);
});
