import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { build } from './util';
import { CacheNodeType, EngineVersion, RedisPreset } from '../src';
import { NODE_FAMILIES, NODE_TYPES, closest } from '../src/private/node-type-table';

describe('the node-type table', () => {
  test('every constant is in the table, with its own name', () => {
    const constants = Object.entries(CacheNodeType).filter(([, v]) => v instanceof CacheNodeType) as Array<[string, CacheNodeType]>;
    expect(constants.length).toBeGreaterThanOrEqual(15);
    for (const [key, t] of constants) {
      expect({ key, listed: NODE_TYPES.has(t.name) }).toEqual({ key, listed: true });
      // the jsii spelling: cache.r7g.large -> R7_G_LARGE (a digit followed by a letter gets an underscore)
      expect(key).toBe(`${t.family}_${t.size}`.toUpperCase().replace(/(\d)([A-Z])/g, '$1_$2'));
    }
  });

  test('every row has a known family, a size, vCPUs and memory', () => {
    expect(NODE_TYPES.size).toBeGreaterThan(100);
    for (const row of NODE_TYPES.values()) {
      expect(NODE_FAMILIES.map(f => f.family)).toContain(row.family);
      expect(row.name).toBe(`cache.${row.family}.${row.size}`);
      expect(Number.isInteger(row.vcpus) && row.vcpus >= 1).toBe(true);
      expect(row.memoryGib).toBeGreaterThan(0.2);
    }
  });

  test.each([
    // name, vCPUs, GiB, Graviton, previous generation
    ['cache.t3.micro', 2, 0.5, false, false],
    ['cache.t2.small', 1, 1.55, false, false],
    ['cache.r7g.2xlarge', 8, 52.82, true, false],
    ['cache.r6gd.16xlarge', 64, 419.09, true, false],
    ['cache.m5.24xlarge', 96, 314.32, false, false],
    ['cache.c7gn.16xlarge', 64, 105.81, true, false],
    ['cache.m8g.large', 2, 6.79, true, false],
    ['cache.m2.xlarge', 2, 16.7, false, true],
    ['cache.c1.xlarge', 8, 6.6, false, true],
  ])('%s: %d vCPUs, %d GiB', (name, vcpus, gib, graviton, previous) => {
    const t = CacheNodeType.of(name);
    expect([t.vcpuCount, t.memoryGib, t.isGraviton, t.isPreviousGeneration, t.isListed]).toEqual([vcpus, gib, graviton, previous, true]);
  });

  test('suggestions are the closest names', () => {
    expect(closest('cache.t3.mirco', NODE_TYPES.keys())).toEqual(['cache.t3.micro']);
    expect(closest('cache.r7g.larg', NODE_TYPES.keys())[0]).toBe('cache.r7g.large');
  });

  test('closest(): a candidate exactly at the distance limit is suggested (6 letters: limit 2), one past it is not', () => {
    expect(closest('abcdef', ['abcdxy', 'abcxyz'])).toEqual(['abcdxy']);
    expect(closest('abcdef', ['abcxyz'])).toEqual([]);
  });

  test('closest(): ties at the nearest distance in alphabetical order, at most `max` of them', () => {
    expect(closest('cat', ['cbt', 'cas', 'bat'])).toEqual(['bat', 'cas', 'cbt']);
    expect(closest('cat', ['cot', 'cbt', 'cas', 'bat'])).toEqual(['bat', 'cas', 'cbt']);
    expect(closest('cat', ['cot', 'cbt', 'cas', 'bat'], 4)).toEqual(['bat', 'cas', 'cbt', 'cot']);
  });
});

describe('CacheNodeType.of() rejects names that are not node types', () => {
  test.each([
    ['a typo', 'cache.t3.mirco', "cacheNodeType 'cache.t3.mirco' is not an ElastiCache node type this library knows: did you mean 'cache.t3.micro'?"],
    ['a missing cache. prefix', 't3.micro', "did you mean 'cache.t3.micro'?"],
    ['upper case', 'cache.R7G.large', "did you mean 'cache.r7g.large'?"],
    ['a size the family does not have', 'cache.t3.large', "cacheNodeType 'cache.t3.large' is not an ElastiCache node type"],
    ['a family that does not exist', 'cache.x9.large', 'for a node type newer than this library use CacheNodeType.unlisted(\'cache.x9.large\')'],
    ['an EC2 instance type', 'r7g.large', "did you mean 'cache.r7g.large'?"],
    ['the empty string', '', "cacheNodeType '' is not an ElastiCache node type"],
    ['a number from plain JavaScript', 42 as any, 'cacheNodeType 42 (number) is not an ElastiCache node type'],
    ['undefined from plain JavaScript', undefined as any, 'cacheNodeType undefined (undefined) is not an ElastiCache node type'],
  ])('%s', (_what, name, message) => {
    expect(() => CacheNodeType.of(name)).toThrow(message);
  });

  test('a real node type that is not a constant synthesizes', () => {
    const { template } = build({ cacheNodeType: CacheNodeType.of('cache.r7g.2xlarge') });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.r7g.2xlarge' });
  });
});

describe('CacheNodeType.unlisted(): the escape hatch for node types newer than the library', () => {
  test('synthesizes with a warning, and the CPU alarm does not guess vCPUs', () => {
    const { stack, redis, template } = build({ preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.unlisted('cache.r9g.large'), engineVersion: EngineVersion.VALKEY_8_2 });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { CacheNodeType: 'cache.r9g.large' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Redis', Match.stringLikeRegexp('cache.r9g.large is not in this library\'s node-type table'));
    expect(redis.monitoring?.cpuMetricName).toBe('EngineCPUUtilization');
  });

  test('a listed name given to unlisted() is listed: no warning', () => {
    const { stack } = build({ cacheNodeType: CacheNodeType.unlisted('cache.t4g.micro') });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('unlistedNodeType'))).toEqual([]);
  });
});

describe('the alarm reads vCPUs from the table', () => {
  test('cache.t2.small has 1 vCPU: host CPUUtilization at the full threshold', () => {
    const { redis } = build({ preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.of('cache.t2.small'), transitEncryption: true });
    expect([redis.monitoring?.cpuMetricName, redis.monitoring?.cpuAlarmThresholdPercent]).toEqual(['CPUUtilization', 80]);
  });
});

describe('CacheNodeType: what a name gives, exactly (listed, unlisted, unparseable)', () => {
  test.each<[string, CacheNodeType, (string | boolean | number | undefined)[]]>([
    // family, size, listed, burstable, graviton, previous generation, data tiering, vCPUs, GiB
    ['a listed burstable type', CacheNodeType.of('cache.t3.micro'), ['t3', 'micro', true, true, false, false, false, 2, 0.5]],
    ['a listed data-tiering type', CacheNodeType.of('cache.r6gd.xlarge'), ['r6gd', 'xlarge', true, false, true, false, true, 4, 26.32]],
    ['an unlisted type of a known burstable family', CacheNodeType.unlisted('cache.t4g.8xlarge'), ['t4g', '8xlarge', false, true, false, false, false, undefined, undefined]],
    ['an unlisted type of an unknown family', CacheNodeType.unlisted('cache.x9t.large'), ['x9t', 'large', false, false, false, false, false, undefined, undefined]],
    ['text before the name', CacheNodeType.unlisted('xcache.r7g.large'), [undefined, undefined, false, false, false, false, false, undefined, undefined]],
    ['text after the name', CacheNodeType.unlisted('cache.r7g.large.x'), [undefined, undefined, false, false, false, false, false, undefined, undefined]],
  ])('%s', (_what, t, values) => {
    expect([t.family, t.size, t.isListed, t.isBurstable, t.isGraviton, t.isPreviousGeneration, t.supportsDataTiering, t.vcpuCount, t.memoryGib])
      .toEqual(values);
  });

  const TAIL = 'use a CacheNodeType constant or a name from the ElastiCache "Supported node types" page, e.g. \'cache.r7g.large\'; '
    + 'for a node type newer than this library use CacheNodeType.unlisted(';
  test.each<[string, unknown, string]>([
    ['a typo', 'cache.t3.mirco', "'cache.t3.mirco' is not an ElastiCache node type this library knows: did you mean 'cache.t3.micro'? "
      + `${TAIL}'cache.t3.mirco')`],
    ['upper case, no prefix, a trailing blank: the listed name offered', 'R7G.LARGE ',
      `'R7G.LARGE ' is not an ElastiCache node type this library knows: did you mean 'cache.r7g.large'? ${TAIL}'R7G.LARGE ')`],
    ['a size far from every listed one: the first three of its family', `cache.r7g.${'x'.repeat(40)}`,
      `'cache.r7g.${'x'.repeat(40)}' is not an ElastiCache node type this library knows: did you mean 'cache.r7g.large', 'cache.r7g.xlarge', 'cache.r7g.2xlarge'? `
      + `${TAIL}'cache.r7g.${'x'.repeat(40)}')`],
    ['nothing near and no such family: no suggestion', `cache.zz9.${'x'.repeat(40)}`,
      `'cache.zz9.${'x'.repeat(40)}' is not an ElastiCache node type this library knows: ${TAIL}'cache.zz9.${'x'.repeat(40)}')`],
    ['blanks around a listed name (trimmed first: only that name offered)', `t3.micro${' '.repeat(10)}`,
      `'t3.micro${' '.repeat(10)}' is not an ElastiCache node type this library knows: did you mean 'cache.t3.micro'? ${TAIL}'t3.micro${' '.repeat(10)}')`],
    ['a leading dot: no family guessed from further in the name', `.cache.r7g.${'x'.repeat(40)}`,
      `'.cache.r7g.${'x'.repeat(40)}' is not an ElastiCache node type this library knows: ${TAIL}'.cache.r7g.${'x'.repeat(40)}')`],
    ['not a string', 42, `42 (number) is not an ElastiCache node type this library knows: ${TAIL}...)`],
  ])('the whole message for %s', (_what, name, message) => {
    expect(() => CacheNodeType.of(name as string)).toThrow(new Error(`CacheNodeType.of: cacheNodeType ${message}`));
  });
});
