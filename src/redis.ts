import { Annotations, ArnFormat, CfnOutput, Duration, IResource, RemovalPolicy, Resource, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AuthenticationMode, RedisAuthentication, RedisUserAuthenticationType } from './auth';
import { ClusterMode, RedisConfiguration, TransitEncryptionMode } from './configuration';
import { EngineVersion } from './engine';
import { CacheNodeType } from './node-type';
import { PRESETS, RedisPreset } from './presets';
import { BoundAuthentication, BoundRedisUser } from './private/auth-types';
import { elastiCacheId, generateReplicationGroupId } from './private/naming';
import { validateConfiguration } from './validation';

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
   * The port clients connect to. Changing it replaces the group.
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
   * At-rest encryption. Changing it replaces the group, which is why both presets turn it on.
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
   * The replication group id. Changing it replaces the group.
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
   * Create the construct's CloudWatch alarms.
   *
   * @default - DEV: false; PROD: true
   */
  readonly alarms?: boolean;
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
    const scheme = this.tlsEnabled ? 'rediss' : 'redis';
    return {
      REDIS_HOST: this.endpointAddress,
      REDIS_PORT: `${this.endpointPort}`,
      REDIS_TLS: `${this.tlsEnabled}`,
      REDIS_URL: `${scheme}://${this.endpointAddress}:${this.endpointPort}`,
    };
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    if (!this.authSecret) {
      throw new Error(`grantReadAuthSecret: ${this.node.path} has no AUTH token secret (authentication is not an AUTH token)`);
    }
    return this.authSecret.grantRead(grantee);
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
export class AirDiscoveryRedis extends AirDiscoveryRedisBase {
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

  /** The vpc. */
  public readonly vpc: ec2.IVpc;

  private readonly boundAuth: BoundAuthentication;

  constructor(scope: Construct, id: string, props: AirDiscoveryRedisProps) {
    super(scope, id);
    this.vpc = props.vpc;

    const preset = props.preset ?? RedisPreset.DEV;
    const p = PRESETS[preset];
    const clusterMode = props.clusterMode ?? ClusterMode.DISABLED;
    const cluster = clusterMode === ClusterMode.ENABLED;
    const numShards = cluster ? props.numShards ?? DEFAULT_SHARDS : 1;
    const numCacheNodes = props.numCacheNodes ?? p.numCacheNodes;
    // CloudFormation cannot do arithmetic: with a token node count, the token stands for both.
    const replicasPerShard = cluster
      ? props.replicasPerShard ?? DEFAULT_REPLICAS_PER_SHARD
      : Token.isUnresolved(numCacheNodes) ? numCacheNodes : numCacheNodes - 1;
    const multiAz = props.multiAz ?? p.multiAz;
    const transitEncryption = props.transitEncryption ?? p.transitEncryption;
    const authentication = props.authentication
      ?? (p.generatedAuthToken ? RedisAuthentication.generatedAuthToken() : RedisAuthentication.none());

    this.configuration = {
      preset,
      engineVersion: props.engineVersion ?? p.engineVersion,
      cacheNodeType: props.cacheNodeType ?? p.cacheNodeType,
      clusterMode,
      numShards,
      replicasPerShard,
      totalNodes: cluster ? multiplyKnown(numShards, 1 + replicasPerShard) : numCacheNodes,
      multiAz,
      automaticFailover: props.automaticFailover ?? (multiAz || cluster),
      port: props.port ?? p.port,
      transitEncryption,
      transitEncryptionMode: transitEncryption ? props.transitEncryptionMode ?? TransitEncryptionMode.REQUIRED : undefined,
      atRestEncryption: props.atRestEncryption ?? p.atRestEncryption,
      authenticationMode: authentication.mode,
      snapshotRetention: props.snapshotRetention ?? p.snapshotRetention,
      snapshotWindow: props.snapshotWindow ?? p.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow ?? p.maintenanceWindow,
      removalPolicy: props.removalPolicy ?? p.removalPolicy,
      replicationGroupId: props.replicationGroupId ?? generateReplicationGroupId(this),
      description: props.description ?? `Redis for AirDiscovery (${preset})`,
      autoMinorVersionUpgrade: props.autoMinorVersionUpgrade ?? p.autoMinorVersionUpgrade,
      alarms: props.alarms ?? p.alarms,
    };
    const c = this.configuration;

    // ---- validation: every failing rule at once -------------------------------
    const errors = validateConfiguration({
      config: c,
      auth: authentication._describe(),
      numCacheNodesProp: props.numCacheNodes,
      transitEncryptionModeProp: props.transitEncryptionMode,
      snapshotRetentionDays: retentionDays(c.snapshotRetention),
    });
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
      cacheSubnetGroupName: elastiCacheId(`${c.replicationGroupId}-subnets`, 255),
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
    if (props.allowFromVpcCidr ?? true) {
      this.securityGroup.addIngressRule(
        ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
        ec2.Port.tcp(c.port),
        'Redis access from application subnets only',
      );
    }
    for (const peer of props.allowedPeers ?? []) {
      this.connections.allowDefaultPortFrom(peer, 'Redis access from an allowed peer');
    }

    // ---- parameters ----------------------------------------------------------------
    if (props.parameters && Object.keys(props.parameters).length > 0) {
      this.parameterGroup = new elasticache.CfnParameterGroup(this, 'ParameterGroup', {
        cacheParameterGroupFamily: c.engineVersion.parameterGroupFamily,
        description: `Parameters of ${c.replicationGroupId}`,
        properties: cluster ? { 'cluster-enabled': 'yes', ...props.parameters } : props.parameters,
      });
    }

    // ---- authentication --------------------------------------------------------------
    this.boundAuth = authentication._bind(this, {
      replicationGroupId: c.replicationGroupId,
      engine: c.engineVersion.engine,
    });
    this.authSecret = this.boundAuth.secret;
    this.userGroup = this.boundAuth.userGroup;
    if (this.boundAuth.authToken) assertNotPlainText(this, this.boundAuth.authToken);

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
        : { numCacheClusters: c.totalNodes }),
      automaticFailoverEnabled: c.automaticFailover,
      multiAzEnabled: c.multiAz,
      port: c.port,
      cacheSubnetGroupName: this.subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      cacheParameterGroupName: this.parameterGroup?.ref ?? (cluster ? `default.${c.engineVersion.parameterGroupFamily}.cluster.on` : undefined),
      transitEncryptionEnabled: c.transitEncryption,
      transitEncryptionMode: c.transitEncryptionMode,
      atRestEncryptionEnabled: c.atRestEncryption,
      kmsKeyId: c.atRestEncryption ? props.encryptionKey?.keyArn : undefined,
      authToken: this.boundAuth.authToken?.unsafeUnwrap(),
      userGroupIds: this.boundAuth.userGroup ? [this.boundAuth.userGroup.ref] : undefined,
      snapshotRetentionLimit: snapshotDays,
      snapshotWindow: snapshotDays !== 0 ? c.snapshotWindow : undefined,
      preferredMaintenanceWindow: c.maintenanceWindow,
      autoMinorVersionUpgrade: c.autoMinorVersionUpgrade,
    });
    this.replicationGroup.applyRemovalPolicy(c.removalPolicy);
    if (cluster) {
      // Shard-count changes reshard online instead of failing the update.
      this.replicationGroup.cfnOptions.updatePolicy = { useOnlineResharding: true };
    }

    this.endpointAddress = cluster
      ? this.replicationGroup.attrConfigurationEndPointAddress
      : this.replicationGroup.attrPrimaryEndPointAddress;
    if (!cluster && c.totalNodes > 1) {
      this.readerEndpointAddress = this.replicationGroup.attrReaderEndPointAddress;
    }

    this.addWarnings(props);
    if (props.outputs ?? true) this.addOutputs(props);
  }

  /**
   * The ElastiCache users of an RBAC or IAM user group (the `default` user included).
   */
  public get userNames(): string[] {
    return this.boundAuth.users.map(u => u.userName);
  }

  /**
   * The Secrets Manager secret of an RBAC password user (JSON `{ "username", "password" }`).
   * Throws when there is no such password user.
   */
  public userSecret(userName: string): secretsmanager.ISecret {
    const user = this.findUser(userName);
    if (!user.secret) {
      throw new Error(`userSecret: user '${userName}' of ${this.node.path} has no password (authentication type ${user.authenticationType})`);
    }
    return user.secret;
  }

  /**
   * Grants `elasticache:Connect` on the replication group and the given IAM users
   * (every IAM user when none is named), for IAM authentication.
   */
  public grantConnect(grantee: iam.IGrantable, ...userNames: string[]): iam.Grant {
    const iamUsers = this.boundAuth.users.filter(u => u.authenticationType === RedisUserAuthenticationType.IAM);
    if (iamUsers.length === 0) {
      throw new Error(`grantConnect: ${this.node.path} has no IAM-enabled users (authentication is ${this.configuration.authenticationMode}); use RedisAuthentication.iam()`);
    }
    const users = userNames.length > 0 ? userNames.map(n => this.findUser(n)) : iamUsers;
    for (const u of users) {
      if (u.authenticationType !== RedisUserAuthenticationType.IAM) {
        throw new Error(`grantConnect: user '${u.userName}' of ${this.node.path} is not an IAM user (authentication type ${u.authenticationType})`);
      }
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['elasticache:Connect'],
      resourceArns: [this.replicationGroupArn, ...users.map(u => u.resource.attrArn)],
    });
  }

  /**
   * The AUTH token (or, with RBAC, a user's password) for an ECS container,
   * as an `ecs.Secret` read at task start. Never in the task definition.
   *
   * @param userName with RBAC, the user whose password to hand out
   */
  public ecsSecret(userName?: string): ecs.Secret {
    if (userName !== undefined) return ecs.Secret.fromSecretsManager(this.userSecret(userName), 'password');
    if (!this.authSecret) {
      throw new Error(`ecsSecret: ${this.node.path} has no AUTH token secret; with RBAC pass the user name`);
    }
    return ecs.Secret.fromSecretsManager(this.authSecret);
  }

  /**
   * Wires a Lambda function to the cache: network access to the Redis port, the
   * connection environment (`REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS`, `REDIS_URL`),
   * and, when there is an AUTH token, `REDIS_AUTH_SECRET_ARN` plus read access to it.
   * The function must be in the cache's VPC.
   */
  public connectLambda(fn: lambda.Function): void {
    this.connections.allowDefaultPortFrom(fn, `Redis access from ${fn.node.path}`);
    for (const [k, v] of Object.entries(this.connectionEnvironment())) fn.addEnvironment(k, v);
    if (this.authSecret) {
      fn.addEnvironment('REDIS_AUTH_SECRET_ARN', this.authSecret.secretArn);
      this.authSecret.grantRead(fn);
    }
  }

  private findUser(userName: string): BoundRedisUser {
    const user = this.boundAuth.users.find(u => u.userName === userName);
    if (!user) {
      throw new Error(`no user '${userName}' in ${this.node.path}; users: ${this.userNames.join(', ') || 'none'}`);
    }
    return user;
  }

  private addOutputs(props: AirDiscoveryRedisProps): void {
    const prefix = props.outputIdPrefix ?? '';
    const output = (name: string, value: string, description: string) => {
      const out = new CfnOutput(this, name, {
        value,
        description,
        exportName: props.exportNamePrefix !== undefined ? `${props.exportNamePrefix}${name}` : undefined,
      });
      const logicalId = `${prefix}${name}`;
      const clash = Stack.of(this).node.findAll().find(x => x !== out && x instanceof CfnOutput && Stack.of(this).resolve((x as CfnOutput).logicalId) === logicalId);
      if (clash) {
        throw new Error(`outputIdPrefix: the output '${logicalId}' of ${this.node.path} already exists at ${clash.node.path}; give each AirDiscoveryRedis in a stack its own outputIdPrefix (got '${prefix}')`);
      }
      out.overrideLogicalId(logicalId);
    };
    output('RedisEndpoint', this.endpointAddress, 'Address clients connect to (primary endpoint, or configuration endpoint in cluster mode)');
    output('RedisPort', `${this.endpointPort}`, 'Port clients connect to');
    output('RedisClusterId', this.replicationGroupId, 'Replication group id');
    if (this.readerEndpointAddress) {
      output('RedisReaderEndpoint', this.readerEndpointAddress, 'Reader endpoint (spreads reads over the replicas)');
    }
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
    if (c.authenticationMode === AuthenticationMode.NONE && c.preset === RedisPreset.PROD) {
      warn('noAuth', 'the PROD preset without authentication: any client that reaches the port can read and write every key');
    }
  }
}

/** a * b, or a token when either is one (CloudFormation has no arithmetic). */
function multiplyKnown(a: number, b: number): number {
  return Token.isUnresolved(a) ? a : Token.isUnresolved(b) ? b : a * b;
}

/** Private subnets with egress, else isolated subnets: never public ones. */
function defaultSubnetSelection(vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  if (vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  throw new Error('vpc has no private or isolated subnets: ElastiCache must not live in public subnets; add private subnets or pass vpcSubnets');
}

/** The duration in days (possibly fractional, which validation rejects), or undefined for a token. */
function retentionDays(d: Duration): number | undefined {
  return d.isUnresolved() ? undefined : d.toDays({ integral: false });
}

/** No secret in a template: the token must resolve to a dynamic reference. */
function assertNotPlainText(scope: Construct, value: SecretValue): void {
  const resolved = Stack.of(scope).resolve(value);
  const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  const dynamicReference = /\{\{resolve:(secretsmanager|ssm-secure):/.test(text);
  const noEchoParameter = typeof resolved === 'object' && resolved !== null && Object.keys(resolved).join() === 'Ref';
  if (!dynamicReference && !noEchoParameter) {
    throw new Error('authentication: the AUTH token resolves to plain text, which would be written into the template; use RedisAuthentication.generatedAuthToken(), authTokenFromSecret() or a SecretValue from Secrets Manager');
  }
}
