import { CfnResource, Lazy, Names, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnRoute, CfnStage, HttpApi, HttpMethod, HttpRoute, HttpRouteIntegration, HttpRouteKey, HttpStage,
  IHttpRouteAuthorizer, LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { HttpCorsOptions, toCorsPreflight } from './cors';
import { AuthorizationKind, RouteAuthorization } from './route-authorization';
import { HTTP_ACCESS_LOG_FIELDS, jsonAccessLogFormat } from '../common/access-log-format';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { DEFAULT_STAGE_THROTTLE, ThrottleLimits, validateThrottle } from '../common/throttle';
import { invalidProp } from '../common/validation';

/**
 * What any Portcullis HTTP API offers.
 */
export interface ISecureHttpApi extends IConstruct {
  /** The underlying HTTP API. */
  readonly httpApi: HttpApi;
  /** The API id. */
  readonly apiId: string;
  /** The access log group. */
  readonly logGroup: logs.ILogGroup;
  /** Lets a principal call IAM-authorized routes, scoped to their ARNs. */
  grantInvoke(grantee: iam.IGrantable, routes?: HttpRoute[]): iam.Grant;
}

/**
 * A route of a {@link SecureHttpApi}.
 */
export interface SecureHttpRouteOptions {
  /** The path, starting with `/`, e.g. `/orders/{id}` or `/{proxy+}`. */
  readonly path: string;

  /**
   * Methods served on the path. With `cors` set, `ANY` stands for GET, POST, PUT, PATCH, DELETE and
   * HEAD, one route each: an `ANY` route would also catch the browser's preflight `OPTIONS` request
   * and run its authorizer on it. `OPTIONS` itself is refused when `cors` is set.
   *
   * @default [HttpMethod.ANY]
   */
  readonly methods?: HttpMethod[];

  /**
   * Lambda function that serves the route. Functions are integrated once per API and get a single
   * invoke permission scoped to this API, however many routes they serve.
   *
   * @default - `integration` must be given
   */
  readonly handler?: lambda.IFunction;

  /**
   * Any other integration (HTTP proxy, private integration, AWS service). Exactly one of
   * `handler` and `integration` is required.
   *
   * @default - `handler` must be given
   */
  readonly integration?: HttpRouteIntegration;

  /**
   * Who may call the route.
   *
   * @default - the API's `defaultAuthorization`; synth fails when neither is set
   */
  readonly authorization?: RouteAuthorization;

  /**
   * Authorization scopes a token needs on this route (at least one of them), replacing those of the
   * authorization. JWT and Cognito authorization only.
   *
   * @default - the scopes of the route's authorization
   */
  readonly scopes?: string[];

  /**
   * Throttling for this route, replacing the stage-wide limits.
   *
   * @default - the stage-wide `throttle`
   */
  readonly throttle?: ThrottleLimits;
}

/**
 * Where and how access logs are kept.
 */
export interface SecureHttpApiAccessLogOptions {
  /**
   * An existing log group to write to. It must be KMS-encrypted and have a retention: a log group
   * created in the same app is checked at synth (an error names what is missing); an imported one
   * is reported by the Portcullis rule pack as unresolved.
   *
   * @default - a new `EncryptedLogGroup`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * Retention of the new log group. Ignored when `logGroup` is given. `RetentionDays.INFINITE` is
   * refused: access logs hold IP addresses, which data protection rules say not to keep forever.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * KMS key of the new log group. Ignored when `logGroup` is given.
   *
   * @default - a new key with rotation
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Properties of a {@link SecureHttpApi}.
 */
export interface SecureHttpApiProps {
  /**
   * Name of the API.
   *
   * @default - the construct's unique id
   */
  readonly apiName?: string;

  /**
   * Description of the API.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Authorization of routes that do not name their own. Without it, every route must set
   * `authorization`, and synth fails on one that does not: deny by default.
   *
   * @default - none
   */
  readonly defaultAuthorization?: RouteAuthorization;

  /**
   * Routes to add now; more can be added with `addRoutes()`.
   *
   * @default - none
   */
  readonly routes?: SecureHttpRouteOptions[];

  /**
   * Stage-wide throttling. Always set: API Gateway's default would let one API use the whole
   * account quota.
   *
   * @default { rateLimit: 500, burstLimit: 1000 }
   */
  readonly throttle?: ThrottleLimits;

  /**
   * CORS for browser clients. Preflight requests are answered by API Gateway without any
   * authorizer and without opening a public route.
   *
   * @default - no CORS: browsers on other origins cannot call the API
   */
  readonly cors?: HttpCorsOptions;

  /**
   * Access log destination. Logs are JSON and never contain request bodies or tokens.
   *
   * @default - a new KMS-encrypted log group kept for one year
   */
  readonly accessLogs?: SecureHttpApiAccessLogOptions;

  /**
   * Per-route CloudWatch metrics (billed per metric).
   *
   * @default false
   */
  readonly detailedMetrics?: boolean;

  /**
   * Turns off the `execute-api` endpoint, so that clients can only reach the API through a custom
   * domain. Turn it on when a custom domain fronts the API.
   *
   * @default false
   */
  readonly disableExecuteApiEndpoint?: boolean;
}

/** Metadata key under which each public route records its reason in the template. */
export const PUBLIC_ROUTE_METADATA_KEY = 'Portcullis::PublicRoute';

/** Metadata key recorded on the API when CORS allows any origin. */
export const CORS_ANY_ORIGIN_METADATA_KEY = 'Portcullis::CorsAnyOrigin';

/** cdk-nag rules that flag routes without authorization; a public route acknowledges them with its reason. */
export const UNAUTHENTICATED_ROUTE_RULES = ['AwsSolutions-APIG4', 'Portcullis-RouteAuthorization'];

/**
 * An API Gateway HTTP API that denies by default.
 *
 * - every route has an authorizer (JWT, Cognito, Lambda or IAM) or is declared public with a reason;
 * - stage-wide throttling is always set, with per-route overrides;
 * - JSON access logs go to a KMS-encrypted log group with a one-year retention;
 * - each Lambda function is integrated once per API with one invoke permission scoped to this API,
 *   so 300 routes synthesize in a single stack at about one resource per route;
 * - CORS is limited to named origins, and `*` with credentials is refused.
 */
export class SecureHttpApi extends Construct implements ISecureHttpApi {
  /** The underlying HTTP API. */
  public readonly httpApi: HttpApi;
  /** The `$default` stage, with throttling and access logs. */
  public readonly stage: HttpStage;
  /** The access log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The KMS key of the access log group, when Portcullis created the log group. */
  public readonly logEncryptionKey?: kms.IKey;
  /** Every route added so far. */
  public readonly routes: HttpRoute[] = [];

  private readonly defaultAuthorization?: RouteAuthorization;
  private readonly corsEnabled: boolean;
  private readonly authorizers = new Map<RouteAuthorization, IHttpRouteAuthorizer>();
  private readonly authorizerNames = new Set<string>();
  private readonly lambdaIntegrations = new Map<lambda.IFunction, HttpLambdaIntegration>();
  private readonly routeKeys = new Set<string>();
  private readonly routeInfo = new Map<HttpRoute, { authorization: RouteAuthorization; method: HttpMethod; path: string }>();
  // CloudFormation's RouteSettings is a free-form map, so its keys are written as CloudFormation spells them.
  private readonly routeThrottles: { [routeKey: string]: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number } } = {};

  constructor(scope: Construct, id: string, props: SecureHttpApiProps = {}) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_STAGE_THROTTLE;
    validateThrottle(this, 'throttle', throttle);
    this.defaultAuthorization = props.defaultAuthorization;
    this.corsEnabled = props.cors !== undefined;

    this.httpApi = new HttpApi(this, 'Api', {
      apiName: props.apiName ?? Names.uniqueId(this),
      description: props.description,
      createDefaultStage: false,
      corsPreflight: props.cors ? toCorsPreflight(this, props.cors) : undefined,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint ?? false,
    });

    if (props.cors?.allowOrigins.includes('*')) {
      // An explicit but weaker choice: recorded where a reviewer of the template will see it.
      (this.httpApi.node.defaultChild as CfnResource).addMetadata(CORS_ANY_ORIGIN_METADATA_KEY, {
        allowOrigins: '*',
        consequence: 'any web site can call this API from a visitor\'s browser (without credentials)',
      });
    }

    if (props.accessLogs?.retention === logs.RetentionDays.INFINITE) {
      invalidProp(this, 'accessLogs.retention', 'INFINITE', 'access logs hold client IP addresses and must not be kept forever',
        'choose a finite retention, e.g. RetentionDays.ONE_YEAR (the default)');
    }
    if (props.accessLogs?.logGroup) {
      this.logGroup = props.accessLogs.logGroup;
      checkOwnLogGroup(this, props.accessLogs.logGroup);
    } else {
      const encrypted = new EncryptedLogGroup(this, 'AccessLogs', {
        retention: props.accessLogs?.retention,
        encryptionKey: props.accessLogs?.encryptionKey,
      });
      this.logGroup = encrypted.logGroup;
      this.logEncryptionKey = encrypted.encryptionKey;
    }

    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      detailedMetricsEnabled: props.detailedMetrics ?? false,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.logGroup),
        format: AccessLogFormat.custom(jsonAccessLogFormat(HTTP_ACCESS_LOG_FIELDS)),
      },
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeThrottles).length > 0 ? this.routeThrottles : undefined),
    });

    // Validate the default authorization now, so a mistake fails synth even before any route uses it.
    if (this.defaultAuthorization) this.authorizerFor(this.defaultAuthorization, 'defaultAuthorization');

    for (const route of props.routes ?? []) this.addRoutes(route);
  }

  /** The URL of the `$default` stage's execute-api endpoint. */
  public get url(): string {
    return this.stage.url;
  }

  /** The API id. */
  public get apiId(): string {
    return this.httpApi.apiId;
  }

  /**
   * The aws-cdk-lib authorizer this API created for an authorization, for escape hatches.
   *
   * @returns undefined when no route of this API uses the authorization
   */
  public authorizerOf(authorization: RouteAuthorization): IHttpRouteAuthorizer | undefined {
    return this.authorizers.get(authorization);
  }

  /**
   * Requests answered with a 4XX status.
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError(props);
  }

  /**
   * Requests answered with a 5XX status.
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError(props);
  }

  /**
   * Requests received.
   *
   * @default - sample count over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount(props);
  }

  /**
   * Time between receiving a request and answering it, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency(props);
  }

  /**
   * Time the integration took, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricIntegrationLatency(props);
  }

  /**
   * Adds a route for each method of a path.
   *
   * @returns the routes created, one per method
   */
  public addRoutes(options: SecureHttpRouteOptions): HttpRoute[] {
    const requested = options.methods ?? [HttpMethod.ANY];
    const label = `routes[${requested.join(',')} ${options.path}]`;
    if (this.corsEnabled && requested.includes(HttpMethod.OPTIONS)) {
      invalidProp(this, `${label}.methods`, requested, 'with cors set, API Gateway answers OPTIONS preflight itself; an OPTIONS route would take it over',
        'remove HttpMethod.OPTIONS from methods');
    }
    const methods = this.corsEnabled ? expandAnyForCors(requested) : requested;
    this.validatePath(label, options.path);
    if (methods.length === 0) {
      invalidProp(this, `${label}.methods`, methods, 'must list at least one method', 'omit methods for ANY, or list them');
    }
    if (options.throttle) validateThrottle(this, `${label}.throttle`, options.throttle);

    const authorization = options.authorization ?? this.defaultAuthorization;
    if (!authorization) {
      invalidProp(this, `${label}.authorization`, undefined,
        'the route has no authorizer and is not declared public (Portcullis denies by default)',
        "set authorization on the route (RouteAuthorization.jwt(), cognito(), lambdaAuthorizer() or iam()), set defaultAuthorization on the API, or declare it public with RouteAuthorization.publicAccess('<reason>')");
    }
    const scopes = options.scopes ?? authorization.scopes;
    authorization._checkRouteScopes(this, options.scopes ? `${label}.scopes` : `${label}.authorization.scopes`, scopes);
    const authorizer = this.authorizerFor(authorization, options.authorization ? `${label}.authorization` : 'defaultAuthorization');
    const integration = this.integrationFor(label, options);

    const created: HttpRoute[] = [];
    for (const method of methods) {
      const key = `${method} ${options.path}`;
      if (this.routeKeys.has(key)) {
        invalidProp(this, label, key, 'duplicates a route added earlier', 'add each method and path once');
      }
      this.routeKeys.add(key);
      const route = new HttpRoute(this.httpApi, `${method}${options.path}`, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(options.path, method),
        integration,
        authorizer,
        authorizationScopes: scopes.length > 0 ? scopes : undefined,
      });
      if (authorization.kind === AuthorizationKind.NONE) this.recordPublicRoute(route, authorization.publicReason!);
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
    return created;
  }

  /**
   * Lets a principal call IAM-authorized routes, scoped to the route ARNs (`execute-api:Invoke`).
   *
   * @param grantee who may call
   * @param routes the routes; each must use `RouteAuthorization.iam()`
   * @default routes - every IAM-authorized route of this API
   */
  public grantInvoke(grantee: iam.IGrantable, routes?: HttpRoute[]): iam.Grant {
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
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: targets.map((r) => this.stageRouteArn(r)),
    });
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

  private validatePath(label: string, path: string): void {
    if (typeof path !== 'string' || !/^\/[^\s?#]*$/.test(path) || (path.length > 1 && path.endsWith('/')) || /\{[^}]+\+\}./.test(path)) {
      invalidProp(this, `${label}.path`, path, 'must start with / and contain no spaces, query, fragment or trailing /; a greedy {name+} parameter must come last',
        "write it like '/orders/{id}' or '/{proxy+}'");
    }
    // Construct ids replace '/' with '--', so '/a/b' and '/a--b' would clash on the route's id.
    if (path.includes('--')) {
      invalidProp(this, `${label}.path`, path, "must not contain '--' (it would clash with the construct id of another path)",
        "use a single '-' or another separator");
    }
  }

  private authorizerFor(authorization: RouteAuthorization, prop: string): IHttpRouteAuthorizer {
    let authorizer = this.authorizers.get(authorization);
    if (!authorizer) {
      authorizer = authorization._createAuthorizer(this, prop, this.authorizerId(authorization));
      this.authorizers.set(authorization, authorizer);
    }
    return authorizer;
  }

  private authorizerId(authorization: RouteAuthorization): string {
    const base = { JWT: 'JwtAuthorizer', COGNITO: 'CognitoAuthorizer', LAMBDA: 'LambdaAuthorizer', IAM: 'Iam', NONE: 'None' }[authorization.kind];
    let id = base;
    for (let n = 2; this.authorizerNames.has(id); n++) id = `${base}${n}`;
    this.authorizerNames.add(id);
    return id;
  }

  private integrationFor(label: string, options: SecureHttpRouteOptions): HttpRouteIntegration {
    if ((options.handler === undefined) === (options.integration === undefined)) {
      invalidProp(this, `${label}.handler`, options.handler ? 'handler and integration' : undefined,
        'exactly one of handler and integration is required', 'pass a Lambda function as handler, or another integration as integration');
    }
    if (options.integration) return options.integration;
    const fn = options.handler!;
    let integration = this.lambdaIntegrations.get(fn);
    if (!integration) {
      // One integration and one permission per function: the permission is scoped to this API
      // (`<api-id>/*/*/*`) rather than to each route, which would cost a resource per route.
      integration = new HttpLambdaIntegration(`Lambda${Names.uniqueId(fn)}`, fn, { scopePermissionToRoute: false });
      this.lambdaIntegrations.set(fn, integration);
    }
    return integration;
  }

  private recordPublicRoute(route: HttpRoute, reason: string): void {
    const cfnRoute = route.node.defaultChild as CfnRoute;
    cfnRoute.addMetadata(PUBLIC_ROUTE_METADATA_KEY, { reason });
    Validations.of(cfnRoute).acknowledge(...UNAUTHENTICATED_ROUTE_RULES.map((id) => ({
      id,
      reason: `Public route declared with RouteAuthorization.publicAccess: ${reason}`,
    })));
  }
}

/** The methods an `ANY` route stands for when CORS is on: everything but the preflight `OPTIONS`. */
export const CORS_ANY_METHODS = [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD];

function expandAnyForCors(methods: HttpMethod[]): HttpMethod[] {
  const expanded = methods.flatMap((m) => (m === HttpMethod.ANY ? CORS_ANY_METHODS : [m]));
  return [...new Set(expanded)];
}

/** A log group created in this app must be encrypted and expire; an imported one is the rule pack's to report. */
function checkOwnLogGroup(scope: IConstruct, logGroup: logs.ILogGroup): void {
  const cfn = logGroup.node.defaultChild;
  if (!(cfn instanceof logs.CfnLogGroup)) return;
  if (cfn.kmsKeyId === undefined) {
    invalidProp(scope, 'accessLogs.logGroup', logGroup.node.path, 'is not encrypted with a customer managed KMS key',
      'create it with encryptionKey, or leave accessLogs.logGroup out to get an EncryptedLogGroup');
  }
  if (cfn.retentionInDays === undefined) {
    invalidProp(scope, 'accessLogs.logGroup', logGroup.node.path, 'keeps access logs forever (no retention)',
      'create it with retention, e.g. RetentionDays.ONE_YEAR');
  }
}
