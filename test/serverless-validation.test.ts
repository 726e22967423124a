import { Duration, RemovalPolicy, SecretValue, Size } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { readRegion } from '../scripts/docs-region';
import { renderServerlessRules } from '../scripts/render-serverless-rules';
import {
  AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, CacheEngine, RedisAuthentication, RedisPreset, ServerlessEngine,
} from '../src';
import { newStack } from './util';
import { SERVERLESS_INPUT_RULES, SERVERLESS_RULES, SERVERLESS_WARNING_RULES, sharedAuthRules } from '../src/serverless-validation';

function create(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>) {
  const { stack, vpc } = newStack();
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, ...props });
  return { stack, vpc, cache };
}

describe('validation errors', () => {
  test.each([
    { testDescription: 'a cache name with upper-case start digit', props: { serverlessCacheName: '1cache' }, message: /serverlessCacheName must be 1-40 letters, digits or hyphens.*got '1cache'/ },
    { testDescription: 'a cache name with --', props: { serverlessCacheName: 'air--cache' }, message: /contain no '--'.*got 'air--cache'/ },
    { testDescription: 'a cache name longer than 40', props: { serverlessCacheName: 'a'.repeat(41) }, message: /serverlessCacheName must be 1-40/ },
    { testDescription: 'a description with angle brackets', props: { description: '<cache>' }, message: /description must be at most 255 characters without '<' or '>'/ },
    { testDescription: 'a description of 256 characters', props: { description: 'd'.repeat(256) }, message: /got 256 characters/ },
    { testDescription: 'Redis OSS 6 (serverless offers 7)', props: { engine: ServerlessEngine.of(CacheEngine.REDIS, '6') }, message: /engine must be Valkey 7 or later or Redis OSS 7 on ElastiCache Serverless, got redis 6/ },
    { testDescription: 'Valkey 6', props: { engine: ServerlessEngine.of(CacheEngine.VALKEY, '6') }, message: /got valkey 6/ },
    { testDescription: 'a version that is not a major', props: { engine: ServerlessEngine.of(CacheEngine.VALKEY, '8.1') }, message: /got valkey 8.1/ },
    { testDescription: 'minimum storage of 0 GB', props: { minimumDataStorage: Size.gibibytes(0) }, message: /minimumDataStorage must be whole GB from 1 to 5000, got 0 GB/ },
    { testDescription: 'maximum storage above 5000 GB', props: { maximumDataStorage: Size.tebibytes(5) }, message: /maximumDataStorage must be whole GB from 1 to 5000, got 5120 GB/ },
    { testDescription: 'a fractional storage maximum', props: { maximumDataStorage: Size.mebibytes(1536) }, message: /maximumDataStorage must be whole GB.*got 1.5 GB/ },
    { testDescription: 'minimum storage above maximum', props: { minimumDataStorage: Size.gibibytes(20), maximumDataStorage: Size.gibibytes(10) }, message: /minimumDataStorage \(20 GB\) must not exceed maximumDataStorage \(10 GB\)/ },
    { testDescription: 'minimum storage above the preset maximum', props: { minimumDataStorage: Size.gibibytes(2) }, message: /must not exceed maximumDataStorage \(1 GB, the dev preset's\)/ },
    { testDescription: 'minimum ECPU below 1000', props: { minimumEcpuPerSecond: 999 }, message: /minimumEcpuPerSecond must be a whole number from 1,000 to 15,000,000, got 999/ },
    { testDescription: 'maximum ECPU above 15M', props: { maximumEcpuPerSecond: 15_000_001 }, message: /maximumEcpuPerSecond must be a whole number from 1,000 to 15,000,000, got 15000001/ },
    { testDescription: 'a fractional ECPU maximum', props: { maximumEcpuPerSecond: 1500.5 }, message: /maximumEcpuPerSecond must be a whole number/ },
    { testDescription: 'minimum ECPU above maximum', props: { minimumEcpuPerSecond: 20000, maximumEcpuPerSecond: 10000 }, message: /minimumEcpuPerSecond \(20,000\) must not exceed maximumEcpuPerSecond \(10,000\)/ },
    { testDescription: 'retention of 36 days', props: { snapshotRetention: Duration.days(36) }, message: /snapshotRetention must be whole days from 0 to 35, got 36 days/ },
    { testDescription: 'retention of 12 hours', props: { snapshotRetention: Duration.hours(12) }, message: /snapshotRetention must be whole days/ },
    { testDescription: 'a snapshot time with a range', props: { dailySnapshotTime: '02:00-03:00' }, message: /dailySnapshotTime must be HH:MM in UTC \(00:00-23:59\), got '02:00-03:00'/ },
    { testDescription: 'a snapshot time of 24:00', props: { dailySnapshotTime: '24:00' }, message: /got '24:00'/ },
    { testDescription: 'a final snapshot name ending with -', props: { removalPolicy: RemovalPolicy.SNAPSHOT, finalSnapshotName: 'last-' }, message: /finalSnapshotName must be letters, digits or hyphens.*got 'last-'/ },
    { testDescription: 'a restore source that is not an ARN', props: { snapshotArnsToRestore: ['my-snapshot'] }, message: /snapshotArnsToRestore must be ARNs.*got 'my-snapshot'/ },
    { testDescription: 'an ECPU alarm percent of 0', props: { ecpuAlarmThresholdPercent: 0 }, message: /ecpuAlarmThresholdPercent and dataStorageAlarmThresholdPercent must be above 0 and at most 100/ },
    { testDescription: 'a storage alarm percent of 150', props: { dataStorageAlarmThresholdPercent: 150 }, message: /got unset and 150/ },
    { testDescription: 'a negative throttling threshold', props: { throttledCmdsAlarmThreshold: -1 }, message: /throttledCmdsAlarmThreshold must be 0 or more/ },
    { testDescription: 'a rotation every hour (PROD rotates)', props: { preset: RedisPreset.PROD, rotationSchedule: Duration.hours(1) }, message: /rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1 hour: e.g. Duration.days\(30\).*\(Python: rotation_schedule\)/ },
    { testDescription: 'a rotation every 1,001 days', props: { preset: RedisPreset.PROD, rotationSchedule: Duration.days(1001) }, message: /rotationSchedule must be whole hours from 4 hours to 1,000 days, got 1001 days/ },
    { testDescription: 'a rotation every 4.5 hours', props: { preset: RedisPreset.PROD, rotationSchedule: Duration.minutes(270) }, message: /rotationSchedule must be whole hours.*got 4 hours 30 minutes/ },
    { testDescription: 'a rotation schedule of 0 with rotation: true in DEV', props: { rotation: true, authentication: RedisAuthentication.generatedAuthToken(), rotationSchedule: Duration.days(0) }, message: /rotationSchedule must be whole hours from 4 hours to 1,000 days, got 0 days/ },
    // shared with the node-based table
    { testDescription: 'a negative connections threshold (shared monitoring rule)', props: { connectionsAlarmThreshold: -5 }, message: /connectionsAlarmThreshold must be 0 or more, got -5/ },
    { testDescription: 'alarmTopic with createAlarmTopic (shared monitoring rule)', props: { alarms: true, createAlarmTopic: true, alarmTopic: 'topic' as unknown as sns.ITopic }, message: /alarmTopic and createAlarmTopic: true exclude each other/ },
    { testDescription: 'a user named default (shared user rule)', props: { authentication: RedisAuthentication.rbac({ users: [{ userName: 'default' }] }) }, message: /default/ },
    { testDescription: 'RBAC without users (shared user rule)', props: { authentication: RedisAuthentication.rbac({ users: [] }) }, message: /user/ },
    { testDescription: 'an access string with a password (shared user rule)', props: { authentication: RedisAuthentication.rbac({ users: [{ userName: 'app', accessString: 'on >secret ~* +@all' }] }) }, message: /must not contain passwords or reset, got '>\*\*\*' \(passwords redacted\)/ },
    { testDescription: 'a generated token of 8 characters (shared token rule)', props: { authentication: RedisAuthentication.generatedAuthToken({ length: 8 }) }, message: /16/ },
    { testDescription: 'a plain-text token (shared token rule)', props: { authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText('p'.repeat(20))) }, message: /plain text/ },
  ] as Array<{ testDescription: string; props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>; message: RegExp }>)('$testDescription', ({ props, message }) => {
    expect(() => create(props)).toThrow(message);
  });

  test('a selection without subnets', () => {
    expect(() => create({ vpcSubnets: { subnetGroupName: 'nothing-here' } })).toThrow();
    const { stack, vpc } = newStack();
    expect(() => new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, vpcSubnets: { subnets: [] } }))
      .toThrow(/vpcSubnets selects no subnets of the VPC/);
  });

  test('every failing rule at once, in one error naming the construct', () => {
    expect(() => create({ minimumEcpuPerSecond: 1, maximumEcpuPerSecond: 2, dailySnapshotTime: 'noon' }))
      .toThrow(/invalid AirDiscoveryServerlessRedis configuration at TestStack\/Cache:\n {2}- minimumEcpuPerSecond.*\n {2}- maximumEcpuPerSecond.*\n {2}- dailySnapshotTime/);
  });

  test('tokens are not judged; valid edges pass', () => {
    expect(() => create({
      minimumDataStorage: Size.gibibytes(1),
      maximumDataStorage: Size.gibibytes(5000),
      minimumEcpuPerSecond: 1000,
      maximumEcpuPerSecond: 15_000_000,
      snapshotRetention: Duration.days(35),
      dailySnapshotTime: '23:59',
      serverlessCacheName: 'a'.repeat(40),
      engine: ServerlessEngine.of(CacheEngine.VALKEY, '9'),
    })).not.toThrow();
    expect(() => create({ snapshotRetention: Duration.days(0) })).not.toThrow();
    // the schedule's bounds (4 hours, 1,000 days) are valid; unused without rotation (DEV's default, or rotation: false)
    expect(() => create({ preset: RedisPreset.PROD, rotationSchedule: Duration.hours(4) })).not.toThrow();
    expect(() => create({ preset: RedisPreset.PROD, rotationSchedule: Duration.days(1000) })).not.toThrow();
    expect(() => create({ rotationSchedule: Duration.hours(1) })).not.toThrow();
    expect(() => create({ preset: RedisPreset.PROD, rotation: false, rotationSchedule: Duration.hours(1) })).not.toThrow();
  });
});

describe('warnings', () => {
  test('PROD without auth, without backups, with DESTROY', () => {
    const { stack } = create({
      preset: RedisPreset.PROD, authentication: RedisAuthentication.none(), snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.DESTROY,
    });
    const a = Annotations.fromStack(stack);
    for (const id of ['serverlessNoAuth', 'serverlessNoBackups', 'serverlessDestroyOnDelete']) {
      a.hasWarning('/TestStack/Cache', Match.stringLikeRegexp(`\\[ack: @air-discovery/cdk-redis:${id}\\]`));
    }
  });

  test('a final snapshot name without SNAPSHOT; one AZ; two subnets in one AZ', () => {
    const { stack, vpc } = newStack();
    new AirDiscoveryServerlessRedis(stack, 'A', { vpc, finalSnapshotName: 'last', outputs: false });
    new AirDiscoveryServerlessRedis(stack, 'B', { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0]] }, outputs: false });
    new AirDiscoveryServerlessRedis(stack, 'C', { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0], vpc.privateSubnets[0]] }, outputs: false });
    const a = Annotations.fromStack(stack);
    a.hasWarning('/TestStack/A', Match.stringLikeRegexp('finalSnapshotName \'last\' has no effect with removalPolicy destroy'));
    a.hasWarning('/TestStack/B', Match.stringLikeRegexp('cover 1 AZ'));
    a.hasWarning('/TestStack/C', Match.stringLikeRegexp('selects 2 subnets in 1 AZs'));
  });

  test('a VPC with 4 AZs: the default selection takes 3', () => {
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'Wide', {
      natGateways: 0,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'],
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc });
    expect(cache.subnets.map(s => s.availabilityZone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });
});

describe('inputs as Python, Java or plain JavaScript can pass them (issue 12)', () => {
  test.each([
    { testDescription: 'a preset string', props: { preset: 'production' }, message: /preset must be one of RedisPreset.DEV, RedisPreset.PROD, got 'production'/ },
    { testDescription: 'a removal policy string', props: { removalPolicy: 'keep' }, message: /removalPolicy must be one of RemovalPolicy.DESTROY.*got 'keep': use one of them \(Python: removal_policy\)/ },
    { testDescription: 'an engine string', props: { engine: 'valkey' }, message: /engine must be a ServerlessEngine, got 'valkey'/ },
    { testDescription: 'a boolean as a string', props: { alarms: 'false', createAlarmTopic: 1 }, message: /alarms, createAlarmTopic must be true or false, got alarms 'false', createAlarmTopic 1 \(number\): pass a boolean .*\(Python: create_alarm_topic\)/ },
    { testDescription: 'a number as a string', props: { maximumEcpuPerSecond: '5000' }, message: /maximumEcpuPerSecond must be a finite number, got maximumEcpuPerSecond '5000'.*\(Python: maximum_ecpu_per_second\)/ },
    { testDescription: 'NaN', props: { throttledCmdsAlarmThreshold: NaN }, message: /throttledCmdsAlarmThreshold must be a finite number, got throttledCmdsAlarmThreshold NaN/ },
    { testDescription: 'a name that is not a string', props: { serverlessCacheName: 42 }, message: /serverlessCacheName must be a string, got serverlessCacheName 42/ },
    { testDescription: 'storage as a number of GB', props: { maximumDataStorage: 10 }, message: /maximumDataStorage must be a Size, got maximumDataStorage 10 \(number\): use e.g. Size.gibibytes\(10\) \(Python: maximum_data_storage\)/ },
    { testDescription: 'retention as a number of days', props: { snapshotRetention: 7 }, message: /snapshotRetention must be a Duration, got snapshotRetention 7/ },
    { testDescription: 'a rotation schedule as a number of days', props: { preset: RedisPreset.PROD, rotationSchedule: 30 }, message: /rotationSchedule must be a Duration, got rotationSchedule 30 \(number\): use e.g. Duration.days\(7\).*\(Python: rotation_schedule\)/ },
    { testDescription: 'rotation as a string', props: { rotation: 'false' }, message: /rotation must be true or false, got rotation 'false'/ },
    { testDescription: 'restore sources not in a list', props: { snapshotArnsToRestore: 'arn:aws:s3:::b/k.rdb' }, message: /snapshotArnsToRestore must be a list, got snapshotArnsToRestore 'arn:aws:s3:::b\/k.rdb'/ },
    { testDescription: 'authentication that is not a RedisAuthentication', props: { authentication: 'iam' }, message: /authentication must be a RedisAuthentication, got 'iam'/ },
    { testDescription: 'a user name that is not a string', props: { authentication: RedisAuthentication.rbac({ users: [{ userName: 7 as any }] }) }, message: /userName must be a string, got 7/ },
  ])('$testDescription', ({ props, message }) => {
    expect(() => create(props as any)).toThrow(message);
  });

  test('a missing vpc and missing props are reported, not a TypeError', () => {
    const { stack } = newStack();
    expect(() => new AirDiscoveryServerlessRedis(stack, 'NoVpc', {} as any)).toThrow(/vpc is required and must be an ec2.IVpc, got undefined/);
    expect(() => new AirDiscoveryServerlessRedis(stack, 'NoProps', undefined as any)).toThrow(/props are required, got undefined/);
  });

  test('valid props pass the input rules', () => {
    expect(() => create({
      preset: RedisPreset.PROD,
      alarms: false,
      maximumEcpuPerSecond: 5000,
      maximumDataStorage: Size.gibibytes(10),
      snapshotRetention: Duration.days(7),
    })).not.toThrow();
  });
});

describe('documentation', () => {
  test('docs/serverless.md lists every rule and warning (scripts/render-serverless-rules.ts)', () => {
    expect(readRegion('docs/serverless.md', 'serverless-rules')).toBe(renderServerlessRules());
  });

  test('the rule tables are not empty and cite a source', () => {
    expect(SERVERLESS_RULES.length).toBeGreaterThan(10);
    expect(sharedAuthRules().length).toBeGreaterThan(5);
    for (const r of SERVERLESS_RULES) expect(r.source).not.toBe('');
    for (const r of SERVERLESS_INPUT_RULES) expect(r.source).not.toBe('');
    expect(new Set(SERVERLESS_WARNING_RULES.map(w => w.id)).size).toBe(SERVERLESS_WARNING_RULES.length);
  });
});
