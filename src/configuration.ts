import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AuthenticationMode } from './auth';
import { DurabilityMode } from './durability';
import { EngineVersion } from './engine';
import { CacheNodeType } from './node-type';
import { RedisPreset } from './presets';

/**
 * Cluster mode of a replication group.
 */
export enum ClusterMode {
  /** One shard (node group): a primary and up to five replicas. The presets' mode. */
  DISABLED = 'disabled',
  /** Data partitioned across 1-500 shards, each a primary plus 0-5 replicas. */
  ENABLED = 'enabled',
  /**
   * The migration step between DISABLED and ENABLED: clients may use both
   * cluster-mode and single-shard commands while they move. Only valid on an
   * existing single-shard group (Redis OSS 7.0+ / Valkey).
   */
  COMPATIBLE = 'compatible',
}

/**
 * In-transit encryption mode.
 */
export enum TransitEncryptionMode {
  /**
   * Both TLS and plain-text connections are accepted: the first step of a
   * migration of a running group to TLS.
   */
  PREFERRED = 'preferred',
  /** Only TLS connections are accepted. */
  REQUIRED = 'required',
}

/**
 * The configuration a construct resolved from its preset and props: what it
 * actually deploys. For readers and tests.
 */
export interface RedisConfiguration {
  /** The preset the values started from. */
  readonly preset: RedisPreset;
  /** Engine and version. */
  readonly engineVersion: EngineVersion;
  /** Node type. */
  readonly cacheNodeType: CacheNodeType;
  /** Cluster mode. */
  readonly clusterMode: ClusterMode;
  /** Number of shards (node groups); 1 when cluster mode is disabled. */
  readonly numShards: number;
  /** Replicas in each shard (with a token `numCacheNodes`, that token). */
  readonly replicasPerShard: number;
  /** Total number of nodes: `numShards * (1 + replicasPerShard)` (a token when the counts are tokens). */
  readonly totalNodes: number;
  /** Multi-AZ. */
  readonly multiAz: boolean;
  /** Automatic failover. */
  readonly automaticFailover: boolean;
  /** The port clients connect to. */
  readonly port: number;
  /** In-transit encryption (TLS). */
  readonly transitEncryption: boolean;
  /** The in-transit encryption mode, when TLS is on. */
  readonly transitEncryptionMode?: TransitEncryptionMode;
  /** At-rest encryption. */
  readonly atRestEncryption: boolean;
  /** The authentication mode. */
  readonly authenticationMode: AuthenticationMode;
  /** How long automatic snapshots are kept; zero turns them off. */
  readonly snapshotRetention: Duration;
  /** Daily snapshot window (UTC). */
  readonly snapshotWindow: string;
  /** Weekly maintenance window (UTC). */
  readonly maintenanceWindow: string;
  /** What happens to the data when the group leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
  /** The replication group id. */
  readonly replicationGroupId: string;
  /** The replication group description. */
  readonly description: string;
  /** Whether minor engine upgrades are applied automatically in the maintenance window. */
  readonly autoMinorVersionUpgrade: boolean;
  /** Whether the construct's CloudWatch alarms are created. */
  readonly alarms: boolean;
  /** Whether the slow log goes to CloudWatch Logs. */
  readonly slowLogDelivery: boolean;
  /** Whether the engine log goes to CloudWatch Logs. */
  readonly engineLogDelivery: boolean;
  /** The IP protocols the nodes listen on. */
  readonly networkType: NetworkType;
  /** Whether data tiering (SSD) is on. */
  readonly dataTiering: boolean;
  /**
   * Durability (Multi-AZ transactional log), when on.
   * @default - off
   */
  readonly durability?: DurabilityMode;
  /**
   * The IP version of the addresses discovery commands (`CLUSTER SLOTS`, `CLUSTER SHARDS`,
   * `CLUSTER NODES`) return, when the construct sets it.
   * @default - ElastiCache's default, IPv4
   */
  readonly ipDiscovery?: IpDiscovery;
}

/**
 * The IP protocols the nodes listen on.
 */
export enum NetworkType {
  /** IPv4 only. */
  IPV4 = 'ipv4',
  /** IPv4 and IPv6 (Redis OSS 6.2+ / Valkey 7.2+ on Nitro nodes; the subnets need IPv6 CIDRs). */
  DUAL_STACK = 'dual_stack',
  /** IPv6 only (Redis OSS 6.2+ / Valkey 7.2+ on Nitro nodes; IPv6-only subnets). */
  IPV6 = 'ipv6',
}

/**
 * The format of slow-log and engine-log records delivered to CloudWatch Logs.
 */
export enum LogFormat {
  /** One JSON document per record: queryable with CloudWatch Logs Insights. */
  JSON = 'json',
  /** Plain text. */
  TEXT = 'text',
}

/**
 * The IP version of the node addresses that discovery commands (`CLUSTER SLOTS`,
 * `CLUSTER SHARDS`, `CLUSTER NODES`) return.
 */
export enum IpDiscovery {
  /** IPv4 addresses (needs networkType IPV4 or DUAL_STACK). */
  IPV4 = 'ipv4',
  /** IPv6 addresses (needs networkType IPV6 or DUAL_STACK). */
  IPV6 = 'ipv6',
}
