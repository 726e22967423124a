import { CacheEngine, CacheNodeType, EngineVersion } from '../src';

describe('EngineVersion', () => {
  test.each([
    [EngineVersion.REDIS_6_2, 'redis', '6.2', 'redis6.x'],
    [EngineVersion.REDIS_7_0, 'redis', '7.0', 'redis7'],
    [EngineVersion.REDIS_7_1, 'redis', '7.1', 'redis7'],
    [EngineVersion.VALKEY_7_2, 'valkey', '7.2', 'valkey7'],
    [EngineVersion.VALKEY_8_0, 'valkey', '8.0', 'valkey8'],
    [EngineVersion.VALKEY_8_1, 'valkey', '8.1', 'valkey8'],
    [EngineVersion.VALKEY_8_2, 'valkey', '8.2', 'valkey8'],
    [EngineVersion.of(CacheEngine.VALKEY, '9.0'), 'valkey', '9.0', 'valkey9'],
    [EngineVersion.of(CacheEngine.REDIS, '5.0.6'), 'redis', '5.0.6', 'redis5.0'],
    [EngineVersion.of(CacheEngine.REDIS, '4.0.10'), 'redis', '4.0.10', 'redis4.0'],
    [EngineVersion.of(CacheEngine.REDIS, '6.x'), 'redis', '6.x', 'redis6.x'],
  ])('%s', (v, engine, version, family) => {
    expect(v.engine).toBe(engine);
    expect(v.version).toBe(version);
    expect(v.parameterGroupFamily).toBe(family);
  });

  test.each<[CacheEngine, string, number | undefined, number | undefined, string, boolean, boolean]>([
    // engine, version → major, minor, family, isAtLeast(7, 0), isRedis7OrLater
    [CacheEngine.REDIS, '3.2.10', 3, 2, 'redis3.2', false, false],
    [CacheEngine.REDIS, '5.0.6', 5, 0, 'redis5.0', false, false],
    [CacheEngine.REDIS, '7.12', 7, 12, 'redis7', true, true],
    [CacheEngine.REDIS, '10.1', 10, 1, 'redis10', true, true],
    [CacheEngine.REDIS, '17.0', 17, 0, 'redis17', true, true],
    [CacheEngine.REDIS, 'latest', undefined, undefined, 'redis', false, false],
    [CacheEngine.REDIS, 'x7.0', undefined, undefined, 'redis', false, false],
    [CacheEngine.VALKEY, '5.0', 5, 0, 'valkey5', false, true],
    [CacheEngine.VALKEY, '6.0', 6, 0, 'valkey6', false, true],
    [CacheEngine.VALKEY, 'latest', undefined, undefined, 'valkey', false, true],
  ])('%s %s: major %s, minor %s, family %s, at least 7.0 %s, Redis-7 features %s', (engine, version, major, minor, family, atLeast7, redis7) => {
    const v = EngineVersion.of(engine, version);
    expect([v.majorVersion, v.minorVersion, v.parameterGroupFamily, v.isAtLeast(7, 0), v.isRedis7OrLater])
      .toEqual([major, minor, family, atLeast7, redis7]);
  });

  test('version comparison', () => {
    expect(EngineVersion.REDIS_7_1.isAtLeast(7, 0)).toBe(true);
    expect(EngineVersion.REDIS_6_2.isAtLeast(7, 0)).toBe(false);
    expect(EngineVersion.REDIS_6_2.isRedis7OrLater).toBe(false);
    expect(EngineVersion.VALKEY_7_2.isRedis7OrLater).toBe(true);
    expect(EngineVersion.of(CacheEngine.REDIS, 'latest').majorVersion).toBeUndefined();
  });
});

describe('CacheNodeType', () => {
  test.each([
    ['cache.t3.micro', 't3', 'micro', 2, true],
    ['cache.t2.micro', 't2', 'micro', 1, true],
    ['cache.m7g.large', 'm7g', 'large', 2, false],
    ['cache.r7g.xlarge', 'r7g', 'xlarge', 4, false],
    ['cache.r6gd.16xlarge', 'r6gd', '16xlarge', 64, false],
  ])('%s', (name, family, size, vcpus, burstable) => {
    const t = CacheNodeType.of(name);
    expect(t.family).toBe(family);
    expect(t.size).toBe(size);
    expect(t.vcpuCount).toBe(vcpus);
    expect(t.isBurstable).toBe(burstable);
  });

  test('data tiering only on r6gd', () => {
    expect(CacheNodeType.R6_GD_XLARGE.supportsDataTiering).toBe(true);
    expect(CacheNodeType.R6_G_XLARGE.supportsDataTiering).toBe(false);
  });

  test('unparseable names', () => {
    expect(CacheNodeType.unlisted('big').vcpuCount).toBeUndefined();
    expect(CacheNodeType.unlisted('big').family).toBeUndefined();
  });
});
