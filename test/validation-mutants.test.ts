/**
 * Survivors of the mutation run over src/validation.ts lines 1-128 (docs/testing.md, "Survivors of the whole-src run"):
 * `redisBefore()`, the version comparison behind the "before Redis OSS 5.0.6" rules, checked through the construct
 * with a Graviton node type (M6g / R6g / T4g need Redis OSS 5.0.6 or later).
 */
import { AirDiscoveryRedis, CacheEngine, CacheNodeType, EngineVersion, RedisPreset } from '../src';
import { newStack } from './util';

const GRAVITON_ERROR = 'cacheNodeType cache.t4g.micro needs Redis OSS 5.0.6 or later or Valkey';

/** The construct's error message for a DEV group on cache.t4g.micro with this engine version ('' when it builds). */
function errorFor(engine: CacheEngine, version: string): string {
  const { stack, vpc } = newStack();
  try {
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc, preset: RedisPreset.DEV, cacheNodeType: CacheNodeType.of('cache.t4g.micro'), engineVersion: EngineVersion.of(engine, version),
    });
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

describe('redisBefore(5.0.6) through the Graviton node-type rule', () => {
  test.each([
    ['5.0.5', 'the patch level decides'],
    ['4.0', 'a version without a patch level counts as patch 0'],
    ['5.0', 'major and minor equal, no patch: 5.0.0 is before 5.0.6'],
    ['5.x', "'x' as the minor counts as 0: 5.x is before 5.0.6"],
    ['4.10', 'a two-digit minor is parsed'],
  ])('Redis OSS %s is before 5.0.6 (%s): rejected on a T4g node', version => {
    expect(errorFor(CacheEngine.REDIS, version)).toContain(`${GRAVITON_ERROR}, got engineVersion redis ${version}: upgrade the engine or pick an M5, R5 or T3 node`);
  });

  test.each([
    ['5.0.6', 'every part equal is not before'],
    ['5.1', 'a higher minor with a lower implied patch is not before'],
  ])('Redis OSS %s is not before 5.0.6 (%s): no node-type error', version => {
    expect(errorFor(CacheEngine.REDIS, version)).not.toContain(GRAVITON_ERROR);
  });

  test.each([
    ['v5.0.5', 'text before the version'],
    ['5.0.5.1', 'text after the version'],
  ])('a Redis OSS version that is not major.minor[.patch] (%s: %s) is not compared', version => {
    expect(errorFor(CacheEngine.REDIS, version)).not.toContain(GRAVITON_ERROR);
  });

  test('a Valkey version is never "before Redis OSS 5.0.6", whatever its number', () => {
    expect(errorFor(CacheEngine.VALKEY, '5.0.0')).not.toContain(GRAVITON_ERROR);
  });
});
