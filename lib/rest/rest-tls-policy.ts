import { EndpointAccessMode, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import { EDGE_ENHANCED_POLICIES, isEnhancedPolicy, REGIONAL_ENHANCED_POLICIES } from '../domain/domain-tls-policy';

/**
 * The TLS security policy of a REST API's own endpoint (`AWS::ApiGateway::RestApi` `SecurityPolicy`),
 * which API Gateway also negotiates with when the API is called through a custom domain ("Your API can
 * be mapped to a custom domain name with a different security policy than your API. When you invoke
 * that custom domain name, API Gateway uses the security policy of the API to negotiate the TLS
 * handshake": https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html).
 *
 * Without a policy, a Regional or edge-optimized API's endpoint accepts TLS 1.0 and a private API's TLS 1.2.
 * Regional and private APIs take the Regional enhanced policies, edge-optimized APIs the `_EDGE` ones
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html).
 */

/** The strongest policy of each endpoint type: TLS 1.3 only. */
export function defaultRestSecurityPolicy(endpointType: EndpointType): SecurityPolicy {
  return endpointType === EndpointType.EDGE ? SecurityPolicy.TLS13_2025_EDGE : SecurityPolicy.TLS13_1_3_2025_09;
}

/**
 * The endpoint access mode Portcullis sets with an enhanced policy: STRICT, which API Gateway
 * recommends "whenever possible". A STRICT API answers only requests that arrive through its own
 * endpoint type and (Regional, private) whose TLS SNI matches the Host header; edge-optimized APIs get
 * CloudFront's domain-fronting protection
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html#apigateway-security-policies-endpoint-access-mode).
 */
export const DEFAULT_REST_ENDPOINT_ACCESS_MODE = EndpointAccessMode.STRICT;

/** What is wrong with `policy` on an API of `endpointType`, and the fix; undefined when it is allowed. */
export function restSecurityPolicyProblem(policy: string, endpointType: EndpointType): { problem: string; fix: string } | undefined {
  const strongest = defaultRestSecurityPolicy(endpointType);
  if (policy === SecurityPolicy.TLS_1_0 || policy === SecurityPolicy.TLS_1_2) return undefined;
  if (!isEnhancedPolicy(policy)) return { problem: 'is not a security policy this library knows', fix: `leave securityPolicy out (${strongest})` };
  const allowed = endpointType === EndpointType.EDGE ? EDGE_ENHANCED_POLICIES : REGIONAL_ENHANCED_POLICIES;
  if (!allowed.includes(policy as SecurityPolicy)) {
    return { problem: `is not offered on ${endpointType} APIs`, fix: `use one of ${allowed.join(', ')}, or leave securityPolicy out (${strongest})` };
  }
  return undefined;
}
