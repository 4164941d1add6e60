import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The count of the rule's top contributor per period, through the `INSIGHT_RULE_METRIC` metric-math
 * function: what one caller (one IP, one principal) did, whoever it is.
 */
export function singleCallerMetric(ruleName: string, period: Duration, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `INSIGHT_RULE_METRIC('${ruleName}', 'MaxContributorValue')`,
    usingMetrics: {},
    period,
    label,
  });
}
