import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { checkInteger, deferPropChecks } from '../common/validation';

/** Defaults of {@link CertificateExpiryAlarm}. */
export const CERTIFICATE_EXPIRY_DEFAULTS = {
  /**
   * Alarm below this many days: ACM's own expiry events start 45 days before expiry, and ACM starts
   * renewing the certificates it issued 60 days before, so an ACM certificate still below 45 days
   * has a renewal that is stuck.
   */
  thresholdDays: 45,
} as const;

/** Props of {@link CertificateExpiryAlarm}. */
export interface CertificateExpiryAlarmProps {
  /** The certificate to watch. */
  readonly certificate: acm.ICertificate;

  /**
   * Alarm when fewer days than this remain before the certificate expires (a whole number from 1 to 397).
   *
   * @default 45
   */
  readonly thresholdDays?: number;

  /**
   * Topic notified when the alarm goes off and when it clears.
   *
   * @default - no notification: the alarm only changes state
   */
  readonly topic?: sns.ITopic;
}

/**
 * Refuses a warning period that is not a whole number of days from 1 to 397 (the longest validity of a
 * publicly trusted TLS certificate); `prop` names it as the caller's construct calls it.
 */
export function checkExpiryThreshold(scope: IConstruct, prop: string, days: number | undefined): void {
  if (days === undefined) return;
  checkInteger(scope, prop, days, 1, 397, 'give the number of days of warning you need to renew or re-import the certificate, e.g. 45');
}

/**
 * A CloudWatch alarm on ACM's `DaysToExpiry` metric (namespace `AWS/CertificateManager`, dimension
 * `CertificateArn`, published once a day for every certificate in ACM), going off when the minimum
 * over a day falls below `thresholdDays`.
 *
 * ACM stops publishing the metric once the certificate has expired, so missing data counts as
 * breaching: an expired certificate keeps the alarm on. (Right after it is created, the alarm can
 * show ALARM until ACM publishes the first daily datapoint.)
 */
export class CertificateExpiryAlarm extends Construct {
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CertificateExpiryAlarmProps) {
    super(scope, id);
    const thresholdDays = props.thresholdDays ?? CERTIFICATE_EXPIRY_DEFAULTS.thresholdDays;
    deferPropChecks(this, [() => checkExpiryThreshold(this, 'thresholdDays', thresholdDays)]);

    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      metric: props.certificate.metricDaysToExpiry({ period: Duration.days(1), statistic: cloudwatch.Stats.MINIMUM }),
      threshold: thresholdDays,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `The TLS certificate ${props.certificate.certificateArn} expires in less than ${thresholdDays} days: renew or re-import it (ACM-issued: check its DNS validation record).`,
    });
    if (props.topic) {
      this.alarm.addAlarmAction(new actions.SnsAction(props.topic));
      this.alarm.addOkAction(new actions.SnsAction(props.topic));
    }
  }
}
