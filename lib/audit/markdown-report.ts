import { acknowledgementDeclarationCount, ApiGroup, AuditResult, Finding, HonouredAcknowledgement, RejectedAcknowledgement } from './audit-result';
import { BaselineComparison } from './baseline';
import { ExitPolicy, exitCodeOf, failingFindings } from './exit-code';
import { MIN_REASON_LENGTH } from '../common/reason-policy';

/**
 * The report a person reads: findings grouped by template and API, each with the
 * resource, why it matters and the fix; a summary by rule; the acknowledgements honoured
 * and those rejected.
 */
export function renderMarkdown(result: AuditResult, policy: ExitPolicy = {}): string {
  const out: string[] = [];
  const { errors, warnings } = result.summary;
  const exitCode = exitCodeOf(result, policy);

  out.push(`# Portcullis audit of \`${result.path}\``, '');
  out.push(`- **Packs:** ${result.packs.join(', ')}`);
  out.push(`- **Templates:** ${result.templates.length === 0 ? 'none audited' : ''}${result.templates.map((t) => `\`${t.template}\`${t.stackName ? ` (stack ${t.stackName})` : ''}, ${plural(t.resourceCount, 'resource')}`).join('; ')}`);
  if (result.notAudited.length > 0) out.push(`- **Not audited:** ${plural(result.notAudited.length, 'input')} or parts of inputs (see "Not audited")`);
  const verdict = exitCode === 0 ? 'passes' : exitCode === 1 ? 'fails' : 'incomplete: not every input was audited';
  out.push(`- **Result:** ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(declarationCount(result.acknowledged), 'acknowledgement')} honoured${rejectedNote(result.rejectedAcknowledgements)} — ${verdict} (exit code ${exitCode})`);
  if (policy.failOn !== undefined && policy.failOn !== 'warning') {
    out.push(`- **Fails on:** ${policy.failOn === 'error' ? 'errors only (`--fail-on error`): warnings are reported but do not fail the run' : 'nothing (`--fail-on never`): findings are reported but do not fail the run'}`);
  }
  if (policy.baseline !== undefined) renderBaselineSummary(out, result, policy);
  out.push('');

  for (const t of result.templates) {
    const multiple = result.templates.length > 1;
    const apis = result.apis.filter((a) => a.template === t.template);
    const others = result.findings.filter((f) => f.template === t.template && f.api === undefined);
    for (const api of apis) {
      out.push(`## ${multiple ? `\`${t.template}\` — ` : ''}${apiTitle(api)}`, '');
      renderFindings(out, result.findings.filter((f) => f.template === t.template && f.api === api.id), policy.baseline?.baselined);
    }
    if (others.length > 0 || apis.length === 0) {
      out.push(`## ${multiple ? `\`${t.template}\` — ` : ''}Other resources`, '');
      renderFindings(out, others, policy.baseline?.baselined);
    }
  }

  if (result.notAudited.length > 0) {
    out.push('## Not audited', '');
    out.push('Nothing here was checked; files that could not be audited (and nested stacks whose templates are not among the inputs) make the exit code 2.', '');
    out.push('| File | Resource | What and why |', '| --- | --- | --- |');
    for (const n of result.notAudited) {
      const resource = n.logicalId === undefined ? '—' : `\`${n.logicalId}\` (${n.resourceType})`;
      out.push(`| \`${cell(n.template)}\` | ${resource} | ${cell(n.reason)} |`);
    }
    out.push('');
  }

  out.push('## Summary', '');
  if (result.summary.byRule.length > 0) {
    out.push('| Rule | Level | Count |', '| --- | --- | ---: |');
    for (const r of result.summary.byRule) out.push(`| \`${cell(r.ruleId)}\` | ${r.level} | ${r.count} |`);
    out.push('');
  }
  out.push(`**Totals:** ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(result.templates.length, 'template')}; ` +
    `${plural(declarationCount(result.acknowledged), 'acknowledgement')} honoured, suppressing ${plural(result.acknowledged.reduce((n, a) => n + a.suppressed, 0), 'finding')}.`, '');

  out.push('## Acknowledgements honoured', '');
  renderAcknowledgements(out, result.acknowledged);

  if (result.rejectedAcknowledgements.length > 0) {
    out.push('## Acknowledgements not honoured', '');
    out.push(`These acknowledgements name no reason (or one shorter than ${MIN_REASON_LENGTH} characters), so the findings they name remain.`, '');
    renderRejected(out, result.rejectedAcknowledgements);
  }

  if (result.findings.length > 0) {
    out.push('## Acknowledging findings', '');
    out.push(`Fix the finding, or record why it is accepted (a reason of at least ${MIN_REASON_LENGTH} characters; without one the acknowledgement is not honoured); the audit honours and lists both forms:`, '');
    out.push('- in CDK: `Validations.of(construct).acknowledge({ id: \'<rule id>\', reason: \'…\' })`;');
    out.push('- in a template: `Metadata: { cdk_nag: { rules_to_suppress: [{ id: <rule id>, reason: … }] } }` on the resource.', '');
    out.push('A granular finding (`Rule[detail]`) is suppressed by acknowledging exactly that id.', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderFindings(out: string[], findings: readonly Finding[], baselined?: ReadonlySet<Finding>): void {
  if (findings.length === 0) {
    out.push('No findings.', '');
    return;
  }
  for (const f of findings) {
    out.push(`### ${f.level === 'error' ? 'ERROR' : 'WARNING'} \`${f.ruleId}\` on \`${f.logicalId}\`${baselined?.has(f) ? ' (baselined)' : ''}`, '');
    out.push(`${oneLine(f.info)}`, '');
    out.push(`- **Resource:** \`${f.logicalId}\` (${f.resourceType})${f.cdkPath ? `, CDK path \`${f.cdkPath}\`` : ''}`);
    if (f.created.length > 0) out.push(`- **Created by it:** ${f.created.map(createdItem).join(', ')}`);
    out.push(`- **Pack:** ${f.pack}`);
    out.push(`- **Why it matters:** ${oneLine(f.explanation)}`);
    out.push(`- **Fix:** ${oneLine(f.fix)}`, '');
  }
}

/** `GET /orders (AWS::ApiGateway::Method)` → `` `GET /orders` (AWS::ApiGateway::Method) ``. */
function createdItem(created: string): string {
  const match = /^(.*) \((AWS::[^)]*)\)$/.exec(created);
  return match ? `\`${cell(match[1])}\` (${match[2]})` : `\`${cell(created)}\``;
}

/** How many findings the baseline covers, how many are new, and which of its entries no longer occur. */
function renderBaselineSummary(out: string[], result: AuditResult, policy: ExitPolicy): void {
  const baseline = policy.baseline as BaselineComparison;
  const fresh = result.findings.length - baseline.baselined.size;
  out.push(`- **Baseline:** \`${baseline.file}\`: ${plural(baseline.baselined.size, 'finding')} baselined (reported, not failing), ${fresh} new` +
    `${fresh > 0 && failingFindings(result, policy).length === 0 ? ' (below --fail-on)' : ''}; ` +
    `${baseline.stale.length === 0 ? 'every baseline entry still occurs' : `${plural(baseline.stale.length, 'baseline entry', 'baseline entries')} no longer occur (fixed: remove them, or write the baseline again)`}`);
  for (const e of baseline.stale) out.push(`  - \`${e.rule}\` on \`${e.resource}\` in ${e.stack}${e.detail === '' ? '' : ` (${cell(e.detail)})`}`);
  out.push('- A baseline is for a migration: fix baselined findings, or accept one for good with an acknowledgement and a reason.');
}

function renderAcknowledgements(out: string[], acks: readonly HonouredAcknowledgement[]): void {
  if (acks.length === 0) {
    out.push('None.', '');
    return;
  }
  const rows = byDeclaration(acks);
  out.push('| Resource | Rule | Reason | Declared in | Findings suppressed |', '| --- | --- | --- | --- | ---: |');
  for (const { ack, resources, suppressing, suppressed } of rows.values()) {
    const where = declaredIn(ack);
    // Name the resources whose findings it suppressed; an unused one names what it covers.
    const named = suppressing.length > 0 ? suppressing : resources;
    const shown = named.length > 3 ? `${named.slice(0, 3).map((r) => `\`${r}\``).join(', ')} and ${named.length - 3} more` : named.map((r) => `\`${r}\``).join(', ');
    out.push(`| ${shown} | \`${cell(ack.ruleId)}\` | ${cell(ack.reason || '(no reason given)')} | ${where} | ${suppressed} |`);
  }
  out.push('');
}

function renderRejected(out: string[], rejected: readonly RejectedAcknowledgement[]): void {
  out.push('| Resource | Rule | Reason | Declared in | Why not honoured |', '| --- | --- | --- | --- | --- |');
  for (const r of rejected) {
    out.push(`| \`${r.logicalId}\` | \`${cell(r.ruleId)}\` | ${cell(r.reason || '(no reason given)')} | ${declaredIn(r)} | ${cell(r.problem)} |`);
  }
  out.push('');
}

function rejectedNote(rejected: readonly RejectedAcknowledgement[]): string {
  return rejected.length === 0 ? '' : `, ${plural(acknowledgementDeclarationCount(rejected), 'acknowledgement')} without a valid reason not honoured`;
}

function declaredIn(ack: HonouredAcknowledgement | RejectedAcknowledgement): string {
  return ack.source === 'template-metadata' ? `template metadata of \`${ack.declaredOn}\`` : `cloud assembly, on \`${ack.declaredOn}\``;
}

interface DeclarationRow {
  readonly ack: HonouredAcknowledgement;
  /** Resources the acknowledgement covers. */
  readonly resources: string[];
  /** Resources on which it suppressed a finding. */
  readonly suppressing: string[];
  suppressed: number;
}

/** One row per declaration: an acknowledgement on a construct path covers every resource below it. */
function byDeclaration(acks: readonly HonouredAcknowledgement[]): Map<string, DeclarationRow> {
  const rows = new Map<string, DeclarationRow>();
  for (const a of acks) {
    const key = [a.template, a.ruleId, a.reason, a.source, a.declaredOn].join('\u0000');
    const row = rows.get(key) ?? { ack: a, resources: [], suppressing: [], suppressed: 0 };
    row.resources.push(a.logicalId);
    if (a.suppressed > 0) row.suppressing.push(a.logicalId);
    row.suppressed += a.suppressed;
    rows.set(key, row);
  }
  return rows;
}

function declarationCount(acks: readonly HonouredAcknowledgement[]): number {
  return acknowledgementDeclarationCount(acks);
}

function apiTitle(api: ApiGroup): string {
  if (api.external) return api.id;
  const name = api.name === undefined ? `API \`${api.id}\`` : `API ${cell(api.name)} (\`${api.id}\``;
  return `${name}${api.name === undefined ? ' (' : ', '}${api.type}${api.cdkPath ? `, CDK path \`${api.cdkPath}\`` : ''})`;
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function plural(n: number, word: string, words: string = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
