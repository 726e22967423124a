import { Duration, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AuthenticationMode } from '../auth';
import { RedisConfiguration } from '../configuration';
import { NagAcknowledgementKind } from '../nag';
import { PRESETS, RedisPreset } from '../presets';

/** Which of the construct's resources an acknowledgement applies to. */
export type NagTarget = 'replicationGroup' | 'authSecret' | 'userSecrets' | 'logGroups'
| 'probeFunction' | 'probeRole' | 'probeLogGroup' | 'probeSecret' | 'rotationFunction' | 'rotationRole' | 'rotationLogGroup';

/** One acknowledged cdk-nag finding and the reason the construct accepts it. */
export interface NagAcknowledgementRule {
  readonly ids: string[];
  readonly target: NagTarget;
  /** Control met (a false positive, applied by default) or a preset trade-off (opt-in). */
  readonly kind: NagAcknowledgementKind;
  readonly reason: string;
  /** `when`, in words, for the nag table. */
  readonly appliesWhen: string;
  /** Applies only when this holds for the resolved configuration. */
  readonly when: (c: RedisConfiguration, ctx: NagContext) => boolean;
}

export interface NagContext {
  /** Whether a customer-managed KMS key encrypts the construct's secrets. */
  readonly secretsUseCustomerKey: boolean;
  /** Whether a customer-managed KMS key encrypts the log groups. */
  readonly logsUseCustomerKey: boolean;
  /** Whether the group is a Global Datastore secondary. */
  readonly globalSecondary: boolean;
  /** Whether the construct rotates its own secrets (AUTH token, user passwords). */
  readonly rotation: boolean;
  /** Whether `rotation` is the preset's choice (the user did not set it). */
  readonly rotationFromPreset: boolean;
  /**
   * RBAC/IAM: the default user is off and no password-less user is on with access to every key,
   * so every client that can touch data has authenticated (AwsSolutions-AEC6's intent).
   */
  readonly everyDataClientAuthenticates: boolean;
}

/** What every cache configuration (node-based or serverless) says about authentication. */
export interface CacheAuthentication {
  readonly authenticationMode: AuthenticationMode;
}

/** An acknowledgement on a secret that reads only what both cache kinds share. */
export interface SecretKeyTradeOff {
  readonly ids: string[];
  readonly target: 'authSecret' | 'userSecrets';
  readonly kind: NagAcknowledgementKind;
  readonly reason: string;
  readonly appliesWhen: string;
  readonly when: (c: CacheAuthentication, ctx: { readonly secretsUseCustomerKey: boolean }) => boolean;
}

// Rule ids per pack. Only the packs that have the rule (checked by test/security.test.ts against cdk-nag's packs).
const HIPAA = 'HIPAA.Security';
const NIST = 'NIST.800.53.R5';
const PCI = 'PCI.DSS.321';
const ids = (rule: string, packs: string[]) => packs.map(p => `${p}-${rule}`);
export const ROTATION_IDS = ['AwsSolutions-SMG4', ...ids('SecretsManagerRotationEnabled', [HIPAA, NIST])];
export const SECRET_KEY_IDS = ids('SecretsManagerUsingKMSKey', [HIPAA, NIST, PCI]);
const LOG_KEY_IDS = ids('CloudWatchLogGroupEncrypted', [HIPAA, NIST, PCI]);
const BACKUP_IDS = ids('ElastiCacheRedisClusterAutomaticBackup', [HIPAA, NIST]);
const INLINE_POLICY_IDS = ids('IAMNoInlinePolicy', [HIPAA, NIST, PCI]);
const LAMBDA_EXECUTION_POLICIES = [
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
];

const MET = NagAcknowledgementKind.CONTROL_MET;
const TRADE_OFF = NagAcknowledgementKind.PRESET_TRADE_OFF;
const isDev = (c: RedisConfiguration) => c.preset === RedisPreset.DEV;
/** Whether the cache's clients authenticate as RBAC/IAM users (a user group, user secrets). */
export const usesUserGroup = (c: CacheAuthentication) =>
  c.authenticationMode === AuthenticationMode.RBAC || c.authenticationMode === AuthenticationMode.IAM;
/** Still the DEV shape (node type and count): "the cheapest thing that works" is then true. */
const devShape = (c: RedisConfiguration) => isDev(c)
  && c.cacheNodeType.name === PRESETS[RedisPreset.DEV].cacheNodeType.name
  && c.totalNodes === PRESETS[RedisPreset.DEV].numCacheNodes;
const presetRetention = (c: RedisConfiguration) => sameDays(c.snapshotRetention, PRESETS[c.preset].snapshotRetention.toDays());
const noRotationByPreset = (ctx: NagContext) => !ctx.rotation && ctx.rotationFromPreset;

/**
 * The secret-key trade-offs, the same for a node-based and a serverless cache (both construct
 * their secrets alike): the secrets use the AWS managed key unless the user passes one.
 */
export const SECRET_KEY_TRADE_OFFS: SecretKeyTradeOff[] = [
  {
    ids: SECRET_KEY_IDS,
    target: 'authSecret',
    kind: TRADE_OFF,
    reason: 'Both presets: the secret is encrypted with the AWS managed key aws/secretsmanager (free, no key policy to manage), not a customer-managed key. Pass GeneratedAuthTokenOptions.encryptionKey for one.',
    appliesWhen: 'AUTH token secret without a customer-managed key',
    when: (c, ctx) => c.authenticationMode === AuthenticationMode.AUTH_TOKEN && !ctx.secretsUseCustomerKey,
  },
  {
    ids: SECRET_KEY_IDS,
    target: 'userSecrets',
    kind: TRADE_OFF,
    reason: 'Both presets: the secrets are encrypted with the AWS managed key aws/secretsmanager, not a customer-managed key. Pass RedisUserGroupOptions.secretEncryptionKey for one.',
    appliesWhen: 'user secrets without a customer-managed key',
    when: (c, ctx) => usesUserGroup(c) && !ctx.secretsUseCustomerKey,
  },
];

/**
 * The cdk-nag findings (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1)
 * that the construct acknowledges on its own resources, with the reason for each.
 *
 * Two kinds (docs/security.md):
 * - CONTROL_MET: the control's intent is provably met and the rule cannot see it.
 *   Applied by default (`acknowledgeNagFindings`, default true).
 * - PRESET_TRADE_OFF: a documented trade-off of the preset; the control is NOT met.
 *   Visible unless the user passes an explicit `preset` and `acknowledgePresetTradeOffs: true`.
 *
 * A finding caused by a value the user overrode away from the preset is never acknowledged.
 */
export const NAG_ACKNOWLEDGEMENTS: NagAcknowledgementRule[] = [
  // ---- control met -------------------------------------------------------------
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    kind: MET,
    reason: 'AEC6 only recognises an AuthToken. Every client of this group authenticates as an RBAC/IAM user: the default user is off and no password-less user is on with access to every key, so no unauthenticated client can reach the data.',
    appliesWhen: 'RBAC or IAM, default user off, no password-less user on `~*`',
    when: (c, ctx) => usesUserGroup(c) && ctx.everyDataClientAuthenticates,
  },
  {
    ids: ['AwsSolutions-AEC3'],
    target: 'replicationGroup',
    kind: MET,
    reason: 'Global Datastore secondary: in-transit and at-rest encryption are inherited from the primary, which has both on; CloudFormation rejects them on a secondary, so the template cannot show them.',
    appliesWhen: 'Global Datastore secondary of an encrypted primary',
    when: (c, ctx) => ctx.globalSecondary && c.transitEncryption && c.atRestEncryption,
  },
  {
    ids: ['AwsSolutions-AEC5'],
    target: 'replicationGroup',
    kind: MET,
    reason: 'Global Datastore secondary: the port is inherited from the primary, which does not use 6379; CloudFormation rejects it on a secondary.',
    appliesWhen: 'Global Datastore secondary of a primary on another port than 6379',
    when: (c, ctx) => ctx.globalSecondary && c.port !== 6379,
  },
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    kind: MET,
    reason: 'Global Datastore secondary: AUTH is inherited from the primary, which has it; CloudFormation rejects an AuthToken on a secondary.',
    appliesWhen: 'Global Datastore secondary of a primary with an AUTH token',
    when: (c, ctx) => ctx.globalSecondary && c.authenticationMode === AuthenticationMode.AUTH_TOKEN,
  },
  // ---- preset trade-offs (opt-in) -------------------------------------------------
  {
    ids: ROTATION_IDS,
    target: 'authSecret',
    kind: TRADE_OFF,
    reason: 'DEV preset: the AUTH token is not rotated (the preset turns rotation off to stay the cheapest thing that works). The PROD preset rotates it; pass rotation: true to rotate it here.',
    appliesWhen: 'DEV preset, AUTH token, rotation left off',
    when: (c, ctx) => isDev(c) && c.authenticationMode === AuthenticationMode.AUTH_TOKEN && noRotationByPreset(ctx),
  },
  {
    ids: ROTATION_IDS,
    target: 'userSecrets',
    kind: TRADE_OFF,
    reason: 'DEV preset: the RBAC user passwords are not rotated. The PROD preset rotates them; pass rotation: true to rotate them here.',
    appliesWhen: 'DEV preset, RBAC password users, rotation left off',
    when: (c, ctx) => isDev(c) && usesUserGroup(c) && noRotationByPreset(ctx),
  },
  ...SECRET_KEY_TRADE_OFFS,
  {
    ids: BACKUP_IDS,
    target: 'replicationGroup',
    kind: TRADE_OFF,
    reason: 'The setup guide keeps 1 day (DEV) and 7 days (PROD) of snapshots, below the 15 days these controls ask: the cache holds socket sessions and API responses that the app rebuilds. Set snapshotRetention to 15 days or more where HIPAA or NIST 800-53 applies.',
    appliesWhen: 'the preset\'s snapshot retention (DEV 1 day, PROD 7 days)',
    when: c => presetRetention(c),
  },
  {
    ids: LOG_KEY_IDS,
    target: 'logGroups',
    kind: TRADE_OFF,
    reason: 'Both presets: CloudWatch Logs encrypts the slow and engine logs at rest with its own keys, not a customer-managed key; the logs hold command names and timings, not cached values. Pass logEncryptionKey for one.',
    appliesWhen: 'log delivery without a customer-managed key',
    when: (_c, ctx) => !ctx.logsUseCustomerKey,
  },
  {
    ids: ['AwsSolutions-AEC3'],
    target: 'replicationGroup',
    kind: TRADE_OFF,
    reason: 'DEV preset: in-transit encryption is off as in the setup guide\'s development setup; the group is reachable only from inside the VPC. Use the PROD preset or transitEncryption: true for real data.',
    appliesWhen: 'DEV preset and shape (one cache.t3.micro), TLS off',
    when: c => devShape(c) && !c.transitEncryption && c.atRestEncryption,
  },
  {
    ids: ['AwsSolutions-AEC4'],
    target: 'replicationGroup',
    kind: TRADE_OFF,
    reason: 'DEV preset: one node (the cheapest thing that works); multi-AZ needs a replica. Use the PROD preset or numCacheNodes >= 2 with multiAz: true for availability.',
    appliesWhen: 'DEV preset and shape, one node',
    when: c => devShape(c) && !c.multiAz,
  },
  {
    ids: ['AwsSolutions-AEC5'],
    target: 'replicationGroup',
    kind: TRADE_OFF,
    reason: 'DEV preset: port 6379 as in the setup guide, so local tools work unchanged; the security group limits the port to the VPC CIDR. PROD uses 6380.',
    appliesWhen: 'DEV preset and shape, port 6379',
    when: c => devShape(c) && c.port === 6379,
  },
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    kind: TRADE_OFF,
    reason: 'DEV preset: no AUTH, as in the setup guide\'s development setup (REDIS_PASSWORD empty); AUTH needs TLS. Use the PROD preset or RedisAuthentication.generatedAuthToken() with TLS for real data.',
    appliesWhen: 'DEV preset and shape, no authentication',
    when: c => devShape(c) && c.authenticationMode === AuthenticationMode.NONE,
  },
];

function sameDays(d: Duration, days: number): boolean {
  return !d.isUnresolved() && d.toDays({ integral: false }) === days;
}

/**
 * Whether an ACL access string lets its user run commands on every key.
 * Conservative: a token, or a string with neither `on` nor `off`, counts as on; any all-keys
 * pattern (`~*`, `allkeys`, `%R~*`, `%W~*`, `%RW~*`) not cleared by a later `resetkeys` counts.
 */
export function aclReachesEveryKey(access: string): boolean {
  if (Token.isUnresolved(access)) return true;
  let on = true;
  let allKeys = false;
  for (const t of access.trim().split(/\s+/)) {
    const tok = t.toLowerCase();
    if (tok === 'on') on = true;
    else if (tok === 'off') on = false;
    else if (tok === 'allkeys' || /^(%r?w?)?~\*$/.test(tok)) allKeys = true;
    else if (tok === 'resetkeys' || tok === 'reset') allKeys = false;
  }
  return on && allKeys;
}

/** Whether an ACL access string switches its user off (a token is not provably off). */
export function aclIsOff(access: string): boolean {
  if (Token.isUnresolved(access)) return false;
  let off = false;
  for (const t of access.trim().split(/\s+/)) {
    const tok = t.toLowerCase();
    if (tok === 'on') off = false;
    else if (tok === 'off' || tok === 'reset') off = true;
  }
  return off;
}

/**
 * The findings the connectivity probe and the rotation function bring, acknowledged on their
 * own resources.
 */
export const FUNCTION_NAG_ACKNOWLEDGEMENTS: NagAcknowledgementRule[] = [
  {
    ids: ['AwsSolutions-IAM5[Resource::*]'],
    target: 'rotationRole',
    kind: MET,
    reason: 'CDK boilerplate: the only wildcard is secretsmanager:GetRandomPassword, which CDK\'s RotationSchedule grants and which supports no resource-level permission (\'*\' is its only resource); every other action is scoped to this cache\'s group, users and secrets.',
    appliesWhen: 'rotation on',
    when: () => true,
  },
  {
    ids: SECRET_KEY_IDS,
    target: 'probeSecret',
    kind: TRADE_OFF,
    reason: 'The probe user\'s password secret is encrypted with the AWS managed key aws/secretsmanager, like the other user secrets without RedisUserGroupOptions.secretEncryptionKey.',
    appliesWhen: 'RBAC probe user, user secrets without a customer-managed key',
    when: () => true,
  },
  ...(['probe', 'rotation'] as const).flatMap(fn => [
    {
      ids: LAMBDA_EXECUTION_POLICIES,
      target: `${fn}Role` as NagTarget,
      kind: MET,
      reason: 'CDK boilerplate: the AWS managed Lambda execution policies CDK attaches to every function in a VPC grant exactly what such a function needs (its log stream, its network interfaces) and follow AWS changes to that set.',
      appliesWhen: `${fn} function`,
      when: () => true,
    },
    {
      ids: INLINE_POLICY_IDS,
      target: `${fn}Role` as NagTarget,
      kind: MET,
      reason: 'CDK boilerplate: the only inline policy is the least-privilege grant CDK writes (grantRead, grantConnect, ...) for this function\'s own secret or user, scoped to those resources.',
      appliesWhen: `${fn} function`,
      when: () => true,
    },
    {
      ids: ids('LambdaConcurrency', [HIPAA, NIST]),
      target: `${fn}Function` as NagTarget,
      kind: TRADE_OFF,
      reason: 'No reserved concurrency: reserving it would take capacity from the account (and fails on accounts at the minimum unreserved concurrency of 10). The function runs only when invoked by an operator, a test or Secrets Manager.',
      appliesWhen: `${fn} function`,
      when: () => true,
    },
    {
      ids: ids('LambdaDLQ', [HIPAA, NIST]),
      target: `${fn}Function` as NagTarget,
      kind: TRADE_OFF,
      reason: 'No dead-letter queue: the function is invoked synchronously (operators, integ assertions, Secrets Manager rotation) and answers with its result; a failed rotation stays visible in Secrets Manager.',
      appliesWhen: `${fn} function`,
      when: () => true,
    },
    {
      ids: LOG_KEY_IDS,
      target: `${fn}LogGroup` as NagTarget,
      kind: TRADE_OFF,
      reason: 'The function logs results and timings, never credentials or cached values; CloudWatch Logs encrypts them at rest with its own keys, not a customer-managed key.',
      appliesWhen: `${fn} function`,
      when: () => true,
    },
  ]),
];

/**
 * Acknowledges cdk-nag findings, one metadata entry per construct.
 *
 * This writes what `Validations.of(target).acknowledge()` writes (the
 * `aws:cdk:acknowledged-rules` metadata, ids prefixed `annotation::`, which
 * cdk-nag reads), with two differences: finding-level ids such as
 * `AwsSolutions-IAM4[Policy::arn:...]` are accepted (acknowledge() rejects their
 * repeated '::'), and all of a construct's acknowledgements go into one entry
 * instead of one growing copy per call.
 */
export function acknowledgeFindings(acks: ReadonlyArray<{ readonly target: IConstruct; readonly id: string; readonly reason: string }>): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const byTarget = new Map<IConstruct, Record<string, string>>();
  for (const { target, id, reason } of acks) {
    const entry = byTarget.get(target) ?? {};
    entry[`annotation::${id}`] = reason;
    byTarget.set(target, entry);
  }
  for (const [target, entry] of byTarget) {
    const last = [...target.node.metadata].reverse().find(m => m.type === key)?.data ?? {};
    // idempotent: nothing new, no new entry
    if (Object.entries(entry).every(([id, reason]) => last[id] === reason)) continue;
    target.node.addMetadata(key, { ...last, ...entry });
  }
}
