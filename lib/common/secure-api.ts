import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { ApiKind } from './api-kind';

/**
 * What every Portcullis API offers, whatever its kind: monitoring, governance and custom domains
 * take an `ISecureApi`.
 */
export interface ISecureApi extends IConstruct {
  /** Which kind of API this is; metric names and dimensions depend on it. */
  readonly apiKind: ApiKind;

  /**
   * The API's name. REST API metrics are keyed by it (`ApiName`); HTTP and WebSocket API metrics by
   * `apiId`.
   */
  readonly apiName: string;

  /** Whether the stage reports per-route (per-method) CloudWatch metrics (`detailedMetrics`). */
  readonly detailedMetricsEnabled: boolean;

  /** The API id (`AWS::ApiGatewayV2::Api` or `AWS::ApiGateway::RestApi`). */
  readonly apiId: string;

  /** The name of the stage Portcullis created (`$default` unless a name was given). */
  readonly stageName: string;

  /** The log group the stage writes its JSON access logs to. */
  readonly logGroup: logs.ILogGroup;

  /**
   * Requests answered with a 4XX status.
   *
   * @default - sum over 5 minutes
   */
  metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests answered with a 5XX status.
   *
   * @default - sum over 5 minutes
   */
  metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Requests received.
   *
   * @default - sample count over 5 minutes
   */
  metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Time between receiving a request and answering it, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Time the integration took, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Lets a principal call every IAM-authorized route or method of the API (`execute-api:Invoke` on
   * their ARNs in this API's stage, nothing else).
   */
  grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant;

  /**
   * Called by a custom domain (`GatewayDomain.addApi`) for each API it maps: turns the API's default
   * `execute-api` endpoint off (`DisableExecuteApiEndpoint: true` on the API resource), so that nobody
   * goes around the domain's TLS policy, mutual TLS or WAF. Given a reason (at least 10 characters),
   * it keeps the endpoint on instead, records the reason on the API resource (metadata
   * `Portcullis::ExecuteApiEndpointKept`) and acknowledges `Portcullis-DefaultEndpointDisabled` there
   * with it. Every domain that maps the API must agree on keeping it or not.
   *
   * @param keepExecuteApiEndpointReason why clients must still reach the `execute-api` URL; leave it out to turn the endpoint off
   */
  serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void;
}
