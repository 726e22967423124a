/**
 * The in-process fakes of test/rotation/fake-aws.ts behind a loopback HTTP endpoint that speaks the wire
 * protocols of the real services (Secrets Manager: JSON 1.1 with `X-Amz-Target`; ElastiCache: the query
 * protocol, form-encoded requests and XML answers), so that the rotation handler (rotation.lambda.ts) runs
 * through the real AWS SDK clients. Every request is recorded with its parameters as the SDK sent them.
 */
import * as http from 'http';
import { FakeElastiCache, FakeSecretsManager } from './fake-aws';
import { LOOPBACK } from '../probe/redis-fixture';

export interface FakeAwsEndpoint {
  readonly url: string;
  /** Action and parameters of each request, in order (ElastiCache: the form fields but Action and Version, as strings). */
  readonly requests: { action: string; params: { [name: string]: unknown } }[];
  /** GetSecretValue answers with `SecretBinary` instead of `SecretString`. */
  binary: boolean;
  /** DescribeReplicationGroups / DescribeUsers answer with no Status (the handler must then not see `available`). */
  omitStatus: boolean;
  /** DescribeReplicationGroups / DescribeUsers answer with an empty list. */
  emptyList: boolean;
  /**
   * Answers from these fakes from now on, with the requests and the options above reset. (One endpoint serves a
   * whole test file: an SDK client keeps the endpoint it resolved first.)
   */
  serve(secrets: FakeSecretsManager, elasticache: FakeElastiCache): void;
  stop(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const EC_NS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';

export async function startFakeAws(): Promise<FakeAwsEndpoint> {
  const requests: FakeAwsEndpoint['requests'] = [];
  let secrets: FakeSecretsManager | undefined;
  let elasticache: FakeElastiCache | undefined;
  const endpoint = {
    omitStatus: false,
    emptyList: false,
    binary: false,
    serve: (s: FakeSecretsManager, e: FakeElastiCache) => {
      [secrets, elasticache] = [s, e];
      requests.length = 0;
      endpoint.omitStatus = false;
      endpoint.emptyList = false;
      endpoint.binary = false;
    },
  };

  async function secretsManager(action: string, p: any): Promise<object> {
    if (!secrets) throw new Error('InternalServiceError: no fake to answer from');
    switch (action) {
      case 'DescribeSecret': return { ARN: p.SecretId, Name: 'redis', ...(await secrets.describeSecret()) };
      case 'GetSecretValue': {
        const value = await secrets.getSecretValue(p.SecretId, p.VersionStage, p.VersionId);
        return endpoint.binary
          ? { ARN: p.SecretId, Name: 'redis', SecretBinary: Buffer.from(value).toString('base64') }
          : { ARN: p.SecretId, Name: 'redis', SecretString: value };
      }
      case 'PutSecretValue':
        if (JSON.stringify(p.VersionStages) !== '["AWSPENDING"]') throw new Error(`InvalidRequestException: this fake labels new values AWSPENDING only, got ${JSON.stringify(p.VersionStages)}`);
        await secrets.putPendingSecretValue(p.SecretId, p.ClientRequestToken, p.SecretString);
        return { ARN: p.SecretId, Name: 'redis', VersionId: p.ClientRequestToken, VersionStages: ['AWSPENDING'] };
      case 'UpdateSecretVersionStage':
        if (p.VersionStage !== 'AWSCURRENT') throw new Error(`InvalidRequestException: this fake moves AWSCURRENT only, got ${p.VersionStage}`);
        await secrets.promoteToCurrent(p.SecretId, p.MoveToVersionId, p.RemoveFromVersionId);
        return { ARN: p.SecretId, Name: 'redis' };
      case 'GetRandomPassword':
        return { RandomPassword: await secrets.getRandomPassword(p.PasswordLength, p.ExcludeCharacters ?? '') };
      default: throw new Error(`InvalidRequestException: unsupported ${action}`);
    }
  }

  async function elastiCache(action: string, p: { [k: string]: string }): Promise<string> {
    if (!elasticache) throw new Error('InternalFailure: no fake to answer from');
    const status = (s: string) => (endpoint.omitStatus ? '' : `<Status>${s}</Status>`);
    switch (action) {
      case 'ModifyReplicationGroup':
        if (p.ApplyImmediately !== 'true') throw new Error('InvalidParameterValue: this fake applies immediately only');
        await elasticache.modifyAuthToken(p.ReplicationGroupId, p.AuthToken, p.AuthTokenUpdateStrategy as 'ROTATE' | 'SET');
        return `<ReplicationGroup><ReplicationGroupId>${xml(p.ReplicationGroupId)}</ReplicationGroupId><Status>modifying</Status></ReplicationGroup>`;
      case 'DescribeReplicationGroups': {
        const s = await elasticache.replicationGroupStatus(p.ReplicationGroupId);
        if (endpoint.emptyList) return '<ReplicationGroups></ReplicationGroups>';
        return `<ReplicationGroups><ReplicationGroup><ReplicationGroupId>${xml(p.ReplicationGroupId)}</ReplicationGroupId>${status(s)}</ReplicationGroup></ReplicationGroups>`;
      }
      case 'ModifyUser': {
        const passwords = Object.keys(p).filter(k => k.startsWith('Passwords.member.')).sort().map(k => p[k]);
        await elasticache.modifyUserPasswords(p.UserId, passwords);
        return `<UserId>${xml(p.UserId)}</UserId><Status>modifying</Status>`;
      }
      case 'DescribeUsers': {
        const s = await elasticache.userStatus();
        if (endpoint.emptyList) return '<Users></Users>';
        return `<Users><member><UserId>${xml(p.UserId)}</UserId>${status(s)}</member></Users>`;
      }
      default: throw new Error(`InvalidAction: unsupported ${action}`);
    }
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target.startsWith('secretsmanager.')) {
        const action = target.slice('secretsmanager.'.length);
        const params = JSON.parse(body || '{}');
        requests.push({ action, params });
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        secretsManager(action, params).then(out => res.end(JSON.stringify(out)), (e: Error) => {
          const [type, ...message] = e.message.split(': ');
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: /^[A-Za-z]+$/.test(type) ? type : 'InternalServiceError', message: message.join(': ') || e.message }));
        });
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(body));
      const { Action: action, Version: _version, ...params } = form;
      requests.push({ action, params });
      res.setHeader('content-type', 'text/xml');
      elastiCache(action, params).then(result => res.end(
        `<${action}Response xmlns="${EC_NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`,
      ), (e: Error) => {
        const [code, ...message] = e.message.split(': ');
        res.statusCode = 400;
        res.end(`<ErrorResponse xmlns="${EC_NS}"><Error><Type>Sender</Type><Code>${xml(code)}</Code><Message>${xml(message.join(': '))}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as { port: number }).port;
  return Object.assign(endpoint, {
    url: `http://${LOOPBACK}:${port}`,
    requests,
    stop: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
