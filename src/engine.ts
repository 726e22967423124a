/**
 * The cache engine of a replication group.
 */
export enum CacheEngine {
  /** Redis OSS. */
  REDIS = 'redis',
  /** Valkey, the open-source fork of Redis OSS that ElastiCache offers from 7.2. */
  VALKEY = 'valkey',
}

/**
 * An engine and its version, the pair ElastiCache takes as `Engine` and `EngineVersion`.
 *
 * Use the static constants for versions this library knows; `EngineVersion.of()`
 * is the escape hatch for a version that is newer than this library.
 */
export class EngineVersion {
  /** Redis OSS 6.2 (parameter group family `redis6.x`). */
  public static readonly REDIS_6_2 = new EngineVersion(CacheEngine.REDIS, '6.2');
  /** Redis OSS 7.0 (parameter group family `redis7`). The engine of both presets, as in the setup guide. */
  public static readonly REDIS_7_0 = new EngineVersion(CacheEngine.REDIS, '7.0');
  /** Redis OSS 7.1 (parameter group family `redis7`). */
  public static readonly REDIS_7_1 = new EngineVersion(CacheEngine.REDIS, '7.1');
  /** Valkey 7.2 (parameter group family `valkey7`). */
  public static readonly VALKEY_7_2 = new EngineVersion(CacheEngine.VALKEY, '7.2');
  /** Valkey 8.0 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_0 = new EngineVersion(CacheEngine.VALKEY, '8.0');
  /** Valkey 8.1 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_1 = new EngineVersion(CacheEngine.VALKEY, '8.1');
  /** Valkey 8.2 (parameter group family `valkey8`). */
  public static readonly VALKEY_8_2 = new EngineVersion(CacheEngine.VALKEY, '8.2');
  /**
   * Valkey 9.0 (parameter group family `valkey9`). The first version with durability
   * (`AirDiscoveryRedisProps.durability`, see docs/topology.md).
   */
  public static readonly VALKEY_9_0 = new EngineVersion(CacheEngine.VALKEY, '9.0');
  /** Valkey 9.1 (parameter group family `valkey9`). */
  public static readonly VALKEY_9_1 = new EngineVersion(CacheEngine.VALKEY, '9.1');

  /**
   * An engine version this library does not list yet.
   *
   * The version string is validated at construction (`major.minor`, e.g. `7.1`,
   * or the three-part form of older Redis OSS releases, e.g. `5.0.6`).
   *
   * @param engine the engine
   * @param version the version as ElastiCache spells it, e.g. `8.3`
   */
  public static of(engine: CacheEngine, version: string): EngineVersion {
    return new EngineVersion(engine, version);
  }

  /**
   * @param engine the engine
   * @param version the version string passed to CloudFormation as `EngineVersion`
   */
  private constructor(
    /** The engine. */
    public readonly engine: CacheEngine,
    /** The version string passed to CloudFormation as `EngineVersion`. */
    public readonly version: string,
  ) {}

  /**
   * The major version, or `undefined` when the version string does not parse.
   */
  public get majorVersion(): number | undefined {
    const m = /^(\d+)\./.exec(this.version);
    return m ? Number(m[1]) : undefined;
  }

  /**
   * The minor version, or `undefined` when the version string does not parse.
   */
  public get minorVersion(): number | undefined {
    const m = /^\d+\.(\d+)/.exec(this.version);
    return m ? Number(m[1]) : undefined;
  }

  /**
   * The parameter group family for this engine version: `redis4.0`, `redis5.0`,
   * `redis6.x`, `redis7`, `valkey7`, `valkey8`, `valkey9`, ... (`redisN` / `valkeyN` for majors
   * this library does not know yet). Redis OSS before 6 names its families
   * `major.minor` (CreateCacheParameterGroup: `redis4.0 | redis5.0 | redis6.x | redis7`).
   */
  public get parameterGroupFamily(): string {
    const major = this.majorVersion;
    if (this.engine === CacheEngine.REDIS && major !== undefined && major <= 5) {
      return `redis${major}.${this.minorVersion ?? 0}`;
    }
    if (this.engine === CacheEngine.REDIS && major === 6) {
      return 'redis6.x';
    }
    return `${this.engine}${major ?? ''}`;
  }

  /**
   * Whether this version is at least `major.minor`.
   */
  public isAtLeast(major: number, minor: number): boolean {
    const ma = this.majorVersion;
    const mi = this.minorVersion ?? 0;
    if (ma === undefined) return false;
    return ma > major || (ma === major && mi >= minor);
  }

  /**
   * Whether the engine supports what ElastiCache calls "Redis OSS 7 and later"
   * features: every Valkey version, and Redis OSS 7.0 or later.
   */
  public get isRedis7OrLater(): boolean {
    return this.engine === CacheEngine.VALKEY || this.isAtLeast(7, 0);
  }

  /** For display: `redis 7.0`. */
  public toString(): string {
    return `${this.engine} ${this.version}`;
  }
}
