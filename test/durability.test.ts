import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DURABLE, Props } from './topology-cases';
import { build, newStack, replicationGroupProps } from './util';
import {
  AirDiscoveryRedis, CacheEngine, CacheNodeType, ClusterMode, DurabilityMode, EngineVersion, RedisParameters, RedisPreset, TransitEncryptionMode,
} from '../src';

describe('Valkey 9', () => {
  test('9.0 and 9.1 constants, parameter group family valkey9', () => {
    expect(EngineVersion.VALKEY_9_0.version).toBe('9.0');
    expect(EngineVersion.VALKEY_9_1.version).toBe('9.1');
    expect(EngineVersion.VALKEY_9_0.parameterGroupFamily).toBe('valkey9');
    expect(EngineVersion.VALKEY_9_1.parameterGroupFamily).toBe('valkey9');
    expect(EngineVersion.VALKEY_9_1.engine).toBe(CacheEngine.VALKEY);
  });

  test('a Valkey 9 cluster uses default.valkey9.cluster.on, custom parameters a valkey9 group', () => {
    build({ engineVersion: EngineVersion.VALKEY_9_1, clusterMode: ClusterMode.ENABLED }).template
      .hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Engine: 'valkey', EngineVersion: '9.1', CacheParameterGroupName: 'default.valkey9.cluster.on' });
    build({ engineVersion: EngineVersion.VALKEY_9_0, parameters: RedisParameters.AIR_DISCOVERY_CACHE }).template
      .hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'valkey9' });
  });
});

describe('durability', () => {
  test('set with a property override (aws-cdk-lib 2.257 has no L1 property for it)', () => {
    const { template, redis } = build(DURABLE);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Durability: 'sync',
      Engine: 'valkey',
      EngineVersion: '9.0',
      ClusterMode: 'enabled',
      NumNodeGroups: 2,
      ReplicasPerNodeGroup: 1,
      MultiAZEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
    expect(redis.configuration.durability).toBe(DurabilityMode.SYNC);
    expect((redis.replicationGroup as any).durability).toBeUndefined(); // the L1 has no such property
  });

  test('no durability, no Durability property', () => {
    expect(replicationGroupProps(build({ ...DURABLE, durability: undefined }).template).Durability).toBeUndefined();
  });

  test('ASYNC renders async and warns about the 10-second window; both modes warn that durability is chosen at creation', () => {
    const asyncGroup = build({ ...DURABLE, durability: DurabilityMode.ASYNC });
    asyncGroup.template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Durability: 'async' });
    const annotations = Annotations.fromStack(asyncGroup.stack);
    annotations.hasWarning('*', Match.stringLikeRegexp('up to the last 10 seconds of writes'));
    annotations.hasWarning('*', Match.stringLikeRegexp('cannot turn durability on or off on an existing group'));
    const syncGroup = Annotations.fromStack(build(DURABLE).stack);
    syncGroup.hasWarning('*', Match.stringLikeRegexp('cannot turn durability on or off on an existing group'));
    syncGroup.hasNoWarning('*', Match.stringLikeRegexp('up to the last 10 seconds'));
  });

  test('switching SYNC <-> ASYNC changes only Durability (an in-place update)', () => {
    const before = replicationGroupProps(build(DURABLE).template);
    const after = replicationGroupProps(build({ ...DURABLE, durability: DurabilityMode.ASYNC }).template);
    const changed = Object.keys({ ...before, ...after }).filter(k => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    expect(changed).toEqual(['Durability']);
  });

  test.each<[string, Props]>([
    ['Valkey 9.1', { engineVersion: EngineVersion.VALKEY_9_1 }],
    ['a Valkey major this library does not know', { engineVersion: EngineVersion.of(CacheEngine.VALKEY, '10.0') }],
    ['an M8g node', { cacheNodeType: CacheNodeType.of('cache.m8g.xlarge') }],
    ['a C7gn node', { cacheNodeType: CacheNodeType.of('cache.c7gn.large') }],
    ['an R6g node', { cacheNodeType: CacheNodeType.of('cache.r6g.large') }],
    ['TLS in PREFERRED mode (TLS is enabled)', { transitEncryptionMode: TransitEncryptionMode.PREFERRED }],
    ['one shard, five replicas', { numShards: 1, replicasPerShard: 5 }],
    ['on the DEV preset with every requirement set', {
      preset: RedisPreset.DEV, multiAz: true, transitEncryption: true, atRestEncryption: true,
    }],
  ])('valid: %s', (_name, extra) => {
    const { template } = build({ ...DURABLE, ...extra });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Durability: 'sync' });
  });

  test('a customer-managed KMS key for at-rest encryption', () => {
    const { stack, vpc } = newStack();
    const key = new kms.Key(stack, 'Key');
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...DURABLE, encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { Durability: 'sync', KmsKeyId: Match.anyValue() });
  });
});

