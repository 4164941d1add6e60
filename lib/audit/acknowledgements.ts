import { Validations } from 'aws-cdk-lib';
import { AcknowledgementSource } from './audit-result';
import { IncludedResource, LoadedTemplate } from './template-loader';
import { MIN_REASON_LENGTH, reasonProblem, visibleReason } from '../common/reason-policy';

/** An acknowledgement resolved to one resource and one exact rule id. */
export interface ResourceAcknowledgement {
  readonly resource: IncludedResource;
  /** Exact rule id, including a `[detail]` suffix for granular findings. */
  readonly ruleId: string;
  readonly reason: string;
  readonly source: AcknowledgementSource;
  /** Logical id (template metadata) or construct path (cloud assembly) it was declared on. */
  readonly declaredOn: string;
}

/** An acknowledgement the audit does not honour, and why. */
export interface RejectedResourceAcknowledgement extends ResourceAcknowledgement {
  /** Why it is not honoured. */
  readonly problem: string;
}

/** The acknowledgements recorded for a template, split into those honoured and those rejected. */
export interface ResolvedAcknowledgements {
  readonly honoured: ResourceAcknowledgement[];
  readonly rejected: RejectedResourceAcknowledgement[];
}

/** Why an acknowledgement with this reason is not honoured, or undefined when it is. */
export function acknowledgementReasonProblem(reason: string): string | undefined {
  if (reasonProblem(reason) === undefined) return undefined;
  const length = [...visibleReason(reason)].length;
  if (length === 0) return 'no reason given';
  if (length < MIN_REASON_LENGTH) return `reason too short (${length} visible characters; at least ${MIN_REASON_LENGTH})`;
  return 'reason has no visible letter or digit';
}

/** A finding before acknowledgements, used to expand `applies_to` regular expressions. */
export interface UnacknowledgedFinding {
  readonly logicalId: string;
  readonly ruleId: string;
}

/**
 * The acknowledgements recorded for a template, resolved to resources:
 * - `Metadata.cdk_nag.rules_to_suppress: [{ id, reason, applies_to? }]` on a resource
 *   (cdk-nag v2, and cdk-nag 3 with `writeSuppressionsToCloudFormation`). `applies_to`
 *   entries become granular ids `id[entry]`; `{ regex: '/…/' }` entries match the details
 *   of the resource's granular findings.
 * - `aws:cdk:acknowledged-rules` in the cloud assembly, declared on a construct path and
 *   applying to every resource at or below it.
 * Acknowledgements match exact rule ids, as in cdk-nag 3. The first one per resource and
 * rule id wins. An acknowledgement whose reason is missing or shorter than
 * {@link MIN_REASON_LENGTH} characters is rejected (as cdk-nag v2 did): its findings stay.
 */
export function resolveAcknowledgements(
  loaded: LoadedTemplate,
  findings: readonly UnacknowledgedFinding[],
): ResolvedAcknowledgements {
  const honoured: ResourceAcknowledgement[] = [];
  const rejected: RejectedResourceAcknowledgement[] = [];
  const seen = new Set<string>();
  const seenRejected = new Set<string>();
  const add = (ack: ResourceAcknowledgement) => {
    const key = `${ack.resource.logicalId}\u0000${ack.ruleId}`;
    const problem = acknowledgementReasonProblem(ack.reason);
    if (problem !== undefined) {
      if (!seenRejected.has(key)) rejected.push({ ...ack, problem });
      seenRejected.add(key);
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    honoured.push(ack);
  };

  for (const resource of loaded.resources) {
    const rules = resource.metadata.cdk_nag?.rules_to_suppress;
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      if (typeof rule !== 'object' || rule === null || typeof rule.id !== 'string') continue;
      const reason = typeof rule.reason === 'string' ? rule.reason : '';
      const base = { resource, reason, source: 'template-metadata' as const, declaredOn: resource.logicalId };
      if (!Array.isArray(rule.applies_to)) {
        add({ ...base, ruleId: rule.id });
        continue;
      }
      for (const target of rule.applies_to) {
        if (typeof target === 'string') {
          add({ ...base, ruleId: `${rule.id}[${target}]` });
        } else if (typeof target?.regex === 'string') {
          const pattern = parseRegex(target.regex);
          for (const f of findings) {
            const detail = granularDetail(f.ruleId, rule.id);
            if (f.logicalId === resource.logicalId && detail !== undefined && pattern?.test(detail)) {
              add({ ...base, ruleId: f.ruleId });
            }
          }
        }
      }
    }
  }

  for (const ack of loaded.source.constructMetadata.acknowledgements) {
    for (const resource of loaded.resources) {
      if (resource.cdkPath !== undefined && isAtOrBelow(resource.cdkPath, ack.path)) {
        add({ resource, ruleId: ack.ruleId, reason: ack.reason, source: 'cloud-assembly', declaredOn: ack.path });
      }
    }
  }
  // A rejected acknowledgement that a valid one for the same finding overrides is moot.
  return { honoured, rejected: rejected.filter((r) => !seen.has(`${r.resource.logicalId}\u0000${r.ruleId}`)) };
}

/** Records honoured acknowledgements (each with a reason) on the included resources, where cdk-nag packs look for them. */
export function applyAcknowledgements(acks: readonly ResourceAcknowledgement[]): void {
  for (const ack of acks) {
    Validations.of(ack.resource.construct).acknowledge({ id: ack.ruleId, reason: ack.reason });
  }
}

function isAtOrBelow(path: string, ancestor: string): boolean {
  const p = path.replace(/^\/+/, '');
  const a = ancestor.replace(/^\/+/, '');
  return p === a || p.startsWith(`${a}/`);
}

/** `Rule[detail]` → `detail` when the rule is `ruleId`. */
function granularDetail(findingId: string, ruleId: string): string | undefined {
  return findingId.startsWith(`${ruleId}[`) && findingId.endsWith(']') ? findingId.slice(ruleId.length + 1, -1) : undefined;
}

/** cdk-nag v2 writes regexes as `/pattern/flags`; the `g` flag is dropped so `test` is stateless. */
function parseRegex(text: string): RegExp | undefined {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(text);
  try {
    return match ? new RegExp(match[1], match[2].replace('g', '')) : new RegExp(text);
  } catch {
    return undefined;
  }
}
