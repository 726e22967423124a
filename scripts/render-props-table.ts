/**
 * Renders the README's props table (prop, type, default, what it does) from the jsii assembly (.jsii),
 * i.e. from the doc comments of AirDiscoveryRedisProps in src/redis.ts. test/docs.test.ts fails when the
 * README's region differs.
 *
 *   npx projen compile && npx projen docs:render
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeRegion } from './docs-region';

interface TypeRef {
  primitive?: string;
  fqn?: string;
  collection?: { kind: 'map' | 'array'; elementtype: TypeRef };
}
interface Property {
  name: string;
  optional?: boolean;
  type: TypeRef;
  docs?: { summary?: string; default?: string };
}

const PROPS_FQN = '@air-discovery/cdk-redis.AirDiscoveryRedisProps';

function typeName(t: TypeRef): string {
  if (t.primitive) return t.primitive;
  if (t.collection) {
    const element = typeName(t.collection.elementtype);
    return t.collection.kind === 'map' ? `{ [name: string]: ${element} }` : `${element}[]`;
  }
  const fqn = t.fqn ?? 'any';
  if (fqn.startsWith('@air-discovery/cdk-redis.')) return fqn.slice('@air-discovery/cdk-redis.'.length);
  // aws-cdk-lib.aws_ec2.IVpc -> ec2.IVpc; aws-cdk-lib.Duration -> Duration
  return fqn.replace(/^aws-cdk-lib\.(aws_(\w+)\.)?/, (_m, sub, mod) => sub ? `${mod}.` : '');
}

/** A table cell: no line breaks, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The first sentence of a summary: the table is an overview, API.md has the rest. */
function firstSentence(text: string): string {
  const m = /^([\s\S]*?[.!?])(\s|$)/.exec(text.trim());
  return m ? m[1] : text.trim();
}

export function renderPropsTable(assemblyFile = path.join(__dirname, '..', '.jsii')): string {
  const assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf-8'));
  const props: Property[] = assembly.types[PROPS_FQN].properties;
  const rows = [...props]
    .sort((a, b) => (a.optional ? 1 : 0) - (b.optional ? 1 : 0) || a.name.localeCompare(b.name))
    .map(p => {
      const def = p.optional ? (p.docs?.default ?? '').replace(/^- /, '') : '(required)';
      return `| \`${p.name}\` | \`${cell(typeName(p.type))}\` | ${cell(def)} | ${cell(firstSentence(p.docs?.summary ?? ''))} |`;
    });
  return ['| prop | type | default | what it does |', '|---|---|---|---|', ...rows].join('\n');
}

export const PROPS_DOC = 'README.md';

if (require.main === module) {
  if (process.argv.includes('--write')) writeRegion(PROPS_DOC, 'props-table', renderPropsTable());
  else console.log(renderPropsTable());
}
