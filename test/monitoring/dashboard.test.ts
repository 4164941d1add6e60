import { Template } from 'aws-cdk-lib/assertions';
import { dashboardWidgets, widgetMetrics } from './dashboard-body';
import { httpApi, newFunction, newStack, restApi, TestWebSocketApi } from './fixtures';
import { GatewayMonitoring, JwtIssuer, RouteAuthorization } from '../../lib';

/** What each API kind (and the services around it) really emits, per namespace: the documentation's lists. */
const EMITTED: Record<string, Set<string>> = {
  'HTTP': new Set(['Count', '4xx', '5xx', 'Latency', 'IntegrationLatency', 'DataProcessed']),
  'REST': new Set(['Count', '4XXError', '5XXError', 'Latency', 'IntegrationLatency', 'CacheHitCount', 'CacheMissCount']),
  'WEBSOCKET': new Set(['ConnectCount', 'MessageCount', 'IntegrationError', 'ClientError', 'ExecutionError', 'IntegrationLatency']),
  'AWS/Lambda': new Set(['Invocations', 'Errors', 'Throttles', 'Duration', 'ConcurrentExecutions']),
  'AWS/WAFV2': new Set(['AllowedRequests', 'BlockedRequests', 'CountedRequests']),
  'Portcullis/JwtAuthorizer': new Set(['JwksUnavailable']),
};

describe('the dashboard', () => {
  const stack = newStack();
  const http = httpApi(stack);
  const rest = restApi(stack);
  const ws = new TestWebSocketApi(stack, 'Chat');
  const backend = newFunction(stack, 'Backend');
  const issuer = JwtIssuer.oidc({ issuer: 'https://auth.example.com/', jwksUri: 'https://auth.example.com/jwks.json', audiences: ['api'] });
  rest.addMethods({ path: '/orders', methods: ['GET'], handler: backend, authorization: RouteAuthorization.jwtLambda({ issuers: [issuer] }) });
  const monitoring = new GatewayMonitoring(stack, 'Monitoring', { dashboardName: 'gateway' });
  monitoring.monitorApi(http, { label: 'Http' });
  monitoring.monitorApi(rest, { label: 'Rest', backends: [backend] });
  monitoring.monitorApi(ws, { label: 'Chat' });
  const t = Template.fromStack(stack);
  const { widgets, tokens } = dashboardWidgets(t);
  const ref = (c: any) => ({ Ref: stack.getLogicalId(c.node.defaultChild) });

  /** The widgets of one API's section: from its header to the next header. */
  function section(label: string) {
    const start = widgets.findIndex((w) => w.type === 'text' && String(w.properties.markdown).startsWith(`## ${label}\n`));
    expect(start).toBeGreaterThanOrEqual(0);
    const end = widgets.findIndex((w, i) => i > start && w.type === 'text');
    return widgets.slice(start + 1, end === -1 ? undefined : end);
  }

  test('starts with the status of every alarm, full width', () => {
    expect(widgets[0]).toMatchObject({ type: 'alarm', x: 0, y: 0, width: 24 });
    expect(widgets[0].properties.alarms).toHaveLength(monitoring.alarms.length);
    t.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'gateway' });
  });

  test.each([
    ['Http', 'HTTP', () => ({ ApiId: ref(http.httpApi), Stage: '$default' })],
    ['Rest', 'REST', () => ({ ApiName: 'orders', Stage: 'prod' })],
    ['Chat', 'WEBSOCKET', () => ({ ApiId: ref(ws.api), Stage: 'live' })],
  ])('section %s plots only metrics a %s API emits, with this API\'s dimensions', (label, kind, dims) => {
    const apiMetrics = section(label).flatMap((w) => widgetMetrics(w, tokens)).filter((m) => m.namespace === 'AWS/ApiGateway');
    expect(apiMetrics.length).toBeGreaterThan(5);
    for (const m of apiMetrics) {
      expect(EMITTED[kind].has(m.metricName)).toBe(true);
      expect(m.dimensions).toEqual(dims());
    }
    const names = new Set(apiMetrics.map((m) => m.metricName));
    const expected = {
      HTTP: ['Count', '4xx', '5xx', 'Latency', 'IntegrationLatency'],
      REST: ['Count', '4XXError', '5XXError', 'Latency', 'IntegrationLatency', 'CacheHitCount'],
      WEBSOCKET: [...EMITTED.WEBSOCKET],
    }[kind]!;
    for (const n of expected) expect(names.has(n)).toBe(true);
  });

  test('latency graphs show p50, p90 and p99; WebSocket sections have integration latency only', () => {
    for (const label of ['Http', 'Rest']) {
      const latency = section(label).find((w) => w.properties.title === 'Latency (ms)')!;
      expect(widgetMetrics(latency, tokens).map((m) => m.options.stat)).toEqual(['p50', 'p90', 'p99']);
    }
    expect(section('Chat').map((w) => w.properties.title)).not.toContain('Latency (ms)');
    expect(section('Chat').map((w) => w.properties.title)).toContain('Integration latency (ms)');
  });

  test('error rates are metric math over this API\'s requests', () => {
    const rates = section('Rest').find((w) => w.properties.title === 'Error rates (%)')!;
    const options = rates.properties.metrics.map((row: any[]) => row[row.length - 1]);
    const expressions = options.filter((o: any) => o.expression).map((o: any) => o.expression);
    expect(expressions).toEqual(['IF(requests > 0, 100 * FILL(clientErrors, 0) / requests, 0)', 'IF(requests > 0, 100 * FILL(serverErrors, 0) / requests, 0)']);
  });

  test('the REST section shows its authorizer (duration, errors, throttles, JWKS unavailable), WAF and backend', () => {
    const rows = section('Rest');
    const all = rows.flatMap((w) => widgetMetrics(w, tokens));
    for (const m of all.filter((x) => x.namespace !== 'AWS/ApiGateway')) expect(EMITTED[m.namespace].has(m.metricName)).toBe(true);
    const authorizerFn = rest.node.findAll().find((c) => c.node.id === 'JwtLambdaAuthorizerFunction') as any;
    const authz = widgetMetrics(rows.find((w) => w.properties.title === 'Authorizer errors')!, tokens);
    expect(authz.map((m) => `${m.namespace} ${m.metricName}`)).toEqual(['AWS/Lambda Errors', 'AWS/Lambda Throttles', 'Portcullis/JwtAuthorizer JwksUnavailable']);
    for (const m of authz) expect(m.dimensions).toEqual({ FunctionName: { Ref: stack.getLogicalId(authorizerFn.function.node.defaultChild) } });
    const duration = widgetMetrics(rows.find((w) => w.properties.title === 'Authorizer latency (ms)')!, tokens);
    expect(duration.map((m) => `${m.metricName} ${m.options.stat}`)).toEqual(['Duration p50', 'Duration p99']);
    const waf = widgetMetrics(rows.find((w) => String(w.properties.title).startsWith('WAF'))!, tokens);
    expect(waf.map((m) => m.metricName)).toEqual(['AllowedRequests', 'BlockedRequests']);
    for (const m of waf) expect(m.dimensions).toEqual({ WebACL: 'api', Region: 'us-east-1', Rule: 'ALL' });
    const backendRows = rows.filter((w) => String(w.properties.title).startsWith('Backend'));
    expect(backendRows.map((w) => w.properties.title)).toEqual(['Backend errors / throttles', 'Backend duration p99 (ms)', 'Backend concurrency (max)']);
    for (const m of backendRows.flatMap((w) => widgetMetrics(w, tokens))) expect(m.dimensions).toEqual({ FunctionName: ref(backend) });
  });

  test('widgets fill rows of 24 units without overlapping', () => {
    const cells = new Set<string>();
    for (const w of widgets) {
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      for (let x = w.x; x < w.x + w.width; x++) {
        for (let y = w.y; y < w.y + w.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
