/**
 * Assertions shared by the integ apps (not an app itself: integ-runner only
 * runs files named integ.*.ts).
 */
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration } from 'aws-cdk-lib';
import { AirDiscoveryRedis, AirDiscoveryServerlessRedis, RedisConnectivityProbe } from '../src';

/** Waits (up to 10 minutes) until describeReplicationGroups reports the group available with `fields`. */
export function expectReplicationGroup(integ: IntegTest, redis: AirDiscoveryRedis, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .awsApiCall('ElastiCache', 'describeReplicationGroups', { ReplicationGroupId: redis.replicationGroupId })
    .expect(ExpectedResult.objectLike({ ReplicationGroups: [Match.objectLike({ Status: 'available', ...fields })] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) });
}

/** Waits (up to 15 minutes) until describeServerlessCaches reports the cache available with `fields`. */
export function expectServerlessCache(integ: IntegTest, cache: AirDiscoveryServerlessRedis, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .awsApiCall('ElastiCache', 'describeServerlessCaches', { ServerlessCacheName: cache.serverlessCacheName })
    .expect(ExpectedResult.objectLike({ ServerlessCaches: [Match.objectLike({ Status: 'available', ...fields })] }))
    .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(30) });
}

/** Invokes the probe in health mode until it answers UP with `fields` (up to 5 minutes: a new endpoint takes a moment to resolve). */
export function expectProbeUp(integ: IntegTest, probe: RedisConnectivityProbe, fields: Record<string, unknown>): IApiCall {
  return integ.assertions
    .invokeFunction({ functionName: probe.lambdaFunction.functionName, payload: JSON.stringify({ mode: 'health' }) })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ redis: 'UP', ...fields })) }))
    .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) });
}
