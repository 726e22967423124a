/**
 * Survivors of the StrykerJS run of src/redis.ts, lines 1091-1300 (the IAirDiscoveryCache getters, the naming of
 * the AUTH token secret for Global Datastore replicas, the nag context, the errors and warnings for a missing AUTH
 * token secret): each test pins one behaviour a surviving mutant changed. Real synth, one app per test.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, ClusterMode, NagAcknowledgementKind, RedisAuthentication,
  RedisGlobalDatastore, RedisPreset, RedisUserAuthenticationType,
} from '../src';
import { build, globalDatastoreWithOwnTokenSecret } from './util';

const NAMED_WARNING = '@air-discovery/cdk-redis:authSecretNamedForGlobalDatastore';
const LOG_KEY = ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'PCI.DSS.321-CloudWatchLogGroupEncrypted'];

/** A PROD primary on r7g.large in us-east-1 (a valid Global Datastore primary), with its VPC. */
function primaryApp(props: Omit<AirDiscoveryRedisProps, 'vpc'> = {}) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
  const vpc = new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 });
  const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
    vpc, preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, ...props,
  });
  return { app, primaryStack, primary };
}

function secondaryOf(app: App, global: RedisGlobalDatastore) {
  const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' }, crossRegionReferences: true });
  const secondary = new AirDiscoveryRedis(stack, 'Redis', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2,
  });
  return { stack, secondary };
}

/** The Name of the primary's generated AUTH token secret (undefined when unnamed). */
function authSecretName(primaryStack: Stack, primary: AirDiscoveryRedis): unknown {
  const secrets = Template.fromStack(primaryStack).findResources('AWS::SecretsManager::Secret');
  return secrets[primaryStack.getLogicalId(primary.authSecret!.node.defaultChild as secretsmanager.CfnSecret)].Properties.Name;
}

const namedWarnings = (stack: Stack) =>
  Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('authSecretNamedForGlobalDatastore')).map(w => w.entry.data);

describe('AirDiscoveryRedis: behaviours pinned for mutation survivors (lines 1091-1300)', () => {
  test('clusterProtocol is true for cluster mode ENABLED only (false for DISABLED and COMPATIBLE); serverless is false', () => {
    const enabled = build({ preset: RedisPreset.PROD, replicationGroupId: 'sharded', clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 }).redis;
    const disabled = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.DISABLED }).redis;
    const compatible = build({ preset: RedisPreset.PROD, clusterMode: ClusterMode.COMPATIBLE }).redis;
    expect([enabled.clusterProtocol, disabled.clusterProtocol, compatible.clusterProtocol]).toEqual([true, false, false]);
    expect([enabled.serverless, disabled.serverless]).toEqual([false, false]);
  });

  test('Global Datastore: the generated AUTH token secret is named <replicationGroupId>/auth-token, with the warning word for word', () => {
    const { primaryStack, primary } = primaryApp();
    new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    expect(authSecretName(primaryStack, primary)).toBe(`${primary.replicationGroupId}/auth-token`);
    expect(namedWarnings(primaryStack)).toEqual([
      `the generated AUTH token secret is named ${primary.replicationGroupId}/auth-token so that Global Datastore secondaries find its replica: `
      + 'on a primary that already runs, this replaces the secret and so changes the AUTH token; add the Global Datastore when the primary '
      + `is created, or pass GeneratedAuthTokenOptions.secretName from the start [ack: ${NAMED_WARNING}]`,
    ]);
  });

  test('Global Datastore: a secretName given to generatedAuthToken is kept (not renamed, no warning) and the secondary reads that name', () => {
    const { app, primaryStack, primary } = primaryApp({
      transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken({ secretName: 'air-discovery/redis-auth' }),
    });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const { stack, secondary } = secondaryOf(app, global);
    expect(authSecretName(primaryStack, primary)).toBe('air-discovery/redis-auth');
    expect(namedWarnings(primaryStack)).toEqual([]);
    expect(secondary.authSecret!.secretName).toBe('air-discovery/redis-auth');
    expect(stack.resolve(secondary.authSecret!.secretArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:us-west-2:123456789012:secret:air-discovery/redis-auth']],
    });
  });

  test('Global Datastore: a replicationGroupId token leaves the secret unnamed (no warning), so the secondary has no secret to read', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const id = new CfnParameter(primaryStack, 'GroupId', { type: 'String' }).valueAsString;
    const primary = new AirDiscoveryRedis(primaryStack, 'Redis', {
      vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, replicationGroupId: id,
    });
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    const { secondary } = secondaryOf(app, global);
    expect(authSecretName(primaryStack, primary)).toBeUndefined();
    expect(namedWarnings(primaryStack)).toEqual([]);
    expect(secondary.authSecret).toBeUndefined();
  });

  test('Global Datastore: the secret is named once; a name set on it afterwards (escape hatch) is not overwritten by a later secondary', () => {
    const { app, primaryStack, primary } = primaryApp();
    const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'air-discovery' });
    (primary.authSecret!.node.defaultChild as secretsmanager.CfnSecret).name = 'renamed-by-hand';
    const { secondary } = secondaryOf(app, global);
    expect(authSecretName(primaryStack, primary)).toBe('renamed-by-hand');
    expect(secondary.authSecret!.secretName).toBe(`${primary.replicationGroupId}/auth-token`);
  });

  test('logEncryptionKey: the log-key trade-off is not acknowledged on the slow log (PROD, trade-offs acknowledged)', () => {
    const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = new Stack(app, 'Nag', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const logIds = (redis: AirDiscoveryRedis) => redis.nagAcknowledgements
      .filter(a => a.constructPath.startsWith(`${redis.node.path}/SlowLog`))
      .map(a => `${a.kind} ${a.id}`).sort();
    const withKey = new AirDiscoveryRedis(stack, 'WithKey', {
      vpc, preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true, logEncryptionKey: new kms.Key(stack, 'Key'), outputIdPrefix: 'WithKey',
    });
    const withoutKey = new AirDiscoveryRedis(stack, 'WithoutKey', {
      vpc, preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true, outputIdPrefix: 'WithoutKey',
    });
    expect(logIds(withKey)).toEqual([]);
    expect(logIds(withoutKey)).toEqual(LOG_KEY.map(id => `${NagAcknowledgementKind.PRESET_TRADE_OFF} ${id}`).sort());
  });

  test('DEV without AUTH: the error ends by pointing to the authReplacement warning', () => {
    const { redis } = build({ preset: RedisPreset.DEV });
    expect(() => redis.ecsSecret()).toThrow(new Error(
      'ecsSecret(): TestStack/Redis has no AUTH token secret: its authentication is none (the DEV preset has no AUTH, '
      + 'like the setup guide\'s development setup). To turn AUTH on, set authentication: RedisAuthentication.generatedAuthToken() '
      + 'together with transitEncryption: true (AUTH needs TLS), or use preset: RedisPreset.PROD. On a deployed group CloudFormation '
      + 'replaces it (a new, empty cache): see the warning @air-discovery/cdk-redis:authReplacement'));
  });

  test('Global Datastore secondary of a primary with the user\'s own secret: ecsSecret() throws and connectLambda() warns, word for word', () => {
    const { stack, secondary } = globalDatastoreWithOwnTokenSecret();
    expect(() => secondary.ecsSecret()).toThrow(new Error('ecsSecret(): Secondary/Redis has no AUTH token secret: this Global Datastore secondary\'s '
      + 'primary did not generate its AUTH token secret; grant and pass the primary\'s secret (replicated to this region) yourself'));
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => 1;'), vpc: secondary.vpc,
    });
    secondary.connectLambda(fn);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('noAuthSecretForLambda')).map(w => w.entry.data)).toEqual([
      'connectLambda(Secondary/Fn): this Global Datastore secondary\'s primary did not generate its AUTH token secret, so there is no replica '
      + 'to hand the function: grant and pass the primary\'s secret (replicated to this region) yourself '
      + '[ack: @air-discovery/cdk-redis:noAuthSecretForLambda]',
    ]);
  });

  test('RBAC: the error suggests the first password user by name (web), or app when no user has a password', () => {
    const web = build({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({
        users: [{ userName: 'reader', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~cache:* +get' }, { userName: 'web' }],
      }),
    }).redis;
    expect(() => web.ecsSecret()).toThrow(new Error('ecsSecret(): TestStack/Redis has no AUTH token secret: it uses RBAC users; '
      + 'pass a user name, e.g. ecsSecret(\'web\'), or use userSecret(name)'));
    const noPassword = build({
      preset: RedisPreset.PROD,
      authentication: RedisAuthentication.rbac({
        users: [{ userName: 'reader', authenticationType: RedisUserAuthenticationType.NO_PASSWORD, accessString: 'on ~cache:* +get' }],
      }),
    }).redis;
    expect(() => noPassword.grantReadAuthSecret(new iam.AccountRootPrincipal())).toThrow(new Error('grantReadAuthSecret(): TestStack/Redis has no '
      + 'AUTH token secret: it uses RBAC users; pass a user name, e.g. grantReadAuthSecret(\'app\'), or use userSecret(name)'));
  });
});
