import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RedisUserAuthenticationType } from '../auth';
import { BoundRedisUser } from './auth-types';
import { ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS, elastiCacheId } from './naming';

/** The name of the probe's own RBAC password user (an IAM user's name must equal its id). */
export const PROBE_USER_NAME = 'air-discovery-probe';

/**
 * What a `RedisConnectivityProbe` needs from a cache beyond `IAirDiscoveryCache` to give the probe
 * its own user. Both of this library's caches (`AirDiscoveryRedis`, `AirDiscoveryServerlessRedis`)
 * implement it as `@internal` members (jsii interfaces cannot carry internal members, so it is not
 * part of `IAirDiscoveryCache`); another implementation of the interface lacks it, and the probe then
 * takes one of the cache's existing users.
 */
export interface ProbeTargetInternals {
  /** Whether the user secrets are encrypted with a customer-managed KMS key. */
  readonly _userSecretsUseCustomerKey: boolean;
  /** Creates the probe's own user in the RBAC/IAM user group under `scope`; returns its user name. */
  _addProbeUser(scope: Construct, accessString: string): string;
}

/** `cache`'s probe-user internals, when it is one of this library's caches. */
export function probeTargetInternals(cache: object): ProbeTargetInternals | undefined {
  const c = cache as Partial<ProbeTargetInternals>;
  return typeof c._addProbeUser === 'function' && typeof c._userSecretsUseCustomerKey === 'boolean'
    ? c as ProbeTargetInternals
    : undefined;
}

/** What `addProbeUser` works on. */
export interface ProbeUserTarget {
  /** The cache construct (its path in messages). */
  readonly owner: Construct;
  /** The replication group id or serverless cache name (the IAM user id is `<name>-probe`). */
  readonly cacheName: string;
  readonly userGroup?: elasticache.CfnUserGroup;
  /** The cache's users: the probe user is appended. */
  readonly users: BoundRedisUser[];
  readonly iamMode: boolean;
  readonly secretEncryptionKey?: kms.IKey;
  /** The engine of the users (`redis`, for Valkey caches too). */
  readonly userEngine: string;
}

/**
 * Creates the probe's own user (construct ids `UserSecret` and `User` under `scope`) with `accessString`
 * and adds it to the cache's user group: an IAM user `<cacheName>-probe`, or password user
 * `air-discovery-probe` whose generated password lives in Secrets Manager. Returns the user and its secret.
 */
export function addProbeUser(scope: Construct, t: ProbeUserTarget, accessString: string): BoundRedisUser {
  const group = t.userGroup;
  if (!group) throw new Error(`${t.owner.node.path} has no RBAC/IAM user group`);
  const userId = elastiCacheId(`${t.cacheName}-probe`, 40);
  // IAM users' names must equal their ids; a password user's name is per group
  const userName = t.iamMode ? userId : PROBE_USER_NAME;
  if (t.users.some(u => u.userName === userName)) {
    throw new Error(`${t.owner.node.path} already has a user named '${userName}': pass RedisConnectivityProbeOptions.userName to probe as that user`);
  }
  let secret: secretsmanager.Secret | undefined;
  if (!t.iamMode) {
    secret = new secretsmanager.Secret(scope, 'UserSecret', {
      description: `Password of the connectivity probe's Redis user of ${t.owner.node.path}`,
      encryptionKey: t.secretEncryptionKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: userName }),
        generateStringKey: 'password',
        passwordLength: 64,
        excludeCharacters: ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS,
        includeSpace: false,
      },
    });
  }
  const resource = new elasticache.CfnUser(scope, 'User', {
    engine: t.userEngine,
    userId,
    userName,
    accessString,
    // CfnUser.AuthenticationMode is untyped in aws-cdk-lib: CloudFormation's casing
    authenticationMode: secret
      ? { Type: 'password', Passwords: [secret.secretValueFromJson('password').unsafeUnwrap()] }
      : { Type: 'iam' },
  });
  group.userIds = [...(group.userIds ?? []), resource.ref];
  const user: BoundRedisUser = {
    userName,
    userId,
    authenticationType: t.iamMode ? RedisUserAuthenticationType.IAM : RedisUserAuthenticationType.PASSWORD,
    resource,
    secret,
  };
  t.users.push(user);
  return user;
}
