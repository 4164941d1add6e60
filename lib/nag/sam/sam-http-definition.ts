import { SAM_DEFAULT_JWT_IDENTITY_SOURCE, isPlainObject } from './sam-model';
import type { SamApiEvent, SamRestDefinition } from './sam-rest-definition';
import { OPENAPI_CORS } from '../openapi/openapi-cors';
import { conditionalOperations } from '../openapi/openapi-resources';

const INTEGRATION = 'x-amazon-apigateway-integration';
const ANY_METHOD = 'x-amazon-apigateway-any-method';
const LAMBDA_URI = 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations';

/**
 * The OpenAPI definition SAM writes into the `Body` of the HTTP API it generates for an
 * `AWS::Serverless::HttpApi` (aws-sam-translator 1.110: `HttpApi` event source, `HttpApiGenerator._add_auth`,
 * `OpenApiEditor`). Unlike a REST API, SAM adds each `HttpApi` event's route to the `DefinitionBody` too,
 * unless the route already has an integration (then only the event's `Auth.Authorizer` is appended to its
 * security). `Auth.Authorizers` (and `EnableIamAuthorizer`) become security schemes; `DefaultAuthorizer` is set
 * on every integrated route whose `security` is missing or empty (`Authorizer: NONE` stays a marker that
 * authenticates nothing). An `Auth` that is an intrinsic becomes the security of the routes it would set.
 */
export function samHttpDefinition(properties: Record<string, any>, events: readonly SamApiEvent[]): SamRestDefinition {
  const addedBy = new Map<string, string>();
  const given = properties.DefinitionBody;
  if (given === undefined && properties.DefinitionUri !== undefined) return { body: undefined, addedBy };
  if (given !== undefined && !(isPlainObject(given) && isPlainObject(given.paths))) return { body: given, addedBy };
  const body: Record<string, any> = given === undefined
    ? { openapi: '3.0.1', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths: {} }
    : JSON.parse(JSON.stringify(given));
  const paths = body.paths as Record<string, any>;
  const apiAuth = properties.Auth;
  const authConfig = isPlainObject(apiAuth) ? apiAuth : {};
  const authorizers = isPlainObject(authConfig.Authorizers) ? authConfig.Authorizers : {};

  for (const { functionId, event } of events) {
    const e = event.properties;
    // An event without Path and Method is the API's `$default` route.
    const path = e.Path === undefined && e.Method === undefined ? '/$default' : e.Path;
    const method = e.Method ?? 'ANY';
    if (typeof path !== 'string' || typeof method !== 'string') continue;
    const key = method.toLowerCase() === 'any' ? ANY_METHOD : method.toLowerCase();
    const item = isPlainObject(paths[path]) ? paths[path] : (paths[path] = {});
    let operation = item[key];
    if (!(isPlainObject(operation) && operation[INTEGRATION] !== undefined)) {
      operation = { ...(isPlainObject(operation) ? operation : {}) };
      operation[INTEGRATION] = { type: 'aws_proxy', httpMethod: 'POST', payloadFormatVersion: '2.0', uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${functionId}.Arn}/invocations` } };
      operation.responses ??= {};
      item[key] = operation;
      addedBy.set(`${key === ANY_METHOD ? 'ANY' : key.toUpperCase()} ${path}`, functionId);
    }
    if (e.Auth === undefined) continue;
    if (!isPlainObject(e.Auth)) {
      operation.security = e.Auth;
      continue;
    }
    const authorizer = e.Auth.Authorizer ?? authConfig.DefaultAuthorizer;
    if (authorizer === undefined) continue;
    if (typeof authorizer !== 'string') {
      operation.security = authorizer;
      continue;
    }
    let scopes: unknown = [];
    if (authorizer !== 'NONE' && authorizer !== 'AWS_IAM') {
      const configured = isPlainObject(authorizers[authorizer]) ? authorizers[authorizer] : {};
      const own = e.Auth.AuthorizationScopes;
      const chosen = Array.isArray(own) && own.length > 0 ? own : configured.AuthorizationScopes;
      if (chosen) scopes = chosen;
    }
    operation.security = [...(Array.isArray(operation.security) ? operation.security : []), { [authorizer]: scopes }];
  }

  if (properties.CorsConfiguration !== undefined) addCors(body, properties.CorsConfiguration);

  if (apiAuth !== undefined && !isPlainObject(apiAuth)) {
    forEachIntegratedRoute(paths, (operation) => { operation.security = apiAuth; });
    return { body, addedBy };
  }
  if (!isPlainObject(apiAuth)) return { body, addedBy };
  const schemes: Record<string, unknown> = {};
  if (authConfig.EnableIamAuthorizer === true) schemes.AWS_IAM = { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  for (const [name, authorizer] of Object.entries(authorizers)) schemes[name] = authorizerScheme(authorizer);
  body.components = isPlainObject(body.components) ? body.components : {};
  body.components.securitySchemes = { ...(isPlainObject(body.components.securitySchemes) ? body.components.securitySchemes : {}), ...schemes };
  const defaultAuthorizer = authConfig.DefaultAuthorizer;
  if (typeof defaultAuthorizer === 'string') {
    const configured = isPlainObject(authorizers[defaultAuthorizer]) ? authorizers[defaultAuthorizer] : {};
    const scopes = Array.isArray(configured.AuthorizationScopes) ? configured.AuthorizationScopes : [];
    forEachIntegratedRoute(paths, (operation, key) => {
      if (key === 'options') return;
      const existing = operation.security;
      if (Array.isArray(existing) ? existing.length > 0 : existing !== undefined && existing !== null) return;
      operation.security = [{ [defaultAuthorizer]: scopes }];
    });
  }
  return { body, addedBy };
}

/**
 * The stage's `RouteSettings` as SAM writes them: the API's, with each event's `RouteSettings` merged into
 * its route's entry (`METHOD /path`, or `$default` for an event without Path and Method; the event's keys win).
 */
export function samHttpRouteSettings(apiRouteSettings: unknown, events: readonly SamApiEvent[]): unknown {
  const withSettings = events.filter(({ event }) => event.properties.RouteSettings !== undefined);
  if (withSettings.length === 0) return apiRouteSettings;
  if (apiRouteSettings !== undefined && !isPlainObject(apiRouteSettings)) return apiRouteSettings;
  const merged: Record<string, any> = JSON.parse(JSON.stringify(apiRouteSettings ?? {}));
  for (const { event } of withSettings) {
    const e = event.properties;
    const route = e.Path === undefined && e.Method === undefined ? '$default'
      : String(e.Method).toLowerCase() === 'any' ? String(e.Path) : `${String(e.Method).toUpperCase()} ${e.Path}`;
    if (!isPlainObject(e.RouteSettings)) {
      merged[route] = e.RouteSettings;
      continue;
    }
    merged[route] = { ...(isPlainObject(merged[route]) ? merged[route] : {}), ...e.RouteSettings };
  }
  return merged;
}

/**
 * `HttpApiGenerator._add_cors`: `CorsConfiguration` written into the definition's `x-amazon-apigateway-cors`
 * (`true` allows every origin; keys in the extension's camel case; the definition's own keys stay unless set).
 */
function addCors(body: Record<string, any>, cors: unknown): void {
  if (cors === false) return;
  if (cors === true) {
    body[OPENAPI_CORS] = { ...(isPlainObject(body[OPENAPI_CORS]) ? body[OPENAPI_CORS] : {}), allowOrigins: ['*'] };
    return;
  }
  if (!isPlainObject(cors)) {
    body[OPENAPI_CORS] = cors;
    return;
  }
  const merged: Record<string, unknown> = isPlainObject(body[OPENAPI_CORS]) ? { ...body[OPENAPI_CORS] } : {};
  for (const [key, value] of Object.entries(cors)) {
    if (value === undefined || (key === 'AllowCredentials' && value !== true)) continue;
    merged[key.charAt(0).toLowerCase() + key.slice(1)] = value;
  }
  body[OPENAPI_CORS] = merged;
}

/** `ApiGatewayV2Authorizer.generate_openapi`: a JWT or Lambda REQUEST authorizer as a security scheme. */
function authorizerScheme(authorizer: unknown): unknown {
  if (!isPlainObject(authorizer)) return { 'x-amazon-apigateway-authorizer': authorizer };
  if (authorizer.JwtConfiguration !== undefined) {
    return {
      'type': 'oauth2',
      'x-amazon-apigateway-authorizer': {
        // SAM lower-cases the keys (`Issuer` → `issuer`).
        jwtConfiguration: isPlainObject(authorizer.JwtConfiguration)
          ? Object.fromEntries(Object.entries(authorizer.JwtConfiguration).map(([k, v]) => [k.toLowerCase(), v]))
          : authorizer.JwtConfiguration,
        identitySource: authorizer.IdentitySource ?? SAM_DEFAULT_JWT_IDENTITY_SOURCE,
        type: 'jwt',
      },
    };
  }
  const identity = isPlainObject(authorizer.Identity) ? authorizer.Identity : undefined;
  const lambda: Record<string, unknown> = { type: 'request', authorizerUri: { 'Fn::Sub': [LAMBDA_URI, { __FunctionArn__: authorizer.FunctionArn }] } };
  if (identity !== undefined) {
    if (identity.ReauthorizeEvery !== undefined) lambda.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
    const sources: string[] = [];
    const add = (list: unknown, prefix: string) => Array.isArray(list) && list.forEach((x) => sources.push(`${prefix}${x}`));
    add(identity.Headers, '$request.header.');
    add(identity.QueryStrings, '$request.querystring.');
    add(identity.StageVariables, '$stageVariables.');
    add(identity.Context, '$context.');
    lambda.identitySource = sources;
  }
  lambda.authorizerPayloadFormatVersion = authorizer.AuthorizerPayloadFormatVersion;
  if (authorizer.EnableSimpleResponses !== undefined) lambda.enableSimpleResponses = authorizer.EnableSimpleResponses;
  return { 'type': 'apiKey', 'name': 'Unused', 'in': 'header', 'x-amazon-apigateway-authorizer': lambda };
}

function forEachIntegratedRoute(paths: Record<string, any>, visit: (operation: Record<string, any>, key: string) => void): void {
  for (const item of Object.values(paths)) {
    for (const [key, operation] of conditionalOperations(item)) {
      if (key === 'parameters' || operation[INTEGRATION] === undefined) continue;
      visit(operation, key.toLowerCase());
    }
  }
}
