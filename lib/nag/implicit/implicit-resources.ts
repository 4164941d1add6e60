import { DeclaredResource, ImplicitResource } from './implicit-resource';
import { openApiResources, unreadableRoutes } from '../openapi/openapi-resources';
import { samHttpDefinition, samHttpRouteSettings } from '../sam/sam-http-definition';
import { isPlainObject as isRecord, SAM_EXTRA_REST_STAGE_NAME, SAM_HTTP_DEFAULT_STAGE_NAME, SAM_IMPLICIT_HTTP_API, SAM_IMPLICIT_REST_API, samEventsOf, samStageLogicalId, SamEvent, samV2DomainName } from '../sam/sam-model';
import { SamApiEvent, samRestDefinition } from '../sam/sam-rest-definition';
import { samWebSocketApi } from '../sam/sam-websocket-api';

/** The declared resource types that can create resources implicitly. */
export const IMPLICIT_SOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::Function',
  'AWS::Serverless::WebSocketApi',
]);

/** How SAM names the definition an API is imported from (S3 or a local file `sam package` uploads). */
const SAM_BODY_PROPERTIES = { body: 'DefinitionBody', location: 'DefinitionUri' };

const EXECUTE_API_ARN = 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}';

/**
 * The resources the declared ones create implicitly. `declared` is every resource of the template,
 * so function events can be matched to the API they name.
 */
export function implicitResources(declared: readonly DeclaredResource[]): ImplicitResource[] {
  const out: ImplicitResource[] = [];
  const byId = new Map(declared.map((d) => [d.logicalId, d]));
  for (const d of declared) {
    if (d.type === 'AWS::ApiGatewayV2::Api' && d.properties.Target !== undefined) out.push(...quickCreate(d));
    if (d.type === 'AWS::ApiGatewayV2::Api') out.push(...openApiResources(d.logicalId, 'http', d.properties.Body, d.properties.BodyS3Location, d.logicalId));
    if (d.type === 'AWS::ApiGateway::RestApi') out.push(...openApiResources(d.logicalId, 'rest', d.properties.Body, d.properties.BodyS3Location, d.logicalId));
    // CloneFrom: API Gateway copies the methods and authorizers of another API, which no template shows.
    if (d.type === 'AWS::ApiGateway::RestApi' && d.properties.CloneFrom !== undefined) out.push(...unreadableRoutes(d.logicalId, 'rest', 'CloneFrom', d.logicalId));
    if (d.type === 'AWS::Serverless::Api') out.push(...samRestApi(d, declared));
    if (d.type === 'AWS::Serverless::HttpApi') out.push(...samHttpApi(d, declared));
    if (d.type === 'AWS::Serverless::WebSocketApi') out.push(...samWebSocketApi(d));
    if (d.type === 'AWS::Serverless::Function') out.push(...samFunctionEvents(d, byId));
  }
  return out;
}

/** Quick create (`Target`): a `$default` route (or `RouteKey`) without authorization and an auto-deployed `$default` stage with no settings. */
function quickCreate(api: DeclaredResource): ImplicitResource[] {
  const p = api.properties;
  return [
    {
      logicalId: `${api.logicalId}.QuickCreateRoute`,
      type: 'AWS::ApiGatewayV2::Route',
      origin: api.logicalId,
      properties: { ApiId: { Ref: api.logicalId }, RouteKey: p.RouteKey ?? '$default', AuthorizationType: 'NONE', Target: p.Target },
    },
    {
      logicalId: `${api.logicalId}.QuickCreateStage`,
      type: 'AWS::ApiGatewayV2::Stage',
      origin: api.logicalId,
      properties: { ApiId: { Ref: api.logicalId }, StageName: '$default', AutoDeploy: true },
    },
  ];
}

function samRestApi(api: DeclaredResource, declared: readonly DeclaredResource[]): ImplicitResource[] {
  const p = api.properties;
  const id = api.logicalId;
  const out: ImplicitResource[] = [];
  const rest: Record<string, any> = { Name: p.Name ?? id, DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint };
  // SAM copies both onto the RestApi (aws-sam-translator's ApiGenerator, 1.110).
  if (p.SecurityPolicy !== undefined) rest.SecurityPolicy = p.SecurityPolicy;
  if (p.EndpointAccessMode !== undefined) rest.EndpointAccessMode = p.EndpointAccessMode;
  const definition = samRestDefinition(p, restEventsOf(id, declared));
  if (definition.body !== undefined) rest.Body = definition.body;
  if (p.DefinitionUri !== undefined) rest.BodyS3Location = p.DefinitionUri;
  if (p.EndpointConfiguration !== undefined) rest.EndpointConfiguration = typeof p.EndpointConfiguration === 'string' ? { Types: [p.EndpointConfiguration] } : p.EndpointConfiguration;
  out.push({ logicalId: id, type: 'AWS::ApiGateway::RestApi', origin: id, properties: rest });
  // A method an event added is the function's; the rest (the definition's own, CORS preflight) the API's.
  out.push(...openApiResources(id, 'rest', rest.Body, rest.BodyS3Location, id, SAM_BODY_PROPERTIES,
    (method, path) => definition.addedBy.get(`${method} ${path}`) ?? id));

  const stage = samStageLogicalId(id, api.type, p.StageName);
  out.push({
    logicalId: stage.logicalId,
    type: 'AWS::ApiGateway::Stage',
    origin: id,
    properties: {
      RestApiId: { Ref: id },
      StageName: p.StageName,
      MethodSettings: p.MethodSettings,
      AccessLogSetting: p.AccessLogSetting,
      TracingEnabled: p.TracingEnabled,
      CacheClusterEnabled: p.CacheClusterEnabled,
      Variables: p.Variables,
    },
  });

  if (p.OpenApiVersion === undefined) {
    // Without OpenApiVersion, SAM's deployment names a stage (`Stage`) API Gateway creates with no settings.
    out.push({
      logicalId: `${id}Deployment`,
      type: 'AWS::ApiGateway::Deployment',
      origin: id,
      properties: { RestApiId: { Ref: id }, StageName: SAM_EXTRA_REST_STAGE_NAME },
    });
  }

  const auth = p.Auth;
  if (auth !== undefined && !isRecord(auth)) {
    out.push({ logicalId: `${id}.Auth`, type: 'AWS::ApiGateway::Authorizer', origin: id, properties: {}, unresolvedProperty: 'Auth' });
  }
  // SAM lets API Gateway call each Lambda authorizer (`<Api><Name>AuthorizerPermission`).
  const authorizers = isRecord(auth) && isRecord(auth.Authorizers) ? auth.Authorizers : {};
  for (const [name, a] of Object.entries(authorizers)) {
    if (!isRecord(a) || a.UserPoolArn !== undefined || a.FunctionArn === undefined || a.DisableFunctionDefaultPermissions === true) continue;
    out.push(authorizerPermission(id, name, a.FunctionArn));
  }

  const domain = p.Domain;
  if (isRecord(domain)) {
    out.push({
      logicalId: `${id}.DomainName`,
      type: 'AWS::ApiGateway::DomainName',
      origin: id,
      properties: { DomainName: domain.DomainName, SecurityPolicy: domain.SecurityPolicy, CertificateArn: domain.CertificateArn },
    });
    out.push({
      logicalId: `${id}.BasePathMapping`,
      type: 'AWS::ApiGateway::BasePathMapping',
      origin: id,
      properties: { DomainName: domain.DomainName, RestApiId: { Ref: id }, Stage: p.StageName },
    });
  }

  return out;
}

/** The `Api` events that target a SAM REST API, in template order. */
function restEventsOf(apiId: string, declared: readonly DeclaredResource[]): SamApiEvent[] {
  return eventsOf(declared, (event) => event.type === 'Api' && eventApi(event.properties.RestApiId, SAM_IMPLICIT_REST_API) === apiId);
}

/** The `HttpApi` events that target a SAM HTTP API, in template order. */
function httpEventsOf(apiId: string, declared: readonly DeclaredResource[]): SamApiEvent[] {
  return eventsOf(declared, (event) => event.type === 'HttpApi' && eventApi(event.properties.ApiId, SAM_IMPLICIT_HTTP_API) === apiId);
}

function eventsOf(declared: readonly DeclaredResource[], matches: (event: SamEvent) => boolean): SamApiEvent[] {
  const events: SamApiEvent[] = [];
  for (const d of declared) {
    if (d.type !== 'AWS::Serverless::Function' || !isRecord(d.properties.Events)) continue;
    for (const event of samEventsOf(d.properties)) if (matches(event)) events.push({ functionId: d.logicalId, event });
  }
  return events;
}

function samHttpApi(api: DeclaredResource, declared: readonly DeclaredResource[]): ImplicitResource[] {
  const p = api.properties;
  const id = api.logicalId;
  const out: ImplicitResource[] = [];
  const v2: Record<string, any> = { Name: p.Name ?? id, ProtocolType: 'HTTP', DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint };
  const events = httpEventsOf(id, declared);
  const definition = samHttpDefinition(p, events);
  if (definition.body !== undefined) v2.Body = definition.body;
  if (p.DefinitionUri !== undefined) v2.BodyS3Location = p.DefinitionUri;
  // SAM writes CorsConfiguration into the definition (`x-amazon-apigateway-cors`), not onto the API.
  out.push({ logicalId: id, type: 'AWS::ApiGatewayV2::Api', origin: id, properties: v2 });
  // A route an event added is the function's; the definition's own routes are the API's.
  out.push(...openApiResources(id, 'http', v2.Body, v2.BodyS3Location, id, SAM_BODY_PROPERTIES,
    (method, path) => definition.addedBy.get(`${method} ${path}`) ?? id));

  const stage = samStageLogicalId(id, api.type, p.StageName);
  out.push({
    logicalId: stage.logicalId,
    type: 'AWS::ApiGatewayV2::Stage',
    origin: id,
    properties: {
      ApiId: { Ref: id },
      StageName: p.StageName ?? SAM_HTTP_DEFAULT_STAGE_NAME,
      AutoDeploy: true,
      DefaultRouteSettings: p.DefaultRouteSettings,
      RouteSettings: samHttpRouteSettings(p.RouteSettings, events),
      AccessLogSettings: p.AccessLogSettings,
    },
  });

  const auth = p.Auth;
  if (auth !== undefined && !isRecord(auth)) {
    out.push({ logicalId: `${id}.Auth`, type: 'AWS::ApiGatewayV2::Authorizer', origin: id, properties: {}, unresolvedProperty: 'Auth' });
  }
  // An HTTP API's Lambda authorizer gets a permission only with EnableFunctionDefaultPermissions.
  const authorizers = isRecord(auth) && isRecord(auth.Authorizers) ? auth.Authorizers : {};
  for (const [name, a] of Object.entries(authorizers)) {
    if (!isRecord(a) || a.FunctionArn === undefined || a.EnableFunctionDefaultPermissions !== true) continue;
    out.push(authorizerPermission(id, name, a.FunctionArn));
  }

  const domain = p.Domain;
  const domainName = samV2DomainName(id, domain);
  if (domainName !== undefined && isRecord(domain)) {
    out.push(domainName);
    out.push({
      logicalId: `${id}.ApiMapping`,
      type: 'AWS::ApiGatewayV2::ApiMapping',
      origin: id,
      properties: { DomainName: domain.DomainName, ApiId: { Ref: id }, Stage: p.StageName ?? SAM_HTTP_DEFAULT_STAGE_NAME },
    });
  }
  void declared;
  return out;
}

/** The Lambda permissions SAM creates for a function's `Api` and `HttpApi` events (the routes and methods are the API's definition's). */
function samFunctionEvents(fn: DeclaredResource, byId: ReadonlyMap<string, DeclaredResource>): ImplicitResource[] {
  const out: ImplicitResource[] = [];
  if (fn.properties.Events !== undefined && !isRecord(fn.properties.Events)) {
    out.push({ logicalId: `${fn.logicalId}.Events`, type: 'AWS::ApiGateway::Method', origin: fn.logicalId, properties: {}, unresolvedProperty: 'Events' });
    return out;
  }
  for (const event of samEventsOf(fn.properties)) {
    const e = event.properties;
    if (event.type === 'Api') {
      // The method is the API's definition's (samRestDefinition) when SAM adds it there; an event aimed at
      // a plain RestApi, or a Serverless::Api whose DefinitionBody SAM does not manage, adds only the permission.
      const apiId = eventApi(e.RestApiId, SAM_IMPLICIT_REST_API);
      const method = typeof e.Method === 'string' ? e.Method.toUpperCase() : e.Method;
      const resource = `/*/${method === 'ANY' ? '*' : method}/*`;
      out.push(permission(fn, event.name, apiId === undefined
        ? { 'Fn::Sub': [`${EXECUTE_API_ARN}:\${__ApiId__}${resource}`, { __ApiId__: e.RestApiId }] }
        : { 'Fn::Sub': `${EXECUTE_API_ARN}:\${${apiId}}${resource}` }));
    } else if (event.type === 'HttpApi') {
      // The route is the API's definition's (samHttpDefinition); the event adds the permission.
      const apiId = eventApi(e.ApiId, SAM_IMPLICIT_HTTP_API);
      // SAM gives no permission of its own to a route of a function that the API's `$default` route already invokes.
      const isDefault = e.Path === undefined && e.Method === undefined;
      if (apiId !== undefined && (isDefault || !invokedByDefaultRoute(fn, apiId, byId.get(apiId)))) {
        out.push(permission(fn, event.name, { 'Fn::Sub': `${EXECUTE_API_ARN}:\${${apiId}}/*` }));
      }
    }
  }
  return out;
}

/**
 * Whether the HTTP API's `$default` route invokes the function: an event of the function without Path and
 * Method on that API, or an `ANY $default` integration naming `${<Function>.Arn}` in its DefinitionBody
 * (aws-sam-translator `HttpApi._get_permission`).
 */
function invokedByDefaultRoute(fn: DeclaredResource, apiId: string, api: DeclaredResource | undefined): boolean {
  const hasDefaultEvent = samEventsOf(fn.properties).some((event) => event.type === 'HttpApi'
    && event.properties.Path === undefined && event.properties.Method === undefined
    && eventApi(event.properties.ApiId, SAM_IMPLICIT_HTTP_API) === apiId);
  if (hasDefaultEvent) return true;
  const body = api?.properties.DefinitionBody;
  const paths = isRecord(body) && isRecord(body.paths) ? body.paths : {};
  const item = paths.$default ?? paths['/$default'];
  const uri = isRecord(item) && isRecord(item['x-amazon-apigateway-any-method']) ? item['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration']?.uri : undefined;
  const sub = isRecord(uri) ? uri['Fn::Sub'] : undefined;
  return typeof sub === 'string' && (sub.match(/([A-Za-z0-9]+)\.Arn/)?.[1] === fn.logicalId);
}

/** The permission SAM gives API Gateway to call a Lambda authorizer (`<Api><Name>AuthorizerPermission`). */
function authorizerPermission(apiId: string, name: string, functionArn: unknown): ImplicitResource {
  return {
    logicalId: `${apiId}${name}AuthorizerPermission`,
    type: 'AWS::Lambda::Permission',
    origin: apiId,
    properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArn,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Sub': [`${EXECUTE_API_ARN}:\${__ApiId__}/authorizers/*`, { __ApiId__: { Ref: apiId } }] },
    },
  };
}

function permission(fn: DeclaredResource, event: string, sourceArn: unknown): ImplicitResource {
  return {
    logicalId: `${fn.logicalId}.${event}Permission`,
    type: 'AWS::Lambda::Permission',
    origin: fn.logicalId,
    properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: fn.logicalId }, Principal: 'apigateway.amazonaws.com', SourceArn: sourceArn },
  };
}

/** The API an event targets: the implicit API when it names none, the logical id of a `Ref`, else undefined. */
function eventApi(value: unknown, implicit: string): string | undefined {
  if (value === undefined) return implicit;
  if (typeof value === 'object' && value !== null && typeof (value as { Ref?: unknown }).Ref === 'string') return (value as { Ref: string }).Ref;
  return undefined;
}
