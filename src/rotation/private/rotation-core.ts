/**
 * Secrets Manager rotation of an ElastiCache AUTH token or RBAC user password, without client downtime.
 *
 * Secrets Manager calls the function four times per rotation (createSecret, setSecret, testSecret,
 * finishSecret) with the version id of the new (AWSPENDING) version. ElastiCache lets two credentials
 * be valid at once, which is what makes the rotation seamless:
 * - AUTH token: `ModifyReplicationGroup AuthToken=<new> AuthTokenUpdateStrategy=ROTATE` adds the new token
 *   next to the current one; `SET` makes one token the only valid one (allowed only after a ROTATE).
 * - RBAC user: `ModifyUser Passwords=[current, new]` (a user holds up to two passwords).
 * - AUTH token of a serverless cache: it is the password of the user group's `default` user (serverless
 *   caches have no replication group and no AuthToken), so it rotates as a user does, through `ModifyUser`;
 *   `ModifyReplicationGroup` is never called for it.
 *
 * The flow here:
 * 1. createSecret: a new credential (Secrets Manager's GetRandomPassword, ElastiCache's character rules) as AWSPENDING.
 * 2. setSecret: first drop the credential the *previous* rotation replaced (AUTH: `SET` to the current token;
 *    users: the password list is rewritten), then add the pending one (AUTH: `ROTATE`; users: `[current, pending]`).
 *    Clients on the current credential keep working throughout; clients had a whole rotation interval to move
 *    off the previous one.
 * 3. testSecret: connect to the cache with the pending credential and PING; a failure fails the rotation and
 *    AWSCURRENT stays where it is (the current credential still works: it was never removed).
 * 4. finishSecret: AWSCURRENT moves to the pending version (the old one becomes AWSPREVIOUS, still valid in
 *    ElastiCache until the next rotation's setSecret).
 *
 * The AWS APIs and the connection test are injected: rotation.lambda.ts passes the AWS SDK, the tests pass an
 * in-process fake of ElastiCache and Secrets Manager that changes a real redis-server's ACL.
 */

/** ElastiCache's rules: printable ASCII without these (and without spaces); 16-128 characters. */
export const EXCLUDED_CHARACTERS = '"%\'()*+,./:;=?@[\\]_`{|}~';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** The event Secrets Manager sends. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

/** The Secrets Manager calls rotation needs. */
export interface SecretsApi {
  describeSecret(secretId: string): Promise<{ RotationEnabled?: boolean; VersionIdsToStages?: { [versionId: string]: string[] } }>;
  getSecretValue(secretId: string, stage: string, versionId?: string): Promise<string>;
  putPendingSecretValue(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT to `versionId` from `fromVersionId`. */
  promoteToCurrent(secretId: string, versionId: string, fromVersionId: string): Promise<void>;
  getRandomPassword(length: number, excludeCharacters: string): Promise<string>;
}

/** The ElastiCache calls rotation needs. */
export interface ElastiCacheApi {
  /** ModifyReplicationGroup AuthToken + AuthTokenUpdateStrategy, ApplyImmediately. */
  modifyAuthToken(replicationGroupId: string, token: string, strategy: 'ROTATE' | 'SET'): Promise<void>;
  /** `available`, `modifying`, ... */
  replicationGroupStatus(replicationGroupId: string): Promise<string>;
  /** ModifyUser Passwords (1 or 2). */
  modifyUserPasswords(userId: string, passwords: string[]): Promise<void>;
  /** `active`, `modifying`, ... */
  userStatus(userId: string): Promise<string>;
}

/** Connects to the cache with the given credentials and PINGs it; throws when that fails. */
export type ConnectionTest = (credentials: { username?: string; password: string }) => Promise<void>;

/** What is rotated, from the function's environment. */
export interface RotationTarget {
  /** `auth-token`: the replication group's AUTH token (plain secret string); `user`: an RBAC user's password (JSON). */
  readonly kind: 'auth-token' | 'user';
  /** The replication group whose AUTH token rotates (`auth-token` on a node-based cache). */
  readonly replicationGroupId?: string;
  /**
   * `auth-token` on a serverless cache: the id of the user whose password the token is (its `default` user).
   * The token then rotates with `ModifyUser` (two passwords during the switch), never `ModifyReplicationGroup`.
   */
  readonly authTokenUserId?: string;
  /** RBAC user name → user id (the user secrets hold `{ "username", "password" }`). */
  readonly userIds: { readonly [userName: string]: string };
  /** Length of a new credential. */
  readonly length: number;
}

/** The target out of the function's environment (rotation.lambda.ts; tests read a synthesized template's). */
export function rotationTargetOf(env: { readonly [name: string]: string | undefined }): RotationTarget {
  return {
    kind: env.ROTATION_KIND === 'user' ? 'user' : 'auth-token',
    replicationGroupId: env.REDIS_REPLICATION_GROUP_ID || undefined,
    authTokenUserId: env.ROTATION_AUTH_TOKEN_USER_ID || undefined,
    userIds: JSON.parse(env.ROTATION_USER_IDS || '{}'),
    length: Number(env.ROTATION_LENGTH || 64),
  };
}

export interface RotationDeps {
  readonly secrets: SecretsApi;
  readonly elasticache: ElastiCacheApi;
  readonly testConnection: ConnectionTest;
  readonly target: RotationTarget;
  /** Milliseconds left in the invocation. */
  readonly remainingMs: () => number;
  /** Wait between status polls. */
  readonly pollMs?: number;
  readonly log?: (message: string) => void;
}

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';
const PREVIOUS = 'AWSPREVIOUS';

/** One rotation step. Throws on failure (Secrets Manager then retries or marks the rotation failed). */
export async function rotate(event: RotationEvent, deps: RotationDeps): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = checkEvent(event);
  const meta = await deps.secrets.describeSecret(secretId);
  const stages = meta.VersionIdsToStages ?? {};
  if (!stages[token]) throw new Error(`secret version ${token} has no stage for rotation of ${secretId}`);
  if (stages[token].includes(CURRENT)) {
    deps.log?.(`${step}: version ${token} is already AWSCURRENT, nothing to do`);
    return;
  }
  if (!stages[token].includes(PENDING)) throw new Error(`secret version ${token} is not AWSPENDING for rotation of ${secretId}`);
  switch (step) {
    case 'createSecret': return createSecret(secretId, token, deps);
    case 'setSecret': return setSecret(secretId, token, stages, deps);
    case 'testSecret': return testSecret(secretId, token, deps);
    case 'finishSecret': return finishSecret(secretId, token, stages, deps);
  }
}

function checkEvent(event: RotationEvent): RotationEvent {
  const e = event as unknown as { [k: string]: unknown } | undefined;
  if (!e || typeof e.SecretId !== 'string' || typeof e.ClientRequestToken !== 'string'
    || !['createSecret', 'setSecret', 'testSecret', 'finishSecret'].includes(e.Step as string)) {
    throw new Error('not a Secrets Manager rotation event: { SecretId, ClientRequestToken, Step } expected');
  }
  return event;
}

/** A credential out of a secret string: the token itself, or a user secret's `{ username, password }`. */
export function credentialsOf(kind: RotationTarget['kind'], secretString: string): { username?: string; password: string } {
  if (kind === 'auth-token') return { password: secretString };
  const json = JSON.parse(secretString) as { username?: unknown; password?: unknown };
  if (typeof json.username !== 'string' || typeof json.password !== 'string') throw new Error('a user secret must be JSON with string username and password');
  return { username: json.username, password: json.password };
}

async function createSecret(secretId: string, token: string, deps: RotationDeps): Promise<void> {
  const current = await deps.secrets.getSecretValue(secretId, CURRENT);
  try {
    await deps.secrets.getSecretValue(secretId, PENDING, token);
    deps.log?.(`createSecret: pending version ${token} exists`);
    return;
  } catch {
    // no pending value yet: make one
  }
  const password = await deps.secrets.getRandomPassword(deps.target.length, EXCLUDED_CHARACTERS);
  const value = deps.target.kind === 'auth-token' ? password : JSON.stringify({ ...JSON.parse(current), password });
  await deps.secrets.putPendingSecretValue(secretId, token, value);
  deps.log?.(`createSecret: new pending version ${token}`);
}

async function setSecret(secretId: string, token: string, stages: { [v: string]: string[] }, deps: RotationDeps): Promise<void> {
  const current = credentialsOf(deps.target.kind, await deps.secrets.getSecretValue(secretId, CURRENT));
  const pending = credentialsOf(deps.target.kind, await deps.secrets.getSecretValue(secretId, PENDING, token));
  const t = deps.target;
  if (t.kind === 'auth-token' && t.authTokenUserId === undefined) {
    if (!t.replicationGroupId) throw new Error('no replication group (REDIS_REPLICATION_GROUP_ID) nor token user (ROTATION_AUTH_TOKEN_USER_ID) to rotate the AUTH token of');
    const groupId = t.replicationGroupId;
    // A previous rotation left two valid tokens (AWSCURRENT and the one before): SET drops the older.
    // The first rotation after deployment has one token only, and SET is allowed only after a ROTATE.
    const rotatedBefore = Object.values(stages).some(s => s.includes(PREVIOUS));
    if (rotatedBefore) {
      await deps.elasticache.modifyAuthToken(groupId, current.password, 'SET');
      await waitFor(() => deps.elasticache.replicationGroupStatus(groupId), 'available', 'replication group', deps);
    }
    await deps.elasticache.modifyAuthToken(groupId, pending.password, 'ROTATE');
    await waitFor(() => deps.elasticache.replicationGroupStatus(groupId), 'available', 'replication group', deps);
  } else {
    const userId = t.kind === 'auth-token' ? t.authTokenUserId! : t.userIds[current.username!];
    if (!userId) throw new Error(`no ElastiCache user id for user '${current.username}' (known: ${Object.keys(t.userIds).join(', ')})`);
    if (pending.username !== current.username) throw new Error('the pending version names another user than the current one');
    // two passwords: the current one keeps working, the pending one starts working
    await deps.elasticache.modifyUserPasswords(userId, [current.password, pending.password]);
    await waitFor(() => deps.elasticache.userStatus(userId), 'active', `user ${userId}`, deps);
  }
  deps.log?.(`setSecret: pending version ${token} accepted by ElastiCache next to the current one`);
}

async function testSecret(secretId: string, token: string, deps: RotationDeps): Promise<void> {
  const pending = credentialsOf(deps.target.kind, await deps.secrets.getSecretValue(secretId, PENDING, token));
  await deps.testConnection(pending);
  deps.log?.(`testSecret: connected and PINGed with pending version ${token}`);
}

async function finishSecret(secretId: string, token: string, stages: { [v: string]: string[] }, deps: RotationDeps): Promise<void> {
  const currentVersion = Object.keys(stages).find(v => stages[v].includes(CURRENT));
  if (!currentVersion) throw new Error(`secret ${secretId} has no AWSCURRENT version`);
  await deps.secrets.promoteToCurrent(secretId, token, currentVersion);
  deps.log?.(`finishSecret: version ${token} is AWSCURRENT; ${currentVersion} (AWSPREVIOUS) stays valid until the next rotation`);
}

/** Polls `status` until it is `want`, within the invocation's time (keeping 2 s to answer). */
async function waitFor(status: () => Promise<string>, want: string, what: string, deps: RotationDeps): Promise<void> {
  const poll = deps.pollMs ?? 10_000;
  for (;;) {
    const s = await status();
    if (s === want) return;
    if (deps.remainingMs() < poll + 2000) throw new Error(`${what} still '${s}' (waiting for '${want}') when the invocation ran out of time; Secrets Manager retries the step`);
    await new Promise(resolve => setTimeout(resolve, poll));
  }
}
