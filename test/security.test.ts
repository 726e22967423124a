/**
 * Security proofs over every preset and authentication mode:
 * - no secret in any file of the synthesized cloud assembly;
 * - the construct's security group has no world-open ingress and no egress;
 * - cdk-nag (AwsSolutions, HIPAA Security, NIST 800-53 R5) finds nothing on the
 *   construct's resources that the construct does not acknowledge with a reason.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { renderNagTable } from '../scripts/render-nag-table';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, AuthenticationMode, ClusterMode, RedisAuthentication, RedisPreset, RedisUserAuthenticationType } from '../src';
import { NAG_ACKNOWLEDGEMENTS, PROBE_NAG_ACKNOWLEDGEMENTS } from '../src/private/nag';

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
  const { outdir, stack, redis } = synthAssembly(props);
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
    expect(resources.filter(x => x.Type === 'AWS::EC2::SecurityGroupEgress')).toEqual([]);
  });

  test('cdk-nag: no unacknowledged finding on the construct (with its probe)', () => {
    if (redis.configuration.authenticationMode !== AuthenticationMode.AUTH_TOKEN || redis.authSecret) redis.addProbe();
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()]) {
      const report = pack.validateScope(stack);
      const own = report.violations.flatMap(v => v.violatingResources
        .filter(r => (r as any).constructPath?.startsWith('Sec/Redis/'))
        .map(r => `${v.ruleName} ${(r as any).constructPath}`));
      expect(own).toEqual([]);
    }
  });
});

describe('the acknowledgements do the work, and only where the construct chose', () => {
  function findings(props: Props): string[] {
    const { stack } = synthAssembly(() => ({ ...props, acknowledgeNagFindings: false }));
    return [new AwsSolutionsChecks(), new HIPAASecurityChecks(), new NIST80053R5Checks()].flatMap(pack =>
      pack.validateScope(stack).violations.flatMap(v => v.violatingResources
        .filter(r => (r as any).constructPath?.startsWith('Sec/Redis/'))
        .map(() => v.ruleName)));
  }

  test('DEV without acknowledgements shows exactly the documented DEV findings', () => {
    expect([...new Set(findings({ preset: RedisPreset.DEV }))].sort()).toEqual([
      'AwsSolutions-AEC3', 'AwsSolutions-AEC4', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6',
      'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
    ]);
  });

  test('PROD without acknowledgements shows exactly the documented PROD findings', () => {
    expect([...new Set(findings({ preset: RedisPreset.PROD }))].sort()).toEqual([
      'AwsSolutions-SMG4',
      'HIPAA.Security-CloudWatchLogGroupEncrypted',
      'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'HIPAA.Security-SecretsManagerRotationEnabled', 'HIPAA.Security-SecretsManagerUsingKMSKey',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
    ]);
  });

  test('a PROD group overridden to plain text keeps its AEC3 finding', () => {
    const { stack } = synthAssembly(() => ({ preset: RedisPreset.PROD, transitEncryption: false, authentication: RedisAuthentication.none() }));
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map(v => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-AEC3', 'AwsSolutions-AEC6']));
  });

  test('applyNagAcknowledgements() is the one-line way to apply them', () => {
    const { stack, redis } = synthAssembly(() => ({ preset: RedisPreset.DEV, acknowledgeNagFindings: false }));
    expect(redis.nagAcknowledgements.map(a => a.id)).toContain('AwsSolutions-AEC5');
    // without applying them the finding is there, so the empty list below is the acknowledgements' doing
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map(v => v.ruleName)).toContain('AwsSolutions-AEC5');
    const stack2 = new Stack(new App(), 'Again', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack2, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2 });
    const again = new AirDiscoveryRedis(stack2, 'Redis', { vpc, acknowledgeNagFindings: false });
    again.applyNagAcknowledgements();
    const own = new AwsSolutionsChecks().validateScope(stack2).violations.filter(v => v.violatingResources.some(r => (r as any).constructPath?.startsWith('Again/Redis/')));
    expect(own).toEqual([]);
    // idempotent: applying again adds no metadata
    const count = () => Object.values(stack2.node.findAll()).reduce((n, c) => n + c.node.metadata.length, 0);
    const before = count();
    again.applyNagAcknowledgements();
    expect(count()).toBe(before);
  });

  test('the README lists every acknowledgement with its reason', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    const m = /<!-- nag-table:start -->\n([\s\S]*?)\n<!-- nag-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(renderNagTable());
    for (const rule of [...NAG_ACKNOWLEDGEMENTS, ...PROBE_NAG_ACKNOWLEDGEMENTS]) expect(m?.[1]).toContain(rule.reason);
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
