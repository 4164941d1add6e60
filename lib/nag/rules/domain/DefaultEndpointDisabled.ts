import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { booleanValue, referencedLogicalId } from '../../intrinsics';
import { API_RESOURCE_TYPES, apisMappedToCustomDomains, mappingApiProperty } from '../../related-resources';
import { indexOf, propertiesOf } from '../../resource-index';

/**
 * APIs served through a custom domain disable their default `execute-api` endpoint;
 * a mapping to an API outside this stack is reported as unresolved.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    const type = node.cfnResourceType;
    if (API_RESOURCE_TYPES.has(type)) {
      const logicalId = indexOf(node).entryOf(node)?.logicalId ?? (node.stack.resolve(node.logicalId) as string);
      if (!apisMappedToCustomDomains(node).has(logicalId)) return NagRuleCompliance.NOT_APPLICABLE;
      const disabled = booleanValue(propertiesOf(node).DisableExecuteApiEndpoint);
      if (disabled === 'unresolved') return [unresolved('DisableExecuteApiEndpoint')];
      return disabled === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    const property = mappingApiProperty(type);
    if (property === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    // The mapped API is checked on the API itself; here only make sure it is one we can see.
    const apiId = referencedLogicalId(propertiesOf(node)[property]);
    const api = apiId === undefined ? undefined : indexOf(node).byId(apiId);
    return api !== undefined && API_RESOURCE_TYPES.has(api.type) ? NagRuleCompliance.COMPLIANT : [unresolved(property)];
  },
  'name',
  { value: parse(__filename).name },
);
