import { Template } from 'aws-cdk-lib/assertions';

/** A dashboard widget as CloudWatch reads it. */
export interface DashboardWidget {
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: any;
}

/**
 * The widgets of the template's one dashboard. The body is a `Fn::Join` of JSON text and references:
 * each reference becomes a placeholder string, `tokens` maps it back to the reference.
 */
export function dashboardWidgets(template: Template): { widgets: DashboardWidget[]; tokens: Map<string, unknown> } {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
  if (dashboards.length !== 1) throw new Error(`expected one dashboard, found ${dashboards.length}`);
  const body = dashboards[0].Properties.DashboardBody;
  const tokens = new Map<string, unknown>();
  const text = typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map((part) => {
    if (typeof part === 'string') return part;
    const key = `__TOKEN_${tokens.size}__`;
    tokens.set(key, part);
    return key;
  }).join('');
  return { widgets: JSON.parse(text).widgets, tokens };
}

/** A metric of a graph widget: namespace, name, dimensions (token placeholders resolved) and options. */
export interface WidgetMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, unknown>;
  readonly options: Record<string, unknown>;
}

/** The metrics (not math expressions) a graph widget plots or computes from. */
export function widgetMetrics(widget: DashboardWidget, tokens: Map<string, unknown>): WidgetMetric[] {
  const metrics: WidgetMetric[] = [];
  let previous: string[] = [];
  for (const row of widget.properties.metrics ?? []) {
    const last = row[row.length - 1];
    const options = typeof last === 'object' && !Array.isArray(last) ? last : {};
    const parts = (options === last ? row.slice(0, -1) : row) as string[];
    if (parts.length === 0) continue; // a math expression: options only
    // CloudWatch's "..." repeats the previous row's leading items.
    const full = parts.flatMap((p, i) => (p === '...' ? previous.slice(0, previous.length - (parts.length - 1 - i)) : [p]));
    previous = full;
    const [namespace, metricName, ...dims] = full;
    const dimensions: Record<string, unknown> = {};
    for (let i = 0; i < dims.length; i += 2) dimensions[dims[i]] = tokens.get(dims[i + 1]) ?? dims[i + 1];
    metrics.push({ namespace, metricName, dimensions, options });
  }
  return metrics;
}
