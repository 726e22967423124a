/**
 * The one loopback AWS API server behind the test stand-ins, so that code under test runs through the real
 * AWS SDK v3 clients without an AWS account:
 * - `serveLoopback`: HTTP on a free port of 127.0.0.1, open connections counted, every connection closed on stop;
 * - `startAwsJsonServer`: the AWS JSON 1.1 protocol on top of it (`x-amz-target: <service>.<Operation>`, JSON
 *   body and answer, errors as `400 {"__type": <code>, "message": ...}`), every request recorded with the
 *   region its SigV4 signature is scoped to.
 * A stand-in keeps only its own operations and state and plugs them in here.
 *
 * Decision (layout): this file sits at the top of test/, next to util.ts, because it serves two folders:
 * test/probe/fake-secrets-manager.ts (GetSecretValue, for the probe, health and README client) and the
 * Secrets Manager half of test/rotation/fake-aws-http.ts (the rotation operations); the latter's ElastiCache
 * stand-in (AWS Query protocol, XML) uses `serveLoopback`, `AwsError` and `awsErrorOf` from here too. What
 * both Secrets Manager stand-ins answer alike (the GetSecretValue answer) is `secretValueAnswer` below.
 */
import * as http from 'http';
import * as net from 'net';
import { LOOPBACK } from './probe/redis-fixture';

/** A running loopback server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** TCP connections from clients that are still open. */
  openConnections(): number;
  stop(): Promise<void>;
}

/** What the server sends back to one request. */
export interface Answer {
  readonly status: number;
  /** The content-type header. */
  readonly type: string;
  readonly body: string;
}

/** An AWS error answer: `code` becomes the SDK exception's name. */
export class AwsError extends Error {
  constructor(public readonly code: string, message: string) {
    super(message);
  }
}

/** Stand-in state throws `Code: message` errors (see rotation/fake-aws.ts); anything else is an internal failure of the stand-in. */
export function awsErrorOf(e: unknown): AwsError {
  if (e instanceof AwsError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const m = /^([A-Za-z]+(?:Exception|Value|NotFound)): (.*)$/s.exec(message);
  return m ? new AwsError(m[1], m[2]) : new AwsError('InternalServiceError', message);
}

/**
 * Serves `handle` over HTTP on a free loopback port. `handle` gets the request and its whole body; when it
 * resolves to `undefined` the request is left unanswered (a black-holed endpoint).
 */
export async function serveLoopback(
  handle: (req: http.IncomingMessage, body: string) => Promise<Answer | undefined>,
): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      void handle(req, body)
        .catch((e: unknown): Answer => ({ status: 500, type: 'text/plain', body: `stand-in failure: ${e instanceof Error ? e.message : String(e)}` }))
        .then(answer => {
          if (answer === undefined) return;
          res.statusCode = answer.status;
          res.setHeader('content-type', answer.type);
          res.setHeader('x-amzn-requestid', 'stand-in-request');
          res.end(answer.body);
        });
    });
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, LOOPBACK, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    openConnections: () => sockets.size,
    stop: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** One JSON 1.1 request as it arrived. */
export interface JsonRequest {
  /** The operation named by `x-amz-target` (the part after `<service>.`; the whole header when it names another service). */
  readonly operation: string;
  /** The JSON body. */
  readonly params: any;
  /** The region of the SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/...`); '' when unsigned or for another service. */
  readonly signingRegion: string;
}

/** An operation: the request's JSON body in, the answer's JSON body out; throw `AwsError` (or a `Code: message` error) to answer an error. */
export type JsonOperation = (params: any) => Promise<object>;

export interface AwsJsonServerOptions {
  /** The target prefix and SigV4 signing name, e.g. `secretsmanager`. */
  readonly service: string;
  /** The operations served, by name; any other target is answered `InvalidRequestException: unsupported <target>`. */
  readonly operations: { readonly [operation: string]: JsonOperation };
  /** Called with every request (served or not) before it is answered. */
  readonly onRequest?: (request: JsonRequest) => void;
  /** Never answer (a black-holed endpoint): requests are read, recorded and left hanging. @default false */
  readonly hang?: boolean;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

/** An AWS JSON 1.1 service on a free loopback port. */
export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<LoopbackServer> {
  const prefix = `${options.service}.`;
  const scope = new RegExp(`Credential=[^/]+/\\d{8}/([^/]+)/${options.service}/`);
  return serveLoopback(async (req, body) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(prefix) ? target.slice(prefix.length) : target;
    const signingRegion = scope.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    let params: any;
    try {
      params = JSON.parse(body || '{}');
    } catch (e) {
      return jsonError(new AwsError('SerializationException', `the body is not JSON: ${(e as Error).message}`));
    }
    options.onRequest?.({ operation, params, signingRegion });
    if (options.hang) return undefined;
    try {
      const served = target.startsWith(prefix) && Object.prototype.hasOwnProperty.call(options.operations, operation);
      const op = served ? options.operations[operation] : undefined;
      if (!op) throw new AwsError('InvalidRequestException', `unsupported ${target}`);
      return { status: 200, type: JSON_TYPE, body: JSON.stringify(await op(params)) };
    } catch (e) {
      return jsonError(awsErrorOf(e));
    }
  });
}

function jsonError(err: AwsError): Answer {
  return { status: 400, type: JSON_TYPE, body: JSON.stringify({ __type: err.code, message: err.message }) };
}

/**
 * A Secrets Manager GetSecretValue answer: the value as `SecretString`, or base64 `SecretBinary` (and no
 * `SecretString`) for a binary secret; `extra` fields (e.g. `VersionStages`) are added.
 */
export function secretValueAnswer(arn: string, versionId: string, value: string, binary: boolean, extra: object = {}): object {
  const secret = binary ? { SecretBinary: Buffer.from(value).toString('base64') } : { SecretString: value };
  return { ARN: arn, Name: secretName(arn), VersionId: versionId, ...secret, ...extra, CreatedDate: 0 };
}

/** The name part of a secret ARN (its last `:` field), as Secrets Manager answers `Name`. */
export function secretName(arn: string): string {
  return String(arn).split(':').pop()!;
}
