/**
 * An ElastiCache node type (`cache.<family>.<size>`).
 *
 * An open set: use a constant, or `CacheNodeType.of('cache.x.y')` for a type
 * this library does not list.
 *
 * Constant names put an underscore between a digit and a letter (`R7_G_LARGE` for
 * cache.r7g.large, `T4_G_MICRO` for cache.t4g.micro): that is how jsii spells them in
 * Python and Java, so one name works in every language and README examples translate as-is.
 */
export class CacheNodeType {
  /** cache.t3.micro: 2 vCPU, 0.5 GiB. DEV preset (the setup guide's node). */
  public static readonly T3_MICRO = new CacheNodeType('cache.t3.micro');
  /** cache.t3.small: 2 vCPU, 1.37 GiB. PROD preset (the setup guide's production node). */
  public static readonly T3_SMALL = new CacheNodeType('cache.t3.small');
  /** cache.t3.medium: 2 vCPU, 3.09 GiB. */
  public static readonly T3_MEDIUM = new CacheNodeType('cache.t3.medium');
  /** cache.t4g.micro: 2 vCPU (Graviton), 0.5 GiB. The cheapest current node. */
  public static readonly T4_G_MICRO = new CacheNodeType('cache.t4g.micro');
  /** cache.t4g.small: 2 vCPU (Graviton), 1.37 GiB. */
  public static readonly T4_G_SMALL = new CacheNodeType('cache.t4g.small');
  /** cache.t4g.medium: 2 vCPU (Graviton), 3.09 GiB. */
  public static readonly T4_G_MEDIUM = new CacheNodeType('cache.t4g.medium');
  /** cache.m6g.large: 2 vCPU, 6.38 GiB. */
  public static readonly M6_G_LARGE = new CacheNodeType('cache.m6g.large');
  /** cache.m6g.xlarge: 4 vCPU, 12.93 GiB. */
  public static readonly M6_G_XLARGE = new CacheNodeType('cache.m6g.xlarge');
  /** cache.m7g.large: 2 vCPU, 6.38 GiB. */
  public static readonly M7_G_LARGE = new CacheNodeType('cache.m7g.large');
  /** cache.m7g.xlarge: 4 vCPU, 12.93 GiB. */
  public static readonly M7_G_XLARGE = new CacheNodeType('cache.m7g.xlarge');
  /** cache.r6g.large: 2 vCPU, 13.07 GiB. */
  public static readonly R6_G_LARGE = new CacheNodeType('cache.r6g.large');
  /** cache.r6g.xlarge: 4 vCPU, 26.32 GiB. */
  public static readonly R6_G_XLARGE = new CacheNodeType('cache.r6g.xlarge');
  /** cache.r7g.large: 2 vCPU, 13.07 GiB. */
  public static readonly R7_G_LARGE = new CacheNodeType('cache.r7g.large');
  /** cache.r7g.xlarge: 4 vCPU, 26.32 GiB. */
  public static readonly R7_G_XLARGE = new CacheNodeType('cache.r7g.xlarge');
  /** cache.r6gd.xlarge: 4 vCPU, 26.32 GiB memory plus SSD for data tiering. */
  public static readonly R6_GD_XLARGE = new CacheNodeType('cache.r6gd.xlarge');

  /**
   * A node type by name, e.g. `cache.r7g.2xlarge`.
   */
  public static of(name: string): CacheNodeType {
    return new CacheNodeType(name);
  }

  private constructor(
    /** The node type as ElastiCache spells it, e.g. `cache.t3.micro`. */
    public readonly name: string,
  ) {}

  /**
   * The instance family, e.g. `t3`, `r6gd`; `undefined` when the name does not parse.
   */
  public get family(): string | undefined {
    return /^cache\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(this.name)?.[1];
  }

  /**
   * The size, e.g. `micro`, `large`, `2xlarge`; `undefined` when the name does not parse.
   */
  public get size(): string | undefined {
    return /^cache\.[a-z0-9-]+\.([a-z0-9]+)$/.exec(this.name)?.[1];
  }

  /** Whether this is a burstable (T family) node. */
  public get isBurstable(): boolean {
    return (this.family ?? '').startsWith('t');
  }

  /** Whether this node type has local SSD for data tiering (the `r6gd` family). */
  public get supportsDataTiering(): boolean {
    return this.family === 'r6gd';
  }

  /**
   * The number of vCPUs, derived from the size as EC2 sizes it (micro/small/medium/large = 2,
   * xlarge = 4, Nxlarge = 4N); `undefined` for a name that does not parse.
   */
  public get vcpuCount(): number | undefined {
    const size = this.size;
    if (size === undefined) return undefined;
    // previous-generation single-vCPU nodes
    if (['cache.t1.micro', 'cache.t2.micro', 'cache.t2.small', 'cache.m3.medium', 'cache.m1.small', 'cache.m1.medium'].includes(this.name)) return 1;
    if (['micro', 'small', 'medium', 'large'].includes(size)) return 2;
    if (size === 'xlarge') return 4;
    const m = /^(\d+)xlarge$/.exec(size);
    return m ? 4 * Number(m[1]) : undefined;
  }

  /** The node type name. */
  public toString(): string {
    return this.name;
  }
}
