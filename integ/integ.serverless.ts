/**
 * integ: an ElastiCache Serverless Valkey cache with the PROD preset (TLS always, the generated
 * AUTH token as the default user's password, usage ceilings, alarms) and its connectivity probe:
 * the cache is described as available, then the probe is UP over TLS with the cluster protocol; then
 * the AUTH token is rotated (ModifyUser on the default user) and the probe is UP with the new token.
 * Checked offline against integ.serverless.ts.snapshot.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeUp, expectServerlessCache, rotateNow } from './assertions';
import { AirDiscoveryServerlessRedis, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegServerless');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', {
  vpc,
  preset: RedisPreset.PROD,
  // a test run must leave nothing behind (PROD's default keeps a final snapshot)
  removalPolicy: RemovalPolicy.DESTROY,
});
const probe = cache.addProbe();

const integ = new IntegTest(app, 'Serverless', { testCases: [stack] });

const described = expectServerlessCache(integ, cache, {
  Engine: 'valkey',
  MajorEngineVersion: '8',
  Endpoint: Match.objectLike({ Port: 6379 }),
  ReaderEndpoint: Match.objectLike({ Port: 6380 }),
  CacheUsageLimits: Match.objectLike({ DataStorage: Match.objectLike({ Maximum: 10, Unit: 'GB' }), ECPUPerSecond: Match.objectLike({ Maximum: 100000 }) }),
  SnapshotRetentionLimit: 7,
});

const health = expectProbeUp(integ, probe, { tls: true, clusterMode: true, authMode: 'auth-token', port: 6379, clusterState: 'ok' });

// A short load run through the serverless endpoint: the cache scales, nothing is throttled away.
const load = integ.assertions
  .invokeFunction({
    functionName: probe.lambdaFunction.functionName,
    payload: JSON.stringify({ mode: 'load', requests: 2000, clients: 20 }),
  })
  .expect(ExpectedResult.objectLike({
    Payload: Match.serializedJson(Match.objectLike({ mode: 'load', redis: 'UP', pass: true })),
  }));

// Rotation (docs/serverless.md): the AUTH token is the default user's password; rotating it now goes through
// ModifyUser (both passwords valid during the switch). Once Secrets Manager reports it done, the probe, which
// reads AWSCURRENT, must be UP with the new token.
const [rotate, rotated] = rotateNow(integ, cache.authSecret!, cache.rotationFunction!);
const afterRotation = expectProbeUp(integ, probe, { tls: true, clusterMode: true, authMode: 'auth-token', port: 6379 });

described.next(health).next(load).next(rotate).next(rotated).next(afterRotation);
