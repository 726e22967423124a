/**
 * Prints the "What the construct rejects" section of docs/serverless.md from the serverless
 * rule table (src/serverless-validation.ts). test/serverless-validation.test.ts fails when the
 * document's region differs.
 *
 *   npx ts-node scripts/render-serverless-rules.ts
 */
import { cell } from './render-validation-rules';
import { SERVERLESS_INPUT_RULES, SERVERLESS_RULES, SERVERLESS_WARNING_RULES, sharedAuthRules } from '../src/serverless-validation';

export function renderServerlessRules(): string {
  const shared = sharedAuthRules();
  return [
    `${SERVERLESS_RULES.length} serverless rules, plus the ${shared.length} user and AUTH token rules of the node-based table`,
    '(README, "authentication and encryption") and its monitoring rules for the props both constructs share.',
    '',
    '| the construct rejects | source |',
    '|---|---|',
    ...SERVERLESS_RULES.map(r => `| ${cell(r.summary)} | ${cell(r.source)} |`),
    '',
    `Before any default is merged, ${SERVERLESS_INPUT_RULES.length} rules check the props as Python, Java or plain JavaScript can pass them`,
    '(every message ends with the Python spelling of the props it names):',
    '',
    '| the construct rejects | source |',
    '|---|---|',
    ...SERVERLESS_INPUT_RULES.map(r => `| ${cell(r.summary)} | ${cell(r.source)} |`),
    '',
    'Warnings (risky but valid), id `@air-discovery/cdk-redis:<id>`:',
    '',
    '| id | when |',
    '|---|---|',
    ...SERVERLESS_WARNING_RULES.map(w => `| \`${w.id}\` | ${cell(w.summary)} |`),
  ].join('\n');
}

if (require.main === module) console.log(renderServerlessRules());
