/**
 * docs/create-only.md lists every property of AWS::ElastiCache::ReplicationGroup that CloudFormation's
 * registry schema marks as replacing the group; this test reads the schema (the one aws-cdk-lib's tooling
 * ships in @aws-cdk/aws-service-spec) so that the table cannot drift from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

interface SpecProperty { readonly causesReplacement?: 'yes' | 'maybe' | 'no' }
interface SpecResource { readonly cloudFormationType: string; readonly properties: Record<string, SpecProperty> }

/** The resource's properties from @aws-cdk/aws-service-spec's database (a dependency of @aws-cdk/integ-runner). */
function specResource(type: string): SpecResource {
  const file = require.resolve('@aws-cdk/aws-service-spec/db.json.gz', { paths: [path.join(__dirname, '..', 'node_modules', '@aws-cdk', 'integ-runner')] });
  const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf-8'));
  const resource = Object.values(db.schema.resource.entities as Record<string, SpecResource>).find(r => r.cloudFormationType === type);
  if (!resource) throw new Error(`${type} not in the service spec`);
  return resource;
}

/** The rows of the docs table: property -> 'always' | 'conditionally'. */
function documented(): Map<string, string> {
  const text = fs.readFileSync(path.join(__dirname, '..', 'docs', 'create-only.md'), 'utf-8');
  return new Map([...text.matchAll(/^\| `(\w+)` \| (always|conditionally) \|/gm)].map(m => [m[1], m[2]]));
}

describe('docs/create-only.md follows the CloudFormation schema', () => {
  const spec = specResource('AWS::ElastiCache::ReplicationGroup');
  const replacing = Object.entries(spec.properties).filter(([, p]) => p.causesReplacement === 'yes' || p.causesReplacement === 'maybe');

  test('every property that replaces the group has a row, and no other', () => {
    expect(replacing.length).toBeGreaterThanOrEqual(13);
    expect([...documented().keys()].sort()).toEqual(replacing.map(([name]) => name).sort());
  });

  test('always / conditionally match createOnlyProperties / conditional replacement', () => {
    const rows = documented();
    for (const [name, p] of replacing) {
      expect({ name, replaces: rows.get(name) }).toEqual({ name, replaces: p.causesReplacement === 'yes' ? 'always' : 'conditionally' });
    }
  });

  test('test/scaling.test.ts guards exactly the create-only properties', () => {
    const scaling = fs.readFileSync(path.join(__dirname, 'scaling.test.ts'), 'utf-8');
    const block = /'AWS::ElastiCache::ReplicationGroup': \[([\s\S]*?)\]/.exec(scaling)![1];
    const guarded = [...block.matchAll(/'(\w+)'/g)].map(m => m[1]).sort();
    expect(guarded).toEqual(replacing.filter(([, p]) => p.causesReplacement === 'yes').map(([name]) => name).sort());
  });
});
