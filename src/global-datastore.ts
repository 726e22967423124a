import { Stack, Token } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import type { AirDiscoveryRedis } from './redis';
import { GLOBAL_DATASTORE_RULES } from './validation';

/**
 * Properties of `RedisGlobalDatastore`.
 */
export interface RedisGlobalDatastoreProps {
  /**
   * The primary replication group: the only member that accepts writes. Its
   * node type must be a Global Datastore family (M5, M6g, M7g, R5, R6g, R6gd,
   * R7g, C7gn), large or bigger.
   */
  readonly primary: AirDiscoveryRedis;

  /**
   * The suffix of the Global Datastore id; ElastiCache prepends a region prefix
   * (e.g. `ldgnf-`), so read the full id from `globalReplicationGroupId`.
   *
   * @default - the primary's replication group id
   */
  readonly globalReplicationGroupIdSuffix?: string;

  /**
   * Description.
   *
   * @default 'Global Datastore of <primary id>'
   */
  readonly description?: string;
}

/**
 * An ElastiCache Global Datastore (`AWS::ElastiCache::GlobalReplicationGroup`):
 * a primary replication group in one region, replicated to up to two secondary
 * regions with sub-second lag.
 *
 * Create it in the primary's stack, then create each secondary as an
 * `AirDiscoveryRedis` with `globalDatastore` set, in a stack of another region
 * (both stacks with `crossRegionReferences: true`). A secondary inherits the
 * engine, node type, shards, port and encryption from the primary and must not
 * set them.
 *
 * Failover (promotion of a secondary) is manual: see docs/topology.md, "Global Datastore".
 */
export class RedisGlobalDatastore extends Construct {
  /** The Global Datastore resource (escape hatch). Construct id `Resource`. */
  public readonly resource: elasticache.CfnGlobalReplicationGroup;
  /** The primary replication group. */
  public readonly primary: AirDiscoveryRedis;
  /**
   * The full Global Datastore id (region prefix + suffix).
   * @attribute
   */
  public readonly globalReplicationGroupId: string;

  private readonly secondaryList: AirDiscoveryRedis[] = [];

  constructor(scope: Construct, id: string, props: RedisGlobalDatastoreProps) {
    super(scope, id);
    this.primary = props.primary;
    if (Stack.of(this) !== Stack.of(props.primary)) {
      throw new Error(`RedisGlobalDatastore: create ${this.node.path} in the primary's stack (${Stack.of(props.primary).node.path}), got stack ${Stack.of(this).node.path}`);
    }
    const errors = GLOBAL_DATASTORE_RULES.filter(r => r.condition(props.primary.configuration)).map(r => r.message(props.primary.configuration));
    if (errors.length > 0) {
      throw new Error(`invalid RedisGlobalDatastore configuration at ${this.node.path}:\n  - ${errors.join('\n  - ')}`);
    }
    this.resource = new elasticache.CfnGlobalReplicationGroup(this, 'Resource', {
      globalReplicationGroupIdSuffix: props.globalReplicationGroupIdSuffix ?? props.primary.replicationGroupId,
      globalReplicationGroupDescription: props.description ?? `Global Datastore of ${props.primary.replicationGroupId}`,
      members: [{
        replicationGroupId: props.primary.replicationGroupId,
        replicationGroupRegion: Stack.of(props.primary).region,
        role: 'PRIMARY',
      }],
    });
    // secondaries read the AUTH token from the replica of the primary's secret, found by name
    props.primary._authSecretNameForReplicas();
    // the primary must exist (and be available) before it can join
    this.resource.addDependency(props.primary.replicationGroup);
    this.globalReplicationGroupId = this.resource.attrGlobalReplicationGroupId;
  }

  /** The secondaries registered so far. */
  public get secondaries(): AirDiscoveryRedis[] {
    return [...this.secondaryList];
  }

  /** The primary's region (a token for an environment-agnostic stack). */
  public get primaryRegion(): string {
    return Stack.of(this.primary).region;
  }

  /**
   * Registers a secondary (called by `AirDiscoveryRedis` when `globalDatastore` is set).
   * @internal
   */
  public _addSecondary(secondary: AirDiscoveryRedis): void {
    this.secondaryList.push(secondary);
    // clients of the secondary need the AUTH token in their own region (only a secret the primary
    // generated: a secret the user passed in is theirs to replicate)
    const secret = this.primary._generatedAuthSecret;
    const region = Stack.of(secondary).region;
    if (secret && !Token.isUnresolved(region) && region !== this.primaryRegion) {
      secret.addReplicaRegion(region);
    }
  }
}
