/**
 * A cdk-nag finding that `AirDiscoveryRedis` acknowledges on one of its own
 * resources, with the reason. Applied through `Validations.of(...).acknowledge()`.
 */
export interface NagAcknowledgement {
  /** The rule id, e.g. `AwsSolutions-AEC5`. */
  readonly id: string;
  /** Why the construct accepts the finding. */
  readonly reason: string;
  /** The construct path of the resource the acknowledgement is attached to. */
  readonly constructPath: string;
}
