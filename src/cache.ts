import { IResource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { AuthenticationMode } from './auth';
import type { RedisConnectivityProbe, RedisConnectivityProbeOptions } from './probe/probe';

/**
 * What every cache this library creates offers its clients, node-based
 * (`AirDiscoveryRedis`) or serverless (`AirDiscoveryServerlessRedis`): the
 * connection helpers, grants and the connectivity probe. Code written against
 * this interface works unchanged when a stack switches between the two.
 */
export interface IAirDiscoveryCache extends IResource, ec2.IConnectable {
  /** The VPC the cache lives in. */
  readonly vpc: ec2.IVpc;

  /**
   * The cache's name: the replication group id (node-based) or the serverless cache name.
   * The `RedisClusterId` output.
   * @attribute
   */
  readonly cacheName: string;

  /**
   * The ARN of the replication group or serverless cache (the resource of `elasticache:Connect`).
   * @attribute
   */
  readonly cacheArn: string;

  /**
   * The address clients connect to.
   * @attribute
   */
  readonly endpointAddress: string;

  /**
   * The port clients connect to.
   * @attribute
   */
  readonly endpointPort: number;

  /** Whether clients must use TLS (always true for serverless). */
  readonly tlsEnabled: boolean;

  /**
   * Whether clients must speak the cluster protocol (a cluster client that follows
   * `MOVED` redirections): cluster mode ENABLED, and every serverless cache.
   */
  readonly clusterProtocol: boolean;

  /** Whether the cache is ElastiCache Serverless. */
  readonly serverless: boolean;

  /** How clients authenticate. */
  readonly authenticationMode: AuthenticationMode;

  /** The secret holding the AUTH token, when there is one. */
  readonly authSecret?: secretsmanager.ISecret;

  /** The JSON key of the AUTH token inside `authSecret`, when it is a JSON document. */
  readonly authSecretJsonField?: string;

  /** The ElastiCache users of an RBAC or IAM user group (the `default` user included). */
  readonly userNames: string[];

  /** Whether the construct acknowledges its cdk-nag findings (the probe follows the same choice). */
  readonly acknowledgesNagFindings: boolean;

  /**
   * Whether the construct also acknowledges its preset's documented trade-offs (the probe follows
   * the same choice).
   */
  readonly acknowledgesPresetTradeOffs: boolean;

  /**
   * Environment variables that tell an application where the cache is:
   * `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS` and `REDIS_URL` (never with a secret inside).
   */
  connectionEnvironment(): { [name: string]: string };

  /** Grants read access to the AUTH token secret. Throws when there is none. */
  grantReadAuthSecret(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `elasticache:Connect` on the cache and the given IAM users (every IAM
   * user when none is named), for IAM authentication.
   */
  grantConnect(grantee: iam.IGrantable, ...userNames: string[]): iam.Grant;

  /** The Secrets Manager secret of an RBAC password user (JSON `{ "username", "password" }`). */
  userSecret(userName: string): secretsmanager.ISecret;

  /**
   * The AUTH token (or, with RBAC, a user's password) for an ECS container, as an
   * `ecs.Secret` read at task start.
   */
  ecsSecret(userName?: string): ecs.Secret;

  /**
   * Wires a Lambda function to the cache: network access, the connection environment,
   * and the AUTH token secret (ARN and read access) when there is one.
   */
  connectLambda(fn: lambda.IFunction): void;

  /** Adds a connectivity probe (a Lambda function in the cache's VPC). */
  addProbe(id?: string, options?: RedisConnectivityProbeOptions): RedisConnectivityProbe;
}
