import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { booleanValue } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { restStageOf, searchMethodSettings } from '../../stage-settings';

/**
 * REST stages do not enable data tracing (full request/response bodies in execution logs) for any method.
 */
function check(resource: ResourceView): NagRuleResult {
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (stage.methodSettings === 'unresolved') return [unresolved('MethodSettings')];
  const search = searchMethodSettings(stage, (setting) => {
    const enabled = booleanValue(setting.DataTraceEnabled);
    return enabled === 'unresolved' ? enabled : enabled === true;
  });
  if (search === 'found') return NagRuleCompliance.NON_COMPLIANT;
  return search === 'unresolved' ? [unresolved('DataTraceEnabled')] : NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestDataTrace',
    level: NagMessageLevel.ERROR,
    info: 'The REST stage enables data tracing, which logs full request and response bodies.',
    explanation:
      'Data tracing writes whole payloads, including tokens, passwords and personal data, into CloudWatch execution logs where anyone with log access can read them. AWS recommends it only for short debugging sessions.',
    fix: 'Remove `dataTraceEnabled: true` from `deployOptions` / `methodOptions` of the `RestApi` or `Stage`; keep `loggingLevel` at ERROR or INFO for execution logs.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
