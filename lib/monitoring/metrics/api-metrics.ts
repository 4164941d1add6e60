import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ApiKind } from '../../common/api-kind';

/** The CloudWatch namespace of every API Gateway metric (HTTP, REST and WebSocket APIs). */
export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/** The period of Portcullis metrics unless a caller gives another: API Gateway reports once a minute. */
export const DEFAULT_METRIC_PERIOD = Duration.minutes(5);

/**
 * The metrics of one API stage in the terms every API kind shares, so that alarms and widgets are written
 * once. Each kind's factory maps them to the names and dimensions that kind really emits.
 */
export interface IApiMetrics {
  /** The kind of API these metrics describe. */
  readonly apiKind: ApiKind;

  /** The dimensions that select this API's stage (`ApiId`+`Stage`, or `ApiName`+`Stage` for REST). */
  readonly stageDimensions: { [name: string]: string };

  /**
   * Requests received (for WebSocket APIs: `$connect` requests plus messages).
   *
   * @default - over 5 minutes
   */
  metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /**
   * Requests API Gateway answered with a 4XX (for WebSocket APIs: `ClientError`, answered before the
   * integration ran, e.g. a denied `$connect`).
   *
   * @default - sum over 5 minutes
   */
  metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests answered with a 5XX (for WebSocket APIs: `IntegrationError`, a 4XX/5XX from the integration).
   *
   * @default - sum over 5 minutes
   */
  metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Time from receiving a request to answering it, in milliseconds; WebSocket APIs do not report it.
   *
   * @default - p99 over 5 minutes
   * @returns undefined for WebSocket APIs
   */
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined;

  /**
   * Time the integration took, in milliseconds.
   *
   * @default - p99 over 5 minutes
   */
  metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The dimensions of one route's (one method's) metrics, which API Gateway only reports when the stage
   * has detailed metrics on.
   *
   * @param method HTTP method (`GET`) or, for WebSocket APIs, the route key
   * @param resource the resource path (`/orders/{id}`)
   */
  routeDimensions(method: string, resource: string): { [name: string]: string };
}

/** A metric of the `AWS/ApiGateway` namespace; no unit is set, so that no datapoint is filtered out. */
export function apiGatewayMetric(
  metricName: string,
  dimensionsMap: cloudwatch.DimensionsMap,
  statistic: string,
  props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: API_GATEWAY_NAMESPACE,
    metricName,
    dimensionsMap,
    statistic,
    period: DEFAULT_METRIC_PERIOD,
    ...props,
  });
}
