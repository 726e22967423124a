/**
 * integ: the DEV preset in a VPC shaped like the setup guide's, with its
 * connectivity probe. Checked offline against integ.dev.ts.snapshot by
 * `npx projen integ`; `INTEG_DEPLOY=yes npx projen integ:deploy` deploys it and
 * runs the assertions (see docs/probe.md for the flow and what it costs).
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeUp, expectReplicationGroup } from './assertions';
import { AirDiscoveryRedis, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegDev');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.DEV });
const probe = redis.addProbe();

const integ = new IntegTest(app, 'Dev', { testCases: [stack] });

// The group is available with the DEV encryption flags: at rest on, in transit off, no AUTH.
const described = expectReplicationGroup(integ, redis, {
  ClusterEnabled: false,
  AtRestEncryptionEnabled: true,
  TransitEncryptionEnabled: false,
  AuthTokenEnabled: false,
});

// The probe reaches it from the private subnets: PING, SET/GET/DEL, INFO.
const health = expectProbeUp(integ, probe, { tls: false, clusterMode: false, authMode: 'none', role: 'master' });

described.next(health);
