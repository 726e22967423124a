/**
 * src/private/wiring.ts: what `connectLambda()`, the outputs and the user lookup hand a user, value by value
 * (the security group rule's description, the warning for a token without a secret, outputs without an export).
 */
import { SecretValue, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AirDiscoveryRedisProps, RedisAuthentication, RedisPreset } from '../../src';
import { findUser } from '../../src/private/wiring';
import { build } from '../util';

const WARNING_ID = '@air-discovery/cdk-redis:noAuthSecretForLambda';

function withFunction(props: Omit<AirDiscoveryRedisProps, 'vpc'>) {
  const built = build(props);
  const fn = new lambda.Function(built.stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => 1;'),
    vpc: built.vpc,
  });
  built.redis.connectLambda(fn);
  return { ...built, fn };
}

const noSecretWarnings = (stack: Stack) =>
  Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('noAuthSecretForLambda')).map(w => w.entry.data);

describe('connectLambda()', () => {
  test('the ingress rule from the function names it: "Redis access from <function path>"', () => {
    const { template, stack } = withFunction({ preset: RedisPreset.DEV });
    const fnSg = stack.getLogicalId(stack.node.findChild('Fn').node.findChild('SecurityGroup').node.defaultChild as any);
    const rules = template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { SourceSecurityGroupId: { 'Fn::GetAtt': [fnSg, 'GroupId'] } } });
    expect(Object.values(rules).map(r => r.Properties.Description)).toEqual(['Redis access from TestStack/Fn']);
  });

  test('a cache without AUTH: no token warning, no secret variables', () => {
    const { stack, fn } = withFunction({ preset: RedisPreset.DEV });
    expect(noSecretWarnings(stack)).toEqual([]);
    const env = Template.fromStack(stack).findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.node.defaultChild as any)].Properties.Environment.Variables;
    expect(Object.keys(env).filter(k => k.startsWith('REDIS_AUTH_SECRET'))).toEqual([]);
  });

  test('an AUTH token given as a SecretValue (no secret to hand on): the warning, exactly, and no secret variables', () => {
    const { stack, fn } = withFunction({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.ssmSecure('/air/redis-token')),
    });
    expect(noSecretWarnings(stack)).toEqual([
      'connectLambda(TestStack/Fn): the AUTH token came as a SecretValue, so there is no secret to hand the function; '
      + `use authTokenFromSecret() to let connectLambda pass it [ack: ${WARNING_ID}]`,
    ]);
    const env = Template.fromStack(stack).findResources('AWS::Lambda::Function')[stack.getLogicalId(fn.node.defaultChild as any)].Properties.Environment.Variables;
    expect(Object.keys(env).filter(k => k.startsWith('REDIS_AUTH_SECRET'))).toEqual([]);
  });
});

describe('outputs', () => {
  test('without exportNamePrefix: value and description only, no export', () => {
    const { template } = build({ preset: RedisPreset.DEV });
    const outputs = template.toJSON().Outputs;
    for (const name of ['RedisEndpoint', 'RedisPort', 'RedisClusterId']) {
      expect(Object.keys(outputs[name]).sort()).toEqual(['Description', 'Value']);
    }
  });
});

describe('findUser', () => {
  test('a cache without users: "users: none"', () => {
    const { redis } = build({ preset: RedisPreset.DEV });
    expect(() => findUser(redis, [], 'app')).toThrow(new Error("no user 'app' in TestStack/Redis; users: none"));
  });
});
