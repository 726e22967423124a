/**
 * Secrets Manager rotation function of `AirDiscoveryRedis` (AUTH token or RBAC user passwords).
 * Bundled by esbuild (projen `*.lambda.ts`) with ioredis inlined; `@aws-sdk/*` comes from the runtime.
 * The logic is in private/rotation-core.ts; this file wires the AWS SDK and the environment:
 * REDIS_HOST, REDIS_PORT, REDIS_TLS, REDIS_CLUSTER_MODE, REDIS_REPLICATION_GROUP_ID,
 * ROTATION_KIND (`auth-token` | `user`), ROTATION_USER_IDS (JSON user name → user id), ROTATION_LENGTH, and for
 * a serverless cache's AUTH token ROTATION_AUTH_TOKEN_USER_ID (its `default` user; no replication group id).
 */
import {
  DescribeReplicationGroupsCommand, DescribeUsersCommand, ElastiCacheClient, ModifyReplicationGroupCommand, ModifyUserCommand,
} from '@aws-sdk/client-elasticache';
import {
  DescribeSecretCommand, GetRandomPasswordCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { endpointOf, pingWith } from './private/connection-test';
import { ElastiCacheApi, rotate, RotationEvent, rotationTargetOf, SecretsApi } from './private/rotation-core';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

const sm = new SecretsManagerClient({});
const ec = new ElastiCacheClient({});

const secrets: SecretsApi = {
  describeSecret: async id => sm.send(new DescribeSecretCommand({ SecretId: id })),
  getSecretValue: async (id, stage, versionId) => {
    const out = await sm.send(new GetSecretValueCommand({ SecretId: id, VersionStage: stage, VersionId: versionId }));
    if (out.SecretString === undefined) throw new Error(`secret ${id} has no SecretString`);
    return out.SecretString;
  },
  putPendingSecretValue: async (id, versionId, value) => {
    await sm.send(new PutSecretValueCommand({ SecretId: id, ClientRequestToken: versionId, SecretString: value, VersionStages: ['AWSPENDING'] }));
  },
  promoteToCurrent: async (id, versionId, fromVersionId) => {
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: 'AWSCURRENT', MoveToVersionId: versionId, RemoveFromVersionId: fromVersionId }));
  },
  getRandomPassword: async (length, exclude) => {
    const out = await sm.send(new GetRandomPasswordCommand({ PasswordLength: length, ExcludeCharacters: exclude, IncludeSpace: false }));
    return out.RandomPassword!;
  },
};

const elasticache: ElastiCacheApi = {
  modifyAuthToken: async (id, token, strategy) => {
    await ec.send(new ModifyReplicationGroupCommand({
      ReplicationGroupId: id, AuthToken: token, AuthTokenUpdateStrategy: strategy, ApplyImmediately: true,
    }));
  },
  replicationGroupStatus: async id => (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0]?.Status ?? 'unknown',
  modifyUserPasswords: async (userId, passwords) => {
    await ec.send(new ModifyUserCommand({ UserId: userId, Passwords: passwords }));
  },
  userStatus: async userId => (await ec.send(new DescribeUsersCommand({ UserId: userId }))).Users?.[0]?.Status ?? 'unknown',
};

export async function handler(event: RotationEvent, context: LambdaContext): Promise<void> {
  const env = process.env;
  await rotate(event, {
    secrets,
    elasticache,
    testConnection: credentials => pingWith(endpointOf(env, 5000), credentials),
    target: rotationTargetOf(env),
    remainingMs: () => context.getRemainingTimeInMillis(),
    log: message => console.log(JSON.stringify({ secretId: event.SecretId, step: event.Step, message })),
  });
}
