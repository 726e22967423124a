import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AuthenticationMode, RedisAuthentication, RedisUserAuthenticationType, RedisUserProps } from './auth';
import { ClusterMode, IpDiscovery, LogFormat, NetworkType, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { DURABILITY_NODE_FAMILIES, DurabilityMode } from './durability';
import { CacheEngine, EngineVersion } from './engine';
import { CacheNodeType } from './node-type';
import { RedisPreset } from './presets';
import { AuthDescription, DEFAULT_ACCESS_STRING } from './private/auth-types';
import { userConstructId } from './private/naming';
import { NODE_FAMILIES, NODE_TYPES, NodeFamily, closest, nodeFamily } from './private/node-type-table';
import { DATA_TIERING_POLICIES, JUDGED_FAMILIES, RENAMED_PARAMETERS, parameterNames, parameterSpec, valueProblem } from './private/parameter-table';
import { withPythonNames } from './private/python-names';
import { AUTH_TOKEN_SPECIALS, EXCLUDE_FOR_AUTH_TOKEN, TokenSecretFindings, inspectTokenSecret } from './private/secret-check';
import { internetWidePeer, selectedPublicSubnets, selectsNoSubnets } from './private/subnets';
import { known, knownString } from './private/tokens';
import { MAINTENANCE_WINDOW_FORMAT, SNAPSHOT_WINDOW_FORMAT, parseMaintenanceWindow, parseSnapshotWindow, windowsOverlap } from './private/windows';
import type { AirDiscoveryRedisProps } from './redis';

/**
 * What the rules look at: the resolved configuration, the authentication choice,
 * and the raw props where a rule must know what the user set.
 * @internal
 */
export interface ValidationInput {
  readonly config: RedisConfiguration;
  readonly auth: AuthDescription;
  /** Resolves a token in the construct's stack (for rules about what reaches the template). */
  readonly resolve: (x: unknown) => unknown;
  /** Whether a logical id is a NoEcho CloudFormation parameter of the construct's stack. */
  readonly isNoEchoParameter: (logicalId: string) => boolean;
  /** `transitEncryptionMode` as the user gave it. */
  readonly transitEncryptionModeProp?: TransitEncryptionMode;
  /** Whether a customer-managed KMS key was given for at-rest encryption. */
  readonly encryptionKeyProp?: boolean;
  /** The props as given (rules about what the user set). */
  readonly props: AirDiscoveryRedisProps;
  /** Regions involved in a Global Datastore (tokens for environment-agnostic stacks). */
  readonly regions: { readonly self: string; readonly primary?: string; readonly secondaries: string[] };
  /** Snapshot retention in days (fractional when the Duration is not whole days), undefined for a token. */
  readonly snapshotRetentionDays?: number;
  /** The AZs of the subnet group's subnets, when all are known at synth (placement rules). */
  readonly subnetAvailabilityZones?: string[];
}

/**
 * The families the README groups the rules by, in the README's order.
 * @internal
 */
export const RULE_FAMILIES = [
  'inputs from every language',
  'identifiers and names',
  'engines and versions',
  'topology',
  'durability',
  'node types',
  'parameters',
  'authentication and encryption',
  'network',
  'backups and windows',
  'log delivery',
  'Global Datastore',
] as const;

/** @internal */
export type RuleFamily = typeof RULE_FAMILIES[number];

/**
 * What the README says about a rule.
 * @internal
 */
export interface RuleDocumentation {
  /** The README group. */
  readonly family: RuleFamily;
  /** What is rejected, in one line, in the user's terms (the README's first column). */
  readonly summary: string;
  /** Where the constraint comes from, markdown (the README's second column). */
  readonly source: string;
}

/**
 * One rule: when `condition` holds, the configuration is invalid.
 * @internal
 */
export interface ValidationRule extends RuleDocumentation {
  /** True when the configuration breaks the rule. Tokens must make it false. */
  readonly condition: (input: ValidationInput) => boolean;
  /** Lower-case, names the prop, the value received, what is allowed, how to fix; no trailing period. */
  readonly message: (input: ValidationInput) => string;
}

// ---- sources (markdown, for the README) ----------------------------------------------

const API_BASE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference';
const GUIDE_BASE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';
const CFN_BASE = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';
const api = (operation: string, parameter: string) => `[${operation}](${API_BASE}/API_${operation}.html) \`${parameter}\``;
const guide = (title: string, page: string) => `[user guide: ${title}](${GUIDE_BASE}/${page}.html)`;
const cfn = (resource: string, property: string) =>
  `[CloudFormation ${resource}](${CFN_BASE}/aws-resource-elasticache-${resource.toLowerCase()}.html) \`${property}\``;
const TF = 'https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache';
const terraform = (file: string, validator: string) => `[Terraform AWS provider](${TF}/${file}) \`${validator}\``;
const CFN_LINT_ENGINES = '[cfn-lint engine versions](https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/extensions/aws_elasticache_cachecluster/engine_version.json) (generated from `DescribeCacheEngineVersions`)';
const CDK_ALPHA = 'https://github.com/aws/aws-cdk/blob/main/packages/@aws-cdk/aws-elasticache-alpha/lib';
const NODE_TYPE_NOTES = api('CreateReplicationGroup', 'CacheNodeType');

// ---- helpers --------------------------------------------------------------------------

function outside(n: number | undefined, min: number, max: number): boolean {
  return known(n) && (!Number.isInteger(n) || n < min || n > max);
}

const quote = (values: string[]) => values.map(v => `'${v}'`).join(', ');

const isCluster = (i: ValidationInput) => i.config.clusterMode === ClusterMode.ENABLED;
const isRedisOss = (v: EngineVersion) => v.engine === CacheEngine.REDIS;
/** Redis OSS before major.minor.patch (only the Redis OSS versions before 6 have a patch level). */
function redisBefore(v: EngineVersion, major: number, minor: number, patch: number): boolean {
  if (!isRedisOss(v) || !knownString(v.version)) return false;
  const m = /^(\d+)\.(\d+|x)(?:\.(\d+))?$/.exec(v.version);
  if (!m) return false;
  const parts = [Number(m[1]), m[2] === 'x' ? 0 : Number(m[2]), Number(m[3] ?? 0)];
  const wanted = [major, minor, patch];
  for (let k = 0; k < 3; k++) {
    if (parts[k] !== wanted[k]) return parts[k] < wanted[k];
  }
  return false;
}

const DYNAMIC_REFERENCE = /^\{\{resolve:(secretsmanager|ssm-secure):[^{}]+\}\}$/;

/**
 * Whether a resolved token value is a dynamic reference (a string, or a Fn::Join
 * whose literal parts, separator and tokens in between spell one) or a Ref to a NoEcho
 * CloudFormation parameter.
 */
function isSecretReference(resolved: unknown, i: ValidationInput): boolean {
  if (typeof resolved === 'string') return DYNAMIC_REFERENCE.test(resolved);
  if (typeof resolved !== 'object' || resolved === null) return false;
  const r = resolved as Record<string, unknown>;
  if (Object.keys(r).length === 1 && typeof r.Ref === 'string') return i.isNoEchoParameter(r.Ref);
  const join = r['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const skeleton = (join[1] as unknown[]).map(part => typeof part === 'string' ? part : 'TOKEN').join(join[0]);
    return DYNAMIC_REFERENCE.test(skeleton);
  }
  return false;
}

/** Public subnets the selection picks (construct paths). */
const publicSubnets = (i: { props: AirDiscoveryRedisProps }) =>
  i.props.vpc && typeof i.props.vpc.selectSubnets === 'function' ? selectedPublicSubnets(i.props.vpc, i.props.vpcSubnets) : [];
/** allowedPeers that open the port to the whole internet: [CIDR, peer]. */
const internetPeers = (i: { props: AirDiscoveryRedisProps }) =>
  (Array.isArray(i.props.allowedPeers) ? i.props.allowedPeers : []).map(internetWidePeer).filter((c): c is string => c !== undefined);

/** What the construct can tell about the secret given to authTokenFromSecret() (memoized per input). */
const TOKEN_SECRET_CACHE = new WeakMap<object, TokenSecretFindings | undefined>();
function tokenSecret(i: ValidationInput): TokenSecretFindings | undefined {
  if (!TOKEN_SECRET_CACHE.has(i)) TOKEN_SECRET_CACHE.set(i, inspectTokenSecret(i.auth.tokenSecret, i.auth.tokenJsonField, i.resolve));
  return TOKEN_SECRET_CACHE.get(i);
}

/** Props a Global Datastore secondary must leave to its primary. */
const SECONDARY_INHERITED: Array<keyof AirDiscoveryRedisProps> = [
  'engineVersion', 'cacheNodeType', 'clusterMode', 'numShards', 'port', 'transitEncryption', 'transitEncryptionMode',
  'atRestEncryption', 'authentication', 'parameters', 'dataTiering', 'snapshotName', 'snapshotArns',
];
function secondaryOverrides(i: ValidationInput): string[] {
  if (!i.props.globalDatastore) return [];
  return SECONDARY_INHERITED.filter(k => i.props[k] !== undefined);
}

/** Node families without the Nitro system (no IPv6, no dual stack): the node-type table's `nitro` column. */
function isPreviousGeneration(t: CacheNodeType): boolean {
  return nodeFamily(t.family)?.nitro === false;
}
const familiesWhere = (test: (f: NodeFamily) => boolean) => NODE_FAMILIES.filter(test).map(f => f.family);
/** Families that ElastiCache lists as "previous generation: creation of new clusters is not supported" (T1, M1, M2, M3, C1, R3). */
const NO_NEW_CLUSTERS = familiesWhere(f => f.previousGeneration);
/** Families without at-rest encryption (user guide "At-Rest Encryption Conditions" lists every other one). */
const NO_AT_REST_ENCRYPTION = familiesWhere(f => !f.atRestEncryption);
/** Graviton families that need Redis OSS 5.0.6 or later (API `CacheNodeType` notes). */
const GRAVITON_506 = familiesWhere(f => f.minRedisVersion === '5.0.6');
/** The oldest Redis OSS version of a listed node type (undefined: Valkey only). */
function minRedisVersion(t: CacheNodeType): string | undefined {
  return NODE_TYPES.get(t.name)?.minRedisVersion ?? nodeFamily(t.family)?.minRedisVersion;
}
/** A listed node type that Redis OSS cannot run at all, or only from 6.2 (rows newer than the 5.0.6 rule). */
function nodeTypeEngineProblem(i: ValidationInput): string | undefined {
  const t = i.config.cacheNodeType;
  const v = i.config.engineVersion;
  if (!t.isListed || !isRedisOss(v) || !knownString(v.version) || !versionFormatOk(v)) return undefined;
  const min = minRedisVersion(t);
  if (min === undefined) return 'Valkey (it does not run Redis OSS)';
  if (min === '6.2' && !v.isAtLeast(6, 2)) return 'Redis OSS 6.2 or later, or Valkey';
  return undefined;
}

const isUserGroup = (i: ValidationInput) => i.auth.mode === AuthenticationMode.RBAC || i.auth.mode === AuthenticationMode.IAM;
const userType = (i: { auth?: AuthDescription }, u: RedisUserProps) => u.authenticationType ?? i.auth?.defaultAuthenticationType;
const hasIamUsers = (i: ValidationInput) => i.auth.users.some(u => userType(i, u) === RedisUserAuthenticationType.IAM);
/** Whether the construct rotates secrets it generates: `rotation` (else PROD's default) and a generated token or password user. */
const rotatesGeneratedSecrets = (i: ValidationInput) => (i.props.rotation ?? i.config.preset === RedisPreset.PROD)
  && (i.auth.mode === AuthenticationMode.AUTH_TOKEN
    ? i.auth.tokenSecret === undefined && i.auth.tokenValue === undefined
    : i.auth.users.some(u => userType(i, u) === RedisUserAuthenticationType.PASSWORD));
const badRotationSchedule = (d: Duration | undefined) => d instanceof Duration && !d.isUnresolved()
  && (!Number.isInteger(d.toHours({ integral: false })) || d.toHours({ integral: false }) < 4 || d.toDays({ integral: false }) > 1000);
const USER_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;
/** The access string the construct gives a user that sets none (auth.ts). */
const DEFAULT_USER_ACCESS = DEFAULT_ACCESS_STRING;
const accessOf = (u: RedisUserProps) => u.accessString ?? DEFAULT_USER_ACCESS;

function duplicates(names: Array<string | undefined>): string[] {
  return [...new Set(names.filter((n, idx): n is string => knownString(n) && names.indexOf(n) !== idx))];
}

/** User ids (or IAM user names, which are ids) that break the id pattern. */
function badUserIds(i: ValidationInput, what: string): string[] {
  const values = what === 'userId'
    ? i.auth.users.filter(u => userType(i, u) !== RedisUserAuthenticationType.IAM).map(u => u.userId)
    : i.auth.users.filter(u => userType(i, u) === RedisUserAuthenticationType.IAM).map(u => u.userName);
  return values.filter((v): v is string => knownString(v) && !USER_ID.test(v));
}

/** Access-string rules ElastiCache refuses: passwords (`>pass`, `#hash`) and `reset`. */
function forbiddenAccessRules(access: string | undefined): string[] {
  if (!knownString(access)) return [];
  return access.split(/\s+/).filter(t => t.startsWith('>') || t.startsWith('#') || t.toLowerCase() === 'reset');
}
/**
 * An access string (or rule) fit for a message: the password of every `>pass`, `<pass`, `#hash` and
 * `!hash` rule replaced by `***`, so that build logs never repeat a password.
 * @internal
 */
export function redactAccessString(access: string): string {
  return access.replace(/(^|\s)([><#!])\S+/g, '$1$2***');
}
/**
 * Pairs of users whose names collide: [first, second, what they share]. Token names take part in the construct-id
 * check: the construct names a token user `User<index>` by its place in the whole list (src/private/naming.ts).
 */
function userCollisions(i: ValidationInput): Array<[string, string, string]> {
  const users = i.auth.users.map((u, index) => ({ u, index }))
    .filter(({ u }) => typeof u.userName === 'string' && u.userName.trim() !== '');
  const shown = (x: { u: RedisUserProps; index: number }) => knownString(x.u.userName) ? x.u.userName : `(a token: user ${x.index + 1})`;
  const out: Array<[string, string, string]> = [];
  users.forEach((a, k) => users.slice(k + 1).forEach(b => {
    if (a.u.userName === b.u.userName) return; // reported as a duplicate name
    const idA = userConstructId(a.u.userName, a.index);
    if (idA === userConstructId(b.u.userName, b.index)) {
      out.push([shown(a), shown(b), `construct id '${idA}'`]);
      return;
    }
    const derived = (u: RedisUserProps) => !knownString(u.userName) ? undefined
      : userType(i, u) === RedisUserAuthenticationType.IAM ? u.userName.toLowerCase()
        : u.userId === undefined ? u.userName.toLowerCase().replace(/[^a-z0-9-]+/g, '-') : undefined;
    const da = derived(a.u);
    if (da !== undefined && da === derived(b.u)) out.push([shown(a), shown(b), `user id (ElastiCache stores '${da}' in lower case)`]);
  }));
  return out;
}

/** Every access string of the group: [what, value] (the default user's included). */
function accessStrings(i: ValidationInput): Array<[string, string | undefined]> {
  if (!isUserGroup(i)) return [];
  return [
    ...i.auth.users.map((u): [string, string | undefined] => [`accessString of user '${u.userName}'`, accessOf(u)]),
    ['defaultUserAccessString', i.auth.defaultUserAccessString],
  ];
}
const badAccessStrings = (i: ValidationInput) => accessStrings(i).filter(([, a]) => forbiddenAccessRules(a).length > 0);

/** Redis OSS versions ElastiCache offers (cfn-lint's list, from DescribeCacheEngineVersions), plus the `6.x` alias. */
const REDIS_OSS_VERSIONS = ['4.0.10', '5.0.6', '6.0', '6.x', '6.2', '7.0', '7.1'];
const VALKEY_VERSIONS = ['7.2', '8.0', '8.1', '8.2', '9.0', '9.1'];

/** Whether the version string has the form ElastiCache takes for the engine (Terraform's validators). */
function versionFormatOk(v: EngineVersion): boolean {
  if (v.engine === CacheEngine.VALKEY) return /^\d+\.\d+$/.test(v.version);
  return /^[1-5]\.\d+\.\d+$/.test(v.version) || /^6\.x$/.test(v.version) || /^([6-9]|[1-9]\d+)\.\d+$/.test(v.version);
}

/** The `cluster-enabled` value the construct needs for the cluster mode. */
const clusterEnabledValue = (i: ValidationInput) => i.config.clusterMode === ClusterMode.DISABLED ? 'no' : 'yes';

function snapshotArnProblems(arns: string[] | undefined): string[] {
  return (arns ?? []).filter(a => knownString(a) && !/^arn:aws[a-z-]*:s3:::[^,]+$/.test(a));
}

// ---- parameters (src/private/parameter-table.ts) ---------------------------------------------
const family = (i: { config: RedisConfiguration }) => i.config.engineVersion.parameterGroupFamily;
/** The user's parameters as [name, value] (values as strings; token values left out). */
function parameterEntries(i: { props: AirDiscoveryRedisProps }): Array<[string, string]> {
  const p = i.props.parameters;
  if (!p || typeof p !== 'object') return [];
  return Object.entries(p).filter(([, v]) => v !== undefined && v !== null && !Token.isUnresolved(v)).map(([k, v]) => [k, String(v)]);
}
const unchecked = (i: { props: AirDiscoveryRedisProps }) => Array.isArray(i.props.uncheckedParameters) ? i.props.uncheckedParameters : [];
/** Names the family does not have (families the table judges only), without the unchecked ones. */
function unknownParameters(i: ValidationInput): string[] {
  if (!JUDGED_FAMILIES.includes(family(i))) return [];
  return parameterEntries(i).map(([k]) => k).filter(k => k.trim() !== '' && !unchecked(i).includes(k) && parameterSpec(k, family(i)) === undefined);
}
function suggestParameter(name: string, fam: string): string {
  const renamed = RENAMED_PARAMETERS[name];
  const near = renamed ? [renamed] : closest(name, parameterNames(fam));
  return near.length > 0 ? `did you mean ${quote(near)}?` : 'no parameter of that family is close';
}
const notModifiable = (i: ValidationInput) => parameterEntries(i).map(([k]) => k).filter(k => parameterSpec(k, family(i))?.modifiable === false);
/** [name, value, what is allowed] of values that do not fit. */
function badParameterValues(i: ValidationInput): Array<[string, string, string]> {
  return parameterEntries(i).flatMap(([k, v]): Array<[string, string, string]> => {
    const spec = parameterSpec(k, family(i));
    const problem = spec && spec.modifiable ? valueProblem(spec, v) : undefined;
    return problem ? [[k, v, problem]] : [];
  });
}
function valueHint(name: string, value: string, fam: string): string {
  const spec = parameterSpec(name, fam);
  if (spec?.type.kind === 'enum') {
    const near = closest(value, spec.type.values);
    if (near.length > 0) return ` (did you mean '${near[0]}'?)`;
  }
  if (spec?.type.kind === 'boolean' && ['true', 'false', 'on', 'off', '1', '0'].includes(value.toLowerCase())) {
    return ` (write '${['true', 'on', '1'].includes(value.toLowerCase()) ? 'yes' : 'no'}')`;
  }
  return '';
}
const evictionPolicy = (i: ValidationInput) => parameterEntries(i).find(([k]) => k === 'maxmemory-policy')?.[1];

/** What is too long for ElastiCache's 24-hour maintenance windows. */
const MAX_MAINTENANCE_MINUTES = 24 * 60;
/** The longest output logical id the construct appends to the prefixes. */
const LONGEST_OUTPUT_NAME = 'RedisReaderEndpoint'.length;

// ==== placement, durability, IP discovery, snapshotting (issue 17; docs/topology.md) ===========

/** User guide "Durability: limitations" (the list this block follows). */
const DURABILITY_LIMITS = guide('Durability: limitations', 'Durability.Limitations');
const DURABILITY_CHANGES = guide('Changing durability on an existing cluster', 'Durability.ChangingDurability');
const isDurable = (i: ValidationInput) => i.config.durability !== undefined;
const durabilityName = (i: ValidationInput) => (i.config.durability ?? '').toUpperCase();
/** Redis Cluster's hash slots: 0-16383. */
const LAST_SLOT = 16383;

/** A shard's slots as [start, end] ranges, or undefined when the string is not `start-end[,start-end...]` within 0-16383. */
function parseSlots(slots: string): Array<[number, number]> | undefined {
  const ranges: Array<[number, number]> = [];
  for (const part of slots.split(',').map(x => x.trim())) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!m) return undefined;
    const start = Number(m[1]);
    const end = Number(m[2] ?? m[1]);
    if (start > end || end > LAST_SLOT) return undefined;
    ranges.push([start, end]);
  }
  return ranges;
}
const shardsOf = (i: ValidationInput) => i.props.shardConfigurations ?? [];
const knownSlots = (i: ValidationInput) => shardsOf(i).map(s => s.slots).filter((x): x is string => knownString(x));
const badSlots = (i: ValidationInput) => knownSlots(i).filter(x => parseSlots(x) === undefined);
/** The slot numbers two shards both claim (first few), when every known slots string parses. */
function overlappingSlots(i: ValidationInput): number[] {
  if (badSlots(i).length > 0) return [];
  const owner = new Map<number, number>();
  const overlaps: number[] = [];
  knownSlots(i).forEach((x, shard) => {
    for (const [start, end] of parseSlots(x)!) {
      for (let slot = start; slot <= end; slot++) {
        if (owner.has(slot) && owner.get(slot) !== shard && !overlaps.includes(slot)) overlaps.push(slot);
        owner.set(slot, shard);
      }
    }
  });
  return overlaps;
}
/** Slots no shard holds, as ranges (`a-b`), when every shard gives valid, non-overlapping slots. */
function uncoveredSlots(i: ValidationInput): string[] {
  const shards = shardsOf(i);
  if (shards.length === 0 || knownSlots(i).length !== shards.length || badSlots(i).length > 0 || overlappingSlots(i).length > 0) return [];
  const held = new Array<boolean>(LAST_SLOT + 1).fill(false);
  for (const x of knownSlots(i)) for (const [start, end] of parseSlots(x)!) for (let slot = start; slot <= end; slot++) held[slot] = true;
  const gaps: string[] = [];
  for (let slot = 0; slot <= LAST_SLOT; slot++) {
    if (held[slot]) continue;
    let end = slot;
    while (end < LAST_SLOT && !held[end + 1]) end++;
    gaps.push(slot === end ? `${slot}` : `${slot}-${end}`);
    slot = end;
  }
  return gaps;
}
const badNodeGroupIds = (i: ValidationInput) => shardsOf(i).map(s => s.nodeGroupId).filter((x): x is string => knownString(x) && !/^\d{1,4}$/.test(x));
/** Shards (1-based) whose replica AZ count differs from replicasPerShard. */
const replicaAzMismatch = (i: ValidationInput) => known(i.config.replicasPerShard) ? shardsOf(i)
  .map((s, k) => ({ k: k + 1, azs: s.replicaAvailabilityZones }))
  .filter(x => x.azs !== undefined && !Token.isUnresolved(x.azs) && x.azs.length !== i.config.replicasPerShard) : [];
const replicaAzDuplicates = (i: ValidationInput) => shardsOf(i).flatMap(s => duplicates(s.replicaAvailabilityZones ?? []));
/** Every AZ the placement props name. */
const placementAzs = (i: ValidationInput) => [
  ...(i.props.preferredAvailabilityZones ?? []),
  ...shardsOf(i).flatMap(s => [s.primaryAvailabilityZone, ...(s.replicaAvailabilityZones ?? [])]),
].filter((x): x is string => knownString(x));
const foreignAzs = (i: ValidationInput) => i.subnetAvailabilityZones === undefined ? []
  : [...new Set(placementAzs(i).filter(az => !i.subnetAvailabilityZones!.includes(az)))];
const preferredAzs = (i: ValidationInput) => i.props.preferredAvailabilityZones;
/** The member node ids of a cluster-mode-disabled group (`<group>-001` ...), when id and count are known. */
function memberIds(i: ValidationInput): string[] | undefined {
  if (!knownString(i.config.replicationGroupId) || !known(i.config.totalNodes) || isCluster(i)) return undefined;
  return Array.from({ length: i.config.totalNodes }, (_, k) => `${i.config.replicationGroupId.toLowerCase()}-${String(k + 1).padStart(3, '0')}`);
}

/**
 * The rules of placement, durability, IP discovery and snapshotting, appended to
 * `RULES` (each under its family in the README).
 * @internal
 */
export const PLACEMENT_AND_DURABILITY_RULES: ValidationRule[] = [
  // ---- durability: user guide "Durability: limitations" and "Changing durability on an existing cluster"
  {
    family: 'durability',
    summary: '`durability` on Redis OSS or before Valkey 9.0',
    source: DURABILITY_LIMITS,
    condition: i => isDurable(i) && knownString(i.config.engineVersion.version)
      && (isRedisOss(i.config.engineVersion) || !i.config.engineVersion.isAtLeast(9, 0)),
    message: i => `durability ${durabilityName(i)} needs Valkey 9.0 or later, got engineVersion ${i.config.engineVersion}: use EngineVersion.VALKEY_9_0 or later, or remove durability`,
  },
  {
    family: 'durability',
    summary: '`durability` without cluster mode ENABLED (cluster mode disabled and compatible are not supported)',
    source: `${DURABILITY_LIMITS} ("not supported for Cluster Mode Disabled (CMD) clusters"); ${DURABILITY_CHANGES} ("The cluster uses Cluster Mode Enabled")`,
    condition: i => isDurable(i) && i.config.clusterMode !== ClusterMode.ENABLED,
    message: i => `durability ${durabilityName(i)} needs clusterMode ENABLED, got clusterMode ${i.config.clusterMode.toUpperCase()}: set clusterMode to ClusterMode.ENABLED (numShards, replicasPerShard), or remove durability`,
  },
  {
    family: 'durability',
    summary: '`durability` without `multiAz`',
    source: `${DURABILITY_LIMITS} ("requires Multi-AZ enabled with at least one replica per shard")`,
    condition: i => isDurable(i) && !i.config.multiAz,
    message: i => `durability ${durabilityName(i)} needs multiAz, got multiAz false: set multiAz to true (with at least one replica per shard)`,
  },
  {
    family: 'durability',
    summary: '`durability` with `replicasPerShard: 0`',
    source: `${DURABILITY_LIMITS} ("requires Multi-AZ enabled with at least one replica per shard")`,
    condition: i => isDurable(i) && isCluster(i) && known(i.config.replicasPerShard) && i.config.replicasPerShard < 1,
    message: i => `durability ${durabilityName(i)} needs at least one replica per shard, got replicasPerShard ${i.config.replicasPerShard}: set replicasPerShard to 1 or more`,
  },
  {
    family: 'durability',
    summary: '`durability` without in-transit encryption',
    source: `${DURABILITY_LIMITS} ("requires encryption in-transit (TLS) to be enabled at cluster creation")`,
    condition: i => isDurable(i) && !i.config.transitEncryption,
    message: i => `durability ${durabilityName(i)} needs in-transit encryption, got transitEncryption false: set transitEncryption to true`,
  },
  {
    family: 'durability',
    summary: '`durability` with `atRestEncryption: false` (durability requires, and turns on, at-rest encryption)',
    source: `${DURABILITY_LIMITS} ("requires and automatically enables encryption at-rest"); ${cfn('ReplicationGroup', 'AtRestEncryptionEnabled')} (create-only)`,
    condition: i => isDurable(i) && !i.config.atRestEncryption,
    message: i => `durability ${durabilityName(i)} needs at-rest encryption, got atRestEncryption false: remove atRestEncryption: false (ElastiCache would turn it on anyway, against the template)`,
  },
  {
    family: 'durability',
    summary: '`durability` on a node type outside R8g, R7g, R6g, M8g, M7g, M6g, C8gn and C7gn',
    source: `${DURABILITY_LIMITS} (supported instance type families)`,
    condition: i => isDurable(i) && i.config.cacheNodeType.family !== undefined && !DURABILITY_NODE_FAMILIES.includes(i.config.cacheNodeType.family),
    message: i => `durability ${durabilityName(i)} needs a node type of the ${DURABILITY_NODE_FAMILIES.join(', ')} families, got cacheNodeType ${i.config.cacheNodeType.name}: e.g. CacheNodeType.of('cache.r7g.large')`,
  },
  {
    family: 'durability',
    summary: '`durability` with `dataTiering`',
    source: `${DURABILITY_LIMITS} ("not supported with ... data tiering")`,
    condition: i => isDurable(i) && i.config.dataTiering,
    message: i => `durability ${durabilityName(i)} cannot be combined with dataTiering, got dataTiering true: remove one of them (and use an r6g/r7g node type for durability)`,
  },
  {
    family: 'durability',
    summary: '`durability` on a Global Datastore secondary',
    source: `${DURABILITY_LIMITS} ("not supported with Global Datastores")`,
    condition: i => isDurable(i) && i.props.globalDatastore !== undefined,
    message: i => `durability ${durabilityName(i)} is not supported on a Global Datastore member, got durability on a secondary: remove durability`,
  },

  // ---- placement: API CreateReplicationGroup PreferredCacheClusterAZs / NodeGroupConfiguration
  {
    family: 'topology',
    summary: '`preferredAvailabilityZones` with cluster mode ENABLED (use `shardConfigurations`)',
    source: `${api('CreateReplicationGroup', 'PreferredCacheClusterAZs')} ("PreferredCacheClusterAZs can only be specified for one node group")`,
    condition: i => isCluster(i) && preferredAzs(i) !== undefined,
    message: () => 'preferredAvailabilityZones is for one node group (cluster mode disabled or compatible), got it with clusterMode ENABLED: place each shard with shardConfigurations (primaryAvailabilityZone, replicaAvailabilityZones)',
  },
  {
    family: 'topology',
    summary: '`preferredAvailabilityZones` whose count differs from `numCacheNodes`',
    source: `${api('CreateReplicationGroup', 'PreferredCacheClusterAZs')} ("The number of Availability Zones listed must equal the value of NumCacheClusters")`,
    condition: i => !isCluster(i) && preferredAzs(i) !== undefined && !Token.isUnresolved(preferredAzs(i)) && known(i.config.totalNodes)
      && preferredAzs(i)!.length !== i.config.totalNodes,
    message: i => `preferredAvailabilityZones must name one AZ per node, ${i.config.totalNodes} for numCacheNodes ${i.config.totalNodes}, got ${preferredAzs(i)!.length} (${quote(preferredAzs(i)!)}): list the primary's AZ first, then one per replica`,
  },
  {
    family: 'topology',
    summary: '`preferredAvailabilityZones` that names an AZ twice',
    source: `${cfn('ReplicationGroup', 'PreferredCacheClusterAZs')} (resource schema: \`uniqueItems\`)`,
    condition: i => duplicates(preferredAzs(i) ?? []).length > 0,
    message: i => `preferredAvailabilityZones must name each AZ once (CloudFormation's schema requires unique items), got ${quote(duplicates(preferredAzs(i) ?? []))} more than once: use as many nodes as distinct AZs, or leave preferredAvailabilityZones out`,
  },
  {
    family: 'topology',
    summary: 'an AZ in `preferredAvailabilityZones` or `shardConfigurations` that none of the subnet group\'s subnets is in',
    source: `${api('CreateReplicationGroup', 'PreferredCacheClusterAZs')}; ${guide('Subnets and subnet groups', 'SubnetGroups')} (nodes are placed in the subnet group's subnets)`,
    condition: i => foreignAzs(i).length > 0,
    message: i => `availability zones ${quote(foreignAzs(i))} have no subnet in the subnet group, whose subnets are in ${quote(i.subnetAvailabilityZones ?? [])}: use those AZs, or select subnets in the AZs you want with vpcSubnets`,
  },
  {
    family: 'topology',
    summary: '`shardConfigurations` without cluster mode ENABLED (use `preferredAvailabilityZones`)',
    source: `${cfn('ReplicationGroup', 'NodeGroupConfiguration')}; ${api('CreateReplicationGroup', 'NodeGroupConfiguration')}`,
    condition: i => !isCluster(i) && i.props.shardConfigurations !== undefined,
    message: i => `shardConfigurations needs clusterMode ENABLED, got clusterMode ${i.config.clusterMode.toUpperCase()}: with one node group place the nodes with preferredAvailabilityZones`,
  },
  {
    family: 'topology',
    summary: '`shardConfigurations` whose count differs from `numShards`',
    source: `${api('CreateReplicationGroup', 'NodeGroupConfiguration')} (one configuration per node group)`,
    condition: i => isCluster(i) && i.props.shardConfigurations !== undefined && known(i.config.numShards)
      && i.props.shardConfigurations.length !== i.config.numShards,
    message: i => `shardConfigurations must have one entry per shard, ${i.config.numShards} for numShards ${i.config.numShards}, got ${shardsOf(i).length}: add or remove entries, or leave numShards out (it defaults to the number of entries)`,
  },
  {
    family: 'topology',
    summary: 'a shard\'s `replicaAvailabilityZones` whose count differs from `replicasPerShard`',
    source: `${api('NodeGroupConfiguration', 'ReplicaAvailabilityZones')} ("must match the value of ReplicaCount or ReplicasPerNodeGroup")`,
    condition: i => isCluster(i) && replicaAzMismatch(i).length > 0,
    message: i => `replicaAvailabilityZones must name one AZ per replica, ${i.config.replicasPerShard} for replicasPerShard ${i.config.replicasPerShard}, got ${replicaAzMismatch(i).map(x => `${x.azs!.length} in shard ${x.k}`).join(', ')}: fix the lists, or leave them out`,
  },
  {
    family: 'topology',
    summary: 'a shard\'s `replicaAvailabilityZones` that names an AZ twice',
    source: `${cfn('ReplicationGroup', 'NodeGroupConfiguration')} (resource schema: \`ReplicaAvailabilityZones\` \`uniqueItems\`)`,
    condition: i => replicaAzDuplicates(i).length > 0,
    message: i => `replicaAvailabilityZones must name each AZ once per shard (CloudFormation's schema requires unique items), got ${quote([...new Set(replicaAzDuplicates(i))])} more than once: give each replica of a shard its own AZ, or leave the list out`,
  },
  {
    family: 'topology',
    summary: 'a `nodeGroupId` that is not 1-4 digits, or two shards with one `nodeGroupId`',
    source: `${api('NodeGroupConfiguration', 'NodeGroupId')} (pattern \`\\d+\`, 1-4 characters)`,
    condition: i => badNodeGroupIds(i).length > 0 || duplicates(shardsOf(i).map(s => s.nodeGroupId)).length > 0,
    message: i => `nodeGroupId must be 1-4 digits and unique per shard, got ${quote([...badNodeGroupIds(i), ...duplicates(shardsOf(i).map(s => s.nodeGroupId))])}: e.g. '0001', or leave nodeGroupId out`,
  },
  {
    family: 'topology',
    summary: 'shard `slots` that are not `start-end` ranges within 0-16383',
    source: `${api('NodeGroupConfiguration', 'Slots')} ("startkey-endkey", keyspaces 0 to 16,383)`,
    condition: i => badSlots(i).length > 0,
    message: i => `slots must be start-end ranges within 0-16383 (comma-separated), got ${quote(badSlots(i))}: e.g. '0-5460'`,
  },
  {
    family: 'topology',
    summary: 'two shards whose `slots` overlap',
    source: `${api('NodeGroupConfiguration', 'Slots')}; Redis Cluster specification (each hash slot is served by one shard)`,
    condition: i => overlappingSlots(i).length > 0,
    message: i => `each hash slot belongs to one shard, got slots ${overlappingSlots(i).slice(0, 5).join(', ')}${overlappingSlots(i).length > 5 ? ', ...' : ''} in more than one shard: make the ranges disjoint`,
  },
  {
    family: 'topology',
    summary: 'shard `slots` on every shard that leave some of 0-16383 unassigned',
    source: `${api('NodeGroupConfiguration', 'Slots')}; Redis Cluster specification (all 16384 slots must be served)`,
    condition: i => uncoveredSlots(i).length > 0,
    message: i => `the shards' slots must cover 0-16383, got no shard for ${uncoveredSlots(i).slice(0, 5).join(', ')}${uncoveredSlots(i).length > 5 ? ', ...' : ''}: extend the ranges, or leave slots out for an even split`,
  },

  // ---- IP discovery: CFN IpDiscovery / user guide "Choosing a network type"
  {
    family: 'network',
    summary: '`ipDiscovery` IPV6 with `networkType` IPV4, or IPV4 with `networkType` IPV6',
    source: `${cfn('ReplicationGroup', 'IpDiscovery')}; ${guide('Choosing a network type', 'network-type')} (discovery returns addresses the nodes have)`,
    condition: i => i.props.ipDiscovery !== undefined && i.config.networkType !== NetworkType.DUAL_STACK
      && (i.props.ipDiscovery === IpDiscovery.IPV6) !== (i.config.networkType === NetworkType.IPV6),
    message: i => `ipDiscovery ${i.props.ipDiscovery!.toUpperCase()} needs networkType ${i.props.ipDiscovery!.toUpperCase()} or DUAL_STACK, got networkType ${i.config.networkType.toUpperCase()}: use NetworkType.DUAL_STACK, or ipDiscovery ${i.config.networkType.toUpperCase()}`,
  },

  // ---- snapshotting cluster: CFN SnapshottingClusterId
  {
    family: 'backups and windows',
    summary: '`snapshottingClusterId` with cluster mode ENABLED',
    source: `${cfn('ReplicationGroup', 'SnapshottingClusterId')} ("cannot be set for Valkey or Redis OSS (cluster mode enabled) replication groups")`,
    condition: i => isCluster(i) && i.props.snapshottingClusterId !== undefined,
    message: i => `snapshottingClusterId cannot be set with clusterMode ENABLED, got '${i.props.snapshottingClusterId}': remove it (ElastiCache snapshots each shard itself)`,
  },
  {
    family: 'backups and windows',
    summary: '`snapshottingClusterId` that is not a member node of the group (`<replicationGroupId>-001` ... up to `numCacheNodes`)',
    source: `${cfn('ReplicationGroup', 'SnapshottingClusterId')} ("The cluster ID that is used as the daily snapshot source for the replication group")`,
    condition: i => knownString(i.props.snapshottingClusterId) && memberIds(i) !== undefined
      && !memberIds(i)!.includes(i.props.snapshottingClusterId.toLowerCase()),
    message: i => `snapshottingClusterId must be a member node of the group, one of ${quote(memberIds(i)!)}, got '${i.props.snapshottingClusterId}': pick a replica, e.g. '${memberIds(i)![Math.min(1, memberIds(i)!.length - 1)]}'`,
  },
];

/**
 * The rule table. Every rule cites where the constraint comes from (`source`,
 * rendered into the README by scripts/render-validation-rules.ts). Rules are
 * grouped by family; the order is the order of the messages.
 * @internal
 */
export const RULES: ValidationRule[] = [
  // ==== identifiers and names ==========================================================
  // API CreateReplicationGroup ReplicationGroupId: 1-40 alphanumerics or hyphens,
  // first a letter, no two consecutive hyphens, not ending with a hyphen.
  {
    family: 'identifiers and names',
    summary: '`replicationGroupId` that is not 1-40 letters, digits or hyphens starting with a letter, or that contains `--` or ends with `-`',
    source: `${api('CreateReplicationGroup', 'ReplicationGroupId')}; ${terraform('replication_group.go', 'validateReplicationGroupID')}`,
    condition: i => knownString(i.config.replicationGroupId) && !/^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/.test(i.config.replicationGroupId) ||
      knownString(i.config.replicationGroupId) && (i.config.replicationGroupId.length > 40 || i.config.replicationGroupId.endsWith('-')),
    message: i => `replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '${i.config.replicationGroupId}' (${i.config.replicationGroupId.length} characters): fix it, or leave it out for a generated one`,
  },
  // Terraform: description StringIsNotEmpty; CloudFormation: ReplicationGroupDescription is required.
  {
    family: 'identifiers and names',
    summary: 'an empty `description`',
    source: `${cfn('ReplicationGroup', 'ReplicationGroupDescription')} (required); ${terraform('replication_group.go', 'description: StringIsNotEmpty')}`,
    condition: i => knownString(i.config.description) && i.config.description.trim() === '',
    message: i => `description must not be empty, got '${i.config.description}': describe the cache, or leave description out for the default`,
  },
  // API CreateCacheSubnetGroup CacheSubnetGroupName: at most 255 letters, digits or hyphens.
  {
    family: 'identifiers and names',
    summary: '`subnetGroupName` that is not 1-255 letters, digits or hyphens',
    source: api('CreateCacheSubnetGroup', 'CacheSubnetGroupName'),
    condition: i => knownString(i.props.subnetGroupName) && !/^[a-zA-Z0-9-]{1,255}$/.test(i.props.subnetGroupName),
    message: i => `subnetGroupName must be 1-255 letters, digits or hyphens, got '${i.props.subnetGroupName}' (${i.props.subnetGroupName!.length} characters): fix it, or leave it out for '<replicationGroupId>-subnets'`,
  },
  // API CreateUser UserId: pattern [a-zA-Z][a-zA-Z0-9\-]*, at least 1 character.
  ...['userId', 'userName of an IAM user'].map((what): ValidationRule => ({
    family: 'identifiers and names',
    summary: what === 'userId'
      ? 'a `userId` that does not start with a letter or has characters other than letters, digits and hyphens'
      : 'an IAM user whose `userName` (which is also its user id) does not start with a letter or has characters other than letters, digits and hyphens',
    source: `${api('CreateUser', 'UserId')}${what === 'userId' ? '' : `; ${guide('Authenticating with IAM', 'auth-iam')} (user id = user name)`}`,
    condition: i => badUserIds(i, what).length > 0,
    message: i => `${what} must start with a letter and contain only letters, digits and hyphens, got ${quote(badUserIds(i, what))}: rename it, e.g. 'air-api'`,
  })),
  // API CreateUser UserName: minimum length 1.
  {
    family: 'identifiers and names',
    summary: 'an empty `userName`',
    source: api('CreateUser', 'UserName'),
    condition: i => i.auth.users.some(u => knownString(u.userName) && u.userName.trim() === ''),
    message: i => `userName must not be empty, got ${quote(i.auth.users.filter(u => knownString(u.userName) && u.userName.trim() === '').map(u => u.userName))}: name every user`,
  },
  {
    family: 'identifiers and names',
    summary: 'two users with the same `userName`',
    source: `${cfn('UserGroup', 'UserIds')} (unique); [aws-elasticache-alpha UserGroup](${CDK_ALPHA}/user-group.ts) ("User group cannot have users with the same user name")`,
    condition: i => duplicates(i.auth.users.map(u => u.userName)).length > 0,
    message: i => `authentication user names must be unique, got ${quote(duplicates(i.auth.users.map(u => u.userName)))} more than once: give each user its own userName`,
  },
  {
    family: 'identifiers and names',
    summary: 'two users with the same explicit `userId`',
    source: `${cfn('UserGroup', 'UserIds')} (unique items); user ids are unique per account and region (${api('CreateUser', 'UserId')})`,
    condition: i => duplicates(i.auth.users.filter(u => userType(i, u) !== RedisUserAuthenticationType.IAM).map(u => u.userId)).length > 0,
    message: i => `authentication userId values must be unique, got ${quote(duplicates(i.auth.users.filter(u => userType(i, u) !== RedisUserAuthenticationType.IAM).map(u => u.userId)))} more than once: give each user its own userId or leave userId out`,
  },
  // Construct ids are a contract: two user names that map to one construct id ("There is already a Construct
  // with name ...") or to one derived user id (ElastiCache stores ids in lower case) would collide.
  {
    family: 'identifiers and names',
    summary: 'two user names that map to the same construct id or the same generated user id (they differ only in case or punctuation, e.g. `app-user` and `app_user`)',
    source: `${api('CreateUser', 'UserId')} ("stored as a lowercase string"); [AWS CDK construct ids](https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html) (unique among siblings)`,
    condition: i => userCollisions(i).length > 0,
    message: i => `${userCollisions(i).map(([a, b, what]) => `userName '${a}' and userName '${b}' map to the same ${what}`).join('; ')}: rename one of them (user names may differ in more than case and punctuation), or give each an explicit userId`,
  },
  // API CreateUserGroup / CFN UserGroup UserGroupId: pattern [a-zA-Z][a-zA-Z0-9\-]*.
  {
    family: 'identifiers and names',
    summary: '`userGroupId` that does not start with a letter or has characters other than letters, digits and hyphens',
    source: cfn('UserGroup', 'UserGroupId'),
    condition: i => knownString(i.auth.userGroupId) && !USER_ID.test(i.auth.userGroupId),
    message: i => `userGroupId must start with a letter and contain only letters, digits and hyphens, got '${i.auth.userGroupId}': fix it, or leave it out for a generated one`,
  },
  // aws-elasticache-alpha UserGroup: "ElastiCache is allowing only ... max 40 characters for user group id".
  {
    family: 'identifiers and names',
    summary: '`userGroupId` longer than 40 characters',
    source: `[aws-elasticache-alpha UserGroup](${CDK_ALPHA}/user-group.ts) (user group ids of at most 40 characters)`,
    condition: i => knownString(i.auth.userGroupId) && i.auth.userGroupId.length > 40,
    message: i => `userGroupId must be at most 40 characters, got '${i.auth.userGroupId}' (${i.auth.userGroupId!.length} characters): shorten it, or leave it out for a generated one`,
  },
  // CloudFormation template anatomy: logical ids are alphanumeric (A-Za-z0-9), at most 255 characters.
  {
    family: 'identifiers and names',
    summary: '`outputIdPrefix` with characters other than letters and digits, or so long that an output logical id passes 255 characters',
    source: '[CloudFormation template anatomy: logical ids](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html) (alphanumeric, at most 255 characters)',
    condition: i => (i.props.outputs ?? true) && knownString(i.props.outputIdPrefix) && (!/^[A-Za-z0-9]*$/.test(i.props.outputIdPrefix) || i.props.outputIdPrefix.length + LONGEST_OUTPUT_NAME > 255),
    message: i => `outputIdPrefix must be letters and digits only, at most ${255 - LONGEST_OUTPUT_NAME} characters (output logical ids are alphanumeric), got '${i.props.outputIdPrefix}': e.g. 'Sessions'`,
  },
  // aws-cdk-lib CfnOutput.validateOutput (CloudFormation export names): [A-Za-z0-9-:], 1-255 characters.
  {
    family: 'identifiers and names',
    summary: '`exportNamePrefix` with characters other than letters, digits, `:` and `-`, or so long that an export name passes 255 characters',
    source: '[aws-cdk-lib CfnOutput](https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/core/lib/cfn-output.ts) `validateOutput` (export names)',
    condition: i => (i.props.outputs ?? true) && knownString(i.props.exportNamePrefix) && (!/^[A-Za-z0-9:-]*$/.test(i.props.exportNamePrefix) || i.props.exportNamePrefix.length + LONGEST_OUTPUT_NAME > 255),
    message: i => `exportNamePrefix must be letters, digits, ':' or '-', at most ${255 - LONGEST_OUTPUT_NAME} characters (CloudFormation export names), got '${i.props.exportNamePrefix}': e.g. 'air-discovery-dev-'`,
  },

  // ==== engines and versions ===========================================================
  // Terraform validRedisVersionString / validValkeyVersionString: Redis OSS 6+ and Valkey
  // take major.minor (Redis OSS also 6.x), Redis OSS before 6 major.minor.patch.
  {
    family: 'engines and versions',
    summary: 'an `EngineVersion.of()` version string that is not `major.minor` (Redis OSS 6 and later, Valkey; `6.x` too) or `major.minor.patch` (Redis OSS before 6)',
    source: `${terraform('engine_version.go', 'validRedisVersionString / validValkeyVersionString')}; ${cfn('ReplicationGroup', 'EngineVersion')}`,
    condition: i => knownString(i.config.engineVersion.version) && !versionFormatOk(i.config.engineVersion),
    message: i => `engineVersion must be 'major.minor' for ${i.config.engineVersion.engine === CacheEngine.VALKEY ? 'Valkey' : 'Redis OSS 6 and later (or 6.x), major.minor.patch before 6'}, got '${i.config.engineVersion.version}': e.g. EngineVersion.of(CacheEngine.${i.config.engineVersion.engine === CacheEngine.VALKEY ? "VALKEY, '8.2'" : "REDIS, '7.1'"})`,
  },
  // ElastiCache offers Valkey from 7.2: 7.2, 8.0, 8.1, 8.2, 9.0, 9.1 (later majors and minors are not judged).
  {
    family: 'engines and versions',
    summary: 'a Valkey version before 7.2, or a Valkey 7 other than 7.2 (ElastiCache offers 7.2, 8.0, 8.1, 8.2, 9.0, 9.1)',
    source: `${guide('Engine versions and upgrading', 'engine-versions')}; ${CFN_LINT_ENGINES}`,
    condition: i => i.config.engineVersion.engine === CacheEngine.VALKEY && knownString(i.config.engineVersion.version)
      && versionFormatOk(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(7, 2)
      || i.config.engineVersion.engine === CacheEngine.VALKEY && i.config.engineVersion.majorVersion === 7
        && i.config.engineVersion.minorVersion !== 2,
    message: i => `engineVersion valkey ${i.config.engineVersion.version} does not exist on ElastiCache, which offers Valkey ${VALKEY_VERSIONS.join(', ')}: use EngineVersion.VALKEY_7_2 or later`,
  },
  // cfn-lint's version list (from DescribeCacheEngineVersions): Redis OSS 4.0.10, 5.0.6, 6.0, 6.2, 7.0, 7.1.
  // Majors after 7 are not judged (EngineVersion.of is the escape hatch for versions newer than this library).
  {
    family: 'engines and versions',
    summary: 'a Redis OSS version ElastiCache does not offer: before 6 anything but 4.0.10 and 5.0.6, a 6 other than 6.0/6.2/6.x, a 7 other than 7.0/7.1',
    source: `${CFN_LINT_ENGINES}; ${guide('Engine versions and upgrading', 'engine-versions')}`,
    condition: i => isRedisOss(i.config.engineVersion) && knownString(i.config.engineVersion.version) && versionFormatOk(i.config.engineVersion)
      && (i.config.engineVersion.majorVersion ?? 0) <= 7 && !REDIS_OSS_VERSIONS.includes(i.config.engineVersion.version),
    message: i => `engineVersion redis ${i.config.engineVersion.version} is not offered by ElastiCache, which has Redis OSS ${REDIS_OSS_VERSIONS.join(', ')}: use one of those, e.g. EngineVersion.REDIS_7_1, or Valkey`,
  },
  // API CacheNodeType notes: "The configuration variables appendonly and appendfsync are not supported on Valkey,
  // or on Redis OSS version 2.8.22 and later."
  {
    family: 'engines and versions',
    summary: '`parameters` with `appendonly` or `appendfsync` (not supported on Valkey or Redis OSS 2.8.22 and later)',
    source: NODE_TYPE_NOTES,
    condition: i => Object.keys(i.props.parameters ?? {}).some(k => ['appendonly', 'appendfsync'].includes(k)),
    message: i => `parameters must not set ${quote(Object.keys(i.props.parameters ?? {}).filter(k => ['appendonly', 'appendfsync'].includes(k)))}: ElastiCache does not support AOF on Valkey or Redis OSS 2.8.22 and later; remove them and rely on replicas, Multi-AZ and snapshots`,
  },

  // ==== topology ===========================================================================
  // API CreateReplicationGroup NumCacheClusters: 1-6 (a primary and up to five replicas).
  {
    family: 'topology',
    summary: '`numCacheNodes` outside 1-6 or not whole (cluster mode disabled)',
    source: `${api('CreateReplicationGroup', 'NumCacheClusters')}; [cfn-lint](https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/data/schemas/extensions/aws_elasticache_replicationgroup/numcacheclusters_integer.json)`,
    condition: i => !isCluster(i) && outside(i.config.totalNodes, 1, 6),
    message: i => `numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got ${i.config.totalNodes}: for more nodes use clusterMode ENABLED`,
  },
  // CFN MultiAZEnabled: "AutomaticFailoverEnabled must be enabled"; user guide "Minimizing downtime
  // with Multi-AZ": needs at least one replica.
  {
    family: 'topology',
    summary: '`multiAz` with a single node',
    source: guide('Minimizing downtime with Multi-AZ', 'AutoFailover'),
    condition: i => i.config.multiAz && !isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes < 2,
    message: i => `multiAz needs at least 2 nodes (a primary and a replica), got numCacheNodes ${i.config.totalNodes}: set numCacheNodes to 2 or more, or multiAz to false`,
  },
  {
    family: 'topology',
    summary: '`multiAz` without `automaticFailover`',
    source: `${cfn('ReplicationGroup', 'MultiAZEnabled')}; ${terraform('replication_group.go', 'replicationGroupValidateMultiAZAutomaticFailover')}`,
    condition: i => i.config.multiAz && !i.config.automaticFailover,
    message: () => 'multiAz needs automaticFailover, got automaticFailover false: set automaticFailover to true or multiAz to false',
  },
  // CFN AutomaticFailoverEnabled: not allowed with fewer than two nodes when cluster mode is disabled.
  {
    family: 'topology',
    summary: '`automaticFailover` with a single node (cluster mode disabled)',
    source: `${cfn('ReplicationGroup', 'AutomaticFailoverEnabled')}; ${terraform('replication_group.go', 'replicationGroupValidateAutomaticFailoverNumCacheClusters')}`,
    condition: i => i.config.automaticFailover && !isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes < 2,
    message: i => `automaticFailover needs at least 2 nodes when cluster mode is disabled, got numCacheNodes ${i.config.totalNodes}: set numCacheNodes to 2 or more, or automaticFailover to false`,
  },
  // CFN AutomaticFailoverEnabled: "must be enabled for Redis OSS (cluster mode enabled)".
  {
    family: 'topology',
    summary: 'cluster mode without `automaticFailover`',
    source: cfn('ReplicationGroup', 'AutomaticFailoverEnabled'),
    condition: i => isCluster(i) && !i.config.automaticFailover,
    message: () => 'automaticFailover must be true when clusterMode is ENABLED, got false: remove automaticFailover: false',
  },
  // API CreateReplicationGroup NumNodeGroups: 1-500; ReplicasPerNodeGroup: 0-5.
  {
    family: 'topology',
    summary: '`numShards` outside 1-500 or not whole',
    source: api('CreateReplicationGroup', 'NumNodeGroups'),
    condition: i => isCluster(i) && outside(i.config.numShards, 1, 500),
    message: i => `numShards must be a whole number from 1 to 500, got ${i.config.numShards}: pick a shard count in that range`,
  },
  {
    family: 'topology',
    summary: '`replicasPerShard` outside 0-5 or not whole',
    source: `${api('CreateReplicationGroup', 'ReplicasPerNodeGroup')}; ${cfn('ReplicationGroup', 'ReplicasPerNodeGroup')}`,
    condition: i => isCluster(i) && outside(i.config.replicasPerShard, 0, 5),
    message: i => `replicasPerShard must be a whole number from 0 to 5, got ${i.config.replicasPerShard}: add shards instead of replicas for more capacity`,
  },
  // API CreateReplicationGroup: up to 500 nodes per cluster (Redis OSS 5.0.6+).
  {
    family: 'topology',
    summary: 'more than 500 nodes in a cluster (shards x (1 + replicas))',
    source: api('CreateReplicationGroup', 'NumNodeGroups'),
    condition: i => isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes > 500,
    message: i => `numShards x (1 + replicasPerShard) must be at most 500 nodes, got ${i.config.numShards} x ${1 + i.config.replicasPerShard} = ${i.config.totalNodes}: reduce shards or replicas`,
  },
  // API CreateReplicationGroup: "For versions below 5.0.6, the limit is 250 per cluster."
  {
    family: 'topology',
    summary: 'more than 250 nodes in a cluster on Redis OSS before 5.0.6',
    source: api('CreateReplicationGroup', 'NumNodeGroups'),
    condition: i => isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes > 250 && i.config.totalNodes <= 500
      && redisBefore(i.config.engineVersion, 5, 0, 6),
    message: i => `a cluster on engineVersion ${i.config.engineVersion} may have at most 250 nodes, got ${i.config.totalNodes}: use Redis OSS 5.0.6 or later (500 nodes), or fewer shards`,
  },
  {
    family: 'topology',
    summary: '`numCacheNodes` together with cluster mode ENABLED',
    source: `${api('CreateReplicationGroup', 'NumCacheClusters')} (cluster mode disabled only); ${terraform('replication_group.go', 'num_cache_clusters ConflictsWith num_node_groups')}`,
    condition: i => isCluster(i) && i.props.numCacheNodes !== undefined,
    message: i => `numCacheNodes is for cluster mode DISABLED, got numCacheNodes ${i.props.numCacheNodes} with clusterMode ENABLED: use numShards and replicasPerShard`,
  },
  {
    family: 'topology',
    summary: '`numShards` or `replicasPerShard` without cluster mode ENABLED',
    source: api('CreateReplicationGroup', 'NumNodeGroups'),
    condition: i => !isCluster(i) && !i.props.globalDatastore && (i.props.numShards !== undefined || i.props.replicasPerShard !== undefined),
    message: i => `numShards and replicasPerShard need clusterMode ENABLED, got clusterMode ${i.config.clusterMode.toUpperCase()}: use numCacheNodes, or set clusterMode`,
  },
  {
    family: 'topology',
    summary: '`multiAz` in a cluster without replicas',
    source: guide('Minimizing downtime with Multi-AZ', 'AutoFailover'),
    condition: i => isCluster(i) && i.config.multiAz && known(i.config.replicasPerShard) && i.config.replicasPerShard < 1,
    message: () => 'multiAz needs at least 1 replica per shard, got replicasPerShard 0: set replicasPerShard to 1 or more, or multiAz to false',
  },
  // User guide "Modifying cluster mode": Valkey 7.2+ / Redis OSS 7.0+, auto-failover with at least 1 replica.
  {
    family: 'topology',
    summary: 'cluster mode COMPATIBLE before Redis OSS 7.0 / Valkey 7.2',
    source: guide('Modifying cluster mode', 'modify-cluster-mode'),
    condition: i => i.config.clusterMode === ClusterMode.COMPATIBLE && !i.config.engineVersion.isRedis7OrLater,
    message: i => `clusterMode COMPATIBLE needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion ${i.config.engineVersion}: upgrade the engine first`,
  },
  {
    family: 'topology',
    summary: 'cluster mode COMPATIBLE without automatic failover and a replica',
    source: guide('Modifying cluster mode', 'modify-cluster-mode'),
    condition: i => i.config.clusterMode === ClusterMode.COMPATIBLE
      && (!i.config.automaticFailover || (known(i.config.totalNodes) && i.config.totalNodes < 2)),
    message: i => `clusterMode COMPATIBLE needs automaticFailover and at least 1 replica, got automaticFailover ${i.config.automaticFailover} with numCacheNodes ${i.config.totalNodes}: set numCacheNodes to 2 or more and multiAz or automaticFailover to true`,
  },
  // User guide "Modifying cluster mode": cluster-enabled is `no` for a cluster-mode-disabled group and
  // `yes` for compatible and enabled ones. A user value that disagrees with clusterMode either fails
  // (ENABLED with `no`) or yields a group whose endpoints and metrics the construct gets wrong.
  {
    family: 'topology',
    summary: '`parameters` whose `cluster-enabled` disagrees with `clusterMode` (the construct sets it)',
    source: `${guide('Modifying cluster mode', 'modify-cluster-mode')} (\`cluster-enabled\` is \`no\` for cluster mode disabled, \`yes\` for compatible and enabled)`,
    condition: i => knownString(i.props.parameters?.['cluster-enabled']) && i.props.parameters!['cluster-enabled'].toLowerCase() !== clusterEnabledValue(i),
    message: i => `parameters 'cluster-enabled' must be '${clusterEnabledValue(i)}' with clusterMode ${i.config.clusterMode.toUpperCase()}, got '${i.props.parameters!['cluster-enabled']}': remove it (the construct sets it) and choose clusterMode instead`,
  },

  // ==== node types ===========================================================================
  // Every ElastiCache node type is cache.<family>.<size> (API CacheNodeType list).
  {
    family: 'node types',
    summary: 'a `cacheNodeType` that is not `cache.<family>.<size>`',
    source: NODE_TYPE_NOTES,
    condition: i => knownString(i.config.cacheNodeType.name) && i.config.cacheNodeType.family === undefined,
    message: i => `cacheNodeType must be an ElastiCache node type 'cache.<family>.<size>', got '${i.config.cacheNodeType.name}': e.g. CacheNodeType.of('cache.r7g.large')`,
  },
  // API CacheNodeType: "M6g / R6g / T4g node types (available only for Redis OSS engine version 5.0.6 onward ...)".
  {
    family: 'node types',
    summary: 'M6g, R6g and T4g node types before Redis OSS 5.0.6',
    source: NODE_TYPE_NOTES,
    condition: i => GRAVITON_506.includes(i.config.cacheNodeType.family ?? '') && redisBefore(i.config.engineVersion, 5, 0, 6),
    message: i => `cacheNodeType ${i.config.cacheNodeType.name} needs Redis OSS 5.0.6 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine or pick an M5, R5 or T3 node`,
  },
  // User guide "Supported node types", Redis OSS tables: M7g, R7g, C7gn from Redis OSS 6.2; M8g, R8g, C8gn only in
  // the Valkey tables.
  {
    family: 'node types',
    summary: 'a node type the engine does not run: M7g, R7g, C7gn before Redis OSS 6.2; M8g, R8g, C8gn on Redis OSS',
    source: guide('Supported node types', 'CacheNodes.SupportedTypes'),
    condition: i => nodeTypeEngineProblem(i) !== undefined,
    message: i => `cacheNodeType ${i.config.cacheNodeType.name} needs ${nodeTypeEngineProblem(i)}, got engineVersion ${i.config.engineVersion}: use EngineVersion.VALKEY_8_2 (or another engine version), or a node type such as cache.r7g.large`,
  },
  // API CacheNodeType: "Valkey or Redis OSS Multi-AZ with automatic failover is not supported on T1 instances."
  {
    family: 'node types',
    summary: '`multiAz` or `automaticFailover` on T1 nodes',
    source: NODE_TYPE_NOTES,
    condition: i => nodeFamily(i.config.cacheNodeType.family)?.multiAz === false && (i.config.multiAz || i.config.automaticFailover),
    message: i => `multiAz and automaticFailover are not supported on cacheNodeType ${i.config.cacheNodeType.name}, got multiAz ${i.config.multiAz} and automaticFailover ${i.config.automaticFailover}: use a current node type such as cache.t4g.micro`,
  },
  // User guide "Data tiering": r6gd nodes.
  {
    family: 'node types',
    summary: '`dataTiering` on a node type other than R6gd',
    source: guide('Data tiering', 'data-tiering'),
    condition: i => i.config.dataTiering && i.config.cacheNodeType.family !== undefined && !i.config.cacheNodeType.supportsDataTiering,
    message: i => `dataTiering needs an r6gd node type, got cacheNodeType ${i.config.cacheNodeType.name}: use e.g. CacheNodeType.R6_GD_XLARGE, or remove dataTiering`,
  },
  // API ReplicationGroup DataTiering: "This parameter must be set to true when using r6gd nodes."
  {
    family: 'node types',
    summary: 'an R6gd node type without `dataTiering: true`',
    source: `${api('CreateReplicationGroup', 'DataTieringEnabled')} ("must be set to true when using r6gd nodes")`,
    // (a Global Datastore secondary inherits data tiering with the node type, and may not set it)
    condition: i => i.config.cacheNodeType.supportsDataTiering && !i.config.dataTiering && !i.props.globalDatastore,
    message: i => `cacheNodeType ${i.config.cacheNodeType.name} needs dataTiering true, got dataTiering false: set dataTiering: true, or use an r6g/r7g node type`,
  },
  // User guide "Data tiering": Valkey 7.2+ or Redis OSS 6.2+.
  {
    family: 'node types',
    summary: '`dataTiering` before Redis OSS 6.2',
    source: guide('Data tiering', 'data-tiering'),
    condition: i => i.config.dataTiering && isRedisOss(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `dataTiering needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine`,
  },

  // ==== parameters =============================================================================
  // API CreateCacheParameterGroup / ModifyCacheParameterGroup: ParameterName is required.
  {
    family: 'parameters',
    summary: '`parameters` with an empty name',
    source: `${api('ModifyCacheParameterGroup', 'ParameterNameValues')} (ParameterName)`,
    condition: i => parameterEntries(i).some(([k]) => k.trim() === ''),
    message: i => `parameters must not have an empty name, got ${quote(parameterEntries(i).filter(([k]) => k.trim() === '').map(([k]) => k))} (with value ${quote(parameterEntries(i).filter(([k]) => k.trim() === '').map(([, v]) => v))}): remove it or name the parameter, e.g. 'maxmemory-policy'`,
  },
  {
    family: 'parameters',
    summary: '`parameters` with a name the engine\'s parameter-group family does not have (redis6.x, redis7, valkey7, valkey8), with the closest names',
    source: `${guide('Valkey and Redis OSS parameters', 'ParameterGroups.Engine')}; src/private/parameter-table.ts`,
    condition: i => unknownParameters(i).length > 0,
    message: i => `parameters ${unknownParameters(i).map(k => `'${k}' (${suggestParameter(k, family(i))})`).join(', ')} ${unknownParameters(i).length === 1 ? 'is not a parameter' : 'are not parameters'} of parameter group family ${family(i)}: fix the name, or, for a parameter newer than this library, list it in uncheckedParameters`,
  },
  {
    family: 'parameters',
    summary: '`parameters` that ElastiCache does not let a parameter group change (`maxclients`, `lua-time-limit`, `replica-allow-chaining`, `replica-lazy-flush`)',
    source: `${guide('Valkey and Redis OSS parameters', 'ParameterGroups.Engine')} ("Modifiable: No")`,
    condition: i => notModifiable(i).length > 0,
    message: i => `parameters ${quote(notModifiable(i))} cannot be changed in an ElastiCache parameter group (not modifiable), got ${notModifiable(i).map(k => `'${k}': '${i.props.parameters![k]}'`).join(', ')}: remove ${notModifiable(i).length === 1 ? 'it' : 'them'}`,
  },
  {
    family: 'parameters',
    summary: '`parameters` values of the wrong type or outside the allowed values (`yes`/`no`, whole numbers and their ranges, `maxmemory-policy` and other enumerations, `notify-keyspace-events` classes)',
    source: `${guide('Valkey and Redis OSS parameters', 'ParameterGroups.Engine')} (Type, Permitted values); [Redis keyspace notifications](https://redis.io/docs/latest/develop/use/keyspace-notifications/)`,
    condition: i => badParameterValues(i).length > 0,
    message: i => badParameterValues(i).map(([k, v, allowed]) => `parameters '${k}' must be ${allowed}, got '${v}'${valueHint(k, v, family(i))}`).join('; ') + ': fix the value',
  },
  // User guide "Data tiering": data tiering uses the LRU policies (volatile-lru, allkeys-lru) or noeviction.
  {
    family: 'parameters',
    summary: '`dataTiering` with a `maxmemory-policy` other than `volatile-lru`, `allkeys-lru` or `noeviction`',
    source: guide('Data tiering', 'data-tiering'),
    condition: i => i.config.dataTiering && evictionPolicy(i) !== undefined && !DATA_TIERING_POLICIES.includes(evictionPolicy(i)!),
    message: i => `dataTiering needs parameters 'maxmemory-policy' ${DATA_TIERING_POLICIES.map(v => `'${v}'`).join(', ')}, got '${evictionPolicy(i)}': use 'allkeys-lru' (or 'volatile-lru'), or turn dataTiering off`,
  },
  {
    family: 'parameters',
    summary: '`uncheckedParameters` that name a parameter not in `parameters`',
    source: `${cfn('ParameterGroup', 'Properties')} (the escape hatch must name what it lets through)`,
    condition: i => unchecked(i).some(k => !Object.keys(i.props.parameters ?? {}).includes(k)),
    message: i => `uncheckedParameters ${quote(unchecked(i).filter(k => !Object.keys(i.props.parameters ?? {}).includes(k)))} ${unchecked(i).filter(k => !Object.keys(i.props.parameters ?? {}).includes(k)).length === 1 ? 'is' : 'are'} not in parameters (got parameters ${quote(Object.keys(i.props.parameters ?? {}))}): list only the names of parameters you set`,
  },

  // ==== authentication and encryption ======================================================
  // User guide "AUTH": "you must enable in-transit encryption"; RBAC and IAM likewise.
  {
    family: 'authentication and encryption',
    summary: 'an AUTH token, RBAC or IAM without in-transit encryption',
    source: `${guide('Authenticating with the AUTH command', 'auth')}; ${guide('Authenticating with IAM', 'auth-iam')}`,
    condition: i => i.auth.mode !== AuthenticationMode.NONE && !i.config.transitEncryption,
    message: i => `authentication ${i.auth.mode} needs in-transit encryption, got transitEncryption false: set transitEncryption to true or use RedisAuthentication.none()`,
  },
  // User guide "Authenticating with AUTH": token 16-128 printable characters.
  {
    family: 'authentication and encryption',
    summary: 'a generated AUTH token shorter than 16 or longer than 128 characters',
    source: `${guide('Authenticating with the AUTH command', 'auth')}; ${terraform('replication_group.go', 'validReplicationGroupAuthToken')}`,
    condition: i => i.auth.tokenLength !== undefined && outside(i.auth.tokenLength, 16, 128),
    message: i => `generatedAuthToken length must be a whole number from 16 to 128 (ElastiCache AUTH token limits), got ${i.auth.tokenLength}: e.g. generatedAuthToken({ length: 64 })`,
  },
  // House rule "no secret in a template": a token given as a SecretValue must reach CloudFormation as a
  // dynamic reference (or a NoEcho parameter), never as text.
  {
    family: 'authentication and encryption',
    summary: 'an AUTH token SecretValue that is plain text (it would be written into the template)',
    source: `${cfn('ReplicationGroup', 'authtoken')}; CloudFormation user guide, "Using dynamic references to specify template values"`,
    condition: i => i.auth.tokenValue !== undefined && !isSecretReference(i.resolve(i.auth.tokenValue.unsafeUnwrap()), i),
    message: () => 'authTokenFromSecretValue got a SecretValue that resolves to plain text, which would be written into the template: '
      + 'use SecretValue.secretsManager(...), SecretValue.ssmSecure(...), a NoEcho CfnParameter, or RedisAuthentication.generatedAuthToken()',
  },
  // House rule "no secret in a template": a Secret created with secretStringValue / secretObjectValue holds a
  // literal written into the template.
  {
    family: 'authentication and encryption',
    summary: 'an `authTokenFromSecret()` secret created in the app with a literal value (`secretStringValue`, `secretObjectValue`): the token would be in the template',
    source: `${cfn('ReplicationGroup', 'authtoken')}; [CloudFormation AWS::SecretsManager::Secret](https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-secret.html) \`SecretString\``,
    condition: i => tokenSecret(i)?.literal === true,
    message: i => `authTokenFromSecret got secret ${tokenSecret(i)!.path} created with a literal value (secretStringValue / secretObjectValue), which is written into the template as plain text: let Secrets Manager generate it (generateSecretString with excludeCharacters '${EXCLUDE_FOR_AUTH_TOKEN}'), or use RedisAuthentication.generatedAuthToken()`,
  },
  // User guide "Authenticating with the AUTH command": only printable ASCII, of the punctuation only ! & # $ ^ < > -.
  // Secrets Manager draws from every punctuation character unless excludePunctuation / excludeCharacters say otherwise.
  {
    family: 'authentication and encryption',
    summary: 'an `authTokenFromSecret()` secret generated in the app with characters ElastiCache refuses in an AUTH token (Secrets Manager\'s default punctuation, `includeSpace`)',
    source: `${guide('Authenticating with the AUTH command', 'auth')} (only \`! & # $ ^ < > -\`); [Secrets Manager GetRandomPassword](https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetRandomPassword.html)`,
    condition: i => (tokenSecret(i)?.refusedCharacters.length ?? 0) > 0,
    message: i => `authTokenFromSecret got secret ${tokenSecret(i)!.path}, generated with ${tokenSecret(i)!.settings}, which can produce characters ElastiCache refuses in an AUTH token (${tokenSecret(i)!.refusedCharacters.join(' ')}; allowed: letters, digits and ${AUTH_TOKEN_SPECIALS.split('').join(' ')}): `
      + `set excludePunctuation: true, or excludeCharacters: '${EXCLUDE_FOR_AUTH_TOKEN}'${tokenSecret(i)!.refusedCharacters.includes('space') ? ' and includeSpace: false' : ''} in its generateSecretString, or use RedisAuthentication.generatedAuthToken()`,
  },
  {
    family: 'authentication and encryption',
    summary: 'an `authTokenFromSecret()` secret generated in the app shorter than 16 or longer than 128 characters',
    source: `${guide('Authenticating with the AUTH command', 'auth')} (16-128 characters)`,
    condition: i => tokenSecret(i)?.badLength !== undefined,
    message: i => `authTokenFromSecret got secret ${tokenSecret(i)!.path} generated with passwordLength ${tokenSecret(i)!.badLength}, outside ElastiCache's 16-128 characters for an AUTH token: set passwordLength between 16 and 128, e.g. 64`,
  },
  {
    family: 'authentication and encryption',
    summary: 'an `authTokenFromSecret()` secret whose generated JSON field is not the `jsonField` given (or a JSON secret without `jsonField`)',
    source: '[aws-secretsmanager SecretStringGenerator](https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_secretsmanager.SecretStringGenerator.html) `generateStringKey`',
    condition: i => tokenSecret(i)?.jsonProblem !== undefined,
    message: i => `authTokenFromSecret got secret ${tokenSecret(i)!.path}: ${tokenSecret(i)!.jsonProblem}: pass the generated field as jsonField (authTokenFromSecret(secret, '<generateStringKey>')), or generate a plain string`,
  },
  // User guide "Role-Based Access Control (RBAC)": Redis OSS 6.0 and later, every Valkey version.
  {
    family: 'authentication and encryption',
    summary: 'RBAC before Redis OSS 6.0',
    source: guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC'),
    condition: i => i.auth.mode === AuthenticationMode.RBAC && isRedisOss(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(6, 0),
    message: i => `authentication rbac needs Redis OSS 6.0 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine or use an AUTH token`,
  },
  // User guide "Authenticating with IAM": Valkey 7.2+ or Redis OSS 7.0+.
  {
    family: 'authentication and encryption',
    summary: 'IAM users before Redis OSS 7.0 / Valkey 7.2',
    source: guide('Authenticating with IAM', 'auth-iam'),
    condition: i => hasIamUsers(i) && !i.config.engineVersion.isRedis7OrLater,
    message: i => `authenticationType IAM needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion ${i.config.engineVersion}: upgrade the engine or use password users`,
  },
  // API CreateUserGroup: a user group holds the user named `default` (the construct adds it).
  {
    family: 'authentication and encryption',
    summary: 'RBAC or IAM without users',
    source: `${cfn('UserGroup', 'UserIds')} (a user named \`default\` must be included; the construct adds it)`,
    condition: i => isUserGroup(i) && i.auth.users.length === 0,
    message: i => `authentication ${i.auth.mode} needs at least one user besides 'default', got users []: add a user, e.g. { userName: 'app' }`,
  },
  {
    family: 'authentication and encryption',
    summary: 'a user named `default` (the construct creates the group\'s default user)',
    source: `${cfn('UserGroup', 'UserIds')} (one user named \`default\`); ${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')}`,
    condition: i => i.auth.users.some(u => u.userName === 'default'),
    message: () => "authentication users must not include userName 'default', got a user named 'default': the construct creates the group's default user; set defaultUserAccessString to change what it may do",
  },
  // User guide "RBAC": at most 100 users per user group.
  {
    family: 'authentication and encryption',
    summary: 'more than 100 users in the user group (99 plus `default`)',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')} (limits: 100 users per user group)`,
    condition: i => isUserGroup(i) && i.auth.users.length + 1 > 100,
    message: i => `a user group holds at most 100 users, got ${i.auth.users.length} users plus 'default': use fewer users, e.g. one per application role`,
  },
  // API CreateUser AccessString: pattern .*\S.*
  {
    family: 'authentication and encryption',
    summary: 'an empty `accessString` or `defaultUserAccessString`',
    source: `${api('CreateUser', 'AccessString')} (pattern \`.*\\S.*\`)`,
    condition: i => accessStrings(i).some(([, a]) => knownString(a) && a.trim() === ''),
    message: i => `${accessStrings(i).filter(([, a]) => knownString(a) && a.trim() === '').map(([what]) => what).join(' and ')} must not be empty: use e.g. 'on ~app:* +@read +@write', or 'off' to disable a user`,
  },
  // User guide "RBAC" limitations: no passwords in an access string, no `reset`.
  {
    family: 'authentication and encryption',
    summary: 'an access string with a password (`>secret`, `#hash`) or `reset`',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')} ("You can't specify passwords in an access string", "You can't use the reset command")`,
    condition: i => badAccessStrings(i).length > 0,
    message: i => `${badAccessStrings(i).map(([what, a]) => `${what} '${redactAccessString(a!)}'`).join(', ')} must not contain passwords or reset, got ${quote(badAccessStrings(i).flatMap(([, a]) => forbiddenAccessRules(a)).map(redactAccessString))} (passwords redacted): remove them; passwords are generated in Secrets Manager`,
  },
  // CFN KmsKeyId: "the ID of the KMS key used to encrypt the disk" of an at-rest encrypted group.
  {
    family: 'authentication and encryption',
    summary: '`encryptionKey` without at-rest encryption',
    source: cfn('ReplicationGroup', 'KmsKeyId'),
    condition: i => i.encryptionKeyProp === true && !i.config.atRestEncryption,
    message: () => 'encryptionKey needs atRestEncryption true, got atRestEncryption false: set atRestEncryption to true or remove encryptionKey',
  },
  // User guide "At-Rest Encryption Conditions": supported node families R7g ... T2, C7gn (not T1, M1, M2, C1).
  {
    family: 'authentication and encryption',
    summary: 'at-rest encryption on T1, M1, M2 or C1 nodes',
    source: guide('At-Rest Encryption conditions', 'at-rest-encryption'),
    condition: i => i.config.atRestEncryption && NO_AT_REST_ENCRYPTION.includes(i.config.cacheNodeType.family ?? ''),
    message: i => `atRestEncryption is not supported on cacheNodeType ${i.config.cacheNodeType.name}, got atRestEncryption true: use a current node type such as cache.t4g.micro (or, not advised, atRestEncryption: false)`,
  },
  // CFN TransitEncryptionMode: only with TransitEncryptionEnabled.
  {
    family: 'authentication and encryption',
    summary: '`transitEncryptionMode` without in-transit encryption',
    source: cfn('ReplicationGroup', 'TransitEncryptionMode'),
    condition: i => i.transitEncryptionModeProp !== undefined && !i.config.transitEncryption,
    message: i => `transitEncryptionMode needs transitEncryption true, got transitEncryptionMode '${i.transitEncryptionModeProp}' with transitEncryption false: set transitEncryption to true or remove transitEncryptionMode`,
  },
  // API ModifyReplicationGroup TransitEncryptionMode: Redis OSS 7.0.5+ and Valkey.
  {
    family: 'authentication and encryption',
    summary: '`transitEncryptionMode` before Redis OSS 7.0',
    source: `${api('ModifyReplicationGroup', 'TransitEncryptionMode')}; ${terraform('replication_group.go', 'ForceNewIf transit_encryption_enabled (< 7.0.5)')}`,
    condition: i => i.transitEncryptionModeProp !== undefined && !i.config.engineVersion.isRedis7OrLater,
    message: i => `transitEncryptionMode needs Redis OSS 7.0 or later or Valkey (earlier engines switch TLS only by replacement), got engineVersion ${i.config.engineVersion}: remove transitEncryptionMode or upgrade the engine`,
  },
  // Secrets Manager rotation schedules: rate(n hours|days); aws-cdk-lib RotationSchedule: 4 hours to 1,000 days.
  // Judged only when the schedule is used (rotation on and a secret the construct generates); shared with
  // the serverless construct (sharedAuthRules).
  {
    family: 'authentication and encryption',
    summary: '`rotationSchedule` under 4 hours, over 1,000 days, or not whole hours (with `rotation` on and a generated secret to rotate)',
    source: '[Secrets Manager rotation schedules](https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html) (`rate()` in hours or days); aws-cdk-lib `RotationSchedule` (4 hours to 1,000 days)',
    condition: i => rotatesGeneratedSecrets(i) && badRotationSchedule(i.props.rotationSchedule),
    message: i => `rotationSchedule must be whole hours from 4 hours to 1,000 days, got ${i.props.rotationSchedule!.toHumanString()}: e.g. Duration.days(30) (the default), or turn rotation off`,
  },

  // ==== network ==============================================================================
  // CFN Port: a TCP port.
  {
    family: 'network',
    summary: '`port` outside 1-65535 or not whole',
    source: cfn('ReplicationGroup', 'Port'),
    condition: i => outside(i.config.port, 1, 65535),
    message: i => `port must be a whole number from 1 to 65535, got ${i.config.port}: e.g. 6380`,
  },
  // House rule "the cache is never reachable from the internet": a public subnet routes to an internet gateway,
  // leaving the security group as the only control. ElastiCache security best practices: private subnets.
  {
    family: 'network',
    summary: '`vpcSubnets` that select public subnets, unless `allowPublicSubnets: true` (then warned)',
    source: `${guide('Amazon VPCs and ElastiCache security', 'VPCs')} (clusters in private subnets); cdk-nag AwsSolutions-AEC1`,
    condition: i => i.props.allowPublicSubnets !== true && publicSubnets(i).length > 0,
    message: i => `vpcSubnets must select private or isolated subnets, got public subnets ${quote(publicSubnets(i))}: select private subnets (e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }), or set allowPublicSubnets: true if the security group is meant to be the only control`,
  },
  // CreateCacheSubnetGroup: SubnetIds is required, at least one subnet (found by the redis.ts mutation triage: an empty
  // selection synthesized a subnet group with `SubnetIds: []` that only fails at deploy; the serverless construct
  // already rejected it).
  {
    family: 'network',
    summary: '`vpcSubnets` that selects no subnets',
    source: api('CreateCacheSubnetGroup', 'SubnetIds'),
    condition: i => !!i.props.vpc && typeof i.props.vpc.selectSubnets === 'function' && selectsNoSubnets(i.props.vpc, i.props.vpcSubnets),
    message: () => 'vpcSubnets selects no subnets of the VPC: a subnet group needs at least one; select the private subnets the nodes should use (one per AZ for multiAz), or leave vpcSubnets out for the VPC\'s private subnets',
  },
  // User guide "Choosing a network type": Redis OSS 6.2+ / Valkey 7.2+ on Nitro instances.
  {
    family: 'network',
    summary: 'IPv6 or dual stack before Redis OSS 6.2',
    source: guide('Choosing a network type', 'network-type'),
    condition: i => i.config.networkType !== NetworkType.IPV4 && isRedisOss(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `networkType ${i.config.networkType} needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine or use NetworkType.IPV4`,
  },
  {
    family: 'network',
    summary: 'IPv6 or dual stack on node types without the Nitro system (T1, T2, M1-M4, C1, R3, R4)',
    source: guide('Choosing a network type', 'network-type'),
    condition: i => i.config.networkType !== NetworkType.IPV4 && isPreviousGeneration(i.config.cacheNodeType),
    message: i => `networkType ${i.config.networkType} needs a Nitro node type (not t1, t2, m1-m4, c1, r3, r4), got cacheNodeType ${i.config.cacheNodeType.name}: use e.g. cache.t4g.micro`,
  },
  // User guide "Choosing a network type": an IPv6 group needs IPv6-only subnets. The default selection (the
  // VPC's private subnets) always has IPv4 CIDRs, so IPV6 needs an explicit selection of IPv6-only subnets.
  {
    family: 'network',
    summary: 'IPv6-only network type without an explicit selection of IPv6-only subnets',
    source: guide('Choosing a network type', 'network-type'),
    condition: i => i.config.networkType === NetworkType.IPV6 && i.props.vpcSubnets === undefined,
    message: () => 'networkType IPV6 needs IPv6-only subnets, got the default subnet selection (the VPC\'s private subnets, which have IPv4 CIDRs): '
      + 'pass vpcSubnets with IPv6-only subnets, or use NetworkType.DUAL_STACK',
  },

  // ==== backups and windows ==================================================================
  // API SnapshotRetentionLimit: 0-35 days.
  {
    family: 'backups and windows',
    summary: '`snapshotRetention` outside 0-35 days or not whole days',
    source: `${api('CreateReplicationGroup', 'SnapshotRetentionLimit')}; ${terraform('replication_group.go', 'snapshot_retention_limit IntAtMost(35)')}`,
    condition: i => outside(i.snapshotRetentionDays, 0, 35),
    message: i => `snapshotRetention must be a whole number of days from 0 to 35, got ${i.config.snapshotRetention.toHumanString()}: e.g. Duration.days(7)`,
  },
  // User guide "Backup constraints": "backup and restore aren't supported on cache.t1.micro nodes" (cluster mode disabled).
  {
    family: 'backups and windows',
    summary: 'snapshots (`snapshotRetention` above 0 or `RemovalPolicy.SNAPSHOT`) on cache.t1.micro',
    source: guide('Snapshot and restore: backup constraints', 'backups'),
    condition: i => nodeFamily(i.config.cacheNodeType.family)?.backups === false && !isCluster(i)
      && ((known(i.snapshotRetentionDays) && i.snapshotRetentionDays > 0) || i.config.removalPolicy === RemovalPolicy.SNAPSHOT),
    message: i => `cacheNodeType cache.t1.micro cannot take snapshots, got snapshotRetention ${i.config.snapshotRetention.toHumanString()} and removalPolicy ${i.config.removalPolicy}: set snapshotRetention to Duration.days(0) and removalPolicy to DESTROY or RETAIN, or use a current node type`,
  },
  // API SnapshotWindow: "hh24:mi-hh24:mi", UTC, at least 60 minutes.
  {
    family: 'backups and windows',
    summary: '`snapshotWindow` not in the form `hh24:mi-hh24:mi`',
    source: `${api('CreateReplicationGroup', 'SnapshotWindow')}; ${terraform('replication_group.go', 'ValidOnceADayWindowFormat')}`,
    condition: i => knownString(i.config.snapshotWindow) && !SNAPSHOT_WINDOW_FORMAT.test(i.config.snapshotWindow),
    message: i => `snapshotWindow must have the form hh24:mi-hh24:mi (UTC), e.g. '02:00-03:00', got '${i.config.snapshotWindow}'`,
  },
  {
    family: 'backups and windows',
    summary: '`snapshotWindow` shorter than 60 minutes',
    source: `${api('CreateReplicationGroup', 'SnapshotWindow')} (minimum 60 minutes; "Snapshot window must be at least 60 minutes")`,
    condition: i => (parseSnapshotWindow(i.config.snapshotWindow)?.length ?? 60) < 60,
    message: i => `snapshotWindow must be at least 60 minutes long, got '${i.config.snapshotWindow}' (${parseSnapshotWindow(i.config.snapshotWindow)?.length} minutes): widen it, e.g. '02:00-03:00'`,
  },
  // API PreferredMaintenanceWindow: "ddd:hh24:mi-ddd:hh24:mi", UTC, at least 60 minutes.
  {
    family: 'backups and windows',
    summary: '`maintenanceWindow` not in the form `ddd:hh24:mi-ddd:hh24:mi`',
    source: `${api('CreateReplicationGroup', 'PreferredMaintenanceWindow')}; ${terraform('replication_group.go', 'ValidOnceAWeekWindowFormat')}`,
    condition: i => knownString(i.config.maintenanceWindow) && !MAINTENANCE_WINDOW_FORMAT.test(i.config.maintenanceWindow),
    message: i => `maintenanceWindow must have the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of sun mon tue wed thu fri sat), e.g. 'sun:03:00-sun:04:00', got '${i.config.maintenanceWindow}'`,
  },
  {
    family: 'backups and windows',
    summary: '`maintenanceWindow` shorter than 60 minutes',
    source: `${api('CreateReplicationGroup', 'PreferredMaintenanceWindow')} ("The minimum maintenance window is a 60 minute period")`,
    condition: i => (parseMaintenanceWindow(i.config.maintenanceWindow)?.length ?? 60) < 60,
    message: i => `maintenanceWindow must be at least 60 minutes long, got '${i.config.maintenanceWindow}' (${parseMaintenanceWindow(i.config.maintenanceWindow)?.length} minutes): widen it, e.g. 'sun:03:00-sun:04:00'`,
  },
  // User guide "Managing maintenance": "You can specify a time range of up to 24 hours in duration."
  // (The documented limit; the API reference states only the minimum.)
  {
    family: 'backups and windows',
    summary: '`maintenanceWindow` longer than 24 hours',
    source: `${guide('Managing ElastiCache cluster maintenance', 'maintenance-window')} ("a time range of up to 24 hours")`,
    condition: i => (parseMaintenanceWindow(i.config.maintenanceWindow)?.length ?? 0) > MAX_MAINTENANCE_MINUTES,
    message: i => `maintenanceWindow must be at most 24 hours long, got '${i.config.maintenanceWindow}' (${Duration.minutes(parseMaintenanceWindow(i.config.maintenanceWindow)!.length).toHumanString()}): shorten it, e.g. 'sun:03:00-sun:05:00'`,
  },
  // API ModifyReplicationGroup / CreateReplicationGroup: the snapshot window must not overlap the maintenance window.
  {
    family: 'backups and windows',
    summary: '`snapshotWindow` overlapping `maintenanceWindow` on any day',
    source: `${api('CreateReplicationGroup', 'SnapshotWindow')}; ${guide('Managing ElastiCache cluster maintenance', 'maintenance-window')}`,
    // (with snapshotRetention 0 no snapshot window is sent, so nothing can overlap)
    condition: i => {
      if (i.snapshotRetentionDays === 0) return false;
      const s = parseSnapshotWindow(i.config.snapshotWindow);
      const m = parseMaintenanceWindow(i.config.maintenanceWindow);
      return s !== undefined && m !== undefined && windowsOverlap(s, m);
    },
    message: i => `snapshotWindow '${i.config.snapshotWindow}' overlaps maintenanceWindow '${i.config.maintenanceWindow}': move one of them`,
  },
  // CFN SnapshotName / SnapshotArns: seed from one source.
  {
    family: 'backups and windows',
    summary: '`snapshotName` together with `snapshotArns`',
    source: `${cfn('ReplicationGroup', 'SnapshotName')} / \`SnapshotArns\` (one seed source)`,
    condition: i => i.props.snapshotName !== undefined && i.props.snapshotArns !== undefined,
    message: () => 'snapshotName and snapshotArns are alternatives, got both: keep one of them',
  },
  // CFN SnapshotArns: S3 object ARNs; Terraform: verify.ValidARN and StringDoesNotContainAny(",").
  {
    family: 'backups and windows',
    summary: '`snapshotArns` that are not S3 object ARNs, or contain a comma',
    source: `${cfn('ReplicationGroup', 'SnapshotArns')}; ${terraform('replication_group.go', 'snapshot_arns: ValidARN, StringDoesNotContainAny(",")')}`,
    condition: i => snapshotArnProblems(i.props.snapshotArns).length > 0,
    message: i => `snapshotArns must be S3 object ARNs like 'arn:aws:s3:::bucket/dump.rdb' without commas, got ${quote(snapshotArnProblems(i.props.snapshotArns))}: give one ARN per .rdb file`,
  },

  // ==== log delivery =========================================================================
  // User guide "Log delivery": slow log from Redis OSS 6.0, engine log from Redis OSS 6.2; every Valkey.
  {
    family: 'log delivery',
    summary: '`slowLogDelivery` before Redis OSS 6.0',
    source: guide('Log delivery', 'Log_Delivery'),
    condition: i => i.config.slowLogDelivery && isRedisOss(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(6, 0),
    message: i => `slowLogDelivery needs Redis OSS 6.0 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine or set slowLogDelivery to false`,
  },
  {
    family: 'log delivery',
    summary: '`engineLogDelivery` before Redis OSS 6.2',
    source: guide('Log delivery', 'Log_Delivery'),
    condition: i => i.config.engineLogDelivery && isRedisOss(i.config.engineVersion) && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `engineLogDelivery needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}: upgrade the engine or set engineLogDelivery to false`,
  },

  // ==== Global Datastore secondaries =========================================================
  // User guide "Global Datastore": a secondary inherits these from the primary.
  {
    family: 'Global Datastore',
    summary: 'a secondary that sets what it inherits from the primary (engine, node type, cluster mode, shards, port, encryption, authentication, parameters, data tiering, seed snapshots)',
    source: `${guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started')}; ${terraform('replication_group.go', 'global_replication_group_id ConflictsWith')}`,
    condition: i => secondaryOverrides(i).length > 0,
    message: i => `a Global Datastore secondary inherits ${secondaryOverrides(i).join(', ')} from the primary and must not set them: remove them from the secondary`,
  },
  // User guide "Global Datastore": the secondary inherits Multi-AZ and automatic failover; failover needs 2 nodes.
  {
    family: 'Global Datastore',
    summary: 'a single-node secondary when the primary has automatic failover (the secondary inherits it)',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: i => i.props.globalDatastore !== undefined && i.props.globalDatastore.primary.configuration.automaticFailover
      && !isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes < 2,
    message: i => `a Global Datastore secondary inherits automatic failover from its primary and needs at least 2 nodes, got numCacheNodes ${i.config.totalNodes}: set numCacheNodes to 2 or more`,
  },
  // User guide "Global Datastore": at most two secondary clusters, each in another region.
  {
    family: 'Global Datastore',
    summary: 'a third secondary',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: i => i.props.globalDatastore !== undefined && i.regions.secondaries.length >= 2,
    message: i => `a Global Datastore has at most 2 secondaries, got a third in region ${i.regions.self}: remove it or create another Global Datastore`,
  },
  {
    family: 'Global Datastore',
    summary: 'a secondary in the primary\'s region',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: i => i.props.globalDatastore !== undefined && knownString(i.regions.self) && knownString(i.regions.primary)
      && i.regions.self === i.regions.primary,
    message: i => `a Global Datastore secondary must be in another region than the primary, got ${i.regions.self} for both: give the secondary's stack another env.region`,
  },
  {
    family: 'Global Datastore',
    summary: 'two secondaries in one region',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: i => i.props.globalDatastore !== undefined && knownString(i.regions.self) && i.regions.secondaries.includes(i.regions.self),
    message: i => `each Global Datastore secondary needs its own region, got a second secondary in ${i.regions.self}: use another region`,
  },

  // the rules of placement, durability, IP discovery and snapshotting (block above RULES)
  ...PLACEMENT_AND_DURABILITY_RULES,
];

// ==== inputs from every language ==============================================================
// Python, Java and plain JavaScript callers (or a cast) can pass what the TypeScript types forbid. These
// rules run on the props as given, before any default is merged, so that a wrong value is reported with
// the value received instead of ending in a TypeError or in the template.

/** A value for a message: strings quoted, everything else with its type (also -1, NaN, null). */
export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'number' || typeof v === 'boolean') return `${v} (${typeof v})`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const ctor = (v as object).constructor?.name;
  return ctor && ctor !== 'Object' ? `a ${ctor}` : `an object ${jsonOf(v)}`;
}
/** At most 60 characters of JSON; an object JSON cannot write (a cycle, a BigInt) says so instead of throwing. */
function jsonOf(v: unknown): string {
  try {
    return JSON.stringify(v)?.slice(0, 60) ?? '';
  } catch {
    return '(that JSON cannot write: a cycle or a BigInt)';
  }
}

/**
 * A rule about the props as given, checked before anything else.
 * @internal
 */
export interface InputRule extends RuleDocumentation {
  readonly condition: (p: AirDiscoveryRedisProps) => boolean;
  readonly message: (p: AirDiscoveryRedisProps) => string;
}

const given = (p: AirDiscoveryRedisProps, k: keyof AirDiscoveryRedisProps) => (p as unknown as Record<string, unknown>)[k];
const isSet = (v: unknown) => v !== undefined;
/** Enum-likes: [prop, allowed values, how the values are spelled in code]. */
const ENUM_PROPS: Array<[keyof AirDiscoveryRedisProps, readonly unknown[], string]> = [
  ['preset', Object.values(RedisPreset), 'RedisPreset.DEV, RedisPreset.PROD'],
  ['clusterMode', Object.values(ClusterMode), 'ClusterMode.DISABLED, ClusterMode.ENABLED, ClusterMode.COMPATIBLE'],
  ['transitEncryptionMode', Object.values(TransitEncryptionMode), 'TransitEncryptionMode.PREFERRED, TransitEncryptionMode.REQUIRED'],
  ['networkType', Object.values(NetworkType), 'NetworkType.IPV4, NetworkType.DUAL_STACK, NetworkType.IPV6'],
  ['logFormat', Object.values(LogFormat), 'LogFormat.JSON, LogFormat.TEXT'],
  ['removalPolicy', Object.values(RemovalPolicy), 'RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE'],
  ['durability', Object.values(DurabilityMode), 'DurabilityMode.SYNC, DurabilityMode.ASYNC'],
  ['ipDiscovery', Object.values(IpDiscovery), 'IpDiscovery.IPV4, IpDiscovery.IPV6'],
  ['logRetention', Object.values(logs.RetentionDays).filter(v => typeof v === 'number'), 'logs.RetentionDays.ONE_MONTH, ... (CloudWatch Logs retention periods)'],
];
const enumValues = (values: readonly unknown[]) => values.map(v => typeof v === 'string' ? `'${v}'` : `${v}`).join(', ');
const BOOLEAN_PROPS: Array<keyof AirDiscoveryRedisProps> = [
  'multiAz', 'automaticFailover', 'transitEncryption', 'atRestEncryption', 'allowFromVpcCidr', 'allowPublicSubnets', 'autoMinorVersionUpgrade',
  'outputs', 'slowLogDelivery', 'engineLogDelivery', 'dataTiering', 'acknowledgeNagFindings', 'alarms', 'createAlarmTopic', 'dashboard',
  'acknowledgePresetTradeOffs', 'rotation',
];
const NUMBER_PROPS: Array<keyof AirDiscoveryRedisProps> = [
  'numCacheNodes', 'numShards', 'replicasPerShard', 'port', 'cpuAlarmThresholdPercent', 'memoryAlarmThresholdPercent',
  'connectionsAlarmThreshold', 'evictionsAlarmThreshold', 'replicationLagAlarmThresholdSeconds', 'swapUsageAlarmThresholdBytes',
  'cacheHitRateAlarmMinPercent',
];
const STRING_PROPS: Array<keyof AirDiscoveryRedisProps> = [
  'snapshotWindow', 'maintenanceWindow', 'description', 'replicationGroupId', 'snapshottingClusterId', 'outputIdPrefix', 'exportNamePrefix', 'subnetGroupName', 'snapshotName',
];
const DURATION_PROPS: Array<keyof AirDiscoveryRedisProps> = ['snapshotRetention', 'cpuAlarmDuration', 'memoryAlarmDuration', 'connectionsAlarmDuration', 'rotationSchedule'];
const ARRAY_PROPS: Array<keyof AirDiscoveryRedisProps> = ['allowedPeers', 'snapshotArns', 'uncheckedParameters', 'preferredAvailabilityZones', 'shardConfigurations'];

const wrongType = (p: AirDiscoveryRedisProps, keys: Array<keyof AirDiscoveryRedisProps>, ok: (v: unknown) => boolean) =>
  keys.filter(k => isSet(given(p, k)) && !Token.isUnresolved(given(p, k)) && !ok(given(p, k)));
const plural = (keys: unknown[], one: string, many: string) => keys.length === 1 ? one : many;
const listWrong = (p: AirDiscoveryRedisProps, keys: Array<keyof AirDiscoveryRedisProps>) => keys.map(k => `${k} ${show(given(p, k))}`).join(', ');
const describeAuth = (p: AirDiscoveryRedisProps) => p.authentication instanceof RedisAuthentication ? p.authentication._describe() : undefined;
const badUserTypes = (p: AirDiscoveryRedisProps) => (describeAuth(p)?.users ?? [])
  .filter(u => u?.authenticationType !== undefined && !Object.values(RedisUserAuthenticationType).includes(u.authenticationType));
const badUserNames = (p: AirDiscoveryRedisProps) => (describeAuth(p)?.users ?? []).filter(u => typeof u?.userName !== 'string');
const isEngineVersion = (v: unknown): v is EngineVersion => v instanceof EngineVersion;

/**
 * The rules about the props as given.
 * @internal
 */
export const INPUT_RULES: InputRule[] = [
  {
    family: 'inputs from every language',
    summary: 'a missing `vpc` (or a value that is not an `ec2.IVpc`)',
    source: `${cfn('SubnetGroup', 'SubnetIds')} (required)`,
    condition: p => typeof (p.vpc as unknown as { selectSubnets?: unknown })?.selectSubnets !== 'function',
    message: p => `vpc is required and must be an ec2.IVpc, got ${show(p.vpc)}: pass the VPC the cache lives in, e.g. vpc: ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: 'vpc-...' })`,
  },
  ...ENUM_PROPS.map(([k, values, spelled]): InputRule => ({
    family: 'inputs from every language',
    summary: `a \`${k}\` that is not one of its values (${spelled})`,
    source: `[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (enums); ${k === 'logRetention' ? '[CloudWatch Logs PutRetentionPolicy](https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html) `retentionInDays`' : cfn('ReplicationGroup', k === 'preset' ? 'properties' : k)}`,
    condition: p => isSet(given(p, k)) && !Token.isUnresolved(given(p, k)) && !values.includes(given(p, k)),
    message: p => `${k} must be one of ${spelled} (${enumValues(values).slice(0, 200)}), got ${show(given(p, k))}: use one of them`,
  })),
  {
    family: 'inputs from every language',
    summary: '`engineVersion` that is not an `EngineVersion`, or whose engine is neither `redis` nor `valkey`',
    source: cfn('ReplicationGroup', 'Engine'),
    condition: p => isSet(p.engineVersion) && (!isEngineVersion(p.engineVersion)
      || (!Token.isUnresolved(p.engineVersion.engine) && !Object.values(CacheEngine).includes(p.engineVersion.engine))),
    message: p => `engineVersion must be an EngineVersion of engine 'redis' or 'valkey', got ${isEngineVersion(p.engineVersion) ? `engine ${show(p.engineVersion.engine)}` : show(p.engineVersion)}: use a constant such as EngineVersion.VALKEY_8_2 or EngineVersion.REDIS_7_1, or EngineVersion.of(CacheEngine.VALKEY, '8.3')`,
  },
  {
    family: 'inputs from every language',
    summary: 'an `EngineVersion.of()` version that is not a string (e.g. the number 8.0, which becomes `8`)',
    source: cfn('ReplicationGroup', 'EngineVersion'),
    condition: p => isEngineVersion(p.engineVersion) && typeof p.engineVersion.version !== 'string',
    message: p => `engineVersion's version must be a string such as '8.0', got ${show((p.engineVersion as EngineVersion).version)}: write it in quotes, e.g. EngineVersion.of(CacheEngine.VALKEY, '8.0')`,
  },
  {
    family: 'inputs from every language',
    summary: '`cacheNodeType` that is not a `CacheNodeType` (e.g. a plain string)',
    source: cfn('ReplicationGroup', 'CacheNodeType'),
    condition: p => isSet(p.cacheNodeType) && !(p.cacheNodeType instanceof CacheNodeType),
    message: p => `cacheNodeType must be a CacheNodeType, got ${show(p.cacheNodeType)}: use a constant such as CacheNodeType.T4_G_MICRO, or CacheNodeType.of(${typeof p.cacheNodeType === 'string' ? show(p.cacheNodeType) : "'cache.r7g.large'"})`,
  },
  {
    family: 'inputs from every language',
    summary: '`authentication` that is not a `RedisAuthentication`',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (enum-like classes: static factories)',
    condition: p => isSet(p.authentication) && !(p.authentication instanceof RedisAuthentication),
    message: p => `authentication must be a RedisAuthentication, got ${show(p.authentication)}: use RedisAuthentication.none(), generatedAuthToken(), authTokenFromSecret(secret), rbac({ users }) or iam({ users })`,
  },
  {
    family: 'inputs from every language',
    summary: 'a user `authenticationType` that is not one of `RedisUserAuthenticationType`',
    source: `${cfn('User', 'AuthenticationMode')} \`Type\``,
    condition: p => badUserTypes(p).length > 0,
    message: p => `authenticationType must be one of RedisUserAuthenticationType.PASSWORD, NO_PASSWORD, IAM (${enumValues(Object.values(RedisUserAuthenticationType))}), got ${badUserTypes(p).map(u => `${show(u.authenticationType)} for user ${show(u.userName)}`).join(', ')}: use one of them`,
  },
  {
    family: 'inputs from every language',
    summary: 'a user whose `userName` is not a string',
    source: `${api('CreateUser', 'UserName')} (string)`,
    condition: p => badUserNames(p).length > 0,
    // a null user (a Java list may hold null) is named as such, not as a user without a name
    message: p => `userName must be a string, got ${badUserNames(p).map(u => u === null || u === undefined ? `${show(u)} in place of a user` : show(u.userName)).join(', ')}: name every user, e.g. { userName: 'app' }`,
  },
  {
    family: 'inputs from every language',
    summary: 'boolean props (`multiAz`, `transitEncryption`, ...) given something other than `true` or `false`',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (props types; a string such as `"false"` would count as true)',
    condition: p => wrongType(p, BOOLEAN_PROPS, v => typeof v === 'boolean').length > 0,
    message: p => `${wrongType(p, BOOLEAN_PROPS, v => typeof v === 'boolean').join(', ')} must be true or false, got ${listWrong(p, wrongType(p, BOOLEAN_PROPS, v => typeof v === 'boolean'))}: pass a boolean (Python True/False)`,
  },
  {
    family: 'inputs from every language',
    summary: 'number props (`numCacheNodes`, `port`, alarm thresholds, ...) given something that is not a finite number (a string, NaN, Infinity)',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (props types); CloudFormation integer properties',
    condition: p => wrongType(p, NUMBER_PROPS, v => typeof v === 'number' && Number.isFinite(v)).length > 0,
    message: p => `${wrongType(p, NUMBER_PROPS, v => typeof v === 'number' && Number.isFinite(v)).join(', ')} must be ${plural(wrongType(p, NUMBER_PROPS, v => typeof v === 'number' && Number.isFinite(v)), 'a finite number', 'finite numbers')}, got ${listWrong(p, wrongType(p, NUMBER_PROPS, v => typeof v === 'number' && Number.isFinite(v)))}: pass a number, e.g. 6380`,
  },
  {
    family: 'inputs from every language',
    summary: 'string props (`replicationGroupId`, windows, `description`, ...) given something that is not a string',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (props types)',
    condition: p => wrongType(p, STRING_PROPS, v => typeof v === 'string').length > 0,
    message: p => `${wrongType(p, STRING_PROPS, v => typeof v === 'string').join(', ')} must be ${plural(wrongType(p, STRING_PROPS, v => typeof v === 'string'), 'a string', 'strings')}, got ${listWrong(p, wrongType(p, STRING_PROPS, v => typeof v === 'string'))}: pass text, e.g. '02:00-03:00'`,
  },
  {
    family: 'inputs from every language',
    summary: 'duration props (`snapshotRetention`, alarm durations) given something that is not a `Duration` (e.g. a number of days)',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (`Duration` carries the unit)',
    condition: p => wrongType(p, DURATION_PROPS, v => v instanceof Duration).length > 0,
    message: p => `${wrongType(p, DURATION_PROPS, v => v instanceof Duration).join(', ')} must be ${plural(wrongType(p, DURATION_PROPS, v => v instanceof Duration), 'a Duration', 'Durations')}, got ${listWrong(p, wrongType(p, DURATION_PROPS, v => v instanceof Duration))}: use e.g. Duration.days(7) or Duration.minutes(5)`,
  },
  {
    family: 'inputs from every language',
    summary: 'list props (`allowedPeers`, `snapshotArns`, `uncheckedParameters`) given something that is not a list',
    source: '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md) (props types)',
    condition: p => wrongType(p, ARRAY_PROPS, v => Array.isArray(v)).length > 0,
    message: p => `${wrongType(p, ARRAY_PROPS, v => Array.isArray(v)).join(', ')} must be ${plural(wrongType(p, ARRAY_PROPS, v => Array.isArray(v)), 'a list', 'lists')}, got ${listWrong(p, wrongType(p, ARRAY_PROPS, v => Array.isArray(v)))}: wrap the value in a list, e.g. [value]`,
  },
  {
    family: 'inputs from every language',
    summary: '`parameters` that is not a map of parameter names to values',
    source: cfn('ParameterGroup', 'Properties'),
    condition: p => isSet(p.parameters) && !Token.isUnresolved(p.parameters) && (typeof p.parameters !== 'object' || p.parameters === null || Array.isArray(p.parameters)),
    message: p => `parameters must be a map of parameter names to values, got ${show(p.parameters)}: e.g. { 'maxmemory-policy': 'allkeys-lru' }`,
  },
];

/**
 * Runs the input rules on the props as given; `props` may be anything a caller passed.
 * @internal
 */
export function validateInputs(props: AirDiscoveryRedisProps | undefined): string[] {
  if (props === undefined || props === null || typeof props !== 'object') {
    return [withPythonNames(`props are required, got ${show(props)}: pass at least { vpc }`)];
  }
  return INPUT_RULES.filter(r => r.condition(props)).map(r => withPythonNames(r.message(props)));
}

/**
 * Runs every rule and returns the messages of those that fail.
 * @internal
 */
export function validateConfiguration(input: ValidationInput, rules: ValidationRule[] = RULES): string[] {
  return rules.filter(r => r.condition(input)).map(r => withPythonNames(r.message(input)));
}

/** Node families that can join a Global Datastore (user guide "Global Datastore: prerequisites"). */
const GLOBAL_DATASTORE_FAMILIES = familiesWhere(f => f.globalDatastore)
  .sort((a, b) => 'mrc'.indexOf(a[0]) - 'mrc'.indexOf(b[0]) || a.localeCompare(b));

/**
 * A rule about the primary of a Global Datastore.
 * @internal
 */
export interface GlobalDatastoreRule extends RuleDocumentation {
  readonly condition: (c: RedisConfiguration) => boolean;
  readonly message: (c: RedisConfiguration) => string;
}

/**
 * Rules about the primary of a Global Datastore, checked when the
 * `RedisGlobalDatastore` is created.
 * @internal
 */
export const GLOBAL_DATASTORE_RULES: GlobalDatastoreRule[] = [
  // User guide "Global Datastore: prerequisites": M5, M6g, M7g, R5, R6g, R6gd, R7g, C7gn, large and above.
  {
    family: 'Global Datastore',
    summary: 'a primary whose node type is not M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn, large or bigger',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: c => c.cacheNodeType.family !== undefined && (!GLOBAL_DATASTORE_FAMILIES.includes(c.cacheNodeType.family)
      || ['micro', 'small', 'medium'].includes(c.cacheNodeType.size ?? '')),
    message: c => `a Global Datastore needs a node type of the ${GLOBAL_DATASTORE_FAMILIES.join(', ')} families, large or bigger, got cacheNodeType ${c.cacheNodeType.name} on the primary: e.g. CacheNodeType.R7_G_LARGE`,
  },
  // User guide "Global Datastore": Redis OSS 5.0.6 or later.
  {
    family: 'Global Datastore',
    summary: 'a primary before Redis OSS 5.0.6',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: c => redisBefore(c.engineVersion, 5, 0, 6),
    message: c => `a Global Datastore needs Redis OSS 5.0.6 or later or Valkey, got engineVersion ${c.engineVersion}: upgrade the primary first`,
  },
  // User guide "Global Datastore": IPv6 is not supported.
  {
    family: 'Global Datastore',
    summary: 'a primary with IPv6 or dual stack',
    source: guide('Global Datastore: prerequisites and limitations', 'Redis-Global-Datastores-Getting-Started'),
    condition: c => c.networkType !== NetworkType.IPV4,
    message: c => `a Global Datastore supports networkType IPV4 only, got ${c.networkType} on the primary: use NetworkType.IPV4`,
  },
  // User guide "Durability: limitations": "Durability is not supported with Global Datastores".
  {
    family: 'Global Datastore',
    summary: 'a primary with `durability`',
    source: DURABILITY_LIMITS,
    condition: c => c.durability !== undefined,
    message: c => `a Global Datastore does not support durability, got durability ${c.durability!.toUpperCase()} on the primary: remove durability or the Global Datastore`,
  },
];

// ==== warnings: risky but valid ===============================================================

/**
 * What the warning rules look at.
 * @internal
 */
export interface WarningInput {
  readonly config: RedisConfiguration;
  readonly props: AirDiscoveryRedisProps;
  /** Undefined when the preset chose the authentication (none or a generated AUTH token). */
  readonly auth?: AuthDescription;
}

/**
 * A warning: a valid configuration that deserves a second look. Emitted as
 * `Annotations` warning `@air-discovery/cdk-redis:<id>`.
 * @internal
 */
export interface WarningRule {
  /** Stable id (the part after `@air-discovery/cdk-redis:`); users acknowledge it by id. */
  readonly id: string;
  /** When it fires, for the README. */
  readonly summary: string;
  /** Why, for the README (markdown). */
  readonly source: string;
  readonly condition: (input: WarningInput) => boolean;
  readonly message: (input: WarningInput) => string;
}

const tokens = (access: string) => access.trim().split(/\s+/).map(t => t.toLowerCase());
const enabled = (access: string) => tokens(access).includes('on');
const everyKey = (access: string) => tokens(access).some(t => t === '~*' || t === 'allkeys' || t === '%rw~*');
const groupUsers = (i: WarningInput) =>
  i.auth && (i.auth.mode === AuthenticationMode.RBAC || i.auth.mode === AuthenticationMode.IAM) ? i.auth.users : [];
const broadNoPasswordUsers = (i: WarningInput) => groupUsers(i).filter(u => userType(i, u) === RedisUserAuthenticationType.NO_PASSWORD
  && knownString(accessOf(u)) && enabled(accessOf(u)) && everyKey(accessOf(u)));
const usersWithoutOnOff = (i: WarningInput) => groupUsers(i).filter(u => knownString(accessOf(u))
  && accessOf(u).trim() !== '' && !tokens(accessOf(u)).some(t => t === 'on' || t === 'off'));
const upperCaseIamNames = (i: WarningInput) => groupUsers(i).filter(u => userType(i, u) === RedisUserAuthenticationType.IAM
  && knownString(u.userName) && u.userName !== u.userName.toLowerCase());
const atCreationParameters = (i: WarningInput) => parameterEntries(i).map(([k]) => k)
  .filter(k => k !== 'cluster-enabled' && parameterSpec(k, family(i))?.atCreation === true);
const LOG_OPTIONS: Array<keyof AirDiscoveryRedisProps> = ['logRetention', 'logFormat', 'logEncryptionKey'];
const ignoredLogOptions = (i: WarningInput) =>
  i.config.slowLogDelivery || i.config.engineLogDelivery ? [] : LOG_OPTIONS.filter(k => i.props[k] !== undefined);
/** ElastiCache's default quota of nodes per cluster (Service Quotas, adjustable up to 500). */
const DEFAULT_NODES_PER_CLUSTER_QUOTA = 90;

// ---- warnings of placement, durability and snapshotting (issue 17; docs/topology.md) --------

/** Node group ids other than ElastiCache's own numbering `0001`..`000N` (the construct's metrics assume it). */
function renumberedShards(i: WarningInput): boolean {
  const ids = (i.props.shardConfigurations ?? []).map(s => s.nodeGroupId);
  if (ids.every(x => x === undefined) || ids.some(x => !knownString(x) || !/^\d{1,4}$/.test(x))) return false;
  return ids.some((x, k) => x !== undefined && x.padStart(4, '0') !== String(k + 1).padStart(4, '0'));
}
const placed = (i: WarningInput) => i.props.preferredAvailabilityZones !== undefined
  || (i.props.shardConfigurations ?? []).some(s => s.primaryAvailabilityZone !== undefined || s.replicaAvailabilityZones !== undefined
    || s.slots !== undefined);

/**
 * Warnings of placement, durability and snapshotting, appended to `WARNING_RULES`.
 * @internal
 */
export const PLACEMENT_AND_DURABILITY_WARNINGS: WarningRule[] = [
  {
    id: 'durabilityAtCreation',
    summary: '`durability` set: it is chosen at creation (CloudFormation cannot turn it on or off on an existing group; SYNC and ASYNC switch in place)',
    source: `${cfn('ReplicationGroup', 'Durability')} ("Enabling durability on an existing non-durable cluster or disabling durability on an existing durable cluster is not currently supported")`,
    condition: i => i.config.durability !== undefined,
    message: i => `durability ${i.config.durability!.toUpperCase()}: CloudFormation cannot turn durability on or off on an existing group (the update fails), so add it to a group only when the group is created; switching between SYNC and ASYNC later is an in-place update`,
  },
  {
    id: 'durabilityAsync',
    summary: '`durability` ASYNC: up to 10 seconds of acknowledged writes can be lost on a failure, and writes are rejected while the log lags',
    source: guide('Durability options', 'Durability.Options'),
    condition: i => i.config.durability === DurabilityMode.ASYNC,
    message: () => 'durability ASYNC acknowledges writes before they reach the Multi-AZ transactional log: a failure can lose up to the last 10 seconds of writes, and the primary rejects writes while its oldest unpersisted write is older than 10 seconds; make clients retry rejected writes with exponential backoff, or use DurabilityMode.SYNC where no write may be lost',
  },
  {
    id: 'placementFixed',
    summary: '`preferredAvailabilityZones` or shard AZs/slots set: create-only (changing them, also to add nodes, replaces the group, which fails for a named group)',
    source: `${cfn('ReplicationGroup', 'PreferredCacheClusterAZs')} and \`NodeGroupConfiguration\` (update requires replacement); [UseOnlineResharding](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html) (remove \`Slots\` after resharding)`,
    condition: placed,
    message: () => 'preferredAvailabilityZones and the AZs and slots of shardConfigurations are create-only: changing them later (preferredAvailabilityZones must also change to add or remove a node) makes CloudFormation replace the group, which fails for a named group; after an online reshard (numShards change), remove the shards\' slots, which no longer match',
  },
  {
    id: 'customNodeGroupIds',
    summary: '`nodeGroupId` values other than `0001`..`000N` in shard order (the construct\'s metrics and alarms name member nodes by ElastiCache\'s numbering)',
    source: `${api('NodeGroupConfiguration', 'NodeGroupId')}; docs/monitoring.md, "Dimensions"`,
    condition: renumberedShards,
    message: () => 'shardConfigurations set nodeGroupId values other than 0001, 0002, ... in shard order: the construct\'s metrics, alarms and dashboard name member nodes <group>-0001-001, <group>-0002-001, ... and would not match; keep the default numbering, or build your own metrics from the node ids ElastiCache reports',
  },
  {
    id: 'snapshottingClusterIgnored',
    summary: '`snapshottingClusterId` set while `snapshotRetention` is 0 (no automatic snapshots)',
    source: cfn('ReplicationGroup', 'SnapshottingClusterId'),
    condition: i => i.props.snapshottingClusterId !== undefined && !i.config.snapshotRetention.isUnresolved()
      && i.config.snapshotRetention.toDays({ integral: false }) === 0,
    message: i => `snapshottingClusterId '${i.props.snapshottingClusterId}' has no effect because snapshotRetention is 0 (no automatic snapshots): remove it or keep snapshots for at least a day`,
  },
];

/**
 * The warnings this module decides (redis.ts `addWarnings()` emits them next to its own).
 * @internal
 */
export const WARNING_RULES: WarningRule[] = [
  {
    id: 'noPasswordBroadAccess',
    summary: 'an RBAC user without a password whose access string is on and reaches every key',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')}: a no-password user is usable by any client that reaches the port`,
    condition: i => broadNoPasswordUsers(i).length > 0,
    message: i => `users ${quote(broadNoPasswordUsers(i).map(u => u.userName))} have authenticationType NO_PASSWORD and an access string that is on for every key (${quote(broadNoPasswordUsers(i).map(accessOf).map(redactAccessString))}): any client that reaches the port can act as them; narrow the key patterns (e.g. '~probe:*') or give them a password`,
  },
  {
    id: 'defaultUserEnabled',
    summary: '`defaultUserAccessString` switches the `default` user on (unauthenticated clients get its rights)',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')}: the \`default\` user serves clients that do not authenticate`,
    condition: i => groupUsers(i).length > 0 && knownString(i.auth?.defaultUserAccessString) && enabled(i.auth!.defaultUserAccessString!),
    message: i => `defaultUserAccessString '${redactAccessString(i.auth!.defaultUserAccessString!)}' switches the default user on: clients that do not authenticate get these rights; keep 'off -@all' unless that is intended`,
  },
  {
    id: 'accessStringWithoutOn',
    summary: 'a user access string with neither `on` nor `off` (ElastiCache then switches the user off)',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')}: "If neither is specified in the access string, the user is assigned off"`,
    condition: i => usersWithoutOnOff(i).length > 0,
    message: i => `the access strings of users ${quote(usersWithoutOnOff(i).map(u => u.userName))} have neither 'on' nor 'off', so ElastiCache switches them off and they cannot log in: start them with 'on' (or 'off' if that is intended)`,
  },
  {
    id: 'iamUserNameCase',
    summary: 'an IAM user name with upper-case letters (ElastiCache stores user ids in lower case; an IAM user\'s id must equal its name)',
    source: `${api('CreateUser', 'UserId')} ("stored as a lowercase string"); ${guide('Authenticating with IAM', 'auth-iam')} (user id = user name)`,
    condition: i => upperCaseIamNames(i).length > 0,
    message: i => `IAM user names ${quote(upperCaseIamNames(i).map(u => u.userName))} contain upper-case letters: ElastiCache stores user ids in lower case and an IAM user's id must equal its name, so IAM authentication may fail; use lower case, e.g. '${upperCaseIamNames(i)[0].userName.toLowerCase()}'`,
  },
  {
    id: 'identifierCase',
    summary: '`replicationGroupId` with upper-case letters (ElastiCache stores it in lower case; ARNs, metric dimensions and outputs built from it would not match)',
    source: `${api('CreateReplicationGroup', 'ReplicationGroupId')} ("stored as a lowercase string")`,
    condition: i => knownString(i.config.replicationGroupId) && i.config.replicationGroupId !== i.config.replicationGroupId.toLowerCase(),
    message: i => `replicationGroupId '${i.config.replicationGroupId}' has upper-case letters: ElastiCache stores it as '${i.config.replicationGroupId.toLowerCase()}', so the grantConnect ARNs, the alarms' CacheClusterId dimensions and the outputs built from it would not match; use '${i.config.replicationGroupId.toLowerCase()}'`,
  },
  {
    id: 'nodeQuota',
    summary: `a cluster of more than ${DEFAULT_NODES_PER_CLUSTER_QUOTA} nodes (the default "nodes per cluster" quota; up to 500 on request)`,
    source: `${api('CreateReplicationGroup', 'NumNodeGroups')} ("To request a limit increase ... Nodes per cluster per instance type")`,
    condition: i => i.config.clusterMode === ClusterMode.ENABLED && known(i.config.totalNodes)
      && i.config.totalNodes > DEFAULT_NODES_PER_CLUSTER_QUOTA,
    message: i => `the cluster has ${i.config.totalNodes} nodes, more than the default quota of ${DEFAULT_NODES_PER_CLUSTER_QUOTA} nodes per cluster: request an increase of "Nodes per cluster per instance type" in Service Quotas before deploying, and check the subnets have enough free IP addresses`,
  },
  {
    id: 'previousGenerationNodeType',
    summary: 'a previous-generation node type (T1, M1, M2, M3, C1, R3): ElastiCache no longer creates new clusters on them',
    source: `${NODE_TYPE_NOTES} ("Previous generation: ... creation of new clusters is not supported for these types")`,
    condition: i => NO_NEW_CLUSTERS.includes(i.config.cacheNodeType.family ?? ''),
    message: i => `cacheNodeType ${i.config.cacheNodeType.name} is a previous-generation node type: existing groups keep running, but ElastiCache does not create new clusters on it; use a current node type such as cache.t4g.micro or cache.r7g.large`,
  },
  {
    id: 'unlistedNodeType',
    summary: 'a `CacheNodeType.unlisted()` node type this library\'s table does not know (passed to ElastiCache unchecked)',
    source: `src/private/node-type-table.ts; ${guide('Supported node types', 'CacheNodes.SupportedTypes')}`,
    condition: i => knownString(i.config.cacheNodeType.name) && i.config.cacheNodeType.family !== undefined && !i.config.cacheNodeType.isListed,
    message: i => `cacheNodeType ${i.config.cacheNodeType.name} is not in this library's node-type table (CacheNodeType.unlisted): it is passed to ElastiCache unchecked, so a typo fails only at deploy, and the CPU alarm watches EngineCPUUtilization because the vCPU count is unknown; check the name against the ElastiCache "Supported node types" page`,
  },
  {
    id: 'publicSubnets',
    summary: '`allowPublicSubnets: true` with public subnets selected (the security group is the only control)',
    source: guide('Amazon VPCs and ElastiCache security', 'VPCs'),
    condition: i => i.props.allowPublicSubnets === true && publicSubnets(i).length > 0,
    message: i => `the subnet group uses public subnets ${quote(publicSubnets(i))} (allowPublicSubnets): they route to an internet gateway, so the security group is the only control between the cache and the internet; keep its ingress to known peers`,
  },
  {
    id: 'peerOpenToInternet',
    summary: '`allowedPeers` open to `0.0.0.0/0` or `::/0` (any address may reach the port)',
    source: 'cdk-nag AwsSolutions-EC23; [VPC security groups](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html)',
    condition: i => internetPeers(i).length > 0,
    message: i => `allowedPeers include ${quote(internetPeers(i))}, which lets any address reach the Redis port (wherever the subnets route from): allow the application's CIDR or security group instead (redis.connections.allowDefaultPortFrom(service))`,
  },
  {
    id: 'uncheckedParameters',
    summary: '`uncheckedParameters`: parameters passed to ElastiCache without checking name or value',
    source: 'src/private/parameter-table.ts',
    condition: i => unchecked(i).length > 0,
    message: i => `parameters ${quote(unchecked(i))} are passed to ElastiCache unchecked (uncheckedParameters): a wrong name or value fails only at deploy; remove them from uncheckedParameters once this library knows them`,
  },
  {
    id: 'parameterAtCreation',
    summary: '`parameters` that ElastiCache applies only when the cluster is created (`activerehashing`, `databases`)',
    source: `${guide('Valkey and Redis OSS parameters', 'ParameterGroups.Engine')} ("Changes take effect: at creation")`,
    condition: i => atCreationParameters(i).length > 0,
    message: i => `parameters ${quote(atCreationParameters(i))} take effect only when the group is created: changing ${atCreationParameters(i).length === 1 ? 'it' : 'them'} on a deployed group does not change the running nodes; set ${atCreationParameters(i).length === 1 ? 'it' : 'them'} before the first deploy`,
  },
  {
    id: 'snapshotWindowIgnored',
    summary: '`snapshotWindow` set while `snapshotRetention` is 0 (no automatic snapshots, so the window is not sent)',
    source: `${api('CreateReplicationGroup', 'SnapshotWindow')} (applies to automatic snapshots)`,
    condition: i => i.props.snapshotWindow !== undefined && !i.config.snapshotRetention.isUnresolved()
      && i.config.snapshotRetention.toDays({ integral: false }) === 0,
    message: i => `snapshotWindow '${i.props.snapshotWindow}' has no effect because snapshotRetention is 0 (no automatic snapshots): remove snapshotWindow or keep snapshots for at least a day`,
  },
  {
    id: 'logOptionsIgnored',
    summary: '`logRetention`, `logFormat` or `logEncryptionKey` set without slow-log or engine-log delivery',
    source: guide('Log delivery', 'Log_Delivery'),
    condition: i => ignoredLogOptions(i).length > 0,
    message: i => `${ignoredLogOptions(i).join(', ')} ${ignoredLogOptions(i).length === 1 ? 'has' : 'have'} no effect without log delivery: set slowLogDelivery or engineLogDelivery to true, or remove ${ignoredLogOptions(i).length === 1 ? 'it' : 'them'}`,
  },

  // placement, durability and snapshotting (docs/topology.md)
  ...PLACEMENT_AND_DURABILITY_WARNINGS,
];

/**
 * The warnings of `WARNING_RULES` that apply.
 * @internal
 */
export function configurationWarnings(config: RedisConfiguration, props: AirDiscoveryRedisProps): Array<{ id: string; message: string }> {
  const input: WarningInput = { config, props, auth: props.globalDatastore ? undefined : props.authentication?._describe() };
  return WARNING_RULES.filter(w => w.condition(input)).map(w => ({ id: w.id, message: w.message(input) }));
}

/**
 * The warnings `addWarnings()` in redis.ts decides itself, for the README
 * (test/validation.test.ts checks this list against redis.ts).
 * @internal
 */
export const INLINE_WARNINGS: Array<{ readonly id: string; readonly summary: string; readonly source: string }> = [
  { id: 'prodWithoutMultiAz', summary: 'the PROD preset with `multiAz: false`', source: 'cdk-nag AwsSolutions-AEC4; ' + guide('Minimizing downtime with Multi-AZ', 'AutoFailover') },
  { id: 'defaultPort', summary: 'the PROD preset with `port: 6379`, the port scanners probe first', source: 'cdk-nag AwsSolutions-AEC5' },
  { id: 'noBackups', summary: 'the PROD preset with `snapshotRetention` 0 (no automatic snapshots)', source: guide('Snapshot and restore', 'backups') },
  { id: 'destroyOnDelete', summary: 'the PROD preset with `RemovalPolicy.DESTROY` (no final snapshot)', source: '[CloudFormation DeletionPolicy](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html) `Snapshot`' },
  { id: 'tlsPreferred', summary: '`transitEncryptionMode` PREFERRED (plain-text clients still accepted)', source: guide('In-transit encryption (TLS)', 'in-transit-encryption') },
  { id: 'replicasPerShardFixed', summary: 'cluster mode: `replicasPerShard` is create-only in CloudFormation (a later change fails the deploy unless the group gets a new id)', source: cfn('ReplicationGroup', 'ReplicasPerNodeGroup') + ' (update requires replacement)' },
  { id: 'clusterWithoutReplicas', summary: 'cluster mode with `replicasPerShard: 0`', source: '[cloudformation-coverage-roadmap#1275](https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1275)' },
  { id: 'restoreReplaces', summary: '`snapshotName` / `snapshotArns` set (create-only: changing them later fails the deploy)', source: cfn('ReplicationGroup', 'SnapshotName') + ' (update requires replacement)' },
  { id: 'atRestEncryptionOff', summary: '`atRestEncryption: false` (create-only: turning it on later needs a new group)', source: cfn('ReplicationGroup', 'AtRestEncryptionEnabled') + ' (update requires replacement)' },
  { id: 'authReplacement', summary: 'authentication on a DEV-based group (adding it to a deployed group makes CloudFormation plan a replacement)', source: guide('Authenticating with the AUTH command', 'auth') },
  { id: 'noAuth', summary: 'the PROD preset with `RedisAuthentication.none()`', source: 'cdk-nag AwsSolutions-AEC6' },
  { id: 'noPreset', summary: 'no `preset`: the DEV values apply and none of their cdk-nag findings is acknowledged', source: 'docs/security.md, "No silent insecure default"' },
];

/**
 * Warnings emitted elsewhere (monitoring, wiring helpers, the probe, the Global Datastore), for the README
 * (test/validation.test.ts checks that every warning id in src/ is documented).
 * @internal
 */
export const OTHER_WARNINGS: Array<{ readonly id: string; readonly summary: string; readonly source: string }> = [
  { id: 'probeHttpsToAnywhere', summary: 'a probe that reads a secret with no Secrets Manager interface endpoint or prefix list (HTTPS to any address)', source: 'docs/security.md, "The probe"' },
  { id: 'nothingToRotate', summary: '`rotation: true` with no secret the construct generated (a secret passed in, IAM users, no authentication)', source: 'docs/security.md, "Rotation"' },
  { id: 'tradeOffsWithoutPreset', summary: '`acknowledgePresetTradeOffs: true` without a `preset` (nothing is acknowledged)', source: 'docs/security.md, "No silent insecure default"' },
  { id: 'alarmPropsIgnored', summary: 'alarm thresholds set while alarms are off', source: 'docs/monitoring.md' },
  { id: 'cpuAlarmUnknownNodeType', summary: 'a node type whose vCPU count is unknown (the CPU alarm watches EngineCPUUtilization)', source: 'docs/monitoring.md, "The CPU rule"' },
  { id: 'replicationLagWithoutReplicas', summary: 'a replication lag threshold on a group without replicas (no alarm is created)', source: 'docs/monitoring.md' },
  { id: 'manyAlarms', summary: 'more than 200 alarms (close to CloudFormation\'s 500 resources per stack)', source: 'docs/monitoring.md, "Aggregation and the 500-resources budget"' },
  { id: 'monitoringNeedsNodeCounts', summary: 'alarms or a dashboard with token node counts (member node ids unknown: not created)', source: 'docs/monitoring.md, "Dimensions"' },
  { id: 'noIpv6Ingress', summary: 'IPv6 or dual stack in a VPC whose IPv6 CIDR is not known at synth (no IPv6 ingress rule added)', source: guide('Choosing a network type', 'network-type') },
  { id: 'noAuthSecretForLambda', summary: '`connectLambda()` on an AUTH-token group without a secret to hand the function', source: 'docs/authentication.md, "Handing the secret to consumers"' },
  { id: 'authSecretNamedForGlobalDatastore', summary: 'a Global Datastore names the primary\'s generated AUTH token secret (replaces it on a running primary)', source: 'docs/topology.md, "Global Datastore"' },
  { id: 'probeIsolatedSubnets', summary: 'a probe that reads a secret with any isolated subnet among its subnets (needs a Secrets Manager endpoint)', source: 'docs/probe.md' },
];
