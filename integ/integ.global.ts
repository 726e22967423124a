/**
 * integ: a Global Datastore — the PROD preset on r7g.large in us-east-1 as the
 * primary, a secondary in us-west-2 — with a connectivity probe in each region,
 * asserting replication: a key written through the primary is read through the
 * secondary within a bounded time.
 *
 * A Lambda function can only be invoked in its own region, so the checks are
 * split by region and run in deployment order:
 * 1. AirDiscoveryRedisIntegGlobalPrimaryChecks (us-east-1, deployed with the
 *    test stacks): the primary is available as the Global Datastore's PRIMARY,
 *    its probe answers UP, then the probe writes `probe:integ:replication`
 *    (`SET ... EX 1800`, the value carries the time it was written);
 * 2. the assertion stack (us-west-2, deployed after): the secondary is
 *    available as SECONDARY, and its probe reads the key until it is found and
 *    fresh (written at most 15 minutes before: the bound covers this stack's own
 *    deployment between the write and the read; replication itself takes
 *    about a second, see the GlobalDatastoreReplicationLag metric).
 *
 * Checked offline against its snapshot (`npx projen integ`); executed offline by
 * `npx projen integ:local` against two local topologies, the secondary
 * replicating from the primary; docs/integ.md.
 */
import { AwsApiCall, ExpectedResult, IntegTest, LambdaInvokeFunction, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectProbeKeyReplicated, withFixedSalt, writeProbeKey } from './assertions';
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
const primaryProbe = primary.addProbe();

const secondaryStack = new Stack(app, 'AirDiscoveryRedisIntegGlobalSecondary', {
  env: { region: 'us-west-2' }, crossRegionReferences: true,
});
const secondary = new AirDiscoveryRedis(secondaryStack, 'Redis', {
  vpc: new ec2.Vpc(secondaryStack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
  preset: RedisPreset.PROD,
  globalDatastore: global,
  numCacheNodes: 2,
});
// reads the AUTH token from the primary's secret's replica in us-west-2
const secondaryProbe = secondary.addProbe();

// ---- 1. us-east-1: the primary, then the write ----------------------------------------------------
const primaryChecks = new Stack(app, 'AirDiscoveryRedisIntegGlobalPrimaryChecks', { env: { region: 'us-east-1' } });
primaryChecks.addDependency(primaryStack);
primaryChecks.addDependency(secondaryStack, 'the secondary joins the Global Datastore before the key is written');

// (withFixedSalt: integ-runner compares this test-case stack with its snapshot, see assertions.ts)
const primaryDescribed = withFixedSalt(new AwsApiCall(primaryChecks, 'DescribePrimary', {
  service: 'ElastiCache',
  api: 'describeReplicationGroups',
  parameters: { ReplicationGroupId: primary.replicationGroupId },
})).expect(ExpectedResult.objectLike({
  ReplicationGroups: [Match.objectLike({
    Status: 'available',
    GlobalReplicationGroupInfo: Match.objectLike({ GlobalReplicationGroupMemberRole: 'PRIMARY' }),
    TransitEncryptionEnabled: true,
    AuthTokenEnabled: true,
  })],
})).waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

const primaryHealth = withFixedSalt(new LambdaInvokeFunction(primaryChecks, 'PrimaryProbeHealth', {
  functionName: primaryProbe.lambdaFunction.functionName,
  payload: JSON.stringify({ mode: 'health' }),
})).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ redis: 'UP', tls: true, authMode: 'auth-token', port: 6380, role: 'master' })),
})).waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });

const written = writeProbeKey(primaryChecks, 'PrimaryProbeWrite', primaryProbe);
primaryDescribed.next(primaryHealth).next(written);

// ---- 2. us-west-2: the secondary, then the read ----------------------------------------------------
const assertions = new Stack(app, 'AirDiscoveryRedisIntegGlobalAssertions', { env: { region: 'us-west-2' } });
assertions.addDependency(primaryChecks, 'the key is written through the primary before it is read on the secondary');
const integ = new IntegTest(app, 'Global', { testCases: [primaryStack, secondaryStack, primaryChecks], assertionStack: assertions });

const secondaryDescribed = integ.assertions
  .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: secondary.replicationGroupId })
  .expect(ExpectedResult.objectLike({
    ReplicationGroups: [Match.objectLike({
      Status: 'available',
      GlobalReplicationGroupInfo: Match.objectLike({ GlobalReplicationGroupMemberRole: 'SECONDARY' }),
      TransitEncryptionEnabled: true,
      AuthTokenEnabled: true,
    })],
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });

// A secondary is read-only: the probe's health mode (which writes) is not for it; the read proves the
// connection (TLS, the AUTH token from the secret's replica, the port) and the replication at once.
const replicated = expectProbeKeyReplicated(integ, secondaryProbe, { tls: true, authMode: 'auth-token', port: 6380 });
secondaryDescribed.next(replicated);
