import { NagPack, NagRuleCompliance } from 'cdk-nag';
import { ResourceAcknowledgement, UnacknowledgedFinding, applyAcknowledgements, resolveAcknowledgements } from './acknowledgements';
import { groupByApi } from './api-grouping';
import { AuditInputError } from './audit-input-error';
import { AuditPack, baseRuleId } from './audit-pack';
import { ApiGroup, AuditResult, AuditedTemplate, Finding, FindingLevel, HonouredAcknowledgement, NotAudited, declarationKey, RejectedAcknowledgement, RuleCount } from './audit-result';
import { DEFAULT_INPUT_LIMITS, InputLimits, overLimit } from './input-limits';
import { localTemplatePath, NestedStackTemplates } from './nested-stack-templates';
import { ranPackOf } from './pack-selection';
import { PORTCULLIS_PACK } from './portcullis-pack';
import { sourceLocationOf } from './source-location';
import { discoverTemplates } from './template-discovery';
import { IncludedResource, LoadedTemplate, loadTemplate, TemplateLoadError } from './template-loader';
import { TemplateReader } from './template-reader';
import { TemplateSource } from './template-source';
import { DuplicateKey } from './template-text';
import { TimeLimitError, withTimeLimit } from './time-limit';
import { renderTemplate } from '../nag/intrinsics';
import { followReference } from '../nag/related-resources';
import { linkTemplateParent, ResourceIndex } from '../nag/resource-index';
import { ImplicitResourceView } from '../nag/resource-view';
import { RESOURCE_RULES } from '../nag/rules';

/** Options of {@link runAudit}. */
export interface AuditOptions {
  /** Packs to run, in order. */
  readonly packs: readonly AuditPack[];
  /** Receives progress lines (templates loaded, skipped files); quiet when absent. */
  readonly log?: (line: string) => void;
  /**
   * Receives warnings about inputs that are audited anyway (a key written twice: the last value is used, as
   * CloudFormation does), as `<template> line <n>: …`.
   * @default - warnings are dropped
   */
  readonly warn?: (line: string) => void;
  /**
   * Limits on size, resources, depth and time per template.
   * @default DEFAULT_INPUT_LIMITS
   */
  readonly limits?: InputLimits;
}

/** One violation on one resource, as a pack reports it. */
interface PackFinding extends UnacknowledgedFinding {
  readonly pack: AuditPack;
  readonly resource: IncludedResource;
  readonly level: FindingLevel;
  readonly description: string;
}

/**
 * Audits the templates at `inputPath` with the given packs.
 *
 * Each template is included into a fresh App/Stack. The packs run once without
 * acknowledgements (to learn each rule's one-line info and which findings exist), then
 * the recorded acknowledgements are applied with `Validations.of(resource).acknowledge()`
 * and the packs run again, verbosely: what remains are the findings, and the difference
 * tells how many findings each acknowledgement suppressed. Acknowledgements without a
 * reason are not applied; they are reported as rejected.
 *
 * @throws AuditInputError for a missing path, an unparsable template, or no templates
 */
export function runAudit(inputPath: string, options: AuditOptions): AuditResult {
  const log = options.log ?? (() => undefined);
  const templates: AuditedTemplate[] = [];
  const apis: ApiGroup[] = [];
  const findings: Finding[] = [];
  const acknowledged: HonouredAcknowledgement[] = [];
  const rejectedAcknowledgements: RejectedAcknowledgement[] = [];

  const notAudited: NotAudited[] = [];
  const limits = options.limits ?? DEFAULT_INPUT_LIMITS;
  const sources = discoverTemplates(inputPath, limits);
  const reader = new TemplateReader(limits, (source, d) => options.warn?.(duplicateKeyWarning(source, d)));
  const nesting = NestedStackTemplates.of(sources, reader);
  for (const source of sources) {
    let audited: TemplateAudit | undefined;
    try {
      const refusal = nesting.refusalOf(source.file);
      if (refusal !== undefined) throw new TemplateLoadError(source.file, refusal, 'template', true);
      audited = withTimeLimit(limits.timeoutSeconds, () => auditTemplate(source, nesting, reader, options), source.file);
    } catch (e) {
      const error = e instanceof TimeLimitError
        ? new TemplateLoadError(source.file, `auditing the template ${e.message}, ${overLimit('timeoutSeconds', limits)}`, 'template', true)
        : e;
      if (!(error instanceof TemplateLoadError)) throw error;
      log(`not audited ${source.name}: ${error.reason}`);
      notAudited.push({ template: source.name, kind: error.kind, reason: error.reason, ...(error.refused ? { refused: true } : {}) });
      continue;
    }
    if (!audited) {
      log(`skipped ${source.name}: not a CloudFormation template`);
      continue;
    }
    log(`loaded ${source.name}: ${audited.template.resourceCount} resources`);
    templates.push(audited.template);
    notAudited.push(...audited.notAudited);
    apis.push(...audited.apis);
    findings.push(...audited.findings);
    acknowledged.push(...audited.acknowledged);
    rejectedAcknowledgements.push(...audited.rejected);
  }

  // One declaration (on a construct path) rejected for many resources is one rejected acknowledgement.
  const rejectedOnce = rejectedAcknowledgements.filter(
    (r, i) => rejectedAcknowledgements.findIndex((o) => declarationKey(o) === declarationKey(r)) === i,
  );
  if (templates.length === 0 && notAudited.length === 0) {
    throw new AuditInputError(`${inputPath}: no CloudFormation templates found`);
  }

  const order = (f: Finding) => [
    templates.findIndex((t) => t.template === f.template),
    f.api === undefined ? Number.MAX_SAFE_INTEGER : apis.findIndex((a) => a.template === f.template && a.id === f.api),
  ];
  findings.sort((a, b) => compareNumbers(order(a), order(b)) || compareStrings(a.logicalId, b.logicalId) || compareStrings(a.ruleId, b.ruleId));

  return {
    path: inputPath,
    packs: options.packs.map((p) => p.title),
    templates,
    apis,
    findings,
    acknowledged,
    rejectedAcknowledgements: rejectedOnce,
    notAudited,
    summary: {
      errors: findings.filter((f) => f.level === 'error').length,
      warnings: findings.filter((f) => f.level === 'warning').length,
      byRule: countByRule(findings),
    },
  };
}

/** What auditing one template found. */
interface TemplateAudit {
  readonly template: AuditedTemplate;
  readonly notAudited: NotAudited[];
  readonly apis: ApiGroup[];
  readonly findings: Finding[];
  readonly acknowledged: HonouredAcknowledgement[];
  readonly rejected: RejectedAcknowledgement[];
}

/** Loads one template and runs the packs on it; undefined when a folder-scanned file is not a template. */
function auditTemplate(
  source: TemplateSource, nesting: NestedStackTemplates, reader: TemplateReader, options: AuditOptions,
): TemplateAudit | undefined {
  const loaded = loadTemplate(source, reader);
  if (!loaded) return undefined;
  // A nested stack's parameters lead to its parent's resources (the API of routes in route stacks).
  const parent = nesting.parentOf(source.file);
  if (parent !== undefined) linkTemplateParent(loaded.stack, parent);
  const grouping = groupByApi(source.name, loaded.resources, nestedApiOf(nesting, source.file));

  const before = options.packs.flatMap((pack) => runPack(pack, loaded, false));
  const { honoured: acks, rejected } = resolveAcknowledgements(loaded, before);
  applyAcknowledgements(acks);
  const after = options.packs.flatMap((pack) => runPack(pack, loaded, true));

  const index = new ResourceIndex();
  for (const r of loaded.resources) index.add(r.logicalId, r.type, () => ({ properties: r.properties, metadata: r.metadata }));
  const findings: Finding[] = [];
  for (const f of after) {
    const info = before.find((b) => b.pack === f.pack && b.ruleId === f.ruleId)?.description ?? f.description;
    const guidance = f.pack.guidance(f.ruleId);
    findings.push({
      template: source.name,
      api: grouping.apiOf.get(f.logicalId),
      logicalId: f.logicalId,
      resourceType: f.resource.type,
      cdkPath: f.resource.cdkPath,
      ruleId: f.ruleId,
      pack: f.pack.title,
      level: f.level,
      info: guidance?.info ?? info,
      explanation: guidance?.explanation ?? explanationOf(f.description, info),
      fix: guidance?.fix ?? f.pack.defaultFix(f.ruleId),
      created: f.pack === PORTCULLIS_PACK ? createdAtFault(index, f.logicalId, f.ruleId) : [],
      sourceLocation: f.resource.cdkPath === undefined
        ? undefined : sourceLocationOf(source.constructMetadata.creationStacks?.get(f.resource.cdkPath)),
    });
  }
  return {
    template: { template: source.name, file: source.file, stackName: source.stackName, resourceCount: loaded.resources.length },
    notAudited: unauditedParts(loaded, nesting),
    apis: grouping.apis,
    findings,
    // An acknowledgement of a rule of a pack that did not run suppressed nothing this run could see.
    acknowledged: acks.filter((a) => ranPackOf(a.ruleId, options.packs)).map((a) => honoured(source.name, a, before, after)),
    rejected: rejected.filter((r) => ranPackOf(r.ruleId, options.packs)).map((r) => ({
      template: source.name,
      logicalId: r.resource.logicalId,
      cdkPath: r.resource.cdkPath,
      ruleId: r.ruleId,
      reason: r.reason,
      source: r.source,
      declaredOn: r.declaredOn,
      problem: r.problem,
    })),
  };
}

/** `<template> line <n>: key '<key>' is written twice in <map>; …`. */
function duplicateKeyWarning(source: TemplateSource, duplicate: DuplicateKey): string {
  const where = duplicate.within === '' ? 'at the top level' : `in ${duplicate.within}`;
  return `${source.name} line ${duplicate.line}: duplicate key '${duplicate.key}' ${where}: CloudFormation uses the last value, and so does the audit`;
}

/**
 * For a nested-stack template (a route stack): the API in an ancestor template that a parameter leads to,
 * as `<logical id> in <template>`, so findings on its routes are grouped under that API.
 */
function nestedApiOf(nesting: NestedStackTemplates, file: string): ((name: string) => string | undefined) | undefined {
  if (nesting.parentOf(file) === undefined) return undefined;
  const index = nesting.indexOf(file);
  if (index === undefined) return undefined;
  return (name) => {
    for (const type of ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi']) {
      const api = followReference(index, { Ref: name }, type);
      if (api.kind === 'found') return `${api.resource.logicalId} in ${nesting.nameOf(api.resource.stack) ?? 'the parent template'}`;
    }
    return undefined;
  };
}

/**
 * The parts of a loaded template the audit cannot see: nested stacks whose template is not among
 * the audited files (a remote `TemplateURL`, a SAM application), and custom resources.
 */
function unauditedParts(loaded: LoadedTemplate, nesting: NestedStackTemplates): NotAudited[] {
  const parts: NotAudited[] = [];
  const template = loaded.source.name;
  for (const macro of loaded.customMacros) {
    parts.push({
      template,
      kind: 'custom-macro',
      reason: `the template names the macro ${macro}, which CloudFormation runs before creating anything: the routes and settings it adds, changes or removes are not in the template, so they are not audited. Audit the processed template (\`aws cloudformation get-template --template-stage Processed\`) instead`,
    });
  }
  for (const r of loaded.resources) {
    if (r.type === 'AWS::CloudFormation::Stack' || r.type === 'AWS::Serverless::Application') {
      // Linked to an audited file: a CDK nested stack (asset path, object key), or a local path in the audited folder.
      if (nesting.childOf(loaded.source.file, r.logicalId) !== undefined) continue;
      const property = r.type === 'AWS::Serverless::Application' ? r.properties.Location : r.properties.TemplateURL;
      const location = renderTemplate(property);
      const local = localTemplatePath(property, loaded.source.file);
      parts.push({
        template,
        kind: 'nested-stack',
        logicalId: r.logicalId,
        resourceType: r.type,
        reason: local !== undefined
          ? `nested stack whose template (${location}) is not among the audited files: audit the folder that holds both templates (the audit of a folder does not descend into subfolders)`
          : `nested stack whose template (${location ?? (isRecord(property) ? 'a Serverless Application Repository application' : 'an intrinsic')}) is not among the audited files: audit that template too`,
      });
    } else if (r.type === 'AWS::CloudFormation::CustomResource' || r.type.startsWith('Custom::')) {
      parts.push({
        template,
        kind: 'custom-resource',
        logicalId: r.logicalId,
        resourceType: r.type,
        reason: 'custom resource: what its provider creates or changes is not in the template, so it is not audited',
      });
    }
  }
  return parts;
}

/** What `origin` creates implicitly (see `StackView.implicitOf`) that the rule reports `ruleId` for. */
function createdAtFault(index: ResourceIndex, origin: string, ruleId: string): string[] {
  const rule = RESOURCE_RULES.find((r) => r.info.id === baseRuleId(ruleId));
  if (rule === undefined) return [];
  const atFault: string[] = [];
  for (const created of index.implicitOf(origin)) {
    if (!rule.info.resourceTypes.includes(created.type)) continue;
    const result = created.unresolvedProperty !== undefined ? [`unresolved:${created.unresolvedProperty}`] : rule.check(created);
    const ids = result === NagRuleCompliance.NON_COMPLIANT ? [rule.info.id] : Array.isArray(result) ? result.map((s) => `${rule.info.id}[${s}]`) : [];
    if (ids.includes(ruleId)) atFault.push(`${createdLabel(created, origin)} (${created.type})`);
  }
  return atFault;
}

/** What creates a stage: a stage, or a deployment that names one (SAM's `Stage` stage). */
const STAGE_TYPES = ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Deployment'];

/** `GET /orders`, `$default`, `stage Prod`, `authorizer Cognito`, or the logical id. */
function createdLabel(created: ImplicitResourceView, origin: string): string {
  const p = created.properties;
  if (created.unresolvedProperty !== undefined) return `what ${created.unresolvedProperty} defines`;
  if (created.type === 'AWS::ApiGateway::Method' && typeof p.ResourceId === 'string' && typeof p.HttpMethod === 'string') return `${p.HttpMethod} ${p.ResourceId}`;
  if (created.type === 'AWS::ApiGatewayV2::Route' && typeof p.RouteKey === 'string') return p.RouteKey;
  if (STAGE_TYPES.includes(created.type) && typeof p.StageName === 'string') return `stage ${p.StageName}`;
  if (created.type.endsWith('::Authorizer') && typeof p.Name === 'string') return `authorizer ${p.Name}`;
  return created.logicalId.startsWith(`${origin}.`) ? created.logicalId.slice(origin.length + 1) : created.logicalId;
}

function runPack(pack: AuditPack, loaded: LoadedTemplate, verbose: boolean): PackFinding[] {
  const instance: NagPack = pack.create({ verbose });
  const report = instance.validateScope(loaded.stack);
  const result: PackFinding[] = [];
  for (const violation of report.violations) {
    for (const violating of violation.violatingResources) {
      const resource = violating.constructPath === undefined ? undefined : loaded.byConstructPath.get(violating.constructPath);
      if (!resource) continue;
      result.push({
        pack,
        resource,
        logicalId: resource.logicalId,
        ruleId: violation.ruleName,
        // 'fatal' is an error no acknowledgement suppresses (Portcullis-AcknowledgementReason).
        level: violation.severity === 'error' || violation.severity === 'fatal' ? 'error' : 'warning',
        description: violation.description,
      });
    }
  }
  return result;
}

/** A verbose description is `info + ' ' + explanation`. */
function explanationOf(verboseDescription: string, info: string): string {
  const rest = verboseDescription.startsWith(info) ? verboseDescription.slice(info.length).trim() : verboseDescription;
  return rest.length > 0 ? rest : info;
}

function honoured(
  template: string, ack: ResourceAcknowledgement, before: readonly PackFinding[], after: readonly PackFinding[],
): HonouredAcknowledgement {
  const matches = (f: PackFinding) => f.logicalId === ack.resource.logicalId && f.ruleId === ack.ruleId;
  return {
    template,
    logicalId: ack.resource.logicalId,
    cdkPath: ack.resource.cdkPath,
    ruleId: ack.ruleId,
    reason: ack.reason,
    source: ack.source,
    declaredOn: ack.declaredOn,
    suppressed: before.filter(matches).length - after.filter(matches).length,
  };
}

function countByRule(findings: readonly Finding[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const f of findings) {
    const current = counts.get(f.ruleId);
    counts.set(f.ruleId, { ruleId: f.ruleId, level: f.level, count: (current?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => (a.level === b.level ? compareStrings(a.ruleId, b.ruleId) : a.level === 'error' ? -1 : 1));
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/** Code-unit order, so reports do not depend on the machine's locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
