import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { AuthenticationMode } from '../auth';
import type { IAirDiscoveryCache } from '../cache';
import { NagAcknowledgement, NagAcknowledgementKind } from '../nag';
import { ProbeFunction } from './probe-function';
import { PROBE_OPTION_RULES } from './probe-options';
import { FUNCTION_NAG_ACKNOWLEDGEMENTS, acknowledgeFindings } from '../private/nag';
import { ProbeTargetInternals, probeTargetInternals } from '../private/probe-user';
import { withPythonNames } from '../private/python-names';
import { defaultSubnetSelection } from '../private/subnets';

/** Every failing probe-option rule's message (with the Python spellings of the options). */
function validateProbeOptions(o: RedisConnectivityProbeOptions): string[] {
  return PROBE_OPTION_RULES.filter(r => r.condition(o)).map(r => withPythonNames(r.message(o)));
}

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
   * An existing RBAC or IAM user for the probe to authenticate as. Ignored without RBAC or IAM
   * authentication. The user's access string must allow `~<keyPrefix>*` and
   * `+ping +set +get +del +info` (plus `+cluster|info +cluster|slots` in cluster mode).
   *
   * @default - a dedicated user the construct adds to the user group, limited to
   * `~<keyPrefix>*` and the probe's commands (RBAC: user `air-discovery-probe` with a generated
   * password in Secrets Manager; IAM: user `<replicationGroupId>-probe`, or `<serverlessCacheName>-probe` for a
   * serverless cache), so that the probe never holds an application user's credentials
   */
  readonly userName?: string;

  /**
   * Whether the probe answers load-mode events (`{ "mode": "load" }`). Load mode refuses to run when
   * its keys would not fit well inside the cache's memory headroom, caps its bytes in flight and puts a
   * TTL on every key; turn it off where nobody should be able to generate load through the probe.
   *
   * @default true
   */
  readonly loadMode?: boolean;

  /**
   * The interface VPC endpoint for Secrets Manager the probe reaches its secret through: its
   * security group then allows HTTPS to that endpoint only.
   *
   * @default - an interface endpoint for Secrets Manager (private DNS on) defined for the cache's VPC in
   * the same stack, when there is one; else `secretsManagerPrefixList`; else HTTPS to anywhere (through
   * the subnets' NAT), with a warning
   */
  readonly secretsManagerEndpoint?: ec2.IInterfaceVpcEndpoint;

  /**
   * A managed prefix list holding the addresses the probe reaches Secrets Manager at (for example
   * a prefix list your network team maintains for the regional endpoint): HTTPS egress is limited to it.
   * Ignored when an interface endpoint is used.
   *
   * @default - see `secretsManagerEndpoint`
   */
  readonly secretsManagerPrefixList?: ec2.IPrefixList;

  /**
   * The JSON field of the AUTH token secret that holds the token, when the
   * token came from `RedisAuthentication.authTokenFromSecret(secret, jsonField)`.
   *
   * @default - the cache's `authSecretJsonField` (the field given to `authTokenFromSecret`); else the secret
   * string itself, or its `password` field when it is JSON
   */
  readonly authSecretJsonField?: string;

  /**
   * Prefix of every key the probe writes (each with a 60-second TTL from its first write, deleted at
   * the end). Letters, digits and `: _ . -`, up to 64 characters (it goes into the probe user's ACL).
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
   * The cache to probe: node-based (`AirDiscoveryRedis`) or serverless (`AirDiscoveryServerlessRedis`).
   */
  readonly redis: IAirDiscoveryCache;
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

  private readonly redis: IAirDiscoveryCache;
  private readonly redisUsesAwsManagedUserKey: boolean;

  constructor(scope: Construct, id: string, props: RedisConnectivityProbeProps) {
    super(scope, id);
    const redis = props.redis;
    this.redis = redis;
    // this library's caches can add a dedicated probe user; another IAirDiscoveryCache implementation cannot
    const internals: ProbeTargetInternals | undefined = probeTargetInternals(redis);
    this.redisUsesAwsManagedUserKey = internals ? !internals._userSecretsUseCustomerKey : false;
    const vpc = redis.vpc;
    const optionErrors = validateProbeOptions(props);
    if (optionErrors.length > 0) {
      throw new Error(`invalid RedisConnectivityProbe options at ${this.node.path}:\n  - ${optionErrors.join('\n  - ')}`);
    }
    const stepTimeout = props.stepTimeout ?? Duration.seconds(5);
    const timeout = props.timeout ?? Duration.minutes(1);
    if (!stepTimeout.isUnresolved() && !timeout.isUnresolved() && stepTimeout.toMilliseconds() * 4 > timeout.toMilliseconds()) {
      throw new Error(`RedisConnectivityProbe ${this.node.path}: timeout (${timeout.toHumanString()}) must be at least 4 × stepTimeout (${stepTimeout.toHumanString()}) so that a DOWN answer arrives before Lambda stops the function`);
    }

    const vpcSubnets = props.vpcSubnets ?? defaultSubnetSelection(vpc);
    // A selection without subnets would synthesize a function with a security group and `SubnetIds: []`, which
    // cannot reach a cache in the VPC: refused here rather than at deploy.
    const subnets = vpc.selectSubnets(vpcSubnets).subnets;
    if (subnets.length === 0) {
      throw new Error(`RedisConnectivityProbe ${this.node.path}: vpcSubnets selects no subnet of ${vpc.node.path}; the probe's function must run `
        + 'in the cache\'s VPC: select at least one subnet that reaches the cache, e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }');
    }
    const keyPrefix = props.keyPrefix ?? 'probe:';
    if (!Token.isUnresolved(keyPrefix) && !/^[A-Za-z0-9:_.-]{1,64}$/.test(keyPrefix)) {
      throw new Error(`RedisConnectivityProbe ${this.node.path}: keyPrefix '${keyPrefix}' must be 1-64 letters, digits or ': _ . -' (it becomes the probe user's key pattern ~${keyPrefix}*)`);
    }
    const clusterMode = redis.clusterProtocol;

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
    fn.addEnvironment('REDIS_CLUSTER_MODE', `${redis.clusterProtocol}`);
    fn.addEnvironment('REDIS_AUTH_MODE', redis.authenticationMode);
    fn.addEnvironment('REDIS_TIMEOUT_MS', `${stepTimeout.toMilliseconds()}`);
    fn.addEnvironment('REDIS_PROBE_KEY_PREFIX', keyPrefix);
    if (props.loadMode === false) fn.addEnvironment('REDIS_PROBE_LOAD_MODE', 'disabled');
    // The probe's own user: its key prefix and the commands it runs, nothing else.
    const probeAccess = `on ~${keyPrefix}* -@all +ping +set +get +del +info${clusterMode ? ' +cluster|info +cluster|slots' : ''}`;
    // grantConnect throws, before granting anything, for a user that is not IAM-enabled
    const connect = (n: string) => redis.grantConnect(fn, n);
    const probeUser = (what: string, check: (userName: string) => unknown): string => internals
      ? internals._addProbeUser(this, probeAccess)
      : firstUser(redis, check, what);

    let readsSecret = false;
    switch (redis.authenticationMode) {
      case AuthenticationMode.AUTH_TOKEN:
        if (!redis.authSecret) {
          throw new Error('globalDatastore' in redis && redis.globalDatastore !== undefined
            ? `RedisConnectivityProbe ${this.node.path}: ${redis.node.path} is a Global Datastore secondary whose primary did not generate its AUTH token secret, so there is no replica in this region to read: probe the primary`
            : `RedisConnectivityProbe ${this.node.path}: the AUTH token of ${redis.node.path} is a SecretValue the probe cannot read at run time; use RedisAuthentication.generatedAuthToken() or authTokenFromSecret()`);
        }
        if (props.authSecretJsonField) fn.addEnvironment('REDIS_AUTH_SECRET_JSON_FIELD', props.authSecretJsonField);
        readsSecret = true;
        break;
      case AuthenticationMode.RBAC: {
        const userName = props.userName ?? probeUser('password user', n => redis.userSecret(n));
        const secret = redis.userSecret(userName);
        secret.grantRead(fn);
        fn.addEnvironment('REDIS_USER', userName);
        fn.addEnvironment('REDIS_USER_SECRET_ARN', secret.secretArn);
        readsSecret = true;
        break;
      }
      case AuthenticationMode.IAM: {
        const userName = props.userName ?? probeUser('IAM-enabled user', connect);
        connect(userName);
        fn.addEnvironment('REDIS_USER', userName);
        fn.addEnvironment('REDIS_REPLICATION_GROUP_ID', redis.cacheName);
        // IAM tokens for a serverless cache are signed with ResourceType=ServerlessCache (user guide, "Authenticating with IAM")
        if (redis.serverless) fn.addEnvironment('REDIS_IAM_RESOURCE_TYPE', 'ServerlessCache');
        break;
      }
      default:
        break;
    }

    if (readsSecret) {
      const endpoint = props.secretsManagerEndpoint ?? findSecretsManagerEndpoint(vpc);
      if (endpoint) {
        this.connections.allowTo(endpoint, ec2.Port.tcp(443), 'Secrets Manager interface endpoint (HTTPS)');
      } else if (props.secretsManagerPrefixList) {
        this.securityGroup.addEgressRule(ec2.Peer.prefixList(props.secretsManagerPrefixList.prefixListId), ec2.Port.tcp(443), 'Secrets Manager (HTTPS, prefix list)');
      } else {
        this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager API (HTTPS)');
        Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:probeHttpsToAnywhere',
          'the probe reads its secret from Secrets Manager over HTTPS to any address (through the NAT): add an interface VPC endpoint for Secrets Manager to the VPC (the probe then uses it alone) or pass secretsManagerEndpoint / secretsManagerPrefixList');
      }
      // Lambda runs the function in any of its subnets: one isolated subnet is enough for some runs to fail
      if (!endpoint && subnets.some(s => vpc.isolatedSubnets.includes(s))) {
        Annotations.of(this).addWarningV2('@air-discovery/cdk-redis:probeIsolatedSubnets',
          'the probe reads its secret from Secrets Manager but runs in isolated subnets: add an interface VPC endpoint for Secrets Manager (vpc.addInterfaceEndpoint(\'SecretsManager\', { service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER })) or the probe answers DOWN with SECRET_UNAVAILABLE');
      }
    }
    if (redis.acknowledgesNagFindings) this.applyNagAcknowledgements();
  }

  /**
   * The cdk-nag findings on the probe's own resources that it accepts, each with its reason:
   * the ones whose control is met when the cache has `acknowledgeNagFindings` (default), plus the
   * documented trade-offs when the cache has `acknowledgePresetTradeOffs`.
   */
  public get nagAcknowledgements(): NagAcknowledgement[] {
    return this.nagTargets().map(({ target, id, reason, kind }) => ({ id, reason, constructPath: target.node.path, kind }));
  }

  /**
   * Acknowledges `nagAcknowledgements` on the probe's resources (done by the
   * constructor unless the cache has `acknowledgeNagFindings: false`).
   */
  public applyNagAcknowledgements(): void {
    acknowledgeFindings(this.nagTargets());
  }

  private nagTargets(): Array<{ target: IConstruct; id: string; reason: string; kind: NagAcknowledgementKind }> {
    const targets: { [t: string]: IConstruct[] } = {
      probeFunction: [this.lambdaFunction],
      probeRole: this.lambdaFunction.role ? [this.lambdaFunction.role] : [],
      probeLogGroup: [this.logGroup],
      // the probe user's secret, when the construct made one with the AWS managed key
      probeSecret: [this.node.tryFindChild('UserSecret')].filter((c): c is IConstruct => c !== undefined && this.redisUsesAwsManagedUserKey),
    };
    return FUNCTION_NAG_ACKNOWLEDGEMENTS
      .filter(rule => rule.kind === NagAcknowledgementKind.CONTROL_MET || this.redis.acknowledgesPresetTradeOffs)
      .flatMap(rule => (targets[rule.target] ?? [])
        .flatMap(target => rule.ids.map(id => ({ target, id, reason: rule.reason, kind: rule.kind }))));
  }

  /**
   * Grants permission to invoke the probe.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.lambdaFunction.grantInvoke(grantee);
  }
}

/** The first non-default user for which `check` does not throw (a cache implemented outside this library, which cannot add a probe user). */
function firstUser(redis: IAirDiscoveryCache, check: (userName: string) => unknown, what: string): string {
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

/**
 * An interface endpoint for Secrets Manager (private DNS on) defined for `vpc` in the VPC's stack.
 * Private DNS makes the SDK's default host name resolve to it, so no endpoint URL is needed.
 */
function findSecretsManagerEndpoint(vpc: ec2.IVpc): ec2.InterfaceVpcEndpoint | undefined {
  const stack = Stack.of(vpc);
  const vpcId = JSON.stringify(stack.resolve(vpc.vpcId));
  return stack.node.findAll().find((c): c is ec2.InterfaceVpcEndpoint => {
    if (!(c instanceof ec2.InterfaceVpcEndpoint)) return false;
    const cfn = c.node.defaultChild as ec2.CfnVPCEndpoint;
    return JSON.stringify(stack.resolve(cfn.serviceName)).includes('.secretsmanager')
      && cfn.privateDnsEnabled !== false
      && JSON.stringify(stack.resolve(cfn.vpcId)) === vpcId;
  });
}
