/**
 * Renders the cdk-nag acknowledgement table of docs/cdk-nag.md from src/private/nag.ts.
 * test/security.test.ts fails when the file's table differs.
 *
 *   npx projen docs:render     (or: npx ts-node scripts/render-nag-table.ts --write)
 */
import { writeRegion } from './docs-region';
import { NAG_ACKNOWLEDGEMENTS, PROBE_NAG_ACKNOWLEDGEMENTS } from '../src/private/nag';

export function renderNagTable(): string {
  const target = {
    replicationGroup: 'replication group',
    authSecret: 'AUTH token secret',
    userSecrets: 'user secrets',
    logGroups: 'log groups',
    probeFunction: 'probe function',
    probeRole: 'probe role',
    probeLogGroup: 'probe log group',
  };
  return [
    '| rule | resource | when | reason |',
    '|---|---|---|---|',
    ...[...NAG_ACKNOWLEDGEMENTS, ...PROBE_NAG_ACKNOWLEDGEMENTS].map(r => `| ${r.ids.map(id => `\`${id}\``).join('<br>')} | ${target[r.target]} | ${r.appliesWhen} | ${r.reason} |`),
  ].join('\n');
}

export const NAG_DOC = 'docs/cdk-nag.md';

if (require.main === module) {
  if (process.argv.includes('--write')) writeRegion(NAG_DOC, 'nag-table', renderNagTable());
  else console.log(renderNagTable());
}
