/**
 * Every ElastiCache node type this library knows, one row each.
 *
 * Source: Amazon ElastiCache user guide, "Supported node types"
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html),
 * its "Current Generation (Valkey)", "Current Generation (Redis OSS)" and "Burstable Performance
 * Instances" tables (memory GiB, minimum engine versions, vCPUs of the T nodes), read 2026-12-01;
 * previous-generation types and their vCPU/memory from the API reference `CacheNodeType` list
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html) and
 * "Previous generation nodes" (https://aws.amazon.com/elasticache/previous-generation/).
 * vCPUs of the current M/R/C families follow their EC2 sizes (large 2, xlarge 4, Nxlarge 4N).
 *
 * What each family supports, from the user guide pages cited per column:
 * - backups: "Snapshot and restore: backup constraints" (not on cache.t1.micro);
 * - multiAz: API `CacheNodeType` notes ("Multi-AZ with automatic failover is not supported on T1");
 * - globalDatastore: "Global Datastore: prerequisites" (M5, M6g, M7g, R5, R6g, R6gd, R7g, C7gn);
 * - dataTiering: "Data tiering" (R6gd);
 * - nitro (IPv6 / dual stack): "Choosing a network type" (not T1, T2, M1-M4, C1, R3, R4);
 * - previousGeneration: "creation of new clusters is not supported" (T1, M1, M2, M3, C1, R3).
 *
 * When AWS adds node types, add rows here (and `CacheNodeType.unlisted()` bridges the gap for users).
 */

/** What a node family supports. */
export interface NodeFamily {
  readonly family: string;
  /** Graviton (ARM) processors. */
  readonly graviton: boolean;
  /** Burstable (T) family. */
  readonly burstable: boolean;
  /** ElastiCache no longer creates new clusters on it. */
  readonly previousGeneration: boolean;
  /** Built on the Nitro system (IPv6 and dual stack possible). */
  readonly nitro: boolean;
  /** Local SSD for data tiering. */
  readonly dataTiering: boolean;
  /** Can be the primary (or a member) of a Global Datastore (large and bigger). */
  readonly globalDatastore: boolean;
  /** Automatic failover / Multi-AZ. */
  readonly multiAz: boolean;
  /** Automatic and manual snapshots. */
  readonly backups: boolean;
  /** At-rest encryption. */
  readonly atRestEncryption: boolean;
  /** The oldest Redis OSS version the family runs; undefined: Valkey only. */
  readonly minRedisVersion?: string;
  /** The oldest Valkey version the family runs. */
  readonly minValkeyVersion: string;
}

/** One node type. */
export interface NodeTypeRow {
  readonly name: string;
  readonly family: string;
  readonly size: string;
  readonly vcpus: number;
  /** Memory in GiB as the node-type tables list it. */
  readonly memoryGib: number;
  /** The oldest Redis OSS version this size runs, when it differs from its family's. */
  readonly minRedisVersion?: string;
}

const F = (family: string, o: Partial<NodeFamily>): NodeFamily => ({
  family,
  graviton: /\dg/.test(family),
  burstable: family.startsWith('t'),
  previousGeneration: false,
  nitro: true,
  dataTiering: false,
  globalDatastore: false,
  multiAz: true,
  backups: true,
  atRestEncryption: true,
  minRedisVersion: '4.0.10',
  minValkeyVersion: '7.2',
  ...o,
});

/** The node families. */
export const NODE_FAMILIES: readonly NodeFamily[] = [
  // general purpose
  F('m8g', { minRedisVersion: undefined }),
  F('m7g', { minRedisVersion: '6.2', globalDatastore: true }),
  F('m6g', { minRedisVersion: '5.0.6', globalDatastore: true }),
  F('m5', { globalDatastore: true }),
  F('m4', { nitro: false }),
  F('t4g', { minRedisVersion: '5.0.6' }),
  F('t3', {}),
  F('t2', { nitro: false }),
  // memory optimized
  F('r8g', { minRedisVersion: undefined }),
  F('r7g', { minRedisVersion: '6.2', globalDatastore: true }),
  F('r6g', { minRedisVersion: '5.0.6', globalDatastore: true }),
  F('r6gd', { minRedisVersion: '6.2', globalDatastore: true, dataTiering: true }),
  F('r5', { globalDatastore: true }),
  F('r4', { nitro: false }),
  // network optimized
  F('c8gn', { minRedisVersion: undefined }),
  F('c7gn', { minRedisVersion: '6.2', globalDatastore: true }),
  // previous generation
  F('t1', { previousGeneration: true, nitro: false, multiAz: false, backups: false, atRestEncryption: false }),
  F('m1', { previousGeneration: true, nitro: false, atRestEncryption: false }),
  F('m2', { previousGeneration: true, nitro: false, atRestEncryption: false }),
  F('m3', { previousGeneration: true, nitro: false }),
  F('c1', { previousGeneration: true, nitro: false, atRestEncryption: false }),
  F('r3', { previousGeneration: true, nitro: false }),
];

/** [size, memory GiB] per family; vCPUs from the size unless given as a third element. */
type Sizes = Array<[string, number, number?]>;
const GRAVITON_M: Sizes = [['large', 6.38], ['xlarge', 12.93], ['2xlarge', 26.04], ['4xlarge', 52.26], ['8xlarge', 103.68], ['12xlarge', 157.12], ['16xlarge', 209.55]];
const GRAVITON_R: Sizes = [['large', 13.07], ['xlarge', 26.32], ['2xlarge', 52.82], ['4xlarge', 105.81], ['8xlarge', 209.55], ['12xlarge', 317.77], ['16xlarge', 419.09]];
const GEN8: Sizes = [['large', 6.79], ['xlarge', 14.18], ['2xlarge', 29.68], ['4xlarge', 61.33], ['8xlarge', 124.65], ['12xlarge', 187.96], ['16xlarge', 251.27]];
const BURST: Sizes = [['micro', 0.5], ['small', 1.37], ['medium', 3.09]];

const SIZES: { readonly [family: string]: Sizes } = {
  m8g: GEN8,
  m7g: GRAVITON_M,
  m6g: GRAVITON_M,
  m5: [['large', 6.38], ['xlarge', 12.93], ['2xlarge', 26.04], ['4xlarge', 52.26], ['12xlarge', 157.12], ['24xlarge', 314.32]],
  m4: [['large', 6.42], ['xlarge', 14.28], ['2xlarge', 29.7], ['4xlarge', 60.78], ['10xlarge', 154.64]],
  t4g: BURST,
  t3: BURST,
  t2: [['micro', 0.555, 1], ['small', 1.55, 1], ['medium', 3.22, 2]],
  r8g: [['large', 14.18], ['xlarge', 29.68], ['2xlarge', 61.33], ['4xlarge', 124.65], ['8xlarge', 251.27], ['12xlarge', 377.9], ['16xlarge', 504.52]],
  r7g: GRAVITON_R,
  r6g: GRAVITON_R,
  r6gd: GRAVITON_R.slice(1),
  r5: [['large', 13.07], ['xlarge', 26.32], ['2xlarge', 52.82], ['4xlarge', 105.81], ['12xlarge', 317.77], ['24xlarge', 635.61]],
  r4: [['large', 12.3], ['xlarge', 25.05], ['2xlarge', 50.47], ['4xlarge', 101.38], ['8xlarge', 203.26], ['16xlarge', 407]],
  c8gn: [['large', 3.1], ['xlarge', 6.79], ['2xlarge', 14.18], ['4xlarge', 29.68], ['8xlarge', 61.33], ['12xlarge', 92.99], ['16xlarge', 124.65]],
  c7gn: [['large', 3.09], ['xlarge', 6.38], ['2xlarge', 12.94], ['4xlarge', 26.05], ['8xlarge', 52.26], ['12xlarge', 78.56], ['16xlarge', 105.81]],
  t1: [['micro', 0.213, 1]],
  m1: [['small', 1.3, 1], ['medium', 3.35, 1], ['large', 7.1, 2], ['xlarge', 14.6, 4]],
  m2: [['xlarge', 16.7, 2], ['2xlarge', 33.8, 4], ['4xlarge', 68, 8]],
  m3: [['medium', 2.78, 1], ['large', 6.05, 2], ['xlarge', 13.3, 4], ['2xlarge', 27.9, 8]],
  c1: [['xlarge', 6.6, 8]],
  r3: [['large', 13.5, 2], ['xlarge', 28.4, 4], ['2xlarge', 58.2, 8], ['4xlarge', 118, 16], ['8xlarge', 237, 32]],
};

/** vCPUs of an EC2-style size: micro to large 2, xlarge 4, Nxlarge 4N. */
function sizeVcpus(size: string): number {
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? 4 * Number(m[1]) : 2;
}

/** Sizes whose oldest Redis OSS version differs from the family's (the Redis OSS table: t4g.micro 4.0.10). */
const SIZE_MIN_REDIS: { readonly [name: string]: string } = { 'cache.t4g.micro': '4.0.10' };

/** Every node type, by name. */
export const NODE_TYPES: ReadonlyMap<string, NodeTypeRow> = new Map(
  NODE_FAMILIES.flatMap(f => SIZES[f.family].map(([size, memoryGib, vcpus]): [string, NodeTypeRow] => {
    const name = `cache.${f.family}.${size}`;
    return [name, { name, family: f.family, size, memoryGib, vcpus: vcpus ?? sizeVcpus(size), minRedisVersion: SIZE_MIN_REDIS[name] }];
  })),
);

/** The family row of a family name. */
export function nodeFamily(family: string | undefined): NodeFamily | undefined {
  return NODE_FAMILIES.find(f => f.family === family);
}

/** Levenshtein distance (for did-you-mean suggestions). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The candidates nearest to `wanted` (ties at the smallest edit distance, at most `max`, within a
 * distance that grows with the length).
 */
export function closest(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored = [...candidates].map(c => ({ c, d: editDistance(w, c.toLowerCase()) })).filter(x => x.d <= limit);
  // only the nearest: a transposed pair (distance 2) should not also suggest everything 2 edits away
  const best = Math.min(...scored.map(x => x.d));
  return scored.filter(x => x.d === best).sort((x, y) => x.c.localeCompare(y.c)).slice(0, max).map(x => x.c);
}
