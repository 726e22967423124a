/**
 * ElastiCache IAM authentication tokens: a SigV4 query-string presigned
 * `GET https://<replication-group-id>/?Action=connect&User=<user-id>` (plus
 * `&ResourceType=ServerlessCache` for a serverless cache, named in place of the group) for the
 * service `elasticache`, valid 15 minutes, sent as the password of
 * `AUTH <user-id> <token>` (the scheme is stripped).
 *
 * Written with node:crypto only, so the probe bundle does not depend on which
 * `@smithy/*` packages the Lambda runtime happens to ship. Not exported from the
 * package: only the probe handler uses it.
 */
import { createHash, createHmac } from 'crypto';

/** AWS credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Input of `presignUrl()`. */
export interface PresignInput {
  readonly method: string;
  readonly host: string;
  /** Absolute path, already URI-encoded (e.g. `/`). */
  readonly path: string;
  readonly query: { [key: string]: string };
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly date: Date;
  readonly expiresSeconds: number;
  /** @default - SHA-256 of the empty payload */
  readonly payloadHash?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** RFC 3986 encoding, as SigV4 wants it. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** `20130524T000000Z` */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * A SigV4 presigned URL without its scheme: `host/path?query&X-Amz-Signature=...`.
 */
export function presignUrl(input: PresignInput): string {
  const stamp = amzDate(input.date);
  const day = stamp.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const query: { [key: string]: string } = {
    ...input.query,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': `${input.credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': stamp,
    'X-Amz-Expires': `${input.expiresSeconds}`,
    'X-Amz-SignedHeaders': 'host',
  };
  if (input.credentials.sessionToken) query['X-Amz-Security-Token'] = input.credentials.sessionToken;
  const canonicalQuery = Object.keys(query)
    .map(k => [uriEncode(k), uriEncode(query[k])])
    // SigV4 sorts by key, then by value for equal keys; an object's keys are unique and uriEncode is injective,
    // so two encoded keys never tie and the key comparison alone decides (no unreachable value tie-break)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    input.method,
    input.path,
    canonicalQuery,
    `host:${input.host}\n`,
    'host',
    input.payloadHash ?? sha256Hex(''),
  ].join('\n');
  const stringToSign = [ALGORITHM, stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
  const kRegion = hmac(kDate, input.region);
  const kService = hmac(kRegion, input.service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  return `${input.host}${input.path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

/** Input of `elastiCacheIamToken()`. */
export interface IamTokenInput {
  /** The replication group id (lower-cased here, as ElastiCache stores it). */
  readonly replicationGroupId: string;
  /** The IAM-enabled user's id (equal to its name). */
  readonly userId: string;
  /**
   * `ServerlessCache` for a serverless cache (signed as the `ResourceType` query parameter).
   * @default - a replication group: no `ResourceType`
   */
  readonly resourceType?: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** @default - now */
  readonly date?: Date;
}

/** Tokens are valid for 15 minutes; the connection they open, for 12 hours. */
export const IAM_TOKEN_EXPIRES_SECONDS = 900;

/** The password for `AUTH <userId> <token>` against an IAM-enabled user. */
export function elastiCacheIamToken(input: IamTokenInput): string {
  return presignUrl({
    method: 'GET',
    host: input.replicationGroupId.toLowerCase(),
    path: '/',
    query: { Action: 'connect', User: input.userId, ...(input.resourceType ? { ResourceType: input.resourceType } : {}) },
    service: 'elasticache',
    region: input.region,
    credentials: input.credentials,
    date: input.date ?? new Date(),
    expiresSeconds: IAM_TOKEN_EXPIRES_SECONDS,
  });
}

/** Credentials from the Lambda environment (`AWS_ACCESS_KEY_ID`, ...). */
export function credentialsFromEnv(env: { [name: string]: string | undefined }): AwsCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
}
