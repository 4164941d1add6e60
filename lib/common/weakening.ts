import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { reasonProblem } from './reason-policy';
import { invalidProp, isUnresolved } from './validation';

/**
 * The one metadata key under which every weakening is recorded on the resource it weakens: a list of
 * {@link RecordedWeakening}, one per setting turned down. A reviewer of the template (and the audit)
 * finds every deliberate weakening under this key, whatever the construct.
 */
export const WEAKENINGS_METADATA_KEY = 'Portcullis::Weakenings';

/**
 * Metadata key recorded on the stage (REST, WebSocket) when tracing or execution logging is turned off.
 *
 * @deprecated every weakening is recorded under `WEAKENINGS_METADATA_KEY`; this is the same key
 */
export const WEAKENED_STAGE_METADATA_KEY = WEAKENINGS_METADATA_KEY;

/** One weakening as it is recorded in the template metadata. */
export interface RecordedWeakening {
  /** The setting as the user wrote it, e.g. `tracing: false`. */
  readonly setting: string;
  /** The prop that holds the reason, e.g. `tracingOffReason`. */
  readonly reasonProp: string;
  /** The reason given. */
  readonly reason: string;
  /** What the weakening costs, in one phrase. */
  readonly consequence: string;
  /** The rule ids the weakening acknowledges on this resource (maybe none, when no pack reports it). */
  readonly acknowledges: string[];
}

/** A weakening a construct is about to apply: the setting, its reason prop and the rules it causes. */
export interface Weakening {
  /** The setting as the user wrote it, e.g. `tracing: false`. */
  readonly setting: string;
  /** The prop that holds the reason, e.g. `tracingOffReason` (a dotted path inside a struct). */
  readonly reasonProp: string;
  /** What the weakening costs, in one phrase. */
  readonly consequence: string;
  /**
   * The rule ids the weakening causes on the resource it is recorded on; build ids with a rendered
   * value through `renderedInFinding`.
   */
  readonly rules: readonly string[];
}

/**
 * Refuses a weakening whose reason does not pass the reason policy, with the prop error shape: the
 * construct path, the reason prop, the value, and the fix naming the reason prop.
 *
 * @param example a reason that would do, shown in the fix
 */
export function checkWeakeningReason(scope: IConstruct, weakening: Weakening, reason: unknown, example: string): void {
  const problem = reasonProblem(reason);
  if (problem === undefined) return;
  invalidProp(scope, weakening.reasonProp, reason, `${weakening.setting} turns a default security measure down (${weakening.consequence}) and needs a reason: ${problem}`,
    `give ${weakening.reasonProp} saying why, e.g. ${weakening.reasonProp}: '${example}', or leave the default`);
}

/** Refuses a reason given for a weakening the props do not make: one of the two is a mistake. */
export function checkReasonUnused(scope: IConstruct, reasonProp: string, reason: unknown, weakened: boolean, setting: string): void {
  if (weakened || reason === undefined) return;
  invalidProp(scope, reasonProp, reason, `nothing is weakened: it is the reason for ${setting}, which is not set`,
    `remove ${reasonProp}, or set ${setting}`);
}

/**
 * A reason given beside a setting that is a token: whether the value turns the default down is known
 * only at deploy, so the reason is accepted (when it passes the reason policy, or is a token itself)
 * and nothing is recorded. Refusing it would refuse the only way to say why a value might weaken.
 */
export function checkReasonForUnknownSetting(scope: IConstruct, reasonProp: string, reason: unknown): void {
  if (reason === undefined || isUnresolved(reason)) return;
  const problem = reasonProblem(reason);
  if (problem !== undefined) {
    invalidProp(scope, reasonProp, reason, `${problem} (the setting is a token, so the reason may be needed at deploy)`,
      `say why the value may turn the default down, or remove ${reasonProp}`);
  }
}

/**
 * Records a weakening on the resource it weakens: appends it to the resource's
 * {@link WEAKENINGS_METADATA_KEY} list, and acknowledges exactly the weakening's rules there, with the
 * reason. The reason must have passed {@link checkWeakeningReason}.
 */
export function recordWeakening(resource: CfnResource, weakening: Weakening, reason: string): void {
  const recorded: RecordedWeakening = {
    setting: weakening.setting,
    reasonProp: weakening.reasonProp,
    reason,
    consequence: weakening.consequence,
    acknowledges: [...weakening.rules],
  };
  const existing = resource.getMetadata(WEAKENINGS_METADATA_KEY) as { weakenings?: RecordedWeakening[] } | undefined;
  resource.addMetadata(WEAKENINGS_METADATA_KEY, { weakenings: [...(existing?.weakenings ?? []), recorded] });
  if (weakening.rules.length > 0) {
    Validations.of(resource).acknowledge(...weakening.rules.map((id) => ({ id, reason: `${weakening.setting} with ${weakening.reasonProp}: ${reason}` })));
  }
}
