/**
 * cdk-nag on the serverless construct: the packs run with validateScope (cdk-nag 3 is not an
 * Aspect), with and without the construct's acknowledgements.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { AirDiscoveryServerlessRedis, AirDiscoveryServerlessRedisProps, NagAcknowledgementKind, RedisAuthentication, RedisPreset, RedisUserAuthenticationType } from '../src';

const PACKS = () => [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks(), new PCIDSS321Checks()];

/**
 * The cdk-nag findings on the cache's resources. The probe's own resources are judged by
 * AwsSolutions, HIPAA and NIST (as for node-based caches); the probe acknowledges no PCI
 * finding (docs/serverless.md, "cdk-nag"), so its resources are left out of the PCI run.
 */
function findings(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>, probe = false): string[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Sec', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, ...props });
  if (probe) cache.addProbe();
  return [...new Set(PACKS().flatMap(pack => pack.validateScope(stack).violations.flatMap(v => v.violatingResources
    .filter(r => (r as any).constructPath?.startsWith('Sec/Cache/'))
    .filter(r => !(pack instanceof PCIDSS321Checks && (r as any).constructPath.startsWith('Sec/Cache/Probe/')))
    .map(r => `${v.ruleName} ${(r as any).constructPath.replace(/^Sec\/Cache\//, '')}`))))].sort();
}

describe('cdk-nag (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1)', () => {
  test.each([
    ['DEV', { preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true }],
    ['PROD', { preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true }],
    ['RBAC', { preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) }],
    ['IAM', { preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true, authentication: RedisAuthentication.iam({ users: [{ userName: 'probe', accessString: 'on ~probe:* +@all' }] }) }],
  ] as Array<[string, Omit<AirDiscoveryServerlessRedisProps, 'vpc'>]>)('%s with its probe and the trade-offs acknowledged: no unacknowledged finding', (_name, props) => {
    expect(findings(props, true)).toEqual([]);
  });

  test('no pack has a rule for the serverless cache: DEV shows nothing even without acknowledgements', () => {
    expect(findings({ preset: RedisPreset.DEV, acknowledgeNagFindings: false })).toEqual([]);
  });

  test('PROD without acknowledgements: exactly the findings the construct documents; the rotation rules are met (the token rotates)', () => {
    expect(findings({ preset: RedisPreset.PROD, acknowledgeNagFindings: false })).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] Rotation/Function/ServiceRole/Resource',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole] Rotation/Function/ServiceRole/Resource',
      'AwsSolutions-IAM5[Resource::*] Rotation/Function/ServiceRole/DefaultPolicy/Resource',
      'HIPAA.Security-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'HIPAA.Security-IAMNoInlinePolicy Rotation/Function/ServiceRole/DefaultPolicy/Resource',
      'HIPAA.Security-LambdaConcurrency Rotation/Function/Resource',
      'HIPAA.Security-LambdaDLQ Rotation/Function/Resource',
      'HIPAA.Security-SecretsManagerUsingKMSKey AuthToken/Resource',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'NIST.800.53.R5-IAMNoInlinePolicy Rotation/Function/ServiceRole/DefaultPolicy/Resource',
      'NIST.800.53.R5-LambdaConcurrency Rotation/Function/Resource',
      'NIST.800.53.R5-LambdaDLQ Rotation/Function/Resource',
      'NIST.800.53.R5-SecretsManagerUsingKMSKey AuthToken/Resource',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'PCI.DSS.321-IAMNoInlinePolicy Rotation/Function/ServiceRole/DefaultPolicy/Resource',
      'PCI.DSS.321-SecretsManagerUsingKMSKey AuthToken/Resource',
    ]);
  });

  test('by default PROD shows only trade-offs: the rotation function\'s met controls are acknowledged, SMG4 is met', () => {
    expect(findings({ preset: RedisPreset.PROD })).toEqual([
      'HIPAA.Security-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'HIPAA.Security-LambdaConcurrency Rotation/Function/Resource',
      'HIPAA.Security-LambdaDLQ Rotation/Function/Resource',
      'HIPAA.Security-SecretsManagerUsingKMSKey AuthToken/Resource',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'NIST.800.53.R5-LambdaConcurrency Rotation/Function/Resource',
      'NIST.800.53.R5-LambdaDLQ Rotation/Function/Resource',
      'NIST.800.53.R5-SecretsManagerUsingKMSKey AuthToken/Resource',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted Rotation/LogGroup/Resource',
      'PCI.DSS.321-SecretsManagerUsingKMSKey AuthToken/Resource',
    ]);
  });

  test('rotation off: DEV\'s preset choice is a trade-off (opt-in); a user\'s rotation: false in PROD is never acknowledged', () => {
    const token = RedisAuthentication.generatedAuthToken();
    const rotationIds = ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'];
    const dev = findings({ preset: RedisPreset.DEV, authentication: token }, true);
    expect(dev).toEqual(expect.arrayContaining(rotationIds.map(id => `${id} AuthToken/Resource`)));
    expect(findings({ preset: RedisPreset.DEV, authentication: token, acknowledgePresetTradeOffs: true }, true)).toEqual([]);
    const devRbac = findings({ preset: RedisPreset.DEV, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) }, true);
    expect(devRbac).toEqual(expect.arrayContaining(['AwsSolutions-SMG4 Probe/UserSecret/Resource', 'AwsSolutions-SMG4 UserAppSecret/Resource']));
    expect(findings({ preset: RedisPreset.DEV, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }), acknowledgePresetTradeOffs: true }, true)).toEqual([]);
    const prodOff = findings({ preset: RedisPreset.PROD, rotation: false, acknowledgePresetTradeOffs: true }, true);
    expect(prodOff).toEqual(rotationIds.map(id => `${id} AuthToken/Resource`));
  });

  /**
   * The rotation acknowledgements (src/private/serverless-nag.ts) are made only where the DEV preset turned
   * rotation off and the user opted in; each case names the acknowledged secrets exactly and checks that
   * cdk-nag still shows the rotation findings everywhere else (an acknowledgement there would hide them).
   */
  describe('the rotation acknowledgements: only the DEV preset\'s own choice, on the secrets of the authentication in use', () => {
    const ROTATION_IDS = ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'];
    const rbac = () => RedisAuthentication.rbac({ users: [{ userName: 'app' }] });
    const token = () => RedisAuthentication.generatedAuthToken();
    /** The rotation acknowledgements of a cache (with its probe), as `<id> <path under the cache>`. */
    function rotationAcks(props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'>): string[] {
      const stack = new Stack(new App(), 'Sec');
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, outputs: false, ...props });
      cache.addProbe();
      return cache.nagAcknowledgements.filter(a => ROTATION_IDS.includes(a.id))
        .map(a => `${a.id} ${a.constructPath.replace(/^Sec\/Cache\//, '')}`).sort();
    }
    const on = (...paths: string[]) => paths.flatMap(p => ROTATION_IDS.map(id => `${id} ${p}`)).sort();

    test('DEV, rotation left off, opted in: the AUTH token only with an AUTH token, the user secrets only with RBAC users', () => {
      expect(rotationAcks({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, authentication: token() })).toEqual(on('AuthToken'));
      expect(rotationAcks({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, authentication: rbac() }))
        .toEqual(on('Probe/UserSecret', 'UserAppSecret'));
    });

    test.each([
      ['DEV, the user\'s rotation: false, AUTH token', { preset: RedisPreset.DEV, rotation: false, authentication: token() }, ['AuthToken/Resource']],
      ['DEV, the user\'s rotation: false, RBAC', { preset: RedisPreset.DEV, rotation: false, authentication: rbac() }, ['Probe/UserSecret/Resource', 'UserAppSecret/Resource']],
      ['PROD, the user\'s rotation: false, RBAC', { preset: RedisPreset.PROD, rotation: false, authentication: rbac() }, ['Probe/UserSecret/Resource', 'UserAppSecret/Resource']],
    ] as Array<[string, Omit<AirDiscoveryServerlessRedisProps, 'vpc'>, string[]]>)('%s, opted in: nothing acknowledged, cdk-nag shows the rotation findings', (_name, props, secrets) => {
      expect(rotationAcks({ ...props, acknowledgePresetTradeOffs: true })).toEqual([]);
      const shown = findings({ ...props, acknowledgePresetTradeOffs: true }, true);
      expect(shown.filter(f => ROTATION_IDS.some(id => f.startsWith(`${id} `)))).toEqual(on(...secrets));
    });

    // No generated secret when the cache is built (a password-less user): the probe's password, added later, is the
    // first one, and the rotation is created for it (test/rotation/probe-secret-rotation.test.ts), so the rotation
    // rules are met: nothing to acknowledge, nothing shown.
    test('PROD, rotation left on, nothing to rotate at build time, opted in: the probe\'s password rotates, nothing acknowledged, no rotation finding', () => {
      const props: Omit<AirDiscoveryServerlessRedisProps, 'vpc'> = {
        preset: RedisPreset.PROD,
        acknowledgePresetTradeOffs: true,
        authentication: RedisAuthentication.rbac({ users: [{ userName: 'reader', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~public:* +get' }] }),
      };
      expect(rotationAcks(props)).toEqual([]);
      const shown = findings(props, true);
      expect(shown.filter(f => ROTATION_IDS.some(id => f.startsWith(`${id} `)))).toEqual([]);
      // the rotation function's findings are those of a PROD cache rotating from the start: all acknowledged when opted in
      expect(shown).toEqual([]);
    });
  });

  test('the acknowledgements name their targets and reasons', () => {
    const app = new App();
    const stack = new Stack(app, 'Sec');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cache = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true });
    const acks = cache.nagAcknowledgements.map(a => `${a.id} ${a.constructPath}`);
    expect(acks).toContain('HIPAA.Security-SecretsManagerUsingKMSKey Sec/Cache/AuthToken');
    // the token rotates: the rotation rules are met by the schedule, never acknowledged
    expect(acks.filter(a => /SMG4|RotationEnabled/.test(a))).toEqual([]);
    for (const a of cache.nagAcknowledgements) expect(a.reason.length).toBeGreaterThan(40);
    // the secrets' remaining control (a customer-managed key) is not met: a trade-off; only the rotation function's CDK boilerplate is met
    expect(cache.nagAcknowledgements.length).toBeGreaterThan(0);
    for (const a of cache.nagAcknowledgements) {
      expect(a.kind).toBe(a.constructPath.startsWith('Sec/Cache/Rotation/') && /IAM4|IAM5|IAMNoInlinePolicy/.test(a.id)
        ? NagAcknowledgementKind.CONTROL_MET : NagAcknowledgementKind.PRESET_TRADE_OFF);
    }
  });

  test('trade-offs are opt-in (issue 13): none acknowledged by default, nor without an explicit preset (warned)', () => {
    const app = new App();
    const stack = new Stack(app, 'Sec');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const byDefault = new AirDiscoveryServerlessRedis(stack, 'Cache', { vpc, preset: RedisPreset.PROD });
    // only the rotation function's met controls (CDK boilerplate), no trade-off
    expect(byDefault.nagAcknowledgements.length).toBe(6);
    for (const a of byDefault.nagAcknowledgements) expect(a.kind).toBe(NagAcknowledgementKind.CONTROL_MET);
    expect(byDefault.acknowledgesPresetTradeOffs).toBe(false);
    const noPreset = new AirDiscoveryServerlessRedis(stack, 'NoPreset', { vpc, acknowledgePresetTradeOffs: true, outputs: false });
    expect(noPreset.nagAcknowledgements).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Sec/NoPreset', Match.stringLikeRegexp('acknowledgePresetTradeOffs is true but no preset was given'));
    expect(findings({ preset: RedisPreset.PROD }, true)).toEqual(expect.arrayContaining(['HIPAA.Security-SecretsManagerUsingKMSKey AuthToken/Resource']));
  });
});
