import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { booleanValue } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { restStageOf } from '../../stage-settings';

/**
 * REST stages have AWS X-Ray active tracing on (`TracingEnabled`).
 */
function check(resource: ResourceView): NagRuleResult {
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const enabled = booleanValue(stage.tracingEnabled);
  if (enabled === 'unresolved') return [unresolved('TracingEnabled')];
  return enabled === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestTracing',
    level: NagMessageLevel.ERROR,
    info: 'The REST stage does not have X-Ray tracing enabled.',
    explanation:
      'X-Ray traces follow a request through the stage, its authorizer and its integration, so a slow or failing dependency, or an abuse pattern across services, can be traced to the request that caused it. Only REST APIs support it (HTTP and WebSocket APIs do not). HIPAA-APIGWXrayEnabled and Serverless-APIGWXrayEnabled check only AWS::ApiGateway::Stage resources and treat a value they cannot read as off; this rule also checks a stage declared by an AWS::ApiGateway::Deployment and reports such a value as unresolved. AwsSolutions does not check it.',
    fix: 'On a `SecureRestApi`, leave `tracing` out (on by default); `tracing: false` needs `tracingOffReason`, which records the weakening on the stage and acknowledges this rule there. On a plain `RestApi`, set `deployOptions: { tracingEnabled: true }` (or `tracingEnabled: true` on the `Stage`).',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
