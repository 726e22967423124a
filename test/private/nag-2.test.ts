/**
 * The cdk-nag acknowledgement helpers of src/private/nag.ts (second half): when the DEV-preset port and
 * authentication trade-offs (AEC5, AEC6) apply, how ACL access strings are read (every key, off), and how
 * acknowledgeFindings() writes the acknowledged-rules metadata (merged with the last entry, idempotent).
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AirDiscoveryRedis, RedisAuthentication, RedisPreset } from '../../src';
import { aclIsOff, aclReachesEveryKey, acknowledgeFindings } from '../../src/private/nag';
import { newStack } from '../util';

/** The AwsSolutions-AEC* ids acknowledged on the replication group, sorted. */
function aecAcks(redis: AirDiscoveryRedis): string[] {
  return redis.nagAcknowledgements.filter(a => a.id.startsWith('AwsSolutions-AEC')).map(a => `${a.id} ${a.constructPath}`).sort();
}

describe('DEV-preset trade-offs on the replication group', () => {
  test('DEV preset on port 6380: AEC5 (default port) is not acknowledged, AEC3/AEC4/AEC6 are', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, preset: RedisPreset.DEV, port: 6380, acknowledgePresetTradeOffs: true });
    expect(aecAcks(redis)).toEqual([
      'AwsSolutions-AEC3 TestStack/Redis/Resource',
      'AwsSolutions-AEC4 TestStack/Redis/Resource',
      'AwsSolutions-AEC6 TestStack/Redis/Resource',
    ]);
  });

  test('DEV preset with a generated AUTH token and TLS: AEC6 (no AUTH) is not acknowledged', () => {
    const { stack, vpc } = newStack();
    const redis = new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      preset: RedisPreset.DEV,
      transitEncryption: true,
      authentication: RedisAuthentication.generatedAuthToken(),
      acknowledgePresetTradeOffs: true,
    });
    expect(aecAcks(redis)).toEqual([
      'AwsSolutions-AEC4 TestStack/Redis/Resource',
      'AwsSolutions-AEC5 TestStack/Redis/Resource',
    ]);
  });
});

describe('aclReachesEveryKey(): whether an access string lets its user reach every key', () => {
  test.each<[string, boolean]>([
    ['~* +@all', true], // neither on nor off: counts as on
    ['off ~* on +@all', true], // a later on switches the user back on
    ['on %W~* +set', true], // write-only all-keys pattern
    ['on %RW~* +@all', true],
    ['on ~app~* +get', false], // the key pattern app~*, not every key
    ['on ~*:cache +get', false], // the key pattern *:cache, not every key
    ['on ~* reset on +get', false], // reset clears the key patterns
    ['  on   ~*  +get  ', true], // extra blanks
  ])('%j → %s', (access, every) => {
    expect(aclReachesEveryKey(access)).toBe(every);
  });

  test('an unresolved token counts as reaching every key (conservative)', () => {
    expect(aclReachesEveryKey(Token.asString({ Ref: 'AccessString' }))).toBe(true);
  });
});

describe('aclIsOff(): whether an access string switches its user off', () => {
  test.each<[string, boolean]>([
    ['~* +@all', false], // neither on nor off: on
    ['on reset', true], // reset switches the user off
    ['off  on', false],
    ['on   off', true],
  ])('%j → %s', (access, off) => {
    expect(aclIsOff(access)).toBe(off);
  });

  test('an unresolved token is not provably off', () => {
    expect(aclIsOff(Token.asString({ Ref: 'DefaultAccessString' }))).toBe(false);
  });
});

describe('acknowledgeFindings(): one acknowledged-rules entry, merged and idempotent', () => {
  const KEY = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = (c: Construct) => c.node.metadata.map(m => ({ type: m.type, data: m.data }));

  test('a call adding one new id to an already acknowledged one writes a new merged entry', () => {
    const target = new Construct(new Stack(), 'Target');
    acknowledgeFindings([{ target, id: 'AwsSolutions-R1', reason: 'one' }]);
    acknowledgeFindings([{ target, id: 'AwsSolutions-R1', reason: 'one' }, { target, id: 'AwsSolutions-R2', reason: 'two' }]);
    expect(entries(target)).toEqual([
      { type: KEY, data: { 'annotation::AwsSolutions-R1': 'one' } },
      { type: KEY, data: { 'annotation::AwsSolutions-R1': 'one', 'annotation::AwsSolutions-R2': 'two' } },
    ]);
  });

  test('nothing new against the last entry (not the first): no new entry', () => {
    const target = new Construct(new Stack(), 'Target');
    target.node.addMetadata(KEY, { 'annotation::AwsSolutions-R1': 'one' });
    target.node.addMetadata(KEY, { 'annotation::AwsSolutions-R1': 'one', 'annotation::AwsSolutions-R2': 'two' });
    acknowledgeFindings([{ target, id: 'AwsSolutions-R2', reason: 'two' }]);
    expect(entries(target)).toHaveLength(2);
  });

  test('merges with the last acknowledged-rules entry, not with later metadata of another type', () => {
    const target = new Construct(new Stack(), 'Target');
    target.node.addMetadata(KEY, { 'annotation::AwsSolutions-R1': 'one' });
    target.node.addMetadata('other', { x: 'y' });
    acknowledgeFindings([{ target, id: 'AwsSolutions-R2', reason: 'two' }]);
    expect(entries(target)).toEqual([
      { type: KEY, data: { 'annotation::AwsSolutions-R1': 'one' } },
      { type: 'other', data: { x: 'y' } },
      { type: KEY, data: { 'annotation::AwsSolutions-R1': 'one', 'annotation::AwsSolutions-R2': 'two' } },
    ]);
  });
});
