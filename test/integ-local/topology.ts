/**
 * Local redis-server topologies equivalent to the replication groups (and
 * serverless caches) of an integ case's templates: the template's port on a
 * loopback address of its own (127.x.y.n), TLS with the run's test CA when
 * in-transit encryption is on, the AUTH token / RBAC users the Secrets Manager
 * stand-in holds, replicas through replication, cluster mode with shards ×
 * replicas, the parameter group's parameters (CONFIG SET), and a Global
 * Datastore secondary as a replica of the primary's primary.
 */
import { randomBytes, randomInt } from 'crypto';
import * as net from 'net';
import { NotEmulated, parseSecretsManagerReference, Resolver, Resource, StackTemplate } from './assembly';
import { Certificates, RedisCluster, RedisServer } from '../probe/redis-fixture';

/** A planned group: what the template asks for. */
export interface GroupPlan {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly kind: 'replication-group' | 'serverless';
  readonly id: string;
  readonly props: { [k: string]: any };
  readonly port: number;
  readonly tls: boolean;
  readonly transitEncryptionMode?: string;
  readonly authToken?: string;
  readonly users: LocalUser[];
  readonly clusterMode: 'enabled' | 'disabled' | 'compatible';
  readonly shards: number;
  readonly replicasPerShard: number;
  readonly parameters: { [name: string]: string };
  /** Global Datastore: the primary group's plan (for a secondary). */
  readonly globalPrimary?: GroupPlan;
  readonly globalReplicationGroupId?: string;
  /** The loopback addresses of the nodes (primary first; in cluster mode: masters, then replicas). */
  readonly hosts: string[];
  /** What is not emulated (reported with the group's assertions). */
  readonly notes: string[];
}

export interface LocalUser {
  readonly userName: string;
  readonly passwords: string[];
  readonly accessString: string;
  readonly noPassword: boolean;
}

/** A running group. */
export interface LocalGroup extends GroupPlan {
  readonly nodes: RedisServer[];
  readonly cluster?: RedisCluster;
  /** The parameters CONFIG SET accepted, and those it refused (with the server's message). */
  readonly appliedParameters: string[];
  readonly refusedParameters: string[];
}

/** Parameters a running redis-server cannot take with CONFIG SET (startup-only) or that ElastiCache manages. */
const STARTUP_ONLY = new Set(['cluster-enabled', 'databases', 'reserved-memory', 'reserved-memory-percent', 'cluster-allow-reads-when-down']);

/** A loopback address block of its own for this run: 127.<a>.<b>.<n>. */
export class AddressAllocator {
  private readonly a = randomInt(20, 250);
  private b = randomInt(1, 200);

  /** `count` addresses on which `port` is free. */
  public async allocate(count: number, port: number): Promise<string[]> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const block = this.b++;
      const hosts = Array.from({ length: count }, (_, i) => `127.${this.a}.${block % 250 + 1}.${i + 1}`);
      const ports = [port, port + 10000];
      if ((await Promise.all(hosts.flatMap(h => ports.map(p => isFree(h, p))))).every(Boolean)) return hosts;
    }
    throw new Error(`no free loopback block for port ${port}`);
  }
}

function isFree(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A secret's value from the stand-in, or the literal. */
export type SecretLookup = (secretId: string) => string | undefined;

function resolveDynamic(value: unknown, secrets: SecretLookup, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  const ref = parseSecretsManagerReference(s);
  if (!ref) return s;
  const secret = secrets(ref.secretId);
  if (secret === undefined) throw new NotEmulated(`${what}: the secret ${ref.secretId} is not in the Secrets Manager stand-in`);
  if (!ref.jsonKey) return secret;
  const field = JSON.parse(secret)[ref.jsonKey];
  if (typeof field !== 'string') throw new Error(`${what}: the secret ${ref.secretId} has no string field ${ref.jsonKey}`);
  return field;
}

/** Plans every group of the case: primaries first, then Global Datastore secondaries. */
export async function planGroups(
  stacks: StackTemplate[], resolver: Resolver, secrets: SecretLookup, addresses: AddressAllocator,
): Promise<GroupPlan[]> {
  const found: Array<{ stack: StackTemplate; id: string; r: Resource }> = [];
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      if (r.Type === 'AWS::ElastiCache::ReplicationGroup' || r.Type === 'AWS::ElastiCache::ServerlessCache') found.push({ stack, id, r });
    }
  }
  const plans: GroupPlan[] = [];
  const secondaries = found.filter(f => f.r.Properties?.GlobalReplicationGroupId !== undefined);
  for (const f of [...found.filter(x => !secondaries.includes(x)), ...secondaries]) {
    plans.push(await planGroup(f.stack, f.id, f.r, stacks, resolver, secrets, addresses, plans));
  }
  return plans;
}

async function planGroup(stack: StackTemplate, logicalId: string, r: Resource, stacks: StackTemplate[], resolver: Resolver,
  secrets: SecretLookup, addresses: AddressAllocator, earlier: GroupPlan[]): Promise<GroupPlan> {
  const p = r.Properties ?? {};
  const notes: string[] = [];
  const prop = (name: string) => (p[name] === undefined ? undefined : resolver.resolve(p[name], stack));

  if (r.Type === 'AWS::ElastiCache::ServerlessCache') {
    // A serverless endpoint is TLS-only and speaks the cluster protocol: one cluster node holding every slot.
    const users = p.UserGroupId !== undefined ? rbacUsers([p.UserGroupId], stack, resolver, secrets) : [];
    notes.push('serverless cache emulated as one TLS cluster-mode node on port 6379 (its scaling limits and snapshots are not emulated)');
    return {
      stack,
      logicalId,
      kind: 'serverless',
      id: String(prop('ServerlessCacheName') ?? logicalId.toLowerCase()),
      props: p,
      port: 6379,
      tls: true,
      transitEncryptionMode: 'required',
      users,
      clusterMode: 'enabled',
      shards: 1,
      replicasPerShard: 0,
      parameters: {},
      hosts: await addresses.allocate(1, 6379),
      notes,
    };
  }

  let globalPrimary: GroupPlan | undefined;
  let globalReplicationGroupId: string | undefined;
  if (p.GlobalReplicationGroupId !== undefined) {
    globalReplicationGroupId = String(prop('GlobalReplicationGroupId'));
    const primaryId = globalPrimaryId(globalReplicationGroupId, stacks, resolver);
    globalPrimary = earlier.find(g => g.id === primaryId);
    if (!globalPrimary) throw new NotEmulated(`Global Datastore ${globalReplicationGroupId}: its primary ${primaryId} is not in this case`);
  } else {
    globalReplicationGroupId = globalIdOfPrimary(String(prop('ReplicationGroupId') ?? logicalId), stacks, resolver);
  }
  const inherited = (name: string) => (globalPrimary ? globalPrimary.props[name] : prop(name));
  const clusterModeProp = inherited('ClusterMode');
  const numNodeGroups = inherited('NumNodeGroups');
  const clusterMode: GroupPlan['clusterMode'] = clusterModeProp === 'enabled' || (clusterModeProp === undefined && numNodeGroups !== undefined)
    ? 'enabled' : clusterModeProp === 'compatible' ? 'compatible' : 'disabled';
  const shards = clusterMode === 'enabled' ? Number(numNodeGroups ?? 1) : 1;
  const replicasPerShard = clusterMode === 'enabled'
    ? Number(prop('ReplicasPerNodeGroup') ?? 0)
    : Number(prop('NumCacheClusters') ?? 1) - 1;
  const port = Number(inherited('Port') ?? 6379);
  const tls = inherited('TransitEncryptionEnabled') === true || inherited('TransitEncryptionEnabled') === 'true';
  const transitEncryptionMode = tls ? String(inherited('TransitEncryptionMode') ?? 'required') : undefined;
  if (transitEncryptionMode === 'preferred') notes.push('TransitEncryptionMode preferred emulated as TLS only');
  const authToken = globalPrimary ? globalPrimary.authToken : resolveDynamic(prop('AuthToken'), secrets, `${logicalId}.AuthToken`);
  const users = p.UserGroupIds !== undefined ? rbacUsers(p.UserGroupIds, stack, resolver, secrets) : [];

  const parameters: { [name: string]: string } = {};
  const pgStack = globalPrimary ? globalPrimary.stack : stack;
  const pg = globalPrimary ? globalPrimary.props.CacheParameterGroupName : p.CacheParameterGroupName;
  if (pg && typeof pg === 'object' && 'Ref' in pg) {
    const pgr = resolver.resource(pgStack, pg.Ref);
    for (const [k, v] of Object.entries<any>(pgr.Properties?.Properties ?? {})) parameters[k] = String(resolver.resolve(v, pgStack));
  }
  if (globalPrimary && clusterMode === 'enabled') throw new NotEmulated('a cluster-mode Global Datastore is not emulated');
  const nodeCount = shards * (1 + replicasPerShard);
  return {
    stack,
    logicalId,
    kind: 'replication-group',
    id: String(prop('ReplicationGroupId') ?? logicalId.toLowerCase()),
    props: { ...p, ...(globalPrimary ? inheritedProps(globalPrimary.props) : {}) },
    port,
    tls,
    transitEncryptionMode,
    authToken,
    users,
    clusterMode,
    shards,
    replicasPerShard,
    parameters,
    globalPrimary,
    globalReplicationGroupId,
    hosts: await addresses.allocate(nodeCount, port),
    notes,
  };
}

function inheritedProps(primary: { [k: string]: any }): { [k: string]: any } {
  const out: { [k: string]: any } = {};
  for (const k of ['Engine', 'EngineVersion', 'CacheNodeType', 'NumNodeGroups', 'ClusterMode', 'Port', 'TransitEncryptionEnabled',
    'TransitEncryptionMode', 'AtRestEncryptionEnabled', 'CacheParameterGroupName', 'AutoMinorVersionUpgrade']) {
    if (primary[k] !== undefined) out[k] = primary[k];
  }
  return out;
}

/** The Global Datastore id a GlobalReplicationGroup resource gets: a region prefix plus its suffix. */
export function globalReplicationGroupIdOf(r: Resource): string {
  return `ldgnf-${r.Properties?.GlobalReplicationGroupIdSuffix ?? 'global'}`;
}

function globalResources(stacks: StackTemplate[]): Array<{ stack: StackTemplate; r: Resource }> {
  return stacks.flatMap(stack => Object.values(stack.template.Resources ?? {})
    .filter(r => r.Type === 'AWS::ElastiCache::GlobalReplicationGroup').map(r => ({ stack, r })));
}

function globalPrimaryId(globalId: string, stacks: StackTemplate[], resolver: Resolver): string {
  const g = globalResources(stacks).find(x => globalReplicationGroupIdOf(x.r) === globalId);
  const member = g && (resolver.resolve(g.r.Properties?.Members ?? [], g.stack) as any[]).find(m => m.Role === 'PRIMARY');
  if (!member) throw new NotEmulated(`Global Datastore ${globalId} has no PRIMARY member in this case`);
  return String(member.ReplicationGroupId);
}

function globalIdOfPrimary(id: string, stacks: StackTemplate[], resolver: Resolver): string | undefined {
  const g = globalResources(stacks).find(x => (resolver.resolve(x.r.Properties?.Members ?? [], x.stack) as any[])
    .some(m => m.Role === 'PRIMARY' && m.ReplicationGroupId === id));
  return g ? globalReplicationGroupIdOf(g.r) : undefined;
}

/** The RBAC users of user groups (AWS::ElastiCache::UserGroup -> AWS::ElastiCache::User). */
function rbacUsers(groupRefs: any, stack: StackTemplate, resolver: Resolver, secrets: SecretLookup): LocalUser[] {
  const users: LocalUser[] = [];
  for (const ref of ([] as any[]).concat(groupRefs)) {
    if (!ref || typeof ref !== 'object' || !('Ref' in ref)) throw new NotEmulated('a user group not defined in the case\'s templates');
    const group = resolver.resource(stack, ref.Ref);
    for (const u of group.Properties?.UserIds ?? []) {
      const userResource = u && typeof u === 'object' && 'Ref' in u ? resolver.resource(stack, u.Ref) : undefined;
      if (!userResource) throw new NotEmulated(`user ${JSON.stringify(u)} is not defined in the case's templates`);
      const up = userResource.Properties ?? {};
      const mode = up.AuthenticationMode?.Type ?? (up.NoPasswordRequired ? 'no-password-required' : 'password');
      if (mode === 'iam') throw new NotEmulated(`user ${up.UserName}: IAM authentication has no local equivalent (redis-server cannot validate IAM tokens)`);
      const passwords = ((up.AuthenticationMode?.Passwords ?? up.Passwords ?? []) as any[])
        .map(pw => resolveDynamic(resolver.resolve(pw, stack), secrets, `user ${up.UserName}`) as string);
      users.push({
        userName: String(resolver.resolve(up.UserName, stack)),
        passwords,
        accessString: String(resolver.resolve(up.AccessString ?? 'off', stack)),
        noPassword: mode === 'no-password-required' || up.NoPasswordRequired === true,
      });
    }
  }
  return users;
}

/** ElastiCache access string -> ACL SETUSER rules (ElastiCache adds `on`/`off` and passwords itself). */
function aclRules(u: LocalUser): string[] {
  const rules = ['reset', ...u.accessString.split(/\s+/).filter(Boolean)];
  if (u.noPassword) rules.push('nopass');
  for (const pw of u.passwords) rules.push(`>${pw}`);
  return rules;
}

/** Starts the nodes of a planned group. */
export async function startGroup(
  plan: GroupPlan, certs: Certificates | undefined, primaries: Map<GroupPlan, LocalGroup>, parentDir?: string,
): Promise<LocalGroup> {
  const tls = plan.tls ? certs : undefined;
  const password = plan.authToken;
  // RBAC: ElastiCache replicates and administers internally; here an admin ACL user does (never the probe's)
  const adminUser = plan.users.length > 0 || plan.globalPrimary?.users.length
    ? { name: 'integ-local-admin', password: randomBytes(16).toString('hex') } : undefined;
  const base = { tls, password, adminUser, parentDir, port: plan.port, clusterBusPort: plan.port + 10000 };
  let nodes: RedisServer[];
  let cluster: RedisCluster | undefined;
  if (plan.clusterMode === 'enabled') {
    if (plan.kind === 'serverless') {
      const node = await RedisServer.start({ ...base, host: plan.hosts[0], cluster: true });
      await node.cli('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      nodes = [node];
    } else {
      cluster = await RedisCluster.start({
        tls,
        password,
        adminUser,
        replicas: plan.replicasPerShard,
        nodeOptions: plan.hosts.map(host => ({ host, port: plan.port, clusterBusPort: plan.port + 10000, parentDir })),
      });
      nodes = cluster.nodes;
    }
  } else {
    const replicationArgs = (host: string) => ['--replicaof', host, `${plan.port}`, ...(tls ? ['--tls-replication', 'yes'] : [])];
    // A Global Datastore secondary's primary replicates from the primary group's primary, across "regions".
    const upstream = plan.globalPrimary ? primaries.get(plan.globalPrimary)?.nodes[0] : undefined;
    const primary = await RedisServer.start({ ...base, host: plan.hosts[0], args: upstream ? replicationArgs(upstream.host) : [] });
    const replicas = await Promise.all(plan.hosts.slice(1).map(host => RedisServer.start({ ...base, host, args: replicationArgs(plan.hosts[0]) })));
    nodes = [primary, ...replicas];
  }
  const group: LocalGroup = { ...plan, nodes, cluster, appliedParameters: [], refusedParameters: [] };
  try {
    for (const [name, value] of Object.entries(plan.parameters)) {
      if (STARTUP_ONLY.has(name)) {
        (group.refusedParameters as string[]).push(`${name}=${value} (startup-only; emulated by the topology itself)`);
        continue;
      }
      const out = await Promise.all(nodes.map(n => n.cli('CONFIG', 'SET', name, value).catch((e: Error) => e.message)));
      const refused = out.find(o => o !== 'OK');
      if (refused === undefined) (group.appliedParameters as string[]).push(`${name}=${value}`);
      else (group.refusedParameters as string[]).push(`${name}=${value} (${refused.split('\n')[0]})`);
    }
    for (const u of plan.users) await Promise.all(nodes.map(n => n.cli('ACL', 'SETUSER', u.userName, ...aclRules(u))));
    if (plan.clusterMode !== 'enabled') await waitReplication(nodes, plan.globalPrimary !== undefined);
  } catch (err) {
    await stopGroup(group);
    throw err;
  }
  return group;
}

/** Waits until every replica (and a secondary's primary) has its link to its master up. */
async function waitReplication(nodes: RedisServer[], primaryIsReplica: boolean): Promise<void> {
  const replicas = primaryIsReplica ? nodes : nodes.slice(1);
  const deadline = Date.now() + 30_000; // one 30-s budget for all of them
  for (const n of replicas) await n.waitSynced(Math.max(0, deadline - Date.now()));
}

export async function stopGroup(group: LocalGroup): Promise<void> {
  await Promise.all(group.nodes.map(n => n.stop()));
}
