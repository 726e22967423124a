/**
 * Loopback HTTP stand-ins for the Secrets Manager and ElastiCache APIs the rotation function calls, so that
 * rotation.lambda.ts runs through the real AWS SDK v3 clients without an AWS account. They speak the wire
 * protocols the SDK speaks: Secrets Manager JSON 1.1 (`x-amz-target: secretsmanager.<Op>`, JSON body and
 * answer) and ElastiCache's AWS Query protocol (form-encoded `Action=<Op>&Version=2015-02-02&...`, XML answer).
 * Each is backed by the in-process fakes of fake-aws.ts, so ElastiCache's changes land on a real redis-server's
 * ACL. Every request is recorded (operation and parameters, as the SDK sent them) for the tests to assert.
 * Everything binds to 127.0.0.1. The serving, the JSON 1.1 protocol and the AWS error answers are
 * ../aws-json-server.ts (shared with the probe's Secrets Manager stand-in); this file keeps the operations.
 */
import { FakeElastiCache, FakeSecretsManager } from './fake-aws';
import { AwsError, awsErrorOf, JsonOperation, LoopbackServer, secretName as name, secretValueAnswer, serveLoopback, startAwsJsonServer } from '../aws-json-server';

/** One API call as it arrived: the operation and its parameters (JSON body; Query form fields without Action/Version). */
export interface RecordedRequest {
  readonly operation: string;
  readonly params: { readonly [name: string]: unknown };
}

export interface HttpStandIn {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** The stand-in a test sees: the server's endpoint and stop, and the requests recorded. */
function standIn(server: LoopbackServer, requests: RecordedRequest[]): HttpStandIn {
  return { endpoint: server.endpoint, requests, stop: server.stop };
}

/** What a stand-in answers from; tests swap it between rotations (the SDK clients, made once, keep the endpoint). */
export interface SecretsManagerBacking {
  fake: FakeSecretsManager;
  /** The secret is binary: GetSecretValue answers `SecretBinary` and no `SecretString`. */
  binary?: boolean;
}

/** Secrets Manager (JSON 1.1) over `backing.fake`: DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage, GetRandomPassword. */
export async function startSecretsManagerHttp(backing: SecretsManagerBacking): Promise<HttpStandIn> {
  const requests: RecordedRequest[] = [];
  const operations: { [op: string]: JsonOperation } = {
    DescribeSecret: async p => ({ ARN: p.SecretId, Name: name(p.SecretId), ...(await backing.fake.describeSecret()) }),
    GetSecretValue: async p => {
      const stage = p.VersionStage ?? 'AWSCURRENT';
      const value = await backing.fake.getSecretValue(p.SecretId, stage, p.VersionId);
      const versionId = p.VersionId ?? [...backing.fake.versions].find(([, v]) => v.stages.includes(stage))![0];
      const stages = backing.fake.versions.get(versionId)!.stages;
      return secretValueAnswer(p.SecretId, versionId, value, backing.binary ?? false, { VersionStages: stages });
    },
    PutSecretValue: async p => {
      // Secrets Manager labels a new value AWSCURRENT when no VersionStages are given: the fake only keeps pending values
      if (JSON.stringify(p.VersionStages) !== '["AWSPENDING"]') throw new AwsError('InvalidRequestException', `the stand-in only stores AWSPENDING values, got VersionStages ${JSON.stringify(p.VersionStages)}`);
      if (typeof p.SecretString !== 'string') throw new AwsError('InvalidRequestException', 'SecretString expected');
      await backing.fake.putPendingSecretValue(p.SecretId, p.ClientRequestToken, p.SecretString);
      return { ARN: p.SecretId, Name: name(p.SecretId), VersionId: p.ClientRequestToken, VersionStages: p.VersionStages };
    },
    UpdateSecretVersionStage: async p => {
      if (p.VersionStage !== 'AWSCURRENT') throw new AwsError('InvalidRequestException', `the stand-in only moves AWSCURRENT, got ${p.VersionStage}`);
      // as Secrets Manager: moving a stage that is attached to a version needs RemoveFromVersionId naming that version
      if (p.RemoveFromVersionId === undefined) throw new AwsError('InvalidParameterException', 'The parameter RemoveFromVersionId is required because AWSCURRENT is attached to another version');
      if (!backing.fake.versions.has(p.MoveToVersionId)) throw new AwsError('ResourceNotFoundException', `no version ${p.MoveToVersionId}`);
      await backing.fake.promoteToCurrent(p.SecretId, p.MoveToVersionId, p.RemoveFromVersionId);
      return { ARN: p.SecretId, Name: name(p.SecretId) };
    },
    GetRandomPassword: async p => {
      let password = await backing.fake.getRandomPassword(p.PasswordLength ?? 32, p.ExcludeCharacters ?? '');
      // IncludeSpace defaults to true in Secrets Manager: a space then may appear (here: always does)
      if (p.IncludeSpace !== false) password = ` ${password.slice(1)}`;
      return { RandomPassword: password };
    },
  };
  const server = await startAwsJsonServer({
    service: 'secretsmanager',
    operations,
    onRequest: r => requests.push({ operation: r.operation, params: r.params }),
  });
  return standIn(server, requests);
}

export interface ElastiCacheBacking {
  fake: FakeElastiCache;
  /** DescribeReplicationGroups / DescribeUsers answer `modifying` this many times after each Modify call. @default 0 */
  modifyingPolls?: number;
  /**
   * DescribeReplicationGroups / DescribeUsers answer without the list element (`no-list`) or with an empty list
   * (`empty-list`) instead of the group or user. @default - the group or user
   */
  describeAnswer?: 'no-list' | 'empty-list';
}

const XMLNS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * ElastiCache (AWS Query) over `fake`: ModifyReplicationGroup, DescribeReplicationGroups, ModifyUser, DescribeUsers.
 * As ElastiCache does, a ModifyReplicationGroup without ApplyImmediately=true is accepted and waits for the
 * maintenance window (here: never applied).
 */
export async function startElastiCacheHttp(backing: ElastiCacheBacking): Promise<HttpStandIn> {
  const requests: RecordedRequest[] = [];
  let modifying = 0;
  /** The fake's own "modifying" answers are consumed here: the stand-in answers `backing.modifyingPolls` of its own. */
  const settle = async (status: () => Promise<string>, ready: string) => {
    for (let i = 0; i < 10 && await status() !== ready; i++);
    modifying = backing.modifyingPolls ?? 0;
  };
  const statusNow = (ready: string) => (modifying-- > 0 ? 'modifying' : ready);
  const listAnswer = (list: string, item: string) =>
    (backing.describeAnswer === 'no-list' ? '' : `<${list}>${backing.describeAnswer === 'empty-list' ? '' : item}</${list}>`);
  const operations: { [op: string]: (p: { [k: string]: string }, list: (name: string) => string[]) => Promise<string> } = {
    ModifyReplicationGroup: async p => {
      const strategy = p.AuthTokenUpdateStrategy;
      if (strategy !== 'ROTATE' && strategy !== 'SET') throw new AwsError('InvalidParameterValue', `AuthTokenUpdateStrategy ${strategy}: the stand-in handles ROTATE and SET`);
      if (p.ApplyImmediately === 'true') {
        await backing.fake.modifyAuthToken(p.ReplicationGroupId, p.AuthToken, strategy);
        await settle(() => backing.fake.replicationGroupStatus(p.ReplicationGroupId), 'available');
      }
      return `<ReplicationGroup><ReplicationGroupId>${xml(p.ReplicationGroupId)}</ReplicationGroupId><Status>modifying</Status></ReplicationGroup>`;
    },
    DescribeReplicationGroups: async p => listAnswer('ReplicationGroups',
      `<ReplicationGroup><ReplicationGroupId>${xml(p.ReplicationGroupId)}</ReplicationGroupId><Status>${statusNow('available')}</Status></ReplicationGroup>`),
    ModifyUser: async (p, list) => {
      await backing.fake.modifyUserPasswords(p.UserId, list('Passwords'));
      await settle(() => backing.fake.userStatus(), 'active');
      return `<UserId>${xml(p.UserId)}</UserId><Status>modifying</Status>`;
    },
    DescribeUsers: async p => listAnswer('Users', `<member><UserId>${xml(p.UserId)}</UserId><Status>${statusNow('active')}</Status></member>`),
  };
  const server = await serveLoopback(async (_req, body) => {
    const form = new URLSearchParams(body);
    const operation = form.get('Action') ?? '';
    const params: { [k: string]: string } = {};
    for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') params[k] = v;
    requests.push({ operation, params });
    const list = (n: string) => Object.keys(params).filter(k => k.startsWith(`${n}.member.`))
      .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(k => params[k]);
    const type = 'text/xml';
    try {
      const op = operations[operation];
      if (form.get('Version') !== '2015-02-02' || !op) throw new AwsError('InvalidAction', `unsupported ${operation} (version ${form.get('Version')})`);
      const result = await op(params, list);
      return {
        status: 200,
        type,
        body: `<${operation}Response xmlns="${XMLNS}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>stand-in-request</RequestId></ResponseMetadata></${operation}Response>`,
      };
    } catch (e) {
      const err = awsErrorOf(e);
      return {
        status: 400,
        type,
        body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${err.code}</Code><Message>${xml(err.message)}</Message></Error><RequestId>stand-in-request</RequestId></ErrorResponse>`,
      };
    }
  });
  return standIn(server, requests);
}
