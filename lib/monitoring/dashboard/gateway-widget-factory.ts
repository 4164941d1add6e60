import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IApiMetrics } from '../metrics/api-metrics';
import { JwtAuthorizerMetrics } from '../metrics/authorizer-metrics';
import { LambdaFunctionMetrics } from '../metrics/lambda-function-metrics';
import { RestApiMetrics } from '../metrics/rest-api-metrics';
import { WebAclMetrics } from '../metrics/web-acl-metrics';
import { WebSocketApiMetrics } from '../metrics/websocket-api-metrics';

/** Graph height in grid units; a dashboard row is 24 units wide. */
const GRAPH_HEIGHT = 6;
const PERCENTILES = [50, 90, 99] as const;

/** A named function on a dashboard. */
export interface LabelledFunctionMetrics {
  /** Shown in legends. */
  readonly label: string;
  /** Its metrics. */
  readonly metrics: LambdaFunctionMetrics;
}

/**
 * Lays out dashboard widgets from metric factories: one section per API (title, traffic, errors, latency,
 * authorizers, WAF, backends). Knows nothing of alarms or API constructs.
 */
export class GatewayWidgetFactory {
  /** A section title. */
  public static header(title: string, detail: string): cloudwatch.IWidget[] {
    return [new cloudwatch.TextWidget({ markdown: `## ${title}\n${detail}`, width: 24, height: 2 })];
  }

  /** Requests, 4XX/5XX counts and error rates (WebSocket: connects, messages, client/integration/execution errors). */
  public static traffic(m: IApiMetrics): cloudwatch.IWidget[] {
    const requests = m instanceof WebSocketApiMetrics
      ? [m.metricConnectCount({ label: 'Connects' }), m.metricMessageCount({ label: 'Messages' })]
      : [m.metricRequests({ label: 'Requests' })];
    const errors: cloudwatch.IMetric[] = [
      m.metricClientErrors({ label: m instanceof WebSocketApiMetrics ? 'ClientError' : '4XX' }),
      m.metricServerErrors({ label: m instanceof WebSocketApiMetrics ? 'IntegrationError' : '5XX' }),
    ];
    if (m instanceof WebSocketApiMetrics) errors.push(m.metricExecutionErrors({ label: 'ExecutionError' }));
    const rate = (id: string, label: string, e: cloudwatch.IMetric) => new cloudwatch.MathExpression({
      expression: `IF(requests > 0, 100 * FILL(${id}, 0) / requests, 0)`,
      usingMetrics: { [id]: e, requests: m.metricRequests() },
      label,
    });
    const widgets: GraphSpec[] = [
      graph('Requests', requests),
      graph('Errors', errors),
      graph('Error rates (%)', [
        rate('clientErrors', 'Client error rate', m.metricClientErrors()),
        rate('serverErrors', 'Server error rate', m.metricServerErrors()),
      ], { min: 0, max: 100 }),
    ];
    if (m instanceof RestApiMetrics) {
      // Only a stage with a cache reports these; an empty graph says "no cache" plainly.
      widgets.push(graph('Cache hits / misses', [m.metricCacheHits({ label: 'Hits' }), m.metricCacheMisses({ label: 'Misses' })]));
    }
    return sized(widgets);
  }

  /** Latency and integration latency at p50, p90 and p99 (WebSocket APIs report only the latter). */
  public static latency(m: IApiMetrics): cloudwatch.IWidget[] {
    const widgets: GraphSpec[] = [];
    if (m.metricLatency() !== undefined) {
      widgets.push(graph('Latency (ms)', PERCENTILES.map((p) => m.metricLatency({ statistic: `p${p}`, label: `p${p}` })!)));
    }
    widgets.push(graph('Integration latency (ms)', PERCENTILES.map((p) => m.metricIntegrationLatency({ statistic: `p${p}`, label: `p${p}` }))));
    return sized(widgets);
  }

  /** Authorizer functions: duration p50/p99, and errors, throttles and (JWT authorizer) JWKS unavailable. */
  public static authorizers(fns: LabelledFunctionMetrics[]): cloudwatch.IWidget[] {
    const problems: cloudwatch.IMetric[] = [];
    for (const f of fns) {
      problems.push(f.metrics.metricErrors({ label: `${f.label} errors` }), f.metrics.metricThrottles({ label: `${f.label} throttles` }));
      if (f.metrics instanceof JwtAuthorizerMetrics) problems.push(f.metrics.metricJwksUnavailable({ label: `${f.label} JWKS unavailable` }));
    }
    return sized([
      graph('Authorizer latency (ms)', fns.flatMap((f) => [50, 99].map((p) => f.metrics.metricDuration({ statistic: `p${p}`, label: `${f.label} p${p}` })))),
      graph('Authorizer errors', problems),
    ]);
  }

  /** A web ACL's allowed and blocked requests. */
  public static webAcl(label: string, m: WebAclMetrics): cloudwatch.IWidget[] {
    return sized([graph(`WAF ${label}: allowed / blocked`, [
      m.metricAllowedRequests({ label: 'Allowed' }),
      m.metricBlockedRequests({ label: 'Blocked' }),
    ])]);
  }

  /** Backend functions: errors and throttles, duration p99, concurrency. */
  public static backends(fns: LabelledFunctionMetrics[]): cloudwatch.IWidget[] {
    return sized([
      graph('Backend errors / throttles', fns.flatMap((f) => [
        f.metrics.metricErrors({ label: `${f.label} errors` }),
        f.metrics.metricThrottles({ label: `${f.label} throttles` }),
      ])),
      graph('Backend duration p99 (ms)', fns.map((f) => f.metrics.metricDuration({ label: f.label }))),
      graph('Backend concurrency (max)', fns.map((f) => f.metrics.metricConcurrentExecutions({ label: f.label }))),
    ]);
  }
}

/** One graph of a row, before the row decides its width. */
interface GraphSpec {
  readonly title: string;
  readonly left: cloudwatch.IMetric[];
  readonly leftYAxis?: cloudwatch.YAxisProps;
}

function graph(title: string, left: cloudwatch.IMetric[], leftYAxis?: cloudwatch.YAxisProps): GraphSpec {
  return { title, left, leftYAxis };
}

/** One row: the graphs share its 24 units of width. */
function sized(specs: GraphSpec[]): cloudwatch.IWidget[] {
  const width = Math.floor(24 / specs.length);
  return specs.map((g) => new cloudwatch.GraphWidget({
    title: g.title, left: g.left, leftYAxis: { min: 0, ...g.leftYAxis }, height: GRAPH_HEIGHT, width,
  }));
}
