import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { httpApi, newFunction, newStack, restApi, TestWebSocketApi } from './fixtures';
import { GatewayMonitoring, JwtAuthorizerFunction, JwtIssuer, RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../lib';

type Resource = { Type: string; Properties: any };

/** The alarms security insights add to every API (on by default; see security-insights.test.ts), sorted by logical id. */
const SECURITY_ALARM_IDS = ['ClientErrorAnomaly', 'DenialRateAnomaly', 'DeniedBySourceIpAlarm', 'ThrottledBySourceIpAlarm']
  .map((id) => expect.stringMatching(new RegExp(`^MonitoringSecurityInsights.*${id}`)));

/** The alarms of a template by logical id. */
function alarms(template: Template): Record<string, any> {
  return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>)
    .map(([id, r]) => [id, r.Properties]));
}

/** The one alarm whose logical id contains `part`. */
function alarm(template: Template, part: string): any {
  const found = Object.entries(alarms(template)).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`${found.length} alarms match ${part}: ${Object.keys(alarms(template)).join(', ')}`);
  return found[0][1];
}

/** The metric of a math alarm with the given id (`errors`, `requests`). */
function mathInput(props: any, id: string): any {
  return props.Metrics.find((m: any) => m.Id === id);
}

describe('GatewayMonitoring alarms on an HTTP API', () => {
  const stack = newStack();
  const api = httpApi(stack);
  new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { label: 'Orders' });
  const t = Template.fromStack(stack);
  const apiRef = { Ref: stack.getLogicalId(api.httpApi.node.defaultChild as any) };
  const stageDims = [{ Name: 'ApiId', Value: apiRef }, { Name: 'Stage', Value: '$default' }];

  test('server error rate: 100 * 5xx / Count when a period has ≥ 10 requests, ≥ 5 %, 2 of 3 × 5 min, missing data not breaching, actions to the topic', () => {
    const a = alarm(t, 'ServerErrorRate');
    expect(a).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 5,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    const expr = a.Metrics.find((m: any) => m.Expression);
    expect(expr).toMatchObject({ Expression: 'IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', ReturnData: true });
    expect(mathInput(a, 'errors')).toEqual({
      Id: 'errors',
      ReturnData: false,
      MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: stageDims }, Period: 300, Stat: 'Sum' },
    });
    expect(mathInput(a, 'requests')).toEqual({
      Id: 'requests',
      ReturnData: false,
      MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: stageDims }, Period: 300, Stat: 'SampleCount' },
    });
    expect(a.AlarmActions).toEqual([TOPIC_REF_RESOLVED(t)]);
    expect(a.OKActions).toEqual([TOPIC_REF_RESOLVED(t)]);
  });

  test('client error rate (401/403 spikes): 4xx / Count ≥ 25 % with ≥ 20 requests, 2 of 3', () => {
    const a = alarm(t, 'ClientErrorRate');
    expect(a).toMatchObject({ Threshold: 25, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching', ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(a.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
    expect(mathInput(a, 'errors').MetricStat).toMatchObject({ Metric: { MetricName: '4xx', Dimensions: stageDims }, Stat: 'Sum', Period: 300 });
    expect(a.AlarmDescription).toMatch(/401\/403/);
  });

  test('p99 latency ≥ 2,500 ms and p99 integration latency ≥ 2,000 ms, 3 of 3 × 5 min', () => {
    const latency = Object.entries(alarms(t)).find(([id]) => /LatencyP99/.test(id) && !/Integration/.test(id))![1];
    expect(latency).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: stageDims,
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: 2500,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm(t, 'IntegrationLatencyP99')).toMatchObject({
      Namespace: 'AWS/ApiGateway', MetricName: 'IntegrationLatency', Dimensions: stageDims, ExtendedStatistic: 'p99', Period: 300, Threshold: 2000,
    });
  });

  test('no minimum-traffic alarm unless asked, no WebSocket-only alarm, four alarms in all', () => {
    expect(Object.keys(alarms(t)).sort()).toEqual([
      expect.stringContaining('ClientErrorRate'), expect.stringContaining('IntegrationLatencyP99'),
      expect.stringContaining('LatencyP99'), expect.stringContaining('ServerErrorRate'),
      ...SECURITY_ALARM_IDS,
    ]);
  });
});

function TOPIC_REF_RESOLVED(t: Template): any {
  const topics = Object.keys(t.findResources('AWS::SNS::Topic'));
  expect(topics).toHaveLength(1);
  return { Ref: topics[0] };
}

describe('GatewayMonitoring alarms on a REST API, its web ACL, backends and authorizers', () => {
  const stack = newStack();
  const backend = newFunction(stack, 'Backend');
  const api = restApi(stack);
  const issuer = JwtIssuer.oidc({ issuer: 'https://auth.example.com/', jwksUri: 'https://auth.example.com/jwks.json', audiences: ['api'] });
  api.addMethods({ path: '/orders', methods: ['GET'], handler: backend, authorization: RouteAuthorization.jwtLambda({ issuers: [issuer], scopes: ['orders/read'] }) });
  const customAuthorizer = newFunction(stack, 'CustomAuthorizer');
  const monitoring = new GatewayMonitoring(stack, 'Monitoring');
  const created = monitoring.monitorApi(api, { label: 'Orders', backends: [backend], authorizers: [customAuthorizer], clientErrorRate: { threshold: 10, minRequests: 50 } });
  const t = Template.fromStack(stack);
  const stageDims = [{ Name: 'ApiName', Value: 'orders' }, { Name: 'Stage', Value: 'prod' }];

  test('rate alarms use 5XXError / 4XXError over Count with ApiName + Stage; overrides replace only what they name', () => {
    expect(mathInput(alarm(t, 'ServerErrorRate'), 'errors').MetricStat.Metric).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: stageDims });
    expect(mathInput(alarm(t, 'ServerErrorRate'), 'requests').MetricStat).toMatchObject({ Metric: { MetricName: 'Count', Dimensions: stageDims }, Stat: 'SampleCount' });
    const client = alarm(t, 'ClientErrorRate');
    expect(mathInput(client, 'errors').MetricStat.Metric.MetricName).toBe('4XXError');
    expect(client).toMatchObject({ Threshold: 10, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    expect(client.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests >= 50, 100 * FILL(errors, 0) / requests, 0)');
  });

  test('WAF blocked requests ≥ 100 per 5 min on the API\'s web ACL (name from its ARN, Region, Rule ALL)', () => {
    expect(alarm(t, 'WafBlockedRequests')).toMatchObject({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 100,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Dimensions: [{ Name: 'Region', Value: 'us-east-1' }, { Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: 'api' }],
      TreatMissingData: 'notBreaching',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  test('the API\'s own Lambda JWT authorizer is found: errors, throttles and JWKS unavailable ≥ 1 in one period', () => {
    const fnRef = { Ref: Match.stringLikeRegexp('JwtLambdaAuthorizerFunction') };
    const jwks = Object.values(alarms(t)).filter((a: any) => a.MetricName === 'JwksUnavailable');
    expect(jwks).toHaveLength(1);
    expect(jwks[0]).toMatchObject({
      Namespace: 'Portcullis/JwtAuthorizer', Statistic: 'Sum', Period: 300, Threshold: 1, EvaluationPeriods: 1, DatapointsToAlarm: 1, TreatMissingData: 'notBreaching',
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'Portcullis/JwtAuthorizer', Dimensions: [{ Name: 'FunctionName', Value: fnRef }] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda', MetricName: 'Throttles', Statistic: 'Sum', Threshold: 1, EvaluationPeriods: 1, Dimensions: [{ Name: 'FunctionName', Value: fnRef }],
    });
    // Errors less the Unauthorized answers (401 on REST and WebSocket), which the function ends with an error as API Gateway requires.
    const errors = Object.values(alarms(t)).filter((a: any) => a.Metrics?.some((m: any) => m.Id === 'unauthorized'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(errors[0].Metrics.find((m: any) => m.ReturnData !== false).Expression).toBe('MAX([0, errors - FILL(unauthorized, 0)])');
    expect(mathInput(errors[0], 'errors').MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, Period: 300, Stat: 'Sum' });
    expect(mathInput(errors[0], 'errors').MetricStat.Metric.Dimensions[0].Value.Ref).toMatch(/JwtLambdaAuthorizerFunction/);
    expect(mathInput(errors[0], 'unauthorized').MetricStat).toMatchObject({ Metric: { Namespace: 'Portcullis/JwtAuthorizer', MetricName: 'Unauthorized' }, Period: 300, Stat: 'Sum' });
  });

  test('a Lambda authorizer given with the API: errors and throttles, no JWKS alarm', () => {
    const ref = { Ref: stack.getLogicalId(customAuthorizer.node.defaultChild as any) };
    const mine = Object.values(alarms(t)).filter((a: any) => JSON.stringify(a.Dimensions ?? []) === JSON.stringify([{ Name: 'FunctionName', Value: ref }]));
    expect(mine.map((a: any) => a.MetricName).sort()).toEqual(['Errors', 'Throttles']);
  });

  test('backend: Errors / Invocations ≥ 5 % with ≥ 10 invocations (2 of 3), Throttles ≥ 1 (2 of 3)', () => {
    const ref = { Ref: stack.getLogicalId(backend.node.defaultChild as any) };
    const rate = alarm(t, 'BackendBackendErrorRate');
    expect(rate).toMatchObject({ Threshold: 5, EvaluationPeriods: 3, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
    expect(mathInput(rate, 'errors').MetricStat).toEqual({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: ref }] }, Period: 300, Stat: 'Sum' });
    expect(mathInput(rate, 'requests').MetricStat.Metric.MetricName).toBe('Invocations');
    expect(alarm(t, 'BackendBackendThrottles')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Threshold: 1, EvaluationPeriods: 3, DatapointsToAlarm: 2 });
  });

  test('every alarm notifies the topic on alarm and on OK; monitorApi returns what it created', () => {
    const topic = TOPIC_REF_RESOLVED(t);
    const all = Object.values(alarms(t));
    expect(all.length).toBe(created.length);
    expect(all.length).toBe(4 + 3 + 2 + 1 + 2 + SECURITY_ALARM_IDS.length); // API, JWT authorizer, Lambda authorizer, WAF, backend, security insights
    for (const a of all) {
      expect(a.AlarmActions).toEqual([topic]);
      expect(a.OKActions).toEqual([topic]);
      expect(a.AlarmDescription).toEqual(expect.any(String));
    }
  });

  test('the created topic is KMS-encrypted, TLS only, and only CloudWatch alarms of this account may publish', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitoringAlarmTopicKey'), 'Arn'] } });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:111111111111:alarm:*']] } } },
          }),
        ]),
      },
    });
  });
});

describe('GatewayMonitoring on a WebSocket API (ISecureApi with ApiKind.WEBSOCKET)', () => {
  const stack = newStack();
  const api = new TestWebSocketApi(stack, 'Chat');
  new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { label: 'Chat' });
  const t = Template.fromStack(stack);
  const dims = [{ Name: 'ApiId', Value: { Ref: stack.getLogicalId(api.api.node.defaultChild as any) } }, { Name: 'Stage', Value: 'live' }];

  test('connect errors: ClientError / (ConnectCount + MessageCount); server errors: IntegrationError over the same', () => {
    const client = alarm(t, 'ClientErrorRate');
    expect(mathInput(client, 'errors').MetricStat).toEqual({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'ClientError', Dimensions: dims }, Period: 300, Stat: 'Sum' });
    expect(mathInput(client, 'requests')).toMatchObject({ Expression: 'FILL(connects, 0) + FILL(messages, 0)', ReturnData: false });
    expect(mathInput(client, 'connects').MetricStat.Metric).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: 'ConnectCount', Dimensions: dims });
    expect(mathInput(client, 'messages').MetricStat.Metric.MetricName).toBe('MessageCount');
    expect(mathInput(alarm(t, 'ServerErrorRate'), 'errors').MetricStat.Metric.MetricName).toBe('IntegrationError');
  });

  test('execution errors ≥ 1 in 2 of 3 periods; integration latency; no Latency alarm (WebSocket APIs do not report it)', () => {
    expect(alarm(t, 'ExecutionErrors')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'ExecutionError',
      Dimensions: dims,
      Statistic: 'Sum',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm(t, 'IntegrationLatencyP99')).toMatchObject({ MetricName: 'IntegrationLatency', Dimensions: dims });
    expect(Object.values(alarms(t)).filter((a: any) => a.MetricName === 'Latency')).toHaveLength(0);
    expect(Object.keys(alarms(t))).toHaveLength(4 + SECURITY_ALARM_IDS.length);
  });
});

describe('GatewayMonitoring options', () => {
  test('minimum traffic tells a dead API from an idle one: Count < threshold, missing data breaching', () => {
    const stack = newStack();
    new GatewayMonitoring(stack, 'Monitoring').monitorApi(httpApi(stack), { minimumTraffic: { enabled: true, threshold: 10, period: Duration.minutes(15) } });
    expect(alarm(Template.fromStack(stack), 'MinimumTraffic')).toMatchObject({
      MetricName: 'Count',
      Statistic: 'SampleCount',
      Period: 900,
      Threshold: 10,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  test('a topic the user brings receives the actions and no AlarmTopic is created; enabled: false leaves an alarm out', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Mine');
    const monitoring = new GatewayMonitoring(stack, 'Monitoring', { alarmTopic: topic });
    monitoring.monitorApi(httpApi(stack), { clientErrorRate: { enabled: false, offReason: 'Client errors watched by the SLO alarm' } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    expect(monitoring.createdAlarmTopic).toBeUndefined();
    expect(Object.values(alarms(t)).every((a: any) => a.AlarmActions[0].Ref === stack.getLogicalId(topic.node.defaultChild as any))).toBe(true);
    expect(Object.keys(alarms(t)).some((id) => id.includes('ClientErrorRate'))).toBe(false);
  });

  test('per-route alarms use the route dimensions when the API has detailed metrics', () => {
    const stack = newStack();
    const api = restApi(stack, 'RestApi', { detailedMetrics: true });
    new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { routes: [{ method: 'get', resource: '/fixture', latencyP99: { threshold: 800 } }] });
    const t = Template.fromStack(stack);
    const routeDims = [{ Name: 'ApiName', Value: 'orders' }, { Name: 'Method', Value: 'GET' }, { Name: 'Resource', Value: '/fixture' }, { Name: 'Stage', Value: 'prod' }];
    expect(alarm(t, 'Route0LatencyP99')).toMatchObject({ MetricName: 'Latency', Dimensions: routeDims, Threshold: 800, ExtendedStatistic: 'p99' });
    expect(mathInput(alarm(t, 'Route0ServerErrorRate'), 'errors').MetricStat.Metric).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Dimensions: routeDims });
  });

  test('per-route alarms without detailed metrics fail synth, naming the API and the fix', () => {
    const stack = newStack();
    const api = httpApi(stack);
    expect(() => new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { routes: [{ method: 'GET', resource: '/orders' }] }))
      .toThrow(/\[Test\/Monitoring\] prop 'options.routes' = \["GET \/orders"\]: Test\/HttpApi has no detailed metrics.*Fix: set `detailedMetrics: true`/);
  });

  test('a per-route alarm on a route the API does not have fails synth, naming the route and the API\'s routes', () => {
    const stack = newStack();
    const api = restApi(stack, 'RestApi', { detailedMetrics: true });
    new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { routes: [{ method: 'get', resource: '/fixture' }, { method: 'GET', resource: '/orders/{id}' }] });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Test\/Monitoring\] prop 'options.routes' = \["GET \/orders\/\{id\}"\]: Test\/RestApi has no such route, so its alarms could never fire \(its routes: GET \/fixture\)\. Fix: name a route as the API spells it/);
  });

  test('a per-route alarm on an HTTP route added after monitorApi passes; one on a missing route fails', () => {
    const stack = newStack();
    const api = httpApi(stack, 'HttpApi', true);
    new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { routes: [{ method: 'GET', resource: '/orders' }] });
    expect(() => Template.fromStack(stack)).toThrow(/Test\/HttpApi has no such route, so its alarms could never fire \(its routes: none\)/);
    api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('monitorApi twice on one API is refused (every alarm would be doubled), also after `apis`', () => {
    const stack = newStack();
    const api = httpApi(stack);
    const monitoring = new GatewayMonitoring(stack, 'Monitoring', { apis: [api] });
    expect(() => monitoring.monitorApi(api, { clientErrorRate: { threshold: 10 } }))
      .toThrow(/^\[Test\/Monitoring\] prop 'monitorApi\(api\)' = "Test\/HttpApi": is already monitored here; a second call would create every alarm twice, and page twice\. Fix: monitor each API once/);
    const other = new GatewayMonitoring(stack, 'Other');
    other.monitorApi(api);
    expect(() => other.monitorApi(api)).toThrow(/is already monitored here/);
  });

  test.each([
    ['monitorApi(api)', (m: GatewayMonitoring) => m.monitorApi(undefined as any)],
    ['monitorBackends(functions)', (m: GatewayMonitoring) => m.monitorBackends(undefined as any)],
    ['monitorJwtAuthorizer(authorizer)', (m: GatewayMonitoring) => m.monitorJwtAuthorizer(undefined as any)],
    ['monitorLambdaAuthorizer(fn)', (m: GatewayMonitoring) => m.monitorLambdaAuthorizer(undefined as any)],
    ['monitorWebAcl(webAcl)', (m: GatewayMonitoring) => m.monitorWebAcl(undefined as any)],
  ])('%s with undefined (a JavaScript or Python caller) is refused with a clear error, not a TypeError', (call, act) => {
    const monitoring = new GatewayMonitoring(newStack(), 'Monitoring');
    let error: unknown;
    try {
      act(monitoring);
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`[Test/Monitoring] prop '${call}' = undefined: is required. Fix: pass `);
  });

  test('a web ACL given for an HTTP or WebSocket API is refused; bad thresholds are all reported together', () => {
    const stack = newStack();
    const monitoring = new GatewayMonitoring(stack, 'Monitoring');
    expect(() => monitoring.monitorApi(httpApi(stack), { webAcl: { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/a/1' } }))
      .toThrow(/options.webAcl.*HTTP APIs cannot be associated with a web ACL/);
    let message = '';
    try {
      monitoring.monitorApi(new TestWebSocketApi(stack, 'Ws'), {
        serverErrorRate: { threshold: 150 },
        latencyP99: { threshold: -1 },
        executionErrors: { evaluationPeriods: 3, datapointsToAlarm: 4 },
        integrationLatencyP99: { period: Duration.seconds(90) },
        backendAlarms: { throttles: { threshold: 0.5 } },
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/options.serverErrorRate.threshold' = 150: a rate threshold is a percentage/);
    expect(message).toMatch(/options.latencyP99.threshold' = -1/);
    expect(message).toMatch(/options.executionErrors.datapointsToAlarm' = 4/);
    expect(message).toMatch(/options.integrationLatencyP99.period' = "90 seconds": .*whole minutes/);
    expect(message).toMatch(/options.backendAlarms.throttles.threshold' = 0.5/);
    expect(monitoring.alarms).toHaveLength(0); // a refused call creates nothing
  });

  test('a function watched as a backend of two APIs gets its alarms once', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Shared');
    const monitoring = new GatewayMonitoring(stack, 'Monitoring');
    monitoring.monitorApi(httpApi(stack, 'A'), { backends: [fn] });
    monitoring.monitorApi(httpApi(stack, 'B'), { backends: [fn] });
    expect(monitoring.monitorBackends([fn])).toHaveLength(0);
    expect(Object.keys(alarms(Template.fromStack(stack))).filter((id) => id.includes('BackendShared'))).toHaveLength(2);
  });

  test('apis in props are monitored with defaults; SecureRestApi with its own GatewayWebAcl is watched through it', () => {
    const stack = newStack();
    const rest = new SecureRestApi(stack, 'Own', { restApiName: 'own' });
    rest.addMethods({ path: '/x', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    const http: SecureHttpApi = httpApi(stack);
    const monitoring = new GatewayMonitoring(stack, 'Monitoring', { apis: [http, rest] });
    expect(monitoring.alarms).toHaveLength(4 + 5 + 2 * SECURITY_ALARM_IDS.length);
    expect(alarm(Template.fromStack(stack), 'WafBlockedRequests').Dimensions).toContainEqual({ Name: 'WebACL', Value: rest.gatewayWebAcl!.webAclName });
  });

  test('authorizers and web ACLs not found through an API are monitored on their own, with overrides', () => {
    const stack = newStack();
    const monitoring = new GatewayMonitoring(stack, 'Monitoring');
    const jwt = new JwtAuthorizerFunction(stack, 'SharedJwt', {
      issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', jwksUri: 'https://auth.example.com/jwks.json', audiences: ['api'] })],
    });
    expect(monitoring.monitorJwtAuthorizer(jwt, { jwksUnavailable: { threshold: 5, evaluationPeriods: 2 } })).toHaveLength(3);
    expect(monitoring.monitorLambdaAuthorizer(newFunction(stack, 'KeyAuth'), { throttles: { enabled: false, offReason: 'Concurrency alarm on the account covers it' } })).toHaveLength(1);
    const waf = monitoring.monitorWebAcl({ webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shared/9' }, { blockedRequests: { threshold: 1000 } }, 'Shared');
    expect(waf).toHaveLength(1);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'JwksUnavailable', Threshold: 5, EvaluationPeriods: 2, DatapointsToAlarm: 1 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BlockedRequests', Threshold: 1000, Dimensions: Match.arrayWith([{ Name: 'WebACL', Value: 'shared' }]),
    });
    expect(() => monitoring.monitorLambdaAuthorizer(newFunction(stack, 'Other'), { errors: { threshold: 0 } }))
      .toThrow(/prop 'options.errors.threshold' = 0: a count threshold must be at least 1/);
  });
});
