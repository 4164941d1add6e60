import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { AcknowledgementView } from '../../resource-view';
import { AcknowledgementRule } from '../../rule';

/**
 * Every acknowledgement is declared on a stack or a construct within one, where the cloud assembly
 * records it; one on the App or a Stage is honoured at synth but invisible to an audit of the output.
 */
function check(acknowledgement: AcknowledgementView): NagRuleResult {
  return acknowledgement.declaredInStack ? NagRuleCompliance.COMPLIANT : [acknowledgement.ruleId];
}

const rule: AcknowledgementRule = {
  info: {
    id: 'Portcullis-AcknowledgementScope',
    level: NagMessageLevel.ERROR,
    info: 'A rule is acknowledged on the App or a Stage, outside every stack.',
    explanation:
      'aws-cdk-lib applies an acknowledgement to everything below the construct it is declared on, but the cloud assembly records construct metadata per stack: an acknowledgement on the App or a Stage is honoured at synth and leaves no trace in `cdk.out`, so `cdk-portcullis audit` (or any later review of the output) fails what synth passed. Acknowledging a rule for a whole app is also rarely what a reviewer should accept. The finding is reported with severity `fatal` at synth and cannot itself be acknowledged.',
    fix: 'Declare the acknowledgement on the stack (`Validations.of(stack).acknowledge(...)`) or, better, on the construct whose finding it accepts.',
    resourceTypes: [],
    findings: [
      {
        suffix: '<acknowledged rule id>',
        meaning: 'The acknowledgement of this rule id is declared outside every stack.',
      },
    ],
  },
  check,
};

export default rule;
