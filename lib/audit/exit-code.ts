import { AuditResult, failsAudit, hidesRoutes } from './audit-result';

/** Exit codes of `cdk-portcullis audit`. */
export const EXIT_OK = 0;
/**
 * At least one finding, error or warning, remains after acknowledgements. Warnings count because they
 * fail `cdk synth` too: a cdk-nag 3 pack registered as a validation plugin fails on any violation it reports.
 */
export const EXIT_FINDINGS = 1;
/** Bad input, or an input not audited: missing path, unloadable template, unknown flag or pack. */
export const EXIT_BAD_INPUT = 2;
/**
 * Every input audited, but a template names a custom macro: what CloudFormation deploys is not what was
 * audited, whatever the findings say.
 */
export const EXIT_NOT_VISIBLE = 3;

/**
 * 2 when an input was not audited or nothing was, else 3 when a template names a custom macro, else 1
 * when any finding remains (error or warning, as at synth), else 0.
 */
export function exitCodeOf(result: AuditResult): number {
  // Nothing audited (every input was, say, an OpenAPI definition) is not a pass.
  if (result.notAudited.some(failsAudit) || result.templates.length === 0) return EXIT_BAD_INPUT;
  if (result.notAudited.some(hidesRoutes)) return EXIT_NOT_VISIBLE;
  return result.summary.errors + result.summary.warnings > 0 ? EXIT_FINDINGS : EXIT_OK;
}
