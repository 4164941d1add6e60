import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DEFAULT_METRIC_PERIOD, apiGatewayMetric, IApiMetrics } from './api-metrics';
import { ApiKind } from '../../common/api-kind';

/**
 * The metric names WebSocket APIs emit in `AWS/ApiGateway`, from "Monitor WebSocket API execution with
 * CloudWatch metrics". There is no `Count`, `4xx`/`5xx` or `Latency` for WebSocket APIs.
 */
export const WEBSOCKET_API_METRIC_NAMES = {
  connectCount: 'ConnectCount',
  messageCount: 'MessageCount',
  integrationError: 'IntegrationError',
  clientError: 'ClientError',
  executionError: 'ExecutionError',
  integrationLatency: 'IntegrationLatency',
} as const;

/**
 * The metrics of one WebSocket API stage: namespace `AWS/ApiGateway`, dimensions `ApiId` + `Stage`.
 */
export class WebSocketApiMetrics implements IApiMetrics {
  /** The kind. */
  public readonly apiKind = ApiKind.WEBSOCKET;
  /** `ApiId` and `Stage`. */
  public readonly stageDimensions: { [name: string]: string };

  /**
   * @param apiId the WebSocket API's id
   * @param stageName the stage
   */
  constructor(private readonly apiId: string, stageName: string) {
    this.stageDimensions = { ApiId: apiId, Stage: stageName };
  }

  /** `ConnectCount`: requests to the `$connect` route, sum. @default - over 5 minutes */
  public metricConnectCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.connectCount, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `MessageCount`: messages from and to clients, sum. @default - over 5 minutes */
  public metricMessageCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.messageCount, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `ExecutionError`: errors calling the integration, sum. @default - over 5 minutes */
  public metricExecutionErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.executionError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `ConnectCount + MessageCount` (missing datapoints count as 0). @default - over 5 minutes */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return new cloudwatch.MathExpression({
      expression: 'FILL(connects, 0) + FILL(messages, 0)',
      usingMetrics: { connects: this.metricConnectCount(props), messages: this.metricMessageCount(props) },
      label: 'Connects + messages',
      period: props?.period ?? DEFAULT_METRIC_PERIOD,
    });
  }

  /** `ClientError`: 4XX answered before the integration ran, sum. @default - over 5 minutes */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.clientError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** `IntegrationError`: 4XX/5XX returned by the integration, sum. @default - over 5 minutes */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.integrationError, this.stageDimensions, cloudwatch.Stats.SUM, props);
  }

  /** WebSocket APIs report no `Latency`. */
  public metricLatency(_props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return undefined;
  }

  /** `IntegrationLatency`, p99. @default - over 5 minutes */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return apiGatewayMetric(WEBSOCKET_API_METRIC_NAMES.integrationLatency, this.stageDimensions, cloudwatch.Stats.p(99), props);
  }

  /** `ApiId`, `Method` (the route key), `Resource`, `Stage` (detailed metrics only). */
  public routeDimensions(method: string, resource: string): { [name: string]: string } {
    return { ApiId: this.apiId, Method: method, Resource: resource, Stage: this.stageDimensions.Stage };
  }
}
