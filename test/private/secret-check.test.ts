/**
 * `inspectTokenSecret()` (src/private/secret-check.ts): what the construct can tell about a secret passed to
 * `RedisAuthentication.authTokenFromSecret()` before ElastiCache refuses it at deploy time (the findings become the
 * validation messages of docs/validation.md). Real `secretsmanager.Secret`s in a stack, resolved by the stack.
 */
import { Lazy, SecretValue, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AUTH_TOKEN_SPECIALS, inspectTokenSecret, SECRETS_MANAGER_PUNCTUATION } from '../../src/private/secret-check';

function inspect(props: secretsmanager.SecretProps, jsonField?: string, edit?: (cfn: secretsmanager.CfnSecret) => void) {
  const stack = new Stack(undefined, 'S');
  const secret = new secretsmanager.Secret(stack, 'Token', props);
  edit?.(secret.node.defaultChild as secretsmanager.CfnSecret);
  return inspectTokenSecret(secret, jsonField, x => stack.resolve(x));
}

/** What GetRandomPassword may draw that ElastiCache refuses, with nothing excluded. */
const REFUSED_BY_DEFAULT = [...SECRETS_MANAGER_PUNCTUATION].filter(c => !AUTH_TOKEN_SPECIALS.includes(c));

describe('a secret with a literal value', () => {
  test('secretStringValue: literal, named as such', () => {
    expect(inspect({ secretStringValue: SecretValue.unsafePlainText('a-token-0123456789') })).toEqual({
      path: 'S/Token', literal: true, refusedCharacters: [], settings: 'secretStringValue / secretObjectValue',
    });
  });

  test('a value that is a dynamic reference is not a literal', () => {
    expect(inspect({ secretStringValue: SecretValue.secretsManager('other') })).toMatchObject({ literal: false, settings: 'secretStringValue / secretObjectValue' });
  });
});

describe('what cannot be judged: undefined', () => {
  test('an imported secret', () => {
    const stack = new Stack();
    expect(inspectTokenSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'I', 'imported'), undefined, x => stack.resolve(x))).toBeUndefined();
  });

  test('no secret', () => {
    expect(inspectTokenSecret(undefined, undefined, x => x)).toBeUndefined();
  });

  test('generation settings removed by an escape hatch (neither a value nor a generation)', () => {
    expect(inspect({}, undefined, cfn => { cfn.generateSecretString = undefined; })).toBeUndefined();
  });

  test('generation settings that are a token', () => {
    expect(inspect({}, undefined, cfn => { cfn.generateSecretString = Lazy.any({ produce: () => ({ passwordLength: 8 }) }); })).toBeUndefined();
  });
});

describe('generated secrets: characters, length, the settings as written', () => {
  test('the default settings: 32 characters, every punctuation character, the ones ElastiCache refuses listed', () => {
    expect(inspect({})).toEqual({
      path: 'S/Token',
      literal: false,
      refusedCharacters: REFUSED_BY_DEFAULT,
      badLength: undefined,
      jsonProblem: undefined,
      settings: 'the default settings (32 characters, every punctuation character)',
    });
    expect(REFUSED_BY_DEFAULT.join('')).toBe('"%\'()*+,./:;=?@[\\]_`{|}~');
  });

  test('settings written back as given: strings quoted, numbers and booleans not', () => {
    const f = inspect({ generateSecretString: { passwordLength: 20, excludeCharacters: '"%\'()*+,./:;=?@[\\]_`{|}~', includeSpace: false, requireEachIncludedType: true } });
    expect(f).toMatchObject({ refusedCharacters: [], badLength: undefined });
    expect(f!.settings).toBe('generateSecretString { passwordLength: 20, excludeCharacters: \'"%\'()*+,./:;=?@[\\]_`{|}~\', includeSpace: false, requireEachIncludedType: true }');
  });

  test('includeSpace: the space is refused', () => {
    expect(inspect({ generateSecretString: { excludePunctuation: true, includeSpace: true } })!.refusedCharacters).toEqual(['space']);
  });

  test('excludePunctuation: no punctuation to refuse', () => {
    expect(inspect({ generateSecretString: { excludePunctuation: true } })!.refusedCharacters).toEqual([]);
  });

  test('excludeCharacters that is a token: not judged (no character listed)', () => {
    expect(inspect({ generateSecretString: { excludeCharacters: Lazy.string({ produce: () => '@' }) } })!.refusedCharacters).toEqual([]);
  });

  test('excludeCharacters leaving some: exactly those listed', () => {
    expect(inspect({ generateSecretString: { excludeCharacters: '"%\'()*+,./:;=?[\\]_`{|}~' } })!.refusedCharacters).toEqual(['@']);
  });

  test.each([[15, 15], [16, undefined], [128, undefined], [129, 129], [20.5, 20.5]])('passwordLength %d: badLength %s (16-128, whole)', (length, bad) => {
    expect(inspect({ generateSecretString: { passwordLength: length, excludePunctuation: true } })!.badLength).toBe(bad);
  });
});

describe('JSON: jsonField against the generation', () => {
  test('jsonField is the generated field: no problem', () => {
    expect(inspect({ generateSecretString: { secretStringTemplate: '{"user":"app"}', generateStringKey: 'token' } }, 'token')!.jsonProblem).toBeUndefined();
  });

  test('jsonField is a literal of the template', () => {
    expect(inspect({ generateSecretString: { secretStringTemplate: '{"user":"app"}', generateStringKey: 'token' } }, 'user')!.jsonProblem)
      .toBe("jsonField 'user' is a literal value of secretStringTemplate (written into the template), not the generated field 'token'");
  });

  test('jsonField in a template without generateStringKey (an escape hatch): the whole string is generated, the message says so', () => {
    const f = inspect({}, 'token', cfn => { cfn.generateSecretString = { secretStringTemplate: '{"token":"x"}' }; });
    expect(f!.jsonProblem).toBe(
      "jsonField 'token' is a literal value of secretStringTemplate (written into the template), not the generated field '(none: the whole secret string is generated)'");
  });

  test('jsonField is not a field of the generated JSON', () => {
    expect(inspect({ generateSecretString: { secretStringTemplate: '{"user":"app"}', generateStringKey: 'token' } }, 'password')!.jsonProblem)
      .toBe("jsonField 'password' is not a field of the secret (it generates 'token')");
  });

  test('jsonField for a plain generated string', () => {
    expect(inspect({}, 'token')!.jsonProblem).toBe("jsonField 'token' is not a field of the secret (it generates a plain string, not JSON)");
  });

  test('a template that is JSON but not an object has no fields (a string\'s indexes are not fields)', () => {
    expect(inspect({ generateSecretString: { secretStringTemplate: '"ab"', generateStringKey: 'token' } }, '0')!.jsonProblem)
      .toBe("jsonField '0' is not a field of the secret (it generates 'token')");
  });

  test('a JSON document without jsonField: the whole document would be the token', () => {
    expect(inspect({ generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'token' } })!.jsonProblem)
      .toBe("the secret is a JSON document (generateStringKey 'token') but no jsonField was given, so the whole JSON document would be the token");
  });
});
