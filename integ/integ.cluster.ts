/**
 * integ: cluster mode enabled — 3 shards x (primary + 1 replica) on the PROD
 * preset (TLS, AUTH token) — with its connectivity probe going through the
 * configuration endpoint. Checked offline against integ.cluster.ts.snapshot.
 */
import { IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeUp, expectReplicationGroup } from './assertions';
import { AirDiscoveryRedis, ClusterMode, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegCluster');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const redis = new AirDiscoveryRedis(stack, 'Redis', {
  vpc,
  preset: RedisPreset.PROD,
  clusterMode: ClusterMode.ENABLED,
  numShards: 3,
  replicasPerShard: 1,
  // a test run must leave nothing behind (PROD's default keeps a final snapshot)
  removalPolicy: RemovalPolicy.DESTROY,
});
const probe = redis.addProbe();

const integ = new IntegTest(app, 'Cluster', { testCases: [stack] });

const shard = Match.objectLike({ Status: 'available' });
const described = expectReplicationGroup(integ, redis, {
  ClusterEnabled: true,
  ClusterMode: 'enabled',
  AtRestEncryptionEnabled: true,
  TransitEncryptionEnabled: true,
  AuthTokenEnabled: true,
  NodeGroups: [shard, shard, shard],
});

const health = expectProbeUp(integ, probe, {
  tls: true, clusterMode: true, authMode: 'auth-token', clusterState: 'ok', clusterNodes: 3, clusterNodesUp: 3,
});

described.next(health);
