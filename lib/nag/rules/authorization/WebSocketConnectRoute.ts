import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { referencedLogicalId, scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * WebSocket APIs have a `$connect` route in the same template: without one, API Gateway accepts
 * every connection, and no authorizer ever runs. With nested stacks in the template the route may be
 * in one of them: unresolved rather than reported.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::ApiGatewayV2::Api') return NagRuleCompliance.NOT_APPLICABLE;
  const protocol = scalar(resource.properties.ProtocolType);
  if (protocol.kind === 'unresolved') return [unresolved('ProtocolType')];
  if (protocol.kind !== 'known' || protocol.value !== 'WEBSOCKET') return NagRuleCompliance.NOT_APPLICABLE;
  let unknownKey = false;
  for (const route of resource.stack.ofType('AWS::ApiGatewayV2::Route')) {
    if (referencedLogicalId(route.properties.ApiId) !== resource.logicalId) continue;
    const key = scalar(route.properties.RouteKey);
    if (key.kind === 'known' && key.value === '$connect') return NagRuleCompliance.COMPLIANT;
    if (key.kind === 'unresolved') unknownKey = true;
  }
  // A nested stack of this template may hold the route (it would reach the API through a parameter).
  const nested = resource.stack.ofType('AWS::CloudFormation::Stack').length > 0;
  return unknownKey || nested ? [unresolved('RouteKey')] : NagRuleCompliance.NON_COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-WebSocketConnectRoute',
    level: NagMessageLevel.ERROR,
    info: 'The WebSocket API has no $connect route, so every connection is accepted without authorization.',
    explanation:
      'A WebSocket API checks who is calling only on its $connect route, once per connection. Without a $connect route there is nothing to attach an authorizer to: API Gateway opens every connection, and every route ($default, custom routes) can then be called by anyone who can reach the endpoint. RouteAuthorization cannot report it, because there is no route to report.',
    fix: 'Add a `$connect` route with an authorizer: `connectRouteOptions: { integration, authorizer: new WebSocketLambdaAuthorizer(...) }` on the `WebSocketApi` (or `SecureWebSocketApi`, which requires one). If the route is declared in another template (an imported API), acknowledge with where it is.',
    resourceTypes: ['AWS::ApiGatewayV2::Api'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
