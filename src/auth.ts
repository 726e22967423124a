import { SecretValue, Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AuthBindContext, AuthDescription, BoundAuthentication, BoundRedisUser, DEFAULT_ACCESS_STRING } from './private/auth-types';
import { ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS, elastiCacheId } from './private/naming';

/**
 * How clients authenticate to the replication group.
 */
export enum AuthenticationMode {
  /** No authentication: any client that reaches the port can run any command. */
  NONE = 'none',
  /** Redis AUTH with a single token (`AuthToken`). */
  AUTH_TOKEN = 'auth-token',
  /** Role-based access control: ElastiCache users with passwords (or none) in a user group. */
  RBAC = 'rbac',
  /** IAM authentication: ElastiCache users authenticated with SigV4 tokens (`elasticache:Connect`). */
  IAM = 'iam',
}

/**
 * How an ElastiCache user proves who it is.
 */
export enum RedisUserAuthenticationType {
  /** A password generated in Secrets Manager (JSON `{ "username", "password" }`). */
  PASSWORD = 'password',
  /** No password. Only sensible with an access string that starts with `off` or a very narrow one. */
  NO_PASSWORD = 'no-password-required',
  /** IAM authentication (Redis OSS 7.0+ / Valkey 7.2+). The user id equals the user name. */
  IAM = 'iam',
}

/**
 * An ElastiCache user of an RBAC or IAM user group.
 */
export interface RedisUserProps {
  /**
   * The user name clients send with `AUTH <user> <password>`.
   * 1-120 characters; `default` is reserved for the group's default user.
   */
  readonly userName: string;

  /**
   * The Redis ACL access string.
   *
   * @default 'on ~* +@all -@dangerous'
   */
  readonly accessString?: string;

  /**
   * How the user authenticates.
   *
   * @default RedisUserAuthenticationType.PASSWORD for `rbac()`, RedisUserAuthenticationType.IAM for `iam()`
   */
  readonly authenticationType?: RedisUserAuthenticationType;

  /**
   * The ElastiCache user id (unique per account and region). Ignored for IAM
   * users, whose id must equal the user name.
   *
   * @default - derived from the replication group id and the user name
   */
  readonly userId?: string;
}

/**
 * Options for `RedisAuthentication.rbac()` and `RedisAuthentication.iam()`.
 */
export interface RedisUserGroupOptions {
  /**
   * The users of the group (besides the `default` user, which the construct adds).
   */
  readonly users: RedisUserProps[];

  /**
   * The user group id (unique per account and region).
   *
   * @default - derived from the replication group id
   */
  readonly userGroupId?: string;

  /**
   * The access string of the group's `default` user. ElastiCache requires every
   * user group to contain a user named `default`; the construct creates one that
   * is switched off (no password, no commands), so that unauthenticated clients
   * can do nothing.
   *
   * @default 'off -@all'
   */
  readonly defaultUserAccessString?: string;

  /**
   * KMS key for the Secrets Manager secrets holding the users' passwords.
   *
   * @default - the AWS managed key `aws/secretsmanager`
   */
  readonly secretEncryptionKey?: kms.IKey;
}

/**
 * Options for a generated AUTH token.
 */
export interface GeneratedAuthTokenOptions {
  /**
   * The token length, 16-128 (ElastiCache's limits).
   *
   * @default 64
   */
  readonly length?: number;

  /**
   * KMS key that encrypts the secret.
   *
   * @default - the AWS managed key `aws/secretsmanager`
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The secret's name.
   *
   * @default '<replicationGroupId>/auth-token'
   */
  readonly secretName?: string;
}

/**
 * How clients authenticate. One choice per replication group; pick it with a
 * static factory. Every mode but `none()` needs in-transit encryption.
 *
 * No mode ever places a secret in the template: tokens and passwords live in
 * Secrets Manager and reach CloudFormation as dynamic references.
 */
export abstract class RedisAuthentication {
  /**
   * No authentication (the DEV preset). The security group is the only control.
   */
  public static none(): RedisAuthentication {
    return new NoAuthentication();
  }

  /**
   * A Redis AUTH token generated in Secrets Manager with ElastiCache's rules
   * (printable ASCII, special characters only from `! & # $ ^ < > -`) and passed
   * to CloudFormation as a dynamic reference (the PROD preset).
   */
  public static generatedAuthToken(options: GeneratedAuthTokenOptions = {}): RedisAuthentication {
    return new GeneratedAuthToken(options);
  }

  /**
   * A Redis AUTH token read from an existing Secrets Manager secret.
   *
   * @param secret the secret
   * @param jsonField the JSON key holding the token, when the secret is a JSON document
   */
  public static authTokenFromSecret(secret: secretsmanager.ISecret, jsonField?: string): RedisAuthentication {
    return new SecretAuthToken(secret, jsonField);
  }

  /**
   * A Redis AUTH token from a `SecretValue` that resolves to a dynamic reference
   * (`SecretValue.secretsManager(...)`, `SecretValue.ssmSecure(...)`).
   * `SecretValue.unsafePlainText()` is rejected: it would write the token into the template.
   */
  public static authTokenFromSecretValue(token: SecretValue): RedisAuthentication {
    return new SecretValueAuthToken(token);
  }

  /**
   * Role-based access control: a user group with the given users and a disabled
   * `default` user. Password users get a generated password in Secrets Manager.
   */
  public static rbac(options: RedisUserGroupOptions): RedisAuthentication {
    return new UserGroupAuthentication(AuthenticationMode.RBAC, RedisUserAuthenticationType.PASSWORD, options);
  }

  /**
   * IAM authentication: a user group whose users (by default) authenticate with
   * IAM. Grant clients access with `AirDiscoveryRedis.grantConnect()`.
   */
  public static iam(options: RedisUserGroupOptions): RedisAuthentication {
    return new UserGroupAuthentication(AuthenticationMode.IAM, RedisUserAuthenticationType.IAM, options);
  }

  /** The authentication mode. */
  public abstract readonly mode: AuthenticationMode;

  /** @internal */
  public abstract _bind(scope: Construct, context: AuthBindContext): BoundAuthentication;

  /** @internal */
  public abstract _describe(): AuthDescription;
}

class NoAuthentication extends RedisAuthentication {
  public readonly mode = AuthenticationMode.NONE;
  public _bind(): BoundAuthentication {
    return { users: [] };
  }
  public _describe(): AuthDescription {
    return { mode: this.mode, users: [] };
  }
}

class GeneratedAuthToken extends RedisAuthentication {
  public readonly mode = AuthenticationMode.AUTH_TOKEN;
  constructor(private readonly options: GeneratedAuthTokenOptions) {
    super();
  }
  public _bind(scope: Construct, context: AuthBindContext): BoundAuthentication {
    // A known name (unique like the group id) lets a Global Datastore secondary find the replica of
    // this secret in its own region without a cross-region reference.
    const secretName = this.options.secretName
      ?? (Token.isUnresolved(context.replicationGroupId) ? undefined : `${context.replicationGroupId}/auth-token`);
    const secret = new secretsmanager.Secret(scope, 'AuthToken', {
      description: `Redis AUTH token of ${scope.node.path}`,
      secretName,
      encryptionKey: this.options.encryptionKey,
      generateSecretString: {
        passwordLength: this.options.length ?? 64,
        excludeCharacters: ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS,
        includeSpace: false,
      },
    });
    return { secret, secretName, authToken: secret.secretValue, users: [] };
  }
  public _describe(): AuthDescription {
    return { mode: this.mode, users: [], tokenLength: this.options.length ?? 64, secretEncryption: this.options.encryptionKey !== undefined };
  }
}

class SecretAuthToken extends RedisAuthentication {
  public readonly mode = AuthenticationMode.AUTH_TOKEN;
  constructor(private readonly secret: secretsmanager.ISecret, private readonly jsonField?: string) {
    super();
  }
  public _bind(): BoundAuthentication {
    const authToken = this.jsonField ? this.secret.secretValueFromJson(this.jsonField) : this.secret.secretValue;
    return { secret: this.secret, secretJsonField: this.jsonField, authToken, users: [] };
  }
  public _describe(): AuthDescription {
    return { mode: this.mode, users: [] };
  }
}

class SecretValueAuthToken extends RedisAuthentication {
  public readonly mode = AuthenticationMode.AUTH_TOKEN;
  constructor(private readonly token: SecretValue) {
    super();
  }
  public _bind(): BoundAuthentication {
    return { authToken: this.token, users: [] };
  }
  public _describe(): AuthDescription {
    return { mode: this.mode, users: [], tokenValue: this.token };
  }
}

const USER_ENGINE = 'redis';
const DEFAULT_USER_ACCESS_STRING = 'off -@all';

class UserGroupAuthentication extends RedisAuthentication {
  constructor(
    public readonly mode: AuthenticationMode,
    private readonly defaultType: RedisUserAuthenticationType,
    private readonly options: RedisUserGroupOptions,
  ) {
    super();
  }

  public _describe(): AuthDescription {
    return {
      mode: this.mode,
      users: this.options.users,
      defaultUserAccessString: this.options.defaultUserAccessString ?? DEFAULT_USER_ACCESS_STRING,
      userGroupId: this.options.userGroupId,
      defaultAuthenticationType: this.defaultType,
      secretEncryption: this.options.secretEncryptionKey !== undefined,
    };
  }

  public _bind(scope: Construct, context: AuthBindContext): BoundAuthentication {
    // Users and user groups use the engine "redis" on Valkey groups too: the ElastiCache user guide
    // ("Role-Based Access Control") says Valkey clusters take "redis" users and user groups, and a
    // "valkey" user group may hold only password or IAM users, which would rule out the disabled,
    // password-less `default` user below.
    const engine = USER_ENGINE;
    const users: BoundRedisUser[] = [];

    // ElastiCache requires a user named `default` in every user group. Ours is off:
    // a client that does not authenticate can run nothing.
    const defaultUserId = elastiCacheId(`${context.replicationGroupId}-default`, 40);
    const defaultUser = new elasticache.CfnUser(scope, 'DefaultUser', {
      engine,
      userId: defaultUserId,
      userName: 'default',
      accessString: this.options.defaultUserAccessString ?? DEFAULT_USER_ACCESS_STRING,
      noPasswordRequired: true,
    });
    users.push({
      userName: 'default',
      userId: defaultUserId,
      authenticationType: RedisUserAuthenticationType.NO_PASSWORD,
      resource: defaultUser,
    });

    this.options.users.forEach((props, index) => {
      const type = props.authenticationType ?? this.defaultType;
      const userId = type === RedisUserAuthenticationType.IAM
        ? props.userName
        : props.userId ?? elastiCacheId(`${context.replicationGroupId}-${props.userName}`, 40);
      const id = `User${pascal(props.userName, index)}`;
      let secret: secretsmanager.ISecret | undefined;
      // CfnUser.AuthenticationMode is untyped (`any`) in aws-cdk-lib: CloudFormation's casing.
      let authenticationMode: { Type: string; Passwords?: string[] } | undefined;
      let noPasswordRequired: boolean | undefined;
      if (type === RedisUserAuthenticationType.PASSWORD) {
        secret = new secretsmanager.Secret(scope, `${id}Secret`, {
          description: `Password of Redis user ${props.userName} of ${scope.node.path}`,
          encryptionKey: this.options.secretEncryptionKey,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ username: props.userName }),
            generateStringKey: 'password',
            passwordLength: 64,
            excludeCharacters: ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS,
            includeSpace: false,
          },
        });
        authenticationMode = {
          Type: 'password',
          Passwords: [secret.secretValueFromJson('password').unsafeUnwrap()],
        };
      } else if (type === RedisUserAuthenticationType.IAM) {
        authenticationMode = { Type: 'iam' };
      } else {
        noPasswordRequired = true;
      }
      const resource = new elasticache.CfnUser(scope, id, {
        engine,
        userId,
        userName: props.userName,
        accessString: props.accessString ?? DEFAULT_ACCESS_STRING,
        authenticationMode,
        noPasswordRequired,
      });
      users.push({ userName: props.userName, userId, authenticationType: type, resource, secret });
    });

    const userGroup = new elasticache.CfnUserGroup(scope, 'UserGroup', {
      engine,
      userGroupId: this.options.userGroupId ?? elastiCacheId(`${context.replicationGroupId}-users`, 40),
      userIds: users.map(u => u.resource.ref),
    });
    return { userGroup, users };
  }
}

function pascal(s: string, index: number): string {
  if (Token.isUnresolved(s)) return `${index}`;
  return s.split(/[^A-Za-z0-9]+/).filter(Boolean).map(p => p[0].toUpperCase() + p.slice(1)).join('') || 'User';
}
