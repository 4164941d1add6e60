import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { parseExecuteApiArn, fieldKind } from '../../execute-api-arn';
import { fromFindings, unresolved } from '../../findings';
import { isPseudoParameter, placeholders, renderTemplate, soloPlaceholder } from '../../intrinsics';
import { API_RESOURCE_TYPES } from '../../related-resources';
import { indexOf, propertiesOf } from '../../resource-index';

/**
 * Lambda permissions for API Gateway are scoped to one API in this account by
 * `SourceArn` (stage, method and route may be wildcards).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType !== 'AWS::Lambda::Permission') return NagRuleCompliance.NOT_APPLICABLE;
    const p = propertiesOf(node);
    const principal = principalKind(p.Principal);
    if (principal === 'other') return NagRuleCompliance.NOT_APPLICABLE;
    if (principal === 'unresolved') return [unresolved('Principal')];
    if (p.SourceArn === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const template = renderTemplate(p.SourceArn);
    const arn = template === undefined ? undefined : parseExecuteApiArn(template);
    if (arn === undefined) return [unresolved('SourceArn')];
    if (arn.service !== 'execute-api') return ['not-execute-api'];
    const findings: string[] = [];
    const account = fieldKind(arn.account);
    if (account === 'wildcard') findings.push('account-wildcard');
    else if (account !== 'literal' && account !== 'pseudo') findings.push(unresolved('SourceArn'));
    const api = fieldKind(arn.apiId);
    if (api === 'wildcard') {
      findings.push('api-wildcard');
    } else if (api === 'mixed' || api === 'pseudo' || (api === 'reference' && !isApiInStack(node, arn.apiId))) {
      findings.push(unresolved('SourceArn'));
    }
    return fromFindings([...new Set(findings)]);
  },
  'name',
  { value: parse(__filename).name },
);

/** Whether the principal is API Gateway (`apigateway.amazonaws.com`, possibly with `${AWS::URLSuffix}`). */
function principalKind(principal: unknown): 'apigateway' | 'other' | 'unresolved' {
  const template = renderTemplate(principal);
  if (template === undefined) return 'unresolved';
  if (/^apigateway\.(amazonaws\.com(\.cn)?|\$\{AWS::URLSuffix\})$/.test(template)) return 'apigateway';
  const references = placeholders(template).filter((placeholder) => !isPseudoParameter(placeholder));
  return references.length > 0 ? 'unresolved' : 'other';
}

function isApiInStack(node: CfnResource, field: string): boolean {
  const solo = soloPlaceholder(field);
  const idAttribute = solo?.attribute === undefined || solo.attribute === 'ApiId' || solo.attribute === 'RestApiId';
  const api = solo === undefined || !idAttribute ? undefined : indexOf(node).byId(solo.name);
  return api !== undefined && API_RESOURCE_TYPES.has(api.type);
}
