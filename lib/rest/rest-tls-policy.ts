import { CfnRestApi, EndpointAccessMode, EndpointType, RestApi, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { invalidProp, isUnresolved } from '../common/validation';
import { recordWeakening } from '../common/weakening';
import {
  BASIC_ENDPOINT_ACCESS, checkBasicEndpointAccessReason, checkLegacyTlsReason, EDGE_ENHANCED_POLICIES, isEnhancedPolicy, legacyTlsWeakening,
  REGIONAL_ENHANCED_POLICIES,
} from '../domain/domain-tls-policy';
import { LEGACY_TLS_METADATA_KEY } from '../domain/gateway-domain';

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

/** The Portcullis rule that reports a REST API whose own security policy accepts TLS below 1.2 (or is unset). */
export const REST_API_TLS_RULE = 'Portcullis-RestApiTlsPolicy';

/** Metadata key recorded on a REST API whose endpoint access mode is BASIC (`basicEndpointAccessReason`). */
export const BASIC_ENDPOINT_ACCESS_METADATA_KEY = 'Portcullis::BasicEndpointAccess';

/** TLS 1.0 on the API's own endpoint, with `legacyTlsReason`. */
const REST_LEGACY_TLS = legacyTlsWeakening(REST_API_TLS_RULE);

/** What the TLS policy reads of a SecureRestApi's props. */
export interface RestTlsChoices {
  readonly securityPolicy?: SecurityPolicy;
  readonly legacyTlsReason?: string;
  readonly endpointAccessMode?: EndpointAccessMode;
  readonly basicEndpointAccessReason?: string;
}

/**
 * The API's own TLS policy and endpoint access mode (aws-cdk-lib 2.276's `RestApi` has no prop for
 * them: set on the `CfnRestApi`). A TLS 1.0 or BASIC choice is recorded with its reason.
 */
export function applyRestTlsPolicy(api: RestApi, props: RestTlsChoices, endpointType: EndpointType): void {
  const cfnApi = api.node.defaultChild as CfnRestApi;
  const policy = props.securityPolicy ?? defaultRestSecurityPolicy(endpointType);
  cfnApi.securityPolicy = policy;
  if (isEnhancedPolicy(policy)) cfnApi.endpointAccessMode = props.endpointAccessMode ?? DEFAULT_REST_ENDPOINT_ACCESS_MODE;
  // Each weakening under Portcullis::Weakenings, as every construct records them; the older keys stay beside it.
  if (policy === SecurityPolicy.TLS_1_0 && props.legacyTlsReason !== undefined) {
    cfnApi.addMetadata(LEGACY_TLS_METADATA_KEY, {
      securityPolicy: SecurityPolicy.TLS_1_0,
      reason: props.legacyTlsReason,
      consequence: REST_LEGACY_TLS.consequence,
    });
    recordWeakening(cfnApi, REST_LEGACY_TLS, props.legacyTlsReason);
  }
  if (props.endpointAccessMode === EndpointAccessMode.BASIC && props.basicEndpointAccessReason !== undefined) {
    cfnApi.addMetadata(BASIC_ENDPOINT_ACCESS_METADATA_KEY, {
      reason: props.basicEndpointAccessReason,
      consequence: BASIC_ENDPOINT_ACCESS.consequence,
    });
    recordWeakening(cfnApi, BASIC_ENDPOINT_ACCESS, props.basicEndpointAccessReason);
  }
}

/** The checks of securityPolicy, endpointAccessMode and their reasons, reported on `owner`. */
export function checkRestTls(owner: IConstruct, props: RestTlsChoices, endpointType: EndpointType): void {
  const policy = props.securityPolicy;
  if (policy !== undefined && !isUnresolved(policy)) {
    const found = restSecurityPolicyProblem(policy, endpointType);
    if (found) invalidProp(owner, 'securityPolicy', policy, found.problem, found.fix);
  }
  checkLegacyTlsReason(owner, policy, props.legacyTlsReason, REST_API_TLS_RULE);

  const mode = props.endpointAccessMode;
  const enhanced = isEnhancedPolicy(policy ?? defaultRestSecurityPolicy(endpointType));
  if (mode !== undefined && !enhanced) {
    invalidProp(owner, 'endpointAccessMode', mode, `is only used with an enhanced (SecurityPolicy_*) policy, not ${policy}`, 'remove endpointAccessMode');
  }
  checkBasicEndpointAccessReason(owner, mode, props.basicEndpointAccessReason);
}
