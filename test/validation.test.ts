import { Duration, Token } from 'aws-cdk-lib';
import { build } from './util';
import { AirDiscoveryRedisProps, ClusterMode, RedisAuthentication, RedisPreset, TransitEncryptionMode } from '../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

interface InvalidCase {
  readonly testDescription: string;
  readonly props: Props;
  readonly message: string | RegExp;
}

const INVALID: InvalidCase[] = [
  // identifiers
  { testDescription: 'replication group id starting with a digit', props: { replicationGroupId: '1redis' }, message: "replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '1redis'" },
  { testDescription: 'replication group id with --', props: { replicationGroupId: 'air--redis' }, message: "got 'air--redis'" },
  { testDescription: 'replication group id ending with -', props: { replicationGroupId: 'air-redis-' }, message: "got 'air-redis-'" },
  { testDescription: 'replication group id of 41 characters', props: { replicationGroupId: 'a'.repeat(41) }, message: `got '${'a'.repeat(41)}'` },
  { testDescription: 'replication group id with an underscore', props: { replicationGroupId: 'air_redis' }, message: "got 'air_redis'" },
  // topology
  { testDescription: '0 nodes', props: { numCacheNodes: 0 }, message: 'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 0' },
  { testDescription: '7 nodes', props: { numCacheNodes: 7 }, message: 'numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got 7' },
  { testDescription: '2.5 nodes', props: { numCacheNodes: 2.5 }, message: 'got 2.5' },
  { testDescription: 'multi-AZ with one node', props: { multiAz: true }, message: 'multiAz needs at least 2 nodes (a primary and a replica), got numCacheNodes 1' },
  { testDescription: 'multi-AZ without automatic failover', props: { numCacheNodes: 2, multiAz: true, automaticFailover: false }, message: 'multiAz needs automaticFailover, got automaticFailover false' },
  { testDescription: 'automatic failover with one node', props: { automaticFailover: true }, message: 'automaticFailover needs at least 2 nodes when cluster mode is disabled, got numCacheNodes 1' },
  { testDescription: 'cluster mode without automatic failover', props: { clusterMode: ClusterMode.ENABLED, automaticFailover: false }, message: 'automaticFailover must be true when clusterMode is ENABLED, got false' },
  // network
  { testDescription: 'port 0', props: { port: 0 }, message: 'port must be a whole number from 1 to 65535, got 0' },
  { testDescription: 'port 70000', props: { port: 70000 }, message: 'port must be a whole number from 1 to 65535, got 70000' },
  // auth and encryption
  { testDescription: 'AUTH token without TLS', props: { authentication: RedisAuthentication.generatedAuthToken() }, message: 'authentication auth-token needs in-transit encryption, got transitEncryption false' },
  { testDescription: 'PROD with TLS off keeps its AUTH token', props: { preset: RedisPreset.PROD, transitEncryption: false }, message: 'authentication auth-token needs in-transit encryption' },
  { testDescription: 'TLS mode without TLS', props: { transitEncryptionMode: TransitEncryptionMode.PREFERRED }, message: "transitEncryptionMode needs transitEncryption true, got transitEncryptionMode 'preferred' with transitEncryption false" },
  // backups and windows
  { testDescription: 'retention 36 days', props: { snapshotRetention: Duration.days(36) }, message: 'snapshotRetention must be a whole number of days from 0 to 35, got 36 days' },
  { testDescription: 'retention 12 hours', props: { snapshotRetention: Duration.hours(12) }, message: 'snapshotRetention must be a whole number of days from 0 to 35, got 12 hours' },
  { testDescription: 'snapshot window without minutes', props: { snapshotWindow: '2-3' }, message: "snapshotWindow must have the form hh24:mi-hh24:mi (UTC), e.g. '02:00-03:00', got '2-3'" },
  { testDescription: 'snapshot window hour 24', props: { snapshotWindow: '23:00-24:00' }, message: "got '23:00-24:00'" },
  { testDescription: 'snapshot window of 59 minutes', props: { snapshotWindow: '02:00-02:59' }, message: "snapshotWindow must be at least 60 minutes long, got '02:00-02:59' (59 minutes)" },
  { testDescription: 'empty snapshot window', props: { snapshotWindow: '02:00-02:00' }, message: '(0 minutes)' },
  { testDescription: 'maintenance window with a bad day', props: { maintenanceWindow: 'sunday:03:00-sunday:04:00' }, message: "maintenanceWindow must have the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of sun mon tue wed thu fri sat), e.g. 'sun:03:00-sun:04:00', got 'sunday:03:00-sunday:04:00'" },
  { testDescription: 'maintenance window of 30 minutes', props: { maintenanceWindow: 'sun:03:00-sun:03:30' }, message: "maintenanceWindow must be at least 60 minutes long, got 'sun:03:00-sun:03:30' (30 minutes)" },
  { testDescription: 'overlapping windows', props: { snapshotWindow: '03:30-04:30' }, message: "snapshotWindow '03:30-04:30' overlaps maintenanceWindow 'sun:03:00-sun:04:00': move one of them" },
  { testDescription: 'overlap across midnight', props: { snapshotWindow: '23:30-00:30', maintenanceWindow: 'mon:00:00-mon:01:00' }, message: 'overlaps maintenanceWindow' },
];

describe('validation errors', () => {
  test.each(INVALID)('$testDescription', ({ props, message }) => {
    expect(() => build(props)).toThrow(message);
  });

  test('every failing rule is reported at once', () => {
    expect(() => build({ numCacheNodes: 9, port: 0, snapshotWindow: 'x' })).toThrow(
      /numCacheNodes must be .*got 9\n {2}- port must be .*got 0\n {2}- snapshotWindow must have the form/s,
    );
  });

  test('messages start lower-case and end without a period', () => {
    for (const c of INVALID) {
      let text = '';
      try { build(c.props); } catch (e) { text = (e as Error).message; }
      for (const line of text.split('\n').slice(1)) {
        expect(line).toMatch(/^ {2}- [a-z]/);
        expect(line).not.toMatch(/\.$/);
      }
    }
  });
});

describe('valid edge configurations synthesize', () => {
  test.each<[string, Props]>([
    ['6 nodes', { numCacheNodes: 6, multiAz: true }],
    ['retention 0', { snapshotRetention: Duration.days(0) }],
    ['retention 35', { snapshotRetention: Duration.days(35) }],
    ['snapshot window of exactly 60 minutes', { snapshotWindow: '05:00-06:00' }],
    ['maintenance window of exactly 60 minutes on another day', { maintenanceWindow: 'wed:02:00-wed:03:00', snapshotWindow: '04:00-05:00' }],
    ['windows touching but not overlapping', { snapshotWindow: '02:00-03:00', maintenanceWindow: 'sun:03:00-sun:04:00' }],
    ['window across midnight', { snapshotWindow: '23:30-00:30' }],
    ['maintenance window across the week end', { maintenanceWindow: 'sat:23:00-sun:01:00' }],
    ['upper-case day names', { maintenanceWindow: 'Sun:05:00-Sun:06:00' }],
    ['longest replication group id', { replicationGroupId: `a${'b'.repeat(38)}c` }],
    ['port 1', { port: 1 }],
    ['port 65535', { port: 65535 }],
    ['token values are not judged', { numCacheNodes: Token.asNumber({ Ref: 'Nodes' }), port: Token.asNumber({ Ref: 'Port' }), snapshotWindow: Token.asString({ Ref: 'Window' }) }],
  ])('%s', (_name, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('a token node count reaches the template unchanged', () => {
    const { template } = build({ numCacheNodes: Token.asNumber({ Ref: 'Nodes' }) });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { NumCacheClusters: { Ref: 'Nodes' } });
  });
});
