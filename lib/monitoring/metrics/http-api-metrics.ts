import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { apiGatewayMetric, IApiMetrics } from './api-metrics';
import { ApiKind } from '../../common/api-kind';

/**
 * The metric names HTTP APIs emit in `AWS/ApiGateway` (lower-case `4xx`/`5xx`, unlike REST), from
 * "Monitor CloudWatch metrics for HTTP APIs in API Gateway".
 */
export const HTTP_API_METRIC_NAMES = {
  count: 'Count',
  clientError: '4xx',
  serverError: '5xx',
  latency: 'Latency',
  integrationLatency: 'IntegrationLatency',
  dataProcessed: 'DataProcessed',
} as const;

/**
 * The metrics of one HTTP API stage: namespace `AWS/ApiGateway`, dimensions `ApiId` + `Stage`
 * (`$default` for the default stage); per route `ApiId` + `Method` + `Resource` + `Stage`.
 */
export class HttpApiMetrics implements IApiMetrics {
  /** The kind. */
  public readonly apiKind = ApiKind.HTTP;
  /** `ApiId` and `Stage`. */
  public readonly stageDimensions: { [name: string]: string };

  /**
   * @param apiId the HTTP API's id
   * @param stageName the stage (`$default` unless named)
   */
  constructor(private readonly apiId: string, stageName: string) {
    this.stageDimensions = { ApiId: apiId, Stage: stageName };
  }

  /** `Count`, sample count. @default - over 5 minutes */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.count, this.stageDimensions, cloudwatch.Stats.SAMPLE_COUNT, props);
  }

  /** Requests: `Count`, sample count. @default - over 5 minutes */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metricCount(props);
  }

  /** `4xx`, sum. @default - over 5 minutes */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.clientError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `5xx`, sum. @default - over 5 minutes */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.serverError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `Latency`, p99. @default - over 5 minutes */
  public metricRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.latency, this.stageDimensions, cloudwatch.Stats.p(99), props);
  }

  /** `Latency`, p99 (never undefined for this kind). @default - over 5 minutes */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metricRequestLatency(props);
  }

  /** `IntegrationLatency`, p99. @default - over 5 minutes */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.integrationLatency, this.stageDimensions, cloudwatch.Stats.p(99), props);
  }

  /** `DataProcessed` in bytes, sum. @default - over 5 minutes */
  public metricDataProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(HTTP_API_METRIC_NAMES.dataProcessed, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `ApiId`, `Method`, `Resource`, `Stage` (detailed metrics only). */
  public routeDimensions(method: string, resource: string): { [name: string]: string } {
    return { ApiId: this.apiId, Method: method, Resource: resource, Stage: this.stageDimensions.Stage };
  }
}
