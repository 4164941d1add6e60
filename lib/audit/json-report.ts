import { acknowledgementDeclarationCount, AuditResult, RecordedAcknowledgement } from './audit-result';
import { ExitPolicy, exitCodeOf } from './exit-code';

/** Version of the JSON document; bumped on incompatible changes. */
export const JSON_REPORT_VERSION = 1;

/**
 * The machine-readable report: stable key order, `null` for absent values,
 * findings sorted by template, API, resource and rule.
 */
export function renderJson(result: AuditResult, policy: ExitPolicy = {}): string {
  const baseline = policy.baseline;
  const doc = {
    version: JSON_REPORT_VERSION,
    path: result.path,
    packs: result.packs,
    templates: result.templates.map((t) => ({ template: t.template, stackName: t.stackName ?? null, resources: t.resourceCount })),
    apis: result.apis.map((a) => {
      const own = result.findings.filter((f) => f.template === a.template && f.api === a.id);
      return {
        template: a.template,
        id: a.id,
        name: a.name ?? null,
        type: a.type ?? null,
        cdkPath: a.cdkPath ?? null,
        external: a.external,
        errors: own.filter((f) => f.level === 'error').length,
        warnings: own.filter((f) => f.level === 'warning').length,
      };
    }),
    findings: result.findings.map((f) => ({
      template: f.template,
      api: f.api ?? null,
      logicalId: f.logicalId,
      resourceType: f.resourceType,
      cdkPath: f.cdkPath ?? null,
      ruleId: f.ruleId,
      pack: f.pack,
      level: f.level,
      info: f.info,
      explanation: f.explanation,
      fix: f.fix,
      created: f.created,
      baselined: baseline?.baselined.has(f) ?? false,
    })),
    acknowledged: result.acknowledged.map((a) => ({ ...recorded(a), suppressed: a.suppressed })),
    rejectedAcknowledgements: result.rejectedAcknowledgements.map((r) => ({ ...recorded(r), problem: r.problem })),
    notAudited: result.notAudited.map((n) => ({
      template: n.template,
      kind: n.kind,
      logicalId: n.logicalId ?? null,
      resourceType: n.resourceType ?? null,
      reason: n.reason,
    })),
    baseline: baseline === undefined ? null : {
      file: baseline.file,
      baselined: baseline.baselined.size,
      new: result.findings.length - baseline.baselined.size,
      stale: baseline.stale.map((e) => ({ rule: e.rule, stack: e.stack, resource: e.resource, detail: e.detail, fingerprint: e.fingerprint })),
    },
    summary: {
      errors: result.summary.errors,
      warnings: result.summary.warnings,
      acknowledged: acknowledgementDeclarationCount(result.acknowledged),
      suppressed: result.acknowledged.reduce((n, a) => n + a.suppressed, 0),
      rejectedAcknowledgements: result.rejectedAcknowledgements.length,
      notAudited: result.notAudited.length,
      byRule: result.summary.byRule,
      failOn: policy.failOn ?? 'warning',
      exitCode: exitCodeOf(result, policy),
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The fields every acknowledgement row shares, with absent values as null. */
function recorded(a: RecordedAcknowledgement) {
  return {
    template: a.template,
    logicalId: a.logicalId,
    cdkPath: a.cdkPath ?? null,
    ruleId: a.ruleId,
    reason: a.reason,
    source: a.source,
    declaredOn: a.declaredOn,
  };
}
