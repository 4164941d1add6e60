import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved, unresolvedFinding } from '../../findings';
import { listValue, objectValue, scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * JWT authorizers (v2, and REST native JWT set through property overrides) name the audiences they accept.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGatewayV2::Authorizer') {
    const p = resource.properties;
    const type = scalar(p.AuthorizerType);
    if (type.kind === 'unresolved') return [unresolved('AuthorizerType')];
    if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
    const configuration = objectValue(p.JwtConfiguration);
    if (configuration === 'unresolved') return [unresolved('JwtConfiguration')];
    return audiences(configuration?.Audience, 'Audience');
  }
  if (resource.type === 'AWS::ApiGateway::Authorizer') {
    const p = resource.properties;
    const type = scalar(p.Type);
    if (type.kind === 'unresolved') return [unresolved('Type')];
    if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
    const configuration = objectValue(p.JwtConfiguration);
    if (configuration === 'unresolved') return [unresolved('JwtConfiguration')];
    const issuers = listValue(configuration?.Issuers);
    if (issuers === 'unresolved') return [unresolved('Issuers')];
    if (issuers === undefined || issuers.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const results = issuers.map((item) => {
      const issuer = objectValue(item);
      return issuer === 'unresolved' ? [unresolved('Issuers')] : audiences(issuer?.Audiences, 'Audiences');
    });
    return combineResults(results);
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}

/** At least one audience, none of them blank (`''`, only spaces, or null). */
function audiences(value: unknown, property: string): NagRuleResult {
  const list = listValue(value);
  if (list === 'unresolved') return [unresolved(property)];
  if (list === undefined || list.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  if (list.some(isBlank)) return NagRuleCompliance.NON_COMPLIANT;
  return NagRuleCompliance.COMPLIANT;
}

function isBlank(audience: unknown): boolean {
  const value = scalar(audience);
  return value.kind === 'absent' || (value.kind === 'known' && String(value.value).trim() === '');
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-JwtAudience',
    level: NagMessageLevel.ERROR,
    info: 'The JWT authorizer does not restrict the token audience.',
    explanation:
      'Without an audience, any token the issuer signs for any client or API is accepted, so a token obtained for another application can call this API. A blank audience (empty or only spaces) names no client.',
    fix: 'Set `jwtAudience` on `HttpJwtAuthorizer` (or `userPoolClients` on `HttpUserPoolAuthorizer`); for a REST native JWT authorizer set `Audiences` on every issuer in `JwtConfiguration.Issuers`.',
    resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::Authorizer'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
