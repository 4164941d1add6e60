import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { renderTemplate, soloPlaceholder } from '../../intrinsics';
import { webAclAssociationTargets } from '../../related-resources';
import { indexOf } from '../../resource-index';
import { restStageOf } from '../../stage-settings';

/** `.../restapis/<api-id>/stages/<stage-name>` at the end of a REST stage ARN. */
const STAGE_ARN = /\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/**
 * REST API stages are associated with an AWS WAFv2 web ACL (an `AWS::WAFv2::WebACLAssociation` in this stack).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    const stage = restStageOf(node);
    if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const apiId = renderTemplate(stage.restApiId);
    if (apiId === undefined) return [unresolved('RestApiId')];
    const names = new Set<string>();
    if (stage.stageLogicalId !== undefined) names.add(`\${${stage.stageLogicalId}}`);
    const stageName = renderTemplate(stage.stageName);
    if (stageName !== undefined) names.add(stageName);
    let sawUnresolved = false;
    for (const target of webAclAssociationTargets(node)) {
      const match = target === undefined ? null : STAGE_ARN.exec(target);
      if (match === null) {
        // An association we cannot read might be the one protecting this stage.
        sawUnresolved ||= target === undefined || isOpaqueReference(node, target);
        continue;
      }
      if (match[1] === apiId && names.has(match[2])) return NagRuleCompliance.COMPLIANT;
    }
    return sawUnresolved ? [unresolved('WebACLAssociation')] : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/** A bare `${Name}` that is not a resource of this stack: a parameter or other value only known at deploy time. */
function isOpaqueReference(node: CfnResource, target: string): boolean {
  const solo = soloPlaceholder(target);
  return solo !== undefined && indexOf(node).byId(solo.name) === undefined;
}
