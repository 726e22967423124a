import * as fs from 'fs';
import * as path from 'path';
import { Redis, RedisOptions } from 'ioredis';
import { FakeSecretsManager, startFakeSecretsManager, useFakeAws } from './probe/fake-secrets-manager';
import { Certificates, makeCertificates, RedisServer } from './probe/redis-fixture';

/**
 * The README's "NestJS / ioredis client options" block, run as written against real redis-server processes:
 * TLS with an AUTH token (the ECS recipe's REDIS_PASSWORD, and the Lambda recipe's REDIS_AUTH_SECRET_ARN read
 * through the AWS SDK from a loopback Secrets Manager stand-in), and DEV (plain, no AUTH).
 * The only thing the test adds is its own CA to the client's TLS options: ElastiCache's certificates chain to
 * public CAs, the test server's to a CA made here.
 */
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const block = /^```js\n([\s\S]*?)^```$/m.exec(README.slice(README.indexOf('### NestJS / ioredis client options')));
const TOKEN = 'readme-token-0123456789abcdef';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-auth-AbCdEf';

type RedisOptionsFn = (env: { [k: string]: string | undefined }) => Promise<RedisOptions>;

function loadReadmeBlock(): RedisOptionsFn {
  const mod: { exports: { redisOptions?: RedisOptionsFn } } = { exports: {} };
  // the block is CommonJS, as a NestJS app compiled to CommonJS loads it
  new Function('require', 'module', 'exports', block![1])(require, mod, mod.exports); // eslint-disable-line no-new-func
  return mod.exports.redisOptions!;
}

async function roundTrip(options: RedisOptions, ca?: string): Promise<string | null> {
  const client = new Redis({
    ...options,
    tls: options.tls ? { ...options.tls, ca } : undefined,
    lazyConnect: true,
    enableReadyCheck: false, // the first command meets AUTH, not ioredis' INFO ready check
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined); // failures surface as the rejected command
  try {
    await client.connect();
    await client.set('readme:key', 'value');
    return await client.get('readme:key');
  } finally {
    client.disconnect();
  }
}

describe('README: NestJS / ioredis client options', () => {
  let certs: Certificates;
  let tlsServer: RedisServer;
  let plainServer: RedisServer;
  let sm: FakeSecretsManager;
  let restore: () => void;
  let redisOptions: RedisOptionsFn;

  beforeAll(async () => {
    expect(block).not.toBeNull();
    redisOptions = loadReadmeBlock();
    certs = await makeCertificates();
    tlsServer = await RedisServer.start({ tls: certs, password: TOKEN });
    plainServer = await RedisServer.start();
    sm = await startFakeSecretsManager({ [SECRET_ARN]: TOKEN });
    restore = useFakeAws(sm.endpoint);
  });

  afterAll(async () => {
    restore?.();
    await sm?.stop();
    await tlsServer?.stop();
    await plainServer?.stop();
    if (certs) fs.rmSync(certs.dir, { recursive: true, force: true });
  });

  test('ECS (PROD): TLS and the AUTH token from REDIS_PASSWORD', async () => {
    const options = await redisOptions({ REDIS_HOST: 'localhost', REDIS_PORT: `${tlsServer.port}`, REDIS_TLS: 'true', REDIS_PASSWORD: TOKEN });
    expect(options).toMatchObject({ host: 'localhost', port: tlsServer.port, tls: {}, password: TOKEN });
    expect(await roundTrip(options, certs.caPem)).toBe('value');
    expect(sm.requests).toEqual([]);
  });

  test('Lambda (PROD): the AUTH token read from the secret named by REDIS_AUTH_SECRET_ARN', async () => {
    const options = await redisOptions({ REDIS_HOST: 'localhost', REDIS_PORT: `${tlsServer.port}`, REDIS_TLS: 'true', REDIS_AUTH_SECRET_ARN: SECRET_ARN });
    expect(options.password).toBe(TOKEN);
    expect(sm.requests).toEqual([SECRET_ARN]);
    expect(await roundTrip(options, certs.caPem)).toBe('value');
  });

  test('without the token the TLS server refuses the commands (so the test above proves AUTH)', async () => {
    const options = await redisOptions({ REDIS_HOST: 'localhost', REDIS_PORT: `${tlsServer.port}`, REDIS_TLS: 'true' });
    expect(options.password).toBeUndefined();
    await expect(roundTrip(options, certs.caPem)).rejects.toThrow(/NOAUTH/);
  });

  test('DEV: no TLS, no AUTH', async () => {
    const options = await redisOptions({ REDIS_HOST: '127.0.0.1', REDIS_PORT: `${plainServer.port}`, REDIS_TLS: 'false' });
    expect(options.tls).toBeUndefined();
    expect(options.password).toBeUndefined();
    expect(await roundTrip(options)).toBe('value');
  });
});
