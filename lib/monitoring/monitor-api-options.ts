import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AlarmPolicy, RateAlarmPolicy } from './alarms/alarm-policy';
import { MonitoringSecurityInsightsOptions } from './security/gateway-security-insights';
import { IApiWebAcl } from '../waf/gateway-web-acl';

/** Alarm overrides for one route (one method) of an API with detailed metrics on. */
export interface RouteMonitoringOptions {
  /** The HTTP method, e.g. `GET`. */
  readonly method: string;
  /** The resource path as the API spells it, e.g. `/orders/{id}`. */
  readonly resource: string;
  /**
   * The route's server error rate.
   *
   * @default - as the API's `serverErrorRate`
   */
  readonly serverErrorRate?: RateAlarmPolicy;
  /**
   * The route's p99 latency.
   *
   * @default - as the API's `latencyP99`
   */
  readonly latencyP99?: AlarmPolicy;
}

/** Options of a Lambda backend's alarms. */
export interface BackendMonitoringOptions {
  /**
   * `Errors` / `Invocations` in percent.
   *
   * @default - ≥ 5 %, 2 of 3 periods of 5 minutes, periods with ≥ 10 invocations
   */
  readonly errorRate?: RateAlarmPolicy;
  /**
   * `Throttles` per period.
   *
   * @default - ≥ 1, 2 of 3 periods of 5 minutes
   */
  readonly throttles?: AlarmPolicy;
}

/** Options of a Lambda authorizer's alarms. */
export interface AuthorizerMonitoringOptions {
  /**
   * The function's `Errors`: a failing authorizer locks every caller out.
   *
   * @default - ≥ 1 in one period of 5 minutes
   */
  readonly errors?: AlarmPolicy;
  /**
   * The function's `Throttles`.
   *
   * @default - ≥ 1 in one period of 5 minutes
   */
  readonly throttles?: AlarmPolicy;
  /**
   * The Lambda JWT authorizer's `JwksUnavailable` (only for a JwtAuthorizerFunction).
   *
   * @default - ≥ 1 in one period of 5 minutes
   */
  readonly jwksUnavailable?: AlarmPolicy;
}

/** Options of a web ACL's alarm. */
export interface WebAclMonitoringOptions {
  /**
   * `BlockedRequests` per period: a spike is an attack (or a rule that blocks real clients).
   *
   * @default - ≥ 100 in one period of 5 minutes
   */
  readonly blockedRequests?: AlarmPolicy;
}

/** How one API is monitored. Every alarm has defaults (README, "Monitoring"); each field overrides one. */
export interface MonitorApiOptions {
  /**
   * The name shown on the dashboard and in alarm descriptions.
   *
   * @default - the API's construct path
   */
  readonly label?: string;

  /**
   * Server errors / requests in percent (HTTP `5xx`, REST `5XXError`, WebSocket `IntegrationError`).
   *
   * @default - ≥ 5 %, 2 of 3 periods of 5 minutes, periods with ≥ 10 requests
   */
  readonly serverErrorRate?: RateAlarmPolicy;

  /**
   * Client errors / requests in percent (HTTP `4xx`, REST `4XXError`, WebSocket `ClientError`, e.g. denied
   * `$connect`s). A spike of 401/403 is what credential stuffing and token guessing look like.
   *
   * @default - ≥ 25 %, 2 of 3 periods of 5 minutes, periods with ≥ 20 requests
   */
  readonly clientErrorRate?: RateAlarmPolicy;

  /**
   * `Latency` p99 in milliseconds (HTTP and REST; WebSocket APIs do not report it).
   *
   * @default - ≥ 2,500 ms, 3 of 3 periods of 5 minutes
   */
  readonly latencyP99?: AlarmPolicy;

  /**
   * `IntegrationLatency` p99 in milliseconds.
   *
   * @default - ≥ 2,000 ms, 3 of 3 periods of 5 minutes
   */
  readonly integrationLatencyP99?: AlarmPolicy;

  /**
   * WebSocket `ExecutionError` per period (errors calling the integration). Ignored for other kinds.
   *
   * @default - ≥ 1, 2 of 3 periods of 5 minutes
   */
  readonly executionErrors?: AlarmPolicy;

  /**
   * An alarm when fewer than `threshold` requests arrive per period, missing data breaching: what tells a
   * dead API from an idle one. API Gateway sends no datapoint for a period without requests, so only an
   * API that always has traffic can be watched this way; turn it on for those.
   *
   * @default - off; when enabled: < 1 request in 3 of 3 periods of 5 minutes
   */
  readonly minimumTraffic?: AlarmPolicy;

  /**
   * Per-route alarms. They need the API's detailed metrics (`detailedMetrics: true`), else synth fails.
   * Not for WebSocket APIs.
   *
   * @default - none
   */
  readonly routes?: RouteMonitoringOptions[];

  /**
   * Lambda backends of this API: error rate and throttle alarms, and their dashboard row.
   *
   * @default - none
   */
  readonly backends?: lambda.IFunction[];

  /** @default - the defaults of BackendMonitoringOptions */
  readonly backendAlarms?: BackendMonitoringOptions;

  /**
   * Lambda authorizer functions of this API (`RouteAuthorization.lambdaAuthorizer`). The Lambda JWT
   * authorizers the API created itself are found without being listed.
   *
   * @default - none besides the API's own JWT authorizer functions
   */
  readonly authorizers?: lambda.IFunction[];

  /** @default - the defaults of AuthorizerMonitoringOptions */
  readonly authorizerAlarms?: AuthorizerMonitoringOptions;

  /**
   * The web ACL in front of the API (REST only: HTTP and WebSocket APIs cannot have one).
   *
   * @default - the SecureRestApi's web ACL (given or created), if any
   */
  readonly webAcl?: IApiWebAcl;

  /** @default - the defaults of WebAclMonitoringOptions */
  readonly webAclAlarms?: WebAclMonitoringOptions;

  /**
   * Security signals from the API's own logs (GatewaySecurityInsights): Contributor Insights rules,
   * single-caller and anomaly alarms, saved queries, and a security section on the dashboard.
   *
   * @default - on, with the defaults of ApiSecurityInsightsOptions
   */
  readonly securityInsights?: MonitoringSecurityInsightsOptions;
}
