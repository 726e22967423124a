import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { EngineVersion } from './engine';
import { CacheNodeType } from './node-type';

/**
 * A named starting point for `AirDiscoveryRedis`. Every value a preset sets can
 * be overridden by the matching prop.
 */
export enum RedisPreset {
  /**
   * The setup guide's current (development) setup: Redis OSS 7.0 on one
   * cache.t3.micro node, no TLS, no AUTH, 1-day snapshots, `RemovalPolicy.DESTROY`.
   * The cheapest thing that works.
   */
  DEV = 'dev',
  /**
   * The setup guide's production plan: cache.t3.small, a primary and two
   * replicas across AZs with automatic failover, TLS (required), at-rest
   * encryption, a generated AUTH token, 7-day snapshots, alarms on,
   * `RemovalPolicy.SNAPSHOT` (final snapshot on delete).
   */
  PROD = 'prod',
}

/**
 * The values one preset sets. Internal: the single table every default comes from.
 * The README's preset table mirrors it (a test keeps them in sync).
 */
export interface PresetValues {
  readonly engineVersion: EngineVersion;
  readonly cacheNodeType: CacheNodeType;
  /** Nodes in the (single) node group: primary + replicas. */
  readonly numCacheNodes: number;
  readonly multiAz: boolean;
  readonly port: number;
  readonly transitEncryption: boolean;
  readonly atRestEncryption: boolean;
  /** Whether the preset's authentication is a generated AUTH token (else none). */
  readonly generatedAuthToken: boolean;
  readonly snapshotRetention: Duration;
  /** UTC, `hh24:mi-hh24:mi`. */
  readonly snapshotWindow: string;
  /** UTC, `ddd:hh24:mi-ddd:hh24:mi`. */
  readonly maintenanceWindow: string;
  readonly removalPolicy: RemovalPolicy;
  readonly alarms: boolean;
  readonly autoMinorVersionUpgrade: boolean;
  readonly slowLogDelivery: boolean;
}

/**
 * The preset table. The only place a preset value lives.
 *
 * DEV follows the setup guide's "Development (Current)" block, with one deliberate
 * difference: at-rest encryption is on. It costs nothing, and turning it on later
 * replaces the replication group (data loss without a snapshot restore).
 *
 * PROD follows the guide's "Production (Future)" block. The port is 6380, the
 * guide's production connection string (`rediss://...:6380`), which also keeps
 * cdk-nag's AEC5 (no default port) satisfied.
 */
export const PRESETS: { readonly [preset in RedisPreset]: PresetValues } = {
  [RedisPreset.DEV]: {
    engineVersion: EngineVersion.REDIS_7_0,
    cacheNodeType: CacheNodeType.T3_MICRO,
    numCacheNodes: 1,
    multiAz: false,
    port: 6379,
    transitEncryption: false,
    atRestEncryption: true,
    generatedAuthToken: false,
    snapshotRetention: Duration.days(1),
    snapshotWindow: '02:00-03:00',
    maintenanceWindow: 'sun:03:00-sun:04:00',
    removalPolicy: RemovalPolicy.DESTROY,
    alarms: false,
    autoMinorVersionUpgrade: true,
    slowLogDelivery: false,
  },
  [RedisPreset.PROD]: {
    engineVersion: EngineVersion.REDIS_7_0,
    cacheNodeType: CacheNodeType.T3_SMALL,
    numCacheNodes: 3,
    multiAz: true,
    port: 6380,
    transitEncryption: true,
    atRestEncryption: true,
    generatedAuthToken: true,
    snapshotRetention: Duration.days(7),
    snapshotWindow: '02:00-03:00',
    maintenanceWindow: 'sun:03:00-sun:04:00',
    removalPolicy: RemovalPolicy.SNAPSHOT,
    alarms: true,
    autoMinorVersionUpgrade: true,
    slowLogDelivery: true,
  },
};
