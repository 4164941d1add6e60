import { Stack } from 'aws-cdk-lib';
import {
  CfnMethod, CfnStage, IAuthorizer, IModel, Integration, IResource, Method, MethodOptions, RequestValidator, Resource, RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildRestAuthorizer, checkRestAuthorization, restHeadersRead, RestMethodAuthorizer } from './rest-authorizer-builder';
import { checkRestCorsAllowsHeaders, RestCorsOptions, toRestCorsPreflight, warnIfRestCorsBlocksSigV4 } from './rest-cors';
import { ApiScopedRestLambdaIntegration } from './rest-lambda-integration';
import { callsHttpBackend, RestCacheOptions, SECURE_REST_API_DEFAULTS } from './rest-stage-settings';
import { AuthorizerIds } from '../authorization/deny-by-default';
import { recordPublicRoute } from '../authorization/public-route';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { ApiKind } from '../common/api-kind';
import { acknowledgeRepeated } from '../common/repeated-acknowledgement';
import { RoutePathTree } from '../common/route-path';
import { RouteStacks } from '../common/route-stacks';
import { NewPermissions } from '../common/source-account';
import { recordThrottle, ThrottleLimits } from '../common/throttle';
import { invalidProp, requireArgument } from '../common/validation';
import { normaliseRoute } from '../route/route-spec';
import { SecureRouteOptionsBase } from '../route/secure-api-options';

/**
 * Methods of a `SecureRestApi` on one path.
 */
export interface SecureRestMethodOptions extends SecureRouteOptionsBase {
  /**
   * HTTP methods served on the path. `OPTIONS` is refused when `cors` is set (the preflight method answers it).
   *
   * @default ['ANY']
   */
  readonly methods?: string[];

  /**
   * Any other integration (HTTP, AWS service, MOCK). Exactly one of `handler` and `integration`.
   *
   * @default - `handler` must be given
   */
  readonly integration?: Integration;

  /**
   * Whether callers must send an API key (`x-api-key`) of a usage plan of this API. Keys identify
   * and meter clients; they do not authenticate them, so authorization still applies.
   *
   * @default false
   */
  readonly apiKeyRequired?: boolean;

  /**
   * Models the request body must match, per content type, e.g. `{ 'application/json': model }`.
   * Methods with models get the API's request validator.
   *
   * @default - no body validation
   */
  readonly requestModels?: { [contentType: string]: IModel };

  /**
   * Request parameters in REST syntax and whether each is required, e.g.
   * `{ 'method.request.querystring.page': false, 'method.request.header.X-Tenant': true }`. Methods
   * with a required parameter get the API's request validator.
   *
   * @default - none
   */
  readonly requestParameters?: { [parameter: string]: boolean };

  /**
   * Whether responses of these methods are served from the stage cache (when `cache` is set). Only
   * for responses that are the same for every caller allowed to call the method.
   *
   * @default false
   */
  readonly cacheResponses?: boolean;
}

/** cdk-nag rules that flag a REST method without authorization; a public method acknowledges them with its reason. */
export const REST_UNAUTHENTICATED_METHOD_RULES: readonly string[] = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'Portcullis-RouteAuthorization'];

const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const REQUEST_PARAMETER = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[A-Za-z0-9._~-]+$/;

/** Why a method with another authorizer is acceptable to AwsSolutions-COG4, which accepts only COGNITO_USER_POOLS. */
const COG4_REASONS: Record<AuthorizationKind, string> = {
  JWT: 'Authorized by API Gateway\'s native JWT authorizer (issuer, audience and scopes checked)',
  COGNITO: 'Authorized by the native JWT authorizer with the Cognito user pool as issuer, its app clients as audiences and scopes required',
  LAMBDA: 'Authorized by a Lambda authorizer returning an IAM policy (cache keyed on the caller credential)',
  JWT_LAMBDA: 'Authorized by the Portcullis Lambda JWT authorizer (aws-jwt-verify; issuer, audience, scopes and claims checked; fails closed)',
  IAM: 'Authorized with AWS IAM (SigV4); callers are granted execute-api:Invoke on this method',
  NONE: 'Public method with a stated reason',
};


export interface MethodInfo {
  readonly authorization: RouteAuthorization;
  readonly httpMethod: string;
  readonly path: string;
}

/**
 * A method on `resource`, created in `home` (a route stack) because the resource lives in another stack
 * (the root, or a segment an earlier route stack created), so that each call's methods stay together.
 */
function methodInRouteStack(
  resource: IResource, home: Construct, path: string, httpMethod: string, integration: Integration, options: MethodOptions,
): Method {
  return new Method(home, `${httpMethod}${path.replace(/\//g, ':')}`, { resource, httpMethod, integration, options });
}

/** What the method builder works with: the SecureRestApi's parts and the choices of its props. */
export interface RestMethodBuilderContext {
  /** The SecureRestApi: errors name it, authorizers are created in it. */
  readonly owner: Construct;
  readonly api: RestApi;
  readonly requestValidator: RequestValidator;
  /** The API's list of methods, which the builder appends to. */
  readonly methods: Method[];
  /** The stage's per-method settings, which the builder appends to. */
  readonly methodSettings: CfnStage.MethodSettingProperty[];
  readonly stageThrottle: ThrottleLimits;
  readonly methodLevel: { loggingLevel: string; metricsEnabled: boolean; dataTraceEnabled: boolean };
  readonly defaultAuthorization?: RouteAuthorization;
  readonly cors?: RestCorsOptions;
  readonly cache?: RestCacheOptions;
  readonly routeStacks?: RouteStacks;
  /** Called for each method whose integration calls an HTTP backend. */
  readonly onHttpBackend: () => void;
}

/**
 * Turns one `addMethods` call into resources: path segments, CORS preflight, authorizers, one Lambda
 * integration per function, methods and their per-method stage settings. Construct ids and scopes are
 * the SecureRestApi's, as before the split.
 */
export class RestMethodBuilder {
  /** What each method was built with (for grants and the API-key check). */
  public readonly methodInfo = new Map<Method, MethodInfo>();
  private readonly owner: Construct;
  private readonly api: RestApi;
  private readonly requestValidator: RequestValidator;
  private readonly methods: Method[];
  private readonly methodSettings: CfnStage.MethodSettingProperty[];
  private readonly stageThrottle: ThrottleLimits;
  private readonly methodLevel: { loggingLevel: string; metricsEnabled: boolean; dataTraceEnabled: boolean };
  private readonly defaultAuthorization?: RouteAuthorization;
  private readonly cors?: RestCorsOptions;
  private readonly cache?: RestCacheOptions;
  private readonly routeStacks?: RouteStacks;
  private readonly onHttpBackend: () => void;
  private readonly authorizers = new Map<RouteAuthorization, RestMethodAuthorizer>();
  private readonly authorizerIds = new AuthorizerIds();
  private readonly lambdaIntegrations = new Map<lambda.IFunction, Integration>();
  private readonly methodKeys = new Set<string>();
  private readonly paths = new RoutePathTree();
  private readonly resourceChildren = new Map<IResource, Map<string, IResource>>();
  private readonly preflightAdded = new Set<IResource>();

  constructor(context: RestMethodBuilderContext) {
    this.owner = context.owner;
    this.api = context.api;
    this.requestValidator = context.requestValidator;
    this.methods = context.methods;
    this.methodSettings = context.methodSettings;
    this.stageThrottle = context.stageThrottle;
    this.methodLevel = context.methodLevel;
    this.defaultAuthorization = context.defaultAuthorization;
    this.cors = context.cors;
    this.cache = context.cache;
    this.routeStacks = context.routeStacks;
    this.onHttpBackend = context.onHttpBackend;
  }

  /** The authorizer built for an authorization, if any method uses it. */
  public authorizerOf(authorization: RouteAuthorization): IAuthorizer | undefined {
    return this.authorizers.get(authorization)?.authorizer;
  }

  /**
   * Adds the methods of one path (SecureRestApi.addMethods). Every problem of the call is reported in one error.
   *
   * @returns the methods created, one per HTTP method
   */
  public addMethods(options: SecureRestMethodOptions): Method[] {
    requireArgument(this.owner, 'addMethods(options)', options, 'pass the methods, e.g. { path: \'/orders\', methods: [\'GET\'], handler, authorization }');
    const spec = normaliseRoute(this.owner, {
      kind: ApiKind.REST,
      defaultAuthorization: this.defaultAuthorization,
      cors: this.cors !== undefined,
      paths: this.paths,
      declared: this.methodKeys,
      hasIntegration: options.integration !== undefined,
      upperCaseMethods: true,
    }, options, {
      methods: ({ label, requestedMethods }) => {
        const unknown = requestedMethods.filter((m) => !METHODS.includes(m));
        if (unknown.length > 0) invalidProp(this.owner, `${label}.methods`, requestedMethods, `${unknown.join(', ')} is not an HTTP method API Gateway serves`, `use ${METHODS.join(', ')}`);
      },
      path: ({ label, path }) => {
        if (typeof path === 'string' && path.includes('~')) {
          invalidProp(this.owner, `${label}.path`, path, "REST resource paths do not accept '~' (HTTP API paths do)", "use letters, digits, '.', '_' or '-' instead");
        }
      },
      authorization: ({ authorization, authorizationProp }) => checkRestAuthorization(this.owner, authorizationProp, authorization),
      authorizationHeaders: ({ authorization, authorizationProp }) => {
        if (this.cors) checkRestCorsAllowsHeaders(this.owner, authorizationProp, this.cors, restHeadersRead(authorization));
      },
      others: [
        ({ label }) => {
          for (const parameter of Object.keys(options.requestParameters ?? {})) {
            if (!REQUEST_PARAMETER.test(parameter)) {
              invalidProp(this.owner, `${label}.requestParameters`, parameter, 'is not a REST request parameter',
                "write it as 'method.request.querystring.page', 'method.request.header.X-Tenant' or 'method.request.path.id'");
            }
          }
        },
        ({ label }) => {
          if (options.cacheResponses && !this.cache) {
            invalidProp(this.owner, `${label}.cacheResponses`, true, 'the API has no cache', 'set cache on the API, or remove cacheResponses');
          }
        },
      ],
    });
    const { label, methods, authorization, scopes } = spec;

    if (this.cors && authorization.kind === AuthorizationKind.IAM) warnIfRestCorsBlocksSigV4(this.owner, label, this.cors);
    const { authorizer, authorizationType } = this.authorizerFor(authorization!);
    const integration = options.integration ?? this.lambdaIntegrationFor(options.handler!);
    const validated = options.requestModels !== undefined || Object.values(options.requestParameters ?? {}).some((required) => required);
    // With route stacks, the methods and their new path segments (and preflight) go in a nested stack.
    const segments = this.newSegments(options.path);
    const home = this.routeStacks?.place(methods.length, methods.length + segments + (segments > 0 && this.cors ? 1 : 0),
      [options.handler ?? integration, authorizer, validated ? this.requestValidator : undefined]).stack;
    const resource = this.resourceFor(options.path, home);
    const created: Method[] = [];
    // aws-cdk-lib's LambdaIntegration adds its one API-scoped permission under the API on first use.
    const permissions = new NewPermissions(this.api);
    for (const httpMethod of methods) {
      this.methodKeys.add(`${httpMethod} ${options.path}`);
      const methodOptions: MethodOptions = {
        authorizer,
        authorizationType: authorizer ? undefined : authorizationType,
        apiKeyRequired: options.apiKeyRequired,
        requestModels: options.requestModels,
        requestParameters: options.requestParameters,
        requestValidator: validated ? this.requestValidator : undefined,
      };
      const method = home === undefined || Stack.of(resource) === Stack.of(home)
        ? resource.addMethod(httpMethod, integration, methodOptions)
        : methodInRouteStack(resource, home, options.path, httpMethod, integration, methodOptions);
      const cfn = method.node.defaultChild as CfnMethod;
      if (scopes.length > 0) {
        // aws-cdk-lib writes AuthorizationScopes only for COGNITO_USER_POOLS; native JWT methods take them too.
        cfn.authorizationScopes = scopes;
        this.api.latestDeployment?.addToLogicalId({ scopes: { [`${httpMethod} ${options.path}`]: scopes } });
      }
      if (authorization.kind === AuthorizationKind.NONE) {
        recordPublicRoute(cfn, authorization.publicReason!, REST_UNAUTHENTICATED_METHOD_RULES,
          { restApiId: cfn.restApiId, httpMethod: cfn.httpMethod, path: resource.path });
      } else {
        // AwsSolutions-COG4 accepts only COGNITO_USER_POOLS; this method's authorizer is checked just as strictly.
        // Acknowledged on the method itself, so the acknowledgement suppresses exactly this finding.
        acknowledgeRepeated(cfn, { id: 'AwsSolutions-COG4', reason: COG4_REASONS[authorization.kind] });
      }
      this.addMethodSettings(httpMethod, options);
      if (callsHttpBackend(cfn)) {
        this.onHttpBackend();
      }
      this.methodInfo.set(method, { authorization, httpMethod, path: options.path });
      this.methods.push(method);
      created.push(method);
    }
    permissions.addSourceAccount(this.api);
    if (options.throttle) recordThrottle(this.api.deploymentStage.node.defaultChild as CfnStage, `${label}.throttle`, options.throttle, ApiKind.REST);
    return created;
  }

  /**
   * @param home the route stack new path segments go in; a segment whose parent lives in another stack is
   * created directly under it, named by its whole path (`Path:orders:{id}`)
   * @default home - beside their parent segment, in the API's stack
   */
  private resourceFor(path: string, home?: Construct): IResource {
    // Not aws-cdk-lib's resourceForPath: it and the construct tree keep children in plain objects, so a
    // segment named like an Object.prototype member ('toString', 'constructor') breaks them. Such a
    // segment gets a construct id of its own; the path part stays as written.
    let resource: IResource = this.api.root;
    let walked = '';
    for (const part of path.split('/').filter((p) => p !== '')) {
      walked += `:${part}`;
      let children = this.resourceChildren.get(resource);
      if (!children) this.resourceChildren.set(resource, children = new Map());
      let child = children.get(part);
      if (!child) {
        // addResource (the same `new Resource(resource, part, ...)`) where the id is the path part: creation stack
        // traces keep ten frames, and one of aws-cdk-lib's costs less to render than one of ours under source maps.
        child = home !== undefined && Stack.of(resource) !== Stack.of(home)
          ? new Resource(home, `Path${walked}`, { parent: resource, pathPart: part })
          : part in {} ? new Resource(resource, `${part}#segment`, { parent: resource, pathPart: part }) : resource.addResource(part);
        children.set(part, child);
      }
      resource = child;
    }
    if (this.cors && !this.preflightAdded.has(resource)) {
      resource.addCorsPreflight(toRestCorsPreflight(this.cors));
      this.preflightAdded.add(resource);
    }
    return resource;
  }

  /** How many path segments of `path` do not exist yet (each becomes an `AWS::ApiGateway::Resource`). */
  private newSegments(path: string): number {
    const parts = path.split('/').filter((p) => p !== '');
    let resource: IResource | undefined = this.api.root;
    let existing = 0;
    for (const part of parts) {
      resource = resource === undefined ? undefined : this.resourceChildren.get(resource)?.get(part);
      if (resource === undefined) break;
      existing++;
    }
    return parts.length - existing;
  }

  private addMethodSettings(httpMethod: string, options: SecureRestMethodOptions): void {
    if (!options.throttle && !options.cacheResponses) return;
    const throttle = options.throttle ?? this.stageThrottle;
    this.methodSettings.push({
      // MethodSettings name a resource path with '/' written as '~1'; '*' covers ANY.
      resourcePath: `/${options.path.replace(/\//g, '~1')}`,
      httpMethod: httpMethod === 'ANY' ? '*' : httpMethod,
      ...this.methodLevel,
      throttlingRateLimit: throttle.rateLimit,
      throttlingBurstLimit: throttle.burstLimit,
      cachingEnabled: this.cache ? options.cacheResponses === true : undefined,
      cacheDataEncrypted: this.cache ? true : undefined,
      cacheTtlInSeconds: this.cache ? (this.cache.ttl ?? SECURE_REST_API_DEFAULTS.cacheTtl).toSeconds() : undefined,
    });
  }

  private authorizerFor(authorization: RouteAuthorization): RestMethodAuthorizer {
    let built = this.authorizers.get(authorization);
    if (!built) {
      built = buildRestAuthorizer(this.owner, this.api, authorization, this.authorizerIds.next(authorization));
      this.authorizers.set(authorization, built);
    }
    return built;
  }


  private lambdaIntegrationFor(fn: lambda.IFunction): Integration {
    let integration = this.lambdaIntegrations.get(fn);
    if (!integration) {
      // One integration and one permission per function, scoped to this API (`<api-id>/*/*/*`): aws-cdk-lib's
      // scopePermissionToMethod: false (no per-method permission, no console test-invoke duplicate).
      integration = new ApiScopedRestLambdaIntegration(fn);
      this.lambdaIntegrations.set(fn, integration);
    }
    return integration;
  }
}
