import { Token } from 'aws-cdk-lib';
import { AuthenticationMode, RedisUserAuthenticationType, RedisUserProps } from './auth';
import { ClusterMode, NetworkType, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { CacheEngine } from './engine';
import { CacheNodeType } from './node-type';
import type { AirDiscoveryRedisProps } from './redis';
import { AuthDescription } from './private/auth-types';
import { MAINTENANCE_WINDOW_FORMAT, SNAPSHOT_WINDOW_FORMAT, parseMaintenanceWindow, parseSnapshotWindow, windowsOverlap } from './private/windows';

/**
 * What the rules look at: the resolved configuration, the authentication choice,
 * and the raw props where a rule must know what the user set.
 * @internal
 */
export interface ValidationInput {
  readonly config: RedisConfiguration;
  readonly auth: AuthDescription;
  /** `numCacheNodes` as the user gave it (cluster mode takes shards and replicas instead). */
  readonly numCacheNodesProp?: number;
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
 * One rule: when `condition` holds, the configuration is invalid.
 * @internal
 */
export interface ValidationRule {
  /** True when the configuration breaks the rule. Tokens must make it false. */
  readonly condition: (input: ValidationInput) => boolean;
  /** Lower-case, names the prop, the value received, what is allowed. */
  readonly message: (input: ValidationInput) => string;
}

/** True when `n` is a concrete number (not a token). */
function known(n: number | undefined): n is number {
  return n !== undefined && !Token.isUnresolved(n);
}

/** True when `s` is a concrete string (not a token). */
function knownString(s: string | undefined): s is string {
  return s !== undefined && !Token.isUnresolved(s);
}

function outside(n: number | undefined, min: number, max: number): boolean {
  return known(n) && (!Number.isInteger(n) || n < min || n > max);
}

const isCluster = (i: ValidationInput) => i.config.clusterMode === ClusterMode.ENABLED;

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
const isUserGroup = (i: ValidationInput) => i.auth.mode === AuthenticationMode.RBAC || i.auth.mode === AuthenticationMode.IAM;
const userType = (i: ValidationInput, u: RedisUserProps) => u.authenticationType ?? i.auth.defaultAuthenticationType;
const hasIamUsers = (i: ValidationInput) => i.auth.users.some(u => userType(i, u) === RedisUserAuthenticationType.IAM);
const USER_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((n, idx) => knownString(n) && names.indexOf(n) !== idx))];
}

/** User ids (or IAM user names, which are ids) that break the id pattern. */
function badUserIds(i: ValidationInput, what: string): string[] {
  const values = what === 'userId'
    ? i.auth.users.filter(u => userType(i, u) !== RedisUserAuthenticationType.IAM).map(u => u.userId)
    : i.auth.users.filter(u => userType(i, u) === RedisUserAuthenticationType.IAM).map(u => u.userName);
  return values.filter((v): v is string => knownString(v) && !USER_ID.test(v));
}

/**
 * The rule table. Every rule cites where the constraint comes from.
 * CFN = AWS CloudFormation resource reference, AWS::ElastiCache::ReplicationGroup;
 * API = ElastiCache API reference, CreateReplicationGroup.
 * @internal
 */
export const RULES: ValidationRule[] = [
  // --- identifiers -----------------------------------------------------------
  // API CreateReplicationGroup ReplicationGroupId: 1-40 alphanumerics or hyphens,
  // first a letter, no two consecutive hyphens, not ending with a hyphen.
  {
    condition: i => knownString(i.config.replicationGroupId) && !/^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/.test(i.config.replicationGroupId) ||
      knownString(i.config.replicationGroupId) && (i.config.replicationGroupId.length > 40 || i.config.replicationGroupId.endsWith('-')),
    message: i => `replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '${i.config.replicationGroupId}'`,
  },

  // --- topology ----------------------------------------------------------------
  // API CreateReplicationGroup NumCacheClusters: 1-6 (a primary and up to five replicas).
  {
    condition: i => !isCluster(i) && outside(i.config.totalNodes, 1, 6),
    message: i => `numCacheNodes must be a whole number from 1 to 6 (a primary and up to 5 replicas), got ${i.config.totalNodes}`,
  },
  // CFN MultiAZEnabled: "AutomaticFailoverEnabled must be enabled"; User guide "Minimizing downtime
  // with Multi-AZ": needs at least one replica.
  {
    condition: i => i.config.multiAz && !isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes < 2,
    message: i => `multiAz needs at least 2 nodes (a primary and a replica), got numCacheNodes ${i.config.totalNodes}: set numCacheNodes to 2 or more, or multiAz to false`,
  },
  {
    condition: i => i.config.multiAz && !i.config.automaticFailover,
    message: () => 'multiAz needs automaticFailover, got automaticFailover false: set automaticFailover to true or multiAz to false',
  },
  // CFN AutomaticFailoverEnabled: "must be enabled for Redis OSS (cluster mode enabled)"
  // and is not allowed with fewer than two nodes when cluster mode is disabled.
  {
    condition: i => i.config.automaticFailover && !isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes < 2,
    message: i => `automaticFailover needs at least 2 nodes when cluster mode is disabled, got numCacheNodes ${i.config.totalNodes}`,
  },
  {
    condition: i => isCluster(i) && !i.config.automaticFailover,
    message: () => 'automaticFailover must be true when clusterMode is ENABLED, got false',
  },

  // API CreateReplicationGroup NumNodeGroups: 1-500; ReplicasPerNodeGroup: 0-5.
  {
    condition: i => isCluster(i) && outside(i.config.numShards, 1, 500),
    message: i => `numShards must be a whole number from 1 to 500, got ${i.config.numShards}`,
  },
  {
    condition: i => isCluster(i) && outside(i.config.replicasPerShard, 0, 5),
    message: i => `replicasPerShard must be a whole number from 0 to 5, got ${i.config.replicasPerShard}`,
  },
  // User guide "Scaling clusters": up to 500 nodes per cluster (Redis OSS 5.0.6+).
  {
    condition: i => isCluster(i) && known(i.config.totalNodes) && i.config.totalNodes > 500,
    message: i => `numShards x (1 + replicasPerShard) must be at most 500 nodes, got ${i.config.numShards} x ${1 + i.config.replicasPerShard} = ${i.config.totalNodes}`,
  },
  {
    condition: i => isCluster(i) && i.props.numCacheNodes !== undefined,
    message: i => `numCacheNodes is for cluster mode DISABLED, got numCacheNodes ${i.props.numCacheNodes} with clusterMode ENABLED: use numShards and replicasPerShard`,
  },
  {
    condition: i => !isCluster(i) && !i.props.globalDatastore && (i.props.numShards !== undefined || i.props.replicasPerShard !== undefined),
    message: i => `numShards and replicasPerShard need clusterMode ENABLED, got clusterMode ${i.config.clusterMode.toUpperCase()}: use numCacheNodes, or set clusterMode`,
  },
  {
    condition: i => isCluster(i) && i.config.multiAz && known(i.config.replicasPerShard) && i.config.replicasPerShard < 1,
    message: () => 'multiAz needs at least 1 replica per shard, got replicasPerShard 0',
  },
  // User guide "Modifying cluster mode": Valkey 7.2+ / Redis OSS 7.0+, auto-failover with at least 1 replica.
  {
    condition: i => i.config.clusterMode === ClusterMode.COMPATIBLE && !i.config.engineVersion.isRedis7OrLater,
    message: i => `clusterMode COMPATIBLE needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion ${i.config.engineVersion}`,
  },
  {
    condition: i => i.config.clusterMode === ClusterMode.COMPATIBLE && (!i.config.automaticFailover || (known(i.config.totalNodes) && i.config.totalNodes < 2)),
    message: i => `clusterMode COMPATIBLE needs automaticFailover and at least 1 replica, got automaticFailover ${i.config.automaticFailover} with numCacheNodes ${i.config.totalNodes}`,
  },

  // --- node-type features -------------------------------------------------------------
  // User guide "Data tiering": r6gd nodes, Valkey or Redis OSS 6.2+.
  {
    condition: i => i.config.dataTiering && i.config.cacheNodeType.family !== undefined && !i.config.cacheNodeType.supportsDataTiering,
    message: i => `dataTiering needs an r6gd node type, got cacheNodeType ${i.config.cacheNodeType.name}`,
  },
  {
    condition: i => i.config.dataTiering && i.config.engineVersion.engine === CacheEngine.REDIS && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `dataTiering needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}`,
  },
  // User guide "Choosing a network type": Redis OSS 6.2+ / Valkey 7.2+ on Nitro instances.
  {
    condition: i => i.config.networkType !== NetworkType.IPV4 && i.config.engineVersion.engine === CacheEngine.REDIS && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `networkType ${i.config.networkType} needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}`,
  },
  {
    condition: i => i.config.networkType !== NetworkType.IPV4 && isPreviousGeneration(i.config.cacheNodeType),
    message: i => `networkType ${i.config.networkType} needs a Nitro node type (not t1, t2, m1-m4, c1, r3, r4), got cacheNodeType ${i.config.cacheNodeType.name}`,
  },
  // CFN SnapshotName / SnapshotArns: seed from one source.
  {
    condition: i => i.props.snapshotName !== undefined && i.props.snapshotArns !== undefined,
    message: () => 'snapshotName and snapshotArns are alternatives: set one of them, got both',
  },
  {
    condition: i => (i.props.snapshotArns ?? []).some(a => knownString(a) && !/^arn:aws[a-z-]*:s3:::.+/.test(a)),
    message: i => `snapshotArns must be S3 object ARNs like 'arn:aws:s3:::bucket/dump.rdb', got ${(i.props.snapshotArns ?? []).filter(a => knownString(a) && !/^arn:aws[a-z-]*:s3:::.+/.test(a)).map(a => `'${a}'`).join(', ')}`,
  },
  // API CreateCacheSubnetGroup CacheSubnetGroupName: at most 255 letters, digits or hyphens.
  {
    condition: i => knownString(i.props.subnetGroupName) && !/^[a-zA-Z0-9-]{1,255}$/.test(i.props.subnetGroupName),
    message: i => `subnetGroupName must be 1-255 letters, digits or hyphens, got '${i.props.subnetGroupName}'`,
  },

  // --- log delivery ---------------------------------------------------------------------
  // User guide "Log delivery": slow log from Redis OSS 6.0, engine log from Redis OSS 6.2; every Valkey.
  {
    condition: i => i.config.slowLogDelivery && i.config.engineVersion.engine === CacheEngine.REDIS && !i.config.engineVersion.isAtLeast(6, 0),
    message: i => `slowLogDelivery needs Redis OSS 6.0 or later or Valkey, got engineVersion ${i.config.engineVersion}`,
  },
  {
    condition: i => i.config.engineLogDelivery && i.config.engineVersion.engine === CacheEngine.REDIS && !i.config.engineVersion.isAtLeast(6, 2),
    message: i => `engineLogDelivery needs Redis OSS 6.2 or later or Valkey, got engineVersion ${i.config.engineVersion}`,
  },

  // --- Global Datastore secondaries -----------------------------------------------------------
  // User guide "Global Datastore": a secondary inherits these from the primary.
  {
    condition: i => secondaryOverrides(i).length > 0,
    message: i => `a Global Datastore secondary inherits ${secondaryOverrides(i).join(', ')} from the primary and must not set them: remove them from the secondary`,
  },
  // User guide "Global Datastore": at most two secondary clusters, each in another region.
  {
    condition: i => i.props.globalDatastore !== undefined && i.regions.secondaries.length >= 2,
    message: i => `a Global Datastore has at most 2 secondaries, got a third in region ${i.regions.self}`,
  },
  {
    condition: i => i.props.globalDatastore !== undefined && knownString(i.regions.self) && knownString(i.regions.primary) && i.regions.self === i.regions.primary,
    message: i => `a Global Datastore secondary must be in another region than the primary, got ${i.regions.self} for both: give the secondary's stack another env.region`,
  },
  {
    condition: i => i.props.globalDatastore !== undefined && knownString(i.regions.self) && i.regions.secondaries.includes(i.regions.self),
    message: i => `each Global Datastore secondary needs its own region, got a second secondary in ${i.regions.self}`,
  },

  // --- network -------------------------------------------------------------------
  // CFN Port: a TCP port.
  {
    condition: i => outside(i.config.port, 1, 65535),
    message: i => `port must be a whole number from 1 to 65535, got ${i.config.port}`,
  },

  // --- authentication and encryption ------------------------------------------------
  // User guide "AUTH": "you must enable in-transit encryption"; RBAC and IAM likewise.
  {
    condition: i => i.auth.mode !== AuthenticationMode.NONE && !i.config.transitEncryption,
    message: i => `authentication ${i.auth.mode} needs in-transit encryption, got transitEncryption false: set transitEncryption to true or use RedisAuthentication.none()`,
  },
  // User guide "Authenticating with AUTH": token 16-128 printable characters.
  {
    condition: i => i.auth.tokenLength !== undefined && outside(i.auth.tokenLength, 16, 128),
    message: i => `generatedAuthToken length must be a whole number from 16 to 128 (ElastiCache AUTH token limits), got ${i.auth.tokenLength}`,
  },
  // User guide "Role-Based Access Control (RBAC)": Redis OSS 6.0 and later, every Valkey version.
  {
    condition: i => i.auth.mode === AuthenticationMode.RBAC && i.config.engineVersion.engine === CacheEngine.REDIS
      && !i.config.engineVersion.isAtLeast(6, 0),
    message: i => `authentication rbac needs Redis OSS 6.0 or later or Valkey, got engineVersion ${i.config.engineVersion}`,
  },
  // User guide "Authenticating with IAM": Valkey 7.2+ or Redis OSS 7.0+.
  {
    condition: i => hasIamUsers(i) && !i.config.engineVersion.isRedis7OrLater,
    message: i => `IAM authentication needs Redis OSS 7.0 or later or Valkey 7.2 or later, got engineVersion ${i.config.engineVersion}`,
  },
  // API CreateUserGroup: a user group holds the user named `default` (the construct adds it).
  {
    condition: i => isUserGroup(i) && i.auth.users.length === 0,
    message: i => `authentication ${i.auth.mode} needs at least one user besides 'default', got users []`,
  },
  {
    condition: i => i.auth.users.some(u => u.userName === 'default'),
    message: () => "authentication users must not include userName 'default': the construct creates the group's default user; set defaultUserAccessString to change what it may do",
  },
  {
    condition: i => duplicates(i.auth.users.map(u => u.userName)).length > 0,
    message: i => `authentication user names must be unique, got ${duplicates(i.auth.users.map(u => u.userName)).map(n => `'${n}'`).join(', ')} more than once`,
  },
  // API CreateUser UserId / CreateUserGroup UserGroupId: pattern [a-zA-Z][a-zA-Z0-9\-]*.
  ...['userId', 'userName of an IAM user'].map((what): ValidationRule => ({
    condition: i => badUserIds(i, what).length > 0,
    message: i => `${what} must start with a letter and contain only letters, digits and hyphens, got ${badUserIds(i, what).map(n => `'${n}'`).join(', ')}`,
  })),
  {
    condition: i => knownString(i.auth.userGroupId) && !USER_ID.test(i.auth.userGroupId),
    message: i => `userGroupId must start with a letter and contain only letters, digits and hyphens, got '${i.auth.userGroupId}'`,
  },
  {
    condition: i => i.auth.users.some(u => u.accessString !== undefined && knownString(u.accessString) && u.accessString.trim() === ''),
    message: () => "accessString must not be empty: use e.g. 'on ~app:* +@read +@write', or 'off' to disable a user",
  },
  // CFN KmsKeyId: "the ID of the KMS key used to encrypt the disk" of an at-rest encrypted group.
  {
    condition: i => i.encryptionKeyProp === true && !i.config.atRestEncryption,
    message: () => 'encryptionKey needs atRestEncryption true, got atRestEncryption false',
  },
  // CFN TransitEncryptionMode: only with TransitEncryptionEnabled.
  {
    condition: i => i.transitEncryptionModeProp !== undefined && !i.config.transitEncryption,
    message: i => `transitEncryptionMode needs transitEncryption true, got transitEncryptionMode '${i.transitEncryptionModeProp}' with transitEncryption false`,
  },

  // API ModifyReplicationGroup TransitEncryptionMode: Redis OSS 7.0.5+ and Valkey.
  {
    condition: i => i.transitEncryptionModeProp !== undefined && !i.config.engineVersion.isRedis7OrLater,
    message: i => `transitEncryptionMode needs Redis OSS 7.0 or later or Valkey (earlier engines switch TLS only by replacement), got engineVersion ${i.config.engineVersion}`,
  },

  // --- backups and windows ------------------------------------------------------------
  // API SnapshotRetentionLimit: 0-35 days.
  {
    condition: i => outside(i.snapshotRetentionDays, 0, 35),
    message: i => `snapshotRetention must be a whole number of days from 0 to 35, got ${i.config.snapshotRetention.toHumanString()}`,
  },
  // API SnapshotWindow: "hh24:mi-hh24:mi", UTC, at least 60 minutes.
  {
    condition: i => knownString(i.config.snapshotWindow) && !SNAPSHOT_WINDOW_FORMAT.test(i.config.snapshotWindow),
    message: i => `snapshotWindow must have the form hh24:mi-hh24:mi (UTC), e.g. '02:00-03:00', got '${i.config.snapshotWindow}'`,
  },
  {
    condition: i => (parseSnapshotWindow(i.config.snapshotWindow)?.length ?? 60) < 60,
    message: i => `snapshotWindow must be at least 60 minutes long, got '${i.config.snapshotWindow}' (${parseSnapshotWindow(i.config.snapshotWindow)?.length} minutes)`,
  },
  // API PreferredMaintenanceWindow: "ddd:hh24:mi-ddd:hh24:mi", UTC, at least 60 minutes.
  {
    condition: i => knownString(i.config.maintenanceWindow) && !MAINTENANCE_WINDOW_FORMAT.test(i.config.maintenanceWindow),
    message: i => `maintenanceWindow must have the form ddd:hh24:mi-ddd:hh24:mi (UTC, ddd one of sun mon tue wed thu fri sat), e.g. 'sun:03:00-sun:04:00', got '${i.config.maintenanceWindow}'`,
  },
  {
    condition: i => (parseMaintenanceWindow(i.config.maintenanceWindow)?.length ?? 60) < 60,
    message: i => `maintenanceWindow must be at least 60 minutes long, got '${i.config.maintenanceWindow}' (${parseMaintenanceWindow(i.config.maintenanceWindow)?.length} minutes)`,
  },
  // API ModifyReplicationGroup: the snapshot window must not overlap the maintenance window.
  {
    condition: i => {
      const s = parseSnapshotWindow(i.config.snapshotWindow);
      const m = parseMaintenanceWindow(i.config.maintenanceWindow);
      return s !== undefined && m !== undefined && windowsOverlap(s, m);
    },
    message: i => `snapshotWindow '${i.config.snapshotWindow}' overlaps maintenanceWindow '${i.config.maintenanceWindow}': move one of them`,
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
 * Rules about the primary of a Global Datastore, checked when the
 * `RedisGlobalDatastore` is created.
 * @internal
 */
export const GLOBAL_DATASTORE_RULES: Array<{ condition: (c: RedisConfiguration) => boolean; message: (c: RedisConfiguration) => string }> = [
  // User guide "Global Datastore: prerequisites": M5, M6g, M7g, R5, R6g, R6gd, R7g, C7gn, large and above.
  {
    condition: c => c.cacheNodeType.family !== undefined && (!GLOBAL_DATASTORE_FAMILIES.includes(c.cacheNodeType.family)
      || ['micro', 'small', 'medium'].includes(c.cacheNodeType.size ?? '')),
    message: c => `a Global Datastore needs a node type of the ${GLOBAL_DATASTORE_FAMILIES.join(', ')} families, large or bigger, got cacheNodeType ${c.cacheNodeType.name} on the primary`,
  },
  // User guide "Global Datastore": Redis OSS 5.0.6 or later.
  {
    condition: c => c.engineVersion.engine === CacheEngine.REDIS && !c.engineVersion.isAtLeast(5, 0),
    message: c => `a Global Datastore needs Redis OSS 5.0.6 or later or Valkey, got engineVersion ${c.engineVersion}`,
  },
  // User guide "Global Datastore": IPv6 is not supported.
  {
    condition: c => c.networkType !== NetworkType.IPV4,
    message: c => `a Global Datastore supports networkType IPV4 only, got ${c.networkType} on the primary`,
  },
];
