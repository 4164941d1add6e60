import { Annotations, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One acknowledgement: an exact rule id without a `namespace::` prefix, and why its finding is accepted. */
export interface RepeatedAcknowledgementRule {
  readonly id: string;
  readonly reason: string;
}

/**
 * The metadata keys `Validations.acknowledge` writes for a rule id (`Annotation::<id>` on aws-cdk-lib
 * 2.262.1 and later), learned from its first call in this process: aws-cdk-lib derives them from the
 * id alone, so they are the same in every app.
 */
const RECORDED_KEYS = new Map<string, readonly string[]>();

/**
 * Acknowledges `rule` on `resource` exactly as `Validations.of(resource).acknowledge(rule)` does, for
 * acknowledgements written on every API or every method (the COG4 acknowledgement of each REST method,
 * the stage's by-design findings): each resource still gets its own acknowledgement, so it suppresses
 * exactly that resource's finding and the audit counts one per finding.
 *
 * Why not call `acknowledge()` each time: it renders a stack trace per rule (0.2–0.4 ms under ts-node's
 * source maps, measured) for a metadata option that `constructs` 10.5 does not store; at 200 methods that
 * was most of what `SecureRestApi` spent building beyond hand-written aws-cdk-lib. So the first call per
 * process and rule id goes through `acknowledge()`; later ones write the same construct metadata entry
 * (`aws:cdk:acknowledged-rules`, `{ <key it wrote>: reason }`) and acknowledge the same annotation
 * warnings it does. Where `acknowledge()` wrote no single recognisable entry, every call goes through it.
 *
 * @param resource the resource the finding is about
 * @param rule the rule id (no namespace) and the reason
 */
export function acknowledgeRepeated(resource: IConstruct, rule: RepeatedAcknowledgementRule): void {
  const known = RECORDED_KEYS.get(rule.id);
  if (known === undefined) {
    Validations.of(resource).acknowledge(rule);
    const keys = keysWritten(resource, rule);
    if (keys !== undefined) RECORDED_KEYS.set(rule.id, keys);
    return;
  }
  resource.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Object.fromEntries(known.map((key) => [key, rule.reason])));
  const annotations = Annotations.of(resource);
  for (const key of known) {
    annotations.acknowledgeWarning(key);
    // As acknowledge() does: the annotation namespace's warnings are also acknowledged by their bare id.
    if (key !== rule.id && key.endsWith(`::${rule.id}`)) annotations.acknowledgeWarning(rule.id);
  }
}

/** The keys of the acknowledgement entry `acknowledge(rule)` just wrote on `resource`, if it wrote one naming the rule. */
function keysWritten(resource: IConstruct, rule: RepeatedAcknowledgementRule): readonly string[] | undefined {
  const entry = resource.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).at(-1);
  if (typeof entry?.data !== 'object' || entry.data === null) return undefined;
  const keys = Object.keys(entry.data);
  const namesRule = keys.length === 1 && (keys[0] === rule.id || keys[0].endsWith(`::${rule.id}`))
    && (entry.data as Record<string, unknown>)[keys[0]] === rule.reason;
  return namesRule ? keys : undefined;
}
