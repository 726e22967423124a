/**
 * Security proofs over every preset and authentication mode:
 * - no secret in any file of the synthesized cloud assembly;
 * - the construct's security group has no world-open ingress and no egress;
 * - cdk-nag (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1): the construct
 *   acknowledges a finding only where the control is met (by default) or, on request, where its
 *   preset documents a trade-off; the exact findings of each configuration are asserted.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { readRegion } from '../scripts/docs-region';
import { NAG_TABLE_FILES, renderNagTable } from '../scripts/render-nag-table';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, AuthenticationMode, CacheNodeType, ClusterMode, NagAcknowledgementKind, RedisAuthentication, RedisPreset, RedisUserAuthenticationType } from '../src';
import { FUNCTION_NAG_ACKNOWLEDGEMENTS, NAG_ACKNOWLEDGEMENTS, aclIsOff, aclReachesEveryKey } from '../src/private/nag';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

/** A value that must never appear anywhere in a cloud assembly. */
const SENTINEL = 'Sentinel-Plaintext-Token-4711!';

const MODES: Array<[string, (stack: Stack) => Props]> = [
  ['DEV preset', () => ({ preset: RedisPreset.DEV })],
  ['PROD preset (generated AUTH token)', () => ({ preset: RedisPreset.PROD })],
  ['PROD cluster mode', () => ({ preset: RedisPreset.PROD, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 })],
  ['AUTH token from an existing secret', stack => ({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.authTokenFromSecret(secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'air/redis-token')),
  })],
  ['AUTH token from a SecretValue', () => ({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.secretsManager('air/redis-token', { jsonField: 'token' })),
  })],
  ['RBAC', () => ({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.rbac({
      users: [
        { userName: 'app' },
        { userName: 'readonly', accessString: 'on ~* +@read' },
        { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping +get +set +del +info' },
      ],
    }),
  })],
  ['IAM', () => ({
    preset: RedisPreset.PROD,
    authentication: RedisAuthentication.iam({ users: [{ userName: 'air-api' }] }),
  })],
];

function synthAssembly(props: (stack: Stack) => Props) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-assembly-'));
  const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Sec', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props(stack) });
  app.synth();
  return { outdir, stack, redis };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

describe.each(MODES)('%s', (_name, props) => {
  const { outdir, stack, redis } = synthAssembly(st => ({ ...props(st), acknowledgePresetTradeOffs: true }));
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Sec.template.json'), 'utf-8'));
  const resources = Object.values<any>(template.Resources);

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('no file of the cloud assembly holds a secret', () => {
    const files = filesUnder(outdir);
    expect(files.map(f => path.basename(f))).toEqual(expect.arrayContaining(['Sec.template.json', 'manifest.json', 'tree.json']));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf-8');
      expect(text).not.toContain(SENTINEL);
    }
    // AUTH tokens and user passwords are dynamic references, never literals
    for (const r of resources) {
      if (r.Type === 'AWS::ElastiCache::ReplicationGroup' && r.Properties.AuthToken !== undefined) {
        expect(JSON.stringify(r.Properties.AuthToken)).toMatch(/\{\{resolve:secretsmanager:/);
      }
      if (r.Type === 'AWS::ElastiCache::User') {
        for (const p of r.Properties.AuthenticationMode?.Passwords ?? []) {
          expect(JSON.stringify(p)).toMatch(/\{\{resolve:secretsmanager:/);
        }
      }
      if (r.Type === 'AWS::SecretsManager::Secret') {
        expect(r.Properties.SecretString).toBeUndefined();
        expect(r.Properties.GenerateSecretString).toBeDefined();
      }
    }
    // outputs and connection environment carry no credentials
    expect(JSON.stringify(template.Outputs)).not.toMatch(/resolve:secretsmanager|password/i);
    expect(JSON.stringify(stack.resolve(redis.connectionEnvironment()))).not.toMatch(/@|resolve:secretsmanager/);
  });

  test('security group: no world-open ingress, no egress', () => {
    const own = Object.entries<any>(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && /^Redis/.test(r.Properties.GroupDescription));
    expect(own).toHaveLength(1);
    const [, sg] = own[0];
    for (const rule of sg.Properties.SecurityGroupIngress ?? []) {
      expect(rule.CidrIp).not.toBe('0.0.0.0/0');
      expect(rule.CidrIpv6).not.toBe('::/0');
      expect(rule.FromPort).toBe(redis.endpointPort);
      expect(rule.ToPort).toBe(redis.endpointPort);
    }
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', FromPort: 252, IpProtocol: 'icmp', ToPort: 86 },
    ]);
    for (const r of resources.filter(x => x.Type === 'AWS::EC2::SecurityGroupIngress')) {
      expect([r.Properties.CidrIp, r.Properties.CidrIpv6]).not.toContain('0.0.0.0/0');
    }
    // the only egress rules: the construct's own functions (rotation) to the cache's port, never from the cache
    const [cacheSgId] = own[0];
    for (const e of resources.filter(x => x.Type === 'AWS::EC2::SecurityGroupEgress')) {
      expect(e.Properties.GroupId).not.toEqual({ 'Fn::GetAtt': [cacheSgId, 'GroupId'] });
      expect(e.Properties.DestinationSecurityGroupId).toEqual({ 'Fn::GetAtt': [cacheSgId, 'GroupId'] });
      expect([e.Properties.FromPort, e.Properties.ToPort]).toEqual([redis.endpointPort, redis.endpointPort]);
    }
  });

  test('cdk-nag, trade-offs acknowledged: what is left is only what the construct does not meet', () => {
    if (redis.configuration.authenticationMode !== AuthenticationMode.AUTH_TOKEN || redis.authSecret) redis.addProbe();
    // every mode here names its preset; opting in to the trade-offs must leave no finding on the construct
    // but the ones no preset documents as a trade-off (see the exact-findings tests below)
    expect(findingsOf(stack).filter(f => !EXPECTED_AFTER_TRADE_OFFS.includes(f.split(' ')[0]))).toEqual([]);
  });
});

/** What the packs still report with every trade-off acknowledged: nothing (PROD rotates its secrets: SMG4 is met). */
const EXPECTED_AFTER_TRADE_OFFS: string[] = [];

const PACKS = () => [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks(), new PCIDSS321Checks()];

/** Every finding of the four packs on the construct (`Sec/Redis/...`), as `rule path-under-Redis`, sorted, unique. */
function findingsOf(stack: Stack): string[] {
  const out = PACKS().flatMap(pack => pack.validateScope(stack).violations.flatMap(v => v.violatingResources
    .map(r => (r as any).constructPath as string)
    .filter(cp => cp?.startsWith('Sec/Redis/'))
    .map(cp => `${v.ruleName} ${cp.slice('Sec/Redis/'.length)}`)));
  return [...new Set(out)].sort();
}

function findings(props: Props, probe = false): { found: string[]; redis: AirDiscoveryRedis; warnings: string[] } {
  const { stack, redis } = synthAssembly(() => props);
  if (probe) redis.addProbe();
  const warnings = stack.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data)));
  return { found: findingsOf(stack), redis, warnings };
}

const RG = 'Resource';
const BACKUP = ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup'].map(r => `${r} ${RG}`);
const SECRET_KEY = (at: string) => ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'].map(r => `${r} ${at}`);
const LOG_KEY = (at: string) => ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'PCI.DSS.321-CloudWatchLogGroupEncrypted'].map(r => `${r} ${at}`);
const sorted = (xs: string[]) => [...xs].sort();
/** The rotation function's documented trade-offs (no reserved concurrency, no DLQ, AWS-managed log key). */
const ROTATION_FN = [
  ...['HIPAA.Security', 'NIST.800.53.R5'].flatMap(p => [`${p}-LambdaConcurrency Rotation/Function/Resource`, `${p}-LambdaDLQ Rotation/Function/Resource`]),
  ...LOG_KEY('Rotation/LogGroup/Resource'),
];

describe('cdk-nag: exact findings, four packs, acknowledgements only where true', () => {
  test('PROD: the trade-offs stay visible by default', () => {
    const { found, redis } = findings({ preset: RedisPreset.PROD });
    // no SMG4 / SecretsManagerRotationEnabled: the AUTH token rotates (met, not acknowledged)
    expect(found).toEqual(sorted([
      ...BACKUP,
      ...SECRET_KEY('AuthToken/Resource'),
      ...LOG_KEY('SlowLog/Resource'),
      ...ROTATION_FN,
    ]));
    expect(new Set(redis.nagAcknowledgements.map(a => a.kind))).toEqual(new Set([NagAcknowledgementKind.CONTROL_MET]));
    expect(redis.nagAcknowledgements.every(a => a.constructPath.startsWith('Sec/Redis/Rotation/Function/ServiceRole'))).toBe(true);
  });

  test('PROD with acknowledgePresetTradeOffs: the preset\'s trade-offs are acknowledged with their reasons', () => {
    const { found, redis } = findings({ preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true }, true);
    expect(found).toEqual([]);
    expect(new Set(redis.nagAcknowledgements.map(a => a.kind)))
      .toEqual(new Set([NagAcknowledgementKind.PRESET_TRADE_OFF, NagAcknowledgementKind.CONTROL_MET]));
    expect(redis.nagAcknowledgements.map(a => a.id)).toContain('PCI.DSS.321-SecretsManagerUsingKMSKey');
  });

  test('PROD with its probe: CDK boilerplate acknowledged, the probe\'s trade-offs visible', () => {
    const { found } = findings({ preset: RedisPreset.PROD }, true);
    const probe = found.filter(f => f.includes(' Probe/'));
    expect(probe).toEqual(sorted([
      'HIPAA.Security-LambdaConcurrency Probe/Function/Resource', 'NIST.800.53.R5-LambdaConcurrency Probe/Function/Resource',
      'HIPAA.Security-LambdaDLQ Probe/Function/Resource', 'NIST.800.53.R5-LambdaDLQ Probe/Function/Resource',
      ...LOG_KEY('Probe/LogGroup/Resource'),
    ]));
  });

  test('RBAC with the default user on: AEC6 is a real finding, not acknowledged', () => {
    const { found, redis } = findings({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], defaultUserAccessString: 'on ~* +@all' }),
    });
    expect(found).toEqual(sorted([
      `AwsSolutions-AEC6 ${RG}`,
      ...BACKUP,
      ...SECRET_KEY('UserAppSecret/Resource'),
      ...LOG_KEY('SlowLog/Resource'),
      ...ROTATION_FN,
    ]));
    expect(redis.nagAcknowledgements.map(a => a.id)).not.toContain('AwsSolutions-AEC6');
  });

  test('RBAC with the default user off but a password-less user on every key: AEC6 stays', () => {
    const { found } = findings({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'open', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~* +@read' }] }),
    });
    expect(found).toContain(`AwsSolutions-AEC6 ${RG}`);
  });

  test('RBAC with the default user off and no open user: AEC6 acknowledged as met', () => {
    const { found, redis } = findings({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({
        users: [{ userName: 'app' }, { userName: 'probe', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~probe:* +ping' }],
      }),
    });
    expect(found).not.toContain(`AwsSolutions-AEC6 ${RG}`);
    expect(redis.nagAcknowledgements.filter(a => a.constructPath === 'Sec/Redis/Resource'))
      .toEqual([expect.objectContaining({ id: 'AwsSolutions-AEC6', kind: NagAcknowledgementKind.CONTROL_MET })]);
  });

  test('no preset, three r7g.large nodes: every DEV gap is visible, with a warning', () => {
    const { found, redis, warnings } = findings({ cacheNodeType: CacheNodeType.of('cache.r7g.large'), numCacheNodes: 3 });
    expect(found).toEqual(sorted([
      `AwsSolutions-AEC3 ${RG}`, `AwsSolutions-AEC4 ${RG}`, `AwsSolutions-AEC5 ${RG}`, `AwsSolutions-AEC6 ${RG}`,
      ...BACKUP,
    ]));
    expect(redis.nagAcknowledgements).toEqual([]);
    expect(warnings.join('\n')).toMatch(/no preset given: the DEV values apply/);
  });

  test('no preset: opting in to trade-offs acknowledges nothing and says why', () => {
    const { found, redis, warnings } = findings({ acknowledgePresetTradeOffs: true });
    expect(found).toEqual(sorted([`AwsSolutions-AEC3 ${RG}`, `AwsSolutions-AEC4 ${RG}`, `AwsSolutions-AEC5 ${RG}`, `AwsSolutions-AEC6 ${RG}`, ...BACKUP]));
    expect(redis.nagAcknowledgements).toEqual([]);
    expect(warnings.join('\n')).toMatch(/trade-offs are acknowledged only for a preset you chose/);
  });

  test('explicit DEV with trade-offs acknowledged: clean, every acknowledgement a documented trade-off', () => {
    const { found, redis } = findings({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true });
    expect(found).toEqual([]);
    expect(sorted([...new Set(redis.nagAcknowledgements.map(a => a.id))])).toEqual(sorted([
      'AwsSolutions-AEC3', 'AwsSolutions-AEC4', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6',
      'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
    ]));
  });

  test('explicit DEV scaled to r7g.large x3: the "cheapest thing that works" reasons no longer apply', () => {
    const { found } = findings({ preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true, cacheNodeType: CacheNodeType.of('cache.r7g.large'), numCacheNodes: 3 });
    expect(found).toEqual(sorted([`AwsSolutions-AEC3 ${RG}`, `AwsSolutions-AEC4 ${RG}`, `AwsSolutions-AEC5 ${RG}`, `AwsSolutions-AEC6 ${RG}`]));
  });

  test('a PROD value overridden away from the preset is never acknowledged', () => {
    const { found } = findings({
      preset: RedisPreset.PROD,
      acknowledgePresetTradeOffs: true,
      snapshotRetention: Duration.days(3),
      transitEncryption: false,
      authentication: RedisAuthentication.none(),
    });
    expect(found).toEqual(expect.arrayContaining([`AwsSolutions-AEC3 ${RG}`, `AwsSolutions-AEC6 ${RG}`, ...BACKUP]));
  });

  test('acknowledgeNagFindings: false applies nothing, even what is met (listed for applyNagAcknowledgements())', () => {
    const { found, redis } = findings({
      preset: RedisPreset.PROD,
      acknowledgeNagFindings: false,
      acknowledgePresetTradeOffs: true,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }),
    });
    expect(found).toContain(`AwsSolutions-AEC6 ${RG}`);
    expect(redis.nagAcknowledgements.filter(a => a.constructPath === 'Sec/Redis/Resource').map(a => [a.id, a.kind]))
      .toEqual([['AwsSolutions-AEC6', NagAcknowledgementKind.CONTROL_MET]]);
    expect(redis.acknowledgesPresetTradeOffs).toBe(false);
  });

  test('applyNagAcknowledgements() is the one-line way to apply them, and idempotent', () => {
    const { stack, redis } = synthAssembly(() => ({
      preset: RedisPreset.PROD,
      acknowledgeNagFindings: false,
      authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }),
    }));
    expect(findingsOf(stack)).toContain(`AwsSolutions-AEC6 ${RG}`);
    redis.applyNagAcknowledgements();
    expect(findingsOf(stack)).not.toContain(`AwsSolutions-AEC6 ${RG}`);
    const count = () => stack.node.findAll().reduce((n, c) => n + c.node.metadata.length, 0);
    const before = count();
    redis.applyNagAcknowledgements();
    expect(count()).toBe(before);
  });

  test('every acknowledged rule id is a rule of its pack', () => {
    const packFile = (prefix: string) => ({
      'AwsSolutions': 'aws-solutions', 'HIPAA.Security': 'hipaa-security', 'NIST.800.53.R5': 'nist-800-53-r5', 'PCI.DSS.321': 'pci-dss-321',
    } as Record<string, string>)[prefix];
    const rulesDir = path.dirname(require.resolve('cdk-nag/lib/packs/pci-dss-321.js'));
    const ids = [...NAG_ACKNOWLEDGEMENTS, ...FUNCTION_NAG_ACKNOWLEDGEMENTS].flatMap(r => r.ids);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) {
      const [, prefix, rule] = /^(AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321)-([A-Za-z0-9]+)/.exec(id) ?? [];
      expect([id, packFile(prefix)]).toEqual([id, expect.any(String)]);
      const source = fs.readFileSync(path.join(rulesDir, `${packFile(prefix)}.js`), 'utf-8');
      // AwsSolutions rules are named by id (AEC6 -> ElastiCacheRedisAuth...): check the pack lists the id
      const present = prefix === 'AwsSolutions' ? source.includes(`'${rule}'`) || source.includes(`"${rule}"`) || new RegExp(`\\b${rule}\\b`).test(source)
        : new RegExp(`\\.${rule}\\b`).test(source);
      expect([id, present]).toEqual([id, true]);
    }
  });

  test('ACL parsing: off, on, every key', () => {
    expect(aclIsOff('off -@all')).toBe(true);
    expect(aclIsOff('off ~* on +@all')).toBe(false);
    expect(aclIsOff('~* +@all')).toBe(false);
    expect(aclReachesEveryKey('on ~* +@all')).toBe(true);
    expect(aclReachesEveryKey('on allkeys +get')).toBe(true);
    expect(aclReachesEveryKey('on %R~* +get')).toBe(true);
    expect(aclReachesEveryKey('on ~probe:* +ping')).toBe(false);
    expect(aclReachesEveryKey('off ~* +@all')).toBe(false);
    expect(aclReachesEveryKey('on ~* resetkeys ~app:*')).toBe(false);
  });

  test('the nag tables (docs/security.md, and the README while it has one) list every acknowledgement with its reason', () => {
    let checked = 0;
    for (const file of NAG_TABLE_FILES) {
      const table = readRegion(file, 'nag-table');
      if (table === undefined && file !== 'docs/security.md') continue;
      expect([file, table]).toEqual([file, renderNagTable()]);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    for (const rule of [...NAG_ACKNOWLEDGEMENTS, ...FUNCTION_NAG_ACKNOWLEDGEMENTS]) expect(renderNagTable()).toContain(rule.reason);
  });
});

test('a template scan sees the construct resources (the scan is not vacuous)', () => {
  const { stack } = synthAssembly(() => ({ preset: RedisPreset.PROD }));
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
  t.resourceCountIs('AWS::SecretsManager::Secret', 1);
});

test('a plain-text token never gets as far as a template', () => {
  expect(() => synthAssembly(() => ({
    preset: RedisPreset.PROD, authentication: RedisAuthentication.authTokenFromSecretValue(SecretValue.unsafePlainText(SENTINEL)),
  }))).toThrow(/plain text/);
});
