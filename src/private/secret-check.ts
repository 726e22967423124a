import { Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS } from './naming';

/**
 * What ElastiCache accepts in an AUTH token (user guide "Authenticating with the Valkey and Redis OSS
 * AUTH command"): 16-128 printable characters, of the punctuation only `! & # $ ^ < > -`, no spaces.
 */
export const AUTH_TOKEN_SPECIALS = '!&#$^<>-';
/** The punctuation Secrets Manager's GetRandomPassword draws from unless told otherwise (ExcludePunctuation). */
export const SECRETS_MANAGER_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
/** GetRandomPassword's default PasswordLength. */
export const SECRETS_MANAGER_DEFAULT_LENGTH = 32;

/** What the construct can tell about a secret passed to `authTokenFromSecret()`. */
export interface TokenSecretFindings {
  /** The secret's construct path. */
  readonly path: string;
  /** The secret holds a literal value written into the template (secretStringValue, secretObjectValue). */
  readonly literal: boolean;
  /** Characters the generation may produce that ElastiCache refuses (a space shown as 'space'). */
  readonly refusedCharacters: string[];
  /** The generated length, when it is outside 16-128. */
  readonly badLength?: number;
  /** A JSON mismatch between the generation and `jsonField`, described. */
  readonly jsonProblem?: string;
  /** The generation settings, as the user wrote them (for messages). */
  readonly settings: string;
}

/**
 * Inspects a secret created in this app (`new secretsmanager.Secret(...)`). Imported secrets and
 * settings that are tokens cannot be judged: `undefined`.
 */
export function inspectTokenSecret(secret: secretsmanager.ISecret | undefined, jsonField: string | undefined,
  resolve: (x: unknown) => unknown): TokenSecretFindings | undefined {
  const cfn = secret?.node.defaultChild;
  if (!secret || !(cfn instanceof secretsmanager.CfnSecret)) return undefined;
  const path = secret.node.path;
  if (cfn.secretString !== undefined) {
    const resolved = JSON.stringify(resolve(cfn.secretString)) ?? '';
    const literal = !resolved.includes('{{resolve:');
    return { path, literal, refusedCharacters: [], settings: 'secretStringValue / secretObjectValue' };
  }
  const g = cfn.generateSecretString;
  if (g === undefined || Token.isUnresolved(g)) return undefined;
  const gen = g as secretsmanager.CfnSecret.GenerateSecretStringProperty;
  const settings = describeSettings(gen);

  let jsonProblem: string | undefined;
  if (jsonField !== undefined && gen.generateStringKey !== jsonField) {
    const inTemplate = typeof gen.secretStringTemplate === 'string' && !Token.isUnresolved(gen.secretStringTemplate)
      && safeJsonKeys(gen.secretStringTemplate).includes(jsonField);
    jsonProblem = inTemplate
      ? `jsonField '${jsonField}' is a literal value of secretStringTemplate (written into the template), not the generated field '${gen.generateStringKey ?? '(none: the whole secret string is generated)'}'`
      : `jsonField '${jsonField}' is not a field of the secret (it generates ${gen.generateStringKey ? `'${gen.generateStringKey}'` : 'a plain string, not JSON'})`;
  } else if (jsonField === undefined && gen.generateStringKey !== undefined) {
    jsonProblem = `the secret is a JSON document (generateStringKey '${gen.generateStringKey}') but no jsonField was given, so the whole JSON document would be the token`;
  }

  const refused: string[] = [];
  if (gen.includeSpace === true) refused.push('space');
  if (gen.excludePunctuation !== true) {
    const excluded = gen.excludeCharacters;
    if (excluded === undefined || !Token.isUnresolved(excluded)) {
      for (const ch of SECRETS_MANAGER_PUNCTUATION) {
        if (!AUTH_TOKEN_SPECIALS.includes(ch) && !(excluded ?? '').includes(ch)) refused.push(ch);
      }
    }
  }
  const length = gen.passwordLength ?? SECRETS_MANAGER_DEFAULT_LENGTH;
  const badLength = !Token.isUnresolved(length) && (!Number.isInteger(length) || length < 16 || length > 128) ? length : undefined;
  return { path, literal: false, refusedCharacters: refused, badLength, jsonProblem, settings };
}

/** The exact `excludeCharacters` that leaves only what ElastiCache accepts. */
export const EXCLUDE_FOR_AUTH_TOKEN = ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS;

function describeSettings(g: secretsmanager.CfnSecret.GenerateSecretStringProperty): string {
  const parts = Object.entries({
    passwordLength: g.passwordLength,
    excludePunctuation: g.excludePunctuation,
    excludeCharacters: g.excludeCharacters,
    includeSpace: g.includeSpace,
    requireEachIncludedType: g.requireEachIncludedType,
    generateStringKey: g.generateStringKey,
  }).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${typeof v === 'string' ? `'${v}'` : v}`);
  return parts.length > 0 ? `generateSecretString { ${parts.join(', ')} }` : 'the default settings (32 characters, every punctuation character)';
}

function safeJsonKeys(text: string): string[] {
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
  } catch {
    return [];
  }
}
