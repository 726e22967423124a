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

/**
 * The public subnets (those routing to an internet gateway) among the ones a selection picks; empty
 * when the selection cannot be resolved here (the subnet group reports that itself).
 */
export function selectedPublicSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): string[] {
  if (selection === undefined) return []; // the default selection never picks public subnets
  let selected: ec2.ISubnet[];
  try {
    selected = vpc.selectSubnets(selection).subnets;
  } catch {
    return [];
  }
  const publicIds = new Set(vpc.publicSubnets.map(s => s.subnetId));
  return selected.filter(s => vpc.publicSubnets.includes(s) || publicIds.has(s.subnetId)).map(s => s.node.path);
}

/**
 * Whether a given selection resolves to no subnet at all (`{ subnets: [] }`, or a filter nothing passes): a subnet
 * group needs at least one. False when the selection cannot be resolved here (the subnet group reports that itself)
 * and for the default selection (which throws when the VPC has no private subnet).
 */
export function selectsNoSubnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): boolean {
  if (selection === undefined) return false;
  try {
    return vpc.selectSubnets(selection).subnetIds.length === 0;
  } catch {
    return false;
  }
}

/** The CIDR a peer opens to, when it is the whole IPv4 or IPv6 internet. */
export function internetWidePeer(peer: ec2.IPeer): string | undefined {
  let config: Record<string, unknown> = {};
  try {
    config = { ...peer.toIngressRuleConfig() };
  } catch {
    return undefined;
  }
  const cidr = config.cidrIp ?? config.cidrIpv6;
  return cidr === '0.0.0.0/0' || cidr === '::/0' ? cidr : undefined;
}
