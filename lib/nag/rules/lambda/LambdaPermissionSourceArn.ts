import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { apiGatewayPrincipalKind } from '../../apigateway-principal';
import { parseExecuteApiArn, fieldKind } from '../../execute-api-arn';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { renderTemplate, soloPlaceholder } from '../../intrinsics';
import { API_RESOURCE_TYPES, referencedResource } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * Lambda permissions for API Gateway are scoped to one API in this account by
 * `SourceArn` (stage, method and route may be wildcards).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::Lambda::Permission') return NagRuleCompliance.NOT_APPLICABLE;
  const p = resource.properties;
  const principal = apiGatewayPrincipalKind(p.Principal);
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
  if (api === 'wildcard') {findings.push('api-wildcard');} else if (api === 'mixed' || api === 'pseudo' || (api === 'reference' && !isApiInStack(resource, arn.apiId))) {
    findings.push(unresolved('SourceArn'));
  }
  return fromFindings([...new Set(findings)]);
}

function isApiInStack(resource: ResourceView, field: string): boolean {
  const solo = soloPlaceholder(field);
  const idAttribute = solo?.attribute === undefined || solo.attribute === 'ApiId' || solo.attribute === 'RestApiId';
  // A permission in a nested stack names the parent's API through a parameter: follow it there.
  const reference = solo?.attribute === undefined ? { Ref: solo?.name } : { 'Fn::GetAtt': [solo.name, solo.attribute] };
  const api = solo === undefined || !idAttribute ? undefined : referencedResource(resource.stack, reference);
  return api !== undefined && API_RESOURCE_TYPES.has(api.type);
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-LambdaPermissionSourceArn',
    level: NagMessageLevel.ERROR,
    info: 'The Lambda permission lets API Gateway invoke the function without a SourceArn scoping it to one API.',
    explanation:
      'A permission for apigateway.amazonaws.com without a SourceArn, or with a wildcard API id or account, lets any API Gateway API (in any account, for an account wildcard) invoke the function: a confused-deputy path around your authorizers.',
    fix: 'Use the integration classes (`HttpLambdaIntegration`, `LambdaIntegration`, `WebSocketLambdaIntegration`), which scope the permission; or pass `sourceArn: api.arnForExecuteApi()` (REST) / `Stack.formatArn({ service: "execute-api", resource: api.apiId, resourceName: "*/*" })` to `addPermission`.',
    resourceTypes: ['AWS::Lambda::Permission'],
    findings: [
      { suffix: 'api-wildcard', meaning: 'The API-id part of the SourceArn is a wildcard: name one API.' },
      { suffix: 'account-wildcard', meaning: 'The account part of the SourceArn is a wildcard or empty: use the API\'s account.' },
      { suffix: 'not-execute-api', meaning: 'The SourceArn is not an execute-api ARN.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
