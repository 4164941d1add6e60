/**
 * The one policy for the reasons Portcullis asks for: why a route is public, why a finding is
 * acknowledged. The construct (at the call), the rule pack (at synth) and the audit (on a cloud
 * assembly) all apply it, so the same app never passes one gate and fails another.
 */

/** Fewest characters a reason must have once surrounding whitespace is trimmed (cdk-nag v2's minimum). */
export const MIN_REASON_LENGTH = 10;

/**
 * What is wrong with a reason, or undefined when it is acceptable.
 *
 * @param reason the reason as given (anything that is not a string counts as missing)
 */
export function reasonProblem(reason: unknown): string | undefined {
  const length = typeof reason === 'string' ? reason.trim().length : 0;
  if (length === 0) return 'no reason is given';
  if (length < MIN_REASON_LENGTH) {
    return `the reason has ${length} characters, at least ${MIN_REASON_LENGTH} are required`;
  }
  return undefined;
}
