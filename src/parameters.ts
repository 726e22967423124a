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

  private constructor() {}
}
