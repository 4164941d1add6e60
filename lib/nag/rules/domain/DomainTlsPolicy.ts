import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved, unresolvedFinding } from '../../findings';
import { listValue, objectValue, scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { tlsFloor } from '../../tls-policy';

/**
 * Custom domains enforce TLS 1.2 or higher (REST: an absent `SecurityPolicy` means TLS 1.0; private
 * custom domains, `AWS::ApiGateway::DomainNameV2`, must name their policy).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGateway::DomainName') {
    return classify(resource.properties.SecurityPolicy, 'TLS_1_0');
  }
  if (resource.type === 'AWS::ApiGateway::DomainNameV2') {
    // Private custom domains: the template must say which policy, since the documentation states no default.
    if (scalar(resource.properties.SecurityPolicy).kind === 'absent') return ['absent-policy'];
    return classify(resource.properties.SecurityPolicy, 'TLS_1_2');
  }
  if (resource.type === 'AWS::ApiGatewayV2::DomainName') {
    const configurations = listValue(resource.properties.DomainNameConfigurations);
    if (configurations === 'unresolved') return [unresolved('DomainNameConfigurations')];
    const results = (configurations ?? []).map((item) => {
      const configuration = objectValue(item);
      if (configuration === 'unresolved') return [unresolved('DomainNameConfigurations')];
      return classify(configuration?.SecurityPolicy, 'TLS_1_2');
    });
    return combineResults(results);
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}

function classify(policy: unknown, defaultPolicy: string): NagRuleResult {
  const value = scalar(policy);
  if (value.kind === 'unresolved') return [unresolved('SecurityPolicy')];
  const floor = tlsFloor(value.kind === 'absent' ? defaultPolicy : String(value.value));
  if (floor === 'below-1.2') return NagRuleCompliance.NON_COMPLIANT;
  if (floor === 'unrecognised') return ['unrecognised-policy'];
  return NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-DomainTlsPolicy',
    level: NagMessageLevel.ERROR,
    info: 'The custom domain accepts TLS versions below 1.2.',
    explanation:
      'TLS 1.0 and 1.1 are deprecated (RFC 8996) and vulnerable to downgrade attacks. A REST custom domain without a SecurityPolicy uses TLS_1_0; HTTP and WebSocket custom domains default to TLS_1_2; private custom domains (DomainNameV2) are checked on the policy they name.',
    fix: 'On a `GatewayDomain`, leave `securityPolicy` out; `SecurityPolicy.TLS_1_0` needs `legacyTlsReason`, which acknowledges this rule on the domain. Otherwise set `securityPolicy: SecurityPolicy.TLS_1_2` (or an enhanced `SecurityPolicy_TLS13_*` policy) on the REST `DomainName` / `domainName` options; on a v2 `DomainName` leave `securityPolicy` unset or set `SecurityPolicy.TLS_1_2`.',
    resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName'],
    findings: [
      { suffix: 'absent-policy', meaning: 'A private custom domain (DomainNameV2) without SecurityPolicy: set TLS_1_2 or an enhanced SecurityPolicy_TLS13_* policy so the template states what it accepts.' },
      { suffix: 'unrecognised-policy', meaning: 'The security policy name is not one the pack knows; check it enforces TLS 1.2 or higher and acknowledge, or use a known policy.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
