/**
 * readSecretString (src/probe/private/secrets.ts) through the real AWS SDK client against a loopback Secrets
 * Manager stand-in: the region the request is signed for, the deadline, binary secrets, and that the client's
 * sockets are closed after each read (a Lambda must not keep idle connections to the endpoint).
 */
import { FakeSecretsManager, startFakeSecretsManager, useFakeAws } from './fake-secrets-manager';
import { readSecretString } from '../../src/probe/private/secrets';

const EU = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:air-auth-AbCdEf';
const NO_REGION = 'arn:aws:secretsmanager::123456789012:secret:air-auth-AbCdEf';

async function withFake<T>(secrets: { [arn: string]: string }, options: Parameters<typeof startFakeSecretsManager>[1],
  run: (fake: FakeSecretsManager) => Promise<T>): Promise<T> {
  const fake = await startFakeSecretsManager(secrets, options);
  const restore = useFakeAws(fake.endpoint); // AWS_REGION=us-east-1
  try {
    return await run(fake);
  } finally {
    restore();
    await fake.stop();
  }
}

describe('readSecretString', () => {
  test('signs for the region of the secret ARN, not the function region (AWS_REGION=us-east-1)', async () => {
    await withFake({ [EU]: 'token-eu' }, {}, async fake => {
      await expect(readSecretString(EU, 2_000)).resolves.toBe('token-eu');
      expect(fake.signingRegions).toEqual(['eu-west-1']);
    });
  });

  test('an ARN without a region is read in the function region', async () => {
    await withFake({ [NO_REGION]: 'token' }, {}, async fake => {
      await expect(readSecretString(NO_REGION, 2_000)).resolves.toBe('token');
      expect(fake.signingRegions).toEqual(['us-east-1']);
    });
  });

  test('a binary secret is refused with a message that names the ARN', async () => {
    await withFake({ [EU]: 'bytes' }, { binary: [EU] }, async () => {
      await expect(readSecretString(EU, 2_000)).rejects.toThrow(
        `secret ${EU} has no SecretString (binary secrets are not supported)`);
    });
  });

  test('an endpoint that never answers fails within the time given, not after SDK retries', async () => {
    await withFake({ [EU]: 'token' }, { hang: true }, async fake => {
      const started = Date.now();
      // a read that never ends must fail this test, not hang it: give up waiting after 3 s
      const gaveUp = new Promise<string>(resolve => setTimeout(() => resolve('no answer after 3 s'), 3_000).unref());
      await expect(Promise.race([readSecretString(EU, 600), gaveUp])).rejects.toThrow();
      const took = Date.now() - started;
      // the abort signal ends the whole call (both attempts) at 600 ms; without it the second attempt's own
      // request timeout would end it at 1,200 ms or later
      expect(took).toBeGreaterThanOrEqual(550);
      expect(took).toBeLessThan(1_100);
      expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    });
  });

  test('the client closes its connection after the read', async () => {
    await withFake({ [EU]: 'token' }, {}, async fake => {
      await readSecretString(EU, 2_000);
      const deadline = Date.now() + 1_000;
      while (fake.openConnections() > 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
      expect(fake.openConnections()).toBe(0);
    });
  });
});
