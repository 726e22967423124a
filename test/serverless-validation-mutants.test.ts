import { CfnParameter, Duration, Fn, RemovalPolicy, SecretValue, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, CacheEngine, RedisAuthentication, RedisPreset, ServerlessEngine } from '../src';
import { newStack } from './util';

// Tests written to kill the surviving mutants of src/serverless-validation.ts (issue 18);
// docs/testing.md lists each survivor and the test that kills it.

function create(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>) {
  const { stack, vpc } = newStack();
  new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, ...props });
  return stack;
}

/** The error lines the construct throws, or [] when it builds. */
function errors(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>): string[] {
  try {
    create(props);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n  - ').slice(1);
  }
}

/** The ids of this library's warnings on a construct of the stack. */
function idsOf(stack: Stack, path = '/TestStack/Cache'): string[] {
  const found = Annotations.fromStack(stack).findWarning(path, Match.stringLikeRegexp('@air-discovery/cdk-redis:'));
  return found.map(w => /@air-discovery\/cdk-redis:(\w+)\]/.exec(String(w.entry.data))![1]).sort();
}
const warningIds = (props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>) => idsOf(create(props));

describe('boundaries the rules accept', () => {
  test('an ECPU alarm percent of exactly 100 and a storage alarm percent of 100 are accepted', () => {
    expect(errors({ ecpuAlarmThresholdPercent: 100, dataStorageAlarmThresholdPercent: 100, maximumDataStorage: Size.gibibytes(10) })).toEqual([]);
  });
  test('a description of exactly 255 characters is accepted', () => {
    expect(errors({ description: 'd'.repeat(255) })).toEqual([]);
  });
  test('Valkey 7 and Valkey 10 (a two-digit major) are accepted', () => {
    expect(errors({ engine: ServerlessEngine.of(CacheEngine.VALKEY, '7') })).toEqual([]);
    expect(errors({ engine: ServerlessEngine.of(CacheEngine.VALKEY, '10') })).toEqual([]);
  });
  test('Redis OSS 8 is rejected (serverless offers Redis OSS 7 only)', () => {
    expect(errors({ engine: ServerlessEngine.of(CacheEngine.REDIS, '8') })).toEqual([
      'engine must be Valkey 7 or later or Redis OSS 7 on ElastiCache Serverless, got redis 8: use ServerlessEngine.VALKEY_8 (or VALKEY_7, REDIS_7)',
    ]);
  });
  test('minimum storage equal to maximum storage, and minimum ECPU equal to maximum ECPU, are accepted', () => {
    expect(errors({ minimumDataStorage: Size.gibibytes(10), maximumDataStorage: Size.gibibytes(10) })).toEqual([]);
    expect(errors({ minimumEcpuPerSecond: 5000, maximumEcpuPerSecond: 5000 })).toEqual([]);
  });
  test('a throttled-commands threshold of 0 is accepted', () => {
    expect(errors({ throttledCmdsAlarmThreshold: 0 })).toEqual([]);
  });
  test('restore ARNs in the aws-cn and aws-us-gov partitions are accepted', () => {
    expect(errors({
      snapshotArnsToRestore: ['arn:aws-cn:elasticache:cn-north-1:123456789012:serverlesscachesnapshot:s1', 'arn:aws-us-gov:s3:::bucket/dump.rdb'],
    })).toEqual([]);
  });
});

describe('exact messages', () => {
  test('restore ARNs must start with arn:aws; several bad ones are listed comma-separated', () => {
    expect(errors({ snapshotArnsToRestore: ['xarn:aws:s3:::bucket/a.rdb', 'snap'] })).toEqual([
      "snapshotArnsToRestore must be ARNs of ElastiCache snapshots or S3 .rdb objects, got 'xarn:aws:s3:::bucket/a.rdb', 'snap': e.g. 'arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:my-snapshot' (Python: snapshot_arns_to_restore)",
    ]);
  });
  test('an ECPU alarm percent of 150 with the storage percent unset', () => {
    expect(errors({ ecpuAlarmThresholdPercent: 150 })).toEqual([
      'ecpuAlarmThresholdPercent and dataStorageAlarmThresholdPercent must be above 0 and at most 100 (percent of the configured maximum), got 150 and unset (Python: ecpu_alarm_threshold_percent, data_storage_alarm_threshold_percent)',
    ]);
  });
  test('minimum ECPU above the preset maximum names the preset', () => {
    expect(errors({ minimumEcpuPerSecond: 15_000_000 })).toEqual([
      "minimumEcpuPerSecond (15,000,000) must not exceed maximumEcpuPerSecond (5,000, the dev preset's): raise maximumEcpuPerSecond or lower the minimum"
        + ' (Python: minimum_ecpu_per_second, maximum_ecpu_per_second)',
    ]);
  });
  test('two numbers given as strings: the plural wording', () => {
    expect(errors({ minimumEcpuPerSecond: '5000' as unknown as number, maximumEcpuPerSecond: '9000' as unknown as number })).toEqual([
      "minimumEcpuPerSecond, maximumEcpuPerSecond must be finite numbers, got minimumEcpuPerSecond '5000', maximumEcpuPerSecond '9000': pass a number, e.g. 5000"
        + ' (Python: minimum_ecpu_per_second, maximum_ecpu_per_second)',
    ]);
  });
  test.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'props'],
  ])('props that are %s', (_what, value) => {
    const { stack } = newStack();
    expect(() => new AirDiscoveryServerlessRedis(stack, 'Cache', value as unknown as AirDiscoveryServerlessRedisProps)).toThrow(
      /props are required, got .*: pass at least \{ vpc \}/);
  });
});

describe('warnings', () => {
  test('the DEV defaults in two AZs raise none of the serverless warnings', () => {
    expect(warningIds({})).toEqual([]);
  });
  test('PROD with retention 0, DESTROY and no authentication: the three warnings, exact messages', () => {
    const stack = create({
      preset: RedisPreset.PROD, authentication: RedisAuthentication.none(), snapshotRetention: Duration.days(0), removalPolicy: RemovalPolicy.DESTROY,
    });
    const a = Annotations.fromStack(stack);
    a.hasWarning('/TestStack/Cache',
      'snapshotRetention is 0 in the PROD preset: no daily snapshots, no point-in-time to restore [ack: @air-discovery/cdk-redis:serverlessNoBackups]');
    a.hasWarning('/TestStack/Cache',
      'removalPolicy DESTROY in the PROD preset: deleting the stack deletes the data without a final snapshot [ack: @air-discovery/cdk-redis:serverlessDestroyOnDelete]');
    a.hasWarning('/TestStack/Cache', 'the PROD preset without authentication: any client that reaches the ports can read and write every key '
      + '(TLS encrypts, it does not authenticate) [ack: @air-discovery/cdk-redis:serverlessNoAuth]');
  });
  test('PROD with retention 7 days: no serverlessNoBackups; DEV with retention 0: none either', () => {
    expect(warningIds({ preset: RedisPreset.PROD, snapshotRetention: Duration.days(7) })).not.toContain('serverlessNoBackups');
    expect(warningIds({ snapshotRetention: Duration.days(0) })).toEqual([]);
  });

  test('two subnets in one AZ: only serverlessSubnetsPerAz, not serverlessSingleAz', () => {
    const { stack, vpc } = newStack();
    new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, vpcSubnets: { subnets: [vpc.privateSubnets[0], vpc.privateSubnets[0]] } });
    expect(idsOf(stack)).toEqual(['serverlessSubnetsPerAz']);
  });
  test.each([3, 4])('%i subnets in as many AZs: serverlessSubnetsPerAz only above 3', (n) => {
    const { stack } = newStack();
    const vpc = new ec2.Vpc(stack, 'Wide', {
      natGateways: 0,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'],
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, vpcSubnets: { subnets: vpc.isolatedSubnets.slice(0, n) } });
    expect(idsOf(stack)).toEqual(n > 3 ? ['serverlessSubnetsPerAz'] : []);
    if (n > 3) {
      Annotations.fromStack(stack).hasWarning('/TestStack/Cache', 'vpcSubnets selects 4 subnets in 4 AZs: ElastiCache Serverless places its endpoint in one subnet per AZ, 2-3 AZs '
        + '(it picks 2 or 3 when given none); add onePerAz: true to the selection [ack: @air-discovery/cdk-redis:serverlessSubnetsPerAz]');
    }
  });
  test('subnets whose AZ is a token count for no AZ: no AZ warning', () => {
    const { stack, vpc } = newStack();
    const unknownAz = (id: string) => ec2.Subnet.fromSubnetAttributes(stack, id, { subnetId: `subnet-${id}`, availabilityZone: Fn.importValue(`${id}Az`) });
    new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, vpcSubnets: { subnets: [unknownAz('one')] } });
    new AirDiscoveryServerlessRedis(stack, 'Mixed', { vpc, outputs: false, vpcSubnets: { subnets: [vpc.privateSubnets[0], unknownAz('two')] } });
    expect(idsOf(stack)).toEqual([]);
    expect(idsOf(stack, '/TestStack/Mixed')).toEqual([]);
  });

  test('a final snapshot name with RemovalPolicy.SNAPSHOT: no finalSnapshotNameIgnored', () => {
    expect(warningIds({ removalPolicy: RemovalPolicy.SNAPSHOT, finalSnapshotName: 'last' })).toEqual([]);
  });
  test('the PROD defaults (RETAIN-like removal, generated authentication): neither serverlessDestroyOnDelete nor serverlessNoAuth', () => {
    expect(warningIds({ preset: RedisPreset.PROD })).toEqual([]);
  });
});

describe('the shared authentication rules on a serverless cache', () => {
  test('Redis OSS 7 with RBAC users is accepted (RBAC needs Redis OSS 6.0 or later)', () => {
    expect(errors({ engine: ServerlessEngine.REDIS_7, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app', accessString: 'on ~app:* +@all' }] }) }))
      .toEqual([]);
  });

  test('an AUTH token from a plain (not NoEcho) CloudFormation parameter is rejected as plain text', () => {
    const { stack, vpc } = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String' });
    const authentication = RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText(token.valueAsString));
    let message = '';
    try {
      new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, authentication });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toEqual('invalid AirDiscoveryServerlessRedis configuration at TestStack/Cache:\n  - authTokenFromSecretValue got a SecretValue that '
      + 'resolves to plain text, which would be written into the template: use SecretValue.secretsManager(...), SecretValue.ssmSecure(...), '
      + 'a NoEcho CfnParameter, or RedisAuthentication.generatedAuthToken()');
  });

  test('an AUTH token from a NoEcho CloudFormation parameter is accepted, as on the node-based construct (the message offers it)', () => {
    const { stack, vpc } = newStack();
    const token = new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });
    const authentication = RedisAuthentication.authTokenFromSecretValue(SecretValue.cfnParameter(token));
    new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, authentication });
    const users = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::User'));
    expect(users.map(u => u.Properties.AuthenticationMode)).toEqual([{ Type: 'password', Passwords: [{ Ref: 'Token' }] }]);
  });
});
