/**
 * The rotation's connection test: connect to the cache with a credential and PING, within a timeout.
 */
import { Cluster, Redis, RedisOptions } from 'ioredis';

export interface CacheEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly clusterMode: boolean;
  readonly timeoutMs: number;
  /** Test CA (PEM); the system CAs otherwise. */
  readonly tlsCaPem?: string;
}

/** The cache's endpoint out of the rotation function's environment (REDIS_HOST, REDIS_PORT, REDIS_TLS, REDIS_CLUSTER_MODE). */
export function endpointOf(env: { readonly [name: string]: string | undefined }, timeoutMs: number): CacheEndpoint {
  return { host: env.REDIS_HOST!, port: Number(env.REDIS_PORT), tls: env.REDIS_TLS === 'true', clusterMode: env.REDIS_CLUSTER_MODE === 'true', timeoutMs };
}

export async function pingWith(endpoint: CacheEndpoint, credentials: { username?: string; password: string }): Promise<void> {
  const options: RedisOptions = {
    username: credentials.username,
    password: credentials.password,
    tls: endpoint.tls ? { ca: endpoint.tlsCaPem } : undefined,
    connectTimeout: endpoint.timeoutMs,
    commandTimeout: endpoint.timeoutMs,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    lazyConnect: true,
    disableClientInfo: true,
    retryStrategy: () => null,
  };
  const client = endpoint.clusterMode
    ? new Cluster([{ host: endpoint.host, port: endpoint.port }], {
      dnsLookup: (address, cb) => cb(null, address),
      redisOptions: options,
      clusterRetryStrategy: () => null,
      lazyConnect: true,
      enableReadyCheck: false,
      slotsRefreshTimeout: endpoint.timeoutMs,
    })
    : new Redis({ ...options, host: endpoint.host, port: endpoint.port });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        const pong = await client.ping();
        if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
      })(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no PONG within ${endpoint.timeoutMs} ms`)), endpoint.timeoutMs); }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
