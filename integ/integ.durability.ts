/**
 * integ: durability — Valkey 9.0 in cluster mode (2 shards x primary + 1 replica,
 * r7g.large) on the PROD preset (TLS, AUTH token, Multi-AZ), with synchronous
 * writes to the Multi-AZ transactional log, set through a property override
 * (aws-cdk-lib 2.257's CfnReplicationGroup has no `durability`). Its connectivity
 * probe goes through the configuration endpoint. Checked offline against
 * integ.durability.ts.snapshot.
 *
 * `EffectiveDurability` is the field DescribeReplicationGroups returns for the mode in
 * effect (user guide, "Configuring durability"); the assertion Lambda's AWS SDK must be
 * recent enough to parse it.
 */
import { IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeUp, expectReplicationGroup } from './assertions';
import { AirDiscoveryRedis, CacheNodeType, ClusterMode, DurabilityMode, EngineVersion, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegDurability');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const redis = new AirDiscoveryRedis(stack, 'Redis', {
  vpc,
  preset: RedisPreset.PROD,
  engineVersion: EngineVersion.VALKEY_9_0,
  cacheNodeType: CacheNodeType.of('cache.r7g.large'),
  clusterMode: ClusterMode.ENABLED,
  numShards: 2,
  replicasPerShard: 1,
  durability: DurabilityMode.SYNC,
  // a test run must leave nothing behind (PROD's default keeps a final snapshot)
  removalPolicy: RemovalPolicy.DESTROY,
});
const probe = redis.addProbe();

const integ = new IntegTest(app, 'Durability', { testCases: [stack] });

const shard = Match.objectLike({ Status: 'available' });
const described = expectReplicationGroup(integ, redis, {
  ClusterEnabled: true,
  ClusterMode: 'enabled',
  MultiAZ: 'enabled',
  AtRestEncryptionEnabled: true,
  TransitEncryptionEnabled: true,
  EffectiveDurability: 'sync',
  NodeGroups: [shard, shard],
});

const health = expectProbeUp(integ, probe, {
  tls: true, clusterMode: true, authMode: 'auth-token', clusterState: 'ok', clusterNodes: 2, clusterNodesUp: 2,
});

described.next(health);
