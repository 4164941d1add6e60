import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { EndpointType, MockIntegration } from 'aws-cdk-lib/aws-apigateway';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { ApiKind, ISecureApi, RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../lib';
import { serveThroughCustomDomain } from '../../lib/common/execute-api-endpoint';
import { restProps } from '../rest/fixtures';
import { newFunction } from '../stack-fixtures';

export const ZONE_ID = 'Z0123456789ABCDEFGHIJ';

/** A stack in eu-west-1 (Regional certificates live there). */
export function newStack(region = 'eu-west-1'): Stack {
  return new Stack(new App(), 'Test', { env: { account: '111111111111', region } });
}

/** The example.com zone, imported by attributes: no lookups. */
export function exampleZone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'example.com' });
}

export function httpApi(stack: Stack, id = 'Http'): SecureHttpApi {
  const api = new SecureHttpApi(stack, id, { defaultAuthorization: RouteAuthorization.iam() });
  api.addRoutes({ path: '/me', handler: newFunction(stack, `${id}Fn`) });
  return api;
}

export function restApi(stack: Stack, id = 'Rest', endpointType?: EndpointType): SecureRestApi {
  const api = new SecureRestApi(stack, id, restProps({ defaultAuthorization: RouteAuthorization.iam(), endpointType }));
  api.addMethods({ path: '/me', methods: ['GET'], integration: new MockIntegration() });
  return api;
}

/**
 * Any ISecureApi of the WebSocket kind, not only SecureWebSocketApi: aws-cdk-lib's WebSocketApi and
 * stage behind ISecureApi, implementing the custom-domain hook the way every Portcullis API must.
 */
export class WebSocketDouble extends Construct implements ISecureApi {
  public readonly apiKind = ApiKind.WEBSOCKET;
  public readonly apiName = 'live-updates';
  public readonly detailedMetricsEnabled = false;
  public readonly apiId: string;
  public readonly stageName = 'live';
  public readonly logGroup: logs.ILogGroup;
  public readonly api: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api');
    new WebSocketStage(this, 'Stage', { webSocketApi: this.api, stageName: this.stageName, autoDeploy: true });
    this.apiId = this.api.apiId;
    this.logGroup = new logs.LogGroup(this, 'Logs');
  }

  public metricClientError(): cloudwatch.Metric { return this.api.metric('ClientError'); }
  public metricServerError(): cloudwatch.Metric { return this.api.metric('ExecutionError'); }
  public metricCount(): cloudwatch.Metric { return this.api.metric('MessageCount'); }
  public metricLatency(): cloudwatch.Metric { return this.api.metric('IntegrationLatency'); }
  public metricIntegrationLatency(): cloudwatch.Metric { return this.api.metric('IntegrationLatency'); }
  public grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:Invoke'], resourceArns: [this.api.arnForExecuteApiV2()] });
  }
  public serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void {
    serveThroughCustomDomain(this, this.api.node.defaultChild as CfnResource, keepExecuteApiEndpointReason);
  }
}
