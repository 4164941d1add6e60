import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { objectValue, scalar } from '../../intrinsics';
import { isPublicPreflightProxy } from '../../preflight';
import { publicRouteStatus } from '../../public-route-record';
import { v2ApiOf } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** Authorization types that name an authorizer resource, per API kind. */
const NEEDS_AUTHORIZER_ID = new Set(['JWT', 'CUSTOM', 'COGNITO_USER_POOLS']);

/**
 * HTTP routes, REST methods and WebSocket `$connect` routes require authorization
 * (a REST `OPTIONS` method with a MOCK integration — a CORS preflight — is exempt).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGateway::Method') return checkRestMethod(resource);
  if (resource.type === 'AWS::ApiGatewayV2::Route') return checkV2Route(resource);
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkRestMethod(resource: ResourceView): NagRuleResult {
  const p = resource.properties;
  const httpMethod = scalar(p.HttpMethod);
  if (httpMethod.kind === 'known' && String(httpMethod.value).toUpperCase() === 'OPTIONS' && isMockIntegration(p.Integration)) {
    return NagRuleCompliance.COMPLIANT;
  }
  // A public OPTIONS method with a Lambda proxy is a preflight served by code: PreflightLambdaProxy reports it.
  if (isPublicPreflightProxy(p)) return NagRuleCompliance.NOT_APPLICABLE;
  return checkAuthorization(resource);
}

function isMockIntegration(integration: unknown): boolean {
  const value = objectValue(integration);
  return typeof value === 'object' && value.Type === 'MOCK';
}

function checkV2Route(resource: ResourceView): NagRuleResult {
  const api = v2ApiOf(resource);
  if (api.kind !== 'found') return [unresolved('ApiId')];
  // An API imported from an OpenAPI definition (Body) is an HTTP API and may omit ProtocolType.
  const imported = api.resource.properties.Body !== undefined || api.resource.properties.BodyS3Location !== undefined;
  const protocol = scalar(api.resource.properties.ProtocolType ?? (imported ? 'HTTP' : undefined));
  if (protocol.kind !== 'known') return [unresolved('ProtocolType')];
  const p = resource.properties;
  if (protocol.value === 'WEBSOCKET') {
    // Only $connect can carry an authorizer; later messages ride the authorized connection.
    const routeKey = scalar(p.RouteKey);
    if (routeKey.kind !== 'known') return [unresolved('RouteKey')];
    if (routeKey.value !== '$connect') return NagRuleCompliance.NOT_APPLICABLE;
  }
  return checkAuthorization(resource);
}

function checkAuthorization(resource: ResourceView): NagRuleResult {
  const p = resource.properties;
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || String(type.value).toUpperCase() === 'NONE') return unauthorized(resource);
  const findings: string[] = [];
  if (NEEDS_AUTHORIZER_ID.has(String(type.value).toUpperCase()) && (p.AuthorizerId === undefined || p.AuthorizerId === '')) {
    findings.push('missing-authorizer');
  }
  return fromFindings(findings);
}

/**
 * An unauthorized route passes only as the public route declared on it: the record on this very
 * resource (not an ancestor), naming its API and its current key, or method and path.
 */
function unauthorized(resource: ResourceView): NagRuleResult {
  switch (publicRouteStatus(resource)) {
    case 'declared': return NagRuleCompliance.COMPLIANT;
    case 'changed': return ['public-route-changed'];
    case 'no-reason': return ['public-route-reason'];
    default: return NagRuleCompliance.NON_COMPLIANT;
  }
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RouteAuthorization',
    level: NagMessageLevel.ERROR,
    info: 'The route or method has no authorization (AuthorizationType NONE or absent).',
    explanation:
      'Anyone who can reach the endpoint can call an unauthorized route. HTTP routes and REST methods each carry their own authorization; on WebSocket APIs only the $connect route can, so it decides who may open a connection. REST OPTIONS methods with a MOCK integration (CORS preflight) and WebSocket routes other than $connect are not reported; a public REST OPTIONS method with a Lambda proxy integration is reported by PreflightLambdaProxy instead. A route declared public with `RouteAuthorization.publicAccess(reason)` passes through the `Portcullis::PublicRoute` record in its own template metadata, which names the API and the route key (HTTP, WebSocket) or the method and path (REST) as declared: the record covers exactly that resource while it is that route, never a route added below it, nor a route key, method, path or API changed afterwards (by `addPropertyOverride` or an escape hatch).',
    fix: 'Give the route an authorizer: `authorizer` on `HttpApi.addRoutes` / `HttpRoute` (or `defaultAuthorizer` on the `HttpApi`), `authorizer` / `authorizationType` on `Resource.addMethod` (or `defaultMethodOptions` on the `RestApi`), and `authorizer` in `connectRouteOptions` of a `WebSocketApi`. Declare a deliberately public route with `authorization: RouteAuthorization.publicAccess(reason)` on the Portcullis construct (`addRoutes` / `addMethod` / `connectAuthorization`), or acknowledge the finding on the route itself.',
    resourceTypes: ['AWS::ApiGatewayV2::Route', 'AWS::ApiGateway::Method'],
    findings: [
      { suffix: 'missing-authorizer', meaning: 'AuthorizationType is JWT, CUSTOM or COGNITO_USER_POOLS but no AuthorizerId is set: attach the authorizer to the route.' },
      { suffix: 'public-route-changed', meaning: 'The route carries a `Portcullis::PublicRoute` record, but its API, route key, HTTP method or resource path is no longer the one declared (changed by an override or escape hatch): remove the override, or declare the route you mean as public.' },
      { suffix: 'public-route-reason', meaning: 'The route\'s `Portcullis::PublicRoute` record has no reason that meets the reason policy: declare it with `RouteAuthorization.publicAccess(reason)`.' },
      {
        suffix: 'unresolved:Body|BodyS3Location|DefinitionBody|DefinitionUri|CloneFrom',
        meaning: 'The API\'s whole OpenAPI definition cannot be read (an S3 location, `Fn::Transform: AWS::Include`, another intrinsic), or the REST API copies the methods and authorizers of another API (`CloneFrom`), which no template shows: its routes, their authorization, its authorizers, CORS and the security policy it may set are not checked. This one finding, on the API, stands for every rule that would read the definition: inline the definition (`Body` / `DefinitionBody`) or declare the methods instead of cloning them, or review them and acknowledge with the reason.',
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
