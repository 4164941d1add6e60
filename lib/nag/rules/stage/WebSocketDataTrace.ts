import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { booleanValue, objectValue, scalar } from '../../intrinsics';
import { v2ApiOf } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { V2_STAGE } from '../../stage-settings';

/**
 * WebSocket stages do not enable data tracing (whole messages in execution logs), neither in
 * `DefaultRouteSettings` nor for any route in `RouteSettings`. (Only WebSocket stages honour it.)
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== V2_STAGE) return NagRuleCompliance.NOT_APPLICABLE;
  const api = v2ApiOf(resource);
  if (api.kind === 'found') {
    const p = api.resource.properties;
    const protocol = scalar(p.ProtocolType);
    if (protocol.kind === 'known' && protocol.value !== 'WEBSOCKET') return NagRuleCompliance.NOT_APPLICABLE;
    // An API imported from an OpenAPI definition (no ProtocolType) is an HTTP API.
    if (p.ProtocolType === undefined && (p.Body !== undefined || p.BodyS3Location !== undefined)) return NagRuleCompliance.NOT_APPLICABLE;
  }
  const defaults = objectValue(resource.properties.DefaultRouteSettings);
  if (defaults === 'unresolved') return [unresolved('DefaultRouteSettings')];
  const routes = objectValue(resource.properties.RouteSettings);
  if (routes === 'unresolved') return [unresolved('RouteSettings')];
  const settings = [defaults, ...Object.values(routes ?? {}).map((s) => objectValue(s))];
  let sawUnresolved = false;
  for (const setting of settings) {
    if (setting === 'unresolved') {
      sawUnresolved = true;
      continue;
    }
    const enabled = booleanValue(setting?.DataTraceEnabled);
    if (enabled === true) return NagRuleCompliance.NON_COMPLIANT;
    if (enabled === 'unresolved') sawUnresolved = true;
  }
  return sawUnresolved ? [unresolved('DataTraceEnabled')] : NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-WebSocketDataTrace',
    level: NagMessageLevel.ERROR,
    info: 'The WebSocket stage enables data tracing, which logs whole messages.',
    explanation:
      'Data tracing writes every message a client sends and receives, with the tokens, passwords and personal data in it, into CloudWatch execution logs where anyone with log access can read them. AWS recommends it only for short debugging sessions.',
    fix: 'Remove `DataTraceEnabled: true` from `DefaultRouteSettings` and `RouteSettings` of the `AWS::ApiGatewayV2::Stage` (`SecureWebSocketApi` never sets it); keep `LoggingLevel` at ERROR or INFO for execution logs.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
