import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved } from '../../findings';
import { listValue, objectValue, scalar } from '../../intrinsics';
import { propertiesOf } from '../../resource-index';
import { tlsFloor } from '../../tls-policy';

/**
 * Custom domains enforce TLS 1.2 or higher (REST: an absent `SecurityPolicy` means TLS 1.0).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGateway::DomainName') {
      return classify(propertiesOf(node).SecurityPolicy, 'TLS_1_0');
    }
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::DomainName') {
      const configurations = listValue(propertiesOf(node).DomainNameConfigurations);
      if (configurations === 'unresolved') return [unresolved('DomainNameConfigurations')];
      const results = (configurations ?? []).map((item) => {
        const configuration = objectValue(item);
        if (configuration === 'unresolved') return [unresolved('DomainNameConfigurations')];
        return classify(configuration?.SecurityPolicy, 'TLS_1_2');
      });
      return combineResults(results);
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function classify(policy: unknown, defaultPolicy: string): NagRuleResult {
  const value = scalar(policy);
  if (value.kind === 'unresolved') return [unresolved('SecurityPolicy')];
  const floor = tlsFloor(value.kind === 'absent' ? defaultPolicy : String(value.value));
  if (floor === 'below-1.2') return NagRuleCompliance.NON_COMPLIANT;
  if (floor === 'unrecognised') return ['unrecognised-policy'];
  return NagRuleCompliance.COMPLIANT;
}
