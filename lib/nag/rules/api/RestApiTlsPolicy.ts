import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { objectValue, scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { tlsFloor } from '../../tls-policy';

/** The OpenAPI extension that sets a REST API's security policy from its definition. */
const BODY_EXTENSION = 'x-amazon-apigateway-security-policy';

/**
 * A REST API states its own security policy (`SecurityPolicy`, or the definition's
 * `x-amazon-apigateway-security-policy`), and it enforces TLS 1.2 or higher. API Gateway negotiates
 * with the API's policy on its `execute-api` endpoint and through custom domains alike; without one, a
 * Regional or edge-optimized API accepts TLS 1.0.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::ApiGateway::RestApi') return NagRuleCompliance.NOT_APPLICABLE;
  const properties = resource.properties;
  let value = scalar(properties.SecurityPolicy);
  if (value.kind === 'unresolved') return [unresolved('SecurityPolicy')];
  if (value.kind === 'absent') {
    if (properties.BodyS3Location !== undefined) return [unresolved('BodyS3Location')];
    const body = objectValue(properties.Body);
    if (body === 'unresolved') return [unresolved('Body')];
    value = scalar(body?.[BODY_EXTENSION]);
    if (value.kind === 'unresolved') return [unresolved('Body')];
  }
  if (value.kind === 'absent') return NagRuleCompliance.NON_COMPLIANT;
  const floor = tlsFloor(String(value.value));
  if (floor === 'below-1.2') return NagRuleCompliance.NON_COMPLIANT;
  if (floor === 'unrecognised') return ['unrecognised-policy'];
  return NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestApiTlsPolicy',
    level: NagMessageLevel.ERROR,
    info: "The REST API's own security policy is missing or accepts TLS versions below 1.2.",
    explanation:
      "API Gateway negotiates TLS with the API's own security policy, on its execute-api endpoint and also when it is called through a custom domain with a stronger policy. Without SecurityPolicy, a Regional or edge-optimized REST API accepts TLS 1.0 and 1.1, deprecated by RFC 8996 and open to downgrade attacks.",
    fix: 'Set `SecurityPolicy` (or `x-amazon-apigateway-security-policy` in the OpenAPI definition) on the `AWS::ApiGateway::RestApi` (SecureRestApi sets `SecurityPolicy_TLS13_1_3_2025_09`, edge: `SecurityPolicy_TLS13_2025_EDGE`, with `EndpointAccessMode: STRICT`); on a plain `RestApi`, `(api.node.defaultChild as CfnRestApi).securityPolicy = \'SecurityPolicy_TLS13_1_3_2025_09\'` and `endpointAccessMode = \'STRICT\'`, or at least `TLS_1_2`.',
    resourceTypes: ['AWS::ApiGateway::RestApi'],
    findings: [
      { suffix: 'unrecognised-policy', meaning: 'The security policy name is not one the pack knows; check it enforces TLS 1.2 or higher and acknowledge, or use a known policy.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
