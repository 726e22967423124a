import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, RedisAuthentication, RedisGlobalDatastore, RedisPreset, RedisUserProps,
} from '../src';

/** A stack with the setup guide's VPC (2 AZs, public + private subnets). */
export function newStack(id = 'TestStack'): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  return { app, stack, vpc };
}

/** RBAC props with these users (in-transit encryption on, as RBAC needs). */
export function rbacProps(users: RedisUserProps[]): Omit<AirDiscoveryRedisProps, 'vpc'> {
  return { transitEncryption: true, authentication: RedisAuthentication.rbac({ users }) };
}

/** Builds one AirDiscoveryRedis in a fresh stack and returns it with its template. */
export function build(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}, id = 'Redis') {
  const { app, stack, vpc } = newStack();
  const redis = new AirDiscoveryRedis(stack, id, { vpc, ...props });
  let template: Template | undefined;
  return {
    app,
    stack,
    vpc,
    redis,
    /** Synthesizes on first access: add constructs to the stack before reading it. */
    get template(): Template {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** The properties of the only replication group of a template. */
export function replicationGroupProps(template: Template): Record<string, any> {
  const groups = template.findResources('AWS::ElastiCache::ReplicationGroup');
  const ids = Object.keys(groups);
  if (ids.length !== 1) throw new Error(`expected one replication group, found ${ids.length}`);
  return groups[ids[0]].Properties;
}

/**
 * A Global Datastore across two regions whose primary (stack `Primary`, us-east-1) takes its AUTH token from the
 * user's own secret, and its PROD secondary (stack `Secondary`, us-west-2), with nothing generated to replicate.
 */
export function globalDatastoreWithOwnTokenSecret() {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
  const token = new secretsmanager.Secret(primaryStack, 'Token', { generateSecretString: { excludePunctuation: true } });
  const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
    vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }),
    preset: RedisPreset.PROD,
    cacheNodeType: CacheNodeType.R7_G_LARGE,
    authentication: RedisAuthentication.authTokenFromSecret(token),
  });
  const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
  const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' }, crossRegionReferences: true });
  const secondary = new AirDiscoveryRedis(stack, 'Redis', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2,
  });
  return { app, primaryStack, primary, global, stack, secondary };
}
