import type { ImplicitResource } from '../implicit/implicit-resource';
import { isPlainObject } from '../sam/sam-model';

/**
 * Routes (HTTP API) or methods (REST API) and authorizers that `property` of the API creates and no
 * template shows: one route/method and one authorizer stand for them, `[unresolved:<property>]` for
 * every rule.
 */
export function unreadableRoutes(apiId: string, kind: 'rest' | 'http', property: string, origin: string): ImplicitResource[] {
  const routeType = kind === 'rest' ? 'AWS::ApiGateway::Method' : 'AWS::ApiGatewayV2::Route';
  const authorizerType = kind === 'rest' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer';
  return [
    { logicalId: `${apiId}.${property}.routes`, type: routeType, origin, properties: {}, unresolvedProperty: property },
    { logicalId: `${apiId}.${property}.authorizers`, type: authorizerType, origin, properties: {}, unresolvedProperty: property },
  ];
}

/**
 * The routes (HTTP API) or methods (REST API) and the authorizers an OpenAPI definition in an API's
 * `Body` creates, as API Gateway imports it:
 * - an operation's authorization is its first security requirement (the operation's `security`,
 *   else the document's), naming a scheme of `components.securitySchemes` / `securityDefinitions`:
 *   `x-amazon-apigateway-authorizer` (token, request, cognito_user_pools, jwt) or
 *   `x-amazon-apigateway-authtype: awsSigv4` authenticate; a plain `apiKey` scheme, an empty
 *   requirement `{}` or no requirement do not;
 * - an operation's `x-amazon-apigateway-auth: { type: AWS_IAM }` authenticates;
 * - `x-amazon-apigateway-authorizer` definitions become authorizers, checked like declared ones.
 * A `Body` that is an intrinsic (`Fn::Transform: AWS::Include`, …) or a `BodyS3Location` cannot be
 * read: one route/method and one authorizer stand for its content, `[unresolved:Body]` /
 * `[unresolved:BodyS3Location]` for every rule.
 */
export function openApiResources(
  apiId: string, kind: 'rest' | 'http', body: unknown, bodyS3Location: unknown, origin: string,
  names: { readonly body: string; readonly location: string } = { body: 'Body', location: 'BodyS3Location' },
  originOf: (method: string, path: string) => string = () => origin,
): ImplicitResource[] {
  const routeType = kind === 'rest' ? 'AWS::ApiGateway::Method' : 'AWS::ApiGatewayV2::Route';
  const authorizerType = kind === 'rest' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer';
  const opaque = (property: string): ImplicitResource[] => unreadableRoutes(apiId, kind, property, origin);
  if (body === undefined) return bodyS3Location === undefined ? [] : opaque(names.location);
  if (!isPlainObject(body) || !isPlainObject(body.paths)) return opaque(names.body);

  const out: ImplicitResource[] = [];
  const schemes = securitySchemes(body);
  const apiRef = kind === 'rest' ? { RestApiId: { Ref: apiId } } : { ApiId: { Ref: apiId } };
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = isPlainObject(scheme) ? scheme['x-amazon-apigateway-authorizer'] : undefined;
    if (authorizer === undefined) continue;
    out.push({
      logicalId: authorizerLogicalId(apiId, name),
      type: authorizerType,
      origin,
      properties: { ...apiRef, Name: name, ...(kind === 'rest' ? restAuthorizer(authorizer, scheme) : httpAuthorizer(authorizer)) },
      ...(isPlainObject(authorizer) ? {} : { unresolvedProperty: names.body }),
    });
  }

  for (const [path, item] of Object.entries(body.paths)) {
    for (const [key, operation] of conditionalOperations(item)) {
      const method = httpMethodOf(key);
      if (method === undefined) continue;
      const authorization = operationAuthorization(apiId, kind, operation, body.security, schemes);
      const integration = operation['x-amazon-apigateway-integration'];
      const integrationType = isPlainObject(integration) && typeof integration.type === 'string' ? integration.type.toUpperCase() : undefined;
      out.push(kind === 'rest'
        ? {
          logicalId: `${apiId}.${method} ${path}`,
          type: routeType,
          origin: originOf(method, path),
          properties: {
            ...apiRef,
            HttpMethod: method,
            ResourceId: path,
            ...authorization,
            Integration: integrationType ? { Type: integrationType, IntegrationResponses: integrationResponses(integration) } : undefined,
          },
        }
        : {
          logicalId: `${apiId}.${method} ${path}`,
          type: routeType,
          origin: originOf(method, path),
          properties: { ...apiRef, RouteKey: routeKey(method, path), ...authorization },
        });
    }
  }
  return out;
}

/** An HTTP API route key; `x-amazon-apigateway-any-method` on `/$default` (SAM writes it so) is the `$default` route. */
function routeKey(method: string, path: string): string {
  return method === 'ANY' && (path === '$default' || path === '/$default') ? '$default' : `${method} ${path}`;
}

/**
 * What a value under `Fn::If` may be: both branches, `AWS::NoValue` left out (SAM wraps the paths and
 * methods of a function with a `Condition` so); any other value as it is.
 */
export function conditionalContents(value: unknown): unknown[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const branches = (value as Record<string, unknown>)['Fn::If'];
    if (Object.keys(value).length === 1 && Array.isArray(branches) && branches.length === 3) {
      const noValue = (b: unknown) => typeof b === 'object' && b !== null && (b as { Ref?: unknown }).Ref === 'AWS::NoValue';
      return branches.slice(1).filter((b) => !noValue(b)).flatMap((b) => conditionalContents(b));
    }
  }
  return [value];
}

/** The `[method key, operation]` pairs of a path item, through `Fn::If` on the item and on each operation. */
export function conditionalOperations(item: unknown): [string, Record<string, any>][] {
  const out: [string, Record<string, any>][] = [];
  for (const content of conditionalContents(item)) {
    if (!isPlainObject(content)) continue;
    for (const [key, value] of Object.entries(content)) {
      for (const operation of conditionalContents(value)) if (isPlainObject(operation)) out.push([key, operation]);
    }
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function httpMethodOf(key: string): string | undefined {
  if (key === 'x-amazon-apigateway-any-method') return 'ANY';
  return METHODS.includes(key.toLowerCase()) ? key.toUpperCase() : undefined;
}

function securitySchemes(body: Record<string, any>): Record<string, unknown> {
  const v3 = isPlainObject(body.components) && isPlainObject(body.components.securitySchemes) ? body.components.securitySchemes : {};
  const v2 = isPlainObject(body.securityDefinitions) ? body.securityDefinitions : {};
  return { ...v2, ...v3 };
}

function authorizerLogicalId(apiId: string, scheme: string): string {
  return `${apiId}.authorizer.${scheme}`;
}

/** The authorization an operation gets, as the properties of a declared route or method. */
function operationAuthorization(
  apiId: string, kind: 'rest' | 'http', operation: Record<string, any>, rootSecurity: unknown, schemes: Record<string, unknown>,
): Record<string, unknown> {
  const auth = operation['x-amazon-apigateway-auth'];
  if (isPlainObject(auth) && auth.type !== undefined) {
    const type = typeof auth.type === 'string' ? auth.type.toUpperCase() : auth.type;
    return { AuthorizationType: type === 'AWS_IAM' ? 'AWS_IAM' : type === 'NONE' ? 'NONE' : type };
  }
  const security = operation.security ?? rootSecurity;
  if (security === undefined) return { AuthorizationType: 'NONE' };
  if (!Array.isArray(security)) return { AuthorizationType: security };
  // API Gateway applies every requirement: an API key scheme marks the key required, an authorizer or
  // SigV4 scheme authenticates, so the method is authenticated by the first requirement that does.
  let unknown: Record<string, unknown> | undefined;
  for (const requirement of security) {
    if (!isPlainObject(requirement)) return { AuthorizationType: requirement };
    for (const name of Object.keys(requirement)) {
      const authorization = requirementAuthorization(apiId, kind, name, requirement[name], schemes);
      if (authorization === undefined) continue;
      if (typeof authorization.AuthorizationType !== 'string') unknown ??= authorization;
      else return authorization;
    }
  }
  // An empty list, `{}` (optional authentication) or only API keys: nothing authenticates.
  return unknown ?? { AuthorizationType: 'NONE' };
}

/**
 * The authorization a security requirement naming `name` gives, or undefined when it does not
 * authenticate (an API key, SAM's `NONE` / `api_key_false` markers, which name no scheme and that API
 * Gateway ignores).
 */
function requirementAuthorization(
  apiId: string, kind: 'rest' | 'http', name: string, requiredScopes: unknown, schemes: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const scheme = schemes[name];
  if (scheme === undefined) {
    return SAM_MARKERS.includes(name) ? undefined : { AuthorizationType: { 'Fn::ImportValue': `openapi-scheme:${name}` } };
  }
  if (!isPlainObject(scheme)) return { AuthorizationType: scheme };
  const scopes = Array.isArray(requiredScopes) && requiredScopes.length > 0 ? requiredScopes : undefined;
  const authType = typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? scheme['x-amazon-apigateway-authtype'].toLowerCase() : undefined;
  const authorizer = scheme['x-amazon-apigateway-authorizer'];
  if (authorizer === undefined) {
    if (authType === 'awssigv4') return { AuthorizationType: 'AWS_IAM' };
    // An API key identifies a client for usage plans; it does not authenticate a caller.
    return undefined;
  }
  const authorizerType = isPlainObject(authorizer) && typeof authorizer.type === 'string' ? authorizer.type.toLowerCase() : undefined;
  const type = authorizerType === 'cognito_user_pools' ? 'COGNITO_USER_POOLS'
    : authorizerType === 'jwt' ? 'JWT'
      : authorizerType === 'token' || authorizerType === 'request' ? 'CUSTOM'
        : { 'Fn::ImportValue': `openapi-authorizer:${name}` };
  return {
    AuthorizationType: kind === 'http' && type === 'COGNITO_USER_POOLS' ? 'JWT' : type,
    AuthorizerId: { Ref: authorizerLogicalId(apiId, name) },
    AuthorizationScopes: scopes,
  };
}

/** Requirement names SAM leaves in a definition that name no scheme (`Authorizer: NONE`, `ApiKeyRequired: false`). */
const SAM_MARKERS = ['NONE', 'api_key_false'];

/** A REST integration's `responses` as the `IntegrationResponses` of a declared method. */
function integrationResponses(integration: unknown): unknown {
  if (!isPlainObject(integration) || !isPlainObject(integration.responses)) return undefined;
  return Object.values(integration.responses).filter(isPlainObject)
    .map((r) => ({ StatusCode: r.statusCode, ResponseParameters: r.responseParameters }));
}

function restAuthorizer(a: unknown, scheme: unknown): Record<string, unknown> {
  if (!isPlainObject(a)) return {};
  const type = typeof a.type === 'string' ? a.type.toUpperCase() : a.type;
  // A TOKEN or Cognito authorizer without identitySource reads the header the scheme names.
  const header = isPlainObject(scheme) && typeof scheme.name === 'string' && scheme.in === 'header' && type !== 'REQUEST' ? `method.request.header.${scheme.name}` : undefined;
  return {
    Type: type,
    IdentitySource: a.identitySource ?? header,
    AuthorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
    ProviderARNs: a.providerARNs,
    AuthorizerUri: a.authorizerUri,
  };
}

function httpAuthorizer(a: unknown): Record<string, unknown> {
  if (!isPlainObject(a)) return {};
  const type = typeof a.type === 'string' ? a.type.toUpperCase() : a.type;
  const jwt = isPlainObject(a.jwtConfiguration) ? a.jwtConfiguration : undefined;
  const identitySource = typeof a.identitySource === 'string' ? a.identitySource.split(',').map((s: string) => s.trim()) : a.identitySource;
  return {
    AuthorizerType: type === 'TOKEN' ? 'REQUEST' : type,
    IdentitySource: identitySource,
    AuthorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
    JwtConfiguration: jwt === undefined ? a.jwtConfiguration : { Issuer: jwt.issuer, Audience: jwt.audience },
    AuthorizerUri: a.authorizerUri,
  };
}
