/**
 * The AirDiscovery example app: the setup guide's infrastructure with the DEV
 * preset. `npx projen example` synthesizes it into examples/cdk.out.
 */
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { AirDiscoveryRedis, RedisPreset } from '../src';

/** The guide's network: a VPC with private subnets in two AZs and a NAT gateway. */
export class AirDiscoveryStack extends Stack {
  public readonly redis: AirDiscoveryRedis;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    this.redis = new AirDiscoveryRedis(this, 'Redis', { vpc, preset: RedisPreset.DEV });
  }
}

if (require.main === module) {
  const outdir = path.join(__dirname, 'cdk.out');
  const app = new App({ outdir });
  const stack = new AirDiscoveryStack(app, 'AirDiscoveryDev', { env: { account: '123456789012', region: 'us-east-1' } });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const types: Record<string, number> = {};
  for (const r of Object.values<any>(template.Resources)) types[r.Type] = (types[r.Type] ?? 0) + 1;
  const file = path.join(outdir, assembly.getStackByName(stack.stackName).templateFile);
  console.log(`Synthesized ${stack.stackName} (DEV preset) to ${path.relative(process.cwd(), file)}`);
  console.log('Resources:');
  for (const [t, n] of Object.entries(types).sort()) console.log(`  ${n} x ${t}`);
  console.log(`Outputs: ${Object.keys(template.Outputs ?? {}).join(', ')}`);
}
