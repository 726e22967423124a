/**
 * docs/cfn-audit.md against the CloudFormation resource specification in
 * node_modules: a property added upstream fails this test until the page accounts for it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { RemovalPolicy, Size, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DURABLE, placed } from './topology-cases';
import { build, newStack, replicationGroupProps } from './util';
import { AirDiscoveryRedis, AirDiscoveryServerlessRedis, CacheNodeType, ClusterMode, RedisAuthentication, RedisPreset } from '../src';
import { sourcePath } from './source';

const ROOT = path.join(__dirname, '..');
const AUDIT = fs.readFileSync(path.join(ROOT, 'docs', 'cfn-audit.md'), 'utf-8');
/** Rows of a resource's section mentioning a property newer than the installed sources must say so. */
const NEWER = 'newer than aws-cdk-lib 2.257';

interface Row { readonly property: string; readonly setBy: string; readonly why: string }

/** The table of one `## <resource type>` section. */
function auditRows(resourceType: string): Row[] {
  const start = AUDIT.indexOf(`## ${resourceType}\n`);
  if (start < 0) throw new Error(`docs/cfn-audit.md has no section ${resourceType}`);
  const end = AUDIT.indexOf('\n## ', start + 1);
  const section = AUDIT.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `(\w+)` \| ([^|]+) \| (.*) \|$/gm)].map(m => ({ property: m[1], setBy: m[2].trim(), why: m[3] }));
}

/** The L1 props of aws-cdk-lib's jsii assembly (camelCase), for a `Cfn...Props` struct. */
function jsiiProperties(structName: string): string[] {
  const dir = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const redirect = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf-8'));
  const raw = redirect.schema === 'jsii/file-redirect'
    ? zlib.gunzipSync(fs.readFileSync(path.join(dir, redirect.filename))).toString('utf-8')
    : JSON.stringify(redirect);
  const assembly = JSON.parse(raw);
  const type = assembly.types[`aws-cdk-lib.aws_elasticache.${structName}`];
  if (!type) throw new Error(`aws-cdk-lib's jsii assembly has no aws_elasticache.${structName}`);
  return type.properties.map((p: { name: string }) => p.name);
}

/** The CloudFormation schema database (@aws-cdk/aws-service-spec), when installed (it comes with the integ runner). */
function specProperties(resourceType: string): string[] | undefined {
  let specDir: string;
  try {
    specDir = path.dirname(require.resolve('@aws-cdk/aws-service-spec/package.json'));
  } catch {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spec = require(specDir);
  const db = spec.loadAwsServiceSpecSync();
  const resource = db.lookup('resource', 'cloudFormationType', 'equals', resourceType).only();
  return Object.keys(resource.properties);
}

/** Every property the installed sources know, in CloudFormation spelling where the schema gives it. */
function knownProperties(resourceType: string, structName: string): { names: string[]; sources: string[] } {
  const fromJsii = jsiiProperties(structName);
  const fromSpec = specProperties(resourceType) ?? [];
  const names = [...fromSpec];
  for (const p of fromJsii) {
    if (!names.some(n => n.toLowerCase() === p.toLowerCase())) names.push(p[0].toUpperCase() + p.slice(1));
  }
  return { names, sources: fromSpec.length > 0 ? ['jsii', 'service-spec'] : ['jsii'] };
}

/** The props of an exported interface, read from its source file. */
function propNames(file: string, iface: string): Set<string> {
  const source = fs.readFileSync(sourcePath('src', file), 'utf-8');
  const start = source.indexOf(`export interface ${iface} `);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  return new Set([...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map(m => m[1]));
}
/** The props a `prop` row of each section may name: the construct that creates the resource. */
const PROP_NAMES: Record<string, Set<string>> = {
  'AWS::ElastiCache::ReplicationGroup': propNames('redis.ts', 'AirDiscoveryRedisProps'),
  'AWS::ElastiCache::ServerlessCache': propNames('serverless.ts', 'AirDiscoveryServerlessRedisProps'),
};

describe.each([
  ['AWS::ElastiCache::ReplicationGroup', 'CfnReplicationGroupProps'],
  ['AWS::ElastiCache::ServerlessCache', 'CfnServerlessCacheProps'],
])('docs/cfn-audit.md, %s', (resourceType, structName) => {
  const rows = auditRows(resourceType);
  const known = knownProperties(resourceType, structName);
  const lower = (xs: string[]) => xs.map(x => x.toLowerCase());

  test('every property of the installed specification has a row', () => {
    expect(known.names.length).toBeGreaterThan(10);
    const documented = lower(rows.map(r => r.property));
    expect(known.names.filter(p => !documented.includes(p.toLowerCase()))).toEqual([]);
  });

  test('rows name each property once, and a property the installed sources do not know says it is newer', () => {
    const names = rows.map(r => r.property);
    expect(names.filter((n, k) => names.indexOf(n) !== k)).toEqual([]);
    const unknown = rows.filter(r => !lower(known.names).includes(r.property.toLowerCase()));
    expect(unknown.filter(r => !r.why.includes(NEWER)).map(r => r.property)).toEqual([]);
  });

  test('every row says prop `<name>` (a real prop), derived, or not exposed, with a reason', () => {
    for (const r of rows) {
      expect({ property: r.property, setBy: r.setBy }).toEqual({ property: r.property, setBy: expect.stringMatching(/^(prop `\w+`|derived|not exposed)$/) });
      expect(r.why.trim().length).toBeGreaterThan(5);
      const prop = /^prop `(\w+)`$/.exec(r.setBy)?.[1];
      if (prop !== undefined) {
        expect({ property: r.property, prop, exists: PROP_NAMES[resourceType].has(prop) }).toEqual({ property: r.property, prop, exists: true });
      }
    }
  });
});

describe('docs/cfn-audit.md against what the construct writes', () => {
  test('no property a template gets is marked not exposed, and every one has a row', () => {
    const rows = auditRows('AWS::ElastiCache::ReplicationGroup');
    const written = new Set<string>();
    const collect = (props: Record<string, unknown>) => Object.keys(props).forEach(k => written.add(k));
    collect(replicationGroupProps(build({ preset: RedisPreset.PROD, snapshotName: 'seed' }).template));
    collect(replicationGroupProps(build({ ...DURABLE, parameters: { timeout: '300' }, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) }).template));
    collect(replicationGroupProps(build({ snapshotArns: ['arn:aws:s3:::b/dump.rdb'], dataTiering: true, cacheNodeType: CacheNodeType.of('cache.r6gd.xlarge') }).template));
    collect(replicationGroupProps(Template.fromStack(placed({ numCacheNodes: 2, multiAz: true, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] }).stack)));
    collect(replicationGroupProps(Template.fromStack(placed({ clusterMode: ClusterMode.ENABLED, shardConfigurations: [{ slots: '0-8191' }, { slots: '8192-16383' }] }).stack)));
    const { stack, vpc } = newStack();
    new AirDiscoveryRedis(stack, 'Redis', {
      vpc,
      encryptionKey: new kms.Key(stack, 'Key'),
      notificationTopic: new sns.Topic(stack, 'Topic'),
      slowLogDelivery: true,
      replicationGroupId: 'air-redis',
      numCacheNodes: 2,
      snapshottingClusterId: 'air-redis-002',
      clusterMode: ClusterMode.COMPATIBLE,
      multiAz: true,
    });
    Tags.of(stack).add('team', 'air-discovery');
    collect(replicationGroupProps(Template.fromStack(stack)));
    expect(written.size).toBeGreaterThan(25);
    const byName = new Map(rows.map(r => [r.property, r]));
    expect([...written].filter(p => !byName.has(p))).toEqual([]);
    expect([...written].filter(p => byName.get(p)?.setBy === 'not exposed')).toEqual([]);
  });
});

describe('docs/cfn-audit.md against what the serverless construct writes', () => {
  test('no property a template gets is marked not exposed, and every one has a row', () => {
    const rows = auditRows('AWS::ElastiCache::ServerlessCache');
    expect(rows.filter(r => r.why.includes('not yet exposed'))).toEqual([]);
    const written = new Set<string>();
    const { stack, vpc } = newStack();
    new AirDiscoveryServerlessRedis(stack, 'Prod', {
      vpc,
      preset: RedisPreset.PROD,
      serverlessCacheName: 'air-cache',
      minimumDataStorage: Size.gibibytes(1),
      minimumEcpuPerSecond: 1000,
      encryptionKey: new kms.Key(stack, 'Key'),
      removalPolicy: RemovalPolicy.SNAPSHOT,
      outputIdPrefix: 'Prod',
    });
    new AirDiscoveryServerlessRedis(stack, 'Seeded', {
      vpc,
      snapshotArnsToRestore: ['arn:aws:s3:::b/dump.rdb'],
      outputIdPrefix: 'Seeded',
      authentication: RedisAuthentication.iam({ users: [{ userName: 'app' }] }),
    });
    Tags.of(stack).add('team', 'air-discovery');
    for (const r of Object.values<any>(Template.fromStack(stack).findResources('AWS::ElastiCache::ServerlessCache'))) {
      Object.keys(r.Properties).forEach(k => written.add(k));
    }
    expect(written.size).toBeGreaterThan(12);
    const byName = new Map(rows.map(r => [r.property, r]));
    expect([...written].filter(p => !byName.has(p))).toEqual([]);
    expect([...written].filter(p => byName.get(p)?.setBy === 'not exposed')).toEqual([]);
  });
});
