import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DEFAULT_METRIC_PERIOD } from './api-metrics';

/** The `AWS/Lambda` metric names Portcullis watches, from "Types of metrics for Lambda functions". */
export const LAMBDA_METRIC_NAMES = {
  invocations: 'Invocations',
  errors: 'Errors',
  throttles: 'Throttles',
  duration: 'Duration',
  concurrentExecutions: 'ConcurrentExecutions',
} as const;

/**
 * The metrics of one Lambda function (a backend or an authorizer): namespace `AWS/Lambda`, dimension
 * `FunctionName`.
 */
export class LambdaFunctionMetrics {
  /** @param fn the function */
  constructor(private readonly fn: lambda.IFunction) {}

  /** `Invocations`, sum. @default - over 5 minutes */
  public metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(LAMBDA_METRIC_NAMES.invocations, cloudwatch.Stats.SUM, props);
  }

  /** `Errors`: invocations that ended in a function error (exception, timeout, out of memory), sum. @default - over 5 minutes */
  public metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(LAMBDA_METRIC_NAMES.errors, cloudwatch.Stats.SUM, props);
  }

  /** `Throttles`: invocation requests refused for lack of concurrency, sum. @default - over 5 minutes */
  public metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(LAMBDA_METRIC_NAMES.throttles, cloudwatch.Stats.SUM, props);
  }

  /** `Duration` in milliseconds, p99. @default - over 5 minutes */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(LAMBDA_METRIC_NAMES.duration, cloudwatch.Stats.p(99), props);
  }

  /** `ConcurrentExecutions`, maximum. @default - over 5 minutes */
  public metricConcurrentExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(LAMBDA_METRIC_NAMES.concurrentExecutions, cloudwatch.Stats.MAXIMUM, props);
  }

  private metric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.fn.metric(metricName, { statistic, period: DEFAULT_METRIC_PERIOD, ...props });
  }
}
