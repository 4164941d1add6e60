import { NagMessageLevel, NagRuleResult } from 'cdk-nag';
import { AcknowledgementView, ResourceView } from './resource-view';

/**
 * A named finding a Portcullis rule can report in addition to its main one,
 * reported with the id `<rule id>[<suffix>]`.
 */
export interface PortcullisFindingInfo {
  /**
   * The suffix inside the brackets, e.g. `missing` or `unresolved:<Property>`
   * (where `<Property>` is the CloudFormation property that could not be read).
   */
  readonly suffix: string;

  /** What the finding means and what to change. */
  readonly meaning: string;
}

/** One rule of the Portcullis pack, as the pack reports it and the audit command prints it. */
export interface PortcullisRuleInfo {
  /** The rule id, e.g. `Portcullis-RouteAuthorization`; acknowledge findings with this id. */
  readonly id: string;

  /** The severity the pack reports the rule's findings with. */
  readonly level: NagMessageLevel;

  /** One line: why the rule triggered. */
  readonly info: string;

  /** Why the rule matters. */
  readonly explanation: string;

  /** What to change, naming the CDK prop where there is one. */
  readonly fix: string;

  /**
   * The CloudFormation resource types the rule checks.
   *
   * Empty for a rule that checks the acknowledgements recorded on constructs, whatever the
   * construct (`Portcullis-AcknowledgementReason`).
   */
  readonly resourceTypes: string[];

  /**
   * The named findings besides the main one (`<id>`).
   * @default - none
   */
  readonly findings?: PortcullisFindingInfo[];
}

/**
 * A rule that checks one resource: its catalogue entry and a pure check of the resource's view.
 * Internal to the pack (not part of the jsii API): adding a rule is a file that exports one of
 * these and a line in `rules/index.ts`.
 */
export interface PortcullisRule {
  readonly info: PortcullisRuleInfo;

  /**
   * NON_COMPLIANT for the main finding, a list of suffixes for named findings, COMPLIANT or
   * NOT_APPLICABLE otherwise; depends on nothing but the view (and the views it looks up).
   */
  check(resource: ResourceView): NagRuleResult;
}

/** A rule that checks each acknowledgement recorded on a construct (`Validations.of(scope).acknowledge()`). */
export interface AcknowledgementRule {
  readonly info: PortcullisRuleInfo;

  /** As {@link PortcullisRule.check}, for one acknowledgement. */
  check(acknowledgement: AcknowledgementView): NagRuleResult;
}
