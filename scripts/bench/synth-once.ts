/**
 * One synthesis measurement, in a process of its own:
 *   ts-node scripts/bench/synth-once.ts <construct|baseline> <instances>
 * Builds a stack with one VPC and <instances> DEV caches, either with
 * AirDiscoveryRedis or written by hand with L1 resources (the same topology:
 * replication group, subnet group, security group and three outputs each),
 * synthesizes it, and prints one JSON line.
 */
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { AirDiscoveryRedis, RedisPreset } from '../../src';

function handWritten(stack: Stack, vpc: ec2.Vpc, i: number): void {
  const subnetGroup = new elasticache.CfnSubnetGroup(stack, `SubnetGroup${i}`, {
    description: `Private subnets of cache ${i}`,
    subnetIds: vpc.privateSubnets.map(s => s.subnetId),
    cacheSubnetGroupName: `bench-${i}-subnets`,
  });
  const sg = new ec2.SecurityGroup(stack, `SecurityGroup${i}`, { vpc, allowAllOutbound: false, description: `Redis ${i}` });
  sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(6379), 'Redis access from application subnets only');
  const rg = new elasticache.CfnReplicationGroup(stack, `Redis${i}`, {
    replicationGroupId: `bench-redis-${i}`,
    replicationGroupDescription: 'Redis for AirDiscovery (dev)',
    engine: 'redis',
    engineVersion: '7.0',
    cacheNodeType: 'cache.t3.micro',
    numCacheClusters: 1,
    automaticFailoverEnabled: false,
    multiAzEnabled: false,
    port: 6379,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [sg.securityGroupId],
    transitEncryptionEnabled: false,
    atRestEncryptionEnabled: true,
    snapshotRetentionLimit: 1,
    snapshotWindow: '02:00-03:00',
    preferredMaintenanceWindow: 'sun:03:00-sun:04:00',
    autoMinorVersionUpgrade: true,
  });
  new CfnOutput(stack, `RedisEndpoint${i}`, { value: rg.attrPrimaryEndPointAddress });
  new CfnOutput(stack, `RedisPort${i}`, { value: '6379' });
  new CfnOutput(stack, `RedisClusterId${i}`, { value: rg.ref });
}

const [variant, countText] = process.argv.slice(2);
const count = Number(countText);
if (!['construct', 'baseline'].includes(variant) || !Number.isInteger(count) || count < 1) {
  throw new Error('usage: synth-once.ts <construct|baseline> <instances>');
}

const start = process.hrtime.bigint();
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
const vpcResources = Object.keys(app.synth({ force: true }).getStackByName('Bench').template.Resources).length;
const afterVpc = process.hrtime.bigint();
for (let i = 0; i < count; i++) {
  if (variant === 'construct') {
    new AirDiscoveryRedis(stack, `Redis${i}`, { vpc, preset: RedisPreset.DEV, outputIdPrefix: `Cache${i}` });
  } else {
    handWritten(stack, vpc, i);
  }
}
const template = app.synth({ force: true }).getStackByName('Bench').template;
const end = process.hrtime.bigint();
const resources = Object.keys(template.Resources).length - vpcResources;
console.log(JSON.stringify({
  variant,
  count,
  resources,
  outputs: Object.keys(template.Outputs ?? {}).length,
  // the VPC and the first synth are common to both variants and left out
  ms: Number(end - afterVpc) / 1e6,
  totalMs: Number(end - start) / 1e6,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
}));
