import { Duration } from 'aws-cdk-lib';
import { AlarmDefaults, ThresholdKind } from './alarm-policy';

const FIVE_MINUTES = Duration.minutes(5);

function defaults(
  kind: ThresholdKind, threshold: number, evaluationPeriods: number, datapointsToAlarm: number, extra: Partial<AlarmDefaults> = {},
): AlarmDefaults {
  return { enabled: true, thresholdKind: kind, threshold, period: FIVE_MINUTES, evaluationPeriods, datapointsToAlarm, minRequests: 1, ...extra };
}

/**
 * Every Portcullis alarm's defaults, in one place (the README's alarm table is written from it). A
 * period is 5 minutes throughout; "2 of 3" means two breaching periods among the last three.
 */
export const GATEWAY_ALARM_DEFAULTS = {
  /** 5XX (WebSocket: `IntegrationError`) ≥ 5 % of requests, 2 of 3, periods with ≥ 10 requests. */
  serverErrorRate: defaults(ThresholdKind.PERCENT, 5, 3, 2, { minRequests: 10 }),
  /** 4XX (WebSocket: `ClientError`) ≥ 25 % of requests, 2 of 3, periods with ≥ 20 requests: 401/403 spikes. */
  clientErrorRate: defaults(ThresholdKind.PERCENT, 25, 3, 2, { minRequests: 20 }),
  /** `Latency` p99 ≥ 2,500 ms, 3 of 3 (not WebSocket). */
  latencyP99: defaults(ThresholdKind.MILLISECONDS, 2500, 3, 3),
  /** `IntegrationLatency` p99 ≥ 2,000 ms, 3 of 3. */
  integrationLatencyP99: defaults(ThresholdKind.MILLISECONDS, 2000, 3, 3),
  /** WebSocket `ExecutionError` ≥ 1 per period, 2 of 3. */
  executionErrors: defaults(ThresholdKind.COUNT, 1, 3, 2),
  /** Fewer than 1 request per period, 3 of 3, missing data breaching: off unless asked for. */
  minimumTraffic: defaults(ThresholdKind.COUNT, 1, 3, 3, { enabled: false }),
  /** Authorizer function `Errors` ≥ 1, 1 of 1: a failing authorizer locks every caller out. */
  authorizerErrors: defaults(ThresholdKind.COUNT, 1, 1, 1),
  /** Authorizer function `Throttles` ≥ 1, 1 of 1. */
  authorizerThrottles: defaults(ThresholdKind.COUNT, 1, 1, 1),
  /** `Portcullis/JwtAuthorizer` `JwksUnavailable` ≥ 1, 1 of 1. */
  jwksUnavailable: defaults(ThresholdKind.COUNT, 1, 1, 1),
  /** Backend `Errors` ≥ 5 % of `Invocations`, 2 of 3, periods with ≥ 10 invocations. */
  backendErrorRate: defaults(ThresholdKind.PERCENT, 5, 3, 2, { minRequests: 10 }),
  /** Backend `Throttles` ≥ 1, 2 of 3. */
  backendThrottles: defaults(ThresholdKind.COUNT, 1, 3, 2),
  /** WAF `BlockedRequests` ≥ 100 per period, 1 of 1. */
  wafBlockedRequests: defaults(ThresholdKind.COUNT, 100, 1, 1),
} as const;
