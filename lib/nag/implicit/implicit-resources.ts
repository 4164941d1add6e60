import { DeclaredResource, ImplicitResource } from './implicit-resource';
import { openApiResources } from '../openapi/openapi-resources';
import { isPlainObject as isRecord, SAM_DEFAULT_JWT_IDENTITY_SOURCE, SAM_DEFAULT_TOKEN_HEADER, SAM_HTTP_DEFAULT_STAGE_NAME, SAM_IMPLICIT_HTTP_API, SAM_IMPLICIT_REST_API, samEventsOf, samStageLogicalId } from '../sam/sam-model';

/** The declared resource types that can create resources implicitly. */
export const IMPLICIT_SOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::Function',
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
    if (d.type === 'AWS::Serverless::Api') out.push(...samRestApi(d, declared));
    if (d.type === 'AWS::Serverless::HttpApi') out.push(...samHttpApi(d, declared));
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
  if (p.DefinitionBody !== undefined) rest.Body = p.DefinitionBody;
  if (p.DefinitionUri !== undefined) rest.BodyS3Location = p.DefinitionUri;
  if (p.EndpointConfiguration !== undefined) rest.EndpointConfiguration = typeof p.EndpointConfiguration === 'string' ? { Types: [p.EndpointConfiguration] } : p.EndpointConfiguration;
  out.push({ logicalId: id, type: 'AWS::ApiGateway::RestApi', origin: id, properties: rest });
  out.push(...openApiResources(id, 'rest', rest.Body, rest.BodyS3Location, id, SAM_BODY_PROPERTIES));

  const stage = samStageLogicalId(id, api.type, p.StageName);
  out.push({
    logicalId: stage?.logicalId ?? `${id}.Stage`,
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

  const auth = p.Auth;
  if (auth !== undefined && !isRecord(auth)) {
    out.push({ logicalId: `${id}.Auth`, type: 'AWS::ApiGateway::Authorizer', origin: id, properties: {}, unresolvedProperty: 'Auth' });
  }
  const authorizers = isRecord(auth) && isRecord(auth.Authorizers) ? auth.Authorizers : {};
  for (const [name, a] of Object.entries(authorizers)) {
    if (!isRecord(a)) continue;
    const properties: Record<string, any> = { RestApiId: { Ref: id }, Name: name };
    if (a.UserPoolArn !== undefined) {
      properties.Type = 'COGNITO_USER_POOLS';
      properties.ProviderARNs = Array.isArray(a.UserPoolArn) ? a.UserPoolArn : [a.UserPoolArn];
      properties.IdentitySource = `method.request.header.${isRecord(a.Identity) && a.Identity.Header ? a.Identity.Header : SAM_DEFAULT_TOKEN_HEADER}`;
    } else {
      const request = a.FunctionPayloadType === 'REQUEST';
      properties.Type = request ? 'REQUEST' : 'TOKEN';
      properties.AuthorizerUri = a.FunctionArn;
      const identity = isRecord(a.Identity) ? a.Identity : {};
      properties.IdentitySource = request ? restRequestSources(identity) : `method.request.header.${identity.Header ?? SAM_DEFAULT_TOKEN_HEADER}`;
      if (identity.ReauthorizeEvery !== undefined) properties.AuthorizerResultTtlInSeconds = identity.ReauthorizeEvery;
    }
    out.push({ logicalId: `${id}${name}Authorizer`, type: 'AWS::ApiGateway::Authorizer', origin: id, properties });
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

  // CORS preflight: SAM adds an OPTIONS method with a MOCK integration on every path of the API,
  // carrying the default authorizer unless AddDefaultAuthorizerToCorsPreflight is false.
  if (p.Cors !== undefined) {
    const cors = typeof p.Cors === 'string' ? { AllowOrigin: p.Cors } : p.Cors;
    const parameters: Record<string, unknown> = {};
    if (isRecord(cors)) {
      if (cors.AllowOrigin !== undefined) parameters['method.response.header.Access-Control-Allow-Origin'] = cors.AllowOrigin;
      // SAM answers with Access-Control-Allow-Headers only when AllowHeaders is given.
      if (cors.AllowHeaders !== undefined) parameters['method.response.header.Access-Control-Allow-Headers'] = cors.AllowHeaders;
      if (cors.AllowCredentials !== undefined) {
        parameters['method.response.header.Access-Control-Allow-Credentials'] = cors.AllowCredentials === true || cors.AllowCredentials === 'true' ? "'true'" : cors.AllowCredentials;
      }
    }
    const preflightAuth = isRecord(auth) && auth.AddDefaultAuthorizerToCorsPreflight !== false ? auth.DefaultAuthorizer : undefined;
    for (const path of restPathsOf(id, declared)) {
      out.push({
        logicalId: `${id}.OPTIONS ${path}`,
        type: 'AWS::ApiGateway::Method',
        origin: id,
        properties: {
          RestApiId: { Ref: id },
          HttpMethod: 'OPTIONS',
          ResourceId: path,
          ...restAuthorization(id, auth, preflightAuth === undefined ? 'NONE' : preflightAuth, undefined),
          Integration: { Type: 'MOCK', IntegrationResponses: [{ StatusCode: '200', ResponseParameters: parameters }] },
        },
      });
    }
  }
  return out;
}

function restRequestSources(identity: Record<string, any>): unknown {
  const sources: string[] = [];
  const add = (list: unknown, prefix: string) => Array.isArray(list) && list.forEach((x) => sources.push(`${prefix}${x}`));
  add(identity.Headers, 'method.request.header.');
  add(identity.QueryStrings, 'method.request.querystring.');
  add(identity.StageVariables, 'stageVariables.');
  add(identity.Context, 'context.');
  return sources.join(', ');
}

/** The paths of the `Api` events that target a SAM REST API. */
function restPathsOf(apiId: string, declared: readonly DeclaredResource[]): string[] {
  const paths: string[] = [];
  for (const d of declared) {
    if (d.type !== 'AWS::Serverless::Function') continue;
    for (const event of samEventsOf(d.properties)) {
      if (event.type === 'Api' && eventApi(event.properties.RestApiId, SAM_IMPLICIT_REST_API) === apiId && typeof event.properties.Path === 'string' && !paths.includes(event.properties.Path)) {
        paths.push(event.properties.Path);
      }
    }
  }
  return paths;
}

/**
 * The authorization a REST method gets: the event's `Auth.Authorizer`, else the API's
 * `DefaultAuthorizer`, else none. `NONE` and `AWS_IAM` are authorization types; any other
 * name is an authorizer of the API's `Auth.Authorizers`.
 */
function restAuthorization(apiId: string, apiAuth: unknown, chosen: unknown, eventScopes: unknown): Record<string, unknown> {
  if (chosen === undefined || chosen === 'NONE') return { AuthorizationType: 'NONE' };
  if (chosen === 'AWS_IAM') return { AuthorizationType: 'AWS_IAM' };
  if (typeof chosen !== 'string') return { AuthorizationType: chosen };
  const authorizer = isRecord(apiAuth) && isRecord(apiAuth.Authorizers) ? apiAuth.Authorizers[chosen] : undefined;
  if (!isRecord(authorizer)) return { AuthorizationType: { 'Fn::ImportValue': `sam-authorizer:${chosen}` } };
  return {
    AuthorizationType: authorizer.UserPoolArn !== undefined ? 'COGNITO_USER_POOLS' : 'CUSTOM',
    AuthorizerId: { Ref: `${apiId}${chosen}Authorizer` },
    AuthorizationScopes: eventScopes ?? authorizer.AuthorizationScopes,
  };
}

function samHttpApi(api: DeclaredResource, declared: readonly DeclaredResource[]): ImplicitResource[] {
  const p = api.properties;
  const id = api.logicalId;
  const out: ImplicitResource[] = [];
  const v2: Record<string, any> = { Name: p.Name ?? id, ProtocolType: 'HTTP', DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint };
  if (p.DefinitionBody !== undefined) v2.Body = p.DefinitionBody;
  if (p.DefinitionUri !== undefined) v2.BodyS3Location = p.DefinitionUri;
  if (p.CorsConfiguration === true) v2.CorsConfiguration = { AllowOrigins: ['*'] };
  else if (p.CorsConfiguration !== undefined) v2.CorsConfiguration = p.CorsConfiguration;
  out.push({ logicalId: id, type: 'AWS::ApiGatewayV2::Api', origin: id, properties: v2 });
  out.push(...openApiResources(id, 'http', v2.Body, v2.BodyS3Location, id, SAM_BODY_PROPERTIES));

  const stage = samStageLogicalId(id, api.type, p.StageName);
  out.push({
    logicalId: stage?.logicalId ?? `${id}.Stage`,
    type: 'AWS::ApiGatewayV2::Stage',
    origin: id,
    properties: {
      ApiId: { Ref: id },
      StageName: p.StageName ?? SAM_HTTP_DEFAULT_STAGE_NAME,
      AutoDeploy: true,
      DefaultRouteSettings: p.DefaultRouteSettings,
      RouteSettings: p.RouteSettings,
      AccessLogSettings: p.AccessLogSettings,
    },
  });

  const auth = p.Auth;
  if (auth !== undefined && !isRecord(auth)) {
    out.push({ logicalId: `${id}.Auth`, type: 'AWS::ApiGatewayV2::Authorizer', origin: id, properties: {}, unresolvedProperty: 'Auth' });
  }
  const authorizers = isRecord(auth) && isRecord(auth.Authorizers) ? auth.Authorizers : {};
  for (const [name, a] of Object.entries(authorizers)) {
    if (!isRecord(a)) continue;
    const properties: Record<string, any> = { ApiId: { Ref: id }, Name: name };
    if (a.JwtConfiguration !== undefined) {
      const jwt = isRecord(a.JwtConfiguration) ? a.JwtConfiguration : undefined;
      properties.AuthorizerType = 'JWT';
      properties.JwtConfiguration = jwt === undefined
        ? a.JwtConfiguration
        : { Issuer: jwt.issuer ?? jwt.Issuer, Audience: jwt.audience ?? jwt.Audience };
      properties.IdentitySource = [a.IdentitySource ?? SAM_DEFAULT_JWT_IDENTITY_SOURCE];
    } else {
      const identity = isRecord(a.Identity) ? a.Identity : {};
      properties.AuthorizerType = 'REQUEST';
      properties.AuthorizerUri = a.FunctionArn;
      const sources: string[] = [];
      if (Array.isArray(identity.Headers)) identity.Headers.forEach((h: unknown) => sources.push(`$request.header.${h}`));
      if (Array.isArray(identity.QueryStrings)) identity.QueryStrings.forEach((q: unknown) => sources.push(`$request.querystring.${q}`));
      properties.IdentitySource = sources;
      if (identity.ReauthorizeEvery !== undefined) properties.AuthorizerResultTtlInSeconds = identity.ReauthorizeEvery;
    }
    out.push({ logicalId: `${id}${name}Authorizer`, type: 'AWS::ApiGatewayV2::Authorizer', origin: id, properties });
  }

  const domain = p.Domain;
  if (isRecord(domain)) {
    out.push({
      logicalId: `${id}.DomainName`,
      type: 'AWS::ApiGatewayV2::DomainName',
      origin: id,
      properties: {
        DomainName: domain.DomainName,
        DomainNameConfigurations: [{ SecurityPolicy: domain.SecurityPolicy, CertificateArn: domain.CertificateArn }],
      },
    });
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

/** The routes, methods and Lambda permissions SAM creates for a function's `Api` and `HttpApi` events. */
function samFunctionEvents(fn: DeclaredResource, byId: ReadonlyMap<string, DeclaredResource>): ImplicitResource[] {
  const out: ImplicitResource[] = [];
  if (fn.properties.Events !== undefined && !isRecord(fn.properties.Events)) {
    out.push({ logicalId: `${fn.logicalId}.Events`, type: 'AWS::ApiGateway::Method', origin: fn.logicalId, properties: {}, unresolvedProperty: 'Events' });
    return out;
  }
  for (const event of samEventsOf(fn.properties)) {
    const e = event.properties;
    const eventAuth = isRecord(e.Auth) ? e.Auth : {};
    if (event.type === 'Api') {
      const apiId = eventApi(e.RestApiId, SAM_IMPLICIT_REST_API);
      const api = apiId === undefined ? undefined : byId.get(apiId);
      const method = typeof e.Method === 'string' ? e.Method.toUpperCase() : e.Method;
      const apiAuth = api?.properties.Auth;
      const chosen = chosenAuthorizer(e.Auth, eventAuth, apiAuth);
      const known = apiId !== undefined && (api !== undefined || apiId === SAM_IMPLICIT_REST_API);
      const authorization = known ? restAuthorization(apiId!, apiAuth, chosen, eventAuth.AuthorizationScopes) : { AuthorizationType: { 'Fn::ImportValue': 'sam-external-api' } };
      out.push({
        logicalId: `${fn.logicalId}.${event.name}`,
        type: 'AWS::ApiGateway::Method',
        origin: fn.logicalId,
        properties: {
          RestApiId: apiId === undefined ? e.RestApiId : { Ref: apiId },
          HttpMethod: method,
          ResourceId: e.Path,
          ...authorization,
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
        },
      });
      if (apiId !== undefined) out.push(permission(fn, event.name, `${EXECUTE_API_ARN}:\${${apiId}}/*/${method === 'ANY' ? '*' : method}/*`));
    } else if (event.type === 'HttpApi') {
      const apiId = eventApi(e.ApiId, SAM_IMPLICIT_HTTP_API);
      const api = apiId === undefined ? undefined : byId.get(apiId);
      const apiAuth = api?.properties.Auth;
      const chosen = chosenAuthorizer(e.Auth, eventAuth, apiAuth);
      const routeKey = e.Path === undefined && e.Method === undefined ? '$default' : `${typeof e.Method === 'string' ? e.Method.toUpperCase() : 'ANY'} ${e.Path}`;
      out.push({
        logicalId: `${fn.logicalId}.${event.name}`,
        type: 'AWS::ApiGatewayV2::Route',
        origin: fn.logicalId,
        properties: {
          ApiId: apiId === undefined ? e.ApiId : { Ref: apiId },
          RouteKey: routeKey,
          ...httpAuthorization(apiId, apiAuth, chosen, eventAuth.AuthorizationScopes),
        },
      });
      if (apiId !== undefined) out.push(permission(fn, event.name, `${EXECUTE_API_ARN}:\${${apiId}}/*`));
    }
  }
  return out;
}

function httpAuthorization(apiId: string | undefined, apiAuth: unknown, chosen: unknown, eventScopes: unknown): Record<string, unknown> {
  if (chosen === undefined || chosen === 'NONE') return { AuthorizationType: 'NONE' };
  if (chosen === 'AWS_IAM') return { AuthorizationType: 'AWS_IAM' };
  if (typeof chosen !== 'string' || apiId === undefined) return { AuthorizationType: typeof chosen === 'string' ? { 'Fn::ImportValue': 'sam-external-api' } : chosen };
  const authorizer = isRecord(apiAuth) && isRecord(apiAuth.Authorizers) ? apiAuth.Authorizers[chosen] : undefined;
  if (!isRecord(authorizer)) return { AuthorizationType: { 'Fn::ImportValue': `sam-authorizer:${chosen}` } };
  return {
    AuthorizationType: authorizer.JwtConfiguration !== undefined ? 'JWT' : 'CUSTOM',
    AuthorizerId: { Ref: `${apiId}${chosen}Authorizer` },
    AuthorizationScopes: eventScopes ?? authorizer.AuthorizationScopes,
  };
}

function permission(fn: DeclaredResource, event: string, sourceArn: string): ImplicitResource {
  return {
    logicalId: `${fn.logicalId}.${event}Permission`,
    type: 'AWS::Lambda::Permission',
    origin: fn.logicalId,
    properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: fn.logicalId }, Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Sub': sourceArn } },
  };
}

/** An event's `Auth.Authorizer`, else the API's `DefaultAuthorizer`; an `Auth` that is an intrinsic (on either) leaves it unknown. */
function chosenAuthorizer(eventAuthValue: unknown, eventAuth: Record<string, any>, apiAuth: unknown): unknown {
  if (eventAuthValue !== undefined && !isRecord(eventAuthValue)) return eventAuthValue;
  return eventAuth.Authorizer ?? (isRecord(apiAuth) ? apiAuth.DefaultAuthorizer : apiAuth);
}

/** The API an event targets: the implicit API when it names none, the logical id of a `Ref`, else undefined. */
function eventApi(value: unknown, implicit: string): string | undefined {
  if (value === undefined) return implicit;
  if (typeof value === 'object' && value !== null && typeof (value as { Ref?: unknown }).Ref === 'string') return (value as { Ref: string }).Ref;
  return undefined;
}
