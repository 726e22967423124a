/**
 * Assertions shared by the integ apps (not an app itself: integ-runner only
 * runs files named integ.*.ts).
 */
import { ExpectedResult, IApiCall, IntegTest, LambdaInvokeFunction, Match } from '@aws-cdk/integ-tests-alpha';
import { CfnResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AirDiscoveryRedis, RedisConnectivityProbe } from '../src';

/** Waits (up to 10 minutes) until describeReplicationGroups reports the group available with `fields`. */
export function expectReplicationGroup(integ: IntegTest, redis: AirDiscoveryRedis, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: redis.replicationGroupId })
    .expect(ExpectedResult.objectLike({ ReplicationGroups: [Match.objectLike({ Status: 'available', ...fields })] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
}

/** Invokes the probe in health mode until it answers UP with `fields` (up to 5 minutes: a new endpoint takes a moment to resolve). */
export function expectProbeUp(integ: IntegTest, probe: RedisConnectivityProbe, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .invokeFunction({ functionName: probe.lambdaFunction.functionName, payload: JSON.stringify({ mode: 'health' }) })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ redis: 'UP', ...fields })) }))
    .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });
}

/** The key, TTL and freshness bound of the Global Datastore replication check (see integ.global.ts). */
export const REPLICATION_KEY = 'integ:replication';
export const REPLICATION_KEY_TTL_SECONDS = 1800;
export const REPLICATION_MAX_AGE_SECONDS = 900;

/** The probe's write mode: `SET <prefix><key> "<epoch ms>:<random>" EX ttl` through its endpoint (the primary). */
export function writeProbeKey(scope: Construct, id: string, probe: RedisConnectivityProbe): IApiCall {
  return withFixedSalt(new LambdaInvokeFunction(scope, id, {
    functionName: probe.lambdaFunction.functionName,
    payload: JSON.stringify({ mode: 'write', key: REPLICATION_KEY, ttlSeconds: REPLICATION_KEY_TTL_SECONDS }),
  })).expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ mode: 'write', redis: 'UP' })) }));
}

/**
 * The probe's read mode, retried until the key written through the primary is found, written by a
 * write run no more than REPLICATION_MAX_AGE_SECONDS ago (`fresh`), and `fields` hold.
 */
export function expectProbeKeyReplicated(integ: IntegTest, probe: RedisConnectivityProbe, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .invokeFunction({
      functionName: probe.lambdaFunction.functionName,
      payload: JSON.stringify({ mode: 'read', key: REPLICATION_KEY, maxAgeSeconds: REPLICATION_MAX_AGE_SECONDS }),
    })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ mode: 'read', redis: 'UP', found: true, fresh: true, ...fields })) }))
    .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });
}

/**
 * For an API call outside the assertion stack (a test-case stack, e.g. another region's checks): integ-runner
 * compares test-case stacks with their snapshot, and the framework's per-synthesis `salt` would differ every
 * time. A fixed salt is enough there: each integ run deploys the stack afresh, so the call runs.
 */
export function withFixedSalt<T extends IApiCall>(call: T): T {
  const resource = (call as unknown as Construct).node.findChild('Default').node.defaultChild as CfnResource;
  resource.addPropertyOverride('salt', 'fixed: the stack is created afresh by each integ run');
  return call;
}
