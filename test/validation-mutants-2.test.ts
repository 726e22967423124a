/**
 * Survivors of the mutation run over src/validation.ts lines 129-414 (docs/testing.md, "Survivors of the whole-src
 * run"): the helpers the rules call, checked through the construct's own error messages.
 */
import { CfnParameter, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, RedisAuthentication } from '../src';
import { newStack, replicationGroupProps } from './util';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

/** The construct's error lines ('  - ' items) for these props, built in a fresh stack ([] when it builds). */
function errorsFor(props: Props | ((stack: Stack) => Props)): string[] {
  const { stack, vpc } = newStack();
  try {
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...(typeof props === 'function' ? props(stack) : props) });
    return [];
  } catch (e) {
    const lines = (e as Error).message.split('\n');
    expect(lines[0]).toBe('invalid AirDiscoveryRedis configuration at TestStack/Redis:');
    return lines.slice(1).map(l => l.replace(/^ {2}- /, ''));
  }
}

const PLAIN_TEXT_TOKEN = 'authTokenFromSecretValue got a SecretValue that resolves to plain text, which would be written into the template: '
  + 'use SecretValue.secretsManager(...), SecretValue.ssmSecure(...), a NoEcho CfnParameter, or RedisAuthentication.generatedAuthToken()';
const tokenFrom = (value: SecretValue): Props => ({ transitEncryption: true, authentication: RedisAuthentication.authTokenFromSecretValue(value) });

describe('an AUTH token SecretValue: a dynamic reference, a NoEcho parameter, or rejected as plain text', () => {
  test('a Secrets Manager reference whose secret name is a parameter (a Fn::Join) is accepted and reaches the template as that join', () => {
    const { stack, vpc } = newStack();
    const name = new CfnParameter(stack, 'SecretName', { type: 'String' });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...tokenFrom(SecretValue.secretsManager(name.valueAsString, { jsonField: 'token' })) });
    expect(replicationGroupProps(Template.fromStack(stack)).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'SecretName' }, ':SecretString:token::}}']],
    });
  });

  test('plain text joined with a parameter (a Fn::Join that spells no dynamic reference) is rejected', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(`token-${new CfnParameter(stack, 'Suffix', { type: 'String' }).valueAsString}`))))
      .toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a Ref to a parameter without NoEcho is rejected as plain text', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.unsafePlainText(new CfnParameter(stack, 'Token', { type: 'String' }).valueAsString))))
      .toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a Ref to a NoEcho parameter is accepted', () => {
    expect(errorsFor(stack => tokenFrom(SecretValue.cfnParameter(new CfnParameter(stack, 'Token', { type: 'String', noEcho: true })))))
      .toEqual([]);
  });

  test('an object with a Ref to a NoEcho parameter and another key is no Ref: rejected', () => {
    expect(errorsFor(stack => {
      new CfnParameter(stack, 'Token', { type: 'String', noEcho: true });
      return tokenFrom(new SecretValue({ Ref: 'Token', Extra: 'x' }));
    })).toEqual([PLAIN_TEXT_TOKEN]);
  });

  test.each([
    ['a number', 1234567890123456],
    ['null', null],
    ['undefined', undefined],
  ])('a SecretValue that resolves to %s is rejected as plain text (not a reference, and no crash)', (_what, value) => {
    expect(errorsFor(tokenFrom(new SecretValue(value)))).toEqual([PLAIN_TEXT_TOKEN]);
  });

  test('a reference whose whole secret id is a token (`{{resolve:secretsmanager:<param>}}`) is accepted', () => {
    const { stack, vpc } = newStack();
    const name = new CfnParameter(stack, 'SecretName', { type: 'String' });
    new AirDiscoveryRedis(stack, 'Redis', { vpc, ...tokenFrom(SecretValue.unsafePlainText(`{{resolve:secretsmanager:${name.valueAsString}}}`)) });
    expect(replicationGroupProps(Template.fromStack(stack)).AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'SecretName' }, '}}']],
    });
  });
});
