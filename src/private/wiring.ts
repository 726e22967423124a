import { Annotations, CfnOutput, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { AuthenticationMode, RedisUserAuthenticationType } from '../auth';
import { BoundRedisUser } from './auth-types';

// What the node-based (AirDiscoveryRedis) and serverless (AirDiscoveryServerlessRedis)
// constructs share to wire clients: one implementation, so that both behave the same.

/** `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS`, `REDIS_URL` (never with a secret inside). */
export function connectionEnvironmentOf(host: string, port: number, tls: boolean): { [name: string]: string } {
  const scheme = tls ? 'rediss' : 'redis';
  return {
    REDIS_HOST: host,
    REDIS_PORT: `${port}`,
    REDIS_TLS: `${tls}`,
    REDIS_URL: `${scheme}://${host}:${port}`,
  };
}

/** `grantReadAuthSecret()`: read access to the AUTH token secret, or an error naming the construct. */
export function grantReadSecret(scope: IConstruct, secret: secretsmanager.ISecret | undefined, grantee: iam.IGrantable): iam.Grant {
  if (!secret) {
    throw new Error(`grantReadAuthSecret: ${scope.node.path} has no AUTH token secret (authentication is not an AUTH token)`);
  }
  return secret.grantRead(grantee);
}

/** What the client-wiring helpers need to know about a cache. */
export interface WiringTarget extends IConstruct {
  readonly connections: ec2.Connections;
  readonly authSecret?: secretsmanager.ISecret;
  readonly authSecretJsonField?: string;
  readonly authenticationMode: AuthenticationMode;
  connectionEnvironment(): { [name: string]: string };
}

/** The user of an RBAC or IAM user group, or an error listing the users. */
export function findUser(scope: IConstruct, users: BoundRedisUser[], userName: string): BoundRedisUser {
  const user = users.find(u => u.userName === userName);
  if (!user) {
    throw new Error(`no user '${userName}' in ${scope.node.path}; users: ${users.map(u => u.userName).join(', ') || 'none'}`);
  }
  return user;
}

/** `userSecret()`: the secret of a password user. */
export function userSecretOf(scope: IConstruct, users: BoundRedisUser[], userName: string): secretsmanager.ISecret {
  const user = findUser(scope, users, userName);
  if (!user.secret) {
    throw new Error(`userSecret: user '${userName}' of ${scope.node.path} has no password (authentication type ${user.authenticationType})`);
  }
  return user.secret;
}

/**
 * `grantConnect()`: `elasticache:Connect` on the cache and the given IAM users (every IAM
 * user when none is named).
 */
export function grantConnectTo(
  scope: IConstruct, users: BoundRedisUser[], authenticationMode: AuthenticationMode, cacheArn: string,
  grantee: iam.IGrantable, userNames: string[],
): iam.Grant {
  const iamUsers = users.filter(u => u.authenticationType === RedisUserAuthenticationType.IAM);
  if (iamUsers.length === 0) {
    throw new Error(`grantConnect: ${scope.node.path} has no IAM-enabled users (authentication is ${authenticationMode}); use RedisAuthentication.iam()`);
  }
  const chosen = userNames.length > 0 ? userNames.map(n => findUser(scope, users, n)) : iamUsers;
  for (const u of chosen) {
    if (u.authenticationType !== RedisUserAuthenticationType.IAM) {
      throw new Error(`grantConnect: user '${u.userName}' of ${scope.node.path} is not an IAM user (authentication type ${u.authenticationType})`);
    }
  }
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['elasticache:Connect'],
    resourceArns: [cacheArn, ...chosen.map(u => u.resource.attrArn)],
  });
}

/** `ecsSecret()`: the AUTH token, or with RBAC a user's password, as an `ecs.Secret`. */
export function ecsSecretOf(
  target: WiringTarget, userSecret: (userName: string) => secretsmanager.ISecret, userName?: string,
  noSecret: () => string = () => `ecsSecret(): ${target.node.path} has no AUTH token secret; with RBAC pass the user name`,
): ecs.Secret {
  if (userName !== undefined) return ecs.Secret.fromSecretsManager(userSecret(userName), 'password');
  if (!target.authSecret) throw new Error(noSecret());
  return ecs.Secret.fromSecretsManager(target.authSecret, target.authSecretJsonField);
}

/**
 * `connectLambda()`: network access to the cache's port(s), the connection environment, and
 * the AUTH token secret (ARN, JSON field, read access) when there is one.
 *
 * @param noSecretWarning the warning when the token came without a secret to hand on
 */
export function connectLambdaTo(target: WiringTarget, fn: lambda.IFunction, noSecretWarning: string): void {
  const f = functionWithEnvironment(fn);
  if (!f) {
    throw new Error(`connectLambda(${fn.node.path}): cannot set the environment of this function (an imported function, `
      + 'or an IFunction that is not a lambda.Function, Alias or Version). Pass the lambda.Function itself, or wire it by hand: '
      + 'redis.connections.allowDefaultPortFrom(fn), redis.grantReadAuthSecret(fn), and the variables of redis.connectionEnvironment() '
      + '(plus REDIS_AUTH_SECRET_ARN) where the function is defined');
  }
  target.connections.allowDefaultPortFrom(f, `Redis access from ${fn.node.path}`);
  for (const [k, v] of Object.entries(target.connectionEnvironment())) f.addEnvironment(k, v);
  if (target.authSecret) {
    f.addEnvironment('REDIS_AUTH_SECRET_ARN', target.authSecret.secretArn);
    if (target.authSecretJsonField) f.addEnvironment('REDIS_AUTH_SECRET_JSON_FIELD', target.authSecretJsonField);
    target.authSecret.grantRead(f);
  } else if (target.authenticationMode === AuthenticationMode.AUTH_TOKEN) {
    Annotations.of(target).addWarningV2('@air-discovery/cdk-redis:noAuthSecretForLambda', noSecretWarning);
  }
}

/** Options of `addCacheOutputs()`: the `outputs`, `outputIdPrefix` and `exportNamePrefix` props. */
export interface OutputOptions {
  readonly outputIdPrefix?: string;
  readonly exportNamePrefix?: string;
}

/**
 * CloudFormation outputs with fixed logical ids (`<prefix>RedisEndpoint`, ...), optionally
 * exported; two caches in one stack must use different prefixes.
 */
export function addCacheOutputs(scope: Construct, options: OutputOptions, outputs: Array<[name: string, value: string, description: string]>): void {
  const prefix = options.outputIdPrefix ?? '';
  for (const [name, value, description] of outputs) {
    const out = new CfnOutput(scope, name, {
      value,
      description,
      exportName: options.exportNamePrefix !== undefined ? `${options.exportNamePrefix}${name}` : undefined,
    });
    const logicalId = `${prefix}${name}`;
    const taken = outputIdsInUse(Stack.of(scope));
    const clash = taken.get(logicalId);
    if (clash) {
      throw new Error(`outputIdPrefix: the output '${logicalId}' of ${scope.node.path} already exists at ${clash}; give each cache in a stack its own outputIdPrefix (got '${prefix}')`);
    }
    taken.set(logicalId, out.node.path);
    out.overrideLogicalId(logicalId);
  }
}

/** Output logical ids this library assigned, per stack (cheaper than walking the tree). */
const OUTPUT_IDS = new WeakMap<Stack, Map<string, string>>();
function outputIdsInUse(stack: Stack): Map<string, string> {
  let ids = OUTPUT_IDS.get(stack);
  if (!ids) OUTPUT_IDS.set(stack, ids = new Map());
  return ids;
}

/**
 * The VPC's primary CIDR, as a literal when the VPC was defined in this app
 * with a literal CIDR (so the template reads `10.0.0.0/16`, and rule checkers
 * such as cdk-nag can judge the rule), else the `CidrBlock` attribute.
 */
export function vpcCidr(vpc: ec2.IVpc): string {
  if (!Token.isUnresolved(vpc.vpcCidrBlock)) return vpc.vpcCidrBlock;
  const cfn = vpc.node.defaultChild;
  if (cfn instanceof ec2.CfnVPC && typeof cfn.cidrBlock === 'string' && !Token.isUnresolved(cfn.cidrBlock)) {
    return cfn.cidrBlock;
  }
  return vpc.vpcCidrBlock;
}

/** The `lambda.Function` whose environment `connectLambda()` can set: the function itself, or the one behind an alias or version. */
function functionWithEnvironment(fn: lambda.IFunction): lambda.Function | undefined {
  // duck-typed: a Function from another copy of aws-cdk-lib is still a Function
  if (typeof (fn as Partial<Pick<lambda.Function, 'addEnvironment'>>).addEnvironment === 'function') return fn as lambda.Function;
  if (fn instanceof lambda.Alias) return functionWithEnvironment(fn.version);
  if (fn instanceof lambda.Version) return functionWithEnvironment(fn.lambda);
  return undefined;
}
