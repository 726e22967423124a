import { AuthenticationMode } from '../auth';
import { NagAcknowledgementKind } from '../nag';
import type { ServerlessRedisConfiguration } from '../serverless';
import { ROTATION_IDS, SECRET_KEY_TRADE_OFFS, usesUserGroup } from './nag';

/** One acknowledged cdk-nag finding on a serverless cache's resources. */
export interface ServerlessNagAcknowledgementRule {
  readonly ids: string[];
  readonly target: 'authSecret' | 'userSecrets';
  /** Every serverless acknowledgement is a trade-off (opt-in with `acknowledgePresetTradeOffs`). */
  readonly kind: NagAcknowledgementKind;
  readonly reason: string;
  readonly appliesWhen: string;
  readonly when: (c: ServerlessRedisConfiguration, ctx: { readonly secretsUseCustomerKey: boolean }) => boolean;
}

const TRADE_OFF = NagAcknowledgementKind.PRESET_TRADE_OFF;

/**
 * What the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1) find on
 * an `AirDiscoveryServerlessRedis` and the construct can acknowledge. No pack has a rule for
 * `AWS::ElastiCache::ServerlessCache` (cdk-nag 3.0.2's ElastiCache rules read CacheCluster and
 * ReplicationGroup only), so nothing is acknowledged on the cache itself: docs/serverless.md says
 * which of those controls a serverless cache meets by construction, and which it cannot be checked for.
 * The findings left are the secrets', and none of their controls is met (the serverless construct
 * ships no rotation, and the secrets use the AWS managed key unless you pass one): all are trade-offs,
 * acknowledged only with `acknowledgePresetTradeOffs: true` and an explicit `preset` (as for node-based caches).
 */
export const SERVERLESS_NAG_ACKNOWLEDGEMENTS: ServerlessNagAcknowledgementRule[] = [
  {
    ids: ROTATION_IDS,
    target: 'authSecret',
    kind: TRADE_OFF,
    reason: 'The AUTH token of a serverless cache is the password of its default ElastiCache user and is not rotated: changing it takes ModifyUser (the user may hold two passwords while clients move), which a Secrets Manager rotation schedule alone does not do. docs/serverless.md documents the procedure.',
    appliesWhen: 'AUTH token mode',
    when: c => c.authenticationMode === AuthenticationMode.AUTH_TOKEN,
  },
  {
    ids: ROTATION_IDS,
    target: 'userSecrets',
    kind: TRADE_OFF,
    reason: 'The serverless construct does not rotate the RBAC user passwords (the probe user\'s included): change them with ModifyUser (two passwords while clients move), as docs/serverless.md describes.',
    appliesWhen: 'RBAC or IAM mode, password users',
    when: usesUserGroup,
  },
  ...SECRET_KEY_TRADE_OFFS,
];
