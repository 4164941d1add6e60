import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { isPublicPreflightProxy } from '../../preflight';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * REST `OPTIONS` methods without authorization answer CORS preflight with a MOCK integration, not by
 * invoking a Lambda function (`AWS_PROXY`) that anyone can then call.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::ApiGateway::Method') return NagRuleCompliance.NOT_APPLICABLE;
  return isPublicPreflightProxy(resource.properties) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-PreflightLambdaProxy',
    level: NagMessageLevel.WARN,
    info: 'An OPTIONS method without authorization invokes a Lambda proxy integration.',
    explanation:
      'Browsers send no credentials on a CORS preflight, so the OPTIONS method is rightly public; but with a Lambda proxy integration the function runs for anyone who sends OPTIONS, at your cost and with whatever the function does for that request. A MOCK integration answers preflight without running code.',
    fix: 'Answer preflight with a MOCK integration: `defaultCorsPreflightOptions` / `addCorsPreflight` on the `RestApi` or `Resource` (SAM: `Cors` on the `AWS::Serverless::Api`), and keep the function behind authorized methods. Acknowledge if the function must see preflight.',
    resourceTypes: ['AWS::ApiGateway::Method'],
  },
  check,
};

export default rule;
