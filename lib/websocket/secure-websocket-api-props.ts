import { MethodLoggingLevel } from 'aws-cdk-lib/aws-apigateway';
import { WebSocketRouteIntegration } from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization } from '../authorization/route-authorization';
import { ThrottleLimits } from '../common/throttle';
import { SecureApiSharedProps } from '../route/secure-api-options';

/**
 * A route of a `SecureWebSocketApi`: what serves it and how fast it may be called.
 * Routes other than `$connect` carry no authorization of their own: they run on a connection
 * `$connect` authorized.
 */
export interface SecureWebSocketRouteOptions {
  /**
   * Lambda function that serves the route (proxy integration). Functions are integrated once per
   * API with one invoke permission scoped to this API's stage and account, however many routes they serve.
   *
   * @default - `integration` must be given
   */
  readonly handler?: lambda.IFunction;

  /**
   * Any other integration (`WebSocketMockIntegration`, `WebSocketAwsIntegration`, …). Exactly one of
   * `handler` and `integration` is required.
   *
   * @default - `handler` must be given
   */
  readonly integration?: WebSocketRouteIntegration;

  /**
   * Throttling of this route, replacing the stage-wide limits.
   *
   * @default - the stage-wide `throttle`
   */
  readonly throttle?: ThrottleLimits;
}

/**
 * The `$connect` route of a `SecureWebSocketApi`: the only place a WebSocket API checks who
 * is calling, once, when the connection opens.
 */
export interface SecureWebSocketConnectOptions extends SecureWebSocketRouteOptions {
  /**
   * Who may open a connection: `RouteAuthorization.lambdaAuthorizer()` (a REQUEST authorizer
   * returning an IAM policy), `jwtLambda()` (the Portcullis JWT authorizer; browsers cannot set
   * headers on a WebSocket, so give it `tokenSource: IdentitySource.queryString('token')`), `iam()`,
   * or `publicAccess(reason)`. API Gateway has no JWT or Cognito authorizer for WebSocket APIs:
   * `jwt()` and `cognito()` are refused. WebSocket authorizers do not cache: the authorizer runs
   * on every connection attempt, and `resultsCacheTtl` has no effect.
   *
   * @default - none: synth fails (Portcullis denies by default)
   */
  readonly authorization?: RouteAuthorization;
}

/**
 * A custom route of a `SecureWebSocketApi`, selected by the value of the route selection expression.
 */
export interface SecureWebSocketCustomRouteOptions extends SecureWebSocketRouteOptions {
  /**
   * The value of the route selection expression that selects this route, e.g. `sendMessage` for
   * messages `{"action": "sendMessage", …}`: 1 to 128 printable ASCII characters without
   * whitespace, not starting with `$` (use `connect`, `disconnect` and `defaultRoute` for those).
   */
  readonly routeKey: string;
}

/**
 * Properties of a `SecureWebSocketApi`.
 */
export interface SecureWebSocketApiProps extends SecureApiSharedProps {
  /**
   * Name of the API.
   *
   * @default - the construct's unique id
   */
  readonly apiName?: string;

  /**
   * The `$connect` route and its authorization. Required: without a `$connect` route API Gateway
   * accepts every connection unauthenticated.
   */
  readonly connect: SecureWebSocketConnectOptions;

  /**
   * The `$disconnect` route, called (best effort) when a connection closes, e.g. to forget it.
   *
   * @default - no `$disconnect` route
   */
  readonly disconnect?: SecureWebSocketRouteOptions;

  /**
   * The `$default` route, for messages whose selection value matches no custom route (or that are not JSON).
   *
   * @default - no `$default` route: such messages are answered with an error
   */
  readonly defaultRoute?: SecureWebSocketRouteOptions;

  /**
   * Custom routes to add now; more with `addRoute()`.
   *
   * @default - none
   */
  readonly routes?: SecureWebSocketCustomRouteOptions[];

  /**
   * Which part of a message selects its route: `$request.body.<field>` of a JSON message.
   *
   * @default '$request.body.action'
   */
  readonly routeSelectionExpression?: string;

  /**
   * Name of the stage, the path of the URL (`wss://<api-id>.execute-api.<region>.amazonaws.com/<stage>`):
   * 1 to 128 letters, digits, `-` and `_`. WebSocket APIs have no `$default` stage.
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * Execution logging level of every route (logs API Gateway writes to a log group it creates and
   * names); data trace, which logs whole messages, is always off. Needs the account's CloudWatch Logs
   * role: declare an `ApiGatewayAccountLogging` once per environment (CloudFormation refuses a stage
   * with logging on while the account has none; one declared in the same stack is deployed before
   * the stage). `OFF` is a weakening: it needs `executionLogsOffReason`.
   *
   * @default MethodLoggingLevel.ERROR
   */
  readonly executionLogLevel?: MethodLoggingLevel;

  /**
   * Why `executionLogLevel` is `OFF` (at least 10 characters, see the README's "Weakenings"). Recorded
   * on the stage (metadata `Portcullis::Weakenings`).
   *
   * @default - `executionLogLevel: OFF` is refused
   */
  readonly executionLogsOffReason?: string;

  /**
   * Set when the account's CloudWatch Logs role for API Gateway is declared outside this app (by a
   * platform team, another app), to silence the synth warning about it.
   *
   * @default false
   */
  readonly accountLoggingDeclaredElsewhere?: boolean;
}
