import type { ImplicitResource } from '../implicit/implicit-resource';
import { isPlainObject } from '../sam/sam-model';

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
): ImplicitResource[] {
  const routeType = kind === 'rest' ? 'AWS::ApiGateway::Method' : 'AWS::ApiGatewayV2::Route';
  const authorizerType = kind === 'rest' ? 'AWS::ApiGateway::Authorizer' : 'AWS::ApiGatewayV2::Authorizer';
  const opaque = (property: string): ImplicitResource[] => [
    { logicalId: `${apiId}.${property}.routes`, type: routeType, origin, properties: {}, unresolvedProperty: property },
    { logicalId: `${apiId}.${property}.authorizers`, type: authorizerType, origin, properties: {}, unresolvedProperty: property },
  ];
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
      properties: { ...apiRef, Name: name, ...(kind === 'rest' ? restAuthorizer(authorizer) : httpAuthorizer(authorizer)) },
      ...(isPlainObject(authorizer) ? {} : { unresolvedProperty: names.body }),
    });
  }

  for (const [path, item] of Object.entries(body.paths)) {
    if (!isPlainObject(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = httpMethodOf(key);
      if (method === undefined || !isPlainObject(operation)) continue;
      const authorization = operationAuthorization(apiId, kind, operation, body.security, schemes);
      const integration = operation['x-amazon-apigateway-integration'];
      const integrationType = isPlainObject(integration) && typeof integration.type === 'string' ? integration.type.toUpperCase() : undefined;
      out.push(kind === 'rest'
        ? {
          logicalId: `${apiId}.${method} ${path}`,
          type: routeType,
          origin,
          properties: {
            ...apiRef,
            HttpMethod: method,
            ResourceId: path,
            ...authorization,
            Integration: integrationType ? { Type: integrationType } : undefined,
          },
        }
        : {
          logicalId: `${apiId}.${method} ${path}`,
          type: routeType,
          origin,
          properties: { ...apiRef, RouteKey: `${method} ${path}`, ...authorization },
        });
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
  const first = security[0];
  if (first === undefined) return { AuthorizationType: 'NONE' };
  if (!isPlainObject(first)) return { AuthorizationType: first };
  const [name] = Object.keys(first);
  // An empty requirement `{}` makes authentication optional.
  if (name === undefined) return { AuthorizationType: 'NONE' };
  const scheme = schemes[name];
  if (scheme === undefined) return { AuthorizationType: { 'Fn::ImportValue': `openapi-scheme:${name}` } };
  if (!isPlainObject(scheme)) return { AuthorizationType: scheme };
  const scopes = Array.isArray(first[name]) && first[name].length > 0 ? first[name] : undefined;
  const authType = typeof scheme['x-amazon-apigateway-authtype'] === 'string' ? scheme['x-amazon-apigateway-authtype'].toLowerCase() : undefined;
  const authorizer = scheme['x-amazon-apigateway-authorizer'];
  if (authorizer === undefined) {
    if (authType === 'awssigv4') return { AuthorizationType: 'AWS_IAM' };
    // An API key identifies a client for usage plans; it does not authenticate a caller.
    return { AuthorizationType: 'NONE' };
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

function restAuthorizer(a: unknown): Record<string, unknown> {
  if (!isPlainObject(a)) return {};
  const type = typeof a.type === 'string' ? a.type.toUpperCase() : a.type;
  return {
    Type: type,
    IdentitySource: a.identitySource,
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
