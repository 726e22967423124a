/**
 * The load engine's hot loop: raw RESP connections (no client library), each
 * with one round trip in flight, driven by a shared request counter. A shard
 * is the set of connections one thread drives; `load-engine.ts` runs one shard
 * in the calling thread or one per worker thread.
 *
 * Why not ioredis here: profiling the ioredis loop (`node --cpu-prof`) shows
 * most of the client's CPU in per-command objects, promises, argument
 * encoding and the command queue. Here a command is a Buffer built once per
 * connection and written again for every operation; a reply is counted where
 * it lies in the socket's chunk, without copying it; latencies go into a
 * fixed-size histogram. Per operation: one `performance.now()`, one shared
 * counter increment, one `socket.write` of the same Buffer.
 *
 * Worker threads: this file is also the worker's entry. The bundled handler
 * (esbuild, one file) starts `new Worker(<the bundle>)`; the bundle's top level
 * runs `workerMain()` below when it finds its own `workerData` marker.
 */
/* eslint-disable no-bitwise */ // CRC16 and the latency histogram's bucket arithmetic
import * as net from 'net';
import { performance } from 'perf_hooks';
import * as tls from 'tls';
import { isMainThread, parentPort, workerData } from 'worker_threads';

// ---------------------------------------------------------------------------
// Shared types (plain data: they cross the worker boundary)
// ---------------------------------------------------------------------------

/** Where one connection goes and how it authenticates. */
export interface ShardTarget {
  readonly host: string;
  readonly port: number;
}

/** How a raw connection reaches a node (TCP or TLS) and authenticates; the engine's options carry the same. */
export interface ConnectionConfig {
  readonly tls: boolean;
  readonly tlsCaPem?: string;
  readonly tlsServerName?: string;
  readonly username?: string;
  readonly password?: string;
  /** Connect and per-command timeout. */
  readonly timeoutMs: number;
}

export interface ShardConfig extends ConnectionConfig {
  /** One entry per connection of this shard. */
  readonly connections: ReadonlyArray<{ readonly target: ShardTarget; readonly key: string }>;
  readonly valueSizeBytes: number;
  readonly pipeline: number;
  /** `SET key value EX ttlSeconds`: every write carries the TTL. */
  readonly ttlSeconds: number;
  /** Int32 counters shared by every shard: [0] SET issued, [1] GET issued, [2] errors. */
  readonly counters: SharedArrayBuffer;
}

/** An error as plain data (message and code), so classification works across threads. */
export interface ErrorData {
  readonly message: string;
  readonly code?: string;
}

/** What one shard measured in one phase. */
export interface ShardPhaseResult {
  readonly completed: number;
  readonly errors: number;
  readonly firstError?: ErrorData;
  /** Whether the phase stopped issuing at `stopAt` with requests left. */
  readonly stoppedAtDeadline: boolean;
  /** Epoch ms (fractional) of the first send and of the last reply. */
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  /** Latency histogram (see `histogramIndex`). */
  readonly histogram: Uint32Array;
}

export type PhaseName = 'SET' | 'GET';
export const COUNTER_SET = 0;
export const COUNTER_GET = 1;
export const COUNTER_ERRORS = 2;
export const COUNTERS = 3;

// ---------------------------------------------------------------------------
// Latency histogram: exact to the microsecond below 2048 µs, then 1024
// sub-buckets per power of two (0.1 % resolution), up to 2^31 µs.
// ---------------------------------------------------------------------------

const LINEAR = 2048;
export const HISTOGRAM_BUCKETS = LINEAR + (31 - 10) * 1024;

/** Bucket of a latency in microseconds. */
export function histogramIndex(us: number): number {
  const v = us < 0 ? 0 : us >= 0x7fffffff ? 0x7ffffffe : us | 0;
  if (v < LINEAR) return v;
  const e = 31 - Math.clz32(v); // ≥ 11
  return LINEAR + (e - 11) * 1024 + ((v >>> (e - 10)) & 1023);
}

/** Lower bound (µs) of a bucket. */
export function histogramValue(index: number): number {
  if (index < LINEAR) return index;
  const e = ((index - LINEAR) >> 10) + 11;
  const sub = (index - LINEAR) & 1023;
  return (1024 + sub) * 2 ** (e - 10);
}

// ---------------------------------------------------------------------------
// RESP
// ---------------------------------------------------------------------------

/** `*n\r\n$len\r\narg\r\n...` */
export function encodeCommand(args: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a) : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const CR = 13;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const DOLLAR = 36;

/** One reply as the control path sees it. */
type ControlReply = { readonly ok: true; readonly value: string | null } | { readonly ok: false; readonly error: ErrorData };

/**
 * One raw connection. Replies are parsed in place: simple strings, errors,
 * integers and bulk strings (the only replies of AUTH, SET, GET, DEL, INFO,
 * PING). A reply split across chunks is handled (a partial header is kept, a
 * bulk body is skipped by count).
 */
export class RespConnection {
  /** Connects (TCP or TLS) within `timeoutMs`, then AUTHs when credentials are given. */
  public static async open(target: ShardTarget, c: ConnectionConfig, index: number): Promise<RespConnection> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = c.tls
        ? tls.connect({ host: target.host, port: target.port, ca: c.tlsCaPem, servername: c.tlsServerName })
        : net.connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(Object.assign(new Error(`connect to ${target.host}:${target.port} timed out after ${c.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, c.timeoutMs);
      s.once(c.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        s.removeAllListeners('close');
        resolve(s);
      });
      s.once('error', err => {
        clearTimeout(timer);
        s.destroy();
        reject(err);
      });
      s.once('close', () => {
        clearTimeout(timer);
        reject(Object.assign(new Error(c.tls ? 'Client network socket disconnected before secure TLS connection was established' : 'Connection is closed.'), { code: 'ECONNRESET' }));
      });
    });
    const conn = new RespConnection(socket, index);
    if (c.password !== undefined) {
      const args = c.username ? ['AUTH', c.username, c.password] : ['AUTH', c.password];
      const r = await conn.call(args, c.timeoutMs, 'AUTH');
      if (!r.ok) {
        conn.close();
        throw Object.assign(new Error(r.error.message), { code: r.error.code });
      }
    }
    return conn;
  }

  public readonly socket: net.Socket;
  /** The socket or a protocol error; set once. */
  public failure: ErrorData | undefined;
  /** Whether any reply came back. */
  public answered = false;
  public closed = false;

  // parser state
  private partial: Buffer | undefined;
  private bulkLeft = 0; // bytes of a bulk body (with its CRLF) still to skip
  private bulkIsControl = false;
  private bulkChunks: Buffer[] = [];

  // control path: pending replies, in order
  private readonly waiting: Array<(r: ControlReply) => void> = [];

  // hot path (set by the shard while a phase runs)
  public runner: PhaseRunner | undefined;
  public command: Buffer = Buffer.alloc(0);
  public batch = 0; // commands in flight
  public pendingReplies = 0;
  public okInBatch = 0;
  public sentAt = 0;
  public readonly index: number;

  private constructor(socket: net.Socket, index: number) {
    this.socket = socket;
    this.index = index;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: Error & { code?: string }) => this.fail({ message: err.message, code: err.code }));
    socket.on('close', () => this.fail({ message: 'Connection is closed.', code: 'ECONNRESET' }));
  }

  /** One command on the control path (not the hot loop), with a timeout. */
  public call(args: ReadonlyArray<string | Buffer>, timeoutMs: number, what: string): Promise<ControlReply> {
    if (this.failure) return Promise.resolve({ ok: false, error: this.failure });
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        const error = { message: `${what} timed out after ${timeoutMs} ms`, code: 'ETIMEDOUT' };
        this.fail(error);
        resolve({ ok: false, error });
      }, timeoutMs);
      this.waiting.push(r => {
        clearTimeout(timer);
        resolve(r);
      });
      this.socket.write(encodeCommand(args));
    });
  }

  public close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** Marks the connection failed (once), closes it and fails whatever waits on it. */
  public fail(error: ErrorData): void {
    if (this.failure) return;
    this.failure = error;
    this.closed = true;
    this.socket.destroy();
    for (const w of this.waiting.splice(0)) w({ ok: false, error });
    this.runner?.connectionFailed(this, error);
  }

  private onData(chunk: Buffer): void {
    let buf = chunk;
    if (this.partial) {
      buf = Buffer.concat([this.partial, chunk]);
      this.partial = undefined;
    }
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.bulkLeft > 0) {
        const take = Math.min(this.bulkLeft, n - i);
        if (this.bulkIsControl) this.bulkChunks.push(buf.subarray(i, i + take));
        this.bulkLeft -= take;
        i += take;
        if (this.bulkLeft === 0) this.replyDone(true, undefined);
        continue;
      }
      const eol = buf.indexOf(CR, i);
      if (eol < 0 || eol + 1 >= n) {
        this.partial = buf.subarray(i);
        return;
      }
      const type = buf[i];
      if (type === PLUS || type === COLON) {
        if (this.waiting.length > 0 && this.runner === undefined) this.controlReply({ ok: true, value: buf.toString('latin1', i + 1, eol) });
        else this.replyDone(true, undefined);
      } else if (type === MINUS) {
        const error = { message: buf.toString('utf-8', i + 1, eol) };
        if (this.waiting.length > 0 && this.runner === undefined) this.controlReply({ ok: false, error });
        else this.replyDone(false, error);
      } else if (type === DOLLAR) {
        let len = 0;
        let neg = false;
        for (let k = i + 1; k < eol; k++) {
          const d = buf[k];
          if (d === MINUS) neg = true;
          else len = len * 10 + (d - 48);
        }
        if (neg) {
          if (this.waiting.length > 0 && this.runner === undefined) this.controlReply({ ok: true, value: null });
          else this.replyDone(true, undefined);
        } else {
          this.bulkLeft = len + 2;
          this.bulkIsControl = this.waiting.length > 0 && this.runner === undefined;
          this.bulkChunks = [];
        }
      } else {
        this.fail({ message: `unexpected reply type '${String.fromCharCode(type)}' from the server`, code: 'EPROTO' });
        return;
      }
      i = eol + 2;
    }
  }

  private controlReply(r: ControlReply): void {
    this.answered = true;
    this.waiting.shift()!(r);
  }

  private replyDone(ok: boolean, error: ErrorData | undefined): void {
    if (this.bulkIsControl) {
      this.bulkIsControl = false;
      const text = Buffer.concat(this.bulkChunks).toString('utf-8');
      this.bulkChunks = [];
      this.controlReply({ ok: true, value: text.slice(0, text.length - 2) });
      return;
    }
    this.answered = true;
    const r = this.runner;
    if (r !== undefined) r.reply(this, ok, error);
  }
}

// ---------------------------------------------------------------------------
// One phase over a shard's connections
// ---------------------------------------------------------------------------

/** Drives every connection of a shard through one phase. */
export class PhaseRunner {
  private readonly counters: Int32Array;
  private readonly counter: number;
  private readonly histogram = new Uint32Array(HISTOGRAM_BUCKETS);
  private readonly stopAtPerf: number;
  private readonly hardStopPerf: number;
  private busy = 0;
  private completed = 0;
  private errors = 0;
  private firstError: ErrorData | undefined;
  private stoppedAtDeadline = false;
  private startPerf = -1;
  private endPerf = 0;
  private finished = false;
  private resolve!: (r: ShardPhaseResult) => void;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    private readonly conns: RespConnection[],
    private readonly phase: PhaseName,
    private readonly requests: number,
    /** Epoch ms after which no new command is issued. */
    stopAtEpochMs: number,
    private readonly c: ShardConfig,
    private readonly maxErrors: number,
    /** Epoch ms by which every command in flight must have its reply (the run's end). */
    hardStopEpochMs: number,
  ) {
    this.counters = new Int32Array(c.counters);
    this.counter = phase === 'SET' ? COUNTER_SET : COUNTER_GET;
    this.stopAtPerf = stopAtEpochMs - performance.timeOrigin;
    this.hardStopPerf = hardStopEpochMs - performance.timeOrigin;
  }

  public run(): Promise<ShardPhaseResult> {
    return new Promise(resolve => {
      this.resolve = resolve;
      const now = performance.now();
      this.startPerf = now;
      for (const conn of this.conns) {
        if (conn.failure) continue;
        conn.runner = this;
        this.busy++;
        this.issue(conn, now);
      }
      if (this.busy === 0) {
        this.finish();
        return;
      }
      // per-command timeout and the hard stop: a command that never answers must not hold the run
      const tick = Math.max(10, Math.min(100, this.c.timeoutMs / 4));
      this.watchdog = setInterval(() => this.check(), tick);
    });
  }

  /** Takes the next batch from the shared counter and sends it; marks the connection idle when there is none. */
  private issue(conn: RespConnection, now: number): void {
    const p = this.c.pipeline;
    let n = 0;
    if (now < this.stopAtPerf && Atomics.load(this.counters, COUNTER_ERRORS) <= this.maxErrors) {
      const prev = Atomics.add(this.counters, this.counter, p);
      n = Math.min(p, this.requests - prev);
    } else if (now >= this.stopAtPerf && Atomics.load(this.counters, this.counter) < this.requests) {
      this.stoppedAtDeadline = true;
    }
    if (n <= 0) {
      conn.runner = undefined;
      conn.batch = 0;
      if (--this.busy === 0) this.finish();
      return;
    }
    conn.batch = n;
    conn.pendingReplies = n;
    conn.okInBatch = 0;
    conn.sentAt = now;
    if (n === p) conn.socket.write(conn.command);
    else conn.socket.write(this.partialBatch(conn, n));
  }

  private partialBatch(conn: RespConnection, n: number): Buffer {
    const one = conn.command.subarray(0, conn.command.length / this.c.pipeline);
    return Buffer.concat(Array.from({ length: n }, () => one));
  }

  /** Called by the connection for every reply of the hot path. */
  public reply(conn: RespConnection, ok: boolean, error: ErrorData | undefined): void {
    if (ok) {
      conn.okInBatch++;
    } else {
      this.errors++;
      Atomics.add(this.counters, COUNTER_ERRORS, 1);
      if (this.firstError === undefined) this.firstError = error;
    }
    if (--conn.pendingReplies > 0) return;
    const now = performance.now();
    const good = conn.okInBatch;
    if (good > 0) {
      this.histogram[histogramIndex((now - conn.sentAt) * 1000)] += good;
      this.completed += good;
    }
    this.endPerf = now;
    this.issue(conn, now);
  }

  /** A connection died: its commands in flight failed. */
  public connectionFailed(conn: RespConnection, error: ErrorData): void {
    if (conn.runner !== this) return;
    conn.runner = undefined;
    this.errors += conn.pendingReplies;
    Atomics.add(this.counters, COUNTER_ERRORS, conn.pendingReplies);
    if (this.firstError === undefined) this.firstError = error;
    if (--this.busy === 0) this.finish();
  }

  private check(): void {
    const now = performance.now();
    for (const conn of this.conns) {
      if (conn.runner !== this) continue;
      if (now - conn.sentAt > this.c.timeoutMs) {
        conn.fail({ message: `${this.phase} got no answer within ${this.c.timeoutMs} ms`, code: 'ETIMEDOUT' });
      } else if (now > this.hardStopPerf) {
        conn.fail({ message: `${this.phase} got no answer before the invocation deadline`, code: 'ETIMEDOUT' });
      }
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const origin = performance.timeOrigin;
    this.resolve({
      completed: this.completed,
      errors: this.errors,
      firstError: this.firstError,
      stoppedAtDeadline: this.stoppedAtDeadline,
      startEpochMs: origin + this.startPerf,
      endEpochMs: origin + (this.endPerf || this.startPerf),
      histogram: this.histogram,
    });
  }
}

// ---------------------------------------------------------------------------
// A shard: the connections one thread drives
// ---------------------------------------------------------------------------

/** An Error carrying an ErrorData's code (what probe-core's classification reads). */
export function toError(e: ErrorData): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

export function toErrorData(err: unknown): ErrorData {
  const e = err as { message?: string; code?: string } | undefined;
  return { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined };
}

/** The connections of one thread, their command buffers, and their phases. */
export class Shard {
  /** Opens every connection (in parallel); on any failure closes them all and rejects with that error. */
  public static async open(c: ShardConfig): Promise<Shard> {
    const settled = await Promise.allSettled(c.connections.map((x, i) => RespConnection.open(x.target, c, i)));
    const conns = settled.flatMap(r => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const conn of conns) conn.close();
      throw failed.reason;
    }
    return new Shard(c, conns);
  }

  private readonly setCommands: Buffer[];
  private readonly getCommands: Buffer[];

  private constructor(private readonly c: ShardConfig, public readonly conns: RespConnection[]) {
    const value = Buffer.alloc(c.valueSizeBytes, 'x');
    const ttl = String(c.ttlSeconds);
    const repeat = (b: Buffer) => (c.pipeline === 1 ? b : Buffer.concat(Array.from({ length: c.pipeline }, () => b)));
    this.setCommands = c.connections.map(x => repeat(encodeCommand(['SET', x.key, value, 'EX', ttl])));
    this.getCommands = c.connections.map(x => repeat(encodeCommand(['GET', x.key])));
  }

  public get answered(): boolean {
    return this.conns.some(x => x.answered);
  }

  /** One phase; resolves when every connection is idle (requests done, deadline, errors or failures). */
  public phase(name: PhaseName, requests: number, stopAtEpochMs: number, maxErrors: number, hardStopEpochMs: number): Promise<ShardPhaseResult> {
    const commands = name === 'SET' ? this.setCommands : this.getCommands;
    for (const conn of this.conns) conn.command = commands[conn.index];
    return new PhaseRunner(this.conns, name, requests, stopAtEpochMs, this.c, maxErrors, hardStopEpochMs).run();
  }

  public close(): void {
    for (const conn of this.conns) conn.close();
  }
}

// ---------------------------------------------------------------------------
// Worker side
// ---------------------------------------------------------------------------

/** Marker in `workerData` that makes a thread loading this module a load worker. */
export const WORKER_MARKER = 'airDiscoveryProbeLoadShard';

export type WorkerRequest =
  | {
    readonly op: 'phase';
    readonly phase: PhaseName;
    readonly requests: number;
    readonly stopAtEpochMs: number;
    readonly maxErrors: number;
    readonly hardStopEpochMs: number;
  }
  | { readonly op: 'close' };

export type WorkerReply =
  | { readonly op: 'opened' }
  | { readonly op: 'error'; readonly error: ErrorData; readonly answered: boolean }
  | { readonly op: 'phase'; readonly result: ShardPhaseResult; readonly answered: boolean };

function workerMain(c: ShardConfig): void {
  const port = parentPort!;
  Shard.open(c).then(shard => {
    port.on('message', (m: WorkerRequest) => {
      if (m.op === 'close') {
        shard.close();
        port.close();
        return;
      }
      void shard.phase(m.phase, m.requests, m.stopAtEpochMs, m.maxErrors, m.hardStopEpochMs).then(result => {
        const reply: WorkerReply = { op: 'phase', result, answered: shard.answered };
        port.postMessage(reply, [result.histogram.buffer as ArrayBuffer]);
      });
    });
    const reply: WorkerReply = { op: 'opened' };
    port.postMessage(reply);
  }, err => {
    const reply: WorkerReply = { op: 'error', error: toErrorData(err), answered: false };
    port.postMessage(reply);
    port.close();
  });
}

if (!isMainThread && workerData && typeof workerData === 'object' && WORKER_MARKER in workerData) {
  workerMain((workerData as { [WORKER_MARKER]: ShardConfig })[WORKER_MARKER]);
}
