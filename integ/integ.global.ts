/**
 * integ: a Global Datastore — the PROD preset on r7g.large in us-east-1 as the
 * primary, a secondary in us-west-2. Checked offline against its snapshot.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, CacheNodeType, RedisGlobalDatastore, RedisPreset } from '../src';

const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });

const primaryStack = new Stack(app, 'AirDiscoveryRedisIntegGlobalPrimary', {
  env: { region: 'us-east-1' }, crossRegionReferences: true,
});
const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
  vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
  preset: RedisPreset.PROD,
  cacheNodeType: CacheNodeType.R7_G_LARGE,
  numCacheNodes: 2,
});
const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery-integ' });

const secondaryStack = new Stack(app, 'AirDiscoveryRedisIntegGlobalSecondary', {
  env: { region: 'us-west-2' }, crossRegionReferences: true,
});
new AirDiscoveryRedis(secondaryStack, 'Redis', {
  vpc: new ec2.Vpc(secondaryStack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
  preset: RedisPreset.PROD,
  globalDatastore: global,
  numCacheNodes: 2,
});

new IntegTest(app, 'Global', { testCases: [primaryStack, secondaryStack] });
