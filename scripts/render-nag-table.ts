/**
 * Prints the README's cdk-nag acknowledgement table from src/private/nag.ts.
 * test/security.test.ts fails when the README's table differs.
 */
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

if (require.main === module) console.log(renderNagTable());
