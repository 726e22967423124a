import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AuthenticationMode, RedisUserAuthenticationType, RedisUserProps } from './auth';
import { ClusterMode, NetworkType, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { CacheEngine, EngineVersion } from './engine';
import { CacheNodeType } from './node-type';
import { AuthDescription, DEFAULT_ACCESS_STRING } from './private/auth-types';
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
}

/**
 * The families the README groups the rules by, in the README's order.
 * @internal
 */
export const RULE_FAMILIES = [
  'identifiers and names',
  'engines and versions',
  'topology',
  'node types',
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
 * whose literal parts with the tokens in between spell one) or a Ref to a NoEcho
 * CloudFormation parameter.
 */
function isSecretReference(resolved: unknown, i: ValidationInput): boolean {
  if (typeof resolved === 'string') return DYNAMIC_REFERENCE.test(resolved);
  if (typeof resolved !== 'object' || resolved === null) return false;
  const r = resolved as Record<string, unknown>;
  if (Object.keys(r).length === 1 && typeof r.Ref === 'string') return i.isNoEchoParameter(r.Ref);
  const join = r['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const skeleton = (join[1] as unknown[]).map(part => typeof part === 'string' ? part : 'TOKEN').join('');
    return DYNAMIC_REFERENCE.test(skeleton);
  }
  return false;
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

/** Node families without the Nitro system (no IPv6, no dual stack). */
function isPreviousGeneration(t: CacheNodeType): boolean {
  return ['t1', 't2', 'm1', 'm2', 'm3', 'm4', 'c1', 'r3', 'r4'].includes(t.family ?? '');
}
/** Families that ElastiCache lists as "previous generation: creation of new clusters is not supported". */
const NO_NEW_CLUSTERS = ['t1', 'm1', 'm2', 'm3', 'c1', 'r3'];
/** Families without at-rest encryption (user guide "At-Rest Encryption Conditions" lists every other one). */
const NO_AT_REST_ENCRYPTION = ['t1', 'm1', 'm2', 'c1'];
/** Graviton families that need Redis OSS 5.0.6 or later (API `CacheNodeType` notes). */
const GRAVITON_506 = ['m6g', 'r6g', 't4g'];

const isUserGroup = (i: ValidationInput) => i.auth.mode === AuthenticationMode.RBAC || i.auth.mode === AuthenticationMode.IAM;
const userType = (i: { auth?: AuthDescription }, u: RedisUserProps) => u.authenticationType ?? i.auth?.defaultAuthenticationType;
const hasIamUsers = (i: ValidationInput) => i.auth.users.some(u => userType(i, u) === RedisUserAuthenticationType.IAM);
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
const VALKEY_VERSIONS = ['7.2', '8.0', '8.1', '8.2'];

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

/** What is too long for ElastiCache's 24-hour maintenance windows. */
const MAX_MAINTENANCE_MINUTES = 24 * 60;
/** The longest output logical id the construct appends to the prefixes. */
const LONGEST_OUTPUT_NAME = 'RedisReaderEndpoint'.length;

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
  // ElastiCache offers Valkey from 7.2: 7.2, 8.0, 8.1, 8.2 (later majors and minors are not judged).
  {
    family: 'engines and versions',
    summary: 'a Valkey version before 7.2, or a Valkey 7 other than 7.2 (ElastiCache offers 7.2, 8.0, 8.1, 8.2)',
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
  // API CacheNodeType: "Valkey or Redis OSS Multi-AZ with automatic failover is not supported on T1 instances."
  {
    family: 'node types',
    summary: '`multiAz` or `automaticFailover` on T1 nodes',
    source: NODE_TYPE_NOTES,
    condition: i => i.config.cacheNodeType.family === 't1' && (i.config.multiAz || i.config.automaticFailover),
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
    message: i => `${badAccessStrings(i).map(([what, a]) => `${what} '${a}'`).join(', ')} must not contain passwords or reset, got ${quote(badAccessStrings(i).flatMap(([, a]) => forbiddenAccessRules(a)))}: remove them; passwords are generated in Secrets Manager`,
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

  // ==== network ==============================================================================
  // CFN Port: a TCP port.
  {
    family: 'network',
    summary: '`port` outside 1-65535 or not whole',
    source: cfn('ReplicationGroup', 'Port'),
    condition: i => outside(i.config.port, 1, 65535),
    message: i => `port must be a whole number from 1 to 65535, got ${i.config.port}: e.g. 6380`,
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
    condition: i => i.config.cacheNodeType.name === 'cache.t1.micro' && !isCluster(i)
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
];

/**
 * Runs every rule and returns the messages of those that fail.
 * @internal
 */
export function validateConfiguration(input: ValidationInput, rules: ValidationRule[] = RULES): string[] {
  return rules.filter(r => r.condition(input)).map(r => r.message(input));
}

/** Node families that can join a Global Datastore (user guide "Global Datastore: prerequisites"). */
const GLOBAL_DATASTORE_FAMILIES = ['m5', 'm6g', 'm7g', 'r5', 'r6g', 'r6gd', 'r7g', 'c7gn'];

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
const LOG_OPTIONS: Array<keyof AirDiscoveryRedisProps> = ['logRetention', 'logFormat', 'logEncryptionKey'];
const ignoredLogOptions = (i: WarningInput) =>
  i.config.slowLogDelivery || i.config.engineLogDelivery ? [] : LOG_OPTIONS.filter(k => i.props[k] !== undefined);
/** ElastiCache's default quota of nodes per cluster (Service Quotas, adjustable up to 500). */
const DEFAULT_NODES_PER_CLUSTER_QUOTA = 90;

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
    message: i => `users ${quote(broadNoPasswordUsers(i).map(u => u.userName))} have authenticationType NO_PASSWORD and an access string that is on for every key (${quote(broadNoPasswordUsers(i).map(accessOf))}): any client that reaches the port can act as them; narrow the key patterns (e.g. '~probe:*') or give them a password`,
  },
  {
    id: 'defaultUserEnabled',
    summary: '`defaultUserAccessString` switches the `default` user on (unauthenticated clients get its rights)',
    source: `${guide('Role-Based Access Control (RBAC)', 'Clusters.RBAC')}: the \`default\` user serves clients that do not authenticate`,
    condition: i => groupUsers(i).length > 0 && knownString(i.auth?.defaultUserAccessString) && enabled(i.auth!.defaultUserAccessString!),
    message: i => `defaultUserAccessString '${i.auth!.defaultUserAccessString}' switches the default user on: clients that do not authenticate get these rights; keep 'off -@all' unless that is intended`,
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
];

/**
 * Warnings emitted elsewhere (monitoring, wiring helpers, the probe, the Global Datastore), for the README
 * (test/validation.test.ts checks that every warning id in src/ is documented).
 * @internal
 */
export const OTHER_WARNINGS: Array<{ readonly id: string; readonly summary: string; readonly source: string }> = [
  { id: 'alarmPropsIgnored', summary: 'alarm thresholds set while alarms are off', source: 'docs/monitoring.md' },
  { id: 'cpuAlarmUnknownNodeType', summary: 'a node type whose vCPU count is unknown (the CPU alarm watches EngineCPUUtilization)', source: 'docs/monitoring.md, "The CPU rule"' },
  { id: 'replicationLagWithoutReplicas', summary: 'a replication lag threshold on a group without replicas (no alarm is created)', source: 'docs/monitoring.md' },
  { id: 'manyAlarms', summary: 'more than 200 alarms (close to CloudFormation\'s 500 resources per stack)', source: 'docs/monitoring.md, "Aggregation and the 500-resources budget"' },
  { id: 'monitoringNeedsNodeCounts', summary: 'alarms or a dashboard with token node counts (member node ids unknown: not created)', source: 'docs/monitoring.md, "Dimensions"' },
  { id: 'noIpv6Ingress', summary: 'IPv6 or dual stack in a VPC whose IPv6 CIDR is not known at synth (no IPv6 ingress rule added)', source: guide('Choosing a network type', 'network-type') },
  { id: 'noAuthSecretForLambda', summary: '`connectLambda()` on an AUTH-token group without a secret to hand the function', source: 'docs/authentication.md, "Handing the secret to consumers"' },
  { id: 'authSecretNamedForGlobalDatastore', summary: 'a Global Datastore names the primary\'s generated AUTH token secret (replaces it on a running primary)', source: 'docs/topology.md, "Global Datastore"' },
  { id: 'probeIsolatedSubnets', summary: 'a probe that reads a secret from isolated subnets (needs a Secrets Manager endpoint)', source: 'docs/probe.md' },
];
