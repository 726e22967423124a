import { Annotations, ArnFormat, CfnParameter, Duration, Fn, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
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
import { AuthenticationMode, RedisAuthentication } from './auth';
import { IAirDiscoveryCache } from './cache';
import { ClusterMode, LogFormat, NetworkType, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { EngineVersion } from './engine';
import { RedisGlobalDatastore } from './global-datastore';
import { RedisMetrics } from './metrics';
import { NagAcknowledgement } from './nag';
import { CacheNodeType } from './node-type';
import { PRESETS, RedisPreset } from './presets';
import { validateMonitoring } from './private/alarm-plan';
import { BoundAuthentication, BoundRedisUser } from './private/auth-types';
import { NAG_ACKNOWLEDGEMENTS, NagTarget, acknowledgeFindings } from './private/nag';
import { elastiCacheId, generateReplicationGroupId } from './private/naming';
import { defaultSubnetSelection } from './private/subnets';
import { addCacheOutputs, connectLambdaTo, connectionEnvironmentOf, ecsSecretOf, findUser, grantConnectTo, grantReadSecret, userSecretOf, vpcCidr } from './private/wiring';
import { RedisConnectivityProbe, RedisConnectivityProbeOptions } from './probe/probe';
import { configurationWarnings, validateConfiguration } from './validation';

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
   * The starting point for every default below.
   *
   * @default RedisPreset.DEV
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
   * Redis parameters. Turned into a parameter group whose family follows the
   * engine version (`redis7`, `valkey8`, ...). See `RedisParameters` for ready-made sets.
   *
   * @default - the engine's default parameter group
   */
  readonly parameters?: { [name: string]: string };

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
   * Acknowledge, with a written reason, the cdk-nag findings on the construct's
   * own resources that follow from its deliberate choices (see `nagAcknowledgements`
   * and the README). Findings caused by a value overridden away from the preset
   * are never acknowledged.
   *
   * @default true
   */
  readonly acknowledgeNagFindings?: boolean;

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
  private replicatedAuthSecretName?: string;

  constructor(scope: Construct, id: string, props: AirDiscoveryRedisProps) {
    super(scope, id);
    this.vpc = props.vpc;

    const preset = props.preset ?? RedisPreset.DEV;
    const p = PRESETS[preset];
    this.globalDatastore = props.globalDatastore;
    // A Global Datastore secondary inherits these from its primary (validation rejects setting them).
    const primary = props.globalDatastore?.primary.configuration;
    const clusterMode = primary?.clusterMode ?? props.clusterMode ?? ClusterMode.DISABLED;
    const cluster = clusterMode === ClusterMode.ENABLED;
    const numShards = cluster ? primary?.numShards ?? props.numShards ?? DEFAULT_SHARDS : 1;
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
    };
    const c = this.configuration;

    // ---- validation: every failing rule at once -------------------------------
    const errors = validateConfiguration({
      config: c,
      auth: authentication._describe(),
      resolve: x => Stack.of(this).resolve(x),
      isNoEchoParameter: logicalId => Stack.of(this).node.findAll().some(x => x instanceof CfnParameter && x.noEcho === true
        && Stack.of(this).resolve(x.logicalId) === logicalId),
      transitEncryptionModeProp: props.transitEncryptionMode,
      encryptionKeyProp: props.encryptionKey !== undefined,
      snapshotRetentionDays: retentionDays(c.snapshotRetention),
      props,
      regions: {
        self: Stack.of(this).region,
        primary: props.globalDatastore?.primaryRegion,
        secondaries: props.globalDatastore?.secondaries.map(x => Stack.of(x).region) ?? [],
      },
    }).concat(validateMonitoring(props));
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
      ipDiscovery: c.networkType === NetworkType.IPV6 ? 'ipv6' : undefined,
      snapshotName: props.snapshotName,
      snapshotArns: props.snapshotArns,
      globalReplicationGroupId: props.globalDatastore?.globalReplicationGroupId,
    });
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

    this.addWarnings(props);
    this.monitoring = RedisMonitoring._create(this, c, props);
    if (props.outputs ?? true) this.addOutputs(props);

    this.nagAcknowledgements = this.computeNagAcknowledgements(props);
    this.acknowledgeNag = props.acknowledgeNagFindings ?? true;
    if (this.acknowledgeNag) this.applyNagAcknowledgements();
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
   * Whether the construct acknowledges its cdk-nag findings (`acknowledgeNagFindings`);
   * the probe follows the same choice.
   */
  public get acknowledgesNagFindings(): boolean {
    return this.acknowledgeNag;
  }

  /**
   * Acknowledges the construct's cdk-nag findings (`nagAcknowledgements`) on its
   * resources, in the acknowledged-rules metadata that `Validations.of(resource).acknowledge()`
   * writes and cdk-nag reads. Idempotent.
   */
  public applyNagAcknowledgements(): void {
    acknowledgeFindings(this.nagTargets);
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
    const ctx = {
      secretsUseCustomerKey: props.authentication?._describe().secretEncryption ?? false,
      logsUseCustomerKey: props.logEncryptionKey !== undefined,
      globalSecondary: props.globalDatastore !== undefined,
    };
    const acks: NagAcknowledgement[] = [];
    for (const rule of NAG_ACKNOWLEDGEMENTS) {
      if (!rule.when(this.configuration, ctx)) continue;
      for (const target of targets[rule.target] ?? []) {
        for (const id of rule.ids) {
          acks.push({ id, reason: rule.reason, constructPath: target.node.path });
          this.nagTargets.push({ target, id, reason: rule.reason });
        }
      }
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
    return ecsSecretOf(this, n => this.userSecret(n), userName);
  }

  /**
   * Wires a Lambda function to the cache: network access to the Redis port, the
   * connection environment (`REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS`, `REDIS_URL`),
   * and, when there is an AUTH token, `REDIS_AUTH_SECRET_ARN` plus read access to it.
   * The function must be in the cache's VPC.
   */
  public connectLambda(fn: lambda.Function): void {
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
      warn('authReplacement', `authentication ${c.authenticationMode} on a DEV-based group: if this group is already deployed without it, CloudFormation plans a replacement, which fails for a named group; migrate the running group in place with modify-replication-group first, then deploy (see README "What replaces the replication group")`);
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

