/**
 * Reads the AUTH token / RBAC password from Secrets Manager at run time.
 * `@aws-sdk/*` is external to the bundle: the Lambda Node.js runtime provides it.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The region of a secret ARN (`arn:aws:secretsmanager:<region>:...`). */
export function regionOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

/**
 * The secret's string, within `timeoutMs`. Honours `AWS_ENDPOINT_URL_SECRETS_MANAGER`
 * (VPC endpoint overrides, local tests).
 */
export async function readSecretString(arn: string, timeoutMs: number): Promise<string> {
  const client = new SecretsManagerClient({
    region: regionOfArn(arn) ?? process.env.AWS_REGION,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    if (out.SecretString === undefined) {
      throw new Error(`secret ${arn} has no SecretString (binary secrets are not supported)`);
    }
    return out.SecretString;
  } finally {
    client.destroy();
  }
}

/** What a secret yields for AUTH. */
export interface SecretCredentials {
  readonly username?: string;
  readonly password: string;
}

/**
 * Interprets a secret's string:
 * - `jsonField` given: the secret is JSON and the field holds the password;
 * - a JSON object with `password` (RBAC user secrets: `{ "username", "password" }`);
 * - a JSON object with exactly one string field;
 * - otherwise the whole string is the token.
 */
export function credentialsFromSecretString(secret: string, jsonField?: string): SecretCredentials {
  let parsed: unknown;
  const trimmed = secret.trim();
  if (trimmed.startsWith('{')) {
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
  }
  if (jsonField !== undefined) {
    if (!isObject(parsed)) throw new Error(`the secret is not a JSON object, but the field '${jsonField}' was asked for`);
    const value = parsed[jsonField];
    if (typeof value !== 'string') throw new Error(`the secret has no string field '${jsonField}' (fields: ${Object.keys(parsed).join(', ')})`);
    return { password: value };
  }
  if (isObject(parsed)) {
    if (typeof parsed.password === 'string') {
      return { password: parsed.password, username: typeof parsed.username === 'string' ? parsed.username : undefined };
    }
    const strings = Object.keys(parsed).filter(k => typeof parsed[k] === 'string');
    if (strings.length === 1) return { password: parsed[strings[0]] as string };
    throw new Error(`the secret is a JSON object without a 'password' field (fields: ${Object.keys(parsed).join(', ')}); set authSecretJsonField`);
  }
  return { password: secret };
}

function isObject(x: unknown): x is { [k: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
