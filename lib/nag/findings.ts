import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { PortcullisFindingInfo } from './rule';

/**
 * How Portcullis rules report. A rule returns `NON_COMPLIANT` for its main
 * finding (id `Portcullis-<Rule>`) and named findings for the others (id
 * `Portcullis-<Rule>[<finding>]`), so each can be acknowledged on its own.
 */

/** The finding for a property whose value cannot be known at synth time. */
export function unresolved(property: string): string {
  return `unresolved:${property}`;
}

/** COMPLIANT when there are no findings, otherwise the findings. */
export function fromFindings(findings: readonly string[]): NagRuleResult {
  return findings.length === 0 ? NagRuleCompliance.COMPLIANT : [...findings];
}

/**
 * Combines the results of checking each item of a list (issuers, domain configurations): the main
 * finding wins; otherwise the distinct named findings of all items; otherwise COMPLIANT.
 */
export function combineResults(results: readonly NagRuleResult[]): NagRuleResult {
  if (results.includes(NagRuleCompliance.NON_COMPLIANT)) return NagRuleCompliance.NON_COMPLIANT;
  return fromFindings([...new Set(results.filter(Array.isArray).flat())]);
}

const UNRESOLVED_MEANING =
  'The property is an imported value, a parameter or an intrinsic the pack cannot evaluate at synth time, so compliance cannot be shown. Use a value known at synth time, or acknowledge the finding with the reason it is safe.';

/** The catalogue entry of the `unresolved:<Property>` finding every resource rule can report. */
export function unresolvedFinding(): PortcullisFindingInfo {
  return { suffix: 'unresolved:<Property>', meaning: UNRESOLVED_MEANING };
}
