/**
 * Durability of a replication group: writes go to a Multi-AZ transactional log
 * (ElastiCache for Valkey 9.0 and later, node-based, cluster mode enabled).
 *
 * See docs/topology.md "Durability" for every condition AWS documents.
 */
export enum DurabilityMode {
  /**
   * Writes are persisted in the Multi-AZ transactional log (at least two AZs)
   * before the client gets its reply: no acknowledged write is lost on a failure,
   * at single-digit millisecond write latency.
   */
  SYNC = 'sync',
  /**
   * Writes are persisted in the Multi-AZ transactional log after the client gets
   * its reply: microsecond write latency, but up to the last 10 seconds of
   * acknowledged writes may be lost on a failure, and the primary rejects writes
   * while its oldest unpersisted write is older than 10 seconds (clients must retry
   * with backoff).
   */
  ASYNC = 'async',
}

/**
 * Node families that support durability (ElastiCache user guide, "Durability:
 * limitations": R8g, R7g, R6g, M8g, M7g, M6g, C8gn, C7gn). Not exported from the package.
 */
export const DURABILITY_NODE_FAMILIES = ['r8g', 'r7g', 'r6g', 'm8g', 'm7g', 'm6g', 'c8gn', 'c7gn'];
