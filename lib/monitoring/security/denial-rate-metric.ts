import { Duration, Names } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AccessLogRoles } from './access-log-roles';
import { DENIED_STATUSES } from './insight-rule-specs';

/** The namespace of the metrics Portcullis derives from access logs. */
export const PORTCULLIS_GATEWAY_NAMESPACE = 'Portcullis/Gateway';

/**
 * The share of an API's requests that were denied (401/403), from its access log: a metric filter that
 * emits 1 for a denied request and 0 for every other, so that the metric's average over a period is the
 * denied share (0 to 1) and its sample count the requests. A period without requests has no datapoint.
 * One custom metric per API.
 */
export class DenialRateMetric extends Construct {
  /** The metric filter on the access-log group. */
  public readonly metricFilter: logs.MetricFilter;
  private readonly metricName: string;

  constructor(scope: Construct, id: string, logGroup: logs.ILogGroup, roles: AccessLogRoles) {
    super(scope, id);
    this.metricName = `DeniedShare-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    const denied = DENIED_STATUSES.map((s) => `($.${roles.status} = "${s}")`).join(' || ');
    this.metricFilter = new logs.MetricFilter(this, 'Filter', {
      logGroup,
      filterPattern: logs.FilterPattern.literal(`{ ${denied} }`),
      metricNamespace: PORTCULLIS_GATEWAY_NAMESPACE,
      metricName: this.metricName,
      metricValue: '1',
      defaultValue: 0,
    });
  }

  /** The denied share of requests, 0 to 1. @default - average over 5 minutes */
  public metric(period: Duration = Duration.minutes(5), label = 'Denied share of requests'): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PORTCULLIS_GATEWAY_NAMESPACE, metricName: this.metricName, statistic: cloudwatch.Stats.AVERAGE, period, label,
    });
  }
}
