/**
 * The rotation created on the first generated secret (src/rotation/rotation.ts, CacheSecretRotation), for
 * both caches: with nothing generated when the cache is built (RBAC with IAM or password-less users only),
 * the probe user's generated password, added later by addProbe(), is rotated by a `Rotation` created then,
 * with the ids, acknowledgements and cdk-nag results of one created with the cache; the `nothingToRotate`
 * warning is withdrawn then, and can still be acknowledged as docs/validation.md says.
 */
import { App, Annotations as CoreAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { elastiCacheStatements, fnEnv, rotationFunctions, userRotationEnv } from './rotation-template';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps,
  RedisAuthentication, RedisPreset, RedisUserAuthenticationType,
} from '../../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'> & Omit<AirDiscoveryServerlessRedisProps, 'vpc'>;
type Kind = 'AirDiscoveryRedis' | 'AirDiscoveryServerlessRedis';
const KINDS: Kind[] = ['AirDiscoveryRedis', 'AirDiscoveryServerlessRedis'];

/** RBAC whose only user authenticates with IAM: nothing generated when the cache is built. */
const IAM_USERS_ONLY = () => RedisAuthentication.rbac({ users: [{ userName: 'svc', authenticationType: RedisUserAuthenticationType.IAM, accessString: 'on ~app:* +@read' }] });
/** RBAC whose only user needs no password: nothing generated when the cache is built. */
const NO_PASSWORD_ONLY = () => RedisAuthentication.rbac({ users: [{ userName: 'reader', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~public:* +get' }] });
/** RBAC with a password user: the rotation is created with the cache (the reference). */
const PASSWORD_USER = () => RedisAuthentication.rbac({ users: [{ userName: 'app' }] });

const NOTHING_TO_ROTATE = 'rotation is on but the construct generated no secret to rotate (a secret you pass in, IAM users or no authentication): rotate your own secret with your own rotation function [ack: @air-discovery/cdk-redis:nothingToRotate]';

function build(kind: Kind, props: Props) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Rot', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const cache = kind === 'AirDiscoveryRedis'
    ? new AirDiscoveryRedis(stack, 'Cache', { vpc, outputs: false, ...props })
    : new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, ...props });
  return { stack, cache };
}

const logicalId = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

/** cdk-nag findings (AwsSolutions, HIPAA) as `<rule> <path under the cache>`, on paths under `Rot/Cache/<under>`. */
function findings(stack: Stack, under: string): string[] {
  return [...new Set([new AwsSolutionsChecks(), new HIPAASecurityChecks()].flatMap(pack => pack.validateScope(stack).violations
    .flatMap(v => v.violatingResources.map(r => (r as any).constructPath as string)
      .filter(p => p?.startsWith(`Rot/Cache/${under}`))
      .map(p => `${v.ruleName} ${p.replace(/^Rot\/Cache\//, '')}`))))].sort();
}

/** The cache's recorded acknowledgements on the rotation's resources, as `<id> <path> <kind>`. */
const rotationAcks = (cache: AirDiscoveryRedis | AirDiscoveryServerlessRedis) => cache.nagAcknowledgements
  .filter(a => a.constructPath.startsWith('Rot/Cache/Rotation/')).map(a => `${a.id} ${a.constructPath} ${a.kind}`).sort();

const nothingToRotateWarnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue())
  .map(w => `${w.id} ${w.entry.data}`).filter(w => w.includes('nothingToRotate'));

/** The rotation function's findings cdk-nag shows without acknowledgements (AwsSolutions' are met, HIPAA's trade-offs). */
const ROTATION_FUNCTION_FINDINGS = [
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] Rotation/Function/ServiceRole/Resource',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole] Rotation/Function/ServiceRole/Resource',
  'AwsSolutions-IAM5[Resource::*] Rotation/Function/ServiceRole/DefaultPolicy/Resource',
  'HIPAA.Security-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
  'HIPAA.Security-IAMNoInlinePolicy Rotation/Function/ServiceRole/DefaultPolicy/Resource',
  'HIPAA.Security-LambdaConcurrency Rotation/Function/Resource',
  'HIPAA.Security-LambdaDLQ Rotation/Function/Resource',
];
const ROTATION_FUNCTION_TRADE_OFFS = ROTATION_FUNCTION_FINDINGS.filter(f => f.startsWith('HIPAA') && !f.includes('IAMNoInlinePolicy'));

describe.each(KINDS)('%s: nothing generated when the cache is built, then addProbe()', kind => {
  /** DEV without TLS allows no user group on a node-based cache (a serverless cache has TLS always, and no such prop). */
  const devTls: Props = kind === 'AirDiscoveryRedis' ? { transitEncryption: true } : {};
  test.each([
    ['PROD, RBAC with IAM users only', { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY() }, 'rate(30 days)'],
    ['PROD, RBAC with a password-less user only', { preset: RedisPreset.PROD, authentication: NO_PASSWORD_ONLY() }, 'rate(30 days)'],
    ['PROD, rotationSchedule 7 days', { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), rotationSchedule: Duration.days(7) }, 'rate(7 days)'],
    ['DEV, rotation: true', { preset: RedisPreset.DEV, ...devTls, authentication: NO_PASSWORD_ONLY(), rotation: true }, 'rate(30 days)'],
  ] as Array<[string, Props, string]>)('%s: the probe user\'s password rotates through Rotation/Function, created by addProbe()', (_name, props, schedule) => {
    const { stack, cache } = build(kind, props);
    expect(cache.rotationFunction).toBeUndefined();
    expect(cache.node.tryFindChild('Rotation')).toBeUndefined();
    const probe = cache.addProbe();
    // created by addProbe(), reachable through the public getter
    const fn = cache.node.findChild('Rotation').node.findChild('Function');
    expect(cache.rotationFunction).toBe(fn);
    const template = Template.fromStack(stack);
    const secret = probe.node.findChild('UserSecret') as any;
    const user = probe.node.findChild('User') as elasticache.CfnUser;
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: logicalId(stack, secret) },
      RotationLambdaARN: { 'Fn::GetAtt': [logicalId(stack, fn as any), 'Arn'] },
      RotationRules: { ScheduleExpression: schedule },
    });
    const env = userRotationEnv(template, 1);
    expect(JSON.parse(stack.resolve(env.ROTATION_USER_IDS))).toEqual({ 'air-discovery-probe': stack.resolve(user.userId) });
    // ModifyUser on the probe user only
    expect(elastiCacheStatements(template).filter(s => [s.Action].flat().includes('elasticache:ModifyUser'))).toEqual([{
      Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(user), 'Arn'] },
    }]);
    // the rotation rules are met on the probe's secret: no finding, no acknowledgement
    expect(findings(stack, 'Probe/UserSecret').filter(f => /SMG4|RotationEnabled/.test(f))).toEqual([]);
    expect(cache.nagAcknowledgements.filter(a => /SMG4|RotationEnabled/.test(a.id))).toEqual([]);
    // no nothingToRotate: a secret rotates after all
    expect(nothingToRotateWarnings(stack)).toEqual([]);
  });

  test('the rotation created by addProbe() is acknowledged as one created with the cache (met controls by default, trade-offs opted in, nothing when off)', () => {
    for (const extra of [{}, { acknowledgePresetTradeOffs: true }, { acknowledgeNagFindings: false }] as Props[]) {
      const lazy = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), ...extra });
      lazy.cache.addProbe();
      const eager = build(kind, { preset: RedisPreset.PROD, authentication: PASSWORD_USER(), ...extra });
      eager.cache.addProbe();
      expect(rotationAcks(lazy.cache)).toEqual(rotationAcks(eager.cache));
      expect(findings(lazy.stack, 'Rotation/')).toEqual(findings(eager.stack, 'Rotation/'));
    }
    const byDefault = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY() });
    byDefault.cache.addProbe();
    expect(rotationAcks(byDefault.cache)).toHaveLength(6);
    expect(findings(byDefault.stack, 'Rotation/')).toEqual(ROTATION_FUNCTION_TRADE_OFFS);
    const optedIn = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), acknowledgePresetTradeOffs: true });
    optedIn.cache.addProbe();
    expect(findings(optedIn.stack, 'Rotation/')).toEqual([]);
    // acknowledgeNagFindings: false acknowledges nothing (the list is still recorded), until applyNagAcknowledgements()
    const off = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), acknowledgeNagFindings: false });
    off.cache.addProbe();
    expect(rotationAcks(off.cache)).toHaveLength(6);
    expect(findings(off.stack, 'Rotation/')).toEqual(ROTATION_FUNCTION_FINDINGS);
    off.cache.applyNagAcknowledgements();
    expect(findings(off.stack, 'Rotation/')).toEqual(ROTATION_FUNCTION_TRADE_OFFS);
  });

  test('rotation: false (or DEV\'s default): the probe\'s password is not rotated, and cdk-nag shows it', () => {
    for (const props of [
      { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), rotation: false },
      { preset: RedisPreset.DEV, ...devTls, authentication: NO_PASSWORD_ONLY() },
    ] as Props[]) {
      const { stack, cache } = build(kind, props);
      cache.addProbe();
      expect(cache.rotationFunction).toBeUndefined();
      expect(cache.node.tryFindChild('Rotation')).toBeUndefined();
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      expect(rotationFunctions(template)).toHaveLength(0);
      expect(fnEnv(template)).toBeUndefined();
      expect(findings(stack, 'Probe/UserSecret').filter(f => /SMG4|RotationEnabled/.test(f))).toEqual([
        'AwsSolutions-SMG4 Probe/UserSecret/Resource',
        'HIPAA.Security-SecretsManagerRotationEnabled Probe/UserSecret/Resource',
      ]);
    }
  });

  test('rotation: true with nothing generated: nothingToRotate, withdrawn when the probe\'s password then rotates; acknowledgeable on the cache', () => {
    const bare = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), rotation: true });
    expect(nothingToRotateWarnings(bare.stack)).toEqual([`/Rot/Cache ${NOTHING_TO_ROTATE}`]);
    const probed = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), rotation: true });
    probed.cache.addProbe();
    expect(nothingToRotateWarnings(probed.stack)).toEqual([]);
    // IAM authentication: the probe's own user is an IAM user, so still nothing generated
    const iam = build(kind, { preset: RedisPreset.PROD, authentication: RedisAuthentication.iam({ users: [{ userName: 'svc' }] }), rotation: true });
    iam.cache.addProbe();
    expect(iam.cache.rotationFunction).toBeUndefined();
    expect(nothingToRotateWarnings(iam.stack)).toEqual([`/Rot/Cache ${NOTHING_TO_ROTATE}`]);
    // acknowledged on the cache as docs/validation.md says: not given
    const acked = build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY(), rotation: true });
    CoreAnnotations.of(acked.cache).acknowledgeWarning('@air-discovery/cdk-redis:nothingToRotate', 'rotated by our own function');
    expect(nothingToRotateWarnings(acked.stack)).toEqual([]);
    // left to the preset: no warning (nobody asked)
    expect(nothingToRotateWarnings(build(kind, { preset: RedisPreset.PROD, authentication: IAM_USERS_ONLY() }).stack)).toEqual([]);
  });
});
