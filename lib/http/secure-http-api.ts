import { CfnResource, Lazy, Names, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnRoute, CfnStage, HttpApi, HttpMethod, HttpRoute, HttpRouteIntegration, HttpRouteKey, HttpStage,
  IHttpApi, IHttpRouteAuthorizer, IHttpStage, LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkHttpCorsAllowsHeaders, corsChecks, HttpCorsOptions, toCorsPreflight, warnIfHttpCorsBlocksSigV4 } from './cors';
import { buildHttpAuthorizer, headersRead } from './http-authorizer-builder';
import { ApiScopedLambdaIntegration } from './http-lambda-integration';
import { AuthorizerIds, checkNoPublicDefault, usableDefault } from '../authorization/deny-by-default';
import { recordPublicRoute } from '../authorization/public-route';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { jsonAccessLogFormat } from '../common/access-log-fields';
import { accessLogChecks, accessLogDestination } from '../common/access-logs';
import { grantOnApi, INVOKE_WILDCARD_REASON } from '../common/api-grant';
import { ApiKind } from '../common/api-kind';
import { recordAnyOrigin } from '../common/cors-policy';
import { serveThroughCustomDomain } from '../common/execute-api-endpoint';
import { RoutePathTree } from '../common/route-path';
import { RouteStacks } from '../common/route-stacks';
import { ISecureApi } from '../common/secure-api';
import { checkStageName, DEFAULT_STAGE_NAME } from '../common/stage-name';
import { DEFAULT_STAGE_THROTTLE, recordThrottle, validateThrottle } from '../common/throttle';
import { deferPropChecks, invalidProp, requireArgument } from '../common/validation';
import { HttpApiMetrics } from '../monitoring/metrics/http-api-metrics';
import { normaliseRoute } from '../route/route-spec';
import { SecureApiPropsBase, SecureRouteOptionsBase } from '../route/secure-api-options';

/**
 * What any Portcullis HTTP API offers.
 */
export interface ISecureHttpApi extends ISecureApi {
  /** The underlying HTTP API. */
  readonly httpApi: IHttpApi;
  /** The stage Portcullis created. */
  readonly stage: IHttpStage;
  /**
   * Lets a principal call IAM-authorized routes, scoped to their ARNs in this API's stage.
   *
   * @param grantee who may call
   * @param routes the routes; each must use `RouteAuthorization.iam()`
   * @default routes - every IAM-authorized route of this API
   */
  grantInvoke(grantee: iam.IGrantable, routes?: HttpRoute[]): iam.Grant;
}

/**
 * A route of a {@link SecureHttpApi}.
 */
export interface SecureHttpRouteOptions extends SecureRouteOptionsBase {
  /**
   * Methods served on the path. With `cors` set, `ANY` stands for GET, POST, PUT, PATCH, DELETE and
   * HEAD, one route each: an `ANY` route would also catch the browser's preflight `OPTIONS` request
   * and run its authorizer on it. `OPTIONS` itself is refused when `cors` is set.
   *
   * @default [HttpMethod.ANY]
   */
  readonly methods?: HttpMethod[];

  /**
   * Any other integration (HTTP proxy, private integration, AWS service). Exactly one of
   * `handler` and `integration` is required.
   *
   * @default - `handler` must be given
   */
  readonly integration?: HttpRouteIntegration;
}

/**
 * Properties of a {@link SecureHttpApi}.
 */
export interface SecureHttpApiProps extends SecureApiPropsBase {
  /**
   * Name of the API.
   *
   * @default - the construct's unique id
   */
  readonly apiName?: string;

  /**
   * Routes to add now; more can be added with `addRoutes()`.
   *
   * @default - none
   */
  readonly routes?: SecureHttpRouteOptions[];

  /**
   * Name of the stage: `$default` serves the API at the root of its URL; any other name
   * (letters, digits, `-` and `_`) becomes the first path segment of the URL.
   *
   * @default '$default'
   */
  readonly stageName?: string;

  /**
   * CORS for browser clients. Preflight requests are answered by API Gateway without any
   * authorizer and without opening a public route.
   *
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: HttpCorsOptions;
}

/** Metadata key recorded on the API when CORS allows any origin. */
export const CORS_ANY_ORIGIN_METADATA_KEY = 'Portcullis::CorsAnyOrigin';

/** cdk-nag rules that flag HTTP routes without authorization; a public route acknowledges them with its reason. */
export const HTTP_UNAUTHENTICATED_ROUTE_RULES: readonly string[] = ['AwsSolutions-APIG4', 'Portcullis-RouteAuthorization'];

/** The methods an `ANY` route stands for when CORS is on: everything but the preflight `OPTIONS`. */
export const CORS_ANY_METHODS = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD];


/**
 * An API Gateway HTTP API that denies by default.
 *
 * - every route has an authorizer (JWT, Cognito, Lambda or IAM) or is declared public with a reason;
 * - stage-wide throttling is always set, with per-route overrides;
 * - JSON access logs go to a KMS-encrypted log group with a one-year retention;
 * - each Lambda function is integrated once per API with one invoke permission scoped to this API
 *   and account, so 300 routes synthesize in a single stack at about one resource per route;
 * - CORS is limited to named origins, and `*` with credentials is refused.
 *
 * Invalid props are all reported together when the app is synthesized; an invalid route fails at
 * the `addRoutes` call that adds it, listing every problem of that route.
 */
export class SecureHttpApi extends Construct implements ISecureHttpApi {
  /** The kind of API: `ApiKind.HTTP`. */
  public readonly apiKind = ApiKind.HTTP;
  /** The underlying HTTP API (its L1 is `httpApi.node.defaultChild`, a `CfnApi`). */
  public readonly httpApi: IHttpApi;
  /** The stage, with throttling and access logs (its L1 is `stage.node.defaultChild`, a `CfnStage`). */
  public readonly stage: IHttpStage;
  /** The access log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The KMS key of the access log group, when Portcullis created the log group. */
  public readonly logEncryptionKey?: kms.IKey;
  /** Every route added so far. */
  public readonly routes: HttpRoute[] = [];
  /** The API's name. */
  public readonly apiName: string;
  /** Whether the stage reports per-route metrics. */
  public readonly detailedMetricsEnabled: boolean;

  private readonly defaultAuthorization?: RouteAuthorization;
  private readonly cors?: HttpCorsOptions;
  private readonly authorizers = new Map<RouteAuthorization, IHttpRouteAuthorizer>();
  private readonly authorizerIds = new AuthorizerIds();
  private readonly lambdaIntegrations = new Map<lambda.IFunction, HttpRouteIntegration>();
  private readonly routeKeys = new Set<string>();
  private readonly paths = new RoutePathTree();
  private readonly routeStacks?: RouteStacks;
  private readonly routeInfo = new Map<HttpRoute, { authorization: RouteAuthorization; method: HttpMethod; path: string }>();
  // CloudFormation's RouteSettings is a free-form map, so its keys are written as CloudFormation spells them.
  private readonly routeThrottles: { [routeKey: string]: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number } } = {};

  constructor(scope: Construct, id: string, props: SecureHttpApiProps = {}) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_STAGE_THROTTLE;
    const stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    this.cors = props.cors;
    this.defaultAuthorization = usableDefault(props.defaultAuthorization);

    // Independent prop checks, all reported together at synth.
    deferPropChecks(this, [
      () => validateThrottle(this, 'throttle', throttle, ApiKind.HTTP),
      () => checkStageName(this, 'stageName', stageName, ApiKind.HTTP),
      ...(props.cors ? corsChecks(this, props.cors) : []),
      ...accessLogChecks(this, 'accessLogs', ApiKind.HTTP, props.accessLogs),
      () => checkNoPublicDefault(this, props.defaultAuthorization, 'route'),
      // Checked now, so a mistake fails synth even before any route uses it.
      () => this.defaultAuthorization?._validate(this, 'defaultAuthorization', ApiKind.HTTP),
    ]);

    this.apiName = props.apiName ?? Names.uniqueId(this);
    this.detailedMetricsEnabled = props.detailedMetrics ?? false;
    const httpApi = new HttpApi(this, 'Api', {
      apiName: this.apiName,
      description: props.description,
      createDefaultStage: false,
      corsPreflight: props.cors ? toCorsPreflight(props.cors) : undefined,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint ?? false,
    });
    this.httpApi = httpApi;

    if (props.cors?.allowOrigins?.includes('*')) {
      // An explicit but weaker choice: recorded where a reviewer of the template will see it.
      (this.httpApi.node.defaultChild as CfnResource).addMetadata(CORS_ANY_ORIGIN_METADATA_KEY, {
        allowOrigins: '*',
        consequence: 'any web site can call this API from a visitor\'s browser (without credentials)',
      });
    }
    if (props.cors) recordAnyOrigin(this.httpApi.node.defaultChild as CfnResource, props.cors.allowOrigins, props.cors.anyOriginReason);

    const destination = accessLogDestination(this, 'AccessLogs', props.accessLogs);
    this.logGroup = destination.logGroup;
    this.logEncryptionKey = destination.encryptionKey;

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName,
      autoDeploy: true,
      throttle,
      detailedMetricsEnabled: this.detailedMetricsEnabled,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.logGroup),
        format: AccessLogFormat.custom(jsonAccessLogFormat(ApiKind.HTTP, props.accessLogs?.extraFields)),
      },
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeThrottles).length > 0 ? this.routeThrottles : undefined),
    });
    recordThrottle(cfnStage, 'throttle', throttle, ApiKind.HTTP);

    if (props.routeStacks) this.routeStacks = new RouteStacks(this, 'routeStacks', props.routeStacks);
    for (const route of props.routes ?? []) this.addRoutes(route);
  }

  /** The URL of the stage's execute-api endpoint. */
  public get url(): string {
    return (this.stage as HttpStage).url;
  }

  /** The API id. */
  public get apiId(): string {
    return this.httpApi.apiId;
  }

  /** The name of the stage. */
  public get stageName(): string {
    return this.stage.stageName;
  }

  /**
   * The aws-cdk-lib authorizer this API created for an authorization, for escape hatches.
   *
   * @returns undefined when no route of this API uses the authorization
   */
  public authorizerOf(authorization: RouteAuthorization): IHttpRouteAuthorizer | undefined {
    return this.authorizers.get(authorization);
  }

  /** The routes as per-route alarms name them: their route keys, e.g. `GET /orders/{id}`. */
  public declaredRouteKeys(): string[] {
    return this.routes.map((r) => (r.node.defaultChild as CfnRoute).routeKey);
  }

  /**
   * The metrics of this API's stage (`AWS/ApiGateway`, `ApiId` + `Stage`), for alarms and dashboards.
   */
  public get metrics(): HttpApiMetrics {
    return new HttpApiMetrics(this.apiId, this.stageName);
  }

  /**
   * Requests answered with a 4XX status (`4xx`).
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricClientErrors(props);
  }

  /**
   * Requests answered with a 5XX status (`5xx`).
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricServerErrors(props);
  }

  /**
   * Requests received (`Count`).
   *
   * @default - sample count over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCount(props);
  }

  /**
   * Time between receiving a request and answering it, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricRequestLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Time the integration took, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Adds a route for each method of a path. Every problem of the route is reported in one error.
   *
   * @returns the routes created, one per method
   */
  public addRoutes(options: SecureHttpRouteOptions): HttpRoute[] {
    requireArgument(this, 'addRoutes(options)', options, 'pass the route, e.g. { path: \'/orders\', methods: [HttpMethod.GET], handler, authorization }');
    const spec = normaliseRoute(this, {
      kind: ApiKind.HTTP,
      defaultAuthorization: this.defaultAuthorization,
      cors: this.cors !== undefined,
      paths: this.paths,
      declared: this.routeKeys,
      hasIntegration: options.integration !== undefined,
      expandMethods: (requested) => (this.cors ? expandAnyForCors(requested as HttpMethod[]) : requested),
      emptyLabel: (path) => `routes[${path}]`,
    }, options, {
      authorizationHeaders: ({ authorization, authorizationProp }) => {
        if (this.cors) checkHttpCorsAllowsHeaders(this, authorizationProp, this.cors, headersRead(authorization));
      },
    });
    const { label, authorization, scopes } = spec;
    const methods = spec.methods as HttpMethod[];

    if (this.cors && authorization.kind === AuthorizationKind.IAM) warnIfHttpCorsBlocksSigV4(this, label, this.cors);
    const authorizer = this.authorizerFor(authorization!);
    const integration = options.integration ?? this.lambdaIntegrationFor(options.handler!);
    // With route stacks, the routes go in a nested stack (one resource each); their Lambda integration and authorizer stay
    // here. An integration passed in is created by aws-cdk-lib beside its first route, perhaps with a permission per route.
    const resources = options.integration ? 2 * methods.length + 1 : methods.length;
    const scope = this.routeStacks?.place(methods.length, resources, [integration, authorizer]).stack ?? this.httpApi;
    const created: HttpRoute[] = [];
    for (const method of methods) {
      const key = `${method} ${options.path}`;
      this.routeKeys.add(key);
      const route = new HttpRoute(scope, routeId(method, options.path), {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(options.path, method),
        integration,
        authorizer,
        authorizationScopes: scopes.length > 0 ? scopes : undefined,
      });
      if (authorization.kind === AuthorizationKind.NONE) {
        const cfn = route.node.defaultChild as CfnRoute;
        recordPublicRoute(cfn, authorization.publicReason!, HTTP_UNAUTHENTICATED_ROUTE_RULES, { apiId: cfn.apiId, routeKey: cfn.routeKey });
      }
      if (options.throttle) {
        // The stage names the route in RouteSettings; CloudFormation must create the route first.
        (this.stage.node.defaultChild as CfnStage).addResourceDependency(route.node.defaultChild as CfnRoute);
        this.routeThrottles[key] = {
          ThrottlingRateLimit: options.throttle.rateLimit,
          ThrottlingBurstLimit: options.throttle.burstLimit,
        };
      }
      this.routeInfo.set(route, { authorization, method, path: options.path });
      this.routes.push(route);
      created.push(route);
    }
    if (options.throttle) recordThrottle(this.stage.node.defaultChild as CfnStage, `${label}.throttle`, options.throttle, ApiKind.HTTP);
    return created;
  }

  /**
   * Lets a principal call IAM-authorized routes, scoped to the route ARNs in this API's stage
   * (`execute-api:Invoke`). A `*` for a path parameter, greedy path or ANY method is acknowledged
   * (AwsSolutions-IAM5) on the policy that holds it.
   *
   * A role, user or group of the app gets the statement in a customer managed policy, one per grantee
   * and API (`PortcullisGrants<api unique id>`, a child of the grantee), not in its inline `DefaultPolicy`;
   * other grantees (a SecureFunction, an imported role, a service principal) get aws-cdk-lib's
   * `iam.Grant.addToPrincipal` behaviour.
   *
   * @param grantee who may call
   * @param routes the routes; each must use `RouteAuthorization.iam()`
   * @default routes - every IAM-authorized route of this API
   */
  public grantInvoke(grantee: iam.IGrantable, routes?: HttpRoute[]): iam.Grant {
    requireArgument(this, 'grantInvoke(grantee)', grantee, 'pass the role, user or function that calls the API');
    const iamRoutes = this.routes.filter((r) => this.routeInfo.get(r)?.authorization.kind === AuthorizationKind.IAM);
    const targets = routes ?? iamRoutes;
    if (targets.length === 0) {
      invalidProp(this, 'grantInvoke(routes)', [], 'there is no IAM-authorized route to grant',
        'add routes with authorization: RouteAuthorization.iam() before calling grantInvoke');
    }
    for (const route of targets) {
      if (!iamRoutes.includes(route)) {
        invalidProp(this, 'grantInvoke(routes)', route.node.path,
          'is not an IAM-authorized route of this API, so an IAM grant would not control access to it',
          'pass only routes created by this API with RouteAuthorization.iam()');
      }
    }
    return grantOnApi(this, {
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: targets.map((r) => this.stageRouteArn(r)),
      wildcardReason: INVOKE_WILDCARD_REASON,
    });
  }

  /**
   * Turns the default `execute-api` endpoint off because a custom domain maps this API, or keeps it
   * on for a stated reason (see `ISecureApi.serveThroughCustomDomain`). `GatewayDomain.addApi` calls it.
   */
  public serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void {
    serveThroughCustomDomain(this, this.httpApi.node.defaultChild as CfnResource, keepExecuteApiEndpointReason);
  }

  /** Lets a principal call every IAM-authorized route of this API (see `grantInvoke`). */
  public grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant {
    requireArgument(this, 'grantInvokeIamRoutes(grantee)', grantee, 'pass the role, user or function that calls the API');
    return this.grantInvoke(grantee);
  }

  /**
   * The ARN of a route on this API's one stage: narrower than `HttpRoute.routeArn`, which allows
   * every stage. Path parameters and greedy paths still become `*`, as IAM needs.
   */
  private stageRouteArn(route: HttpRoute): string {
    const info = this.routeInfo.get(route)!;
    const method = info.method === HttpMethod.ANY ? '*' : info.method;
    const path = info.path.replace(/\{[^}]*\}/g, '*');
    return Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.httpApi.apiId,
      resourceName: `${this.stage.stageName}/${method}${path}`,
    });
  }


  private authorizerFor(authorization: RouteAuthorization): IHttpRouteAuthorizer {
    let authorizer = this.authorizers.get(authorization);
    if (!authorizer) {
      authorizer = buildHttpAuthorizer(authorization, this.authorizerIds.next(authorization), this);
      this.authorizers.set(authorization, authorizer);
    }
    return authorizer;
  }


  private lambdaIntegrationFor(fn: lambda.IFunction): HttpRouteIntegration {
    let integration = this.lambdaIntegrations.get(fn);
    if (!integration) {
      // One integration and one permission per function: the permission is scoped to this API
      // (`<api-id>/*/*/*`) rather than to each route, which would cost a resource per route.
      integration = new ApiScopedLambdaIntegration(`Lambda${Names.uniqueId(fn)}`, fn, this.routeStacks ? this : undefined);
      this.lambdaIntegrations.set(fn, integration);
    }
    return integration;
  }
}

/**
 * The construct id of a route. Construct ids turn `/` into `--`, so `/a/b` and `/a--b` would share
 * one; a path with `--` of its own gets a suffix no path can contain (`#`).
 */
function routeId(method: HttpMethod, path: string): string {
  return path.includes('--') ? `${method}${path}#literal-dashes` : `${method}${path}`;
}

function expandAnyForCors(methods: HttpMethod[]): HttpMethod[] {
  const expanded = methods.flatMap((m) => (m === HttpMethod.ANY ? CORS_ANY_METHODS : [m]));
  return [...new Set(expanded)];
}
