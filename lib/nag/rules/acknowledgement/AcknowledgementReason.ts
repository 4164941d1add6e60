import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { MIN_REASON_LENGTH, reasonProblem } from '../../../common/reason-policy';
import { AcknowledgementView } from '../../resource-view';
import { AcknowledgementRule } from '../../rule';

/**
 * Every acknowledgement, of a Portcullis rule or any other, gives a reason that meets the reason
 * policy (at least MIN_REASON_LENGTH visible characters, one of them a letter or digit). The finding is named after the
 * acknowledged rule id, so the report says which acknowledgement to fix.
 */
function check(acknowledgement: AcknowledgementView): NagRuleResult {
  return reasonProblem(acknowledgement.reason) === undefined ? NagRuleCompliance.COMPLIANT : [acknowledgement.ruleId];
}

const rule: AcknowledgementRule = {
  info: {
    id: 'Portcullis-AcknowledgementReason',
    level: NagMessageLevel.ERROR,
    info: `A rule is acknowledged without a reason: the reason is missing, only whitespace or invisible characters, shorter than ${MIN_REASON_LENGTH} visible characters, or without a visible letter or digit.`,
    explanation:
      'An acknowledgement is the record of why a finding is accepted; a reviewer or auditor must be able to read why. `cdk-portcullis audit` does not honour an acknowledgement without a reason, so without this check the same cloud assembly would pass synth and fail the audit. The finding is reported on the construct the acknowledgement is declared on, with severity `fatal` at synth, and cannot itself be acknowledged.',
    fix: `Give the acknowledgement a reason of at least ${MIN_REASON_LENGTH} visible characters saying why the finding is accepted: \`Validations.of(scope).acknowledge({ id, reason: 'Fronted by CloudFront with its own web ACL' })\` (for a public route, the reason of \`RouteAuthorization.publicAccess(reason)\`).`,
    resourceTypes: [],
    findings: [
      {
        suffix: '<acknowledged rule id>',
        meaning: 'The acknowledgement of this rule id (as written, e.g. `Portcullis-RestWaf` or `AwsSolutions-APIG4`) has no acceptable reason.',
      },
    ],
  },
  check,
};

export default rule;
