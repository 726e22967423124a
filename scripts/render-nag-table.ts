/**
 * Prints the cdk-nag acknowledgement table from src/private/nag.ts; with `--write`, writes it between
 * the `<!-- nag-table:start -->` / `<!-- nag-table:end -->` markers of every file in NAG_TABLE_FILES
 * that has them. test/security.test.ts fails when a file's table differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { replaceRegion } from './docs-region';
import { NagAcknowledgementKind } from '../src/nag';
import { FUNCTION_NAG_ACKNOWLEDGEMENTS, NAG_ACKNOWLEDGEMENTS } from '../src/private/nag';

export function renderNagTable(): string {
  const target = {
    replicationGroup: 'replication group',
    authSecret: 'AUTH token secret',
    userSecrets: 'user secrets',
    logGroups: 'log groups',
    probeFunction: 'probe function',
    probeRole: 'probe role',
    probeLogGroup: 'probe log group',
    probeSecret: 'probe user secret',
    rotationFunction: 'rotation function',
    rotationRole: 'rotation role',
    rotationLogGroup: 'rotation log group',
  };
  const kind = {
    [NagAcknowledgementKind.CONTROL_MET]: 'control met (default)',
    [NagAcknowledgementKind.PRESET_TRADE_OFF]: 'trade-off (opt-in)',
  };
  const rules = [...NAG_ACKNOWLEDGEMENTS, ...FUNCTION_NAG_ACKNOWLEDGEMENTS];
  return [
    '| rule | resource | kind | when | reason |',
    '|---|---|---|---|---|',
    ...rules.map(r => `| ${r.ids.map(id => `\`${id}\``).join('<br>')} | ${target[r.target]} | ${kind[r.kind]} | ${r.appliesWhen} | ${r.reason} |`),
  ].join('\n');
}

/** The file that carries the table (docs/security.md links to it). */
export const NAG_DOC = 'docs/cdk-nag.md';
/** The files that carry the table. */
export const NAG_TABLE_FILES = [NAG_DOC];

export function writeNagTables(root = path.join(__dirname, '..')): string[] {
  const written: string[] = [];
  for (const file of NAG_TABLE_FILES) {
    const p = path.join(root, file);
    if (!fs.existsSync(p)) continue;
    const text = fs.readFileSync(p, 'utf-8');
    const next = replaceRegion(text, 'nag-table', renderNagTable());
    if (next !== undefined && next !== text) {
      fs.writeFileSync(p, next);
      written.push(file);
    }
  }
  return written;
}

if (require.main === module) {
  if (process.argv.includes('--write')) console.log(`nag table written to: ${writeNagTables().join(', ') || 'nothing (up to date)'}`);
  else console.log(renderNagTable());
}
