import { CacheEngine } from './engine';

/**
 * The engine and major version of an ElastiCache Serverless cache (`Engine` and
 * `MajorEngineVersion`). Serverless caches take a major version only: ElastiCache
 * applies minor versions and patches itself, without downtime.
 *
 * Use the static constants for the versions this library knows; `of()` is the
 * escape hatch for a newer major version.
 */
export class ServerlessEngine {
  /** Valkey 7 (7.2). */
  public static readonly VALKEY_7 = new ServerlessEngine(CacheEngine.VALKEY, '7');
  /** Valkey 8: the presets' engine (the cheapest serverless rates, and the smallest minimum billed storage). */
  public static readonly VALKEY_8 = new ServerlessEngine(CacheEngine.VALKEY, '8');
  /** Redis OSS 7 (7.1). */
  public static readonly REDIS_7 = new ServerlessEngine(CacheEngine.REDIS, '7');

  /**
   * An engine major version this library does not list yet. Validated at construction.
   *
   * @param engine the engine
   * @param majorVersion the major version as ElastiCache spells it, e.g. `9`
   */
  public static of(engine: CacheEngine, majorVersion: string): ServerlessEngine {
    return new ServerlessEngine(engine, majorVersion);
  }

  private constructor(
    /** The engine. */
    public readonly engine: CacheEngine,
    /** The major version, passed to CloudFormation as `MajorEngineVersion`. */
    public readonly majorVersion: string,
  ) {}

  /** For display: `valkey 8`. */
  public toString(): string {
    return `${this.engine} ${this.majorVersion}`;
  }
}
