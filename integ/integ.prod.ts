/**
 * integ: the PROD preset (TLS required, generated AUTH token, a primary and two
 * replicas across AZs, port 6380) with the setup guide's parameter set as a
 * custom parameter group, its connectivity probe, a health check that sees the
 * parameters' effect (the eviction policy INFO reports), a load-mode floor, and an
 * AUTH token rotation after which the probe is UP with the new token.
 * Checked offline against integ.prod.ts.snapshot (`npx projen integ`), executed
 * offline against local redis-servers (`npx projen integ:local`); docs/integ.md.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeUp, expectReplicationGroup, rotateNow } from './assertions';
import { AirDiscoveryRedis, RedisParameters, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegProd');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const redis = new AirDiscoveryRedis(stack, 'Redis', {
  vpc,
  preset: RedisPreset.PROD,
  // the setup guide's one-liner: maxmemory-policy allkeys-lru, timeout 300, tcp-keepalive 60
  parameters: RedisParameters.AIR_DISCOVERY_CACHE,
  // a test run must leave nothing behind (PROD's default keeps a final snapshot)
  removalPolicy: RemovalPolicy.DESTROY,
});
// One vCPU (1769 MiB) so that the load run measures the cache, not a throttled function.
const probe = redis.addProbe('Probe', { memorySizeMiB: 1769, timeout: Duration.minutes(2) });

const integ = new IntegTest(app, 'Prod', { testCases: [stack] });

const described = expectReplicationGroup(integ, redis, {
  ClusterEnabled: false,
  AtRestEncryptionEnabled: true,
  TransitEncryptionEnabled: true,
  TransitEncryptionMode: 'required',
  AuthTokenEnabled: true,
  MultiAZ: 'enabled',
  AutomaticFailover: 'enabled',
});

// The parameter group is in effect: the server reports the guide's eviction policy (the default is volatile-lru).
const health = expectProbeUp(integ, probe, {
  tls: true,
  clusterMode: false,
  authMode: 'auth-token',
  port: 6380,
  role: 'master',
  maxmemoryPolicy: RedisParameters.AIR_DISCOVERY_CACHE['maxmemory-policy'],
});

// The setup guide's load test (redis-benchmark -c 100 -n 10000 -t set,get) with a floor,
// not a benchmark: a Node.js client over TLS from one Lambda vCPU to cache.t3.small.
// docs/probe.md explains the numbers.
const load = integ.assertions
  .invokeFunction({
    functionName: probe.lambdaFunction.functionName,
    payload: JSON.stringify({
      mode: 'load',
      requests: 10000,
      clients: 100,
      minSetOpsPerSecond: 5000,
      minGetOpsPerSecond: 5000,
      maxP99LatencyMs: 50,
    }),
  })
  .expect(ExpectedResult.objectLike({
    Payload: Match.serializedJson(Match.objectLike({ mode: 'load', redis: 'UP', pass: true })),
  }));

// Rotation (docs/security.md): rotate the AUTH token now, wait until Secrets Manager reports the rotation
// done (a new AWSCURRENT, the previous token kept as AWSPREVIOUS), then the probe, which reads AWSCURRENT,
// must be UP with the new token.
const [rotate, rotated] = rotateNow(integ, redis.authSecret!, redis.rotationFunction!);
const afterRotation = expectProbeUp(integ, probe, { tls: true, authMode: 'auth-token', port: 6380 });

described.next(health).next(load).next(rotate).next(rotated).next(afterRotation);
