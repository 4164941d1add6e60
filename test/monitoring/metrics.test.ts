import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { httpApi, newFunction, newStack, restApi, TestWebSocketApi } from './fixtures';
import {
  GatewayWebAcl, HttpApiMetrics, JwtAuthorizerFunction, JwtAuthorizerMetrics, JwtIssuer, LambdaFunctionMetrics, RestApiMetrics,
  WebAclMetrics, WebSocketApiMetrics,
} from '../../lib';
import { webAclNameFromArn } from '../../lib/monitoring/metrics/web-acl-metrics';

/** A metric as CloudFormation will see it, tokens resolved in its stack. */
function shape(stack: Stack, metric: cloudwatch.IMetric) {
  const m = metric as cloudwatch.Metric;
  return stack.resolve({
    namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, statistic: m.statistic, period: m.period.toSeconds(), unit: m.unit,
  });
}

// Names, dimensions and statistics below are those of the API Gateway developer guide: "Monitor CloudWatch
// metrics for HTTP APIs", "Amazon API Gateway dimensions and metrics" (REST), "Monitor WebSocket API
// execution with CloudWatch metrics"; AWS WAF "metrics and dimensions"; Lambda "function metrics". No unit
// is set anywhere: a unit CloudWatch does not store would filter out every datapoint.
describe('metric factories pin the names and dimensions each API kind really emits', () => {
  test('HTTP: AWS/ApiGateway, ApiId + Stage, 4xx / 5xx / Count / Latency / IntegrationLatency / DataProcessed', () => {
    const stack = newStack();
    const m = new HttpApiMetrics('abc123', '$default');
    const dims = { ApiId: 'abc123', Stage: '$default' };
    expect(shape(stack, m.metricCount())).toEqual({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: dims, statistic: 'SampleCount', period: 300 });
    expect(shape(stack, m.metricRequests())).toEqual(shape(stack, m.metricCount()));
    expect(shape(stack, m.metricClientErrors())).toMatchObject({ metricName: '4xx', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricServerErrors())).toMatchObject({ metricName: '5xx', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricLatency()!)).toMatchObject({ metricName: 'Latency', dimensions: dims, statistic: 'p99' });
    expect(shape(stack, m.metricIntegrationLatency())).toMatchObject({ metricName: 'IntegrationLatency', dimensions: dims, statistic: 'p99' });
    expect(shape(stack, m.metricDataProcessed())).toMatchObject({ metricName: 'DataProcessed', dimensions: dims, statistic: 'Sum' });
    expect(m.routeDimensions('GET', '/orders/{id}')).toEqual({ ApiId: 'abc123', Method: 'GET', Resource: '/orders/{id}', Stage: '$default' });
    expect(shape(stack, m.metricCount()).unit).toBeUndefined();
  });

  test('REST: AWS/ApiGateway, ApiName + Stage, 4XXError / 5XXError / Count (SampleCount) / latencies / cache', () => {
    const stack = newStack();
    const m = new RestApiMetrics('orders', 'prod');
    const dims = { ApiName: 'orders', Stage: 'prod' };
    expect(shape(stack, m.metricCount())).toEqual({ namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: dims, statistic: 'SampleCount', period: 300 });
    expect(shape(stack, m.metricClientErrors())).toMatchObject({ metricName: '4XXError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricServerErrors())).toMatchObject({ metricName: '5XXError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricLatency()!)).toMatchObject({ metricName: 'Latency', dimensions: dims, statistic: 'p99' });
    expect(shape(stack, m.metricIntegrationLatency())).toMatchObject({ metricName: 'IntegrationLatency', dimensions: dims });
    expect(shape(stack, m.metricCacheHits())).toMatchObject({ metricName: 'CacheHitCount', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricCacheMisses())).toMatchObject({ metricName: 'CacheMissCount', dimensions: dims, statistic: 'Sum' });
    expect(m.routeDimensions('GET', '/orders')).toEqual({ ApiName: 'orders', Method: 'GET', Resource: '/orders', Stage: 'prod' });
  });

  test('WebSocket: AWS/ApiGateway, ApiId + Stage, ConnectCount / MessageCount / ClientError / IntegrationError / ExecutionError, no Latency', () => {
    const stack = newStack();
    const m = new WebSocketApiMetrics('ws1', 'live');
    const dims = { ApiId: 'ws1', Stage: 'live' };
    expect(shape(stack, m.metricConnectCount())).toEqual({ namespace: 'AWS/ApiGateway', metricName: 'ConnectCount', dimensions: dims, statistic: 'Sum', period: 300 });
    expect(shape(stack, m.metricMessageCount())).toMatchObject({ metricName: 'MessageCount', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricClientErrors())).toMatchObject({ metricName: 'ClientError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricServerErrors())).toMatchObject({ metricName: 'IntegrationError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricExecutionErrors())).toMatchObject({ metricName: 'ExecutionError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, m.metricIntegrationLatency())).toMatchObject({ metricName: 'IntegrationLatency', dimensions: dims, statistic: 'p99' });
    expect(m.metricLatency()).toBeUndefined();
    const requests = m.metricRequests() as cloudwatch.MathExpression;
    expect(requests.expression).toBe('FILL(connects, 0) + FILL(messages, 0)');
    expect(Object.values(requests.usingMetrics).map((u) => (u as cloudwatch.Metric).metricName).sort()).toEqual(['ConnectCount', 'MessageCount']);
  });

  test('Lambda: AWS/Lambda, FunctionName; Errors / Throttles / Invocations (Sum), Duration (p99), ConcurrentExecutions (Maximum)', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const m = new LambdaFunctionMetrics(fn);
    const dims = { FunctionName: { Ref: stack.getLogicalId(fn.node.defaultChild as any) } };
    expect(shape(stack, m.metricErrors())).toEqual({ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: dims, statistic: 'Sum', period: 300 });
    expect(shape(stack, m.metricThrottles())).toMatchObject({ metricName: 'Throttles', statistic: 'Sum' });
    expect(shape(stack, m.metricInvocations())).toMatchObject({ metricName: 'Invocations', statistic: 'Sum' });
    expect(shape(stack, m.metricDuration())).toMatchObject({ metricName: 'Duration', statistic: 'p99' });
    expect(shape(stack, m.metricConcurrentExecutions())).toMatchObject({ metricName: 'ConcurrentExecutions', statistic: 'Maximum', dimensions: dims });
  });

  test('JWT authorizer: Portcullis/JwtAuthorizer JwksUnavailable by FunctionName, besides its Lambda metrics', () => {
    const stack = newStack();
    const authorizer = new JwtAuthorizerFunction(stack, 'Authorizer', {
      issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', jwksUri: 'https://auth.example.com/jwks.json', audiences: ['api'] })],
    });
    const m = new JwtAuthorizerMetrics(authorizer);
    expect(shape(stack, m.metricJwksUnavailable())).toMatchObject({
      namespace: 'Portcullis/JwtAuthorizer',
      metricName: 'JwksUnavailable',
      statistic: 'Sum',
      period: 300,
      dimensions: { FunctionName: { Ref: stack.getLogicalId(authorizer.function.node.defaultChild as any) } },
    });
    expect(shape(stack, m.metricErrors())).toMatchObject({ namespace: 'AWS/Lambda', metricName: 'Errors' });
  });

  test('WAF: AWS/WAFV2, WebACL (name) + Region + Rule ALL; the name from a GatewayWebAcl or from an ARN', () => {
    const stack = newStack();
    const acl = new GatewayWebAcl(stack, 'Acl');
    const own = new WebAclMetrics(stack, acl);
    expect(shape(stack, own.metricBlockedRequests())).toEqual({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      statistic: 'Sum',
      period: 300,
      dimensions: { WebACL: acl.webAclName, Region: 'us-east-1', Rule: 'ALL' },
    });
    expect(shape(stack, own.metricAllowedRequests())).toMatchObject({ metricName: 'AllowedRequests' });
    // The dashboard and alarms agree with the web ACL's own metric helpers.
    expect(shape(stack, own.metricBlockedRequests())).toEqual(shape(stack, acl.metricBlockedRequests()));
    const imported = new WebAclMetrics(stack, { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/edge-acl/0f1e2d' });
    expect(imported.webAclName).toBe('edge-acl');
    expect(stack.resolve(webAclNameFromArn(acl.webAclArn))).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [expect.any(String), 'Arn'] }] }] });
    expect(() => webAclNameFromArn('arn:aws:wafv2:us-east-1:111111111111:regional/ipset/x/1')).toThrow(/not a WAFv2 web ACL ARN/);
  });
});

describe('metric…() helpers on the API constructs use their kind\'s names and stage dimensions', () => {
  test('SecureHttpApi: ApiId + Stage ($default), 4xx / 5xx / Count / Latency (average) / IntegrationLatency', () => {
    const stack = newStack();
    const api = httpApi(stack);
    const dims = { ApiId: stack.resolve(api.apiId), Stage: '$default' };
    expect(shape(stack, api.metricClientError())).toMatchObject({ metricName: '4xx', dimensions: dims, statistic: 'Sum', period: 300 });
    expect(shape(stack, api.metricServerError())).toMatchObject({ metricName: '5xx', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, api.metricCount())).toMatchObject({ metricName: 'Count', dimensions: dims, statistic: 'SampleCount' });
    expect(shape(stack, api.metricLatency())).toMatchObject({ metricName: 'Latency', dimensions: dims, statistic: 'Average' });
    expect(shape(stack, api.metricIntegrationLatency())).toMatchObject({ metricName: 'IntegrationLatency', dimensions: dims, statistic: 'Average' });
    expect(shape(stack, api.metricLatency({ statistic: 'p90' }))).toMatchObject({ statistic: 'p90' });
    expect(api.apiName).toMatch(/HttpApi/);
    expect(api.detailedMetricsEnabled).toBe(false);
  });

  test('SecureRestApi: ApiName + Stage, 4XXError / 5XXError / Count / Latency / IntegrationLatency', () => {
    const stack = newStack();
    const api = restApi(stack, 'RestApi', { detailedMetrics: true });
    const dims = { ApiName: 'orders', Stage: 'prod' };
    expect(shape(stack, api.metricClientError())).toMatchObject({ metricName: '4XXError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, api.metricServerError())).toMatchObject({ metricName: '5XXError', dimensions: dims, statistic: 'Sum' });
    expect(shape(stack, api.metricCount())).toMatchObject({ metricName: 'Count', dimensions: dims, statistic: 'SampleCount' });
    expect(shape(stack, api.metricLatency())).toMatchObject({ metricName: 'Latency', dimensions: dims, statistic: 'Average' });
    expect(shape(stack, api.metricIntegrationLatency())).toMatchObject({ metricName: 'IntegrationLatency', dimensions: dims });
    expect(api.apiName).toBe('orders');
    expect(api.detailedMetricsEnabled).toBe(true);
    expect(api.webAcl?.webAclArn).toMatch(/webacl\/api\//);
  });

  test('a WebSocket API behind ISecureApi gets ApiId + Stage', () => {
    const stack = newStack();
    const api = new TestWebSocketApi(stack, 'Ws');
    expect(shape(stack, api.metricClientError())).toMatchObject({ metricName: 'ClientError', dimensions: { ApiId: stack.resolve(api.apiId), Stage: 'live' } });
  });
});
