/**
 * An integ case's committed snapshot (integ/<case>.snapshot): its stacks in
 * deployment order, and a resolver for the CloudFormation intrinsics the
 * probe's environment and the assertions use (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Sub, Fn::Select, Fn::Split, Fn::ImportValue, cross-region export readers).
 *
 * What a deployment would fill in (endpoints, ARNs) comes from a `Deployment`:
 * the local topology and the Secrets Manager stand-in.
 */
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

export interface StackTemplate {
  /** The artifact id (the stack name). */
  readonly name: string;
  /** The display name (construct path). */
  readonly displayName: string;
  readonly region: string;
  readonly template: { Resources?: { [id: string]: Resource }; Outputs?: { [id: string]: any } };
  /** Artifact ids of the stacks this one depends on. */
  readonly dependencies: string[];
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: { [k: string]: any };
  readonly DependsOn?: string | string[];
}

export interface TestCaseInfo {
  readonly name: string;
  readonly stacks: string[];
  readonly assertionStackName?: string;
}

export interface CaseAssembly {
  /** e.g. `integ.prod.ts` */
  readonly name: string;
  readonly dir: string;
  /** In deployment order (dependencies first). */
  readonly stacks: StackTemplate[];
  readonly testCases: TestCaseInfo[];
}

/** Reads integ/<case>.snapshot. */
export function loadAssembly(dir: string): CaseAssembly {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const integ = fs.existsSync(path.join(dir, 'integ.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'integ.json'), 'utf8')) : { testCases: {} };
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const env = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '');
    const region = env && env[2] !== 'unknown-region' ? env[2] : DEFAULT_REGION;
    stacks.push({
      name: id,
      displayName: artifact.displayName ?? id,
      region,
      template: JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8')),
      dependencies: (artifact.dependencies ?? []).filter((d: string) => manifest.artifacts[d]?.type === 'aws:cloudformation:stack'),
    });
  }
  const testCases = Object.entries<any>(integ.testCases ?? {}).map(([name, tc]) => ({
    name,
    stacks: tc.stacks ?? [],
    assertionStackName: tc.assertionStackName,
  }));
  return { name: path.basename(dir).replace(/\.snapshot$/, ''), dir, stacks: deploymentOrder(stacks), testCases };
}

function deploymentOrder(stacks: StackTemplate[]): StackTemplate[] {
  const byName = new Map(stacks.map(s => [s.name, s]));
  const out: StackTemplate[] = [];
  const seen = new Set<string>();
  const visit = (s: StackTemplate) => {
    if (seen.has(s.name)) return;
    seen.add(s.name);
    for (const d of s.dependencies) {
      const dep = byName.get(d);
      if (dep) visit(dep);
    }
    out.push(s);
  };
  stacks.forEach(visit);
  return out;
}

/** Resources of a stack in CloudFormation creation order (DependsOn and references first). */
export function creationOrder(stack: StackTemplate): string[] {
  const resources = stack.template.Resources ?? {};
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !resources[id]) return;
    seen.add(id);
    const r = resources[id];
    const deps = new Set<string>([...([] as string[]).concat(r.DependsOn ?? []), ...referencedIds(r.Properties)]);
    deps.forEach(visit);
    out.push(id);
  };
  Object.keys(resources).forEach(visit);
  return out;
}

function referencedIds(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) {v.forEach(x => referencedIds(x, out));} else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') out.push(x);
      else if (k === 'Fn::GetAtt' && Array.isArray(x)) out.push(String(x[0]));
      else referencedIds(x, out);
    }
  }
  return out;
}

/** Something the local emulation cannot provide: the assertion that needs it is skipped with this reason. */
export class NotEmulated extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEmulated';
  }
}

/** What a deployment would fill in. */
export interface Deployment {
  /** `Ref` of a resource, or undefined for the default (`<logical id>`). */
  ref?(stack: StackTemplate, id: string, resource: Resource): string | undefined;
  /** `Fn::GetAtt`, or undefined when not known. */
  getAtt?(stack: StackTemplate, id: string, resource: Resource, attribute: string): string | undefined;
}

/** Resolves intrinsics in the context of `stack`. Throws NotEmulated for what it cannot resolve. */
export class Resolver {
  constructor(private readonly assembly: CaseAssembly, private readonly deployment: Deployment) {}

  public resolve(value: any, stack: StackTemplate): any {
    if (Array.isArray(value)) return value.map(v => this.resolve(v, stack));
    if (!value || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], value[keys[0]], stack);
    }
    return Object.fromEntries(keys.map(k => [k, this.resolve(value[k], stack)]));
  }

  public resource(stack: StackTemplate, id: string): Resource {
    const r = stack.template.Resources?.[id];
    if (!r) throw new NotEmulated(`${stack.name} has no resource ${id}`);
    return r;
  }

  public ref(stack: StackTemplate, id: string): string {
    switch (id) {
      case 'AWS::Region': return stack.region;
      case 'AWS::AccountId': return ACCOUNT;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return stack.name;
      case 'AWS::NoValue': return undefined as unknown as string;
    }
    const r = this.resource(stack, id);
    return this.deployment.ref?.(stack, id, r) ?? id;
  }

  private intrinsic(fn: string, arg: any, stack: StackTemplate): any {
    switch (fn) {
      case 'Ref':
        return this.ref(stack, arg);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        const r = this.resource(stack, id);
        if (r.Type === 'Custom::CrossRegionExportReader') return this.crossRegionExport(attribute);
        const v = this.deployment.getAtt?.(stack, id, r, attribute);
        if (v === undefined) throw new NotEmulated(`Fn::GetAtt ${id}.${attribute} (${r.Type}) has no local equivalent`);
        return v;
      }
      case 'Fn::Join': {
        const [sep, parts] = arg;
        return (this.resolve(parts, stack) as unknown[]).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg;
        return (this.resolve(list, stack) as unknown[])[Number(this.resolve(index, stack))];
      }
      case 'Fn::Split': {
        const [sep, source] = arg;
        return String(this.resolve(source, stack)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        return String(text).replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
          if (name in vars) return String(this.resolve(vars[name], stack));
          const dot = name.indexOf('.');
          return dot > 0 && !name.startsWith('AWS::')
            ? String(this.intrinsic('Fn::GetAtt', [name.slice(0, dot), name.slice(dot + 1)], stack))
            : String(this.ref(stack, name));
        });
      }
      case 'Fn::ImportValue':
        return this.importValue(String(this.resolve(arg, stack)));
      default:
        throw new NotEmulated(`intrinsic ${fn} is not emulated`);
    }
  }

  private importValue(name: string): any {
    for (const s of this.assembly.stacks) {
      for (const output of Object.values<any>(s.template.Outputs ?? {})) {
        if (output.Export && this.resolve(output.Export.Name, s) === name) return this.resolve(output.Value, s);
      }
    }
    throw new NotEmulated(`no stack of the case exports ${name}`);
  }

  private crossRegionExport(name: string): any {
    for (const s of this.assembly.stacks) {
      for (const r of Object.values(s.template.Resources ?? {})) {
        const exports = r.Type === 'Custom::CrossRegionExportWriter' ? r.Properties?.WriterProps?.exports : undefined;
        if (exports && name in exports) return this.resolve(exports[name], s);
      }
    }
    throw new NotEmulated(`no cross-region export writer of the case writes ${name}`);
  }
}

// ---------------------------------------------------------------------------
// Secrets: what GenerateSecretString would produce
// ---------------------------------------------------------------------------

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** A value GenerateSecretString's settings allow, drawn at random (like Secrets Manager's GetRandomPassword). */
export function generateSecretString(g: { [k: string]: any }): string {
  const exclude = new Set<string>(String(g.ExcludeCharacters ?? ''));
  const classes = [
    g.ExcludeLowercase ? '' : LOWER,
    g.ExcludeUppercase ? '' : UPPER,
    g.ExcludeNumbers ? '' : DIGITS,
    g.ExcludePunctuation ? '' : PUNCTUATION,
    g.IncludeSpace ? ' ' : '',
  ].map(c => [...c].filter(ch => !exclude.has(ch)).join('')).filter(c => c.length > 0);
  const length = Number(g.PasswordLength ?? 32);
  const all = classes.join('');
  if (all.length === 0) throw new Error('GenerateSecretString excludes every character');
  const requireEach = g.RequireEachIncludedType ?? true;
  let password: string;
  do {
    password = Array.from({ length }, () => all[randomInt(all.length)]).join('');
  } while (requireEach && length >= classes.length && !classes.every(c => [...password].some(ch => c.includes(ch))));
  if (g.SecretStringTemplate !== undefined && g.GenerateStringKey !== undefined) {
    return JSON.stringify({ ...JSON.parse(g.SecretStringTemplate), [g.GenerateStringKey]: password });
  }
  return password;
}

/** `{{resolve:secretsmanager:<id>:SecretString:<json-key>:<stage>:<version>}}` parts, or undefined. */
export function parseSecretsManagerReference(s: string): { secretId: string; jsonKey?: string } | undefined {
  const m = /^\{\{resolve:secretsmanager:(.+?)(?::SecretString:([^:]*):([^:]*):([^:]*))?\}\}$/.exec(s);
  if (!m) return undefined;
  return { secretId: m[1], jsonKey: m[2] || undefined };
}
