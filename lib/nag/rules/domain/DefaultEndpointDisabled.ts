import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { booleanValue, referencedLogicalId } from '../../intrinsics';
import { API_RESOURCE_TYPES, apisMappedToCustomDomains, mappingApiProperty } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * APIs served through a custom domain disable their default `execute-api` endpoint;
 * a mapping to an API outside this stack is reported as unresolved.
 */
function check(resource: ResourceView): NagRuleResult {
  const type = resource.type;
  if (API_RESOURCE_TYPES.has(type)) {
    if (!apisMappedToCustomDomains(resource.stack).has(resource.logicalId)) return NagRuleCompliance.NOT_APPLICABLE;
    const disabled = booleanValue(resource.properties.DisableExecuteApiEndpoint);
    if (disabled === 'unresolved') return [unresolved('DisableExecuteApiEndpoint')];
    return disabled === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  const property = mappingApiProperty(type);
  if (property === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  // The mapped API is checked on the API itself; here only make sure it is one we can see.
  const apiId = referencedLogicalId(resource.properties[property]);
  const api = apiId === undefined ? undefined : resource.stack.byId(apiId);
  return api !== undefined && API_RESOURCE_TYPES.has(api.type) ? NagRuleCompliance.COMPLIANT : [unresolved(property)];
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-DefaultEndpointDisabled',
    level: NagMessageLevel.ERROR,
    info: 'The API is mapped to a custom domain but its default execute-api endpoint is still enabled.',
    explanation:
      'Controls placed on the custom domain (mutual TLS, the TLS policy, a WAF or CDN in front of it) are bypassed by calling https://<api-id>.execute-api.<region>.amazonaws.com directly.',
    fix: 'Map a Portcullis API with a `GatewayDomain` (it turns the endpoint off), or set its `disableExecuteApiEndpoint: true`; keeping the endpoint needs `keepExecuteApiEndpointReason` (`serveThroughCustomDomain`). On a plain `HttpApi`, `WebSocketApi` or `RestApi`, set `disableExecuteApiEndpoint: true`.',
    resourceTypes: [
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGateway::BasePathMapping',
      'AWS::ApiGateway::BasePathMappingV2',
      'AWS::ApiGatewayV2::ApiMapping',
    ],
    findings: [
      {
        suffix: 'unresolved:RestApiId',
        meaning: 'A REST custom-domain mapping points at an API outside this stack, whose default endpoint cannot be checked: disable it on that API and acknowledge here.',
      },
      {
        suffix: 'unresolved:ApiId',
        meaning: 'A v2 API mapping points at an API outside this stack, whose default endpoint cannot be checked: disable it on that API and acknowledge here.',
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
