import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved } from '../../findings';
import { listValue, objectValue, scalar } from '../../intrinsics';
import { propertiesOf } from '../../resource-index';

/**
 * JWT authorizers (v2, and REST native JWT set through property overrides) name the audiences they accept.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::Authorizer') {
      const p = propertiesOf(node);
      const type = scalar(p.AuthorizerType);
      if (type.kind === 'unresolved') return [unresolved('AuthorizerType')];
      if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
      const configuration = objectValue(p.JwtConfiguration);
      if (configuration === 'unresolved') return [unresolved('JwtConfiguration')];
      return audiences(configuration?.Audience, 'Audience');
    }
    if (node.cfnResourceType === 'AWS::ApiGateway::Authorizer') {
      const p = propertiesOf(node);
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
  },
  'name',
  { value: parse(__filename).name },
);

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
