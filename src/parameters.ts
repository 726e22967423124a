/**
 * Ready-made Redis parameter sets for the `parameters` prop.
 */
export class RedisParameters {
  /**
   * The setup guide's parameter set for AirDiscovery's socket-auth and API cache:
   * evict the least recently used key when memory is full (`maxmemory-policy allkeys-lru`),
   * close idle clients after 300 s (`timeout 300`), TCP keep-alive every 60 s (`tcp-keepalive 60`).
   */
  public static readonly AIR_DISCOVERY_CACHE: { [name: string]: string } = Object.freeze({
    'maxmemory-policy': 'allkeys-lru',
    'timeout': '300',
    'tcp-keepalive': '60',
  });

  /**
   * Parameter sets merged into one: a later set wins over an earlier one for the same parameter.
   * Keeps the guide's set and changes or adds a few, the same way in every language:
   * `RedisParameters.merge(RedisParameters.AIR_DISCOVERY_CACHE, { 'notify-keyspace-events': 'Ex' })`.
   *
   * @param base the set to start from, e.g. `RedisParameters.AIR_DISCOVERY_CACHE`
   * @param overrides parameters to change or add
   */
  public static merge(base: { [name: string]: string }, overrides: { [name: string]: string }): { [name: string]: string } {
    return { ...base, ...overrides };
  }

  private constructor() {}
}
