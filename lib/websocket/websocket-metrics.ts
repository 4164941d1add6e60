import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The metrics WebSocket APIs publish in `AWS/ApiGateway`, with dimensions `ApiId` and `Stage`
 * (API Gateway developer guide, "Monitor WebSocket API execution with CloudWatch metrics"). They
 * differ from HTTP and REST APIs: there is no `4xx`/`5xx`/`Count`/`Latency`.
 *
 * How `ISecureApi`'s kind-neutral metrics map onto them:
 * - `metricClientError` → `ClientError` (4XX answered by API Gateway before the integration runs:
 *   refused connections, throttled messages, unknown routes);
 * - `metricServerError` → `IntegrationError` (4XX/5XX from the integration). `ExecutionError`
 *   (API Gateway failed to call the integration) is separate: `metricExecutionError`;
 * - `metricCount` → `MessageCount` (messages to and from clients); connections are `metricConnectCount`;
 * - `metricLatency` → `IntegrationLatency`: WebSocket APIs publish no end-to-end latency;
 * - `metricIntegrationLatency` → `IntegrationLatency`.
 */
export const WEBSOCKET_METRICS = {
  connectCount: 'ConnectCount',
  messageCount: 'MessageCount',
  integrationError: 'IntegrationError',
  clientError: 'ClientError',
  executionError: 'ExecutionError',
  integrationLatency: 'IntegrationLatency',
} as const;

/** A WebSocket API metric of one stage. */
export function webSocketMetric(
  metricName: string, apiId: string, stageName: string, statistic: string, props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    statistic,
    period: Duration.minutes(5),
    ...props,
    dimensionsMap: { ApiId: apiId, Stage: stageName, ...props.dimensionsMap },
  });
}
