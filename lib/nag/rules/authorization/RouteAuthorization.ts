import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved } from '../../findings';
import { objectValue, scalar } from '../../intrinsics';
import { v2ApiOf } from '../../related-resources';
import { propertiesOf } from '../../resource-index';

/** Authorization types that name an authorizer resource, per API kind. */
const NEEDS_AUTHORIZER_ID = new Set(['JWT', 'CUSTOM', 'COGNITO_USER_POOLS']);

/**
 * HTTP routes, REST methods and WebSocket `$connect` routes require authorization
 * (a REST `OPTIONS` method with a MOCK integration — a CORS preflight — is exempt).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGateway::Method') return checkRestMethod(node);
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::Route') return checkV2Route(node);
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function checkRestMethod(node: CfnResource): NagRuleResult {
  const p = propertiesOf(node);
  const httpMethod = scalar(p.HttpMethod);
  if (httpMethod.kind === 'known' && String(httpMethod.value).toUpperCase() === 'OPTIONS' && isMockIntegration(p.Integration)) {
    return NagRuleCompliance.COMPLIANT;
  }
  return checkAuthorization(p);
}

function isMockIntegration(integration: unknown): boolean {
  const value = objectValue(integration);
  return typeof value === 'object' && value.Type === 'MOCK';
}

function checkV2Route(node: CfnResource): NagRuleResult {
  const api = v2ApiOf(node);
  if (api.kind !== 'found') return [unresolved('ApiId')];
  const protocol = scalar(api.resource.properties.ProtocolType);
  if (protocol.kind !== 'known') return [unresolved('ProtocolType')];
  const p = propertiesOf(node);
  if (protocol.value === 'WEBSOCKET') {
    // Only $connect can carry an authorizer; later messages ride the authorized connection.
    const routeKey = scalar(p.RouteKey);
    if (routeKey.kind !== 'known') return [unresolved('RouteKey')];
    if (routeKey.value !== '$connect') return NagRuleCompliance.NOT_APPLICABLE;
  }
  return checkAuthorization(p);
}

function checkAuthorization(p: Record<string, any>): NagRuleResult {
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || String(type.value).toUpperCase() === 'NONE') return NagRuleCompliance.NON_COMPLIANT;
  const findings: string[] = [];
  if (NEEDS_AUTHORIZER_ID.has(String(type.value).toUpperCase()) && (p.AuthorizerId === undefined || p.AuthorizerId === '')) {
    findings.push('missing-authorizer');
  }
  return fromFindings(findings);
}
