// TypeScript consumer of the packed npm tarball (see ../README.md).
// Keep in step with ../python/app.py and ../java/Main.java: the three must synthesize identical templates.
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  AirDiscoveryRedis,
  CacheNodeType,
  EngineVersion,
  RedisAuthentication,
  RedisParameters,
  RedisPreset,
  RedisUserAuthenticationType,
  TransitEncryptionMode,
} from '@air-discovery/cdk-redis';

const outdir = process.env.CONSUMER_OUTDIR;
if (!outdir) throw new Error('set CONSUMER_OUTDIR');

const env = { account: '123456789012', region: 'us-east-1' };
const app = new App({ outdir, context: { 'aws:cdk:disable-creation-stack-traces': true } });

// DEV preset, nothing else.
const dev = new Stack(app, 'ConsumerDev', { env });
const devVpc = new ec2.Vpc(dev, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b'] });
new AirDiscoveryRedis(dev, 'Redis', { vpc: devVpc, preset: RedisPreset.DEV });

// PROD preset with overrides: enum-like classes, enums, secrets, grants, maps, struct arrays.
const prod = new Stack(app, 'ConsumerProd', { env });
const vpc = new ec2.Vpc(prod, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
const role = new iam.Role(prod, 'ApiRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
const apiSecurityGroup = new ec2.SecurityGroup(prod, 'ApiSecurityGroup', { vpc });

const redis = new AirDiscoveryRedis(prod, 'Redis', {
  vpc,
  preset: RedisPreset.PROD,
  engineVersion: EngineVersion.VALKEY_8_0,
  cacheNodeType: CacheNodeType.R7_G_LARGE,
  numCacheNodes: 2,
  transitEncryptionMode: TransitEncryptionMode.REQUIRED,
  authentication: RedisAuthentication.generatedAuthToken({ length: 48 }),
  snapshotRetention: Duration.days(15),
  parameters: RedisParameters.AIR_DISCOVERY_CACHE,
});
redis.grantReadAuthSecret(role);
redis.connections.allowDefaultPortFrom(apiSecurityGroup);
new CfnOutput(prod, 'RedisUrl', { value: redis.connectionEnvironment().REDIS_URL });

const sessions = new AirDiscoveryRedis(prod, 'Sessions', {
  vpc,
  preset: RedisPreset.PROD,
  outputIdPrefix: 'Sessions',
  authentication: RedisAuthentication.rbac({
    users: [{
      userName: 'api',
      accessString: 'on ~socket:* +@read +@write',
      authenticationType: RedisUserAuthenticationType.PASSWORD,
    }],
  }),
});
sessions.userSecret('api').grantRead(role);

app.synth();
console.log(`typescript: synthesized ${app.node.children.filter(Stack.isStack).map(s => s.stackName).join(', ')} to ${outdir}`);
