import { SecretValue } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { AuthenticationMode, RedisUserAuthenticationType, RedisUserProps } from '../auth';

// Internal shapes exchanged between RedisAuthentication and AirDiscoveryRedis.

export interface AuthBindContext {
  readonly replicationGroupId: string;
}

export interface BoundRedisUser {
  readonly userName: string;
  readonly userId: string;
  readonly authenticationType: RedisUserAuthenticationType;
  readonly resource: elasticache.CfnUser;
  readonly secret?: secretsmanager.ISecret;
}

export interface BoundAuthentication {
  readonly authToken?: SecretValue;
  readonly secret?: secretsmanager.ISecret;
  /** The secret, when the construct generated it (not one the user passed in). */
  readonly generatedSecret?: secretsmanager.Secret;
  /** The generated secret's name, when the user chose one. */
  readonly secretName?: string;
  /** The JSON key of the token inside `secret`, when the secret is a JSON document. */
  readonly secretJsonField?: string;
  readonly userGroup?: elasticache.CfnUserGroup;
  readonly users: BoundRedisUser[];
  /** The KMS key of the user secrets, when the user chose one. */
  readonly secretEncryptionKey?: kms.IKey;
}

/**
 * What validation needs to know before anything is created.
 * @internal
 */
export interface AuthDescription {
  readonly mode: AuthenticationMode;
  readonly tokenLength?: number;
  /** The token when the caller gave a SecretValue (for the plain-text check). */
  readonly tokenValue?: SecretValue;
  /** The secret given to `authTokenFromSecret()` (for the generation checks). */
  readonly tokenSecret?: secretsmanager.ISecret;
  /** The JSON field given to `authTokenFromSecret()`. */
  readonly tokenJsonField?: string;
  readonly users: RedisUserProps[];
  readonly defaultUserAccessString?: string;
  readonly userGroupId?: string;
  readonly defaultAuthenticationType?: RedisUserAuthenticationType;
  /** Whether the construct's secrets use a customer-managed KMS key. */
  readonly secretEncryption?: boolean;
}


/** The access string of a user that names none. */
export const DEFAULT_ACCESS_STRING = 'on ~* +@all -@dangerous';
