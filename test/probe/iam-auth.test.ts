/**
 * SigV4 presigning for ElastiCache IAM tokens (node:crypto only), checked
 * against the AWS documentation's query-string example, and the secret parser.
 */
import { createHash, createHmac } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { credentialsFromEnv, elastiCacheIamToken, presignUrl } from '../../src/probe/private/iam-auth';
import { credentialsFromSecretString, regionOfArn } from '../../src/probe/private/secrets';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('the S3 presigned-URL example of the SigV4 documentation', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
  const url = presignUrl({
    method: 'GET',
    host: 'examplebucket.s3.amazonaws.com',
    path: '/test.txt',
    query: {},
    service: 's3',
    region: 'us-east-1',
    credentials: EXAMPLE_CREDENTIALS,
    date: new Date('2013-05-24T00:00:00Z'),
    expiresSeconds: 86400,
    payloadHash: 'UNSIGNED-PAYLOAD',
  });
  expect(url).toBe('examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256'
    + '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z'
    + '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host'
    + '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
});

test('ElastiCache token: lower-case group id, Action=connect, User, 15 minutes, session token signed', () => {
  const token = elastiCacheIamToken({
    replicationGroupId: 'AirDiscovery-Prod',
    userId: 'air-api',
    region: 'eu-west-1',
    date: new Date('2026-11-28T10:00:00Z'),
    credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'FwoG/session+token=' },
  });
  expect(token).toMatch(/^airdiscovery-prod\/\?Action=connect&User=air-api&X-Amz-Algorithm=AWS4-HMAC-SHA256&/);
  expect(token).toContain('X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261128%2Feu-west-1%2Felasticache%2Faws4_request');
  expect(token).toContain('X-Amz-Expires=900');
  expect(token).toContain('X-Amz-Security-Token=FwoG%2Fsession%2Btoken%3D');
  expect(token).toMatch(/&X-Amz-Signature=[0-9a-f]{64}$/);
  expect(token).not.toMatch(/^https?:/);
});

test('credentials from the Lambda environment', () => {
  expect(credentialsFromEnv({})).toBeUndefined();
  expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 'c' }))
    .toEqual({ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c' });
  // both keys are needed; an empty session token is none
  expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a' })).toBeUndefined();
  expect(credentialsFromEnv({ AWS_SECRET_ACCESS_KEY: 'b' })).toBeUndefined();
  expect(credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: '' }))
    .toStrictEqual({ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: undefined });
});

test('a token without a date is signed now', () => {
  const before = Date.now();
  const token = elastiCacheIamToken({ replicationGroupId: 'g', userId: 'u', region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS });
  const stamp = /X-Amz-Date=(\d{8}T\d{6}Z)/.exec(token)![1];
  const signedAt = Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`);
  expect(signedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  expect(signedAt).toBeLessThanOrEqual(Date.now());
});

describe('secret strings', () => {
  test.each([
    ['a plain token', 'tok3n!', undefined, { password: 'tok3n!' }],
    ['an RBAC user secret', '{"username":"app","password":"pw"}', undefined, { username: 'app', password: 'pw' }],
    ['a JSON secret with one string field', '{"token":"t"}', undefined, { password: 't' }],
    ['a JSON field', '{"token":"t","other":"o"}', 'token', { password: 't' }],
    ['a JSON field next to a password field', '{"token":"t","password":"p"}', 'token', { password: 't' }],
    ['surrounding white space around JSON is ignored', '  \n{"password":"pw"}\n', undefined, { password: 'pw' }],
    ['a plain token keeps its white space', ' tok3n ', undefined, { password: ' tok3n ' }],
    ['a token that starts with { but is no JSON is a plain token', '{tok3n', undefined, { password: '{tok3n' }],
    ['a JSON array is a plain token', '["a"]', undefined, { password: '["a"]' }],
    ['a user secret without a string username', '{"username":7,"password":"pw"}', undefined, { password: 'pw' }],
    ['one string field next to other types', '{"n":1,"token":"t","b":true}', undefined, { password: 't' }],
  ])('%s', (_n, secret, field, expected) => {
    expect(credentialsFromSecretString(secret, field)).toEqual(expected);
  });

  test.each([
    ['{"a":"1","b":"2"}', undefined, /without a 'password' field \(fields: a, b\); set authSecretJsonField/],
    ['{"a":"1"}', 'token', /no string field 'token'/],
    ['plain', 'token', /not a JSON object/],
    ['{}', undefined, /^the secret is a JSON object without a 'password' field \(fields: \); set authSecretJsonField$/],
    ['{"password":7,"n":1}', undefined, /without a 'password' field \(fields: password, n\)/],
    ['{"a":1,"b":"2"}', 'a', /^the secret has no string field 'a' \(fields: a, b\)$/],
    ['["token"]', 'token', /^the secret is not a JSON object, but the field 'token' was asked for$/],
    ['{broken', 'token', /^the secret is not a JSON object, but the field 'token' was asked for$/],
  ])('%s with field %s is an error', (secret, field, message) => {
    expect(() => credentialsFromSecretString(secret, field)).toThrow(message);
  });

  test('region of a secret ARN', () => {
    expect(regionOfArn('arn:aws:secretsmanager:eu-central-1:123456789012:secret:x-AbC')).toBe('eu-central-1');
    expect(regionOfArn('x')).toBeUndefined();
    // six parts are enough; the first must be `arn`; an empty region is none
    expect(regionOfArn('arn:aws:secretsmanager:us-west-2:123456789012:secret')).toBe('us-west-2');
    expect(regionOfArn('arn:aws:secretsmanager:us-west-2:123456789012')).toBeUndefined();
    expect(regionOfArn('urn:aws:secretsmanager:us-west-2:123456789012:secret:x')).toBeUndefined();
    expect(regionOfArn('arn:aws:secretsmanager::123456789012:secret:x')).toBeUndefined();
  });
});

describe('against an independent SigV4 implementation (@smithy/signature-v4, which the AWS SDK signs with)', () => {
  /** SHA-256 / HMAC-SHA-256 in the shape @smithy/signature-v4 expects. */
  class Sha256 {
    private h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
    constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
      this.h = this.fresh();
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
      this.h.update(typeof data === 'string' ? data : toBytes(data));
    }
    async digest(): Promise<Uint8Array> {
      return this.h.digest();
    }
    reset(): void {
      this.h = this.fresh();
    }
    private fresh() {
      return this.secret === undefined ? createHash('sha256') : createHmac('sha256', typeof this.secret === 'string' ? this.secret : toBytes(this.secret));
    }
  }
  const toBytes = (d: ArrayBuffer | ArrayBufferView) =>
    (ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));

  /** The token the AWS SDK way: presign GET http://<group>/?Action=connect&User=<user>, then drop the scheme. */
  type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  async function sdkToken(groupId: string, userId: string, region: string, credentials: Credentials, date: Date, resourceType?: string) {
    const signer = new SignatureV4({ service: 'elasticache', region, credentials, sha256: Sha256 });
    const query: { [k: string]: string } = { Action: 'connect', User: userId, ...(resourceType ? { ResourceType: resourceType } : {}) };
    const signed = await signer.presign({
      method: 'GET', protocol: 'http:', hostname: groupId, path: '/', query, headers: { host: groupId },
    }, { signingDate: date, expiresIn: 900 });
    return { host: signed.hostname, path: signed.path, query: signed.query as { [k: string]: string } };
  }

  function parse(token: string) {
    const [hostAndPath, qs] = token.split('?');
    const slash = hostAndPath.indexOf('/');
    return { host: hostAndPath.slice(0, slash), path: hostAndPath.slice(slash), query: Object.fromEntries(new URLSearchParams(qs)) };
  }

  test.each([
    ['long-term keys', EXAMPLE_CREDENTIALS],
    ['temporary credentials (session token, signed)', { ...EXAMPLE_CREDENTIALS, sessionToken: 'FwoG/session+token=' }],
  ])('the same token, signature included: %s', async (_name, credentials) => {
    const date = new Date('2026-11-28T10:00:00Z');
    const ours = elastiCacheIamToken({ replicationGroupId: 'airdiscovery-prod', userId: 'air-api', region: 'eu-west-1', credentials, date });
    const sdk = await sdkToken('airdiscovery-prod', 'air-api', 'eu-west-1', credentials, date);
    expect(parse(ours)).toEqual(sdk);
    expect(sdk.query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('a serverless cache: ResourceType=ServerlessCache is signed into the token, as the SDK signs it', async () => {
    const date = new Date('2026-11-28T10:00:00Z');
    const ours = elastiCacheIamToken({
      replicationGroupId: 'airdiscovery-sls', userId: 'air-api', region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, date, resourceType: 'ServerlessCache',
    });
    const sdk = await sdkToken('airdiscovery-sls', 'air-api', 'us-east-1', EXAMPLE_CREDENTIALS, date, 'ServerlessCache');
    expect(sdk.query.ResourceType).toBe('ServerlessCache');
    expect(parse(ours)).toEqual(sdk);
  });

  test('the canonical query is sorted by key whatever the order and the values of the input', async () => {
    const date = new Date('2026-01-02T03:04:05Z');
    // keys in reverse order, values in the opposite order to their keys
    const query = { Zeta: 'a', Mid: 'm', Alpha: 'z' };
    const ours = presignUrl({
      method: 'GET', host: 'h', path: '/', query, service: 'elasticache', region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, date, expiresSeconds: 900,
    });
    const keys = ours.split('?')[1].split('&').map(kv => kv.split('=')[0]);
    expect(keys).toEqual(['Alpha', 'Mid', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'Zeta', 'X-Amz-Signature']);
    const signer = new SignatureV4({ service: 'elasticache', region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, sha256: Sha256 });
    const signed = await signer.presign({ method: 'GET', protocol: 'http:', hostname: 'h', path: '/', query, headers: { host: 'h' } }, { signingDate: date, expiresIn: 900 });
    expect(parse(ours).query).toEqual(signed.query);
  });

  test('every query character class is encoded as SigV4 wants (RFC 3986)', async () => {
    const date = new Date('2026-01-02T03:04:05Z');
    const user = "a b!'()*~._-/+=&";
    const ours = elastiCacheIamToken({ replicationGroupId: 'g', userId: user, region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, date });
    expect(ours).toContain('User=a%20b%21%27%28%29%2A~._-%2F%2B%3D%26&');
    expect(parse(ours)).toEqual(await sdkToken('g', user, 'us-east-1', EXAMPLE_CREDENTIALS, date));
  });
});
