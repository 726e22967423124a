import { Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { ClusterMode } from '../configuration';
import { NagAcknowledgementKind } from '../nag';
import { FUNCTION_NAG_ACKNOWLEDGEMENTS, acknowledgeFindings } from '../private/nag';
import { defaultSubnetSelection } from '../private/subnets';
import type { AirDiscoveryRedis } from '../redis';
import { RotationFunction } from './rotation-function';

/** @internal */
export interface RedisSecretRotationProps {
  readonly redis: AirDiscoveryRedis;
  /** `auth-token` or `user`. */
  readonly kind: 'auth-token' | 'user';
  readonly schedule: Duration;
  readonly tokenLength: number;
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
    const redis = props.redis;
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
    redis.connections.allowDefaultPortFrom(fn, `Redis access from ${fn.node.path} (testSecret)`);
    for (const [k, v] of Object.entries(redis.connectionEnvironment())) fn.addEnvironment(k, v);
    fn.addEnvironment('REDIS_CLUSTER_MODE', `${redis.configuration.clusterMode === ClusterMode.ENABLED}`);
    fn.addEnvironment('REDIS_REPLICATION_GROUP_ID', redis.replicationGroupId);
    fn.addEnvironment('ROTATION_KIND', props.kind);
    fn.addEnvironment('ROTATION_LENGTH', `${props.tokenLength}`);
    if (props.kind === 'user') {
      fn.addEnvironment('ROTATION_USER_IDS', Lazy.string({ produce: () => Stack.of(this).toJsonString(this.userIds) }));
    } else {
      fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
        resources: [redis.replicationGroupArn],
      }));
    }
  }

  /** Rotates `secret` on the schedule (a user secret: `userName`'s, with `userId` and the user's ARN). */
  public addSecret(secret: secretsmanager.ISecret, user?: { userName: string; userId: string; userArn: string }): void {
    if (!(secret instanceof secretsmanager.Secret)) return;
    if (user) {
      this.userIds[user.userName] = user.userId;
      this.lambdaFunction.addToRolePolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'],
        resources: [user.userArn],
      }));
    }
    secret.addRotationSchedule('Rotation', { rotationLambda: this.lambdaFunction, automaticallyAfter: this.schedule });
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
