/**
 * integ: the DEV preset in a VPC shaped like the setup guide's.
 * Checked offline against integ.dev.ts.snapshot by `npx projen integ`.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'AirDiscoveryRedisIntegDev');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.DEV });

new IntegTest(app, 'Dev', { testCases: [stack] });
