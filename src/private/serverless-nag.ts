import { AuthenticationMode } from '../auth';
import { NagAcknowledgementKind } from '../nag';
import { RedisPreset } from '../presets';
import type { ServerlessRedisConfiguration } from '../serverless';
import { ROTATION_IDS, SECRET_KEY_TRADE_OFFS, usesUserGroup } from './nag';

/** One acknowledged cdk-nag finding on a serverless cache's resources. */
export interface ServerlessNagAcknowledgementRule {
  readonly ids: string[];
  readonly target: 'authSecret' | 'userSecrets';
  /** Every serverless acknowledgement here is a trade-off (opt-in with `acknowledgePresetTradeOffs`). */
  readonly kind: NagAcknowledgementKind;
  readonly reason: string;
  readonly appliesWhen: string;
  readonly when: (c: ServerlessRedisConfiguration, ctx: ServerlessNagContext) => boolean;
}

/** What the rules look at beyond the configuration. */
export interface ServerlessNagContext {
  /** Whether a customer-managed KMS key encrypts the construct's secrets. */
  readonly secretsUseCustomerKey: boolean;
  /** Whether the construct rotates its secrets (a rotation schedule on each: SMG4 met, nothing to acknowledge). */
  readonly rotation: boolean;
  /** Whether `rotation` is the preset's choice (the user did not set it). */
  readonly rotationFromPreset: boolean;
}

/** Rotation off because the DEV preset turns it off (a user's `rotation: false` is never acknowledged). */
const noRotationByDevPreset = (c: ServerlessRedisConfiguration, ctx: ServerlessNagContext) =>
  c.preset === RedisPreset.DEV && !ctx.rotation && ctx.rotationFromPreset;

const TRADE_OFF = NagAcknowledgementKind.PRESET_TRADE_OFF;

/**
 * What the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1) find on
 * an `AirDiscoveryServerlessRedis` and the construct can acknowledge. No pack has a rule for
 * `AWS::ElastiCache::ServerlessCache` (cdk-nag 3.0.2's ElastiCache rules read CacheCluster and
 * ReplicationGroup only), so nothing is acknowledged on the cache itself: docs/serverless.md says
 * which of those controls a serverless cache meets by construction, and which it cannot be checked for.
 * The findings left are the secrets'. With `rotation` on (PROD's default) every generated secret has a
 * rotation schedule, so the rotation rules are met and find nothing; the rotation function's own findings
 * are acknowledged by src/rotation/rotation.ts (FUNCTION_NAG_ACKNOWLEDGEMENTS, as for node-based caches).
 * What is left is not met (no rotation in DEV, the AWS managed key unless you pass one): trade-offs,
 * acknowledged only with `acknowledgePresetTradeOffs: true` and an explicit `preset` (as for node-based caches).
 */
export const SERVERLESS_NAG_ACKNOWLEDGEMENTS: ServerlessNagAcknowledgementRule[] = [
  {
    ids: ROTATION_IDS,
    target: 'authSecret',
    kind: TRADE_OFF,
    reason: 'DEV preset: the AUTH token (the password of the cache\'s default ElastiCache user) is not rotated (the preset turns rotation off to stay the cheapest thing that works). The PROD preset rotates it; pass rotation: true to rotate it here.',
    appliesWhen: 'DEV preset, AUTH token, rotation left off',
    when: (c, ctx) => c.authenticationMode === AuthenticationMode.AUTH_TOKEN && noRotationByDevPreset(c, ctx),
  },
  {
    ids: ROTATION_IDS,
    target: 'userSecrets',
    kind: TRADE_OFF,
    reason: 'DEV preset: the RBAC user passwords (the probe user\'s included) are not rotated. The PROD preset rotates them; pass rotation: true to rotate them here.',
    appliesWhen: 'DEV preset, RBAC password users, rotation left off',
    when: (c, ctx) => usesUserGroup(c) && noRotationByDevPreset(c, ctx),
  },
  ...SECRET_KEY_TRADE_OFFS,
];
