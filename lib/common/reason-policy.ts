/**
 * The one policy for the reasons Portcullis asks for: why a route is public, why a finding is
 * acknowledged. The construct (at the call), the rule pack (at synth) and the audit (on a cloud
 * assembly) all apply it, so the same app never passes one gate and fails another.
 */

/**
 * Fewest characters (Unicode code points, so an emoji counts once) a reason must have once surrounding
 * whitespace is trimmed: cdk-nag v2's minimum.
 */
export const MIN_REASON_LENGTH = 10;

// Whitespace and invisible format characters (zero-width space, joiners, byte-order mark): a reason
// made only of these says nothing.
const INVISIBLE = /^[\s\p{Cf}]*$/u;

/**
 * What is wrong with a reason, or undefined when it is acceptable.
 *
 * @param reason the reason as given (anything that is not a string counts as missing)
 */
export function reasonProblem(reason: unknown): string | undefined {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (INVISIBLE.test(trimmed)) return 'no reason is given';
  const length = [...trimmed].length;
  if (length < MIN_REASON_LENGTH) {
    return `the reason has ${length} characters, at least ${MIN_REASON_LENGTH} are required`;
  }
  return undefined;
}
