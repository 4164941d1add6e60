import { Duration } from 'aws-cdk-lib';
import { AlarmDefaults, ThresholdKind } from '../alarms/alarm-policy';

/** An anomaly-detection alarm's defaults. */
export interface AnomalyAlarmDefaults {
  /** Whether the alarm is created. */
  readonly enabled: boolean;
  /** Standard deviations of the band. */
  readonly bandWidth: number;
  /** One evaluation period. */
  readonly period: Duration;
  /** Periods evaluated. */
  readonly evaluationPeriods: number;
  /** Breaching periods needed. */
  readonly datapointsToAlarm: number;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

function singleCaller(threshold: number): AlarmDefaults {
  return {
    enabled: true, thresholdKind: ThresholdKind.COUNT, threshold, period: ONE_MINUTE, evaluationPeriods: 3, datapointsToAlarm: 2, minRequests: 1,
  };
}

/**
 * The defaults of GatewaySecurityInsights' alarms, in one place (the README's table is written from
 * it). Single-caller alarms watch the top contributor of a Contributor Insights rule per minute
 * (`INSIGHT_RULE_METRIC(rule, 'MaxContributorValue')`); anomaly alarms page when a metric rises above
 * the band CloudWatch learned from the API's own traffic. Missing data never breaches: an idle API,
 * or one nobody attacks, stays quiet.
 */
export const SECURITY_ALARM_DEFAULTS = {
  /** One source IP with ≥ 50 denied requests (401/403) in a minute, 2 of 3 minutes. */
  deniedBySourceIp: singleCaller(50),
  /** One source IP with ≥ 300 throttled requests (429) in a minute, 2 of 3 minutes. */
  throttledBySourceIp: singleCaller(300),
  /** The share of requests denied (401/403) above a band of 3 standard deviations, 2 of 3 periods of 5 minutes. */
  denialRateAnomaly: { enabled: true, bandWidth: 3, period: FIVE_MINUTES, evaluationPeriods: 3, datapointsToAlarm: 2 } as AnomalyAlarmDefaults,
  /** The 4XX count above a band of 3 standard deviations, 2 of 3 periods of 5 minutes. */
  clientErrorAnomaly: { enabled: true, bandWidth: 3, period: FIVE_MINUTES, evaluationPeriods: 3, datapointsToAlarm: 2 } as AnomalyAlarmDefaults,
} as const;

/** Contributors a Contributor Insights widget shows. */
export const TOP_CONTRIBUTORS = 10;
