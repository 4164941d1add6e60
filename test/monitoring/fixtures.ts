import { CfnResource, Stack } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ApiKind, ISecureApi, SecureHttpApi, SecureRestApi, SecureRestApiProps, WebSocketApiMetrics } from '../../lib';
import { serveThroughCustomDomain } from '../../lib/common/execute-api-endpoint';
import { newFunction, restProps, withMethod } from '../rest/fixtures';

export { newFunction, newStack } from '../stack-fixtures';

/**
 * A WebSocket API behind `ISecureApi` (a plain aws-cdk-lib WebSocketApi and stage), standing in for
 * SecureWebSocketApi: monitoring only reads the kind, id, name, stage and detailed-metrics flag.
 */
export class TestWebSocketApi extends Construct implements ISecureApi {
  public readonly apiKind = ApiKind.WEBSOCKET;
  public readonly apiName = 'chat';
  public readonly detailedMetricsEnabled: boolean;
  public readonly api: WebSocketApi;
  public readonly stage: WebSocketStage;
  public readonly logGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, detailedMetrics = false) {
    super(scope, id);
    this.detailedMetricsEnabled = detailedMetrics;
    this.api = new WebSocketApi(this, 'Api', { apiName: this.apiName });
    this.stage = new WebSocketStage(this, 'Stage', { webSocketApi: this.api, stageName: 'live', autoDeploy: true, detailedMetricsEnabled: detailedMetrics });
    this.logGroup = new logs.LogGroup(this, 'Logs');
  }

  public serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void {
    serveThroughCustomDomain(this, this.api.node.defaultChild as CfnResource, keepExecuteApiEndpointReason);
  }

  public get apiId(): string {
    return this.api.apiId;
  }

  public get stageName(): string {
    return this.stage.stageName;
  }

  private get metrics(): WebSocketApiMetrics {
    return new WebSocketApiMetrics(this.apiId, this.stageName);
  }

  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricClientErrors(props);
  }

  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricServerErrors(props);
  }

  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricMessageCount(props);
  }

  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency(props);
  }

  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency(props);
  }

  public grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:Invoke'], resourceArns: [this.api.arnForExecuteApi()] });
  }
}

/** A SecureHttpApi with one public route to a function. */
export function httpApi(stack: Stack, id = 'HttpApi', detailedMetrics = false): SecureHttpApi {
  const api = new SecureHttpApi(stack, id, { detailedMetrics });
  return api;
}

/** A SecureRestApi named `orders` with one method. */
export function restApi(stack: Stack, id = 'RestApi', props: SecureRestApiProps = {}): SecureRestApi {
  return withMethod(new SecureRestApi(stack, id, { restApiName: 'orders', ...restProps(props) }));
}

export { newFunction as backendFunction };
