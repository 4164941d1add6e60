import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization } from '../authorization/route-authorization';
import { AccessLogOptions } from '../common/access-logs';
import { RouteStackOptions } from '../common/route-stacks';
import { ThrottleLimits } from '../common/throttle';

/**
 * What a route (HTTP, WebSocket) or the methods of a path (REST) declare, whatever the API kind.
 * Each kind adds its methods and its own integration type.
 */
export interface SecureRouteOptionsBase {
  /**
   * The path, starting with `/`, e.g. `/orders/{id}` or `/{proxy+}`. Segments are letters, digits,
   * `. _ ~ -` or a whole-segment parameter; a greedy `{name+}` comes last; a parameter at a given
   * position has one name across all paths of the API (API Gateway's rule).
   */
  readonly path: string;

  /**
   * Lambda function that serves the route (proxy integration). Functions are integrated once per
   * API with one invoke permission scoped to this API and account, however many routes they serve.
   *
   * @default - `integration` must be given
   */
  readonly handler?: lambda.IFunction;

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
 * The props every Portcullis API kind takes, whatever it authorizes: description, stage throttling,
 * access logs, metrics and the execute-api endpoint. WebSocket APIs authorize only `$connect`, so
 * they take these without a `defaultAuthorization`.
 */
export interface SecureApiSharedProps {
  /**
   * Description of the API.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * Stage-wide throttling. Always set: API Gateway's default would let one API use the whole
   * account quota.
   *
   * @default { rateLimit: 500, burstLimit: 1000 }
   */
  readonly throttle?: ThrottleLimits;

  /**
   * Access log destination and extra fields. Logs are JSON (the API kind's `$context` fields) and
   * never contain request bodies or tokens.
   *
   * @default - a new KMS-encrypted log group kept for one year, retained on stack deletion
   */
  readonly accessLogs?: AccessLogOptions;

  /**
   * Per-route (per-method) CloudWatch metrics (billed per metric).
   *
   * @default false
   */
  readonly detailedMetrics?: boolean;

  /**
   * Turns off the `execute-api` endpoint, so that clients can only reach the API through a custom
   * domain. A `GatewayDomain` that maps the API turns it off itself (see `serveThroughCustomDomain`);
   * set it here for a domain managed elsewhere.
   *
   * @default - false, or true once a `GatewayDomain` maps the API
   */
  readonly disableExecuteApiEndpoint?: boolean;
}

/**
 * The props every Portcullis API kind with per-route (per-method) authorization takes; each kind adds
 * its own (routes or methods, CORS, stage name).
 */
export interface SecureApiPropsBase extends SecureApiSharedProps {
  /**
   * Authorization of routes that do not name their own. Without it, every route must set
   * `authorization`, and synth fails on one that does not: deny by default. It cannot be
   * `RouteAuthorization.publicAccess()`: each public route states its own reason.
   *
   * @default - none
   */
  readonly defaultAuthorization?: RouteAuthorization;

  /**
   * Places routes (HTTP) or methods and their path segments (REST) in nested stacks this API creates
   * and fills, so that the API can outgrow CloudFormation's 500 resources per stack. The API, stage,
   * authorizers, log group, WAF and Lambda permissions stay in this stack. Set it when the API is
   * created: turning it on later moves deployed routes, which CloudFormation replaces.
   *
   * @default - every route in the API's own stack
   */
  readonly routeStacks?: RouteStackOptions;
}
