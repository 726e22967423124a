/**
 * A loopback stand-in for the Secrets Manager API (GetSecretValue only), so
 * that the probe's secret-reading path runs through the real AWS SDK client
 * without an AWS account. Redis itself is never faked. The serving and the
 * JSON 1.1 protocol are ../aws-json-server.ts; this file keeps the secrets.
 */
import { AwsError, secretValueAnswer, startAwsJsonServer } from '../aws-json-server';

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
  const server = await startAwsJsonServer({
    service: 'secretsmanager',
    hang: options.hang,
    onRequest: r => {
      signingRegions.push(r.signingRegion);
      requests.push(r.params.SecretId ?? '');
    },
    operations: {
      GetSecretValue: async (p: { SecretId?: string }) => {
        const arn = p.SecretId ?? '';
        if (!Object.prototype.hasOwnProperty.call(secrets, arn)) throw new AwsError('ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
        return secretValueAnswer(arn, 'v1', secrets[arn], options.binary?.includes(arn) ?? false);
      },
    },
  });
  return { ...server, requests, signingRegions };
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
