/**
 * The one policy for the reasons Portcullis asks for: why a route is public, why a finding is
 * acknowledged. The construct (at the call), the rule pack (at synth) and the audit (on a cloud
 * assembly) all apply it, so the same app never passes one gate and fails another.
 */

/**
 * Fewest characters a reason must have, counted as a reader sees them: Unicode code points (so an
 * emoji counts once), without invisible characters, with each run of whitespace counted once and
 * surrounding whitespace trimmed. cdk-nag v2's minimum.
 */
export const MIN_REASON_LENGTH = 10;

// Characters that render as nothing, so they never count towards a reason:
// - \p{C}: controls, format characters (zero-width space and joiners, byte-order mark, bidi
//   controls, tag characters U+E0000..E007F, soft hyphen), surrogates, private use, unassigned;
// - \p{M}: combining marks, which draw nothing on their own and are part of their base character
//   otherwise (variation selectors U+FE00..FE0F and U+E0100..E01EF, the combining grapheme joiner
//   and the Mongolian free variation selectors are Mn);
// - fillers Unicode classifies as letters or symbols although they render blank: the Hangul fillers
//   U+115F, U+1160, U+3164, U+FFA0 (Lo, Default_Ignorable_Code_Point) and the braille blank U+2800
//   (So). JavaScript regular expressions have no \p{Default_Ignorable_Code_Point}; these five are the
//   ones it holds outside \p{C} and \p{M}, plus the braille blank, which is not ignorable but empty.
const INVISIBLE = /[\p{C}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;
// Whitespace and separators (space, no-break and ideographic space, line and paragraph separators).
const WHITESPACE_RUN = /[\s\p{Z}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The reason as a reader sees it: invisible characters removed, whitespace runs as one space, trimmed. */
export function visibleReason(reason: unknown): string {
  if (typeof reason !== 'string') return '';
  return reason.replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * What is wrong with a reason, or undefined when it is acceptable: it must hold at least
 * {@link MIN_REASON_LENGTH} visible characters, at least one of them a letter or a digit.
 *
 * @param reason the reason as given (anything that is not a string counts as missing)
 */
export function reasonProblem(reason: unknown): string | undefined {
  const visible = visibleReason(reason);
  if (visible === '') return 'no reason is given';
  const length = [...visible].length;
  if (length < MIN_REASON_LENGTH) {
    return `the reason has ${length} visible characters, at least ${MIN_REASON_LENGTH} are required`;
  }
  if (!LETTER_OR_DIGIT.test(visible)) return 'the reason has no visible letter or digit';
  return undefined;
}
