import { AuthenticationMode } from '../auth';
import type { ServerlessRedisConfiguration } from '../serverless';
import { NAG_ACKNOWLEDGEMENTS } from './nag';

/** One acknowledged cdk-nag finding on a serverless cache's resources. */
export interface ServerlessNagAcknowledgementRule {
  readonly ids: string[];
  readonly target: 'authSecret' | 'userSecrets';
  readonly reason: string;
  readonly appliesWhen: string;
  readonly when: (c: ServerlessRedisConfiguration, ctx: { readonly secretsUseCustomerKey: boolean }) => boolean;
}

const usesUserGroup = (c: ServerlessRedisConfiguration) =>
  c.authenticationMode === AuthenticationMode.RBAC || c.authenticationMode === AuthenticationMode.IAM;

/**
 * The node-based rule for the same target and ids, whose reason holds for serverless caches too,
 * plus the PCI DSS 3.2.1 id of the same control where the PCI pack has one (it has no rotation rule).
 */
function shared(target: 'authSecret' | 'userSecrets', firstId: string, pciId?: string): { ids: string[]; reason: string } {
  const rule = NAG_ACKNOWLEDGEMENTS.find(r => r.target === target && r.ids[0] === firstId);
  if (!rule) throw new Error(`no node-based nag acknowledgement for ${target} ${firstId}`);
  return { ids: pciId ? [...rule.ids, pciId] : rule.ids, reason: rule.reason };
}

/**
 * What the cdk-nag packs (AwsSolutions, HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1) find on
 * an `AirDiscoveryServerlessRedis` and the construct accepts. No pack has a rule for
 * `AWS::ElastiCache::ServerlessCache` (cdk-nag 3.0.2's ElastiCache rules read CacheCluster and
 * ReplicationGroup only), so nothing is acknowledged on the cache itself: docs/serverless.md says
 * which of those controls a serverless cache meets by construction, and which it cannot be checked for.
 * The findings left are the secrets'.
 */
export const SERVERLESS_NAG_ACKNOWLEDGEMENTS: ServerlessNagAcknowledgementRule[] = [
  {
    ids: ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
    target: 'authSecret',
    reason: 'The AUTH token of a serverless cache is the password of its default ElastiCache user; changing it takes ModifyUser (the user may hold two passwords while clients move), which a Secrets Manager rotation schedule alone does not do. docs/serverless.md documents the procedure.',
    appliesWhen: 'AUTH token mode',
    when: c => c.authenticationMode === AuthenticationMode.AUTH_TOKEN,
  },
  {
    ...shared('userSecrets', 'AwsSolutions-SMG4'),
    target: 'userSecrets',
    appliesWhen: 'RBAC or IAM mode, password users',
    when: usesUserGroup,
  },
  {
    ...shared('authSecret', 'HIPAA.Security-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'),
    target: 'authSecret',
    appliesWhen: 'AUTH token secret without a customer-managed key',
    when: (c, ctx) => c.authenticationMode === AuthenticationMode.AUTH_TOKEN && !ctx.secretsUseCustomerKey,
  },
  {
    ...shared('userSecrets', 'HIPAA.Security-SecretsManagerUsingKMSKey', 'PCI.DSS.321-SecretsManagerUsingKMSKey'),
    target: 'userSecrets',
    appliesWhen: 'user secrets without a customer-managed key',
    when: (c, ctx) => usesUserGroup(c) && !ctx.secretsUseCustomerKey,
  },
];
