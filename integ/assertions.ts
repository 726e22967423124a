/**
 * Assertions shared by the integ apps (not an app itself: integ-runner only
 * runs files named integ.*.ts).
 */
import { ExpectedResult, IApiCall, IntegTest, LambdaInvokeFunction, Match } from '@aws-cdk/integ-tests-alpha';
import { CfnResource, Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
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

/**
 * Rotates `secret` now with the construct's rotation function, then waits (up to 30 minutes) until Secrets
 * Manager reports rotation enabled on the 30-day default schedule (a new AWSCURRENT, the previous credential
 * kept as AWSPREVIOUS). Returns the two calls, to chain; follow them with a probe that reads AWSCURRENT.
 */
export function rotateNow(integ: IntegTest, secret: secretsmanager.ISecret, rotationFunction: lambda.IFunction): [IApiCall, IApiCall] {
  const rotate = integ.assertions.awsApiCall('SecretsManager', 'rotateSecret', {
    SecretId: secret.secretArn,
    RotateImmediately: true,
  });
  rotate.provider.addToRolePolicy({ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [rotationFunction.functionArn] });
  const rotated = integ.assertions
    .awsApiCall('SecretsManager', 'describeSecret', { SecretId: secret.secretArn })
    .expect(ExpectedResult.objectLike({
      RotationEnabled: true,
      RotationRules: Match.objectLike({ ScheduleExpression: 'rate(30 days)' }),
    }))
    .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) });
  return [rotate, rotated];
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
