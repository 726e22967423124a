/**
 * Real redis-server processes for the probe tests: free loopback ports, temp
 * dirs, certificates made here with openssl, stopped in afterAll. No mocks.
 *
 * Everything binds to 127.0.0.1 only.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

export const LOOPBACK = '127.0.0.1';

/** Where scripts/ensure-valkey.sh puts the pinned Valkey server (`npx projen ensure:redis` runs it). */
export const VALKEY_VERSION = '9.1.2';

/**
 * The valkey-server binary: `VALKEY_SERVER`, else `.redis-test/valkey-<version>/valkey-server` in the project
 * (looked up from this file upwards, so a mutation sandbox under .stryker-tmp/ finds the project's copy).
 */
export function valkeyServerBinary(): string {
  if (process.env.VALKEY_SERVER) return process.env.VALKEY_SERVER;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.redis-test', `valkey-${VALKEY_VERSION}`, 'valkey-server');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`no valkey-server ${VALKEY_VERSION}: run \`npx projen ensure:redis\` (scripts/ensure-valkey.sh) or set VALKEY_SERVER`);
    }
  }
}

/** Ports this process handed out (servers start concurrently: a port handed out may not be bound yet). */
const handedOut = new Set<number>();

/**
 * Jest runs the suites in parallel workers (`maxWorkers` in .projenrc.ts). A port one worker was handed (closed
 * again until its redis-server binds it, or kept free on purpose for a "connection refused" test) must never be
 * handed to another worker, and the OS's own choice (bind to port 0) cannot promise that: it offers a just-closed
 * port again. So each worker takes ports from its own block below the ephemeral range (32768 and up on Linux,
 * where the OS picks ports for outgoing connections): 16 blocks of 1,250 ports from 10000, one per worker id
 * (modulo 16), a random port of the block that nothing listens on and this process has not handed out.
 * (Two separate jest runs at once, e.g. two mutation runs, share blocks: as before, a rare clash is possible there.)
 */
const PORT_BASE = 10_000;
const PORT_BLOCK = 1_250;
const PORT_BLOCKS = 16;
const portBlock = (Number(process.env.JEST_WORKER_ID ?? '1') - 1) % PORT_BLOCKS;

/** A loopback port nothing listens on right now, in this worker's block (see above). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 2_000; i++) {
    const port = PORT_BASE + portBlock * PORT_BLOCK + Math.floor(Math.random() * PORT_BLOCK);
    if (!handedOut.has(port) && await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port left in this worker's block (${PORT_BASE + portBlock * PORT_BLOCK}+${PORT_BLOCK})`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, LOOPBACK, () => srv.close(() => resolve(true)));
  });
}

export function tempDir(prefix: string, parent: string = os.tmpdir()): string {
  return fs.mkdtempSync(path.join(parent, `redis-probe-${prefix}-`));
}

export interface Certificates {
  readonly dir: string;
  /** PEM of the CA that signed the server certificate. */
  readonly caPem: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM of another CA that signed nothing we serve (the "wrong CA" fault). */
  readonly otherCaPem: string;
  readonly otherCaFile: string;
}

/**
 * A CA, a server certificate it signs (SAN DNS:localhost, IP:127.0.0.1 and any
 * `ipAddresses`) and an unrelated second CA. EC P-256 keys: a few milliseconds with openssl.
 */
export async function makeCertificates(options: { ipAddresses?: string[] } = {}): Promise<Certificates> {
  const dir = tempDir('tls');
  const f = (n: string) => path.join(dir, n);
  const ossl = (...args: string[]) => execFileAsync('openssl', args, { cwd: dir });
  for (const ca of ['ca', 'other-ca']) {
    await ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${ca}.key`));
    await ossl('req', '-x509', '-new', '-key', f(`${ca}.key`), '-days', '2', '-subj', `/CN=probe-test-${ca}`, '-out', f(`${ca}.crt`));
  }
  await ossl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f('server.key'));
  await ossl('req', '-new', '-key', f('server.key'), '-subj', '/CN=localhost', '-out', f('server.csr'));
  const ips = [LOOPBACK, ...(options.ipAddresses ?? []).filter(ip => ip !== LOOPBACK)];
  fs.writeFileSync(f('ext.cnf'), `subjectAltName=DNS:localhost,${ips.map(ip => `IP:${ip}`).join(',')}\n`);
  await ossl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', f('ext.cnf'), '-out', f('server.crt'));
  return {
    dir,
    caPem: fs.readFileSync(f('ca.crt'), 'utf8'),
    caFile: f('ca.crt'),
    certFile: f('server.crt'),
    keyFile: f('server.key'),
    otherCaPem: fs.readFileSync(f('other-ca.crt'), 'utf8'),
    otherCaFile: f('other-ca.crt'),
  };
}

export interface ServerOptions {
  /** Serve TLS only (the plain port is 0). */
  readonly tls?: Certificates;
  /** `requirepass` (the default user's password, i.e. an AUTH token). */
  readonly password?: string;
  /** A cluster node (`cluster-enabled yes`, node timeout 1 s). */
  readonly cluster?: boolean;
  /** More `--name value` arguments. */
  readonly args?: string[];
  /** The loopback address to bind. @default 127.0.0.1 */
  readonly host?: string;
  /** The port. @default - a free one */
  readonly port?: number;
  /** The cluster bus port. @default - a free one */
  readonly clusterBusPort?: number;
  /**
   * An ACL user with every permission that redis-cli (`cli()`) and replicas (`masteruser`) authenticate as,
   * for servers whose default user is off (RBAC).
   */
  readonly adminUser?: { readonly name: string; readonly password: string };
  /** The directory the server's own directory is made in. @default os.tmpdir() */
  readonly parentDir?: string;
  /** The server: Debian's redis-server 7.0, or the pinned valkey-server (`valkeyServerBinary()`). @default 'redis' */
  readonly engine?: 'redis' | 'valkey';
}

/** Written into each server's directory (`<pid> <owner pids>`); test/global-teardown.js kills what its run left. */
export const PID_FILE = 'redis.pid';

/**
 * The jest run this process belongs to (set by test/global-setup.js): server directories carry it, so
 * a run's global teardown kills its own leftovers only, never the servers of another run on the machine.
 */
const RUN_ID = process.env.REDIS_PROBE_TEST_RUN ?? `p${process.pid}`;

/** One running redis-server. */
export class RedisServer {
  public static async start(options: ServerOptions = {}): Promise<RedisServer> {
    const host = options.host ?? LOOPBACK;
    const port = options.port ?? await freePort();
    const dir = tempDir(`run${RUN_ID}-node-${port}`, options.parentDir);
    const args = [
      '--bind', host,
      '--dir', dir,
      '--save', '',
      '--appendonly', 'no',
      '--logfile', '',
      '--loglevel', 'notice',
      '--daemonize', 'no',
    ];
    if (options.tls) {
      args.push('--port', '0', '--tls-port', `${port}`,
        '--tls-cert-file', options.tls.certFile,
        '--tls-key-file', options.tls.keyFile,
        '--tls-ca-cert-file', options.tls.caFile,
        '--tls-auth-clients', 'no');
    } else {
      args.push('--port', `${port}`);
    }
    if (options.password) args.push('--requirepass', options.password, '--masterauth', options.password);
    if (options.adminUser) {
      const { name, password } = options.adminUser;
      args.push('--user', name, 'on', `>${password}`, '~*', '&*', '+@all', '--masteruser', name, '--masterauth', password);
    }
    if (options.cluster) {
      const busPort = options.clusterBusPort ?? await freePort();
      busPorts.set(`${host}:${port}`, busPort);
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf'),
        '--cluster-node-timeout', '1000', '--cluster-port', `${busPort}`);
      // a node on another loopback address than 127.0.0.1 must say where it is: its peers
      // would otherwise see the source address of its connections (127.0.0.1)
      if (host !== LOOPBACK) args.push('--cluster-announce-ip', host);
      if (options.tls) args.push('--tls-cluster', 'yes', '--tls-replication', 'yes');
    }
    args.push(...(options.args ?? []));
    const binary = options.engine === 'valkey' ? valkeyServerBinary() : 'redis-server';
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // A server a failed test forgot must not keep the jest worker alive (jest would wait forever for the
    // open handle): unref it; test/global-teardown.js kills it by the pid file in its directory.
    proc.unref();
    (proc.stdout as any)?.unref?.();
    (proc.stderr as any)?.unref?.();
    // "<pid> <owner pids>": the jest run that owns the server is this process or its parent (workers),
    // so that a teardown kills only its own run's leftovers, never another run's servers on this machine
    fs.writeFileSync(path.join(dir, PID_FILE), `${proc.pid} ${process.pid},${process.ppid}`);
    const server = new RedisServer(host, port, dir, proc, options, binary);
    await server.waitReady();
    return server;
  }

  private log = '';
  private exited = false;

  private constructor(
    public readonly host: string,
    public readonly port: number,
    public readonly dir: string,
    private readonly proc: ChildProcess,
    public readonly options: ServerOptions,
    private readonly binary: string,
  ) {
    proc.stdout?.on('data', (d: Buffer) => { this.log += d.toString(); });
    proc.stderr?.on('data', (d: Buffer) => { this.log += d.toString(); });
    proc.on('exit', () => { this.exited = true; });
  }

  public get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Run redis-cli against this server (TLS and password included). */
  public async cli(...args: string[]): Promise<string> {
    const base = ['-h', this.host, '-p', `${this.port}`];
    if (this.options.tls) base.push('--tls', '--cacert', this.options.tls.caFile);
    const env = { ...process.env };
    if (this.options.password) env.REDISCLI_AUTH = this.options.password;
    if (this.options.adminUser) {
      base.push('--user', this.options.adminUser.name);
      env.REDISCLI_AUTH = this.options.adminUser.password;
    }
    const { stdout } = await execFileAsync('redis-cli', [...base, ...args], { env, timeout: 30_000 });
    return stdout.trim();
  }

  /** Waits until this replica's link to its master is up (its first sync done): `master_link_status:up`. */
  public async waitSynced(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.cli('INFO', 'replication').catch(() => '');
      if (info.includes('master_link_status:up')) return;
      if (Date.now() > deadline) throw new Error(`replica ${this.host}:${this.port} did not sync within ${timeoutMs / 1000} s:\n${info}`);
      await sleep(50);
    }
  }

  /** SIGKILL: the "node died" fault. */
  public async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    // exitCode/signalCode cover an exit whose 'exit' event has not been handled yet
    if (!this.exited && this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise<void>(resolve => {
        this.proc.once('exit', () => resolve());
        setTimeout(resolve, 5000).unref(); // never wait on a lost 'exit' event
      });
      this.proc.kill(signal);
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.log.includes('Ready to accept connections')) return;
      if (this.exited) break;
      await sleep(20);
    }
    this.proc.kill('SIGKILL');
    throw new Error(`${path.basename(this.binary)} on port ${this.port} did not start:\n${this.log}`);
  }
}

/** The cluster bus port of each started cluster node, by `host:port`. */
const busPorts = new Map<string, number>();

/**
 * A cluster of `size` masters (no replicas), created with `redis-cli --cluster create`; a cluster of
 * fewer than 3 primaries (which redis-cli refuses, while ElastiCache allows 1 or 2 shards) is assembled
 * by hand: slots split evenly over the primaries, CLUSTER MEET, then CLUSTER REPLICATE.
 */
export class RedisCluster {
  /**
   * @param options.replicas replicas per master (`--cluster-replicas`)
   * @param options.nodeOptions one entry per node (address, port); default `size` nodes on 127.0.0.1
   */
  public static async start(options: {
    size?: number;
    tls?: Certificates;
    password?: string;
    replicas?: number;
    nodeOptions?: ServerOptions[];
    adminUser?: ServerOptions['adminUser'];
  } = {}): Promise<RedisCluster> {
    const nodeOptions = options.nodeOptions ?? Array.from({ length: options.size ?? 3 }, () => ({}));
    const nodes = await Promise.all(nodeOptions.map(o =>
      RedisServer.start({ ...o, cluster: true, tls: options.tls, password: options.password, adminUser: options.adminUser })));
    const cluster = new RedisCluster(nodes);
    try {
      const replicas = options.replicas ?? 0;
      if (nodes.length / (replicas + 1) >= 3) {
        await nodes[0].cli('--cluster', 'create', ...nodes.map(n => `${n.host}:${n.port}`), '--cluster-replicas', `${replicas}`, '--cluster-yes');
      } else {
        await assembleSmallCluster(nodes, nodes.length / (replicas + 1));
      }
      await cluster.waitState('ok');
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  private constructor(public readonly nodes: RedisServer[]) {}

  /** Poll every live node until each reports `cluster_state:<state>`. */
  public async waitState(state: 'ok' | 'fail', timeoutMs = 15_000, nodes = this.nodes): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const infos = await Promise.all(nodes.map(n => n.cli('cluster', 'info').catch(() => '')));
      if (infos.every(i => i.includes(`cluster_state:${state}`))) return;
      await sleep(100);
    }
    throw new Error(`cluster did not reach cluster_state:${state} within ${timeoutMs} ms`);
  }

  public async stop(): Promise<void> {
    await Promise.all(this.nodes.map(n => n.stop()));
  }
}

/** Builds a cluster of `primaries` primaries (the first nodes) and their replicas (the others, in turn) without redis-cli. */
async function assembleSmallCluster(nodes: RedisServer[], primaries: number): Promise<void> {
  if (!Number.isInteger(primaries) || primaries < 1) throw new Error(`a cluster of ${nodes.length} nodes cannot have ${primaries} primaries`);
  const masters = nodes.slice(0, primaries);
  for (let i = 0; i < primaries; i++) {
    await masters[i].cli('CLUSTER', 'ADDSLOTSRANGE', `${Math.floor(i * 16384 / primaries)}`, `${Math.floor((i + 1) * 16384 / primaries) - 1}`);
  }
  for (const n of nodes.slice(1)) {
    await nodes[0].cli('CLUSTER', 'MEET', n.host, `${n.port}`, `${busPorts.get(`${n.host}:${n.port}`)}`);
  }
  const ids = await Promise.all(masters.map(async m => (await m.cli('CLUSTER', 'MYID')).trim()));
  const deadline = Date.now() + 15_000;
  for (const [i, replica] of nodes.slice(primaries).entries()) {
    // the replica must have learnt its primary through gossip before it can follow it
    for (;;) {
      const answer = await replica.cli('CLUSTER', 'REPLICATE', ids[i % primaries]).catch(e => String(e));
      if (/^OK/.test(answer.trim())) break;
      if (Date.now() > deadline) throw new Error(`CLUSTER REPLICATE on ${replica.host}:${replica.port} kept failing: ${answer}`);
      await sleep(100);
    }
  }
}

/**
 * A TCP server on a free loopback port. `handle` gets each accepted socket and `track`, to register sockets it
 * opens itself (e.g. upstream connections); every tracked socket is destroyed on `stop`.
 */
export async function startLoopbackTcp(
  handle: (socket: net.Socket, track: (s: net.Socket) => void) => void,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  };
  const srv = net.createServer(s => {
    track(s);
    handle(s, track);
  });
  await new Promise<void>(resolve => srv.listen(0, LOOPBACK, resolve));
  return {
    port: (srv.address() as net.AddressInfo).port,
    stop: () => new Promise<void>(resolve => { sockets.forEach(s => s.destroy()); srv.close(() => resolve()); }),
  };
}

/**
 * A loopback TCP server that accepts connections and never answers: the
 * "packets dropped somewhere" fault (a security group or NACL that drops).
 */
export function startBlackHole(): Promise<{ port: number; stop: () => Promise<void> }> {
  return startLoopbackTcp(() => undefined);
}

/**
 * A loopback port where a TCP connect gets no answer at all (no SYN-ACK): the "SYN dropped by a security
 * group, network ACL or route" fault, without leaving loopback. A real redis-server with an accept queue of
 * one (`tcp-backlog 0`) is frozen (SIGSTOP) and one connection fills that queue; Linux drops every further
 * SYN while the queue is full (LISTENOVERFLOWS), so the next `connect` neither succeeds nor fails until the
 * kernel gives up (about two minutes).
 */
export async function startSynBlackHole(): Promise<{ port: number; stop: () => Promise<void> }> {
  const server = await RedisServer.start({ args: ['--tcp-backlog', '0'] });
  process.kill(server.pid!, 'SIGSTOP');
  const filler = net.connect({ host: LOOPBACK, port: server.port });
  filler.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the filler connection to ${server.port} got no answer`)), 5000);
    filler.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    port: server.port,
    stop: async () => {
      filler.destroy();
      process.kill(server.pid!, 'SIGCONT');
      await server.stop('SIGKILL');
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
