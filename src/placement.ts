/**
 * Where one shard (node group) of a cluster-mode-enabled replication group
 * lives, and which hash slots it holds: CloudFormation `NodeGroupConfiguration`.
 *
 * Every field is create-only: CloudFormation replaces the group to change it,
 * which fails for a named group (see docs/topology.md "Placement").
 */
export interface ShardConfiguration {
  /**
   * The node group id: 1-4 digits. ElastiCache numbers shards `0001`, `0002`, ...
   * in order when no id is given, and the construct's metrics and alarms name the
   * member nodes after those numbers.
   *
   * @default - ElastiCache numbers the shard
   */
  readonly nodeGroupId?: string;

  /**
   * The Availability Zone of the shard's primary node, e.g. `us-east-1a`. It must
   * be the AZ of one of the subnet group's subnets.
   *
   * @default - ElastiCache chooses
   */
  readonly primaryAvailabilityZone?: string;

  /**
   * The Availability Zones of the shard's replicas, one per replica: as many as
   * `replicasPerShard`, each different (CloudFormation requires unique items).
   *
   * @default - ElastiCache chooses
   */
  readonly replicaAvailabilityZones?: string[];

  /**
   * The hash slots (keyspace) of the shard: `start-end` ranges within 0-16383,
   * comma-separated, e.g. `0-5460`. When every shard gives its slots, together they
   * must cover 0-16383 exactly once.
   *
   * @default - ElastiCache spreads the 16384 slots evenly over the shards
   */
  readonly slots?: string;
}
