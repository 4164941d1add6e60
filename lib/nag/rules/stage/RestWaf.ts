import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { renderTemplate, soloPlaceholder } from '../../intrinsics';
import { referencedResource, webAclAssociationTargets } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { restStageOf } from '../../stage-settings';
import { webAclBlocking } from '../../web-acl-blocking';

/** The finding for a stage whose web ACL blocks nothing. */
const ACL_BLOCKS_NOTHING = 'acl-blocks-nothing';

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
  const associations = resource.stack.ofType('AWS::WAFv2::WebACLAssociation');
  const targets = webAclAssociationTargets(resource.stack);
  for (const [i, target] of targets.entries()) {
    const match = target === undefined ? null : STAGE_ARN.exec(target);
    if (match === null) {
      // An association we cannot read might be the one protecting this stage.
      sawUnresolved ||= target === undefined || isOpaqueReference(resource, target);
      continue;
    }
    if (match[1] === apiId && names.has(match[2])) return associatedAcl(associations[i]);
  }
  return sawUnresolved ? [unresolved('WebACLAssociation')] : NagRuleCompliance.NON_COMPLIANT;
}

/** The associated web ACL, when it is in this stack, blocks something (`Portcullis-WebAclBlocks` reports the rest on the ACL). */
function associatedAcl(association: ResourceView): NagRuleResult {
  const acl = referencedResource(association.stack, association.properties.WebACLArn);
  if (acl === undefined || acl.type !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.COMPLIANT;
  return webAclBlocking(acl) === 'blocks-nothing' ? [ACL_BLOCKS_NOTHING] : NagRuleCompliance.COMPLIANT;
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
      {
        suffix: ACL_BLOCKS_NOTHING,
        meaning: 'The stage\'s web ACL allows by default and has no rule that can block (every rule counts, or there is none): the stage is as exposed as without one. `Portcullis-WebAclBlocks` reports the web ACL too; give it rules that block.',
      },
      { suffix: 'unresolved:WebACLAssociation', meaning: 'No association matches the stage, and an association in the stack has a ResourceArn the pack cannot read; it may or may not be this stage.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
