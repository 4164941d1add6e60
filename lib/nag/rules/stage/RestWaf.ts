import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { renderTemplate, soloPlaceholder } from '../../intrinsics';
import { webAclAssociationTargets } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { restStageOf } from '../../stage-settings';

/** `.../restapis/<api-id>/stages/<stage-name>` at the end of a REST stage ARN. */
const STAGE_ARN = /\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/**
 * REST API stages are associated with an AWS WAFv2 web ACL (an `AWS::WAFv2::WebACLAssociation` in this stack).
 */
function check(resource: ResourceView): NagRuleResult {
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const apiId = renderTemplate(stage.restApiId);
  if (apiId === undefined) return [unresolved('RestApiId')];
  const names = new Set<string>();
  if (stage.stageLogicalId !== undefined) names.add(`\${${stage.stageLogicalId}}`);
  const stageName = renderTemplate(stage.stageName);
  if (stageName !== undefined) names.add(stageName);
  let sawUnresolved = false;
  for (const target of webAclAssociationTargets(resource.stack)) {
    const match = target === undefined ? null : STAGE_ARN.exec(target);
    if (match === null) {
      // An association we cannot read might be the one protecting this stage.
      sawUnresolved ||= target === undefined || isOpaqueReference(resource, target);
      continue;
    }
    if (match[1] === apiId && names.has(match[2])) return NagRuleCompliance.COMPLIANT;
  }
  return sawUnresolved ? [unresolved('WebACLAssociation')] : NagRuleCompliance.NON_COMPLIANT;
}

/** A bare `${Name}` that is not a resource of this stack: a parameter or other value only known at deploy time. */
function isOpaqueReference(resource: ResourceView, target: string): boolean {
  const solo = soloPlaceholder(target);
  return solo !== undefined && resource.stack.byId(solo.name) === undefined;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestWaf',
    level: NagMessageLevel.ERROR,
    info: 'The REST API stage is not associated with an AWS WAFv2 web ACL in this stack.',
    explanation:
      'A web ACL filters common exploits, bots and floods before they reach your integrations and authorizers, and adds rate-based rules per client IP that stage throttling does not offer.',
    fix: 'On a `SecureRestApi`, leave `webAcl` out (it creates a `GatewayWebAcl`) or pass one; no WAF at all needs `wafDisabledReason`, which acknowledges this rule on the stage. Otherwise use `new GatewayWebAcl(this, \'Waf\').associate(\'Stage\', restApi.deploymentStage.stageArn)`, or create a `wafv2.CfnWebACLAssociation` with `resourceArn: restApi.deploymentStage.stageArn` and the web ACL\'s ARN.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      { suffix: 'unresolved:WebACLAssociation', meaning: 'No association matches the stage, and an association in the stack has a ResourceArn the pack cannot read; it may or may not be this stage.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
