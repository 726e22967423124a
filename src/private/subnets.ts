import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * The cache's (and its probe's) default subnets: the private subnets with egress,
 * else the isolated ones; never public subnets.
 */
export function defaultSubnetSelection(vpc: ec2.IVpc): ec2.SubnetSelection {
  if (vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  if (vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  throw new Error('vpc has no private or isolated subnets: ElastiCache must not live in public subnets; add private subnets or pass vpcSubnets');
}
