/**
 * The stack the probe construct suites build on (probe.test.ts, probe-construct-1.test.ts, probe-construct-2.test.ts):
 * a stack in us-east-1 with a 10.0.0.0/16 VPC over two AZs and one NAT gateway, and one AirDiscoveryRedis in it.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AirDiscoveryRedis, AirDiscoveryRedisProps, IAirDiscoveryCache } from '../../src';

export function setup(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}, vpcProps: ec2.VpcProps = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'ProbeStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1, ...vpcProps });
  const redis = new AirDiscoveryRedis(stack, 'Redis', { vpc, ...props });
  return { app, stack, vpc, redis };
}

/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
export function ref(stack: Stack, construct: unknown): string {
  const c = (construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct;
  return stack.getLogicalId(c as never);
}

/**
 * `redis` as another implementation of IAirDiscoveryCache would be: everything of the interface, but not this
 * library's internal `_addProbeUser`, so the probe cannot add a user of its own and takes an existing one.
 * `extra` hides or replaces further members.
 */
export function externalCache(redis: IAirDiscoveryCache, extra: PropertyDescriptorMap = {}): IAirDiscoveryCache {
  return Object.create(redis, { _addProbeUser: { value: undefined }, ...extra });
}
