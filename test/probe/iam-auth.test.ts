/**
 * SigV4 presigning for ElastiCache IAM tokens (node:crypto only), checked
 * against the AWS documentation's query-string example, and the secret parser.
 */
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
});

describe('secret strings', () => {
  test.each([
    ['a plain token', 'tok3n!', undefined, { password: 'tok3n!' }],
    ['an RBAC user secret', '{"username":"app","password":"pw"}', undefined, { username: 'app', password: 'pw' }],
    ['a JSON secret with one string field', '{"token":"t"}', undefined, { password: 't' }],
    ['a JSON field', '{"token":"t","other":"o"}', 'token', { password: 't' }],
  ])('%s', (_n, secret, field, expected) => {
    expect(credentialsFromSecretString(secret, field)).toEqual(expected);
  });

  test.each([
    ['{"a":"1","b":"2"}', undefined, /without a 'password' field \(fields: a, b\); set authSecretJsonField/],
    ['{"a":"1"}', 'token', /no string field 'token'/],
    ['plain', 'token', /not a JSON object/],
  ])('%s with field %s is an error', (secret, field, message) => {
    expect(() => credentialsFromSecretString(secret, field)).toThrow(message);
  });

  test('region of a secret ARN', () => {
    expect(regionOfArn('arn:aws:secretsmanager:eu-central-1:123456789012:secret:x-AbC')).toBe('eu-central-1');
    expect(regionOfArn('x')).toBeUndefined();
  });
});
