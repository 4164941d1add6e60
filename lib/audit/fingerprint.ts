import { createHash } from 'crypto';
import { baseRuleId } from './audit-pack';
import { AuditResult, Finding } from './audit-result';

/**
 * What identifies a finding across runs, whatever else changes in the template (line numbers, other resources,
 * property values the rule does not report on): the rule, the stack, the resource and a stable detail.
 */
export interface FindingKey {
  /** The rule id without its `[detail]`, e.g. `Portcullis-RouteAuthorization`. */
  readonly rule: string;
  /** The stack name for a template of a cloud assembly, else the template's name relative to the audited path. */
  readonly stack: string;
  /** The construct path when the cloud assembly records one, else the logical id. */
  readonly resource: string;
  /**
   * The granular detail of the rule id (`missing`, `Resource::*`) and, for a finding on what a resource creates
   * implicitly (an OpenAPI operation, a SAM event's method), that one created resource: `GET /orders (AWS::ApiGateway::Method)`.
   * Empty when the finding is about the resource itself.
   */
  readonly detail: string;
}

/** Version of the fingerprint computation; part of every fingerprint, so a change can never match old ones by accident. */
export const FINGERPRINT_VERSION = 1;

/** The `partialFingerprints` key the SARIF report writes the fingerprint under. */
export const SARIF_FINGERPRINT_KEY = `portcullisFinding/v${FINGERPRINT_VERSION}`;

/**
 * The keys of a finding: one, or one per resource it creates implicitly that the rule found at fault, so a new
 * operation of an OpenAPI body (or a new SAM event) is a new key even though the finding's resource is the same.
 */
export function findingKeys(result: AuditResult, finding: Finding): FindingKey[] {
  const template = result.templates.find((t) => t.template === finding.template);
  const rule = baseRuleId(finding.ruleId);
  const granular = finding.ruleId.length > rule.length ? finding.ruleId.slice(rule.length + 1, -1) : '';
  const base = { rule, stack: template?.stackName ?? finding.template, resource: finding.cdkPath ?? finding.logicalId };
  if (finding.created.length === 0) return [{ ...base, detail: granular }];
  return [...new Set(finding.created)].sort().map((created) => ({ ...base, detail: granular === '' ? created : `${granular} ${created}` }));
}

/** A stable hash of a key: hex SHA-256 of the version and the key's parts. */
export function fingerprintOf(key: FindingKey): string {
  return createHash('sha256').update(JSON.stringify([FINGERPRINT_VERSION, key.rule, key.stack, key.resource, key.detail])).digest('hex');
}

/** One fingerprint for the whole finding (its keys together), as SARIF's `partialFingerprints` holds it. */
export function findingFingerprint(result: AuditResult, finding: Finding): string {
  const keys = findingKeys(result, finding).map(fingerprintOf);
  return keys.length === 1 ? keys[0] : createHash('sha256').update(keys.join('\n')).digest('hex');
}
