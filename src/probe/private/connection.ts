/**
 * Reaching the cache: credentials (Secrets Manager, IAM token), the run's time budget,
 * ioredis connections that never reconnect, a bare TCP check and step timeouts.
 */
import * as net from 'net';
import { Cluster, ClusterOptions, Redis, RedisOptions } from 'ioredis';
import { ClassifyContext, classifyError, messageOf, mostSpecific, ProbeError, ProbeFailureReason } from './answer';
import { ProbeEnvironment, ProbeSettings } from './event';
import { credentialsFromEnv, elastiCacheIamToken } from './iam-auth';
import { credentialsFromSecretString, readSecretString } from './secrets';

/** Username and password for AUTH. */
export interface Credentials {
  readonly username?: string;
  readonly password?: string;
}

/** Options of a run (tests inject the clock). */
export interface RunOptions {
  /** Absolute deadline (epoch ms) of the whole run, e.g. from the Lambda context. */
  readonly deadline?: number;
  /** The clock for IAM tokens. */
  readonly now?: () => Date;
  /** The environment AWS credentials come from. @default the `env` argument */
  readonly credentialsEnv?: ProbeEnvironment;
}

export async function resolveCredentials(s: ProbeSettings, env: ProbeEnvironment, opts: RunOptions, budget: Budget): Promise<Credentials> {
  switch (s.auth.kind) {
    case 'none':
      return {};
    case 'password':
      return { username: s.auth.username, password: s.auth.password };
    case 'secret': {
      let text: string;
      const what = `reading secret ${s.auth.arn}`;
      const ms = budget.step(what);
      try {
        text = await budget.within(readSecretString(s.auth.arn, ms), ms, what);
      } catch (err) {
        throw new ProbeError(ProbeFailureReason.SECRET_UNAVAILABLE, `reading ${s.auth.arn}: ${messageOf(err)}`);
      }
      let c;
      try {
        c = credentialsFromSecretString(text, s.auth.jsonField);
      } catch (err) {
        throw new ProbeError(ProbeFailureReason.SECRET_UNAVAILABLE, `secret ${s.auth.arn}: ${messageOf(err)}`);
      }
      return { username: s.auth.username ?? c.username, password: c.password };
    }
    case 'iam': {
      const credentials = credentialsFromEnv(opts.credentialsEnv ?? env);
      const region = s.auth.region;
      if (!credentials || !region) {
        throw new ProbeError(ProbeFailureReason.CONFIG_ERROR, 'IAM authentication needs AWS credentials and AWS_REGION in the environment');
      }
      const token = elastiCacheIamToken({
        replicationGroupId: s.auth.replicationGroupId,
        resourceType: s.auth.resourceType,
        userId: s.auth.userId,
        region,
        credentials,
        date: opts.now?.(),
      });
      return { username: s.auth.userId, password: token };
    }
  }
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/** The shortest step worth starting: with less time left the run stops and answers. */
export const MIN_STEP_MS = 20;

/**
 * The run's time: every step gets the step timeout, capped by what is left before the invocation's
 * deadline, and no step starts when too little is left. The answer then says so (TIMEOUT).
 */
export class Budget {
  constructor(public readonly stepMs: number, public readonly deadline?: number) {}

  /** Milliseconds left before the deadline (Infinity without one). */
  public left(): number {
    return this.deadline === undefined ? Infinity : this.deadline - Date.now();
  }

  /** The timeout of the next step; throws TIMEOUT when the deadline leaves no time for it. */
  public step(what: string): number {
    const left = this.left();
    if (left < MIN_STEP_MS) {
      throw new ProbeError(ProbeFailureReason.TIMEOUT,
        `stopped before ${what}: ${Math.max(0, Math.round(left))} ms left before the invocation deadline`);
    }
    return Math.min(this.stepMs, Math.floor(left));
  }

  /** `p` within `ms` (from `step()`); the message says when the deadline, not the step timeout, cut it short. */
  public within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    return withTimeout(p, ms, ms < this.stepMs ? `${what} (capped by the invocation deadline)` : what);
  }

  /** A step: the timeout from `step()`, applied. */
  public run<T>(what: string, fn: (ms: number) => Promise<T>): Promise<T> {
    const ms = this.step(what);
    return this.within(fn(ms), ms, what);
  }
}

// ---------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------

export type Client = Redis | Cluster;

function redisOptions(s: ProbeSettings, c: Credentials): RedisOptions {
  return {
    username: c.username,
    password: c.password,
    tls: s.tls ? { ca: s.tlsCaPem, servername: s.tlsServerName } : undefined,
    connectTimeout: s.timeoutMs,
    commandTimeout: s.timeoutMs,
    // how long a closing socket may linger before it is destroyed (ioredis' default: 2 s)
    disconnectTimeout: 200,
    maxRetriesPerRequest: 0,
    enableReadyCheck: false,
    disableClientInfo: true,
    autoResubscribe: false,
    reconnectOnError: () => false,
  };
}

/** A client that never reconnects and collects every error it sees. */
export class Connection {
  public readonly client: Client;
  public readonly errors: unknown[] = [];
  public answered = false;

  constructor(private readonly s: ProbeSettings, c: Credentials, private readonly budget: Budget) {
    if (s.clusterMode) {
      const options: ClusterOptions = {
        // ElastiCache with TLS: keep host names so that certificates verify.
        dnsLookup: (address, cb) => cb(null, address),
        redisOptions: redisOptions(s, c),
        clusterRetryStrategy: () => null,
        enableReadyCheck: false,
        lazyConnect: true,
        slotsRefreshTimeout: s.timeoutMs,
        slotsRefreshInterval: 0,
        maxRedirections: 8,
        retryDelayOnClusterDown: 100,
        retryDelayOnFailover: 100,
        retryDelayOnTryAgain: 100,
      };
      const cluster = new Cluster([{ host: s.host, port: s.port }], options);
      cluster.on('node error', (err: unknown) => this.errors.push(err));
      this.client = cluster;
    } else {
      this.client = new Redis({ ...redisOptions(s, c), host: s.host, port: s.port, lazyConnect: true, retryStrategy: () => null });
    }
    this.client.on('error', (err: unknown) => this.errors.push(err));
  }

  public get context(): ClassifyContext {
    return { tls: this.s.tls, clusterMode: this.s.clusterMode, answered: this.answered };
  }

  /**
   * Connects (and, in cluster mode, loads the slot map). `tcpOk`: a plain TCP
   * connection to the same address just worked, so a TLS handshake that gets
   * no answer means the server does not speak TLS.
   */
  public async connect(tcpOk: boolean): Promise<void> {
    const what = `connect to ${this.s.host}:${this.s.port}`;
    const ms = this.budget.step(what);
    try {
      await this.budget.within(this.client.connect(), ms, what);
    } catch (err) {
      // only a full step timeout says the server does not speak TLS; a deadline-capped one says nothing
      if (this.s.tls && tcpOk && ms === this.s.timeoutMs && mostSpecific([err, ...this.errors], this.context).reason === ProbeFailureReason.TIMEOUT) {
        throw new ProbeError(ProbeFailureReason.TLS_MISMATCH,
          `TCP to ${this.s.host}:${this.s.port} works, but the TLS handshake got no answer within ${this.s.timeoutMs} ms: the server does not seem to speak TLS (in-transit encryption off?)`);
      }
      throw err;
    }
  }

  /** A command with the step timeout (capped by the deadline); marks the connection as answered. */
  public async run<T>(what: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const out = await this.budget.run(what, () => fn(this.client));
    this.answered = true;
    return out;
  }

  public close(): void {
    try {
      this.client.disconnect();
    } catch {
      // already closed
    }
  }
}

/** The run's `tcp` step: `tcpCheck` of the endpoint within the step's time (the message says when the deadline capped it). */
export function tcpStep(s: ProbeSettings, budget: Budget): Promise<void> {
  const ms = budget.step('tcp');
  return tcpCheck(s.host, s.port, ms, ms < s.timeoutMs);
}

/**
 * A bare TCP connection to the endpoint, closed at once: tells network faults
 * (refused, dropped, unresolvable) apart from protocol faults.
 */
export function tcpCheck(host: string, port: number, timeoutMs: number, cappedByDeadline = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const done = (err?: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => done(new ProbeError(ProbeFailureReason.TIMEOUT, cappedByDeadline
      ? `TCP connect to ${host}:${port} (capped by the invocation deadline) timed out after ${timeoutMs} ms`
      : `TCP connect to ${host}:${port} timed out after ${timeoutMs} ms (no answer to SYN: security group, network ACL or route)`)), timeoutMs);
    socket.once('connect', () => done());
    socket.once('error', err => done(err));
  });
}

/** How long a bare connection waits for a server's refusal (a refusing Redis writes it at once, on accept). */
export const REFUSAL_WAIT_MS = 300;

/**
 * The error a server writes at once on a new connection before closing it (`ERR max number of clients reached`,
 * `DENIED Redis is running in protected mode …`), read on a bare TCP connection that sends nothing; undefined when
 * the server writes nothing within `timeoutMs`, writes anything but a RESP error line, or closes without one.
 * Why: a Redis that refuses a client writes its reason and closes; ioredis, writing its first command at that
 * moment, sees only the close (`EPIPE`, "Connection is closed."), which alone reads like a TLS mismatch.
 */
export function serverRefusal(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port });
    let seen = Buffer.alloc(0);
    const done = (line?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(line);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const eol = seen.indexOf('\r\n');
      if (seen[0] !== 0x2d /* '-' */ || seen.length > 1024) done();
      else if (eol > 1) done(seen.toString('utf-8', 1, eol));
    });
    socket.once('error', () => done());
    socket.once('close', () => done());
  });
}

/**
 * A connection closed before any reply, on a client without TLS, is guessed TLS_MISMATCH (`classify` in answer.ts).
 * Before that guess becomes the answer, a bare connection listens for the server's refusal: when there is one, it is
 * the answer instead (`ERR max number of clients reached` → CONNECTION_CLOSED; another refusal → UNKNOWN with its
 * text). Only with time to spare before the deadline; otherwise, and for every other reason, undefined.
 */
async function refusalInsteadOfGuess(s: ProbeSettings, reason: ProbeFailureReason, ctx: ClassifyContext, budget: Budget)
  : Promise<ProbeError | undefined> {
  if (s.tls || ctx.answered || reason !== ProbeFailureReason.TLS_MISMATCH) return undefined;
  const ms = Math.min(s.timeoutMs, REFUSAL_WAIT_MS, Math.floor(budget.left()) - 500);
  if (ms < MIN_STEP_MS) return undefined;
  const line = await serverRefusal(s.host, s.port, ms);
  if (line === undefined) return undefined;
  const said = classifyError(new Error(line), { ...ctx, answered: true });
  return new ProbeError(said, `the server refuses new connections: ${line}`);
}

/**
 * The answer's reason and error for a failed run: the most specific of `errors` (`mostSpecific`), or, where that is
 * only the TLS guess, the server's refusal (`refused: true`) when it writes one.
 */
export async function explainFailure(s: ProbeSettings, errors: unknown[], ctx: ClassifyContext, budget: Budget)
  : Promise<{ reason: ProbeFailureReason; error: unknown; refused: boolean }> {
  const best = mostSpecific(errors, ctx);
  const refusal = await refusalInsteadOfGuess(s, best.reason, ctx, budget);
  return refusal ? { reason: refusal.reason, error: refusal, refused: true } : { ...best, refused: false };
}

/** Rejects with a TIMEOUT ProbeError after `ms`; the late promise's rejection is swallowed. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  p.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeError(ProbeFailureReason.TIMEOUT, `${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}


/** Whether an error is the run stopping at (or being cut short by) the invocation deadline. */
export function isDeadlineStop(err: unknown): boolean {
  return err instanceof ProbeError && err.reason === ProbeFailureReason.TIMEOUT && /invocation deadline/.test(err.message);
}
