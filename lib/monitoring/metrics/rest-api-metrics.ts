import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { apiGatewayMetric, IApiMetrics } from './api-metrics';
import { ApiKind } from '../../common/api-kind';

/**
 * The metric names REST APIs emit in `AWS/ApiGateway`, from "Amazon API Gateway dimensions and metrics".
 */
export const REST_API_METRIC_NAMES = {
  count: 'Count',
  clientError: '4XXError',
  serverError: '5XXError',
  latency: 'Latency',
  integrationLatency: 'IntegrationLatency',
  cacheHitCount: 'CacheHitCount',
  cacheMissCount: 'CacheMissCount',
} as const;

/**
 * The metrics of one REST API stage: namespace `AWS/ApiGateway`, dimensions `ApiName` + `Stage` (REST
 * metrics are keyed by the API's name, not its id; API Gateway drops non-ASCII characters from it); per
 * method `ApiName` + `Method` + `Resource` + `Stage`.
 */
export class RestApiMetrics implements IApiMetrics {
  /** The kind. */
  public readonly apiKind = ApiKind.REST;
  /** `ApiName` and `Stage`. */
  public readonly stageDimensions: { [name: string]: string };

  /**
   * @param apiName the REST API's name (`restApiName`)
   * @param stageName the stage
   */
  constructor(private readonly apiName: string, stageName: string) {
    this.stageDimensions = { ApiName: apiName, Stage: stageName };
  }

  /** `Count`, sample count (the statistic the documentation names for it). @default - over 5 minutes */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.count, this.stageDimensions, cloudwatch.Stats.SAMPLE_COUNT, props);
  }

  /** Requests: `Count`, sample count. @default - over 5 minutes */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metricCount(props);
  }

  /** `4XXError`, sum. @default - over 5 minutes */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.clientError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `5XXError`, sum. @default - over 5 minutes */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.serverError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `Latency`, p99. @default - over 5 minutes */
  public metricRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.latency, this.stageDimensions, cloudwatch.Stats.p(99), props);
  }

  /** `Latency`, p99 (never undefined for this kind). @default - over 5 minutes */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metricRequestLatency(props);
  }

  /** `IntegrationLatency`, p99. @default - over 5 minutes */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.integrationLatency, this.stageDimensions, cloudwatch.Stats.p(99), props);
  }

  /** `CacheHitCount`, sum (only with a stage cache). @default - over 5 minutes */
  public metricCacheHits(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.cacheHitCount, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `CacheMissCount`, sum (only with a stage cache). @default - over 5 minutes */
  public metricCacheMisses(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(REST_API_METRIC_NAMES.cacheMissCount, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `ApiName`, `Method`, `Resource`, `Stage` (detailed metrics only). */
  public routeDimensions(method: string, resource: string): { [name: string]: string } {
    return { ApiName: this.apiName, Method: method, Resource: resource, Stage: this.stageDimensions.Stage };
  }
}
