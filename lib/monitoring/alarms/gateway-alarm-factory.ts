import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ResolvedAlarmPolicy } from './alarm-policy';

/** What an alarm is about, for its name and description. */
export interface AlarmSubject {
  /** Construct id of the alarm, unique in its scope. */
  readonly id: string;
  /** One sentence for the on-call: what breached and what it usually means. */
  readonly description: string;
}

/**
 * Turns metrics into alarms under one policy each, with the alarm and OK actions on one topic. Knows
 * nothing of API kinds: the metric factories decide what is measured, this decides when it pages.
 *
 * Missing data: threshold and rate alarms treat it as not breaching (an idle API, an authorizer that is
 * not called, a web ACL that blocks nothing send no datapoints), and the minimum-traffic alarm as
 * breaching (that is its purpose: a dead API sends nothing either).
 */
export class GatewayAlarmFactory {
  private readonly action: cloudwatch.IAlarmAction;
  private readonly created: cloudwatch.Alarm[] = [];

  /** @param topic where alarm and OK notifications go */
  constructor(topic: sns.ITopic) {
    this.action = new cloudwatchActions.SnsAction(topic);
  }

  /** Every alarm this factory made, in order. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.created];
  }

  /** An alarm when the metric is at or above the threshold in M of N periods; missing data does not breach. */
  public thresholdAlarm(scope: Construct, subject: AlarmSubject, metric: cloudwatch.IMetric, policy: ResolvedAlarmPolicy): cloudwatch.Alarm {
    return this.alarm(scope, subject, withPeriod(metric, policy), policy, {
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * An alarm on `100 * errors / requests` when a period has at least `minRequests` requests (else the rate
   * is 0); a period without requests gives no datapoint, which does not breach.
   */
  public rateAlarm(
    scope: Construct,
    subject: AlarmSubject,
    errors: cloudwatch.IMetric,
    requests: cloudwatch.IMetric,
    policy: ResolvedAlarmPolicy,
  ): cloudwatch.Alarm {
    const rate = new cloudwatch.MathExpression({
      expression: `IF(requests >= ${policy.minRequests}, 100 * FILL(errors, 0) / requests, 0)`,
      usingMetrics: { errors, requests },
      period: policy.period,
      label: `${subject.id} (%)`,
    });
    return this.alarm(scope, subject, rate, policy, {
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * An alarm when fewer than `threshold` requests arrive per period; missing data breaches, so that a dead
   * API (or one whose DNS or custom domain broke) is not silent. Only for APIs that always have traffic.
   */
  public minimumTrafficAlarm(scope: Construct, subject: AlarmSubject, requests: cloudwatch.IMetric, policy: ResolvedAlarmPolicy): cloudwatch.Alarm {
    return this.alarm(scope, subject, withPeriod(requests, policy), policy, {
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  private alarm(
    scope: Construct,
    subject: AlarmSubject,
    metric: cloudwatch.IMetric,
    policy: ResolvedAlarmPolicy,
    how: { comparisonOperator: cloudwatch.ComparisonOperator; treatMissingData: cloudwatch.TreatMissingData },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, subject.id, {
      metric,
      threshold: policy.threshold,
      evaluationPeriods: policy.evaluationPeriods,
      datapointsToAlarm: policy.datapointsToAlarm,
      alarmDescription: subject.description,
      ...how,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.created.push(alarm);
    return alarm;
  }
}

function withPeriod(metric: cloudwatch.IMetric, policy: ResolvedAlarmPolicy): cloudwatch.IMetric {
  if (metric instanceof cloudwatch.Metric || metric instanceof cloudwatch.MathExpression) return metric.with({ period: policy.period });
  return metric;
}
