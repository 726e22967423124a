import { Annotations, ArnFormat, Duration, Fn, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RedisMonitoring } from './alarms';
import { AuthenticationMode, RedisAuthentication, RedisUserAuthenticationType } from './auth';
import { IAirDiscoveryCache } from './cache';
import { ClusterMode, IpDiscovery, LogFormat, NetworkType, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { DurabilityMode } from './durability';
import { EngineVersion } from './engine';
import { RedisGlobalDatastore } from './global-datastore';
import { RedisMetrics } from './metrics';
import { NagAcknowledgement, NagAcknowledgementKind } from './nag';
import { CacheNodeType } from './node-type';
import { ShardConfiguration } from './placement';
import { PRESETS, RedisPreset } from './presets';
import { validateMonitoring } from './private/alarm-plan';
import { BoundAuthentication, BoundRedisUser } from './private/auth-types';
import { NAG_ACKNOWLEDGEMENTS, NagContext, NagTarget, aclIsOff, aclReachesEveryKey, acknowledgeFindings } from './private/nag';
import { elastiCacheId, generateReplicationGroupId } from './private/naming';
import { addProbeUser } from './private/probe-user';
import { withPythonNames } from './private/python-names';
import { defaultSubnetSelection } from './private/subnets';
import { isNoEchoParameter } from './private/tokens';
import { addCacheOutputs, connectLambdaTo, connectionEnvironmentOf, ecsSecretOf, findUser, grantConnectTo, grantReadSecret, userSecretOf, vpcCidr } from './private/wiring';
import { RedisConnectivityProbe, RedisConnectivityProbeOptions } from './probe/probe';
import { acknowledgeLateRotation, CacheSecretRotation, RedisSecretRotation } from './rotation/rotation';
import { configurationWarnings, validateConfiguration, validateInputs } from './validation';

/**
 * Properties of `AirDiscoveryRedis`.
 *
 * Every prop that a preset sets documents its value per preset; setting the prop
 * overrides the preset.
 */
export interface AirDiscoveryRedisProps {
  /**
   * The VPC the cache lives in.
   */
  readonly vpc: ec2.IVpc;

  /**
   * The starting point for every default below. Pass it explicitly: without
   * it the DEV values apply (no TLS, no AUTH, one node, `RemovalPolicy.DESTROY`),
   * the construct warns (`@air-discovery/cdk-redis:noPreset`) and acknowledges
   * none of DEV's cdk-nag trade-offs (docs/security.md).
   *
   * @default RedisPreset.DEV, with a warning
   */
  readonly preset?: RedisPreset;

  /**
   * The subnets of the subnet group. Must be private: the cache is never reachable
   * from the internet.
   *
   * @default - every private subnet with egress of the VPC (every AZ); the isolated subnets when there are none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Allow `vpcSubnets` to select public subnets. ElastiCache nodes get no public IP,
   * but a public subnet routes to an internet gateway, so the security group is the
   * only control between the cache and the internet. Rejected unless set; warned when set.
   *
   * @default false
   */
  readonly allowPublicSubnets?: boolean;

  /**
   * Engine and version.
   *
   * @default - DEV: EngineVersion.REDIS_7_0; PROD: EngineVersion.REDIS_7_0
   */
  readonly engineVersion?: EngineVersion;

  /**
   * The node type of every node.
   *
   * @default - DEV: CacheNodeType.T3_MICRO; PROD: CacheNodeType.T3_SMALL
   */
  readonly cacheNodeType?: CacheNodeType;

  /**
   * Number of nodes, primary plus replicas (1-6), when cluster mode is disabled.
   * Changing it adds or removes replicas in place.
   *
   * @default - DEV: 1; PROD: 3 (a primary and 2 replicas)
   */
  readonly numCacheNodes?: number;

  /**
   * Cluster mode.
   *
   * @default ClusterMode.DISABLED
   */
  readonly clusterMode?: ClusterMode;

  /**
   * Number of shards (node groups) when cluster mode is enabled, 1-500.
   * Changing it reshards online.
   *
   * @default 3 when cluster mode is enabled
   */
  readonly numShards?: number;

  /**
   * Replicas per shard when cluster mode is enabled, 0-5.
   *
   * @default 1 when cluster mode is enabled
   */
  readonly replicasPerShard?: number;

  /**
   * Multi-AZ: replicas in other AZs, promoted automatically when the primary fails.
   * Needs at least one replica and automatic failover.
   *
   * @default - DEV: false; PROD: true
   */
  readonly multiAz?: boolean;

  /**
   * Automatic failover to a replica when the primary fails.
   *
   * @default - true when multiAz is on or cluster mode is enabled, else false
   */
  readonly automaticFailover?: boolean;

  /**
   * The port clients connect to. Create-only: a change needs a new group (a new `replicationGroupId`).
   *
   * @default - DEV: 6379; PROD: 6380 (the guide's production connection string)
   */
  readonly port?: number;

  /**
   * In-transit encryption (TLS).
   *
   * @default - DEV: false; PROD: true
   */
  readonly transitEncryption?: boolean;

  /**
   * In-transit encryption mode. Use PREFERRED as the first step of a migration
   * to TLS, then REQUIRED once every client uses TLS.
   *
   * @default TransitEncryptionMode.REQUIRED when transitEncryption is on
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;

  /**
   * At-rest encryption. Create-only: turning it on later needs a new group, which is why both presets turn it on.
   *
   * @default - DEV: true; PROD: true
   */
  readonly atRestEncryption?: boolean;

  /**
   * Customer-managed KMS key for at-rest encryption.
   *
   * @default - the AWS owned key of ElastiCache
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How clients authenticate.
   *
   * @default - DEV: RedisAuthentication.none(); PROD: RedisAuthentication.generatedAuthToken()
   */
  readonly authentication?: RedisAuthentication;

  /**
   * How long automatic daily snapshots are kept, 0-35 days; zero turns them off.
   *
   * @default - DEV: Duration.days(1); PROD: Duration.days(7)
   */
  readonly snapshotRetention?: Duration;

  /**
   * Daily snapshot window, UTC, `hh24:mi-hh24:mi`, at least 60 minutes.
   *
   * @default '02:00-03:00'
   */
  readonly snapshotWindow?: string;

  /**
   * Weekly maintenance window, UTC, `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes,
   * not overlapping the snapshot window.
   *
   * @default 'sun:03:00-sun:04:00'
   */
  readonly maintenanceWindow?: string;

  /**
   * What happens to the data when the replication group is removed from the
   * stack or replaced.
   *
   * @default - DEV: RemovalPolicy.DESTROY; PROD: RemovalPolicy.SNAPSHOT (final snapshot on delete)
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The replication group description.
   *
   * @default 'Redis for AirDiscovery (<preset>)'
   */
  readonly description?: string;

  /**
   * The replication group id. Changing it creates a new group (new endpoint, empty unless restored) and deletes the old one.
   *
   * @default - generated from the stack name and the construct path, deterministic
   */
  readonly replicationGroupId?: string;

  /**
   * Allow the whole VPC CIDR to reach the Redis port (the setup guide's rule).
   *
   * @default true
   */
  readonly allowFromVpcCidr?: boolean;

  /**
   * Extra peers allowed to reach the Redis port (e.g. a peered VPC's CIDR).
   * Prefer `redis.connections.allowDefaultPortFrom(service)` for security groups.
   *
   * @default - none
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Engine parameters by name, values as strings.
   *
   * The settings of `redis.conf` that ElastiCache lets you change:
   * `{ 'maxmemory-policy': 'allkeys-lru', 'timeout': '300' }`.
   *
   * They become an `AWS::ElastiCache::ParameterGroup` whose family follows the engine version
   * (`redis6.x`, `redis7`, `valkey7`, `valkey8`); a parameter you leave out keeps the engine's default.
   * This map is the whole set: presets add none, so to keep the setup guide's set and change a
   * few, merge: `RedisParameters.merge(RedisParameters.AIR_DISCOVERY_CACHE, { 'maxmemory-policy': 'volatile-lru' })`.
   * With cluster mode ENABLED or COMPATIBLE the construct adds `cluster-enabled yes`.
   * Parameter values change in place; the group is never named, so an engine upgrade across
   * families works in one deploy.
   *
   * @default - the engine's default parameter group (`default.redis7`, or `default.redis7.cluster.on` in cluster mode)
   */
  readonly parameters?: { [name: string]: string };

  /**
   * Names in `parameters` that the construct passes to ElastiCache without checking
   * (a parameter newer than this library's parameter table). Each is warned about.
   *
   * @default - every parameter is checked against the engine's parameter-group family
   */
  readonly uncheckedParameters?: string[];

  /**
   * Apply minor engine upgrades automatically in the maintenance window.
   *
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Create the CloudFormation outputs `RedisEndpoint`, `RedisPort`, `RedisClusterId`
   * (and `RedisReaderEndpoint` when there are replicas).
   *
   * @default true
   */
  readonly outputs?: boolean;

  /**
   * Prefix of the outputs' logical ids, so that two instances can live in one stack.
   *
   * @default '' (the outputs are exactly `RedisEndpoint`, `RedisPort`, `RedisClusterId`)
   */
  readonly outputIdPrefix?: string;

  /**
   * Export the outputs under `<exportNamePrefix>RedisEndpoint`, ... for other stacks.
   *
   * @default - not exported
   */
  readonly exportNamePrefix?: string;

  /**
   * Name of the subnet group. Create-only for the replication group: a change needs a new group.
   *
   * @default - `<replicationGroupId>-subnets`
   */
  readonly subnetGroupName?: string;

  /**
   * Make this group a secondary of a Global Datastore created in another region's
   * stack. A secondary inherits engine, node type, shards, port, encryption and
   * authentication from the primary and must not set them.
   *
   * @default - not part of a Global Datastore (or its primary, when a RedisGlobalDatastore names this group)
   */
  readonly globalDatastore?: RedisGlobalDatastore;

  /**
   * Deliver the slow log to a CloudWatch Logs log group (`redis.slowLogGroup`).
   * Needs Redis OSS 6.0+ or Valkey.
   *
   * @default - DEV: false; PROD: true
   */
  readonly slowLogDelivery?: boolean;

  /**
   * Deliver the engine log to a CloudWatch Logs log group (`redis.engineLogGroup`).
   * Needs Redis OSS 6.2+ or Valkey.
   *
   * @default false
   */
  readonly engineLogDelivery?: boolean;

  /**
   * Retention of the delivered logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * KMS key for the log groups. Its key policy must allow the CloudWatch Logs
   * service principal of the region to use it.
   *
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * Format of the delivered log records.
   *
   * @default LogFormat.JSON
   */
  readonly logFormat?: LogFormat;

  /**
   * SNS topic for ElastiCache events (failovers, node replacements, snapshots).
   *
   * @default - no event notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Data tiering: least-recently-used data moves to the node's SSD. Needs an r6gd
   * node type, Redis OSS 6.2+ or Valkey, and `volatile-lru`/`allkeys-lru` style
   * eviction. Create-only: a change needs a new group.
   *
   * @default false
   */
  readonly dataTiering?: boolean;

  /**
   * The IP protocols the nodes listen on. Create-only: a change needs a new group.
   *
   * @default NetworkType.IPV4
   */
  readonly networkType?: NetworkType;

  /**
   * Seed the new group from an ElastiCache snapshot of this name (migrations).
   * Only read at creation (create-only): keep it unchanged after the first deploy.
   *
   * @default - an empty cache
   */
  readonly snapshotName?: string;

  /**
   * Seed the new group from `.rdb` files in S3 (ARNs like
   * `arn:aws:s3:::bucket/dump.rdb`). Only read at creation (create-only): keep them unchanged after the first deploy.
   *
   * @default - an empty cache
   */
  readonly snapshotArns?: string[];

  /**
   * Acknowledge the cdk-nag findings whose control the construct provably meets.
   *
   * Each with a written reason: findings on the construct's own resources whose
   * control is provably met but which the rule cannot see
   * (`NagAcknowledgementKind.CONTROL_MET`: an RBAC group whose default user is off,
   * Global Datastore inheritance, CDK boilerplate). See docs/security.md and docs/cdk-nag.md.
   * `false` acknowledges nothing at all.
   *
   * @default true
   */
  readonly acknowledgeNagFindings?: boolean;

  /**
   * Also acknowledge the preset's documented trade-offs (these controls are NOT met).
   *
   * (`NagAcknowledgementKind.PRESET_TRADE_OFF`: DEV without TLS or AUTH, 1-7 days of
   * snapshots under HIPAA/NIST's 15, AWS-managed keys, no rotation in DEV, the
   * probe's and rotation function's concurrency, DLQ and log keys), each with its
   * written reason. These controls are NOT met: turn this on only when your
   * compliance owner accepts the reasons. Needs an explicit `preset`; never
   * acknowledges a finding caused by a value overridden away from the preset.
   *
   * @default false
   */
  readonly acknowledgePresetTradeOffs?: boolean;

  /**
   * Rotate the secrets the construct generated, with no client downtime.
   *
   * The AUTH token, or the RBAC users' passwords (the probe user's included), rotate with a
   * Secrets Manager rotation function shipped with the construct: a new
   * credential is added next to the current one (ElastiCache `AuthTokenUpdateStrategy` ROTATE, or
   * `ModifyUser` with two passwords), tested by connecting, then made current; the one before stays
   * valid until the next rotation, so clients that re-read the secret within one rotation interval
   * never fail. See docs/security.md. Secrets you pass in are not rotated.
   *
   * @default - PROD: true; DEV: false
   */
  readonly rotation?: boolean;

  /**
   * How often the secrets rotate (with `rotation`). Clients must re-read the secret within this
   * interval: the credential before the current one stops working at the next rotation.
   *
   * @default Duration.days(30)
   */
  readonly rotationSchedule?: Duration;

  /**
   * Create the construct's CloudWatch alarms.
   *
   * @default - DEV: false; PROD: true
   */
  readonly alarms?: boolean;

  // ---- monitoring (docs/monitoring.md; implementation in alarms.ts) -------------

  /**
   * The CPU alarm's threshold: how busy the Redis engine core may get, percent.
   * On nodes with 4 or more vCPUs the alarm watches `EngineCPUUtilization` at this
   * value; on nodes with 2 vCPUs or fewer it watches host `CPUUtilization` at this
   * value divided by the vCPU count (AWS's advice: Redis runs commands on one core),
   * e.g. 80 / 2 = 40% on a cache.t3.small.
   *
   * @default 80 (the setup guide's "CPU > 80% for 5 minutes")
   */
  readonly cpuAlarmThresholdPercent?: number;

  /**
   * How long CPU must stay above the threshold before the alarm fires (checked
   * every minute; whole minutes, 1 minute to 1 day).
   *
   * @default Duration.minutes(5)
   */
  readonly cpuAlarmDuration?: Duration;

  /**
   * The memory alarm's threshold on `DatabaseMemoryUsagePercentage` (memory used
   * of the memory available for data), percent, on any node.
   *
   * @default 90
   */
  readonly memoryAlarmThresholdPercent?: number;

  /**
   * How long memory must stay above the threshold before the alarm fires (whole minutes).
   *
   * @default Duration.minutes(2)
   */
  readonly memoryAlarmDuration?: Duration;

  /**
   * The connections alarm's threshold on `CurrConnections` (client connections),
   * on any node.
   *
   * @default 1000
   */
  readonly connectionsAlarmThreshold?: number;

  /**
   * How long connections must stay above the threshold before the alarm fires (whole minutes).
   *
   * @default Duration.minutes(1)
   */
  readonly connectionsAlarmDuration?: Duration;

  /**
   * Opt-in alarm: keys evicted by one node within 5 minutes (`Evictions`) above
   * which the alarm fires. 0 alarms on any eviction.
   *
   * @default - no evictions alarm
   */
  readonly evictionsAlarmThreshold?: number;

  /**
   * Opt-in alarm: `ReplicationLag` of any replica above this many seconds for 5
   * minutes. Only for groups with replicas.
   *
   * @default - no replication lag alarm
   */
  readonly replicationLagAlarmThresholdSeconds?: number;

  /**
   * Opt-in alarm: `SwapUsage` of any node above this many bytes for 5 minutes.
   * AWS advises that swap should not exceed 50 MB (52428800).
   *
   * @default - no swap usage alarm
   */
  readonly swapUsageAlarmThresholdBytes?: number;

  /**
   * Opt-in alarm: cache hit rate (`hits / (hits + misses)`) below this percent for
   * 15 minutes. Idle periods (no lookups) never fire it.
   *
   * @default - no cache hit rate alarm
   */
  readonly cacheHitRateAlarmMinPercent?: number;

  /**
   * The SNS topic the alarms send `ALARM` and `OK` notifications to. A topic
   * encrypted with a customer-managed key must let `cloudwatch.amazonaws.com` use the key.
   *
   * @default - a topic the construct creates (see `createAlarmTopic`)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Create an SNS topic for the alarms when no `alarmTopic` is given: KMS-encrypted
   * with a key CloudWatch may use, TLS-only. Subscribe to `redis.monitoring.alarmTopic`.
   * With false and no `alarmTopic`, the alarms have no actions.
   *
   * @default true when alarms are on and no alarmTopic is given
   */
  readonly createAlarmTopic?: boolean;

  /**
   * Create a CloudWatch dashboard with the setup guide's metrics per node (CPU,
   * memory, connections, hits and misses, network) and the alarms' states.
   *
   * @default false
   */
  readonly dashboard?: boolean;

  // ---- placement, durability, discovery (docs/topology.md) -----------------------

  /**
   * Durability: every write also goes to a Multi-AZ transactional log.
   *
   * Synchronously (no acknowledged write lost) or asynchronously (up to 10 seconds lost). Needs Valkey
   * 9.0+, cluster mode ENABLED, multiAz with at least one replica per shard, in-transit
   * and at-rest encryption, an R8g/R7g/R6g/M8g/M7g/M6g/C8gn/C7gn node type, no data
   * tiering and no Global Datastore.
   *
   * Choose it at creation: CloudFormation cannot turn durability on or off on an existing
   * group (switching between SYNC and ASYNC is an in-place update). aws-cdk-lib 2.257's
   * `CfnReplicationGroup` has no `durability` property yet: the construct sets
   * `Durability` with a property override.
   *
   * @default - no durability (ElastiCache's `default`, which resolves to disabled)
   */
  readonly durability?: DurabilityMode;

  /**
   * The Availability Zone of each node when cluster mode is disabled (or compatible).
   *
   * The first is the primary's, then one per replica, as many as `numCacheNodes`, each
   * different, each the AZ of a subnet of the subnet group. Create-only: changing it,
   * including to add or remove nodes, replaces the group (which fails for a named group).
   *
   * @default - ElastiCache chooses (spread over the subnet group's AZs with multiAz)
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * Per-shard placement and hash slots when cluster mode is enabled, one entry per shard
   * (`numShards` defaults to the number of entries). Create-only, see `ShardConfiguration`.
   *
   * @default - ElastiCache places the shards and spreads the slots evenly
   */
  readonly shardConfigurations?: ShardConfiguration[];

  /**
   * The member node daily snapshots are taken from, e.g. `<replicationGroupId>-002`
   * (a replica, so that the primary is not slowed down). Cluster mode disabled (or
   * compatible) only.
   *
   * @default - ElastiCache chooses
   */
  readonly snapshottingClusterId?: string;

  /**
   * The IP version of the node addresses that discovery commands return.
   *
   * Discovery commands are `CLUSTER SLOTS`, `CLUSTER SHARDS`, `CLUSTER NODES`. IPV6 needs networkType IPV6 or DUAL_STACK,
   * IPV4 needs IPV4 or DUAL_STACK.
   *
   * @default - IpDiscovery.IPV6 with NetworkType.IPV6, else IPv4 (ElastiCache's default, not set in the template)
   */
  readonly ipDiscovery?: IpDiscovery;
}

/**
 * A Redis / Valkey replication group, created or imported.
 */
export interface IAirDiscoveryRedis extends IResource, ec2.IConnectable {
  /**
   * The replication group id.
   * @attribute
   */
  readonly replicationGroupId: string;

  /**
   * The ARN of the replication group.
   * @attribute
   */
  readonly replicationGroupArn: string;

  /**
   * The address clients connect to: the primary endpoint, or the configuration
   * endpoint in cluster mode.
   * @attribute
   */
  readonly endpointAddress: string;

  /**
   * The port clients connect to.
   * @attribute
   */
  readonly endpointPort: number;

  /**
   * Whether clients must use TLS.
   */
  readonly tlsEnabled: boolean;

  /**
   * The secret holding the AUTH token, when there is one.
   */
  readonly authSecret?: secretsmanager.ISecret;

  /**
   * Environment variables that tell an application where the cache is:
   * `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS` and `REDIS_URL` (`redis://` or
   * `rediss://`, never with a secret inside).
   */
  connectionEnvironment(): { [name: string]: string };

  /**
   * Grants read access to the AUTH token secret. Throws when there is none.
   */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant;
}

/**
 * Attributes of an existing replication group, for `AirDiscoveryRedis.fromRedisAttributes()`.
 */
export interface AirDiscoveryRedisAttributes {
  /** The replication group id. */
  readonly replicationGroupId: string;
  /** The primary (or configuration) endpoint address. */
  readonly endpointAddress: string;
  /** The port. */
  readonly endpointPort: number;
  /** The security groups of the replication group. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * Whether the group uses TLS.
   * @default false
   */
  readonly tlsEnabled?: boolean;
  /**
   * The AUTH token secret.
   * @default - none
   */
  readonly authSecret?: secretsmanager.ISecret;
}

/**
 * What created and imported replication groups share.
 */
abstract class AirDiscoveryRedisBase extends Resource implements IAirDiscoveryRedis {
  public abstract readonly replicationGroupId: string;
  public abstract readonly endpointAddress: string;
  public abstract readonly endpointPort: number;
  public abstract readonly tlsEnabled: boolean;
  public abstract readonly authSecret?: secretsmanager.ISecret;
  public abstract readonly connections: ec2.Connections;

  public get replicationGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public connectionEnvironment(): { [name: string]: string } {
    return connectionEnvironmentOf(this.endpointAddress, this.endpointPort, this.tlsEnabled);
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    return grantReadSecret(this, this.authSecret, grantee);
  }
}

const DEFAULT_SHARDS = 3;
const DEFAULT_REPLICAS_PER_SHARD = 1;

/**
 * A production-grade ElastiCache (Redis OSS / Valkey) replication group with
 * its subnet group, security group, outputs and alarms.
 *
 * Always an `AWS::ElastiCache::ReplicationGroup` (a one-node group for DEV), so
 * that growing from DEV sizes to PROD sizes is an in-place update.
 */
export class AirDiscoveryRedis extends AirDiscoveryRedisBase implements IAirDiscoveryCache {
  /**
   * Import an existing replication group.
   */
  public static fromRedisAttributes(scope: Construct, id: string, attrs: AirDiscoveryRedisAttributes): IAirDiscoveryRedis {
    class Import extends AirDiscoveryRedisBase {
      public readonly replicationGroupId = attrs.replicationGroupId;
      public readonly endpointAddress = attrs.endpointAddress;
      public readonly endpointPort = attrs.endpointPort;
      public readonly tlsEnabled = attrs.tlsEnabled ?? false;
      public readonly authSecret = attrs.authSecret;
      public readonly connections = new ec2.Connections({
        securityGroups: attrs.securityGroups,
        defaultPort: ec2.Port.tcp(attrs.endpointPort),
      });
    }
    return new Import(scope, id);
  }

  /** The replication group (escape hatch). Construct id `Resource`. */
  public readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** The subnet group. Construct id `SubnetGroup`. */
  public readonly subnetGroup: elasticache.CfnSubnetGroup;
  /** The security group. Construct id `SecurityGroup`. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The parameter group, when `parameters` were given. Construct id `ParameterGroup`. */
  public readonly parameterGroup?: elasticache.CfnParameterGroup;
  /** The RBAC / IAM user group, when authentication uses one. Construct id `UserGroup`. */
  public readonly userGroup?: elasticache.CfnUserGroup;

  /** The resolved configuration: the preset merged with the props. */
  public readonly configuration: RedisConfiguration;

  public readonly connections: ec2.Connections;
  public readonly replicationGroupId: string;
  public readonly endpointAddress: string;
  public readonly endpointPort: number;
  /**
   * The reader endpoint address, when cluster mode is disabled and there are replicas.
   * @attribute
   */
  public readonly readerEndpointAddress?: string;
  public readonly tlsEnabled: boolean;
  public readonly authSecret?: secretsmanager.ISecret;
  /**
   * The JSON key of the AUTH token inside `authSecret`, when it is a JSON document
   * (`authTokenFromSecret(secret, jsonField)`); `ecsSecret()` and `connectLambda()` pass it on.
   */
  public readonly authSecretJsonField?: string;

  /** The vpc. */
  public readonly vpc: ec2.IVpc;

  private readonly rotations: CacheSecretRotation;

  /**
   * The configuration endpoint address, when cluster mode is ENABLED or COMPATIBLE.
   * @attribute
   */
  public readonly configurationEndpointAddress?: string;

  /** The slow-log log group, when slow-log delivery is on. Construct id `SlowLog`. */
  public readonly slowLogGroup?: logs.ILogGroup;
  /** The engine-log log group, when engine-log delivery is on. Construct id `EngineLog`. */
  public readonly engineLogGroup?: logs.ILogGroup;
  /** The Global Datastore this group is a secondary of. */
  public readonly globalDatastore?: RedisGlobalDatastore;

  /**
   * The cdk-nag findings this construct accepts on its own resources, each with
   * its reason. Applied automatically unless `acknowledgeNagFindings` is false;
   * `applyNagAcknowledgements()` applies them in one line.
   */
  public readonly nagAcknowledgements: NagAcknowledgement[];

  /**
   * The alarms, their SNS topic and the dashboard; undefined when alarms and the
   * dashboard are both off. Construct id `Monitoring`.
   */
  public readonly monitoring?: RedisMonitoring;

  private readonly boundAuth: BoundAuthentication;
  private readonly nagTargets: Array<{ target: Construct; id: string; reason: string }> = [];
  private readonly acknowledgeNag: boolean;
  private readonly acknowledgeTradeOffs: boolean;
  private replicatedAuthSecretName?: string;

  constructor(scope: Construct, id: string, props: AirDiscoveryRedisProps) {
    super(scope, id);
    // values a Python, Java or plain JavaScript caller (or a cast) can pass: judged before any default is merged
    const inputErrors = validateInputs(props);
    if (inputErrors.length > 0) {
      throw new Error(`invalid AirDiscoveryRedis configuration at ${this.node.path}:\n  - ${inputErrors.join('\n  - ')}`);
    }
    this.vpc = props.vpc;

    const preset = props.preset ?? RedisPreset.DEV;
    const p = PRESETS[preset];
    this.globalDatastore = props.globalDatastore;
    // A Global Datastore secondary inherits these from its primary (validation rejects setting them).
    const primary = props.globalDatastore?.primary.configuration;
    const clusterMode = primary?.clusterMode ?? props.clusterMode ?? ClusterMode.DISABLED;
    const cluster = clusterMode === ClusterMode.ENABLED;
    const numShards = cluster ? primary?.numShards ?? props.numShards ?? props.shardConfigurations?.length ?? DEFAULT_SHARDS : 1;
    const numCacheNodes = props.numCacheNodes ?? p.numCacheNodes;
    // CloudFormation cannot do arithmetic: with a token node count, the token stands for both.
    const replicasPerShard = cluster
      ? props.replicasPerShard ?? DEFAULT_REPLICAS_PER_SHARD
      : Token.isUnresolved(numCacheNodes) ? numCacheNodes : numCacheNodes - 1;
    const multiAz = props.multiAz ?? p.multiAz;
    const transitEncryption = primary?.transitEncryption ?? props.transitEncryption ?? p.transitEncryption;
    const authentication = primary ? RedisAuthentication.none() : props.authentication
      ?? (p.generatedAuthToken ? RedisAuthentication.generatedAuthToken() : RedisAuthentication.none());

    this.configuration = {
      preset,
      engineVersion: primary?.engineVersion ?? props.engineVersion ?? p.engineVersion,
      cacheNodeType: primary?.cacheNodeType ?? props.cacheNodeType ?? p.cacheNodeType,
      clusterMode,
      numShards,
      replicasPerShard,
      totalNodes: cluster ? multiplyKnown(numShards, 1 + replicasPerShard) : numCacheNodes,
      multiAz,
      automaticFailover: props.automaticFailover ?? (multiAz || cluster),
      port: primary?.port ?? props.port ?? p.port,
      transitEncryption,
      transitEncryptionMode: primary?.transitEncryptionMode
        ?? (transitEncryption ? props.transitEncryptionMode ?? TransitEncryptionMode.REQUIRED : undefined),
      atRestEncryption: primary?.atRestEncryption ?? props.atRestEncryption ?? p.atRestEncryption,
      authenticationMode: primary?.authenticationMode ?? authentication.mode,
      snapshotRetention: props.snapshotRetention ?? p.snapshotRetention,
      snapshotWindow: props.snapshotWindow ?? p.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow ?? p.maintenanceWindow,
      removalPolicy: props.removalPolicy ?? p.removalPolicy,
      replicationGroupId: props.replicationGroupId ?? generateReplicationGroupId(this),
      description: props.description ?? `Redis for AirDiscovery (${preset})`,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? p.autoMinorVersionUpgrade,
      alarms: props.alarms ?? p.alarms,
      slowLogDelivery: props.slowLogDelivery ?? p.slowLogDelivery,
      engineLogDelivery: props.engineLogDelivery ?? false,
      networkType: props.networkType ?? NetworkType.IPV4,
      dataTiering: props.dataTiering ?? false,
      durability: props.durability,
      ipDiscovery: props.ipDiscovery ?? ((props.networkType ?? NetworkType.IPV4) === NetworkType.IPV6 ? IpDiscovery.IPV6 : undefined),
    };
    const c = this.configuration;

    // ---- validation: every failing rule at once -------------------------------
    const errors = validateConfiguration({
      config: c,
      auth: authentication._describe(),
      resolve: x => Stack.of(this).resolve(x),
      isNoEchoParameter: logicalId => isNoEchoParameter(Stack.of(this), logicalId),
      transitEncryptionModeProp: props.transitEncryptionMode,
      encryptionKeyProp: props.encryptionKey !== undefined,
      snapshotRetentionDays: retentionDays(c.snapshotRetention),
      subnetAvailabilityZones: knownSubnetAvailabilityZones(props),
      props,
      regions: {
        self: Stack.of(this).region,
        primary: props.globalDatastore?.primaryRegion,
        secondaries: props.globalDatastore?.secondaries.map(x => Stack.of(x).region) ?? [],
      },
    }).concat(validateMonitoring(props).map(withPythonNames));
    if (errors.length > 0) {
      throw new Error(`invalid AirDiscoveryRedis configuration at ${this.node.path}:\n  - ${errors.join('\n  - ')}`);
    }

    this.replicationGroupId = c.replicationGroupId;
    this.endpointPort = c.port;
    this.tlsEnabled = c.transitEncryption;

    // ---- network -----------------------------------------------------------------
    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? defaultSubnetSelection(props.vpc));
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `Private subnets of ${c.replicationGroupId}`,
      subnetIds: subnets.subnetIds,
      cacheSubnetGroupName: props.subnetGroupName ?? elastiCacheId(`${c.replicationGroupId}-subnets`, 255),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Redis ${c.replicationGroupId}: inbound on the Redis port only, outbound blocked`,
      allowAllOutbound: false,
      disableInlineRules: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(c.port),
    });
    if ((props.allowFromVpcCidr ?? true) && c.networkType !== NetworkType.IPV6) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(vpcCidr(props.vpc)),
        ec2.Port.tcp(c.port),
        'Redis access from application subnets only',
      );
    }
    if ((props.allowFromVpcCidr ?? true) && c.networkType !== NetworkType.IPV4) {
      if (vpcHasIpv6(props.vpc)) {
        this.securityGroup.addIngressRule(
          ec2.Peer.ipv6(Fn.select(0, (props.vpc as ec2.Vpc).vpcIpv6CidrBlocks)),
          ec2.Port.tcp(c.port),
          'Redis access from application subnets only (IPv6)',
        );
      } else {
        Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:noIpv6Ingress',
          `networkType ${c.networkType}: the VPC's IPv6 CIDR is not known here (an imported VPC), so no IPv6 ingress rule was added; allow your clients with allowedPeers (ec2.Peer.ipv6(...)) or redis.connections`);
      }
    }
    for (const peer of props.allowedPeers ?? []) {
      this.connections.allowDefaultPortFrom(peer, 'Redis access from an allowed peer');
    }

    // ---- parameters ----------------------------------------------------------------
    const clusterProtocol = clusterMode !== ClusterMode.DISABLED;
    if (props.parameters && Object.keys(props.parameters).length > 0) {
      // A separate construct id when the cluster protocol is on: `cluster-enabled` cannot change in a
      // parameter group a running group uses, so moving to COMPATIBLE/ENABLED creates a new group.
      this.parameterGroup = new elasticache.CfnParameterGroup(this, clusterProtocol ? 'ClusterParameterGroup' : 'ParameterGroup', {
        cacheParameterGroupFamily: c.engineVersion.parameterGroupFamily,
        description: `Parameters of ${c.replicationGroupId}`,
        properties: clusterProtocol ? { 'cluster-enabled': 'yes', ...props.parameters } : props.parameters,
      });
    }

    // ---- authentication --------------------------------------------------------------
    this.boundAuth = authentication._bind(this, { replicationGroupId: c.replicationGroupId });
    // A Global Datastore secondary reads the primary's AUTH token from the secret's replica in its region.
    const replicatedSecretName = props.globalDatastore?.primary._authSecretNameForReplicas();
    this.authSecret = this.boundAuth.secret
      ?? (replicatedSecretName ? secretsmanager.Secret.fromSecretNameV2(this, 'AuthToken', replicatedSecretName) : undefined);
    this.authSecretJsonField = this.boundAuth.secretJsonField;
    this.userGroup = this.boundAuth.userGroup;

    // ---- log delivery ------------------------------------------------------------------
    const logGroup = (logId: string) => new logs.LogGroup(this, logId, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: c.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    const logFormat = props.logFormat ?? LogFormat.JSON;
    const logDelivery = (logType: string, group: logs.ILogGroup): elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty => ({
      logType,
      logFormat,
      destinationType: 'cloudwatch-logs',
      destinationDetails: { cloudWatchLogsDetails: { logGroup: group.logGroupName } },
    });
    const logDeliveries: elasticache.CfnReplicationGroup.LogDeliveryConfigurationRequestProperty[] = [];
    if (c.slowLogDelivery) {
      this.slowLogGroup = logGroup('SlowLog');
      logDeliveries.push(logDelivery('slow-log', this.slowLogGroup));
    }
    if (c.engineLogDelivery) {
      this.engineLogGroup = logGroup('EngineLog');
      logDeliveries.push(logDelivery('engine-log', this.engineLogGroup));
    }

    // ---- the replication group ---------------------------------------------------------
    const snapshotDays = retentionDays(c.snapshotRetention);
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'Resource', {
      replicationGroupId: c.replicationGroupId,
      replicationGroupDescription: c.description,
      engine: c.engineVersion.engine,
      engineVersion: c.engineVersion.version,
      cacheNodeType: c.cacheNodeType.name,
      ...(cluster
        ? { clusterMode: 'enabled', numNodeGroups: c.numShards, replicasPerNodeGroup: c.replicasPerShard }
        : { numCacheClusters: c.totalNodes, clusterMode: clusterMode === ClusterMode.COMPATIBLE ? 'compatible' : undefined }),
      automaticFailoverEnabled: c.automaticFailover,
      multiAzEnabled: c.multiAz,
      port: c.port,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      cacheParameterGroupName: this.parameterGroup?.ref ?? (cluster ? `default.${c.engineVersion.parameterGroupFamily}.cluster.on` : undefined),
      transitEncryptionEnabled: c.transitEncryption,
      // Engines before Redis OSS 7 have no mode: TLS there is always "required".
      transitEncryptionMode: c.engineVersion.isRedis7OrLater ? c.transitEncryptionMode : undefined,
      atRestEncryptionEnabled: c.atRestEncryption,
      kmsKeyId: c.atRestEncryption ? props.encryptionKey?.keyArn : undefined,
      authToken: this.boundAuth.authToken?.unsafeUnwrap(),
      userGroupIds: this.boundAuth.userGroup ? [this.boundAuth.userGroup.ref] : undefined,
      snapshotRetentionLimit: snapshotDays,
      snapshotWindow: snapshotDays !== 0 ? c.snapshotWindow : undefined,
      preferredMaintenanceWindow: c.maintenanceWindow,
      autoMinorVersionUpgrade: c.autoMinorVersionUpgrade,
      logDeliveryConfigurations: logDeliveries.length > 0 ? logDeliveries : undefined,
      notificationTopicArn: props.notificationTopic?.topicArn,
      dataTieringEnabled: c.dataTiering ? true : undefined,
      networkType: c.networkType === NetworkType.IPV4 ? undefined : c.networkType,
      ipDiscovery: c.ipDiscovery,
      snapshotName: props.snapshotName,
      snapshotArns: props.snapshotArns,
      globalReplicationGroupId: props.globalDatastore?.globalReplicationGroupId,
      // placement (docs/topology.md)
      preferredCacheClusterAZs: cluster ? undefined : props.preferredAvailabilityZones,
      nodeGroupConfiguration: cluster ? props.shardConfigurations?.map(renderShard) : undefined,
      snapshottingClusterId: props.snapshottingClusterId,
    });
    if (c.durability !== undefined) {
      // aws-cdk-lib 2.257's CfnReplicationGroup has no `durability` property (CloudFormation added
      // `Durability` later): set it with an override. Remove the override when the L1 has it.
      this.replicationGroup.addPropertyOverride('Durability', c.durability);
    }
    if (props.globalDatastore) {
      // A secondary inherits these from the primary; CloudFormation rejects them on a secondary.
      for (const inherited of ['Engine', 'EngineVersion', 'CacheNodeType', 'NumNodeGroups', 'ClusterMode', 'Port',
        'TransitEncryptionEnabled', 'TransitEncryptionMode', 'AtRestEncryptionEnabled', 'CacheParameterGroupName', 'AutoMinorVersionUpgrade']) {
        this.replicationGroup.addPropertyDeletionOverride(inherited);
      }
      props.globalDatastore._addSecondary(this);
    }
    this.replicationGroup.applyRemovalPolicy(c.removalPolicy);
    if (c.removalPolicy === RemovalPolicy.RETAIN || c.removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE) {
      // A retained group keeps what it cannot work without: deleting its subnet group, security group
      // or parameter group would fail ("in use"), and deleting its secrets would lock its clients out.
      const dependents: Array<{ applyRemovalPolicy(policy: RemovalPolicy): void } | undefined> = [
        this.subnetGroup, this.securityGroup, this.parameterGroup, this.boundAuth.userGroup,
        ...this.boundAuth.users.flatMap(u => [u.resource, u.secret]),
        this.boundAuth.generatedSecret,
      ];
      for (const d of dependents) d?.applyRemovalPolicy(c.removalPolicy);
    }
    if (cluster) {
      // Shard-count changes reshard online instead of failing the update.
      this.replicationGroup.cfnOptions.updatePolicy = { useOnlineResharding: true };
    }

    this.endpointAddress = cluster
      ? this.replicationGroup.attrConfigurationEndPointAddress
      : this.replicationGroup.attrPrimaryEndPointAddress;
    if (clusterProtocol) this.configurationEndpointAddress = this.replicationGroup.attrConfigurationEndPointAddress;
    if (!cluster && (Token.isUnresolved(c.totalNodes) || c.totalNodes > 1)) {
      this.readerEndpointAddress = this.replicationGroup.attrReaderEndPointAddress;
    }

    // ---- secret rotation ---------------------------------------------------------------
    // created on the first generated secret: now, or the probe user's password (addProbe)
    this.rotations = new CacheSecretRotation(this, {
      wanted: props.rotation ?? c.preset === RedisPreset.PROD,
      requested: props.rotation,
      schedule: props.rotationSchedule,
      tokenLength: authentication._describe().tokenLength ?? 64,
      clusterMode: c.clusterMode === ClusterMode.ENABLED,
      replicationGroup: { id: this.replicationGroupId, arn: this.replicationGroupArn },
      generatedAuthSecret: this.boundAuth.generatedSecret,
      users: this.boundAuth.users,
    }, rotation => acknowledgeLateRotation(rotation, this.nagAcknowledgements, this.acknowledgeTradeOffs, this.acknowledgeNag));

    this.addWarnings(props);
    this.monitoring = RedisMonitoring._create(this, c, props);
    if (props.outputs ?? true) this.addOutputs(props);

    this.acknowledgeNag = props.acknowledgeNagFindings ?? true;
    // Trade-offs are the preset's: only acknowledged when the user chose the preset and opted in.
    this.acknowledgeTradeOffs = this.acknowledgeNag && props.preset !== undefined && (props.acknowledgePresetTradeOffs ?? false);
    if (props.acknowledgePresetTradeOffs && props.preset === undefined) {
      Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:tradeOffsWithoutPreset',
        'acknowledgePresetTradeOffs is true but no preset was given: trade-offs are acknowledged only for a preset you chose; pass preset: RedisPreset.DEV or RedisPreset.PROD');
    }
    this.nagAcknowledgements = this.computeNagAcknowledgements(props);
    if (this.acknowledgeNag) this.applyNagAcknowledgements();
  }

  /**
   * The Secrets Manager rotation function, when `rotation` is on and the construct generated a
   * secret to rotate (created with the first one: at construction, or by `addProbe()` when the
   * probe user's password is the first). Construct id `Rotation/Function`.
   */
  public get rotationFunction(): lambda.IFunction | undefined {
    return this.secretRotation?.lambdaFunction;
  }

  // ---- IAirDiscoveryCache (src/cache.ts): what node-based and serverless caches share ----

  /** The replication group id (`IAirDiscoveryCache`). */
  public get cacheName(): string {
    return this.replicationGroupId;
  }

  /** The replication group ARN (`IAirDiscoveryCache`). */
  public get cacheArn(): string {
    return this.replicationGroupArn;
  }

  /** Whether clients must use a cluster client: cluster mode ENABLED. */
  public get clusterProtocol(): boolean {
    return this.configuration.clusterMode === ClusterMode.ENABLED;
  }

  /** Always false: a node-based replication group. */
  public get serverless(): boolean {
    return false;
  }

  /** How clients authenticate. */
  public get authenticationMode(): AuthenticationMode {
    return this.configuration.authenticationMode;
  }

  /**
   * Whether the construct acknowledges cdk-nag findings whose control is met
   * (`acknowledgeNagFindings`); the probe follows the same choice.
   */
  public get acknowledgesNagFindings(): boolean {
    return this.acknowledgeNag;
  }

  /**
   * Whether the construct also acknowledges its preset's documented trade-offs
   * (`acknowledgePresetTradeOffs` with an explicit `preset`); the probe follows the same choice.
   */
  public get acknowledgesPresetTradeOffs(): boolean {
    return this.acknowledgeTradeOffs;
  }

  /**
   * Acknowledges the construct's cdk-nag findings (`nagAcknowledgements`) on its
   * resources, in the acknowledged-rules metadata that `Validations.of(resource).acknowledge()`
   * writes and cdk-nag reads. Idempotent.
   */
  public applyNagAcknowledgements(): void {
    acknowledgeFindings(this.nagTargets);
    this.secretRotation?.acknowledge(this.acknowledgeTradeOffs);
  }

  /**
   * The AUTH token secret this construct generated (not one the user passed in).
   * @internal
   */
  public get _generatedAuthSecret(): secretsmanager.Secret | undefined {
    return this.boundAuth.generatedSecret;
  }

  /**
   * The name of the AUTH token secret this construct created, for Global Datastore secondaries; names
   * an unnamed generated secret `<replicationGroupId>/auth-token` on first call (RedisGlobalDatastore).
   * @internal
   */
  public _authSecretNameForReplicas(): string | undefined {
    // only the secret this construct generated: a secret the user passed in is not ours to rename
    if (this.replicatedAuthSecretName !== undefined) return this.replicatedAuthSecretName;
    const secret = this.boundAuth.generatedSecret;
    if (!secret) return undefined;
    if (this.boundAuth.secretName !== undefined) return this.replicatedAuthSecretName = this.boundAuth.secretName;
    if (Token.isUnresolved(this.replicationGroupId)) return undefined;
    this.replicatedAuthSecretName = `${this.replicationGroupId}/auth-token`;
    (secret.node.defaultChild as secretsmanager.CfnSecret).name = this.replicatedAuthSecretName;
    Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:authSecretNamedForGlobalDatastore',
      `the generated AUTH token secret is named ${this.replicatedAuthSecretName} so that Global Datastore secondaries find its replica: on a primary that already runs, this replaces the secret and so changes the AUTH token; add the Global Datastore when the primary is created, or pass GeneratedAuthTokenOptions.secretName from the start`);
    return this.replicatedAuthSecretName;
  }
  private computeNagAcknowledgements(props: AirDiscoveryRedisProps): NagAcknowledgement[] {
    const targets: Partial<Record<NagTarget, Construct[]>> = {
      replicationGroup: [this.replicationGroup],
      // only secrets this construct created: a secret the user passed in is the user's to judge
      authSecret: this.boundAuth.generatedSecret ? [this.boundAuth.generatedSecret] : [],
      userSecrets: this.boundAuth.users.map(u => u.secret as unknown as Construct).filter(s => s !== undefined),
      logGroups: [this.slowLogGroup, this.engineLogGroup].filter(g => g !== undefined) as unknown as Construct[],
    };
    const auth = props.authentication?._describe();
    const ctx: NagContext = {
      secretsUseCustomerKey: auth?.secretEncryption ?? false,
      logsUseCustomerKey: props.logEncryptionKey !== undefined,
      globalSecondary: props.globalDatastore !== undefined,
      rotation: this.secretRotation !== undefined,
      rotationFromPreset: props.rotation === undefined,
      // AEC6's intent (no unauthenticated access to data) under RBAC/IAM: the default user is off and
      // no password-less user is on with access to every key.
      everyDataClientAuthenticates: aclIsOff(auth?.defaultUserAccessString ?? 'on')
        && this.boundAuth.users.every(u => u.authenticationType !== RedisUserAuthenticationType.NO_PASSWORD
          || !aclReachesEveryKey(u.resource.accessString ?? '')),
    };
    const acks: NagAcknowledgement[] = [];
    for (const rule of NAG_ACKNOWLEDGEMENTS) {
      if (rule.kind === NagAcknowledgementKind.PRESET_TRADE_OFF && !this.acknowledgeTradeOffs) continue;
      if (!rule.when(this.configuration, ctx)) continue;
      for (const target of targets[rule.target] ?? []) {
        for (const id of rule.ids) {
          acks.push({ id, reason: rule.reason, constructPath: target.node.path, kind: rule.kind });
          this.nagTargets.push({ target, id, reason: rule.reason });
        }
      }
    }
    for (const t of this.secretRotation?.nagTargets(this.acknowledgeTradeOffs) ?? []) {
      acks.push({ id: t.id, reason: t.reason, constructPath: t.target.node.path, kind: t.kind });
    }
    return acks;
  }

  /**
   * The ElastiCache users of an RBAC or IAM user group (the `default` user included).
   */
  public get userNames(): string[] {
    return this.boundAuth.users.map(u => u.userName);
  }

  /**
   * The `AWS::ElastiCache::User` of an RBAC or IAM user (escape hatch), the `default` user included.
   * Construct ids: `DefaultUser`, `User<UserName>`.
   */
  public userResource(userName: string): elasticache.CfnUser {
    return this.findUser(userName).resource;
  }

  /**
   * The Secrets Manager secret of an RBAC password user (JSON `{ "username", "password" }`).
   * Throws when there is no such password user.
   */
  public userSecret(userName: string): secretsmanager.ISecret {
    return userSecretOf(this, this.boundAuth.users, userName);
  }

  /**
   * Grants `elasticache:Connect` on the replication group and the given IAM users
   * (every IAM user when none is named), for IAM authentication.
   */
  public grantConnect(grantee: iam.IGrantable, ...userNames: string[]): iam.Grant {
    return grantConnectTo(this, this.boundAuth.users, this.configuration.authenticationMode, this.replicationGroupArn, grantee, userNames);
  }

  /**
   * The AUTH token (or, with RBAC, a user's password) for an ECS container,
   * as an `ecs.Secret` read at task start. Never in the task definition.
   *
   * @param userName with RBAC, the user whose password to hand out
   */
  public ecsSecret(userName?: string): ecs.Secret {
    return ecsSecretOf(this, n => this.userSecret(n), userName, () => this.noAuthSecret('ecsSecret()'));
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    if (!this.authSecret) throw new Error(this.noAuthSecret('grantReadAuthSecret()'));
    return this.authSecret.grantRead(grantee);
  }

  /** Why there is no AUTH token secret to hand out, and what to do instead. */
  private noAuthSecret(method: string): string {
    const prefix = `${method}: ${this.node.path} has no AUTH token secret`;
    switch (this.configuration.authenticationMode) {
      case AuthenticationMode.NONE:
        return `${prefix}: its authentication is none (the DEV preset has no AUTH, like the setup guide's development setup). `
          + 'To turn AUTH on, set authentication: RedisAuthentication.generatedAuthToken() together with transitEncryption: true '
          + '(AUTH needs TLS), or use preset: RedisPreset.PROD. On a deployed group CloudFormation replaces it (a new, empty cache): '
          + 'see the warning @air-discovery/cdk-redis:authReplacement';
      case AuthenticationMode.RBAC:
        return `${prefix}: it uses RBAC users; pass a user name, e.g. ${method.replace('()', '')}('${this.boundAuth.users.find(u => u.secret)?.userName ?? 'app'}'), or use userSecret(name)`;
      case AuthenticationMode.IAM:
        return `${prefix}: its users authenticate with IAM (no password); grant clients with grantConnect(role)`;
      default:
        return this.globalDatastore
          ? `${prefix}: this Global Datastore secondary's primary did not generate its AUTH token secret; grant and pass the primary's secret (replicated to this region) yourself`
          : `${prefix}: the AUTH token came as a SecretValue (authTokenFromSecretValue); use RedisAuthentication.authTokenFromSecret(secret) to hand the secret out`;
    }
  }

  /**
   * Wires a Lambda function to the cache: network access to the Redis port, the
   * connection environment (`REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS`, `REDIS_URL`),
   * and, when there is an AUTH token, `REDIS_AUTH_SECRET_ARN` plus read access to it.
   * The function must be in the cache's VPC.
   *
   * Takes any `lambda.IFunction` whose environment this app defines: a `lambda.Function`
   * (or a subclass such as `NodejsFunction`), or an alias or version of one (the variables go
   * to the function behind it). An imported function's environment cannot be set: for one,
   * `connectLambda()` throws; open the port with `redis.connections.allowDefaultPortFrom(fn)`,
   * grant with `grantReadAuthSecret(fn)`, and set the variables of `connectionEnvironment()`
   * where the function is defined.
   */
  public connectLambda(fn: lambda.IFunction): void {
    connectLambdaTo(this, fn, this.globalDatastore
      ? `connectLambda(${fn.node.path}): this Global Datastore secondary's primary did not generate its AUTH token secret, so there is no replica to hand the function: grant and pass the primary's secret (replicated to this region) yourself`
      : `connectLambda(${fn.node.path}): the AUTH token came as a SecretValue, so there is no secret to hand the function; use authTokenFromSecret() to let connectLambda pass it`);
  }

  /**
   * Adds a connectivity probe: a Lambda function in this cache's VPC that checks
   * it (health mode) or measures it (load mode). See `RedisConnectivityProbe`.
   *
   * @param id the probe's construct id (a child of this construct)
   * @param options the probe's options
   */
  public addProbe(id: string = 'Probe', options: RedisConnectivityProbeOptions = {}): RedisConnectivityProbe {
    return new RedisConnectivityProbe(this, id, { ...options, redis: this });
  }

  /**
   * Environment variables for a client that reads from the replicas through the reader
   * endpoint (cluster mode disabled or compatible, with replicas): `REDIS_READER_HOST`,
   * `REDIS_READER_PORT` and `REDIS_READER_URL` (`redis://` or `rediss://`, never with a
   * secret inside). Reads there may lag the primary (replication is asynchronous). Network
   * access is the same security group as the primary's: `connections` already covers it.
   * Throws for a group without a reader endpoint: in cluster mode, clients read from
   * replicas through the configuration endpoint (`READONLY`).
   */
  public readerConnectionEnvironment(): { [name: string]: string } {
    if (!this.readerEndpointAddress) {
      throw new Error(`readerConnectionEnvironment: ${this.node.path} has no reader endpoint (${this.configuration.clusterMode === ClusterMode.ENABLED
        ? 'cluster mode ENABLED: read from replicas through the configuration endpoint with READONLY'
        : `numCacheNodes ${this.configuration.totalNodes}: add a replica`})`);
    }
    const scheme = this.tlsEnabled ? 'rediss' : 'redis';
    return {
      REDIS_READER_HOST: this.readerEndpointAddress,
      REDIS_READER_PORT: `${this.endpointPort}`,
      REDIS_READER_URL: `${scheme}://${this.readerEndpointAddress}:${this.endpointPort}`,
    };
  }

  // ---- metrics (implementation in metrics.ts) ------------------------------------

  /**
   * The group's metrics: per member node (`CacheClusterId` = `<group>-001`, or
   * `<group>-0001-001` in cluster mode) and aggregated over the nodes.
   */
  public get metrics(): RedisMetrics {
    return RedisMetrics._fromConfiguration(this.configuration, this);
  }

  /**
   * An `AWS/ElastiCache` metric over every member node: `Sum` adds the nodes up,
   * `Minimum` takes the lowest node, other statistics the highest (metric math;
   * the plain node metric for a one-node group).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metric(metricName, props);
  }

  /** Host `CPUUtilization` of the busiest node, percent. */
  public metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricCpuUtilization(props);
  }

  /** `EngineCPUUtilization` (the Redis engine thread) of the busiest node, percent. */
  public metricEngineCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricEngineCpuUtilization(props);
  }

  /** `DatabaseMemoryUsagePercentage` of the fullest node, percent. */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricDatabaseMemoryUsagePercentage(props);
  }

  /** `CacheHits` of the whole group, sum per minute. */
  public metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricCacheHits(props);
  }

  /** `CacheMisses` of the whole group, sum per minute. */
  public metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricCacheMisses(props);
  }

  /** The group's cache hit rate, percent: `100 * hits / (hits + misses)` (metric math). */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricCacheHitRate(props);
  }

  /** `NetworkBytesIn` of the whole group, sum per minute. */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricNetworkBytesIn(props);
  }

  /** `NetworkBytesOut` of the whole group, sum per minute. */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricNetworkBytesOut(props);
  }

  /** `CurrConnections` of the busiest node, maximum per minute. */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricCurrConnections(props);
  }

  /** `Evictions` of the whole group, sum per minute. */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricEvictions(props);
  }

  /** `ReplicationLag` of the most lagging replica, seconds (maximum per minute). */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.metricReplicationLag(props);
  }

  /**
   * Whether the user secrets are encrypted with a customer-managed KMS key.
   * @internal
   */
  public get _userSecretsUseCustomerKey(): boolean {
    return this.boundAuth.secretEncryptionKey !== undefined;
  }

  private get secretRotation(): RedisSecretRotation | undefined {
    return this.rotations.rotation;
  }

  /**
   * Creates the probe's own user in the RBAC/IAM user group, with the given access string
   * (the probe's key prefix and commands only), under `scope`. Returns its user name.
   * @internal
   */
  public _addProbeUser(scope: Construct, accessString: string): string {
    const user = addProbeUser(scope, {
      owner: this,
      cacheName: this.replicationGroupId,
      userGroup: this.boundAuth.userGroup,
      users: this.boundAuth.users,
      iamMode: this.configuration.authenticationMode === AuthenticationMode.IAM,
      secretEncryptionKey: this.boundAuth.secretEncryptionKey,
      userEngine: 'redis',
    }, accessString);
    // its generated password rotates when `rotation` is on, even as the cache's only generated secret
    this.rotations.addUserSecret(user);
    return user.userName;
  }

  private findUser(userName: string): BoundRedisUser {
    return findUser(this, this.boundAuth.users, userName);
  }

  private addOutputs(props: AirDiscoveryRedisProps): void {
    addCacheOutputs(this, props, [
      ['RedisEndpoint', this.endpointAddress, 'Address clients connect to (primary endpoint, or configuration endpoint in cluster mode)'],
      ['RedisPort', `${this.endpointPort}`, 'Port clients connect to'],
      ['RedisClusterId', this.replicationGroupId, 'Replication group id'],
      ...(this.readerEndpointAddress
        ? [['RedisReaderEndpoint', this.readerEndpointAddress, 'Reader endpoint (spreads reads over the replicas)'] as [string, string, string]]
        : []),
    ]);
  }

  private addWarnings(props: AirDiscoveryRedisProps): void {
    const c = this.configuration;
    const warn = (id: string, message: string) => Annotations.of(this).addWarningV2(`@air-discovery/cdk-redis:${id}`, message);
    if (props.preset === undefined) {
      warn('noPreset', 'no preset given: the DEV values apply (no TLS and no AUTH unless set, one node, 1-day snapshots, RemovalPolicy.DESTROY) and none of their cdk-nag findings is acknowledged; pass preset: RedisPreset.PROD for real data, or preset: RedisPreset.DEV to choose the development setup knowingly');
    }
    if (c.preset === RedisPreset.PROD) {
      if (!c.multiAz) warn('prodWithoutMultiAz', 'the PROD preset runs without multiAz: a primary failure means downtime until the node is replaced');
      if (c.port === 6379 && props.port !== undefined) warn('defaultPort', 'port 6379 is the Redis default port that scanners probe first; PROD uses 6380');
      if (retentionDays(c.snapshotRetention) === 0) warn('noBackups', 'snapshotRetention is 0 in the PROD preset: no automatic snapshots, no point-in-time to restore');
      if (c.removalPolicy === RemovalPolicy.DESTROY) warn('destroyOnDelete', 'removalPolicy DESTROY in the PROD preset: deleting the stack deletes the data without a final snapshot');
    }
    if (c.transitEncryptionMode === TransitEncryptionMode.PREFERRED) {
      warn('tlsPreferred', 'transitEncryptionMode PREFERRED accepts plain-text clients: switch to REQUIRED once every client uses TLS');
    }
    if (c.clusterMode === ClusterMode.ENABLED && !props.globalDatastore) {
      warn('replicasPerShardFixed', `replicasPerShard (${c.replicasPerShard}) is create-only in CloudFormation: a later change fails the deploy (a named group cannot be replaced) unless replicationGroupId changes too, which creates a new, empty group; change replicas of a running cluster with the CLI (increase-replica-count); numShards changes reshard online`);
      if (c.replicasPerShard === 0) {
        warn('clusterWithoutReplicas', 'cluster mode with replicasPerShard 0: a failed primary loses its shard\'s data, and CloudFormation cannot update such a group later (cloudformation-coverage-roadmap#1275)');
      }
    }
    if (props.snapshotName !== undefined || props.snapshotArns !== undefined) {
      warn('restoreReplaces', 'snapshotName/snapshotArns are read only at creation (create-only): changing or removing them later fails the deploy, since a named group cannot be replaced; keep them as they are after the first deploy');
    }
    if (!c.atRestEncryption) {
      warn('atRestEncryptionOff', 'atRestEncryption is off and can only be set at creation: turning it on later needs a new group (a new replicationGroupId: new endpoint, empty cache unless restored from a snapshot)');
    }
    if (c.authenticationMode !== AuthenticationMode.NONE && c.preset === RedisPreset.DEV) {
      warn('authReplacement', `authentication ${c.authenticationMode} on a DEV-based group: if this group is already deployed without it, CloudFormation plans a replacement, which fails for a named group; migrate the running group in place with modify-replication-group first, then deploy (see docs/create-only.md, "What replaces the replication group")`);
    }
    if (c.authenticationMode === AuthenticationMode.NONE && c.preset === RedisPreset.PROD) {
      warn('noAuth', 'the PROD preset without authentication: any client that reaches the port can read and write every key');
    }
    // the warnings of the rule table (src/validation.ts WARNING_RULES)
    for (const w of configurationWarnings(c, props)) warn(w.id, w.message);
  }
}

/** a * b, or a token when either is one (CloudFormation has no arithmetic). */
function multiplyKnown(a: number, b: number): number {
  return Token.isUnresolved(a) ? a : Token.isUnresolved(b) ? b : a * b;
}


/** Whether the VPC was defined in this app with an IPv6 CIDR (a dual-stack `ec2.Vpc`). */
function vpcHasIpv6(vpc: ec2.IVpc): boolean {
  return vpc instanceof ec2.Vpc && vpc.node.children.some(child => child instanceof ec2.CfnVPCCidrBlock
    && (child.amazonProvidedIpv6CidrBlock !== undefined || child.ipv6CidrBlock !== undefined || child.ipv6IpamPoolId !== undefined));
}


/** The duration in days (possibly fractional, which validation rejects), or undefined for a token. */
function retentionDays(d: Duration): number | undefined {
  return d.isUnresolved() ? undefined : d.toDays({ integral: false });
}

/** A shard configuration as CloudFormation's `NodeGroupConfiguration` (ReplicasPerNodeGroup sets the replica count). */
function renderShard(shard: ShardConfiguration): elasticache.CfnReplicationGroup.NodeGroupConfigurationProperty {
  return {
    nodeGroupId: shard.nodeGroupId,
    primaryAvailabilityZone: shard.primaryAvailabilityZone,
    replicaAvailabilityZones: shard.replicaAvailabilityZones,
    slots: shard.slots,
  };
}

/**
 * The AZs of the subnets the subnet group will hold, when every one is known at synth
 * (undefined for tokens, e.g. an environment-agnostic stack, or a selection that does not resolve).
 */
function knownSubnetAvailabilityZones(props: AirDiscoveryRedisProps): string[] | undefined {
  if (props.preferredAvailabilityZones === undefined && props.shardConfigurations === undefined) return undefined;
  try {
    const azs = props.vpc.selectSubnets(props.vpcSubnets ?? defaultSubnetSelection(props.vpc)).availabilityZones;
    return azs.length > 0 && azs.every(az => !Token.isUnresolved(az)) ? [...new Set(azs)] : undefined;
  } catch {
    return undefined;
  }
}

