/**
 * Why a cdk-nag finding is acknowledged.
 */
export enum NagAcknowledgementKind {
  /**
   * The control's intent is provably met and the rule cannot see it (a false
   * positive): for example an RBAC group whose default user is off, settings a
   * Global Datastore secondary inherits from its primary, or CDK's own boilerplate.
   * Applied unless `acknowledgeNagFindings` is false.
   */
  CONTROL_MET = 'control-met',
  /**
   * A documented trade-off of the chosen preset (DEV without TLS or AUTH, 1-7
   * days of snapshots, AWS-managed keys, no rotation in DEV). The control is
   * not met. Applied only with `acknowledgePresetTradeOffs: true` and an
   * explicit `preset`.
   */
  PRESET_TRADE_OFF = 'preset-trade-off',
}

/**
 * A cdk-nag finding that `AirDiscoveryRedis` (or its probe) acknowledges on one
 * of its own resources, with the reason.
 */
export interface NagAcknowledgement {
  /** The rule id, e.g. `AwsSolutions-AEC5`. */
  readonly id: string;
  /** Why the construct accepts the finding. */
  readonly reason: string;
  /** The construct path of the resource the acknowledgement is attached to. */
  readonly constructPath: string;
  /** Whether the control is met (a false positive) or a preset trade-off the user accepted. */
  readonly kind: NagAcknowledgementKind;
}
