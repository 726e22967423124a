import { Duration, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AuthenticationMode } from '../auth';
import { RedisConfiguration } from '../configuration';
import { RedisPreset } from '../presets';

/** Which of the construct's resources an acknowledgement applies to. */
export type NagTarget = 'replicationGroup' | 'authSecret' | 'userSecrets' | 'logGroups' | 'probeFunction' | 'probeRole' | 'probeLogGroup';

/** One acknowledged cdk-nag finding and the reason the construct accepts it. */
export interface NagAcknowledgementRule {
  readonly ids: string[];
  readonly target: NagTarget;
  readonly reason: string;
  /** `when`, in words, for the README. */
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
}


const isDevValue = (c: RedisConfiguration) => c.preset === RedisPreset.DEV;
const usesUserGroup = (c: RedisConfiguration) => c.authenticationMode === AuthenticationMode.RBAC || c.authenticationMode === AuthenticationMode.IAM;

/**
 * The cdk-nag findings (AwsSolutions, HIPAA Security, NIST 800-53 R5) that the
 * construct acknowledges on its own resources, with the reason for each. The
 * README lists the same table. A finding caused by a value the user overrode
 * away from the preset is never acknowledged: it is the user's to judge.
 */
export const NAG_ACKNOWLEDGEMENTS: NagAcknowledgementRule[] = [
  // ---- both presets -----------------------------------------------------------
  {
    ids: ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
    target: 'authSecret',
    reason: 'An ElastiCache AUTH token cannot be rotated by a Secrets Manager rotation schedule alone: ElastiCache must first accept the new token with ModifyReplicationGroup AuthTokenUpdateStrategy=ROTATE, then SET. The README documents the rotation procedure.',
    appliesWhen: 'AUTH token mode',
    when: c => c.authenticationMode === AuthenticationMode.AUTH_TOKEN,
  },
  {
    ids: ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
    target: 'userSecrets',
    reason: 'ElastiCache RBAC user passwords change through ModifyUser (two passwords may be valid at once); a Secrets Manager rotation Lambda is not part of this construct. The README documents the rotation procedure.',
    appliesWhen: 'RBAC or IAM mode, password users',
    when: usesUserGroup,
  },
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    reason: 'AEC6 only recognises an AuthToken. This group authenticates every client through an RBAC/IAM user group (per-user credentials and ACLs, default user disabled), which is stronger than a shared AUTH token.',
    appliesWhen: 'RBAC or IAM mode',
    when: usesUserGroup,
  },
  {
    ids: ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey'],
    target: 'authSecret',
    reason: 'The secret is encrypted with the AWS managed key aws/secretsmanager, which is free; pass GeneratedAuthTokenOptions.encryptionKey for a customer-managed key.',
    appliesWhen: 'AUTH token secret without a customer-managed key',
    when: (c, ctx) => c.authenticationMode === AuthenticationMode.AUTH_TOKEN && !ctx.secretsUseCustomerKey,
  },
  {
    ids: ['HIPAA.Security-SecretsManagerUsingKMSKey', 'NIST.800.53.R5-SecretsManagerUsingKMSKey'],
    target: 'userSecrets',
    reason: 'The secrets are encrypted with the AWS managed key aws/secretsmanager, which is free; pass RedisUserGroupOptions.secretEncryptionKey for a customer-managed key.',
    appliesWhen: 'user secrets without a customer-managed key',
    when: (c, ctx) => usesUserGroup(c) && !ctx.secretsUseCustomerKey,
  },
  {
    ids: ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup'],
    target: 'replicationGroup',
    reason: 'The setup guide keeps 1 day (DEV) and 7 days (PROD) of snapshots: the cache holds socket sessions and API responses that the app rebuilds. Set snapshotRetention to 15 days or more where HIPAA or NIST 800-53 applies.',
    appliesWhen: 'DEV with 1 day or PROD with 7 days of snapshots',
    when: c => sameDays(c.snapshotRetention, c.preset === RedisPreset.DEV ? 1 : 7),
  },
  {
    ids: ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted'],
    target: 'logGroups',
    reason: 'CloudWatch Logs encrypts the slow and engine logs at rest with its own keys; the logs hold command names and timings, not cached values. Pass logEncryptionKey for a customer-managed key.',
    appliesWhen: 'log delivery without a customer-managed key',
    when: (_c, ctx) => !ctx.logsUseCustomerKey,
  },
  {
    ids: ['AwsSolutions-AEC3'],
    target: 'replicationGroup',
    reason: 'Global Datastore secondary: in-transit and at-rest encryption are inherited from the primary, which has both on; CloudFormation rejects them on a secondary, so the template cannot show them.',
    appliesWhen: 'Global Datastore secondary of an encrypted primary',
    when: (c, ctx) => ctx.globalSecondary && c.transitEncryption && c.atRestEncryption,
  },
  {
    ids: ['AwsSolutions-AEC5'],
    target: 'replicationGroup',
    reason: 'Global Datastore secondary: the port is inherited from the primary, which does not use 6379; CloudFormation rejects it on a secondary.',
    appliesWhen: 'Global Datastore secondary of a primary on another port than 6379',
    when: (c, ctx) => ctx.globalSecondary && c.port !== 6379,
  },
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    reason: 'Global Datastore secondary: AUTH is inherited from the primary, which has it; CloudFormation rejects an AuthToken on a secondary.',
    appliesWhen: 'Global Datastore secondary of a primary with AUTH',
    when: (c, ctx) => ctx.globalSecondary && c.authenticationMode !== AuthenticationMode.NONE,
  },
  // ---- DEV only: the guide's development setup, cheapest thing that works ------------
  {
    ids: ['AwsSolutions-AEC3'],
    target: 'replicationGroup',
    reason: 'DEV preset: in-transit encryption is off as in the setup guide development setup; the group is reachable only from inside the VPC. Use the PROD preset or transitEncryption: true for real data.',
    appliesWhen: 'DEV preset, TLS off',
    when: c => isDevValue(c) && !c.transitEncryption && c.atRestEncryption,
  },
  {
    ids: ['AwsSolutions-AEC4'],
    target: 'replicationGroup',
    reason: 'DEV preset: one node (the cheapest thing that works); multi-AZ needs a replica. Use the PROD preset or numCacheNodes >= 2 with multiAz: true for availability.',
    appliesWhen: 'DEV preset, one node',
    when: c => isDevValue(c) && !c.multiAz && c.totalNodes === 1,
  },
  {
    ids: ['AwsSolutions-AEC5'],
    target: 'replicationGroup',
    reason: 'DEV preset: port 6379 as in the setup guide, so local tools work unchanged; the security group limits the port to the VPC CIDR. PROD uses 6380.',
    appliesWhen: 'DEV preset, port 6379',
    when: c => isDevValue(c) && c.port === 6379,
  },
  {
    ids: ['AwsSolutions-AEC6'],
    target: 'replicationGroup',
    reason: 'DEV preset: no AUTH, as in the setup guide development setup (REDIS_PASSWORD empty); AUTH needs TLS. Use the PROD preset or RedisAuthentication.generatedAuthToken() with TLS for real data.',
    appliesWhen: 'DEV preset, no authentication',
    when: c => isDevValue(c) && c.authenticationMode === AuthenticationMode.NONE,
  },
];

function sameDays(d: Duration, days: number): boolean {
  return !d.isUnresolved() && d.toDays({ integral: false }) === days;
}

/**
 * The findings the connectivity probe (`redis.addProbe()`) brings, acknowledged
 * on the probe's own resources by `RedisConnectivityProbe`.
 */
export const PROBE_NAG_ACKNOWLEDGEMENTS: NagAcknowledgementRule[] = [
  {
    ids: [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    ],
    target: 'probeRole',
    reason: 'The AWS managed Lambda execution policies grant exactly what a function in a VPC needs (its log stream, its network interfaces) and follow AWS changes to that set.',
    appliesWhen: 'probe added',
    when: () => true,
  },
  {
    ids: ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy'],
    target: 'probeRole',
    reason: 'The only inline policy is the least-privilege grant CDK writes for the probe: read of this cache\'s secret, or elasticache:Connect on this group and its user.',
    appliesWhen: 'probe added',
    when: () => true,
  },
  {
    ids: ['HIPAA.Security-LambdaConcurrency', 'NIST.800.53.R5-LambdaConcurrency'],
    target: 'probeFunction',
    reason: 'The probe runs only when someone invokes it; reserving concurrency would take capacity from the account (and fails on accounts at the minimum unreserved concurrency of 10).',
    appliesWhen: 'probe added',
    when: () => true,
  },
  {
    ids: ['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
    target: 'probeFunction',
    reason: 'The probe is invoked synchronously (integ assertions, operators) and answers with its result; there is no asynchronous event to keep in a dead-letter queue.',
    appliesWhen: 'probe added',
    when: () => true,
  },
  {
    ids: ['HIPAA.Security-CloudWatchLogGroupEncrypted', 'NIST.800.53.R5-CloudWatchLogGroupEncrypted'],
    target: 'probeLogGroup',
    reason: 'The probe logs results and timings, never credentials or cached values; CloudWatch Logs encrypts them at rest with its own keys.',
    appliesWhen: 'probe added',
    when: () => true,
  },
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
