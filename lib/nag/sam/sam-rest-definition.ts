import { isPlainObject, SamEvent } from './sam-model';
import { conditionalContents, conditionalOperations } from '../openapi/openapi-resources';

/** A function `Api` event aimed at one `AWS::Serverless::Api`. */
export interface SamApiEvent {
  /** Logical id of the `AWS::Serverless::Function`. */
  readonly functionId: string;
  readonly event: SamEvent;
}

/** The OpenAPI definition SAM deploys as a REST API's `Body`, and which function added each operation. */
export interface SamRestDefinition {
  /** The definition (`DefinitionBody` merged with events, CORS and `Auth`), or the unreadable value as given. */
  readonly body: unknown;
  /** `METHOD path` (e.g. `GET /orders`, `ANY /x`) → the function whose event SAM added it for. */
  readonly addedBy: ReadonlyMap<string, string>;
}

const INTEGRATION = 'x-amazon-apigateway-integration';
const ANY_METHOD = 'x-amazon-apigateway-any-method';
/** Keys of a path item that are not operations (aws-sam-translator `SwaggerEditor._EXCLUDED_PATHS_FIELDS`). */
const NOT_OPERATIONS = ['summary', 'description', 'parameters'];

/**
 * The definition SAM writes into the `Body` of the RestApi it generates for an `AWS::Serverless::Api`
 * (aws-sam-translator 1.110: `DefaultDefinitionBodyPlugin`, the `Api` event source, `ApiGenerator`
 * `_add_cors` and `_add_auth`, `SwaggerEditor`):
 * - without `DefinitionBody`/`DefinitionUri`, SAM manages the definition: each `Api` event adds its
 *   path and method (a Lambda proxy integration) with the event's `Auth` (`Authorizer`,
 *   `AuthorizationScopes`, `ApiKeyRequired`); with `MergeDefinitions: true` it merges them into the
 *   `DefinitionBody` (SAM's keys win); otherwise the events add nothing (only `Auth.OverrideApiAuth` changes
 *   the method's security);
 * - `Cors` adds an OPTIONS mock method to every path that has none;
 * - `Auth.Authorizers` (and `DefaultAuthorizer: AWS_IAM`) become security schemes; `DefaultAuthorizer` is
 *   set on every method that has an integration and no authorizer of its own (`Authorizer: NONE` opts out;
 *   `AddDefaultAuthorizerToCorsPreflight: false` spares OPTIONS); `ApiKeyRequired` adds `api_key` likewise.
 * An `Auth` or event `Auth` that is an intrinsic becomes the `security` of the methods it would set, which
 * the OpenAPI reader reports as unresolved.
 */
export function samRestDefinition(properties: Record<string, any>, events: readonly SamApiEvent[]): SamRestDefinition {
  const addedBy = new Map<string, string>();
  const given = properties.DefinitionBody;
  if (given === undefined && properties.DefinitionUri !== undefined) return { body: undefined, addedBy };
  const managed = given === undefined;
  if (!managed && !(isPlainObject(given) && isPlainObject(given.paths))) return { body: given, addedBy };
  const body: Record<string, any> = managed
    ? { swagger: '2.0', info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths: {} }
    : JSON.parse(JSON.stringify(given));
  const paths = body.paths as Record<string, any>;
  const apiAuth = properties.Auth;
  const authConfig = isPlainObject(apiAuth) ? apiAuth : {};

  for (const { functionId, event } of events) {
    const e = event.properties;
    if (typeof e.Path !== 'string' || typeof e.Method !== 'string') continue;
    const key = operationKey(e.Method);
    if (managed || properties.MergeDefinitions === true) {
      const operation: Record<string, any> = { [INTEGRATION]: { type: 'aws_proxy', httpMethod: 'POST', uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${functionId}.Arn}/invocations` } }, responses: {} };
      addAuthToMethod(body, operation, e.Auth, authConfig);
      const item = isPlainObject(paths[e.Path]) ? paths[e.Path] : (paths[e.Path] = {});
      // SAM refuses a method defined twice; the first one stands.
      if (managed && isPlainObject(item[key]) && item[key][INTEGRATION] !== undefined) continue;
      item[key] = managed ? operation : { ...(isPlainObject(item[key]) ? item[key] : {}), ...operation };
      addedBy.set(`${methodName(key)} ${e.Path}`, functionId);
    } else if (isPlainObject(e.Auth) && e.Auth.OverrideApiAuth === true) {
      const operation = isPlainObject(paths[e.Path]) ? paths[e.Path][key] : undefined;
      if (isPlainObject(operation)) addAuthToMethod(body, operation, e.Auth, authConfig);
    }
  }

  if (properties.Cors !== undefined) addCors(paths, properties.Cors);

  if (apiAuth !== undefined && !isPlainObject(apiAuth)) {
    forEachIntegratedMethod(paths, (_m, operation) => { operation.security = apiAuth; });
  } else if (isPlainObject(apiAuth)) {
    addAuth(body, paths, apiAuth);
  }
  return { body, addedBy };
}

/** The path-item key of a method: `any` is `x-amazon-apigateway-any-method`, others lower case. */
function operationKey(method: string): string {
  const lower = method.toLowerCase();
  return lower === 'any' ? ANY_METHOD : lower;
}

function methodName(key: string): string {
  return key === ANY_METHOD ? 'ANY' : key.toUpperCase();
}

/**
 * `SwaggerEditor.add_auth_to_method`: the event's authorizer (with its scopes) and API key setting, and the
 * `AWS_IAM` / `api_key` security schemes they name.
 */
function addAuthToMethod(body: Record<string, any>, operation: Record<string, any>, eventAuth: unknown, apiAuth: Record<string, any>): void {
  if (eventAuth === undefined) return;
  if (!isPlainObject(eventAuth)) {
    operation.security = eventAuth;
    return;
  }
  const authorizer = eventAuth.Authorizer;
  if (authorizer !== undefined) {
    if (typeof authorizer !== 'string') {
      operation.security = authorizer;
      return;
    }
    const authorizers = isPlainObject(apiAuth.Authorizers) ? apiAuth.Authorizers : undefined;
    let scopes: unknown = [];
    if (authorizer !== 'NONE' && authorizers !== undefined) {
      const configured = isPlainObject(authorizers[authorizer]) ? authorizers[authorizer] : {};
      const chosen = eventAuth.AuthorizationScopes ?? configured.AuthorizationScopes;
      if (authorizers[authorizer] !== undefined && chosen !== undefined) scopes = chosen;
    }
    operation.security = [...asList(operation.security), { [authorizer]: scopes }];
    if ('AWS_IAM' in operation.security[0]) addScheme(body, 'AWS_IAM', AWS_IAM_SCHEME);
  }
  if (eventAuth.ApiKeyRequired !== undefined) {
    operation.security = [...asList(operation.security), { [eventAuth.ApiKeyRequired ? 'api_key' : 'api_key_false']: [] }];
    if (eventAuth.ApiKeyRequired) addScheme(body, 'api_key', API_KEY_SCHEME);
  }
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** `ApiGenerator._add_cors`: an OPTIONS mock method on every path without one (trailing slashes folded). */
function addCors(paths: Record<string, any>, cors: unknown): void {
  const config: Record<string, any> = typeof cors === 'string' || !isPlainObject(cors) ? { AllowOrigin: cors } : cors;
  const done = new Set<string>();
  for (const [path, value] of Object.entries(paths)) {
    const normalized = path === '/' ? path : path.replace(/\/+$/, '');
    if (done.has(normalized)) continue;
    done.add(normalized);
    for (const item of conditionalContents(value)) if (isPlainObject(item)) addPreflight(item, config);
  }
}

/** `SwaggerEditor.add_cors` on one path item: an OPTIONS mock answering the CORS headers, unless it has one. */
function addPreflight(item: Record<string, any>, config: Record<string, any>): void {
  if (item.options !== undefined) return;
  const parameters: Record<string, unknown> = { 'method.response.header.Access-Control-Allow-Origin': config.AllowOrigin };
  if (config.AllowHeaders) parameters['method.response.header.Access-Control-Allow-Headers'] = config.AllowHeaders;
  parameters['method.response.header.Access-Control-Allow-Methods'] = config.AllowMethods ?? `'${allowedMethods(item)}'`;
  if (config.MaxAge !== undefined) parameters['method.response.header.Access-Control-Max-Age'] = config.MaxAge;
  if (config.AllowCredentials === true) parameters['method.response.header.Access-Control-Allow-Credentials'] = "'true'";
  item.options = {
    summary: 'CORS support',
    [INTEGRATION]: { type: 'mock', responses: { default: { statusCode: '200', responseParameters: parameters } } },
    responses: {},
  };
}

/** `SwaggerEditor._make_cors_allowed_methods_for_path_item`: the path's methods and OPTIONS, sorted. */
function allowedMethods(item: Record<string, any>): string {
  const all = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
  const methods = new Set<string>(['OPTIONS']);
  for (const key of Object.keys(item)) {
    if (NOT_OPERATIONS.includes(key)) continue;
    if (key === ANY_METHOD) return all.join(',');
    methods.add(key.toUpperCase());
  }
  return [...methods].sort().join(',');
}

/** `ApiGenerator._add_auth`: security schemes, `DefaultAuthorizer` and `ApiKeyRequired` on every integrated method. */
function addAuth(body: Record<string, any>, paths: Record<string, any>, auth: Record<string, any>): void {
  const configured = isPlainObject(auth.Authorizers) ? auth.Authorizers : {};
  const schemes: Record<string, unknown> = {};
  if (auth.DefaultAuthorizer === 'AWS_IAM') schemes.AWS_IAM = AWS_IAM_SCHEME;
  for (const [name, authorizer] of Object.entries(configured)) {
    if (name !== 'AWS_IAM' || auth.DefaultAuthorizer !== 'AWS_IAM') schemes[name] = authorizerScheme(authorizer);
  }
  if (Object.keys(schemes).length > 0) {
    body.securityDefinitions = { ...(isPlainObject(body.securityDefinitions) ? body.securityDefinitions : {}), ...schemes };
    const defaultAuthorizer = auth.DefaultAuthorizer;
    if (typeof defaultAuthorizer === 'string') {
      const names = new Set(['AWS_IAM', ...Object.keys(schemes)]);
      const defaultScopes = isPlainObject(configured[defaultAuthorizer]) && Array.isArray(configured[defaultAuthorizer].AuthorizationScopes)
        ? configured[defaultAuthorizer].AuthorizationScopes : [];
      forEachIntegratedMethod(paths, (method, operation) => {
        if (auth.AddDefaultAuthorizerToCorsPreflight === false && method === 'options') return;
        const existing = asList(operation.security);
        const others = existing.filter((s) => !isPlainObject(s) || !Object.keys(s).some((k) => names.has(k)));
        const authorizers = existing.filter((s) => isPlainObject(s) && Object.keys(s).some((k) => names.has(k)));
        const none = others.findIndex((s) => isPlainObject(s) && 'NONE' in s);
        let chosen: unknown[] = [];
        if (none >= 0) others.splice(none, 1);
        else if (authorizers.length > 0) chosen = authorizers;
        else chosen = [{ [defaultAuthorizer]: defaultScopes }];
        const security = [...others, ...chosen];
        if (security.length > 0) {
          operation.security = security;
          if (isPlainObject(security[0]) && 'AWS_IAM' in security[0]) addScheme(body, 'AWS_IAM', AWS_IAM_SCHEME);
        }
      });
    }
  }
  if (auth.ResourcePolicy !== undefined) addResourcePolicy(body, auth.ResourcePolicy);
  if (auth.ApiKeyRequired === true) {
    addScheme(body, 'api_key', API_KEY_SCHEME);
    forEachIntegratedMethod(paths, (method, operation) => {
      const existing = asList(operation.security);
      const others = existing.filter((s) => !isPlainObject(s) || !('api_key' in s || 'api_key_false' in s));
      const optedOut = existing.some((s) => isPlainObject(s) && 'api_key_false' in s);
      let security = optedOut ? others : [...others, { api_key: [] }];
      if (method === 'options' && auth.AddApiKeyRequiredToCorsPreflight === false) security = others;
      if (JSON.stringify(security) !== JSON.stringify(existing)) operation.security = security;
    });
  }
}

/**
 * `ApiGenerator._add_auth` → `SwaggerEditor.add_resource_policy` / `add_custom_statements`: `Auth.ResourcePolicy`
 * becomes the definition's `x-amazon-apigateway-policy`. `CustomStatements` are copied as written; the
 * statements SAM builds per path from the allow/deny lists (accounts, IP ranges, VPCs, VPC endpoints) are not
 * modelled: one statement the rules read as unresolved stands for them.
 */
function addResourcePolicy(body: Record<string, any>, resourcePolicy: unknown): void {
  const statements: unknown[] = [];
  if (!isPlainObject(resourcePolicy)) {
    statements.push(resourcePolicy);
  } else {
    const generated = Object.keys(resourcePolicy).filter((key) => key !== 'CustomStatements' && resourcePolicy[key] !== undefined);
    if (generated.length > 0) statements.push({ 'Fn::ImportValue': `sam-resource-policy:${generated.join(',')}` });
    const custom = resourcePolicy.CustomStatements;
    if (custom !== undefined) statements.push(...(Array.isArray(custom) ? custom : [custom]));
  }
  if (statements.length > 0) body['x-amazon-apigateway-policy'] = { Version: '2012-10-17', Statement: statements };
}

/** Adds a security scheme unless the definition has one of that name (SAM leaves the user's own). */
function addScheme(body: Record<string, any>, name: string, scheme: unknown): void {
  body.securityDefinitions = isPlainObject(body.securityDefinitions) ? body.securityDefinitions : {};
  if (body.securityDefinitions[name] === undefined) body.securityDefinitions[name] = scheme;
}

const API_KEY_SCHEME = { type: 'apiKey', name: 'x-api-key', in: 'header' };
const AWS_IAM_SCHEME = { 'x-amazon-apigateway-authtype': 'awsSigv4', 'type': 'apiKey', 'name': 'Authorization', 'in': 'header' };

/** `ApiGatewayAuthorizer.generate_swagger`: a Cognito or Lambda (TOKEN / REQUEST) authorizer as a security scheme. */
function authorizerScheme(authorizer: unknown): unknown {
  if (!isPlainObject(authorizer)) return { 'x-amazon-apigateway-authorizer': authorizer };
  const identity = isPlainObject(authorizer.Identity) ? authorizer.Identity : {};
  if (authorizer.UserPoolArn !== undefined) {
    return {
      'type': 'apiKey',
      'name': identity.Header ?? 'Authorization',
      'in': 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: Array.isArray(authorizer.UserPoolArn) ? authorizer.UserPoolArn : [authorizer.UserPoolArn],
        identityValidationExpression: identity.ValidationExpression,
      },
    };
  }
  const request = authorizer.FunctionPayloadType === 'REQUEST';
  const lambda: Record<string, unknown> = {
    type: request ? 'request' : 'token',
    authorizerUri: { 'Fn::Sub': ['arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations', { __FunctionArn__: authorizer.FunctionArn }] },
  };
  if (identity.ReauthorizeEvery !== undefined) lambda.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
  if (request) {
    const sources: string[] = [];
    const add = (list: unknown, prefix: string) => Array.isArray(list) && list.forEach((x) => sources.push(`${prefix}${x}`));
    add(identity.Headers, 'method.request.header.');
    add(identity.QueryStrings, 'method.request.querystring.');
    add(identity.StageVariables, 'stageVariables.');
    add(identity.Context, 'context.');
    if (sources.length > 0) lambda.identitySource = sources.join(', ');
  } else if (identity.ValidationExpression !== undefined) {
    lambda.identityValidationExpression = identity.ValidationExpression;
  }
  return {
    'type': 'apiKey',
    'name': request ? 'Unused' : identity.Header ?? 'Authorization',
    'in': 'header',
    'x-amazon-apigateway-authtype': 'custom',
    'x-amazon-apigateway-authorizer': lambda,
  };
}

/** Each operation of each path that has an API Gateway integration (`SwaggerEditor.iter_on_all_methods_for_path`). */
function forEachIntegratedMethod(paths: Record<string, any>, visit: (method: string, operation: Record<string, any>) => void): void {
  for (const item of Object.values(paths)) {
    for (const [key, operation] of conditionalOperations(item)) {
      if (NOT_OPERATIONS.includes(key) || operation[INTEGRATION] === undefined) continue;
      visit(key.toLowerCase(), operation);
    }
  }
}
