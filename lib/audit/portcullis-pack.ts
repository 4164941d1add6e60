import { AuditPack, RuleGuidance, baseRuleId } from './audit-pack';
import { PortcullisChecks } from '../nag/portcullis-checks';

/** The rule catalogue as published: a heading per rule, so `#portcullis-<rule>` is each rule's anchor. */
export const PORTCULLIS_RULES_MD = 'https://github.com/portcullis-dev/cdk-portcullis/blob/main/lib/nag/RULES.md';

/**
 * The Portcullis pack. Its catalogue (`PortcullisChecks.RULES`) gives each finding's
 * info, explanation and fix; a granular finding (`Rule[suffix]`) adds what that suffix means.
 */
export const PORTCULLIS_PACK: AuditPack = {
  name: 'portcullis',
  title: 'Portcullis',
  ruleIdPrefix: 'Portcullis-',
  helpUri: (ruleId) => `${PORTCULLIS_RULES_MD}#${baseRuleId(ruleId).toLowerCase()}`,
  create: (props) => new PortcullisChecks(undefined, props),
  guidance: portcullisGuidance,
  defaultFix: (ruleId) => `See the Portcullis rule catalogue (PortcullisChecks.RULES) for ${baseRuleId(ruleId)}.`,
};

function portcullisGuidance(ruleId: string): RuleGuidance | undefined {
  const rule = PortcullisChecks.ruleInfo(ruleId);
  if (!rule) return undefined;
  const suffix = ruleId.length > rule.id.length ? ruleId.slice(rule.id.length + 1, -1) : undefined;
  const meaning = suffix === undefined ? undefined : (rule.findings ?? []).find((f) => suffixMatches(f.suffix, suffix))?.meaning;
  return {
    info: meaning ? `${rule.info} ${meaning}` : rule.info,
    explanation: rule.explanation,
    fix: rule.fix,
  };
}

/** Catalogue suffixes may hold a placeholder, e.g. `unresolved:<Property>`. */
function suffixMatches(pattern: string, suffix: string): boolean {
  const placeholder = pattern.indexOf('<');
  return placeholder === -1 ? pattern === suffix : suffix.startsWith(pattern.slice(0, placeholder));
}
