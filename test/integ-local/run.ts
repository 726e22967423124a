/**
 * `npx projen integ:local`: runs every integ case's assertions offline.
 *
 * For each integ/<case>.snapshot (the committed templates, nothing re-typed):
 * - a local topology per replication group / serverless cache (topology.ts);
 * - a Secrets Manager stand-in holding what each secret's GenerateSecretString
 *   would generate, under the ARNs (and replica-region ARNs and names) the
 *   templates use;
 * - every assertion of the case (`Custom::DeployAssert@SdkCall*` resources in
 *   creation order, stacks in deployment order) executed: `Lambda.invoke` runs
 *   the bundled probe handler (assets/) in a fresh Node.js process with the
 *   environment the template gives the function (endpoints resolved to the
 *   local topology, secret ARNs to the stand-in, the test CA trusted);
 *   `ElastiCache.describeReplicationGroups` / `describeServerlessCaches` are
 *   answered from the template and the local topology; the answer is checked
 *   against the declared expectation with the integ-tests framework's matchers,
 *   retried like its waiter (a shorter interval, the same number of attempts);
 * - one line per assertion: passed / failed / skipped with the reason.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Matcher } from 'aws-cdk-lib/assertions/lib/helpers-internal';
import {
  ACCOUNT, CaseAssembly, creationOrder, Deployment, generateSecretString, loadAssembly, NotEmulated, Resolver, Resource, StackTemplate,
} from './assembly';
import { AddressAllocator, GroupPlan, LocalGroup, planGroups, startGroup, stopGroup } from './topology';
import { startFakeSecretsManager } from '../probe/fake-secrets-manager';
import { makeCertificates, sleep } from '../probe/redis-fixture';

export const ROOT = path.join(__dirname, '..', '..');
const HANDLER_HARNESS = path.join(__dirname, 'invoke-handler.js');
const RESULT_MARK = '@@integ-local-result@@';

/** Load-mode fields that measure the machine the probe runs on, not what the template configures. */
const PROBE_PERFORMANCE_FLOORS = ['minSetOpsPerSecond', 'minGetOpsPerSecond', 'maxP99LatencyMs'];

interface LocalCode {
  readonly matches: (fn: Resource) => boolean;
  readonly bundle: string;
  /** The event run locally, and what of the declared one is not checked (reported as skipped). */
  readonly localEvent?: (event: unknown) => { event: unknown; notChecked?: string };
}

/** The probe Lambda's code on this machine: the esbuild bundle of src/probe/probe.lambda.ts. */
const LOCAL_CODE: LocalCode[] = [
  {
    matches: fn => /^Connectivity probe of /.test(String(fn.Properties?.Description ?? '')),
    bundle: path.join(ROOT, 'assets', 'probe', 'probe.lambda', 'index.js'),
    localEvent: event => {
      const e = event && typeof event === 'object' ? { ...(event as { [k: string]: unknown }) } : event;
      if (!e || typeof e !== 'object') return { event };
      const floors = PROBE_PERFORMANCE_FLOORS.filter(k => k in e).map(k => `${k} ${(e as any)[k]}`);
      PROBE_PERFORMANCE_FLOORS.forEach(k => delete (e as any)[k]);
      return floors.length === 0 ? { event } : {
        event: e,
        notChecked: `performance floors (${floors.join(', ')}) not checked locally: they measure a Lambda vCPU against the node type, `
          + 'while here one process and every redis-server share this machine\'s cores; the load run itself ran (without errors is checked), '
          + 'integ:deploy checks the floors',
      };
    },
  },
];

/** redis-server pids this process started and has not stopped yet: killed if it exits early. */
const RUNNING = new Set<number>();
process.on('exit', () => RUNNING.forEach(pid => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }));

/** Local waiter: the framework's number of attempts, this interval. */
const LOCAL_RETRY_INTERVAL_MS = 1000;

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface AssertionResult {
  readonly caseName: string;
  readonly label: string;
  readonly outcome: Outcome;
  /** Why it failed or was skipped; what it checked when it passed. */
  readonly detail: string;
  readonly attempts?: number;
  readonly ms: number;
}

export interface RunOptions {
  /** Called for each result as it comes (the CLI prints it). */
  readonly onResult?: (r: AssertionResult) => void;
  /** Called with notes about the topology (parameters applied, what is not emulated). */
  readonly onNote?: (caseName: string, note: string) => void;
  /** Cap on the local waiter's attempts. @default 10 */
  readonly maxAttempts?: number;
}

/** Every integ/*.snapshot directory. */
export function discoverCases(integDir = path.join(ROOT, 'integ')): string[] {
  return fs.readdirSync(integDir).filter(n => n.endsWith('.snapshot') && fs.statSync(path.join(integDir, n)).isDirectory())
    .sort().map(n => path.join(integDir, n));
}

/** Runs one case's assertions against a local topology built from its snapshot. */
export async function runCase(snapshotDir: string, options: RunOptions = {}): Promise<AssertionResult[]> {
  const assembly = loadAssembly(snapshotDir);
  const results: AssertionResult[] = [];
  const report = (r: AssertionResult) => { results.push(r); options.onResult?.(r); };
  const note = (n: string) => options.onNote?.(assembly.name, n);

  const assertions = findAssertions(assembly);
  if (assertions.length === 0) {
    report({ caseName: assembly.name, label: '(no assertions)', outcome: 'failed', detail: 'the case declares no assertion: every integ case must assert connectivity', ms: 0 });
    return results;
  }

  // ---- Secrets Manager stand-in -------------------------------------------------------------------
  const secretValues = new Map<string, string>();
  const secretArns = new Map<string, string>(); // `${stack}/${logicalId}` -> ARN
  for (const stack of assembly.stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::SecretsManager::Secret') continue;
      const p = r.Properties ?? {};
      const value = p.SecretString !== undefined ? String(p.SecretString) : generateSecretString(p.GenerateSecretString ?? {});
      const name = typeof p.Name === 'string' ? p.Name : `${id}`;
      const suffix = 'AbCdEf';
      const regions = [stack.region, ...((p.ReplicaRegions ?? []) as any[]).map(x => String(x.Region))];
      for (const region of regions) {
        const partial = `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
        secretValues.set(`${partial}-${suffix}`, value);
        secretValues.set(partial, value);
      }
      secretValues.set(name, value);
      secretArns.set(`${stack.name}/${id}`, `arn:aws:secretsmanager:${stack.region}:${ACCOUNT}:secret:${name}-${suffix}`);
    }
  }

  // ---- the deployment: refs and attributes --------------------------------------------------------
  const groups = new Map<string, LocalGroup>(); // `${stack}/${logicalId}`
  const plansById = new Map<string, GroupPlan>();
  const deployment: Deployment = {
    ref: (stack, id, r) => {
      switch (r.Type) {
        case 'AWS::SecretsManager::Secret': return secretArns.get(`${stack.name}/${id}`);
        case 'AWS::Lambda::Function': return typeof r.Properties?.FunctionName === 'string' ? r.Properties.FunctionName : `${stack.name}-${id}`;
        case 'AWS::ElastiCache::ReplicationGroup': return typeof r.Properties?.ReplicationGroupId === 'string' ? r.Properties.ReplicationGroupId : id.toLowerCase();
        case 'AWS::ElastiCache::ServerlessCache': return typeof r.Properties?.ServerlessCacheName === 'string' ? r.Properties.ServerlessCacheName : id.toLowerCase();
        default: return undefined;
      }
    },
    getAtt: (stack, id, r, attribute) => {
      if (r.Type === 'AWS::ElastiCache::GlobalReplicationGroup' && attribute === 'GlobalReplicationGroupId') {
        return `ldgnf-${r.Properties?.GlobalReplicationGroupIdSuffix}`;
      }
      if (r.Type === 'AWS::Lambda::Function' && attribute === 'Arn') {
        return `arn:aws:lambda:${stack.region}:${ACCOUNT}:function:${deployment.ref!(stack, id, r)}`;
      }
      const g = groups.get(`${stack.name}/${id}`);
      if (!g) return undefined;
      const endpoints = endpointsOf(g);
      const m = /^(\w+)\.(Address|Port)$/.exec(attribute);
      const e = m ? endpoints[m[1]] : undefined;
      if (!e) return undefined;
      return m![2] === 'Address' ? e.host : `${e.port}`;
    },
  };
  const resolver = new Resolver(assembly, deployment);

  // ---- the topology --------------------------------------------------------------------------------
  // The servers' directories live in a directory of this run: a jest teardown of another run on this
  // machine (which sweeps os.tmpdir()/redis-probe-node-*) must not remove them under the servers.
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-local-'));
  const fakeSm = await startFakeSecretsManager(Object.fromEntries(secretValues));
  let certsDir: string | undefined;
  const started: LocalGroup[] = [];
  let setupError: string | undefined;
  let skipAll: string | undefined;
  let caFile: string | undefined;
  try {
    try {
      const plans = await planGroups(assembly.stacks, resolver, id => secretValues.get(id), new AddressAllocator());
      for (const p of plans) plansById.set(p.id, p);
      const certs = plans.some(p => p.tls) ? await makeCertificates({ ipAddresses: plans.flatMap(p => p.hosts) }) : undefined;
      certsDir = certs?.dir;
      caFile = certs?.caFile;
      const byPlan = new Map<GroupPlan, LocalGroup>();
      for (const plan of plans) {
        const g = await startGroup(plan, certs, byPlan, runTmp);
        g.nodes.forEach(n => RUNNING.add(n.pid!));
        byPlan.set(plan, g);
        started.push(g);
        groups.set(`${plan.stack.name}/${plan.logicalId}`, g);
        note(describeGroup(g));
      }
    } catch (err) {
      if (err instanceof NotEmulated) skipAll = `topology not emulated: ${err.message}`;
      else setupError = `local topology failed to start: ${(err as Error).message}`;
    }

    // ---- the assertions ------------------------------------------------------------------------------
    for (const a of assertions) {
      const t0 = Date.now();
      const base = { caseName: assembly.name, label: a.label };
      if (setupError || skipAll) {
        report({ ...base, outcome: setupError ? 'failed' : 'skipped', detail: (setupError ?? skipAll)!, ms: 0 });
        continue;
      }
      try {
        const { call, notChecked } = prepareCall(a, resolver, assembly);
        if (notChecked) report({ ...base, label: `${a.label} (part)`, outcome: 'skipped', detail: notChecked, ms: 0 });
        const matcher = matcherOf(a.expected);
        const attempts = Math.max(1, Math.min(a.waiter?.maxAttempts ?? 1, options.maxAttempts ?? 10));
        let last = '';
        let passedAt: number | undefined;
        for (let i = 1; i <= attempts; i++) {
          const actual = await call({ fakeSmEndpoint: fakeSm.endpoint, caFile, groups: [...groups.values()], resolver });
          if (!matcher) {
            passedAt = i;
            last = 'no expectation declared: the call succeeded';
            break;
          }
          const m = matcher.test(actual);
          m.finished();
          if (!m.hasFailed()) {
            passedAt = i;
            last = summarize(actual);
            break;
          }
          last = `${m.renderMismatch()}\n  actual: ${JSON.stringify(actual).slice(0, 2000)}`;
          if (i < attempts) await sleep(LOCAL_RETRY_INTERVAL_MS);
        }
        report({ ...base, outcome: passedAt ? 'passed' : 'failed', detail: last, attempts: passedAt ?? attempts, ms: Date.now() - t0 });
      } catch (err) {
        const skipped = err instanceof NotEmulated;
        report({ ...base, outcome: skipped ? 'skipped' : 'failed', detail: (err as Error).message, ms: Date.now() - t0 });
      }
    }
  } finally {
    await Promise.all(started.map(stopGroup));
    started.forEach(g => g.nodes.forEach(n => RUNNING.delete(n.pid!)));
    await fakeSm.stop();
    if (certsDir) fs.rmSync(certsDir, { recursive: true, force: true });
    fs.rmSync(runTmp, { recursive: true, force: true });
  }
  return results;
}

function describeGroup(g: LocalGroup): string {
  const shape = g.clusterMode === 'enabled'
    ? `cluster mode, ${g.shards} shard(s) × (1 + ${g.replicasPerShard})`
    : `primary + ${g.nodes.length - 1} replica(s)`;
  const auth = g.users.length > 0 ? `RBAC users ${g.users.map(u => u.userName).join(', ')}` : g.authToken ? 'AUTH token' : 'no AUTH';
  const parts = [
    `${g.kind} ${g.id} (${g.stack.name}, ${g.stack.region}): ${shape} on ${g.hosts[0]}:${g.port}`,
    g.tls ? 'TLS' : 'no TLS',
    auth,
    g.globalPrimary ? `Global Datastore secondary replicating from ${g.globalPrimary.id}` : '',
    g.appliedParameters.length ? `parameters applied: ${g.appliedParameters.join(', ')}` : '',
    g.refusedParameters.length ? `parameters not applied: ${g.refusedParameters.join(', ')}` : '',
    ...g.notes,
  ];
  return parts.filter(Boolean).join('; ');
}

function summarize(actual: unknown): string {
  const a = actual as { Payload?: string } | undefined;
  if (a && typeof a.Payload === 'string') {
    try {
      const p = JSON.parse(a.Payload);
      const keys = ['mode', 'redis', 'tls', 'clusterMode', 'authMode', 'port', 'role', 'maxmemoryPolicy', 'clusterState', 'found', 'fresh', 'ageMs', 'pass'];
      const extra = p.set ? ` SET ${p.set.opsPerSecond} ops/s, GET ${p.get?.opsPerSecond} ops/s, p99 ${p.set.p99LatencyMs}/${p.get?.p99LatencyMs} ms` : '';
      return keys.filter(k => p[k] !== undefined).map(k => `${k}=${p[k]}`).join(' ') + extra;
    } catch {
      return a.Payload.slice(0, 200);
    }
  }
  const groups = (actual as { ReplicationGroups?: any[]; ServerlessCaches?: any[] } | undefined);
  const list = groups?.ReplicationGroups ?? groups?.ServerlessCaches;
  if (Array.isArray(list)) {
    const keys = ['Status', 'ClusterEnabled', 'TransitEncryptionEnabled', 'TransitEncryptionMode', 'AuthTokenEnabled', 'MultiAZ', 'AutomaticFailover'];
    return list.map(g => `${g.ReplicationGroupId ?? g.ServerlessCacheName}: ${keys.filter(k => g[k] !== undefined).map(k => `${k}=${g[k]}`).join(' ')}`
      + (g.NodeGroups ? ` NodeGroups=${g.NodeGroups.length}` : '') + (g.GlobalReplicationGroupInfo ? ` GlobalRole=${g.GlobalReplicationGroupInfo.GlobalReplicationGroupMemberRole}` : '')).join('; ');
  }
  return JSON.stringify(actual).slice(0, 200);
}

// ---------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------

interface DeclaredAssertion {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: Resource;
  readonly label: string;
  readonly expected?: string;
  readonly waiter?: { maxAttempts: number; intervalSeconds: number };
}

/** Every assertion of the case, in the order a deployment runs them. */
export function findAssertions(assembly: CaseAssembly): DeclaredAssertion[] {
  const out: DeclaredAssertion[] = [];
  for (const stack of assembly.stacks) {
    for (const id of creationOrder(stack)) {
      const r = stack.template.Resources![id];
      if (!r.Type.startsWith('Custom::DeployAssert@')) continue;
      const p = r.Properties ?? {};
      out.push({
        stack,
        logicalId: id,
        resource: r,
        label: labelOf(stack, id, r),
        expected: p.expected,
        waiter: p.stateMachineArn ? waiterOf(stack, p.stateMachineArn) : undefined,
      });
    }
  }
  return out;
}

function labelOf(stack: StackTemplate, id: string, r: Resource): string {
  const p = r.Properties ?? {};
  if (r.Type.startsWith('Custom::DeployAssert@SdkCall')) {
    let target = '';
    if (p.service === 'Lambda' && p.api === 'invoke') {
      const fn = JSON.stringify(p.parameters?.FunctionName ?? '');
      const m = /ExportsOutputRef(\w+?)[0-9A-F]{8}[0-9A-F]{8}|"Ref":"(\w+)"/.exec(fn);
      const payload = typeof p.parameters?.Payload === 'string' ? safeParse(p.parameters.Payload) : undefined;
      target = ` ${m?.[1] ?? m?.[2] ?? 'function'} ${typeof payload === 'string' ? payload : JSON.stringify(payload ?? {})}`;
    } else if (p.parameters) {
      target = ` ${Object.values<any>(p.parameters).map(v => (typeof v === 'string' ? safeParse(v) : JSON.stringify(v))).join(' ')}`;
    }
    return `${p.service}.${p.api}${target} [${stack.name}/${id}]`;
  }
  return `${r.Type.replace('Custom::DeployAssert@', '')} [${stack.name}/${id}]`;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** IntervalSeconds and MaxAttempts of an assertion's waiter state machine. */
function waiterOf(stack: StackTemplate, ref: any): { maxAttempts: number; intervalSeconds: number } | undefined {
  const sm = ref && typeof ref === 'object' && 'Ref' in ref ? stack.template.Resources?.[ref.Ref] : undefined;
  const def = JSON.stringify(sm?.Properties?.DefinitionString ?? '');
  const interval = /IntervalSeconds\\+":(\d+)/.exec(def);
  const attempts = /MaxAttempts\\+":(\d+)/.exec(def);
  return attempts ? { maxAttempts: Number(attempts[1]), intervalSeconds: Number(interval?.[1] ?? 0) } : undefined;
}

/** The integ-tests framework's own decoding of `expected` (its AssertionHandler's MatchCreator). */
export function matcherOf(expected: string | undefined): Matcher | undefined {
  if (expected === undefined) return undefined;
  const parsed = safeParse(expected);
  const final = JSON.parse(JSON.stringify({ matcher: parsed }), function (_k, v) {
    const nested = v && typeof v === 'object' ? Object.keys(v)[0] : undefined;
    switch (nested) {
      case '$ArrayWith': return Match.arrayWith(v[nested]);
      case '$ObjectLike': return Match.objectLike(v[nested]);
      case '$StringLike': return Match.stringLikeRegexp(v[nested]);
      case '$SerializedJson': return Match.serializedJson(v[nested]);
      default: return v;
    }
  });
  return Matcher.isMatcher(final.matcher) ? final.matcher : Match.exact(final.matcher);
}

interface CallContext {
  readonly fakeSmEndpoint: string;
  readonly caFile?: string;
  readonly groups: LocalGroup[];
  readonly resolver: Resolver;
}

/** The API call an assertion makes, as a function returning what the SDK would (before `actualPath`). */
interface PreparedCall {
  readonly call: (ctx: CallContext) => Promise<unknown>;
  readonly notChecked?: string;
}

function prepareCall(a: DeclaredAssertion, resolver: Resolver, assembly: CaseAssembly): PreparedCall {
  const r = a.resource;
  if (!r.Type.startsWith('Custom::DeployAssert@SdkCall')) throw new NotEmulated(`${r.Type} is not emulated (only SDK calls are)`);
  const p = r.Properties ?? {};
  // like the framework's decodeParameters: each value is JSON
  const parameters = Object.fromEntries(Object.entries<any>(resolver.resolve(p.parameters ?? {}, a.stack)).map(([k, v]) => [k, typeof v === 'string' ? safeParse(v) : v]));
  const flatten = p.flattenResponse === 'true' || p.outputPaths !== undefined;
  const project = (response: unknown) => {
    if (p.actualPath) return flattenObject({ apiCallResponse: response })[`apiCallResponse.${p.actualPath}`];
    return flatten ? flattenObject({ apiCallResponse: response }) : response;
  };
  const key = `${p.service}.${p.api}`;
  switch (key) {
    case 'Lambda.invoke': {
      const fn = findFunction(assembly, String(parameters.FunctionName), resolver);
      const code = LOCAL_CODE.find(c => c.matches(fn.resource));
      if (!code) throw new NotEmulated(`function ${fn.logicalId} has no local code (only the connectivity probe's bundle is run)`);
      if (!fs.existsSync(code.bundle)) throw new Error(`${code.bundle} is missing: run \`npx projen bundle\` first`);
      const env = resolver.resolve(fn.resource.Properties?.Environment?.Variables ?? {}, fn.stack) as { [k: string]: string };
      const timeoutMs = Number(fn.resource.Properties?.Timeout ?? 3) * 1000;
      const declared = parameters.Payload === undefined ? undefined : typeof parameters.Payload === 'string' ? safeParse(parameters.Payload) : parameters.Payload;
      const local: { event: unknown; notChecked?: string } = code.localEvent && declared !== undefined
        ? code.localEvent(declared) : { event: declared };
      const payload = local.event === undefined ? '' : typeof local.event === 'string' ? local.event : JSON.stringify(local.event);
      return {
        notChecked: local.notChecked,
        call: async ctx => project(await invokeBundle(code.bundle, payload, timeoutMs, String(parameters.FunctionName), {
          ...env,
          AWS_REGION: fn.stack.region,
          AWS_DEFAULT_REGION: fn.stack.region,
          AWS_LAMBDA_FUNCTION_NAME: String(parameters.FunctionName),
          AWS_ENDPOINT_URL_SECRETS_MANAGER: ctx.fakeSmEndpoint,
          AWS_ACCESS_KEY_ID: 'AKIAINTEGLOCAL000000',
          AWS_SECRET_ACCESS_KEY: 'integ-local-secret-key',
          ...(ctx.caFile ? { NODE_EXTRA_CA_CERTS: ctx.caFile } : {}),
        })),
      };
    }
    case 'ElastiCache.describeReplicationGroups':
      return { call: async ctx => project(await describeReplicationGroups(ctx.groups, parameters.ReplicationGroupId)) };
    case 'ElastiCache.describeServerlessCaches':
      return { call: async ctx => project(await describeServerlessCaches(ctx.groups, parameters.ServerlessCacheName)) };
    default:
      throw new NotEmulated(`${key} has no local equivalent`);
  }
}

function flattenObject(o: unknown, prefix = '', out: { [k: string]: unknown } = {}): { [k: string]: unknown } {
  if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) flattenObject(typeof v === 'string' ? safeParse(v) : v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = o;
  }
  return out;
}

function findFunction(assembly: CaseAssembly, name: string, resolver: Resolver): { stack: StackTemplate; logicalId: string; resource: Resource } {
  for (const stack of assembly.stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const fnName = resolver.ref(stack, id);
      if (name === fnName || name === `arn:aws:lambda:${stack.region}:${ACCOUNT}:function:${fnName}`) return { stack, logicalId: id, resource: r };
    }
  }
  throw new Error(`Lambda.invoke: no function named ${name} in the case's templates`);
}

/** Runs the bundle in a fresh process with exactly the function's environment (plus PATH). */
function invokeBundle(bundle: string, payload: string, timeoutMs: number, functionName: string, env: { [k: string]: string }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [HANDLER_HARNESS, bundle, `${timeoutMs}`, functionName], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      const i = out.lastIndexOf(RESULT_MARK);
      if (i < 0) {
        resolve({ StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: `no answer within ${timeoutMs} ms: ${err.slice(-500)}` }) });
        return;
      }
      const answer = JSON.parse(out.slice(i + RESULT_MARK.length).trim());
      resolve(answer.error
        ? { StatusCode: 200, ExecutedVersion: '$LATEST', FunctionError: 'Unhandled', Payload: JSON.stringify(answer.error) }
        : { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: JSON.stringify(answer.ok ?? null) });
    });
    child.stdin!.end(payload);
  });
}

// ---------------------------------------------------------------------------
// ElastiCache API answered from the template and the local topology
// ---------------------------------------------------------------------------

interface Endpoint {
  readonly host: string;
  readonly port: number;
}

function endpointsOf(g: LocalGroup): { [name: string]: Endpoint | undefined } {
  const primary = { host: g.nodes[0].host, port: g.port };
  const reader = g.nodes.length > 1 ? { host: g.nodes[1].host, port: g.port } : primary;
  if (g.kind === 'serverless') return { Endpoint: primary, ReaderEndpoint: primary };
  if (g.clusterMode === 'enabled') return { ConfigurationEndPoint: primary };
  return {
    PrimaryEndPoint: primary,
    ReaderEndPoint: reader,
    ...(g.clusterMode === 'compatible' ? { ConfigurationEndPoint: primary } : {}),
  };
}

/** Whether every node answers PING (redis-cli with the group's TLS and AUTH). */
async function nodeStatus(g: LocalGroup): Promise<boolean[]> {
  return Promise.all(g.nodes.map(n => n.cli('PING').then(o => o === 'PONG', () => false)));
}

async function describeReplicationGroups(groups: LocalGroup[], id: unknown): Promise<unknown> {
  const selected = groups.filter(g => g.kind === 'replication-group' && (id === undefined || g.id === id));
  if (id !== undefined && selected.length === 0) throw new Error(`ReplicationGroupNotFoundFault: Replication group ${String(id)} not found`);
  return { ReplicationGroups: await Promise.all(selected.map(describeGroup1)) };
}

async function describeGroup1(g: LocalGroup): Promise<unknown> {
  const p = g.props;
  const up = await nodeStatus(g);
  const cluster = g.clusterMode === 'enabled';
  const memberId = (shard: number, node: number) => (cluster
    ? `${g.id}-${String(shard + 1).padStart(4, '0')}-${String(node + 1).padStart(3, '0')}`
    : `${g.id}-${String(node + 1).padStart(3, '0')}`);
  const perShard = 1 + g.replicasPerShard;
  const nodeGroups = Array.from({ length: g.shards }, (_, s) => {
    const members = Array.from({ length: perShard }, (__, n) => ({
      CacheClusterId: memberId(s, n),
      CacheNodeId: '0001',
      CurrentRole: cluster ? undefined : n === 0 ? 'primary' : 'replica',
      ReadEndpoint: { Address: g.nodes[cluster ? s * perShard + n : n]?.host, Port: g.port },
    }));
    const ok = up.slice(s * perShard, (s + 1) * perShard).every(Boolean);
    return {
      NodeGroupId: String(s + 1).padStart(4, '0'),
      Status: ok ? 'available' : 'modifying',
      ...(cluster ? {} : {
        PrimaryEndpoint: endpointJson(endpointsOf(g).PrimaryEndPoint),
        ReaderEndpoint: endpointJson(endpointsOf(g).ReaderEndPoint),
      }),
      NodeGroupMembers: members,
    };
  });
  const bool = (v: unknown) => v === true || v === 'true';
  const multiAz = bool(p.MultiAZEnabled);
  const failover = bool(p.AutomaticFailoverEnabled) || cluster;
  const password = g.authToken !== undefined;
  return {
    ReplicationGroupId: g.id,
    Description: p.ReplicationGroupDescription,
    ...(g.globalReplicationGroupId ? {
      GlobalReplicationGroupInfo: { GlobalReplicationGroupId: g.globalReplicationGroupId, GlobalReplicationGroupMemberRole: g.globalPrimary ? 'SECONDARY' : 'PRIMARY' },
    } : {}),
    Status: up.every(Boolean) ? 'available' : 'modifying',
    MemberClusters: nodeGroups.flatMap(ng => ng.NodeGroupMembers.map(m => m.CacheClusterId)),
    NodeGroups: nodeGroups,
    AutomaticFailover: failover ? 'enabled' : 'disabled',
    MultiAZ: multiAz ? 'enabled' : 'disabled',
    ...(cluster || g.clusterMode === 'compatible' ? { ConfigurationEndpoint: endpointJson(endpointsOf(g).ConfigurationEndPoint) } : {}),
    SnapshotRetentionLimit: p.SnapshotRetentionLimit ?? 0,
    SnapshotWindow: p.SnapshotWindow,
    ClusterEnabled: cluster,
    CacheNodeType: p.CacheNodeType,
    AuthTokenEnabled: password,
    TransitEncryptionEnabled: g.tls,
    AtRestEncryptionEnabled: bool(p.AtRestEncryptionEnabled),
    ...(g.tls ? { TransitEncryptionMode: g.transitEncryptionMode } : {}),
    ...(g.users.length > 0 ? { UserGroupIds: (p.UserGroupIds ?? []).map(String) } : {}),
    Engine: p.Engine ?? 'redis',
    ClusterMode: g.clusterMode,
    DataTiering: bool(p.DataTieringEnabled) ? 'enabled' : 'disabled',
    NetworkType: p.NetworkType ?? 'ipv4',
    IpDiscovery: p.IpDiscovery ?? 'ipv4',
    // durability (Valkey 9+): DescribeReplicationGroups reports the mode in effect
    ...(p.Durability !== undefined ? { EffectiveDurability: String(p.Durability).toLowerCase() } : {}),
  };
}

function endpointJson(e: Endpoint | undefined) {
  return e ? { Address: e.host, Port: e.port } : undefined;
}

async function describeServerlessCaches(groups: LocalGroup[], name: unknown): Promise<unknown> {
  const selected = groups.filter(g => g.kind === 'serverless' && (name === undefined || g.id === name));
  if (name !== undefined && selected.length === 0) throw new Error(`ServerlessCacheNotFoundFault: ${String(name)} not found`);
  return {
    ServerlessCaches: await Promise.all(selected.map(async g => {
      const up = await nodeStatus(g);
      const p = g.props;
      const e = endpointsOf(g).Endpoint!;
      return {
        ServerlessCacheName: g.id,
        Description: p.Description,
        Status: up.every(Boolean) ? 'available' : 'modifying',
        Engine: p.Engine,
        MajorEngineVersion: p.MajorEngineVersion,
        Endpoint: endpointJson(e),
        ReaderEndpoint: endpointJson(e),
        ...(p.UserGroupId !== undefined ? { UserGroupId: String(p.UserGroupId) } : {}),
        SnapshotRetentionLimit: p.SnapshotRetentionLimit,
        DailySnapshotTime: p.DailySnapshotTime,
        ...(p.CacheUsageLimits ? { CacheUsageLimits: p.CacheUsageLimits } : {}),
      };
    })),
  };
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

export async function main(args: string[]): Promise<number> {
  const start = Date.now();
  const dirs = args.length > 0 ? args.map(a => path.resolve(a)) : discoverCases();
  const all: AssertionResult[] = [];
  for (const dir of dirs) {
    const t0 = Date.now();
    console.log(`\n== ${path.basename(dir).replace(/\.snapshot$/, '')}`);
    const results = await runCase(dir, {
      onNote: (_c, n) => console.log(`   topology: ${n}`),
      onResult: r => {
        const attempts = r.attempts && r.attempts > 1 ? `, attempt ${r.attempts}` : '';
        const head = `   ${r.outcome.padEnd(7)} ${r.label} (${r.ms} ms${attempts})`;
        console.log(r.outcome === 'passed' ? `${head}: ${r.detail}` : `${head}\n           ${r.detail.replace(/\n/g, '\n           ')}`);
      },
    });
    all.push(...results);
    console.log(`   ${path.basename(dir)}: ${count(results, 'passed')} passed, ${count(results, 'failed')} failed, ${count(results, 'skipped')} skipped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const failed = count(all, 'failed');
  const parts = all.filter(r => r.label.endsWith(' (part)')).length;
  console.log(`\nintegLocal: ${dirs.length} cases, ${all.length - parts} assertions: ${count(all, 'passed')} passed, ${failed} failed, `
    + `${count(all, 'skipped')} skipped${parts ? ` (${parts} of them part of an assertion)` : ''} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  return failed > 0 ? 1 : 0;
}

function count(results: AssertionResult[], outcome: Outcome): number {
  return results.filter(r => r.outcome === outcome).length;
}

if (require.main === module) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  main(process.argv.slice(2)).then(code => process.exit(code), err => {
    console.error(err);
    process.exit(2);
  });
}
