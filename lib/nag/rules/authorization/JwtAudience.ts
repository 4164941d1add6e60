import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { listValue, scalar } from '../../intrinsics';
import { checkRestIssuers, jwtAuthorizerConfiguration } from '../../jwt-authorizer-configuration';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * JWT authorizers (v2, and REST native JWT set through property overrides) name the audiences they accept.
 */
function check(resource: ResourceView): NagRuleResult {
  const jwt = jwtAuthorizerConfiguration(resource);
  if ('result' in jwt) return jwt.result;
  if (jwt.kind === 'v2') return audiences(jwt.configuration?.Audience, 'Audience');
  if (jwt.issuers === undefined || jwt.issuers.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  return checkRestIssuers(jwt.issuers, (issuer) => audiences(issuer?.Audiences, 'Audiences'));
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
