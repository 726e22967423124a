import { Annotations, ArnFormat, Duration, IResource, RemovalPolicy, Resource, Size, SizeRoundingBehavior, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AuthenticationMode, RedisAuthentication, RedisUserAuthenticationType } from './auth';
import { IAirDiscoveryCache } from './cache';
import { NagAcknowledgement, NagAcknowledgementKind } from './nag';
import { RedisPreset } from './presets';
import { BoundAuthentication, BoundRedisUser } from './private/auth-types';
import { acknowledgeFindings } from './private/nag';
import { elastiCacheId, generateReplicationGroupId } from './private/naming';
import { addProbeUser } from './private/probe-user';
import { SERVERLESS_NAG_ACKNOWLEDGEMENTS, ServerlessNagContext } from './private/serverless-nag';
import { SERVERLESS_PRESETS } from './private/serverless-presets';
import { defaultSubnetSelection } from './private/subnets';
import { isNoEchoParameter, storedLowerCase } from './private/tokens';
import {
  addCacheOutputs, connectLambdaTo, connectionEnvironmentOf, ecsSecretOf, findUser, grantConnectTo, grantReadSecret,
  userSecretOf, vpcCidr,
} from './private/wiring';
import { RedisConnectivityProbe, RedisConnectivityProbeOptions } from './probe/probe';
import { acknowledgeLateRotation, CacheSecretRotation, RedisSecretRotation } from './rotation/rotation';
import { ServerlessRedisMonitoring } from './serverless-alarms';
import { ServerlessEngine } from './serverless-engine';
import { ServerlessRedisMetrics } from './serverless-metrics';
import { serverlessWarnings, validateServerless, validateServerlessInputs } from './serverless-validation';

/** The port of a serverless cache's endpoint (fixed by ElastiCache for Valkey and Redis OSS). */
const SERVERLESS_ENDPOINT_PORT = 6379;
/** The port of a serverless cache's reader endpoint (fixed by ElastiCache for Valkey and Redis OSS). */
const SERVERLESS_READER_ENDPOINT_PORT = 6380;

/**
 * The access string of the `default` user that carries an AUTH token on a serverless
 * cache: what a node-based AUTH token grants (every command ElastiCache allows, every key).
 */
const TOKEN_DEFAULT_USER_ACCESS_STRING = 'on ~* +@all';

/**
 * Properties of `AirDiscoveryServerlessRedis`. Every prop that a preset sets documents its
 * value per preset; setting the prop overrides the preset.
 */
export interface AirDiscoveryServerlessRedisProps {
  /** The VPC the cache's endpoint lives in. */
  readonly vpc: ec2.IVpc;

  /**
   * The starting point for every default below.
   *
   * @default RedisPreset.DEV
   */
  readonly preset?: RedisPreset;

  /**
   * The subnets of the cache's endpoint. Must be private.
   *
   * @default - one private subnet with egress per AZ (the isolated subnets when there are none), at most 3 AZs
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Engine and major version. Create-only: a change replaces the cache (new, empty cache).
   *
   * @default - DEV: ServerlessEngine.VALKEY_8; PROD: ServerlessEngine.VALKEY_8
   */
  readonly engine?: ServerlessEngine;

  /**
   * The serverless cache name. Changing it creates a new cache and deletes the old one.
   *
   * @default - generated from the stack name and the construct path, deterministic
   */
  readonly serverlessCacheName?: string;

  /**
   * The cache's description.
   *
   * @default 'Serverless Redis for AirDiscovery (<preset>)'
   */
  readonly description?: string;

  /**
   * The least data storage the cache keeps ready (billed as used even when the cache holds
   * less). Whole GB (the unit CloudFormation takes), 1-5,000.
   *
   * @default - no minimum: the cache scales from what it holds (billed at least 100 MB on Valkey, 1 GB on Redis OSS)
   */
  readonly minimumDataStorage?: Size;

  /**
   * The most data the cache may hold: a cost ceiling. Whole GB, 1-5,000. At the ceiling the
   * cache evicts keys (by TTL first) and rejects writes it cannot place.
   *
   * @default - DEV: Size.gibibytes(1); PROD: Size.gibibytes(10)
   */
  readonly maximumDataStorage?: Size;

  /**
   * The ECPUs per second the cache keeps ready (billed as used). 1,000-15,000,000.
   *
   * @default - no minimum: the cache scales with the load
   */
  readonly minimumEcpuPerSecond?: number;

  /**
   * The most ECPUs the cache may consume per second: a cost ceiling. 1,000-15,000,000.
   * Requests above it are throttled (`ThrottledCmds`).
   *
   * @default - DEV: 5000; PROD: 100000
   */
  readonly maximumEcpuPerSecond?: number;

  /**
   * Customer-managed KMS key for at-rest encryption (always on). Create-only.
   *
   * @default - the AWS owned key of ElastiCache
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How clients authenticate. Serverless caches take no AUTH token: an AUTH token
   * (`generatedAuthToken()`, `authTokenFromSecret()`, `authTokenFromSecretValue()`) becomes
   * the password of the user group's `default` user, so `AUTH <token>` works as on nodes.
   * RBAC and IAM create a user group as for nodes, with a disabled `default` user.
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
   * When the daily snapshot starts, UTC, `HH:MM`.
   *
   * @default '02:00' (the setup guide's backup window)
   */
  readonly dailySnapshotTime?: string;

  /**
   * What happens to the data when the cache is removed from the stack or replaced.
   * `RemovalPolicy.SNAPSHOT` takes a final snapshot (`finalSnapshotName`) before the cache is deleted.
   *
   * @default - DEV: RemovalPolicy.DESTROY; PROD: RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The name of the final snapshot with `RemovalPolicy.SNAPSHOT`. A snapshot of this name must
   * not exist when the cache is deleted.
   *
   * @default - `<serverlessCacheName>-final`
   */
  readonly finalSnapshotName?: string;

  /**
   * Seed the new cache from snapshots (ARNs of ElastiCache serverless or node-based snapshots,
   * or of `.rdb` files in S3). Only read at creation: a change replaces the cache.
   *
   * @default - an empty cache
   */
  readonly snapshotArnsToRestore?: string[];

  /**
   * Allow the whole VPC CIDR to reach the cache's ports (6379 and 6380).
   *
   * @default true
   */
  readonly allowFromVpcCidr?: boolean;

  /**
   * Extra peers allowed to reach the cache's ports.
   *
   * @default - none
   */
  readonly allowedPeers?: ec2.IPeer[];

  /**
   * Create the CloudFormation outputs `RedisEndpoint`, `RedisPort`, `RedisClusterId` (the cache
   * name), `RedisReaderEndpoint` and `RedisReaderPort`.
   *
   * @default true
   */
  readonly outputs?: boolean;

  /**
   * Prefix of the outputs' logical ids, so that two caches can live in one stack.
   *
   * @default '' (the outputs are exactly `RedisEndpoint`, `RedisPort`, ...)
   */
  readonly outputIdPrefix?: string;

  /**
   * Export the outputs under `<exportNamePrefix>RedisEndpoint`, ... for other stacks.
   *
   * @default - not exported
   */
  readonly exportNamePrefix?: string;

  /**
   * Acknowledge, with a written reason, the cdk-nag findings on the construct's own
   * resources whose control is provably met (see docs/serverless.md and docs/security.md).
   *
   * @default true
   */
  readonly acknowledgeNagFindings?: boolean;

  /**
   * Also acknowledge the documented trade-offs (`NagAcknowledgementKind.PRESET_TRADE_OFF`: secrets
   * not rotated in DEV, AWS-managed keys, the probe's concurrency, DLQ and log keys), each with its written
   * reason. These controls are NOT met: turn this on only when your compliance owner accepts the
   * reasons. Needs an explicit `preset`.
   *
   * @default false
   */
  readonly acknowledgePresetTradeOffs?: boolean;

  /**
   * Rotate the secrets the construct generated, with no client downtime.
   *
   * The AUTH token (the password of the user group's `default` user) and the RBAC users' passwords
   * (the probe user's included) rotate with the Secrets Manager rotation function shipped with the
   * construct (the node-based construct's): `ModifyUser` gives the user the new password next to the
   * current one, the function connects with it, then makes it current; the one before stays valid
   * until the next rotation, so clients that re-read the secret within one rotation interval never
   * fail. See docs/serverless.md. Secrets you pass in are not rotated.
   *
   * @default - PROD: true; DEV: false
   */
  readonly rotation?: boolean;

  /**
   * How often the secrets rotate (with `rotation`). Clients must re-read the secret within this
   * interval: the password before the current one stops working at the next rotation.
   *
   * @default Duration.days(30)
   */
  readonly rotationSchedule?: Duration;

  // ---- monitoring (serverless-alarms.ts) --------------------------------------------------

  /**
   * Create the construct's CloudWatch alarms.
   *
   * @default - DEV: false; PROD: true
   */
  readonly alarms?: boolean;

  /**
   * The ECPU alarm fires when the ECPUs consumed per second stay above this percent of
   * `maximumEcpuPerSecond` for 5 minutes (close to the ceiling, where throttling starts).
   * No ECPU alarm without a maximum.
   *
   * @default 80
   */
  readonly ecpuAlarmThresholdPercent?: number;

  /**
   * The storage ("memory") alarm fires when `BytesUsedForCache` stays above this percent of
   * `maximumDataStorage` for 2 minutes. No storage alarm without a maximum.
   *
   * @default 90 (the setup guide's memory alarm)
   */
  readonly dataStorageAlarmThresholdPercent?: number;

  /**
   * The throttling alarm fires when more than this many commands are throttled
   * (`ThrottledCmds`) in each of 3 consecutive minutes.
   *
   * @default 0 (any sustained throttling)
   */
  readonly throttledCmdsAlarmThreshold?: number;

  /**
   * The connections alarm's threshold on `CurrConnections`, for 1 minute.
   *
   * @default 1000 (the setup guide's connections alarm)
   */
  readonly connectionsAlarmThreshold?: number;

  /**
   * Opt-in alarm: `CacheHitRate` below this percent for 15 minutes (idle periods never fire it).
   *
   * @default - no cache hit rate alarm
   */
  readonly cacheHitRateAlarmMinPercent?: number;

  /**
   * The SNS topic the alarms send `ALARM` and `OK` to.
   *
   * @default - a topic the construct creates (see `createAlarmTopic`)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Create a KMS-encrypted, TLS-only SNS topic for the alarms when no `alarmTopic` is given.
   *
   * @default true when alarms are on and no alarmTopic is given
   */
  readonly createAlarmTopic?: boolean;
}

/**
 * The configuration an `AirDiscoveryServerlessRedis` resolved from its preset and props.
 */
export interface ServerlessRedisConfiguration {
  /** The preset the values started from. */
  readonly preset: RedisPreset;
  /** Engine and major version. */
  readonly engine: ServerlessEngine;
  /** The serverless cache name. */
  readonly serverlessCacheName: string;
  /** The description. */
  readonly description: string;
  /** Minimum data storage, GB. */
  readonly minimumDataStorageGb?: number;
  /** Maximum data storage, GB. */
  readonly maximumDataStorageGb?: number;
  /** Minimum ECPUs per second. */
  readonly minimumEcpuPerSecond?: number;
  /** Maximum ECPUs per second. */
  readonly maximumEcpuPerSecond?: number;
  /** The authentication mode. */
  readonly authenticationMode: AuthenticationMode;
  /** How long daily snapshots are kept; zero turns them off. */
  readonly snapshotRetention: Duration;
  /** When the daily snapshot starts (UTC, `HH:MM`). */
  readonly dailySnapshotTime: string;
  /** What happens to the data when the cache leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
  /** The final snapshot's name, with `RemovalPolicy.SNAPSHOT`. */
  readonly finalSnapshotName?: string;
  /** Whether the construct's alarms are created. */
  readonly alarms: boolean;
}

/**
 * A serverless cache, created or imported.
 */
export interface IAirDiscoveryServerlessRedis extends IResource, ec2.IConnectable {
  /**
   * The serverless cache name.
   * @attribute
   */
  readonly serverlessCacheName: string;
  /**
   * The ARN of the serverless cache.
   * @attribute
   */
  readonly serverlessCacheArn: string;
  /**
   * The endpoint address.
   * @attribute
   */
  readonly endpointAddress: string;
  /** The endpoint port (6379). */
  readonly endpointPort: number;
  /**
   * The reader endpoint address (reads from replicas, eventually consistent).
   * @attribute
   */
  readonly readerEndpointAddress?: string;
  /** The reader endpoint port (6380). */
  readonly readerEndpointPort: number;
  /** Always true: serverless caches accept TLS only. */
  readonly tlsEnabled: boolean;
  /** The secret holding the AUTH token, when there is one. */
  readonly authSecret?: secretsmanager.ISecret;

  /**
   * `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS` (true), `REDIS_URL` (`rediss://`), plus
   * `REDIS_READER_HOST` / `REDIS_READER_PORT` and `REDIS_CLUSTER_MODE` (true: serverless
   * endpoints speak the cluster protocol).
   */
  connectionEnvironment(): { [name: string]: string };

  /** Grants read access to the AUTH token secret. Throws when there is none. */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant;
}

/**
 * Attributes of an existing serverless cache, for `fromServerlessRedisAttributes()`.
 */
export interface AirDiscoveryServerlessRedisAttributes {
  /** The serverless cache name. */
  readonly serverlessCacheName: string;
  /** The endpoint address. */
  readonly endpointAddress: string;
  /**
   * The reader endpoint address.
   * @default - none
   */
  readonly readerEndpointAddress?: string;
  /** The security groups of the cache. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /**
   * The AUTH token secret (the `default` user's password).
   * @default - none
   */
  readonly authSecret?: secretsmanager.ISecret;
}

/** What created and imported serverless caches share. */
abstract class ServerlessRedisBase extends Resource implements IAirDiscoveryServerlessRedis {
  public abstract readonly serverlessCacheName: string;
  public abstract readonly endpointAddress: string;
  public abstract readonly readerEndpointAddress?: string;
  public abstract readonly authSecret?: secretsmanager.ISecret;
  public abstract readonly connections: ec2.Connections;
  public readonly endpointPort: number = SERVERLESS_ENDPOINT_PORT;
  public readonly readerEndpointPort: number = SERVERLESS_READER_ENDPOINT_PORT;
  public readonly tlsEnabled: boolean = true;

  public get serverlessCacheArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'serverlesscache',
      resourceName: storedLowerCase(this.serverlessCacheName),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public connectionEnvironment(): { [name: string]: string } {
    return {
      ...connectionEnvironmentOf(this.endpointAddress, this.endpointPort, this.tlsEnabled),
      ...(this.readerEndpointAddress
        ? { REDIS_READER_HOST: this.readerEndpointAddress, REDIS_READER_PORT: `${this.readerEndpointPort}` }
        : {}),
      REDIS_CLUSTER_MODE: 'true',
    };
  }

  public grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant {
    return grantReadSecret(this, this.authSecret, grantee);
  }
}

/**
 * An ElastiCache Serverless cache (Valkey or Redis OSS) with its security group, user group,
 * outputs and alarms: the serverless member of the family of `AirDiscoveryRedis`, with the
 * same presets, connection helpers, grants and probe (`IAirDiscoveryCache`).
 *
 * A serverless cache needs no node sizing and scales by itself; it always encrypts at rest
 * and in transit (TLS only), listens on 6379 (reads from replicas on 6380) and speaks the
 * cluster protocol. See docs/serverless.md for when to choose it over nodes.
 *
 * @resource AWS::ElastiCache::ServerlessCache
 */
export class AirDiscoveryServerlessRedis extends ServerlessRedisBase implements IAirDiscoveryCache {
  /**
   * Import an existing serverless cache.
   */
  public static fromServerlessRedisAttributes(
    scope: Construct, id: string, attrs: AirDiscoveryServerlessRedisAttributes,
  ): IAirDiscoveryServerlessRedis {
    class Import extends ServerlessRedisBase {
      public readonly serverlessCacheName = attrs.serverlessCacheName;
      public readonly endpointAddress = attrs.endpointAddress;
      public readonly readerEndpointAddress = attrs.readerEndpointAddress;
      public readonly authSecret = attrs.authSecret;
      public readonly connections = new ec2.Connections({
        securityGroups: attrs.securityGroups,
        defaultPort: ec2.Port.tcpRange(SERVERLESS_ENDPOINT_PORT, SERVERLESS_READER_ENDPOINT_PORT),
      });
    }
    return new Import(scope, id);
  }

  /** The serverless cache (escape hatch). Construct id `Resource`. */
  public readonly serverlessCache: elasticache.CfnServerlessCache;
  /** The security group. Construct id `SecurityGroup`. */
  public readonly securityGroup: ec2.SecurityGroup;
  /**
   * The user group, when authentication uses one (an AUTH token, RBAC or IAM). Construct id `UserGroup`.
   */
  public readonly userGroup?: elasticache.CfnUserGroup;
  /** The resolved configuration: the preset merged with the props. */
  public readonly configuration: ServerlessRedisConfiguration;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The subnets of the cache's endpoint. */
  public readonly subnets: ec2.ISubnet[];

  public readonly connections: ec2.Connections;
  public readonly serverlessCacheName: string;
  public readonly endpointAddress: string;
  public readonly readerEndpointAddress?: string;
  public readonly authSecret?: secretsmanager.ISecret;
  /** The JSON key of the AUTH token inside `authSecret`, when it is a JSON document. */
  public readonly authSecretJsonField?: string;

  /**
   * The cdk-nag findings this construct accepts on its own resources, each with its reason.
   */
  public readonly nagAcknowledgements: NagAcknowledgement[];

  /** The alarms and their SNS topic; undefined when alarms are off. Construct id `Monitoring`. */
  public readonly monitoring?: ServerlessRedisMonitoring;

  private readonly rotations: CacheSecretRotation;

  private readonly boundAuth: BoundAuthentication;
  private readonly users: BoundRedisUser[];
  private readonly acknowledgeNag: boolean;
  private readonly acknowledgeTradeOffs: boolean;
  private readonly secretsUseCustomerKey: boolean;
  private readonly rotationFromPreset: boolean;

  constructor(scope: Construct, id: string, props: AirDiscoveryServerlessRedisProps) {
    super(scope, id);
    // values a Python, Java or plain JavaScript caller (or a cast) can pass: judged before any default is merged
    const inputErrors = validateServerlessInputs(props);
    if (inputErrors.length > 0) {
      throw new Error(`invalid AirDiscoveryServerlessRedis configuration at ${this.node.path}:\n  - ${inputErrors.join('\n  - ')}`);
    }
    this.vpc = props.vpc;
    const preset = props.preset ?? RedisPreset.DEV;
    const p = SERVERLESS_PRESETS[preset];
    const authentication = props.authentication
      ?? (p.generatedAuthToken ? RedisAuthentication.generatedAuthToken() : RedisAuthentication.none());
    const maximumDataStorageGb = props.maximumDataStorage !== undefined ? gigabytes(props.maximumDataStorage) : p.maximumDataStorageGb;
    const removalPolicy = props.removalPolicy ?? p.removalPolicy;
    const serverlessCacheName = props.serverlessCacheName ?? generateReplicationGroupId(this);

    this.configuration = {
      preset,
      engine: props.engine ?? p.engine,
      serverlessCacheName,
      description: props.description ?? `Serverless Redis for AirDiscovery (${preset})`,
      minimumDataStorageGb: props.minimumDataStorage !== undefined ? gigabytes(props.minimumDataStorage) : undefined,
      maximumDataStorageGb,
      minimumEcpuPerSecond: props.minimumEcpuPerSecond,
      maximumEcpuPerSecond: props.maximumEcpuPerSecond ?? p.maximumEcpuPerSecond,
      authenticationMode: authentication.mode,
      snapshotRetention: props.snapshotRetention ?? p.snapshotRetention,
      dailySnapshotTime: props.dailySnapshotTime ?? p.dailySnapshotTime,
      removalPolicy,
      finalSnapshotName: removalPolicy === RemovalPolicy.SNAPSHOT
        ? props.finalSnapshotName ?? (Token.isUnresolved(serverlessCacheName) ? undefined : `${serverlessCacheName}-final`)
        : undefined,
      alarms: props.alarms ?? p.alarms,
    };
    const c = this.configuration;

    // ---- network -----------------------------------------------------------------
    const selection = props.vpcSubnets ?? { ...defaultSubnetSelection(props.vpc), onePerAz: true };
    const selected = props.vpc.selectSubnets(selection).subnets;
    // ElastiCache Serverless spreads its endpoint over 2-3 AZs (it picks 2 or 3 subnets itself when given none).
    this.subnets = props.vpcSubnets ? selected : selected.slice(0, MAX_DEFAULT_AZS);

    // ---- validation: every failing rule at once -------------------------------------
    const validationInput = {
      config: c,
      props,
      auth: authentication._describe(),
      subnets: this.subnets,
      resolve: (x: unknown) => Stack.of(this).resolve(x),
      isNoEchoParameter: (logicalId: string) => isNoEchoParameter(Stack.of(this), logicalId),
    };
    const errors = validateServerless(validationInput);
    if (errors.length > 0) {
      throw new Error(`invalid AirDiscoveryServerlessRedis configuration at ${this.node.path}:\n  - ${errors.join('\n  - ')}`);
    }
    for (const w of serverlessWarnings(validationInput)) {
      Annotations.of(this).addWarningV2(`@air-discovery/cdk-redis:${w.id}`, w.message);
    }

    this.serverlessCacheName = serverlessCacheName;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Serverless Redis ${serverlessCacheName}: inbound on the cache ports only, outbound blocked`,
      allowAllOutbound: false,
      disableInlineRules: false,
    });
    const ports = ec2.Port.tcpRange(SERVERLESS_ENDPOINT_PORT, SERVERLESS_READER_ENDPOINT_PORT);
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ports });
    if (props.allowFromVpcCidr ?? true) {
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(vpcCidr(props.vpc)), ports, 'Redis access from application subnets only (endpoint and reader endpoint)');
    }
    for (const peer of props.allowedPeers ?? []) {
      this.connections.allowDefaultPortFrom(peer, 'Redis access from an allowed peer');
    }

    // ---- authentication ------------------------------------------------------------------
    this.boundAuth = authentication._bind(this, { replicationGroupId: serverlessCacheName });
    this.secretsUseCustomerKey = authentication._describe().secretEncryption ?? false;
    this.authSecret = this.boundAuth.secret;
    this.authSecretJsonField = this.boundAuth.secretJsonField;
    this.users = [...this.boundAuth.users];
    this.userGroup = this.boundAuth.userGroup;
    let tokenUser: BoundRedisUser | undefined;
    if (this.boundAuth.authToken) {
      // Serverless caches have no AuthToken: the token becomes the password of the group's
      // `default` user, which is who `AUTH <token>` (no user name) authenticates as.
      const userId = elastiCacheId(`${serverlessCacheName}-default`, 40);
      const defaultUser = new elasticache.CfnUser(this, 'DefaultUser', {
        engine: USER_ENGINE,
        userId,
        userName: 'default',
        accessString: TOKEN_DEFAULT_USER_ACCESS_STRING,
        authenticationMode: { Type: 'password', Passwords: [this.boundAuth.authToken.unsafeUnwrap()] },
      });
      tokenUser = { userName: 'default', userId, authenticationType: RedisUserAuthenticationType.PASSWORD, resource: defaultUser };
      this.users.push(tokenUser);
      this.userGroup = new elasticache.CfnUserGroup(this, 'UserGroup', {
        engine: USER_ENGINE,
        userGroupId: elastiCacheId(`${serverlessCacheName}-users`, 40),
        userIds: [defaultUser.ref],
      });
    }

    // ---- the serverless cache ---------------------------------------------------------------
    const retentionDays = c.snapshotRetention.isUnresolved() ? undefined : c.snapshotRetention.toDays({ integral: false });
    const storage = c.minimumDataStorageGb !== undefined || c.maximumDataStorageGb !== undefined
      ? { unit: 'GB', minimum: c.minimumDataStorageGb, maximum: c.maximumDataStorageGb } : undefined;
    const ecpu = c.minimumEcpuPerSecond !== undefined || c.maximumEcpuPerSecond !== undefined
      ? { minimum: c.minimumEcpuPerSecond, maximum: c.maximumEcpuPerSecond } : undefined;
    this.serverlessCache = new elasticache.CfnServerlessCache(this, 'Resource', {
      serverlessCacheName,
      description: c.description,
      engine: c.engine.engine,
      majorEngineVersion: c.engine.majorVersion,
      cacheUsageLimits: storage || ecpu ? { dataStorage: storage, ecpuPerSecond: ecpu } : undefined,
      kmsKeyId: props.encryptionKey?.keyArn,
      securityGroupIds: [this.securityGroup.securityGroupId],
      subnetIds: this.subnets.map(s => s.subnetId),
      userGroupId: this.userGroup?.ref,
      snapshotRetentionLimit: retentionDays,
      dailySnapshotTime: retentionDays !== 0 ? c.dailySnapshotTime : undefined,
      finalSnapshotName: c.finalSnapshotName,
      snapshotArnsToRestore: props.snapshotArnsToRestore,
    });
    // SNAPSHOT is carried out by FinalSnapshotName: CloudFormation's DeletionPolicy Snapshot
    // does not cover AWS::ElastiCache::ServerlessCache.
    this.serverlessCache.applyRemovalPolicy(removalPolicy === RemovalPolicy.SNAPSHOT ? RemovalPolicy.DESTROY : removalPolicy);
    if (removalPolicy === RemovalPolicy.RETAIN || removalPolicy === RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE) {
      // A retained cache keeps what its clients cannot work without.
      const dependents: Array<{ applyRemovalPolicy(policy: RemovalPolicy): void } | undefined> = [
        this.securityGroup, this.userGroup, ...this.users.flatMap(u => [u.resource, u.secret]), this.boundAuth.generatedSecret,
      ];
      for (const d of dependents) d?.applyRemovalPolicy(removalPolicy);
    }

    this.endpointAddress = this.serverlessCache.attrEndpointAddress;
    this.readerEndpointAddress = this.serverlessCache.attrReaderEndpointAddress;

    // ---- secret rotation (src/rotation/, shared with AirDiscoveryRedis) ----------------------------
    // Every rotated secret is a user's password, so every rotation is a ModifyUser: the AUTH token is
    // the `default` user's; there is no replication group to modify.
    // created on the first generated secret: now, or the probe user's password (addProbe)
    this.rotations = new CacheSecretRotation(this, {
      wanted: props.rotation ?? preset === RedisPreset.PROD,
      requested: props.rotation,
      schedule: props.rotationSchedule,
      tokenLength: authentication._describe().tokenLength ?? 64,
      clusterMode: true,
      authTokenUser: tokenUser && { userName: tokenUser.userName, userId: tokenUser.userId, userArn: tokenUser.resource.attrArn },
      generatedAuthSecret: this.boundAuth.generatedSecret,
      users: this.users,
    }, rotation => acknowledgeLateRotation(rotation, this.nagAcknowledgements, this.acknowledgeTradeOffs, this.acknowledgeNag));
    this.rotationFromPreset = props.rotation === undefined;

    this.monitoring = ServerlessRedisMonitoring._create(this, c, props, this.metrics);
    if (props.outputs ?? true) {
      addCacheOutputs(this, props, [
        ['RedisEndpoint', this.endpointAddress, 'Address clients connect to (serverless endpoint, TLS, cluster protocol)'],
        ['RedisPort', this.serverlessCache.attrEndpointPort, 'Port clients connect to'],
        ['RedisClusterId', serverlessCacheName, 'Serverless cache name'],
        ['RedisReaderEndpoint', this.readerEndpointAddress, 'Reader endpoint (reads from replicas, eventually consistent)'],
        ['RedisReaderPort', this.serverlessCache.attrReaderEndpointPort, 'Reader endpoint port'],
      ]);
    }

    this.acknowledgeNag = props.acknowledgeNagFindings ?? true;
    // Trade-offs are the preset's: only acknowledged when the user chose the preset and opted in.
    this.acknowledgeTradeOffs = this.acknowledgeNag && props.preset !== undefined && (props.acknowledgePresetTradeOffs ?? false);
    if (props.acknowledgePresetTradeOffs && props.preset === undefined) {
      Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:tradeOffsWithoutPreset',
        'acknowledgePresetTradeOffs is true but no preset was given: trade-offs are acknowledged only for a preset you chose; pass preset: RedisPreset.DEV or RedisPreset.PROD');
    }
    this.nagAcknowledgements = this.nagTargets().map(t => ({ id: t.id, reason: t.reason, constructPath: t.target.node.path, kind: t.kind }));
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

  // ---- IAirDiscoveryCache ------------------------------------------------------------------

  /** The serverless cache name (`IAirDiscoveryCache`). */
  public get cacheName(): string {
    return this.serverlessCacheName;
  }

  /** The serverless cache ARN (`IAirDiscoveryCache`). */
  public get cacheArn(): string {
    return this.serverlessCacheArn;
  }

  /** Always true: serverless endpoints speak the cluster protocol. */
  public get clusterProtocol(): boolean {
    return true;
  }

  /** Always true. */
  public get serverless(): boolean {
    return true;
  }

  /** How clients authenticate. */
  public get authenticationMode(): AuthenticationMode {
    return this.configuration.authenticationMode;
  }

  /** The ElastiCache users of the user group (the `default` user included). */
  public get userNames(): string[] {
    return this.users.map(u => u.userName);
  }

  /** Whether the construct acknowledges its cdk-nag findings (`acknowledgeNagFindings`). */
  public get acknowledgesNagFindings(): boolean {
    return this.acknowledgeNag;
  }

  /**
   * Whether the construct also acknowledges the documented trade-offs (`acknowledgePresetTradeOffs`
   * with an explicit `preset`); the probe follows the same choice.
   */
  public get acknowledgesPresetTradeOffs(): boolean {
    return this.acknowledgeTradeOffs;
  }

  /**
   * Whether the user secrets are encrypted with a customer-managed KMS key.
   * @internal
   */
  public get _userSecretsUseCustomerKey(): boolean {
    return this.boundAuth.secretEncryptionKey !== undefined;
  }

  /**
   * Creates the probe's own user in the RBAC/IAM user group (serverless caches take user groups
   * too), with the given access string, under `scope`. Returns its user name. Its password rotates
   * with the other user secrets when `rotation` is on.
   * @internal
   */
  public _addProbeUser(scope: Construct, accessString: string): string {
    const user = addProbeUser(scope, {
      owner: this,
      cacheName: this.serverlessCacheName,
      userGroup: this.boundAuth.userGroup,
      users: this.users,
      iamMode: this.configuration.authenticationMode === AuthenticationMode.IAM,
      secretEncryptionKey: this.boundAuth.secretEncryptionKey,
      userEngine: USER_ENGINE,
    }, accessString);
    // its generated password rotates when `rotation` is on, even as the cache's only generated secret
    const rotated = this.rotations.addUserSecret(user);
    if (user.secret && !rotated && this.acknowledgeTradeOffs) {
      // Not rotated, like the other user secrets (the DEV rotation trade-off); its key findings are the probe's own.
      const acks = SERVERLESS_NAG_ACKNOWLEDGEMENTS
        .filter(r => r.target === 'userSecrets' && r.ids.includes('AwsSolutions-SMG4') && r.when(this.configuration, this.nagContext()))
        .flatMap(r => r.ids.map(id => ({ target: user.secret as unknown as Construct, id, reason: r.reason, kind: r.kind })));
      acknowledgeFindings(acks);
      this.nagAcknowledgements.push(...acks.map(a => ({ id: a.id, reason: a.reason, constructPath: a.target.node.path, kind: a.kind })));
    }
    return user.userName;
  }

  private get secretRotation(): RedisSecretRotation | undefined {
    return this.rotations.rotation;
  }

  /** The `AWS::ElastiCache::User` of a user (escape hatch), the `default` user included. */
  public userResource(userName: string): elasticache.CfnUser {
    return findUser(this, this.users, userName).resource;
  }

  public userSecret(userName: string): secretsmanager.ISecret {
    return userSecretOf(this, this.users, userName);
  }

  public grantConnect(grantee: iam.IGrantable, ...userNames: string[]): iam.Grant {
    return grantConnectTo(this, this.users, this.configuration.authenticationMode, this.serverlessCacheArn, grantee, userNames);
  }

  public ecsSecret(userName?: string): ecs.Secret {
    return ecsSecretOf(this, n => this.userSecret(n), userName);
  }

  /**
   * Wires a Lambda function to the cache: network access to ports 6379-6380, the connection
   * environment, and, when there is an AUTH token secret, `REDIS_AUTH_SECRET_ARN` plus read access.
   */
  public connectLambda(fn: lambda.IFunction): void {
    connectLambdaTo(this, fn, `connectLambda(${fn.node.path}): the AUTH token came as a SecretValue, so there is no secret to hand the function; use authTokenFromSecret() to let connectLambda pass it`);
  }

  public addProbe(id: string = 'Probe', options: RedisConnectivityProbeOptions = {}): RedisConnectivityProbe {
    return new RedisConnectivityProbe(this, id, { ...options, redis: this });
  }

  /** Acknowledges `nagAcknowledgements` on the construct's resources. Idempotent. */
  public applyNagAcknowledgements(): void {
    acknowledgeFindings(this.nagTargets());
    this.secretRotation?.acknowledge(this.acknowledgeTradeOffs);
  }

  // ---- metrics (serverless-metrics.ts) ---------------------------------------------------

  /** The cache's metrics (dimension `clusterId`). */
  public get metrics(): ServerlessRedisMetrics {
    return new ServerlessRedisMetrics({ serverlessCacheName: this.serverlessCacheName, scope: this });
  }

  /** An `AWS/ElastiCache` metric of this cache. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric(metricName, props);
  }

  /** `ElastiCacheProcessingUnits`, sum per minute. */
  public metricElastiCacheProcessingUnits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricElastiCacheProcessingUnits(props);
  }

  /** `BytesUsedForCache`, maximum per minute. */
  public metricBytesUsedForCache(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricBytesUsedForCache(props);
  }

  /** `ThrottledCmds`, sum per minute. */
  public metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricThrottledCmds(props);
  }

  /** `CacheHitRate`, percent. */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCacheHitRate(props);
  }

  /** `CurrConnections`, maximum per minute. */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCurrConnections(props);
  }

  /** `SuccessfulReadRequestLatency`, microseconds, p99. */
  public metricSuccessfulReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricSuccessfulReadRequestLatency(props);
  }

  /** `SuccessfulWriteRequestLatency`, microseconds, p99. */
  public metricSuccessfulWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricSuccessfulWriteRequestLatency(props);
  }

  private nagTargets(): Array<{ target: Construct; id: string; reason: string; kind: NagAcknowledgementKind }> {
    const targets: Record<string, Construct[]> = {
      authSecret: this.boundAuth.generatedSecret ? [this.boundAuth.generatedSecret] : [],
      userSecrets: this.users.map(u => u.secret as unknown as Construct).filter(s => s !== undefined),
    };
    const ctx = this.nagContext();
    return [
      ...SERVERLESS_NAG_ACKNOWLEDGEMENTS
        .filter(rule => rule.kind === NagAcknowledgementKind.CONTROL_MET || this.acknowledgeTradeOffs)
        .filter(rule => rule.when(this.configuration, ctx))
        .flatMap(rule => (targets[rule.target] ?? []).flatMap(target => rule.ids.map(id => ({ target, id, reason: rule.reason, kind: rule.kind })))),
      // the rotation function's own resources (the node-based construct's acknowledgements)
      ...this.secretRotation?.nagTargets(this.acknowledgeTradeOffs) ?? [],
    ];
  }

  private nagContext(): ServerlessNagContext {
    return {
      secretsUseCustomerKey: this.secretsUseCustomerKey,
      rotation: this.secretRotation !== undefined,
      rotationFromPreset: this.rotationFromPreset,
    };
  }
}

/** The engine of the users and user groups: `redis` on Valkey caches too (see auth.ts). */
const USER_ENGINE = 'redis';

/** At most this many AZs in the default subnet selection (ElastiCache Serverless uses 2-3). */
const MAX_DEFAULT_AZS = 3;

/** Whole GB of a Size (CloudFormation's unit), or the fractional value for validation to reject. */
function gigabytes(size: Size): number {
  return size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
}

