import { Annotations, CfnResource, Lazy, Names, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat, MethodLoggingLevel } from 'aws-cdk-lib/aws-apigateway';
import {
  CfnApi, CfnRoute, CfnStage, IWebSocketApi, IWebSocketRouteAuthorizer, IWebSocketStage, LogGroupLogDestination,
  WebSocketApi, WebSocketRoute, WebSocketRouteIntegration, WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ConnectionAction, connectionResourceName, CONNECTIONS_WILDCARD_REASON, DEFAULT_CONNECTION_ACTIONS } from './connection-management';
import { SecureWebSocketApiProps, SecureWebSocketConnectOptions, SecureWebSocketCustomRouteOptions } from './secure-websocket-api-props';
import { buildWebSocketAuthorizer, checkWebSocketAuthorization } from './websocket-authorizer-builder';
import { addApiScopedInvokePermission, ApiScopedWebSocketLambdaIntegration } from './websocket-lambda-integration';
import {
  checkCustomRouteKey, checkRouteSelectionExpression, CONNECT_ROUTE_KEY, DEFAULT_ROUTE_KEY, DISCONNECT_ROUTE_KEY,
} from './websocket-route-key';
import { AuthorizerIds } from '../authorization/deny-by-default';
import { recordPublicRoute } from '../authorization/public-route';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { jsonAccessLogFormat } from '../common/access-log-fields';
import { accessLogChecks, accessLogDestination } from '../common/access-logs';
import { ApiGatewayAccountLogging } from '../common/api-gateway-account-logging';
import { grantOnApi } from '../common/api-grant';
import { ApiKind } from '../common/api-kind';
import { serveThroughCustomDomain } from '../common/execute-api-endpoint';
import { reasonProblem } from '../common/reason-policy';
import { ISecureApi } from '../common/secure-api';
import { checkStageName } from '../common/stage-name';
import { DEFAULT_STAGE_THROTTLE, recordThrottle, validateThrottle } from '../common/throttle';
import { deferPropChecks, invalidProp, requireArgument } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';
import { WebSocketApiMetrics } from '../monitoring/metrics/websocket-api-metrics';
import { normaliseRouteKeys, RouteKeySpec } from '../route/route-key-spec';

/**
 * What any Portcullis WebSocket API offers.
 */
export interface ISecureWebSocketApi extends ISecureApi {
  /** The underlying WebSocket API. */
  readonly webSocketApi: IWebSocketApi;
  /** The stage Portcullis created. */
  readonly stage: IWebSocketStage;
  /** The `wss://` URL clients connect to. */
  readonly url: string;
  /**
   * The `https://` URL of the stage's `@connections` API on the default endpoint, for backends that
   * post to clients. Once a `GatewayDomain` maps the API (which turns the default endpoint off), give
   * backends `https://<domain>/<basePath>` instead.
   */
  readonly callbackUrl: string;

  /**
   * Lets a backend manage the clients' connections through the `@connections` API of this API's
   * stage (`execute-api:ManageConnections`), for the named actions only.
   *
   * @param grantee the backend
   * @param actions what it may do
   * @default actions [ConnectionAction.POST]
   */
  grantManageConnections(grantee: iam.IGrantable, actions?: ConnectionAction[]): iam.Grant;
}

// What a WebSocket API and its routes declare is in secure-websocket-api-props.ts; exported here too, as before the split.
export type {
  SecureWebSocketApiProps, SecureWebSocketConnectOptions, SecureWebSocketCustomRouteOptions, SecureWebSocketRouteOptions,
} from './secure-websocket-api-props';

/** cdk-nag rules that flag a WebSocket `$connect` route without authorization; a public `$connect` acknowledges them with its reason. */
export const WEBSOCKET_UNAUTHENTICATED_ROUTE_RULES: readonly string[] = ['AwsSolutions-APIG4', 'Portcullis-RouteAuthorization'];

const WEBSOCKET_EXECUTION_LOGS_OFF: Weakening = {
  setting: 'executionLogLevel: OFF',
  reasonProp: 'executionLogsOffReason',
  consequence: 'no execution logs of $connect authorizer denials, integration errors and throttling',
  rules: [],
};

/** Defaults of a SecureWebSocketApi, in one place. */
export const SECURE_WEBSOCKET_API_DEFAULTS = {
  stageName: 'prod',
  routeSelectionExpression: '$request.body.action',
  executionLogLevel: MethodLoggingLevel.ERROR,
};

interface RouteSetting {
  ThrottlingRateLimit: number;
  ThrottlingBurstLimit: number;
  LoggingLevel: string;
  DataTraceEnabled: boolean;
  DetailedMetricsEnabled: boolean;
}

/**
 * An API Gateway WebSocket API that denies by default.
 *
 * - the `$connect` route is required and authorized (Lambda REQUEST authorizer, the Portcullis
 *   Lambda JWT authorizer, IAM) or declared public with a reason; WebSocket APIs check authorization
 *   only there, once per connection, and every later message (`$default`, `$disconnect`, custom
 *   routes) runs on the connection it authorized;
 * - stage-wide throttling is always set, with per-route overrides;
 * - JSON access logs (connection id, event type, route key) go to a KMS-encrypted log group with a
 *   one-year retention; execution logs at ERROR, never with message bodies;
 * - each Lambda function is integrated once, with one invoke permission scoped to this API's stage
 *   and account; backends that answer clients get `grantManageConnections`, scoped to `POST` on
 *   this stage's `@connections`.
 *
 * Limits of API Gateway WebSocket APIs to design for: messages up to 128 KB in frames of up to
 * 32 KB, a connection closes after 10 minutes idle and after 2 hours in any case, and an account opens
 * at most 500 new connections per second per Region (all WebSocket APIs together; can be raised).
 */
export class SecureWebSocketApi extends Construct implements ISecureWebSocketApi {
  /** The kind of API: `ApiKind.WEBSOCKET`. */
  public readonly apiKind = ApiKind.WEBSOCKET;
  /** The API's name (its metrics are keyed by `apiId`, not by name). */
  public readonly apiName: string;
  /** Whether the stage reports per-route metrics. */
  public readonly detailedMetricsEnabled: boolean;
  /** The underlying WebSocket API (its L1 is `webSocketApi.node.defaultChild`, a `CfnApi`). */
  public readonly webSocketApi: IWebSocketApi;
  /** The stage, with throttling and logs (its L1 is `stage.node.defaultChild`, a `CfnStage`). */
  public readonly stage: IWebSocketStage;
  /** The access log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The KMS key of the access log group, when Portcullis created the log group. */
  public readonly logEncryptionKey?: kms.IKey;
  /** The `$connect` route. */
  public readonly connectRoute: WebSocketRoute;
  /** Every route added so far, `$connect` first. */
  public readonly routes: WebSocketRoute[] = [];

  private readonly connectAuthorization: RouteAuthorization;
  private readonly connectAuthorizer: IWebSocketRouteAuthorizer;
  private readonly lambdaIntegrations = new Map<lambda.IFunction, WebSocketRouteIntegration>();
  private readonly routeKeys = new Set<string>();
  private readonly stageNameValue: string;
  private readonly routeLevel: { LoggingLevel: string; DataTraceEnabled: boolean; DetailedMetricsEnabled: boolean };
  // CloudFormation's RouteSettings is a free-form map keyed by route key, so its keys are written as CloudFormation spells them.
  private readonly routeSettings: { [routeKey: string]: RouteSetting } = {};

  constructor(scope: Construct, id: string, props: SecureWebSocketApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_STAGE_THROTTLE;
    const stageName = props.stageName ?? SECURE_WEBSOCKET_API_DEFAULTS.stageName;
    const selection = props.routeSelectionExpression ?? SECURE_WEBSOCKET_API_DEFAULTS.routeSelectionExpression;
    const logLevel = props.executionLogLevel ?? SECURE_WEBSOCKET_API_DEFAULTS.executionLogLevel;
    this.stageNameValue = stageName;
    this.routeLevel = { LoggingLevel: logLevel, DataTraceEnabled: false, DetailedMetricsEnabled: props.detailedMetrics ?? false };

    deferPropChecks(this, [
      () => validateThrottle(this, 'throttle', throttle, ApiKind.WEBSOCKET),
      () => checkStageName(this, 'stageName', stageName, ApiKind.WEBSOCKET),
      () => checkRouteSelectionExpression(this, 'routeSelectionExpression', selection),
      ...accessLogChecks(this, 'accessLogs', ApiKind.WEBSOCKET, props.accessLogs),
      () => {
        const off = logLevel === MethodLoggingLevel.OFF;
        if (off) checkWeakeningReason(this, WEBSOCKET_EXECUTION_LOGS_OFF, props.executionLogsOffReason, 'Test stage torn down nightly; access logs record every connection');
        checkReasonUnused(this, 'executionLogsOffReason', props.executionLogsOffReason, off, 'executionLogLevel: MethodLoggingLevel.OFF');
      },
    ]);

    // Every reserved route is checked before anything is built: without $connect, or without its
    // authorization, the API would accept every connection.
    const reservedRoutes = [
      { routeKey: CONNECT_ROUTE_KEY, reserved: true, id: 'ConnectRoute', options: props.connect as SecureWebSocketConnectOptions | undefined },
      { routeKey: DISCONNECT_ROUTE_KEY, reserved: true, id: 'DisconnectRoute', options: props.disconnect },
      { routeKey: DEFAULT_ROUTE_KEY, reserved: true, id: 'DefaultRoute', options: props.defaultRoute },
    ];
    const [connect, ...otherRoutes] = normaliseRouteKeys(this, { kind: ApiKind.WEBSOCKET, declared: this.routeKeys }, reservedRoutes,
      { authorization: (spec) => checkWebSocketAuthorization(this, `${spec.label}.authorization`, spec.authorization) });
    this.connectAuthorization = connect.authorization!;
    const ttl = this.connectAuthorization.lambdaProps?.resultsCacheTtl ?? this.connectAuthorization.jwtLambdaProps?.resultsCacheTtl;
    if (ttl && !ttl.isUnresolved() && ttl.toSeconds({ integral: false }) > 0) {
      // Not an error: the same authorization may also protect HTTP or REST routes, where the TTL applies.
      Annotations.of(this).addWarningV2('cdk-portcullis:webSocketAuthorizerCache',
        `connect.authorization sets resultsCacheTtl (${ttl.toHumanString()}), but API Gateway caches authorizer results for HTTP and REST APIs only: on this WebSocket API the authorizer runs on every connection attempt.`);
    }

    this.apiName = props.apiName ?? Names.uniqueId(this);
    this.detailedMetricsEnabled = props.detailedMetrics ?? false;
    const api = new WebSocketApi(this, 'Api', {
      apiName: this.apiName,
      description: props.description,
      routeSelectionExpression: selection,
    });
    (api.node.defaultChild as CfnApi).disableExecuteApiEndpoint = props.disableExecuteApiEndpoint ?? false;
    this.webSocketApi = api;

    const destination = accessLogDestination(this, 'AccessLogs', props.accessLogs);
    this.logGroup = destination.logGroup;
    this.logEncryptionKey = destination.encryptionKey;

    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: api,
      stageName,
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.logGroup),
        format: AccessLogFormat.custom(jsonAccessLogFormat(ApiKind.WEBSOCKET, props.accessLogs?.extraFields)),
      },
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.defaultRouteSettings = {
      throttlingRateLimit: throttle.rateLimit,
      throttlingBurstLimit: throttle.burstLimit,
      loggingLevel: logLevel,
      // Data trace logs whole messages, tokens and personal data included: never on.
      dataTraceEnabled: false,
      detailedMetricsEnabled: this.detailedMetricsEnabled,
    };
    cfnStage.routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });
    recordThrottle(cfnStage, 'throttle', throttle, ApiKind.WEBSOCKET);
    if (logLevel === MethodLoggingLevel.OFF && reasonProblem(props.executionLogsOffReason) === undefined) {
      recordWeakening(cfnStage, WEBSOCKET_EXECUTION_LOGS_OFF, props.executionLogsOffReason!);
    }
    this.warnWithoutAccountLogging(logLevel, props.accountLoggingDeclaredElsewhere ?? false);
    const accountLogging = Stack.of(this).node.findAll().find((c): c is ApiGatewayAccountLogging => c instanceof ApiGatewayAccountLogging);
    // API Gateway refuses a stage with logging on until the account's role is set: deploy the setting first.
    if (accountLogging && logLevel !== MethodLoggingLevel.OFF) cfnStage.addResourceDependency(accountLogging.account);

    this.connectAuthorizer = buildWebSocketAuthorizer(this.connectAuthorization, new AuthorizerIds().next(this.connectAuthorization), this);
    this.connectRoute = this.createRoute(connect, 'ConnectRoute', props.connect!.integration, this.connectAuthorizer);
    if (this.connectAuthorization.kind === AuthorizationKind.NONE) {
      const reason = this.connectAuthorization.publicReason!;
      const cfn = this.connectRoute.node.defaultChild as CfnRoute;
      recordPublicRoute(cfn, reason, WEBSOCKET_UNAUTHENTICATED_ROUTE_RULES, { apiId: cfn.apiId, routeKey: cfn.routeKey });
    }
    for (const spec of otherRoutes) {
      const declared = reservedRoutes.find((r) => r.routeKey === spec.routeKey)!;
      this.createRoute(spec, declared.id, declared.options!.integration);
    }
    for (const route of props.routes ?? []) this.addRoute(route);
  }

  /** The `wss://` URL clients connect to. */
  public get url(): string {
    return (this.stage as WebSocketStage).url;
  }

  /**
   * The `https://` URL of the stage's `@connections` API on the default endpoint
   * (`https://<api-id>.execute-api.<region>.<url-suffix>/<stage>`); behind a `GatewayDomain`, use
   * `https://<domain>/<basePath>` instead.
   */
  public get callbackUrl(): string {
    return (this.stage as WebSocketStage).callbackUrl;
  }

  /** The API id. */
  public get apiId(): string {
    return this.webSocketApi.apiId;
  }

  /** The name of the stage. */
  public get stageName(): string {
    return this.stageNameValue;
  }

  /** The authorization of the `$connect` route. */
  public get authorization(): RouteAuthorization {
    return this.connectAuthorization;
  }

  /**
   * Adds a custom route. Every problem of the route is reported in one error.
   */
  public addRoute(options: SecureWebSocketCustomRouteOptions): WebSocketRoute {
    requireArgument(this, 'addRoute(options)', options, 'pass the route, e.g. { routeKey: \'sendMessage\', handler }');
    const [spec] = normaliseRouteKeys(this, { kind: ApiKind.WEBSOCKET, declared: this.routeKeys }, [{ routeKey: options.routeKey, options }],
      { customRouteKey: (prop, key) => checkCustomRouteKey(this, prop, key) });
    return this.createRoute(spec, routeId(options.routeKey), options.integration);
  }

  /**
   * Turns the default `execute-api` endpoint off because a custom domain maps this API, or keeps it
   * on for a stated reason (see `ISecureApi.serveThroughCustomDomain`). `GatewayDomain.addApi` calls it.
   */
  public serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void {
    serveThroughCustomDomain(this, this.webSocketApi.node.defaultChild as CfnResource, keepExecuteApiEndpointReason);
  }

  /**
   * Lets a backend manage the clients' connections through the `@connections` API of this API's stage
   * (`execute-api:ManageConnections` on `<api-id>/<stage>/<METHOD>/@connections/*`), for the named
   * actions only. Give the backend `callbackUrl` as the endpoint of its API Gateway Management API client.
   * The trailing `*` (connection ids exist only at run time) is acknowledged (AwsSolutions-IAM5) on the
   * policy that holds it.
   *
   * A role, user or group of the app gets the statement in a customer managed policy, one per grantee
   * and API (`PortcullisGrants<api unique id>`, a child of the grantee), not in its inline `DefaultPolicy`;
   * other grantees (a SecureFunction, an imported role, a service principal) get aws-cdk-lib's
   * `iam.Grant.addToPrincipal` behaviour.
   *
   * @param grantee the backend
   * @param actions what it may do: `POST` to send messages, `GET` to read a connection, `DELETE` to close one
   * @default actions [ConnectionAction.POST]
   */
  public grantManageConnections(grantee: iam.IGrantable, actions?: ConnectionAction[]): iam.Grant {
    requireArgument(this, 'grantManageConnections(grantee)', grantee, 'pass the role or function that posts to connections');
    const granted = actions ?? [...DEFAULT_CONNECTION_ACTIONS];
    if (granted.length === 0) {
      invalidProp(this, 'grantManageConnections(actions)', [], 'must name at least one action',
        'leave actions out to allow posting messages, or list them, e.g. [ConnectionAction.POST, ConnectionAction.DELETE]');
    }
    const unknown = granted.filter((a) => !Object.values(ConnectionAction).includes(a));
    if (unknown.length > 0) {
      invalidProp(this, 'grantManageConnections(actions)', granted, `${unknown.join(', ')} is not a @connections action`,
        'use ConnectionAction.POST, GET or DELETE');
    }
    return grantOnApi(this, {
      grantee,
      actions: ['execute-api:ManageConnections'],
      resourceArns: [...new Set(granted)].map((action) => Stack.of(this).formatArn({
        service: 'execute-api',
        resource: this.apiId,
        resourceName: connectionResourceName(this.stageNameValue, action),
      })),
      wildcardReason: CONNECTIONS_WILDCARD_REASON,
    });
  }

  /**
   * Lets a principal open connections when `$connect` uses `RouteAuthorization.iam()`
   * (`execute-api:Invoke` on `<api-id>/<stage>/$connect`, nothing else): later messages need no grant.
   */
  public grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant {
    requireArgument(this, 'grantInvokeIamRoutes(grantee)', grantee, 'pass the role, user or function that connects');
    if (this.connectAuthorization.kind !== AuthorizationKind.IAM) {
      invalidProp(this, 'grantInvokeIamRoutes', this.connectAuthorization.kind,
        'the $connect route is not IAM-authorized, so an IAM grant would not control who connects',
        'protect $connect with connect.authorization: RouteAuthorization.iam(), or give callers what the route\'s authorizer checks');
    }
    return grantOnApi(this, {
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [Stack.of(this).formatArn({ service: 'execute-api', resource: this.apiId, resourceName: `${this.stageNameValue}/${CONNECT_ROUTE_KEY}` })],
    });
  }

  /**
   * The metrics of this API's stage (`AWS/ApiGateway`, `ApiId` + `Stage`: `ConnectCount`, `MessageCount`,
   * `ClientError`, `IntegrationError`, `ExecutionError`, `IntegrationLatency`), for alarms and dashboards.
   */
  public get metrics(): WebSocketApiMetrics {
    return new WebSocketApiMetrics(this.apiId, this.stageNameValue);
  }

  /**
   * Requests refused by API Gateway with a 4XX before the integration ran (`ClientError`): refused
   * connections, throttled messages, messages without a route.
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricClientErrors(props);
  }

  /**
   * Requests the integration answered with a 4XX or 5XX (`IntegrationError`). Failures to call the
   * integration at all are `metricExecutionError`.
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricServerErrors(props);
  }

  /**
   * Errors API Gateway met calling the integration (`ExecutionError`).
   *
   * @default - sum over 5 minutes
   */
  public metricExecutionError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricExecutionErrors(props);
  }

  /**
   * Messages sent to and from clients (`MessageCount`).
   *
   * @default - sum over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricMessageCount(props);
  }

  /**
   * Messages sent to the `$connect` route's integration, i.e. connection attempts that passed the authorizer (`ConnectCount`).
   *
   * @default - sum over 5 minutes
   */
  public metricConnectCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectCount(props);
  }

  /**
   * WebSocket APIs publish no end-to-end latency: this is the integration latency
   * (`IntegrationLatency`), in milliseconds, the closest measure they offer.
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Time the integration took, in milliseconds (`IntegrationLatency`).
   *
   * @default - average over 5 minutes
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Translates a route's spec into the route, its throttle setting and, on routes without an authorizer, the APIG4 acknowledgement. */
  private createRoute(spec: RouteKeySpec, id: string, integration: WebSocketRouteIntegration | undefined,
    authorizer?: IWebSocketRouteAuthorizer): WebSocketRoute {
    const { routeKey, throttle } = spec;
    this.routeKeys.add(routeKey);
    const route = new WebSocketRoute(this.webSocketApi, id, {
      webSocketApi: this.webSocketApi,
      routeKey,
      integration: integration ?? this.lambdaIntegrationFor(spec.handler!),
      authorizer,
    });
    const cfnRoute = route.node.defaultChild as CfnRoute;
    if (!spec.authorization) {
      // WebSocket APIs can authorize $connect only; AwsSolutions-APIG4 reports every other route.
      const connection = this.connectAuthorization.kind === AuthorizationKind.NONE
        ? `the public $connect route admitted (${this.connectAuthorization.publicReason})`
        : `the $connect route authorized (${this.connectAuthorization.kind})`;
      Validations.of(cfnRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `WebSocket APIs authorize only $connect; ${routeKey} runs on a connection ${connection}`,
      });
    }
    if (throttle) {
      // The stage names the route in RouteSettings; CloudFormation must create the route first.
      (this.stage.node.defaultChild as CfnStage).addResourceDependency(cfnRoute);
      this.routeSettings[routeKey] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
        ...this.routeLevel,
      };
      recordThrottle(this.stage.node.defaultChild as CfnStage, `${spec.label}.throttle`, throttle, ApiKind.WEBSOCKET);
    }
    this.routes.push(route);
    return route;
  }

  private lambdaIntegrationFor(fn: lambda.IFunction): WebSocketRouteIntegration {
    let integration = this.lambdaIntegrations.get(fn);
    if (!integration) {
      const id = `Lambda${Names.uniqueId(fn)}`;
      integration = new ApiScopedWebSocketLambdaIntegration(id, fn);
      addApiScopedInvokePermission(this, `${id}Permission`, fn, this.webSocketApi.apiId, this.stageNameValue);
      this.lambdaIntegrations.set(fn, integration);
    }
    return integration;
  }

  private warnWithoutAccountLogging(logLevel: MethodLoggingLevel, declaredElsewhere: boolean): void {
    this.node.addValidation({
      validate: () => {
        if (logLevel !== MethodLoggingLevel.OFF && !declaredElsewhere && !ApiGatewayAccountLogging.isDeclaredFor(this)) {
          Annotations.of(this).addWarningV2('cdk-portcullis:executionLogsRole',
            `Execution logging is on (${logLevel}) but no ApiGatewayAccountLogging is declared for this environment in the app: API Gateway writes execution logs only when the account's CloudWatch Logs role is set (once per account and Region). `
            + 'Declare `new ApiGatewayAccountLogging(platformStack, \'ApiGatewayLogging\')` once per environment, or set accountLoggingDeclaredElsewhere: true if another app does.');
        }
        return [];
      },
    });
  }
}

/**
 * The construct id of a custom route. Construct ids turn `/` into `--`, so `a/b` and `a--b` would
 * share one; a key with `--` of its own gets a suffix no route key can contain (a space).
 */
function routeId(routeKey: string): string {
  return routeKey.includes('--') ? `Route ${routeKey} literal-dashes` : `Route ${routeKey}`;
}
