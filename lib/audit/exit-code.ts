import { AuditResult } from './audit-result';

/** Exit codes of `cdk-portcullis audit`. */
export const EXIT_OK = 0;
/** At least one error finding remains after acknowledgements. */
export const EXIT_FINDINGS = 1;
/** Bad input: missing path, unparsable template, no templates, unknown flag or pack. */
export const EXIT_BAD_INPUT = 2;

/** 0 when no error finding remains (warnings allowed), 1 otherwise. */
export function exitCodeOf(result: AuditResult): number {
  return result.summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
}
