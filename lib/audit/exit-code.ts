import { AuditResult, Finding, failsAudit, hidesRoutes } from './audit-result';
import { BaselineComparison } from './baseline';

/** Exit codes of `cdk-portcullis audit`. */
export const EXIT_OK = 0;
/**
 * At least one finding, error or warning, remains after acknowledgements. Warnings count because they
 * fail `cdk synth` too: a cdk-nag 3 pack registered as a validation plugin fails on any violation it reports.
 * With `--fail-on error`, only errors count; with `--fail-on never`, none; with `--baseline`, only findings not
 * in the baseline.
 */
export const EXIT_FINDINGS = 1;
/** Bad input, or an input not audited: missing path, unloadable template, unknown flag or pack. */
export const EXIT_BAD_INPUT = 2;
/**
 * Every input audited, but a template names a custom macro: what CloudFormation deploys is not what was
 * audited, whatever the findings say.
 */
export const EXIT_NOT_VISIBLE = 3;

/** The lowest level of finding that fails the run (`--fail-on`); `never` reports findings without failing. */
export type FailOn = 'error' | 'warning' | 'never';

/** Values `--fail-on` accepts. */
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'never'];

/** What makes findings fail the run. The default, `{}`, is what the audit always did: any finding fails. */
export interface ExitPolicy {
  /**
   * @default 'warning' - errors and warnings fail, as at synth
   */
  readonly failOn?: FailOn;
  /**
   * Findings in the baseline do not fail the run.
   * @default - no baseline
   */
  readonly baseline?: BaselineComparison;
}

/** The findings that fail the run under `policy`: at or above `failOn`, and not in the baseline. */
export function failingFindings(result: AuditResult, policy: ExitPolicy = {}): Finding[] {
  const failOn = policy.failOn ?? 'warning';
  if (failOn === 'never') return [];
  return result.findings.filter((f) => (failOn === 'warning' || f.level === 'error') && !policy.baseline?.baselined.has(f));
}

/**
 * 2 when an input was not audited or nothing was, else 3 when a template names a custom macro, else 1
 * when any finding fails the run under `policy` (by default: any error or warning, as at synth), else 0.
 */
export function exitCodeOf(result: AuditResult, policy: ExitPolicy = {}): number {
  // Nothing audited (every input was, say, an OpenAPI definition) is not a pass.
  if (result.notAudited.some(failsAudit) || result.templates.length === 0) return EXIT_BAD_INPUT;
  if (result.notAudited.some(hidesRoutes)) return EXIT_NOT_VISIBLE;
  return failingFindings(result, policy).length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
