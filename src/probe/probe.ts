import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { AuthenticationMode } from '../auth';
import { ClusterMode } from '../configuration';
import { NagAcknowledgement } from '../nag';
import { PROBE_NAG_ACKNOWLEDGEMENTS, acknowledgeFindings } from '../private/nag';
import { defaultSubnetSelection } from '../private/subnets';
import type { AirDiscoveryRedis } from '../redis';
import { ProbeFunction } from './probe-function';

/**
 * Options of a `RedisConnectivityProbe` (for `AirDiscoveryRedis.addProbe()`).
 */
export interface RedisConnectivityProbeOptions {
  /**
   * How long each step (TCP connect, TLS handshake, AUTH, every command) may
   * take before the probe answers DOWN with reason `TIMEOUT`.
   *
   * @default Duration.seconds(5)
   */
  readonly stepTimeout?: Duration;

  /**
   * The function's timeout. A load run stops one second before it and answers
   * with what it measured.
   *
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;

  /**
   * The function's memory in MiB. Lambda allocates CPU in proportion
   * (1769 MiB is one vCPU, up to 6 vCPUs at 10240 MiB), which bounds what
   * load mode can measure: load mode runs one thread per vCPU, and its
   * answer says when the probe's own CPU was the limit. To verify
   * cache.t3.micro's 50k SET/s and 80k GET/s, use 3538 MiB or more.
   *
   * @default 1024
   */
  readonly memorySizeMiB?: number;

  /**
   * The RBAC or IAM user the probe authenticates as. Ignored without RBAC or IAM
   * authentication. The user's access string must allow `~<keyPrefix>*` and
   * `+ping +set +get +del +info` (plus `+cluster|info +cluster|slots` in cluster mode).
   *
   * @default - RBAC: the first user with a password; IAM: the first IAM-enabled user
   */
  readonly userName?: string;

  /**
   * The JSON field of the AUTH token secret that holds the token, when the
   * token came from `RedisAuthentication.authTokenFromSecret(secret, jsonField)`.
   *
   * @default - the cache's `authSecretJsonField` (the field given to `authTokenFromSecret`); else the secret
   * string itself, or its `password` field when it is JSON
   */
  readonly authSecretJsonField?: string;

  /**
   * Prefix of every key the probe writes (each with a 60-second TTL, deleted at the end).
   *
   * @default 'probe:'
   */
  readonly keyPrefix?: string;

  /**
   * The subnets of the function. They need a route to Secrets Manager when the
   * probe reads a secret (a NAT gateway, or an interface VPC endpoint).
   *
   * @default - the VPC's private subnets with egress; its isolated subnets when there are none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Retention of the function's log group (one JSON line per run).
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Properties of a `RedisConnectivityProbe`.
 */
export interface RedisConnectivityProbeProps extends RedisConnectivityProbeOptions {
  /**
   * The cache to probe.
   */
  readonly redis: AirDiscoveryRedis;
}

/**
 * A Lambda function in the cache's VPC that checks the cache the way an
 * application reaches it: same endpoint, port, TLS, authentication and
 * cluster mode.
 *
 * Invoke it with `{}` (health: PING, SET/GET/DEL of a probe key, INFO; answers
 * `{ "redis": "UP" | "DOWN", "reason", "hint", ... }`) or with
 * `{ "mode": "load", "requests": 10000, "clients": 100 }` (SET/GET ops/s and
 * p50/p99 latency, like `redis-benchmark -c 100 -n 10000 -t set,get`).
 * See docs/probe.md.
 *
 * The function's security group allows outbound traffic only to the cache's
 * port and, when the probe reads a secret, to HTTPS (Secrets Manager).
 */
export class RedisConnectivityProbe extends Construct implements ec2.IConnectable {
  /** The probe function. Construct id `Function`. */
  public readonly lambdaFunction: lambda.Function;
  /** The function's security group. Construct id `SecurityGroup`. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The function's log group. Construct id `LogGroup`. */
  public readonly logGroup: logs.LogGroup;
  /** The function's network connections. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: RedisConnectivityProbeProps) {
    super(scope, id);
    const redis = props.redis;
    const vpc = redis.vpc;
    const stepTimeout = props.stepTimeout ?? Duration.seconds(5);
    const timeout = props.timeout ?? Duration.minutes(1);
    if (!stepTimeout.isUnresolved() && !timeout.isUnresolved() && stepTimeout.toMilliseconds() * 4 > timeout.toMilliseconds()) {
      throw new Error(`RedisConnectivityProbe ${this.node.path}: timeout (${timeout.toHumanString()}) must be at least 4 × stepTimeout (${stepTimeout.toHumanString()}) so that a DOWN answer arrives before Lambda stops the function`);
    }

    const vpcSubnets = props.vpcSubnets ?? defaultSubnetSelection(vpc);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Connectivity probe of ${redis.node.path}: outbound to the Redis port only`,
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup] });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.lambdaFunction = new ProbeFunction(this, 'Function', {
      description: `Connectivity probe of ${redis.node.path} (health and load modes)`,
      vpc,
      vpcSubnets,
      securityGroups: [this.securityGroup],
      architecture: lambda.Architecture.ARM_64,
      timeout,
      memorySize: props.memorySizeMiB ?? 1024,
      logGroup: this.logGroup,
    });
    const fn = this.lambdaFunction;

    // Network, REDIS_HOST/PORT/TLS/URL, and the AUTH token secret (ARN + read).
    redis.connectLambda(fn);
    fn.addEnvironment('REDIS_CLUSTER_MODE', `${redis.configuration.clusterMode === ClusterMode.ENABLED}`);
    fn.addEnvironment('REDIS_AUTH_MODE', redis.configuration.authenticationMode);
    fn.addEnvironment('REDIS_TIMEOUT_MS', `${stepTimeout.toMilliseconds()}`);
    fn.addEnvironment('REDIS_PROBE_KEY_PREFIX', props.keyPrefix ?? 'probe:');

    let readsSecret = false;
    switch (redis.configuration.authenticationMode) {
      case AuthenticationMode.AUTH_TOKEN:
        if (!redis.authSecret) {
          throw new Error(redis.globalDatastore
            ? `RedisConnectivityProbe ${this.node.path}: ${redis.node.path} is a Global Datastore secondary whose primary did not generate its AUTH token secret, so there is no replica in this region to read: probe the primary`
            : `RedisConnectivityProbe ${this.node.path}: the AUTH token of ${redis.node.path} is a SecretValue the probe cannot read at run time; use RedisAuthentication.generatedAuthToken() or authTokenFromSecret()`);
        }
        if (props.authSecretJsonField) fn.addEnvironment('REDIS_AUTH_SECRET_JSON_FIELD', props.authSecretJsonField);
        readsSecret = true;
        break;
      case AuthenticationMode.RBAC: {
        const userName = props.userName ?? firstUser(redis, n => redis.userSecret(n), 'password user');
        const secret = redis.userSecret(userName);
        secret.grantRead(fn);
        fn.addEnvironment('REDIS_USER', userName);
        fn.addEnvironment('REDIS_USER_SECRET_ARN', secret.secretArn);
        readsSecret = true;
        break;
      }
      case AuthenticationMode.IAM: {
        // grantConnect throws, before granting anything, for a user that is not IAM-enabled
        const connect = (n: string) => redis.grantConnect(fn, n);
        const userName = props.userName ?? firstUser(redis, connect, 'IAM-enabled user');
        if (props.userName !== undefined) connect(userName);
        fn.addEnvironment('REDIS_USER', userName);
        fn.addEnvironment('REDIS_REPLICATION_GROUP_ID', redis.replicationGroupId);
        break;
      }
      default:
        break;
    }

    if (readsSecret) {
      this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager API (HTTPS)');
      const subnets = vpc.selectSubnets(vpcSubnets).subnets;
      if (subnets.length > 0 && subnets.every(s => vpc.isolatedSubnets.includes(s))) {
        Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:probeIsolatedSubnets',
          'the probe reads its secret from Secrets Manager but runs in isolated subnets: add an interface VPC endpoint for Secrets Manager (vpc.addInterfaceEndpoint(\'SecretsManager\', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER })) or the probe answers DOWN with SECRET_UNAVAILABLE');
      }
    }
    if (redis.acknowledgesNagFindings) this.applyNagAcknowledgements();
  }

  /**
   * The cdk-nag findings on the probe's own resources that it accepts, each with its reason.
   */
  public get nagAcknowledgements(): NagAcknowledgement[] {
    return this.nagTargets().map(({ target, id, reason }) => ({ id, reason, constructPath: target.node.path }));
  }

  /**
   * Acknowledges `nagAcknowledgements` on the probe's resources (done by the
   * constructor unless the cache has `acknowledgeNagFindings: false`).
   */
  public applyNagAcknowledgements(): void {
    acknowledgeFindings(this.nagTargets());
  }

  private nagTargets(): Array<{ target: IConstruct; id: string; reason: string }> {
    const targets: { [t: string]: IConstruct[] } = {
      probeFunction: [this.lambdaFunction],
      probeRole: this.lambdaFunction.role ? [this.lambdaFunction.role] : [],
      probeLogGroup: [this.logGroup],
    };
    return PROBE_NAG_ACKNOWLEDGEMENTS.flatMap(rule => (targets[rule.target] ?? [])
      .flatMap(target => rule.ids.map(id => ({ target, id, reason: rule.reason }))));
  }

  /**
   * Grants permission to invoke the probe.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.lambdaFunction.grantInvoke(grantee);
  }
}

/** The first non-default user for which `check` does not throw. */
function firstUser(redis: AirDiscoveryRedis, check: (userName: string) => unknown, what: string): string {
  const candidates = redis.userNames.filter(n => n !== 'default');
  for (const name of candidates) {
    try {
      check(name);
      return name;
    } catch {
      // not that kind of user
    }
  }
  throw new Error(`RedisConnectivityProbe: ${redis.node.path} has no ${what} for the probe (users: ${candidates.join(', ') || 'none'}); add one or pass userName`);
}
