/**
 * The cdk-nag acknowledgement rules of src/private/nag.ts (lines 75-170: the preset and shape predicates,
 * the secret-key trade-offs, the Global Datastore secondary's controls, the DEV rotation trade-offs),
 * one configuration next to the one that flips each condition: which finding is acknowledged, on which
 * resource, of which kind, exactly.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AirDiscoveryRedis, AirDiscoveryRedisProps, CacheNodeType, NagAcknowledgementKind, RedisAuthentication, RedisGlobalDatastore, RedisPreset,
} from '../../src';

type Props = Omit<AirDiscoveryRedisProps, 'vpc'>;

const MET = NagAcknowledgementKind.CONTROL_MET;
const TRADE = NagAcknowledgementKind.PRESET_TRADE_OFF;
const ROTATION = ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'];
const SECRET_KEY = ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'];
const BACKUP = ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup'];

/** `kind id path-under-Redis` of every acknowledgement outside the rotation function, sorted. */
function acksOf(redis: AirDiscoveryRedis): string[] {
  const base = `${redis.node.path}/`;
  return redis.nagAcknowledgements
    .filter(a => !a.constructPath.startsWith(`${base}Rotation/`))
    .map(a => `${a.kind} ${a.id} ${a.constructPath.slice(base.length)}`)
    .sort();
}

function acks(props: Props | ((key: kms.IKey) => Props)): string[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Nag', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2, natGateways: 1 });
  const key = new kms.Key(stack, 'Key');
  const p = typeof props === 'function' ? props(key) : props;
  return acksOf(new AirDiscoveryRedis(stack, 'Redis', { vpc, ...p }));
}

const on = (kind: string, ids: string[], at: string) => ids.map(id => `${kind} ${id} ${at}`);
const sorted = (xs: string[]) => [...xs].sort();

const TOKEN = { transitEncryption: true, authentication: RedisAuthentication.generatedAuthToken() };
const RBAC = { transitEncryption: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) };
const DEV = { preset: RedisPreset.DEV, acknowledgePresetTradeOffs: true };
const PROD = { preset: RedisPreset.PROD, acknowledgePresetTradeOffs: true };
/** DEV's one-node trade-offs and its 1-day backups. */
const DEV_GROUP = [...on(TRADE, ['AwsSolutions-AEC4', 'AwsSolutions-AEC5', ...BACKUP], 'Resource')];
const LOG_KEY = ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted', 'PCI.DSS.321-CloudWatchLogGroupEncrypted'];
/** PROD's 7-day backups and its AWS-managed slow-log key. */
const PROD_GROUP = [...on(TRADE, BACKUP, 'Resource'), ...on(TRADE, LOG_KEY, 'SlowLog')];

describe('DEV rotation trade-off: only the preset\'s own "rotation off", only on the secret the construct generated', () => {
  test('DEV, generated AUTH token, rotation left to the preset: SMG4 and the rotation controls acknowledged on AuthToken', () => {
    expect(acks({ ...DEV, ...TOKEN })).toEqual(sorted([...DEV_GROUP, ...on(TRADE, [...ROTATION, ...SECRET_KEY], 'AuthToken')]));
  });

  test.each([['rotation: true (rotated)', true], ['rotation: false (the user\'s choice, not the preset\'s)', false]])(
    'DEV, generated AUTH token, %s: no rotation acknowledgement', (_what, rotation) => {
      expect(acks({ ...DEV, ...TOKEN, rotation })).toEqual(sorted([...DEV_GROUP, ...on(TRADE, SECRET_KEY, 'AuthToken')]));
    });

  test('DEV, RBAC, rotation left to the preset: rotation controls acknowledged on the user secret', () => {
    expect(acks({ ...DEV, ...RBAC })).toEqual(sorted([
      ...DEV_GROUP, ...on(MET, ['AwsSolutions-AEC6'], 'Resource'), ...on(TRADE, [...ROTATION, ...SECRET_KEY], 'UserAppSecret'),
    ]));
  });

  test('DEV, RBAC, rotation: false: no rotation acknowledgement on the user secret', () => {
    expect(acks({ ...DEV, ...RBAC, rotation: false })).toEqual(sorted([
      ...DEV_GROUP, ...on(MET, ['AwsSolutions-AEC6'], 'Resource'), ...on(TRADE, SECRET_KEY, 'UserAppSecret'),
    ]));
  });

  test('PROD, generated AUTH token: rotated, so no rotation acknowledgement on AuthToken', () => {
    expect(acks(PROD)).toEqual(sorted([...PROD_GROUP, ...on(TRADE, SECRET_KEY, 'AuthToken')]));
  });

  test('PROD, RBAC: rotated, so no rotation acknowledgement on the user secret', () => {
    expect(acks({ ...PROD, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }] }) })).toEqual(sorted([
      ...PROD_GROUP, ...on(MET, ['AwsSolutions-AEC6'], 'Resource'), ...on(TRADE, SECRET_KEY, 'UserAppSecret'),
    ]));
  });
});

describe('secret-key trade-off: only without a customer-managed key', () => {
  test('PROD, generated AUTH token with encryptionKey: no SecretsManagerUsingKMSKey acknowledgement', () => {
    expect(acks(key => ({ ...PROD, authentication: RedisAuthentication.generatedAuthToken({ encryptionKey: key }) }))).toEqual(sorted(PROD_GROUP));
  });

  test('PROD, RBAC with secretEncryptionKey: no SecretsManagerUsingKMSKey acknowledgement on the user secret', () => {
    expect(acks(key => ({ ...PROD, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app' }], secretEncryptionKey: key }) })))
      .toEqual(sorted([...PROD_GROUP, ...on(MET, ['AwsSolutions-AEC6'], 'Resource')]));
  });
});

describe('AEC6 met under IAM: IAM users are a user group too', () => {
  test('PROD, IAM, default user off: AEC6 acknowledged as met, nothing else by default', () => {
    expect(acks({ preset: RedisPreset.PROD, authentication: RedisAuthentication.iam({ users: [{ userName: 'air-api' }] }) }))
      .toEqual(on(MET, ['AwsSolutions-AEC6'], 'Resource'));
  });
});

describe('DEV shape: preset DEV, one node, cache.t3.micro, each condition on its own', () => {
  test('DEV on cache.r7g.large (one node): no DEV-shape acknowledgement, only the preset\'s backups', () => {
    expect(acks({ ...DEV, cacheNodeType: CacheNodeType.of('cache.r7g.large') })).toEqual(on(TRADE, BACKUP, 'Resource'));
  });

  test('DEV on two cache.t3.micro nodes: no DEV-shape acknowledgement, only the preset\'s backups', () => {
    expect(acks({ ...DEV, numCacheNodes: 2 })).toEqual(on(TRADE, BACKUP, 'Resource'));
  });

  test('PROD on one cache.t3.micro node without multi-AZ: the DEV one-node trade-off (AEC4) is not acknowledged', () => {
    expect(acks({ ...PROD, cacheNodeType: CacheNodeType.of('cache.t3.micro'), numCacheNodes: 1, multiAz: false }))
      .toEqual(sorted([...PROD_GROUP, ...on(TRADE, SECRET_KEY, 'AuthToken')]));
  });
});

/** The acknowledgements of a Global Datastore secondary (PROD, two nodes) of a PROD primary with `primary` props. */
function secondaryAcks(primary: Props): string[] {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
  const p = new AirDiscoveryRedis(primaryStack, 'Redis', {
    vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, cacheNodeType: CacheNodeType.R7_G_LARGE, ...primary,
  });
  const global = new RedisGlobalDatastore(primaryStack, 'Global', { primary: p, globalReplicationGroupIdSuffix: 'air-discovery' });
  const stack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' }, crossRegionReferences: true });
  return acksOf(new AirDiscoveryRedis(stack, 'Redis', {
    vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), preset: RedisPreset.PROD, globalDatastore: global, numCacheNodes: 2,
  }));
}

describe('Global Datastore secondary: what it inherits is met only where the primary has it', () => {
  test('secondary of a PROD primary (port 6380, AUTH token): AEC3, AEC5 and AEC6 acknowledged as met', () => {
    expect(secondaryAcks({})).toEqual(on(MET, ['AwsSolutions-AEC3', 'AwsSolutions-AEC5', 'AwsSolutions-AEC6'], 'Resource'));
  });

  test('secondary of a primary on port 6379: AEC5 is not acknowledged', () => {
    expect(secondaryAcks({ port: 6379 })).toEqual(on(MET, ['AwsSolutions-AEC3', 'AwsSolutions-AEC6'], 'Resource'));
  });

  test('secondary of a primary without AUTH: AEC6 is not acknowledged', () => {
    expect(secondaryAcks({ authentication: RedisAuthentication.none() })).toEqual(on(MET, ['AwsSolutions-AEC3', 'AwsSolutions-AEC5'], 'Resource'));
  });
});
