/**
 * Growing from DEV sizes to PROD sizes must be an in-place update: the same
 * logical ids, and no change to a property that CloudFormation can only set at
 * creation (a change there replaces the resource: new endpoint, empty cache).
 */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from './util';
import { AirDiscoveryRedisProps, CacheNodeType, RedisPreset } from '../src';

/**
 * Create-only properties, from the CloudFormation registry schemas
 * (`createOnlyProperties` of AWS::ElastiCache::ReplicationGroup, ::SubnetGroup,
 * AWS::EC2::SecurityGroup, as shipped in cfn-lint's provider schemas).
 */
const CREATE_ONLY: Record<string, string[]> = {
  'AWS::ElastiCache::ReplicationGroup': [
    'KmsKeyId', 'Port', 'SnapshotArns', 'CacheSubnetGroupName', 'NetworkType', 'DataTieringEnabled',
    'AtRestEncryptionEnabled', 'ReplicationGroupId', 'GlobalReplicationGroupId', 'ReplicasPerNodeGroup',
    'PreferredCacheClusterAZs', 'SnapshotName', 'Engine',
  ],
  'AWS::ElastiCache::SubnetGroup': ['CacheSubnetGroupName'],
  'AWS::EC2::SecurityGroup': ['GroupDescription', 'GroupName', 'VpcId'],
};

function resources(props: Omit<AirDiscoveryRedisProps, 'vpc'>) {
  return Template.fromJSON(build(props).template.toJSON()).toJSON().Resources as Record<string, any>;
}

const DEV = resources({});
const VARIANTS: Array<[string, Omit<AirDiscoveryRedisProps, 'vpc'>]> = [
  ['DEV with 3 nodes', { numCacheNodes: 3 }],
  ['DEV with a bigger node type', { cacheNodeType: CacheNodeType.M7_G_LARGE }],
  ['PROD-sized DEV (3 nodes, multi-AZ, t3.small, 7-day snapshots)', {
    numCacheNodes: 3, multiAz: true, cacheNodeType: CacheNodeType.T3_SMALL, snapshotRetention: Duration.days(7),
  }],
  ['PROD-sized DEV plus alarms and parameters', {
    numCacheNodes: 3,
    multiAz: true,
    cacheNodeType: CacheNodeType.R7_G_LARGE,
    alarms: true,
    parameters: { 'maxmemory-policy': 'allkeys-lru' },
  }],
];

describe.each(VARIANTS)('%s', (_name, props) => {
  const variant = resources(props);

  test('keeps every logical id and type', () => {
    for (const [logicalId, resource] of Object.entries(DEV)) {
      expect(variant[logicalId]).toBeDefined();
      expect(variant[logicalId].Type).toBe(resource.Type);
    }
  });

  test('changes no create-only property', () => {
    // the loop must cover the three resource types of CREATE_ONLY, not pass on an empty template
    expect(Object.values(DEV).map(r => r.Type).filter(t => CREATE_ONLY[t]).sort())
      .toEqual(['AWS::EC2::SecurityGroup', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup']);
    for (const [logicalId, resource] of Object.entries(DEV)) {
      for (const prop of CREATE_ONLY[resource.Type] ?? []) {
        expect({ logicalId, prop, value: variant[logicalId].Properties?.[prop] })
          .toEqual({ logicalId, prop, value: resource.Properties?.[prop] });
      }
    }
  });

  test('really is a different configuration', () => {
    const rg = Object.keys(DEV).find(id => DEV[id].Type === 'AWS::ElastiCache::ReplicationGroup')!;
    expect(variant[rg].Properties).not.toEqual(DEV[rg].Properties);
  });
});

test('the real PROD preset differs from DEV only in ways docs/replacements.md lists as replacing', () => {
  // DEV -> PROD preset changes the port (6379 -> 6380), which is create-only:
  // docs/replacements.md says so, and this test keeps that statement honest.
  const prod = resources({ preset: RedisPreset.PROD });
  const rg = Object.keys(DEV).find(id => DEV[id].Type === 'AWS::ElastiCache::ReplicationGroup')!;
  const changed = CREATE_ONLY['AWS::ElastiCache::ReplicationGroup']
    .filter(p => JSON.stringify(prod[rg].Properties[p]) !== JSON.stringify(DEV[rg].Properties[p]));
  expect(changed).toEqual(['Port']);
});
