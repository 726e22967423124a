/**
 * Prints the README's "What the construct rejects, and why" section from the rule
 * table in src/validation.ts (INPUT_RULES, RULES, GLOBAL_DATASTORE_RULES, WARNING_RULES,
 * INLINE_WARNINGS). test/validation.test.ts fails when the README's region differs.
 *
 *   npx ts-node scripts/render-validation-rules.ts
 */
import { GLOBAL_DATASTORE_RULES, INLINE_WARNINGS, INPUT_RULES, OTHER_WARNINGS, RULE_FAMILIES, RULES, WARNING_RULES } from '../src/validation';

/** A table cell: no line breaks, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

export function renderValidationRules(): string {
  const rules = [...INPUT_RULES, ...RULES, ...GLOBAL_DATASTORE_RULES];
  const warnings = [...INLINE_WARNINGS, ...WARNING_RULES, ...OTHER_WARNINGS].sort((a, b) => a.id.localeCompare(b.id));
  const lines: string[] = [
    'The construct checks its configuration before it creates anything and throws one error that lists every problem,',
    'so a mistake costs a `cdk synth` instead of a CloudFormation rollback. Values that are tokens are not judged.',
    'Each message names the prop, the value received, what is allowed and how to fix it, and ends with the Python spelling of the props it names.',
    `${rules.length} rules, by family; each cites where the constraint comes from.`,
  ];
  for (const family of RULE_FAMILIES) {
    const inFamily = rules.filter(r => r.family === family);
    if (inFamily.length === 0) continue;
    lines.push('', `### ${family[0].toUpperCase()}${family.slice(1)}`, '', '| the construct rejects | source |', '|---|---|');
    for (const r of inFamily) lines.push(`| ${cell(r.summary)} | ${cell(r.source)} |`);
  }
  lines.push(
    '',
    '### Warnings: risky but valid',
    '',
    'These synthesize, with an `Annotations` warning whose id is `@air-discovery/cdk-redis:<id>`',
    '(acknowledge one with `Annotations.of(redis).acknowledgeWarning(\'@air-discovery/cdk-redis:<id>\', reason)`).',
    '',
    '| id | when | why |',
    '|---|---|---|',
    ...warnings.map(w => `| \`${w.id}\` | ${cell(w.summary)} | ${cell(w.source)} |`),
  );
  return lines.join('\n');
}

if (require.main === module) console.log(renderValidationRules());
