/**
 * A loopback stand-in for the Secrets Manager API (GetSecretValue only), so
 * that the probe's secret-reading path runs through the real AWS SDK client
 * without an AWS account. Redis itself is never faked.
 */
import * as http from 'http';
import * as net from 'net';
import { LOOPBACK } from './redis-fixture';

export interface FakeSecretsManager {
  readonly endpoint: string;
  /** ARNs asked for, in order. */
  readonly requests: string[];
  /** The region each request was signed for (SigV4 credential scope), in order. */
  readonly signingRegions: string[];
  /** TCP connections from clients that are still open. */
  openConnections(): number;
  stop(): Promise<void>;
}

export interface FakeSecretsManagerOptions {
  /** Never answer (a black-holed endpoint): requests are read and left hanging. */
  readonly hang?: boolean;
  /** ARNs whose secret is binary (`SecretBinary`, no `SecretString`). */
  readonly binary?: string[];
}

export async function startFakeSecretsManager(
  secrets: { [arn: string]: string }, options: FakeSecretsManagerOptions = {},
): Promise<FakeSecretsManager> {
  const requests: string[] = [];
  const signingRegions: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/secretsmanager\//.exec(String(req.headers.authorization ?? ''));
    signingRegions.push(scope?.[1] ?? '');
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(body || '{}') as { SecretId?: string };
      const arn = input.SecretId ?? '';
      requests.push(arn);
      if (options.hang) return;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'InvalidRequestException', message: `unsupported ${target}` }));
      } else if (!(arn in secrets)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Secrets Manager can\'t find the specified secret.' }));
      } else if (options.binary?.includes(arn)) {
        const blob = Buffer.from(secrets[arn]).toString('base64');
        res.end(JSON.stringify({ ARN: arn, Name: arn.split(':').pop(), VersionId: 'v1', SecretBinary: blob, CreatedDate: 0 }));
      } else {
        res.end(JSON.stringify({ ARN: arn, Name: arn.split(':').pop(), VersionId: 'v1', SecretString: secrets[arn], CreatedDate: 0 }));
      }
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
    requests,
    signingRegions,
    openConnections: () => sockets.size,
    stop: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** Points the AWS SDK at the fake with dummy credentials; returns a function restoring the environment. */
export function useFakeAws(endpoint: string): () => void {
  const vars: { [k: string]: string } = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAPROBETEST0000000',
    AWS_SECRET_ACCESS_KEY: 'probe-test-secret-key',
    AWS_REGION: 'us-east-1',
  };
  const saved: { [k: string]: string | undefined } = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  for (const k of ['AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
