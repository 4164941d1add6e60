/**
 * Renders lib/nag/RULES.md from the rule catalogue (`PortcullisChecks.RULES`), so the documented
 * text and the pack's messages cannot drift apart. `npx projen rules-md` writes the file;
 * test/nag/rules-markdown.test.ts renders it in memory and fails when the committed file is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIN_REASON_LENGTH } from '../lib/common/reason-policy';
import { PortcullisChecks, PortcullisRuleInfo } from '../lib/nag/portcullis-checks';

export const RULES_MD = path.resolve(__dirname, '..', 'lib', 'nag', 'RULES.md');

/** The content of lib/nag/RULES.md for the current catalogue. */
export function renderRulesMarkdown(): string {
  const lines: string[] = [];
  lines.push('# Portcullis cdk-nag rules');
  lines.push('');
  lines.push('`PortcullisChecks` is a cdk-nag 3 rule pack for Amazon API Gateway (REST, HTTP and WebSocket APIs).');
  lines.push('Register it with `Validations.of(app).addPlugins(new PortcullisChecks(app))`, or run it directly with');
  lines.push('`new PortcullisChecks().validateScope(stack)`. Acknowledge a finding on the resource or an ancestor with');
  lines.push("`Validations.of(scope).acknowledge({ id: 'Portcullis-RestWaf', reason: '…' })`; a finding with a suffix");
  lines.push('(`Portcullis-AccessLogs[missing]`) is acknowledged by its full id. Every acknowledgement needs a reason of at least');
  lines.push(`${MIN_REASON_LENGTH} characters, not only whitespace (the same policy as \`cdk-portcullis audit\`); otherwise the pack reports`);
  lines.push('`Portcullis-AcknowledgementReason[<acknowledged rule id>]` on the construct the acknowledgement is declared on.');
  lines.push('');
  lines.push('**Unknown is never passed.** When a value a rule needs is not known at synth time (an imported id, a');
  lines.push('parameter, an intrinsic such as `Fn::If` or `Fn::ImportValue`, or a related resource outside the stack),');
  lines.push('the rule reports `<rule id>[unresolved:<Property>]` instead of passing.');
  lines.push('');
  lines.push('The text below is the catalogue `PortcullisChecks.RULES` (the pack and the audit command print the same text).');
  lines.push('');
  lines.push('| Rule | Level | Checks |');
  lines.push('| --- | --- | --- |');
  for (const r of PortcullisChecks.RULES) lines.push(`| \`${r.id}\` | ${r.level} | ${checks(r)} |`);
  lines.push('');
  for (const r of PortcullisChecks.RULES) {
    lines.push(`## \`${r.id}\``);
    lines.push('');
    lines.push(`**Level:** ${r.level}  `);
    lines.push(`**Resources:** ${checks(r)}`);
    lines.push('');
    lines.push(`**Reported when:** ${r.info}`);
    lines.push('');
    lines.push(`**Why:** ${r.explanation}`);
    lines.push('');
    lines.push(`**Fix:** ${r.fix}`);
    lines.push('');
    if (r.findings && r.findings.length > 0) {
      lines.push('| Finding | Meaning |');
      lines.push('| --- | --- |');
      lines.push(`| \`${r.id}\` | ${r.info} |`);
      for (const f of r.findings) lines.push(`| \`${r.id}[${f.suffix}]\` | ${f.meaning.replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
  }
  return lines.join('\n') + '\n';
}

/** What a rule checks: its resource types, or the acknowledgements on any construct. */
function checks(rule: PortcullisRuleInfo): string {
  if (rule.resourceTypes.length === 0) return 'acknowledgements (`Validations.of(scope).acknowledge()`) on any construct';
  return rule.resourceTypes.map((t) => `\`${t}\``).join(', ');
}

if (require.main === module) {
  fs.writeFileSync(RULES_MD, renderRulesMarkdown());
  console.log(`wrote ${path.relative(process.cwd(), RULES_MD)} (${PortcullisChecks.RULES.length} rules)`);
}
