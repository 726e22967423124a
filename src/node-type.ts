import { Token } from 'aws-cdk-lib';
import { NODE_TYPES, closest, nodeFamily } from './private/node-type-table';

/**
 * An ElastiCache node type (`cache.<family>.<size>`).
 *
 * An open set: use a constant, `CacheNodeType.of('cache.r7g.2xlarge')` for any node type
 * in this library's table (every current and previous-generation ElastiCache node type,
 * see src/private/node-type-table.ts), or `CacheNodeType.unlisted('cache.x9.large')` for
 * a node type newer than this library.
 *
 * Naming decision (2026-12): a constant whose name has a digit followed by a letter is
 * spelled the way jsii spells it in Python and Java (`M7_G_LARGE`, not `M7G_LARGE`), so
 * that one name works in every language of the library.
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
  /** cache.r6gd.xlarge: 4 vCPU, 26.32 GiB memory plus 99.33 GiB SSD for data tiering. */
  public static readonly R6_GD_XLARGE = new CacheNodeType('cache.r6gd.xlarge');

  /**
   * A node type by name, e.g. `cache.r7g.2xlarge`. Throws for a name that is not an
   * ElastiCache node type this library knows, with the closest names as suggestions;
   * use `unlisted()` for a node type newer than this library.
   *
   * @param name the node type as ElastiCache spells it
   */
  public static of(name: string): CacheNodeType {
    if (Token.isUnresolved(name) || NODE_TYPES.has(name)) return new CacheNodeType(name);
    throw new Error(unknownNodeTypeMessage(name));
  }

  /**
   * A node type this library does not list (newer than the library), passed to
   * ElastiCache unchecked. The construct adds a warning, and the CPU alarm watches
   * `EngineCPUUtilization` because the vCPU count is unknown. The name must still
   * have the form `cache.<family>.<size>`.
   *
   * @param name the node type as ElastiCache spells it, e.g. `cache.r9g.large`
   */
  public static unlisted(name: string): CacheNodeType {
    return new CacheNodeType(name);
  }

  private constructor(
    /** The node type as ElastiCache spells it, e.g. `cache.t3.micro`. */
    public readonly name: string,
  ) {}

  /**
   * Whether the node type is in this library's table (false for `unlisted()` names
   * the table does not know, and for tokens).
   */
  public get isListed(): boolean {
    return typeof this.name === 'string' && NODE_TYPES.has(this.name);
  }

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
    return nodeFamily(this.family)?.dataTiering ?? false;
  }

  /** Whether the node type runs on AWS Graviton (ARM) processors; false when unknown. */
  public get isGraviton(): boolean {
    return this.isListed && (nodeFamily(this.family)?.graviton ?? false);
  }

  /**
   * Whether ElastiCache lists the node type as previous generation (no new clusters:
   * T1, M1, M2, M3, C1, R3).
   */
  public get isPreviousGeneration(): boolean {
    return nodeFamily(this.family)?.previousGeneration ?? false;
  }

  /**
   * The number of vCPUs from the node-type table; `undefined` for a node type the
   * table does not list.
   */
  public get vcpuCount(): number | undefined {
    return this.isListed ? NODE_TYPES.get(this.name)!.vcpus : undefined;
  }

  /**
   * The memory of the node in GiB as ElastiCache lists it; `undefined` for a node
   * type the table does not list.
   */
  public get memoryGib(): number | undefined {
    return this.isListed ? NODE_TYPES.get(this.name)!.memoryGib : undefined;
  }

  /** The node type name. */
  public toString(): string {
    return this.name;
  }
}

/** The error of `CacheNodeType.of()` for a name the table does not list. */
function unknownNodeTypeMessage(name: unknown): string {
  const shown = typeof name === 'string' ? `'${name}'` : `${String(name)} (${typeof name})`;
  let suggestions: string[] = [];
  if (typeof name === 'string') {
    const normalized = name.trim().toLowerCase();
    const prefixed = normalized.startsWith('cache.') ? normalized : `cache.${normalized}`;
    suggestions = NODE_TYPES.has(prefixed) ? [prefixed] : closest(prefixed, NODE_TYPES.keys());
    if (suggestions.length === 0) {
      const family = /^cache\.([a-z0-9-]+)\./.exec(prefixed)?.[1];
      suggestions = [...NODE_TYPES.values()].filter(t => t.family === family).map(t => t.name).slice(0, 3);
    }
  }
  const hint = suggestions.length > 0 ? `did you mean ${suggestions.map(s => `'${s}'`).join(', ')}? ` : '';
  return `CacheNodeType.of: cacheNodeType ${shown} is not an ElastiCache node type this library knows: ${hint}`
    + 'use a CacheNodeType constant or a name from the ElastiCache "Supported node types" page, e.g. \'cache.r7g.large\'; '
    + `for a node type newer than this library use CacheNodeType.unlisted(${typeof name === 'string' ? `'${name}'` : '...'})`;
}
