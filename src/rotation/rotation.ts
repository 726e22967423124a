import { Annotations, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { NagAcknowledgement, NagAcknowledgementKind } from '../nag';
import { RotationFunction } from './rotation-function';
import { BoundRedisUser } from '../private/auth-types';
import { FUNCTION_NAG_ACKNOWLEDGEMENTS, acknowledgeFindings } from '../private/nag';
import { defaultSubnetSelection } from '../private/subnets';

/**
 * What the rotation needs of a cache: `AirDiscoveryRedis` and `AirDiscoveryServerlessRedis` both are one.
 * @internal
 */
export interface RotatedCache extends IConstruct, ec2.IConnectable {
  readonly vpc: ec2.IVpc;
  readonly connections: ec2.Connections;
  connectionEnvironment(): { [name: string]: string };
}

/** An ElastiCache user whose password a secret holds. @internal */
export interface RotatedUser {
  readonly userName: string;
  readonly userId: string;
  readonly userArn: string;
}

/** @internal */
export interface RedisSecretRotationProps {
  readonly cache: RotatedCache;
  /** `auth-token` or `user`. */
  readonly kind: 'auth-token' | 'user';
  readonly schedule: Duration;
  readonly tokenLength: number;
  /** Whether clients use the cluster protocol (the connection test's client). */
  readonly clusterMode: boolean;
  /** Node-based `auth-token`: the replication group whose AUTH token rotates (ModifyReplicationGroup). */
  readonly replicationGroup?: { readonly id: string; readonly arn: string };
  /** Serverless `auth-token`: the user whose password the token is (its `default` user, ModifyUser). */
  readonly authTokenUser?: RotatedUser;
}

/** @internal */
export interface SecretRotationOptions extends Omit<RedisSecretRotationProps, 'cache' | 'kind' | 'schedule'> {
  /** `rotation` as resolved (the prop, else the preset's choice). */
  readonly wanted: boolean;
  /** `rotation` as given (a warning when true and there is nothing to rotate). */
  readonly requested?: boolean;
  readonly schedule?: Duration;
  /** The AUTH token secret, when the construct generated it. */
  readonly generatedAuthSecret?: secretsmanager.Secret;
  /** The cache's users: those whose secret the construct generated rotate. */
  readonly users: BoundRedisUser[];
}

const NOTHING_TO_ROTATE = '@air-discovery/cdk-redis:nothingToRotate';

/**
 * The rotation of a cache's generated secrets (construct id `Rotation` under `cache`): when `rotation` is
 * on, the `RedisSecretRotation` is created on the first secret the construct generates, at construction
 * (the AUTH token, the users' passwords) or later (the probe user's password, `addUserSecret`). When the
 * user asked for rotation and nothing is rotated, the `nothingToRotate` warning: given at construction,
 * withdrawn when a secret added later rotates after all, so that it stands only if nothing was rotated.
 * @internal
 */
export class CacheSecretRotation {
  private current?: RedisSecretRotation;

  /**
   * @param onCreate called once, when the `RedisSecretRotation` is created after the cache's constructor
   * (`addUserSecret`): the cache records and applies its acknowledgements then.
   */
  constructor(private readonly cache: RotatedCache, private readonly o: SecretRotationOptions,
    private readonly onCreate?: (rotation: RedisSecretRotation) => void) {
    if (o.wanted) {
      if (o.generatedAuthSecret) this.ensure().addSecret(o.generatedAuthSecret);
      for (const u of o.users) this.addUser(u);
    }
    if (o.requested === true && this.current === undefined) {
      // Given now, not at synth: a warning added at synth escapes the documented
      // `Annotations.of(cache).acknowledgeWarning(id)` (CDK matches acknowledgements on the node's
      // ancestors only, and removes the warnings already there). Withdrawn by addUserSecret.
      Annotations.of(cache).addWarningV2(NOTHING_TO_ROTATE,
        'rotation is on but the construct generated no secret to rotate (a secret you pass in, IAM users or no authentication): rotate your own secret with your own rotation function');
    }
  }

  /** The rotation, once a generated secret rotates; else undefined. */
  public get rotation(): RedisSecretRotation | undefined {
    return this.current;
  }

  /**
   * Rotates the generated password of a user added after the cache's constructor (the probe's), when
   * `rotation` is on, creating the rotation if it is the first generated secret. Returns whether it rotates.
   */
  public addUserSecret(user: BoundRedisUser): boolean {
    if (!this.o.wanted) return false;
    const existed = this.current !== undefined;
    const rotates = this.addUser(user);
    if (rotates && !existed) {
      if (this.o.requested === true) {
        // no longer true: withdraw the construction-time warning (acknowledgeWarning removes it from the cache)
        Annotations.of(this.cache).acknowledgeWarning(NOTHING_TO_ROTATE, `the generated password of user ${user.userName} rotates`);
      }
      this.onCreate?.(this.current!);
    }
    return rotates;
  }

  private addUser(u: BoundRedisUser): boolean {
    // only the secrets the construct generated (a secret passed in is the user's to rotate)
    if (!(u.secret instanceof secretsmanager.Secret)) return false;
    this.ensure().addSecret(u.secret, { userName: u.userName, userId: u.userId, userArn: u.resource.attrArn });
    return true;
  }

  private ensure(): RedisSecretRotation {
    this.current ??= new RedisSecretRotation(this.cache, 'Rotation', {
      ...this.o, cache: this.cache, kind: this.o.generatedAuthSecret ? 'auth-token' : 'user', schedule: this.o.schedule ?? Duration.days(30),
    });
    return this.current;
  }
}

/**
 * A rotation created after the cache's constructor (the probe user's password is the first generated
 * secret): its function's findings are recorded in the cache's `nagAcknowledgements`, and acknowledged when
 * the cache acknowledges its own (`apply`), as for a rotation created with the cache.
 * @internal
 */
export function acknowledgeLateRotation(
  rotation: RedisSecretRotation, acknowledgements: NagAcknowledgement[], tradeOffs: boolean, apply: boolean,
): void {
  for (const t of rotation.nagTargets(tradeOffs)) {
    acknowledgements.push({ id: t.id, reason: t.reason, constructPath: t.target.node.path, kind: t.kind });
  }
  if (apply) rotation.acknowledge(tradeOffs);
}

/**
 * The Secrets Manager rotation of a cache's AUTH token or RBAC user passwords: one function
 * (src/rotation/rotation.lambda.ts) in the cache's VPC, and a rotation schedule on every secret the
 * construct generated. Construct id `Rotation` under the cache.
 * @internal
 */
export class RedisSecretRotation extends Construct {
  public readonly lambdaFunction: lambda.Function;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  private readonly userIds: { [userName: string]: string } = {};
  private readonly schedule: Duration;

  constructor(scope: Construct, id: string, props: RedisSecretRotationProps) {
    super(scope, id);
    const redis = props.cache;
    this.schedule = props.schedule;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: redis.vpc,
      description: `Secret rotation of ${redis.node.path}: outbound to the Redis port and HTTPS (Secrets Manager, ElastiCache APIs)`,
      allowAllOutbound: false,
    });
    // ModifyReplicationGroup / ModifyUser and Secrets Manager are regional APIs: HTTPS through the NAT or endpoints
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager and ElastiCache APIs (HTTPS)');
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    this.lambdaFunction = new RotationFunction(this, 'Function', {
      description: `Secrets Manager rotation of the ${props.kind === 'auth-token' ? 'AUTH token' : 'user passwords'} of ${redis.node.path}`,
      vpc: redis.vpc,
      vpcSubnets: defaultSubnetSelection(redis.vpc),
      securityGroups: [this.securityGroup],
      architecture: lambda.Architecture.ARM_64,
      // setSecret waits for the group (or user) to be available again after the modification
      timeout: Duration.minutes(15),
      memorySize: 256,
      logGroup: this.logGroup,
    });
    const fn = this.lambdaFunction;
    // the cache's ports (6379-6380 for a serverless cache)
    redis.connections.allowDefaultPortFrom(fn, `Redis access from ${fn.node.path} (testSecret)`);
    for (const [k, v] of Object.entries(redis.connectionEnvironment())) fn.addEnvironment(k, v);
    fn.addEnvironment('REDIS_CLUSTER_MODE', `${props.clusterMode}`);
    if (props.replicationGroup) fn.addEnvironment('REDIS_REPLICATION_GROUP_ID', props.replicationGroup.id);
    fn.addEnvironment('ROTATION_KIND', props.kind);
    fn.addEnvironment('ROTATION_LENGTH', `${props.tokenLength}`);
    if (props.kind === 'user') {
      fn.addEnvironment('ROTATION_USER_IDS', Lazy.string({ produce: () => Stack.of(this).toJsonString(this.userIds) }));
    } else if (props.authTokenUser) {
      // a serverless cache's AUTH token: its `default` user's password, rotated with ModifyUser
      fn.addEnvironment('ROTATION_AUTH_TOKEN_USER_ID', props.authTokenUser.userId);
      this.grantModifyUser(props.authTokenUser.userArn);
    } else if (props.replicationGroup) {
      fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        resources: [props.replicationGroup.arn],
      }));
    } else {
      throw new Error(`${redis.node.path}: an AUTH token rotation needs the replication group or the token's user`);
    }
  }

  /** Rotates `secret` on the schedule (a user secret: `userName`'s, with `userId` and the user's ARN). */
  public addSecret(secret: secretsmanager.ISecret, user?: RotatedUser): void {
    if (!(secret instanceof secretsmanager.Secret)) return;
    if (user) {
      this.userIds[user.userName] = user.userId;
      this.grantModifyUser(user.userArn);
    }
    secret.addRotationSchedule('Rotation', { rotationLambda: this.lambdaFunction, automaticallyAfter: this.schedule });
  }

  private grantModifyUser(userArn: string): void {
    this.lambdaFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
      resources: [userArn],
    }));
  }

  /** The findings on the function's own resources (CDK boilerplate met; trade-offs when the cache opts in). */
  public nagTargets(tradeOffs: boolean): Array<{ target: IConstruct; id: string; reason: string; kind: NagAcknowledgementKind }> {
    const targets: { [t: string]: IConstruct[] } = {
      rotationFunction: [this.lambdaFunction],
      rotationRole: this.lambdaFunction.role ? [this.lambdaFunction.role] : [],
      rotationLogGroup: [this.logGroup],
    };
    return FUNCTION_NAG_ACKNOWLEDGEMENTS
      .filter(rule => rule.kind === NagAcknowledgementKind.CONTROL_MET || tradeOffs)
      .flatMap(rule => (targets[rule.target] ?? []).flatMap(target => rule.ids.map(id => ({ target, id, reason: rule.reason, kind: rule.kind }))));
  }

  public acknowledge(tradeOffs: boolean): void {
    acknowledgeFindings(this.nagTargets(tradeOffs));
  }
}
