import { NagPack, NagPackProps } from 'cdk-nag';

/** What a pack's catalogue says about one rule. */
export interface RuleGuidance {
  readonly info?: string;
  readonly explanation?: string;
  readonly fix?: string;
}

/** A rule pack the audit can run, with what it knows about its rules. */
export interface AuditPack {
  /** Name used with `--packs`, e.g. `aws-solutions`. */
  readonly name: string;
  /** Name shown in reports, e.g. `AWS Solutions`. */
  readonly title: string;
  /** The prefix of every rule id of the pack, e.g. `AwsSolutions-`. */
  readonly ruleIdPrefix: string;
  /** Where the pack's rules are documented, with an anchor per rule where there is one. */
  helpUri(ruleId: string): string;
  /** A fresh pack instance. */
  create(props: NagPackProps): NagPack;
  /** Catalogue entry for a finding's rule id (with or without a `[detail]` suffix). */
  guidance(ruleId: string): RuleGuidance | undefined;
  /** The fix to show when the catalogue has none. */
  defaultFix(ruleId: string): string;
}

/** Rule id without the granular `[detail]` suffix. */
export function baseRuleId(ruleId: string): string {
  const bracket = ruleId.indexOf('[');
  return bracket === -1 ? ruleId : ruleId.slice(0, bracket);
}
