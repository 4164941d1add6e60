import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { TOP_CONTRIBUTORS } from './security-insights-defaults';

const GRAPH_HEIGHT = 6;

/**
 * A Contributor Insights widget: the top contributors of one rule over time, as the dashboard body
 * spells it (a `metric` widget with an `insightRule`). aws-cdk-lib has no widget for it.
 */
export class ContributorInsightsWidget implements cloudwatch.IWidget {
  /** Nothing to warn about. */
  public readonly warnings: string[] | undefined = undefined;
  private x?: number;
  private y?: number;

  /**
   * @param title the widget's title
   * @param ruleName the Contributor Insights rule
   * @param region the rule's Region
   * @param width width in grid units
   * @param height height in grid units
   */
  constructor(private readonly title: string, private readonly ruleName: string, private readonly region: string,
    public readonly width = 8, public readonly height = GRAPH_HEIGHT) {}

  /** Places the widget (called by the dashboard). */
  public position(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  /** The widget's JSON. */
  public toJson(): any[] {
    return [{
      type: 'metric',
      width: this.width,
      height: this.height,
      x: this.x,
      y: this.y,
      properties: {
        title: this.title,
        region: this.region,
        view: 'timeSeries',
        stacked: false,
        period: 60,
        legend: { position: 'bottom' },
        insightRule: { ruleName: this.ruleName, maxContributorCount: TOP_CONTRIBUTORS, orderBy: 'Sum' },
      },
    }];
  }
}

/** One Contributor Insights rule on the dashboard. */
export interface RuleWidgetSpec {
  /** Title. */
  readonly title: string;
  /** The rule's name. */
  readonly ruleName: string;
}

/**
 * Lays out the security section of an API: its Contributor Insights rules, its denial rate and 4XX
 * count with their anomaly bands, and where its saved queries are. Knows nothing of alarms.
 */
export class SecurityWidgetFactory {
  /** The section title. */
  public static header(label: string): cloudwatch.IWidget[] {
    return [new cloudwatch.TextWidget({ markdown: `### Security: ${label}\nWho is denied, throttled and probing, from the access logs (Contributor Insights)`, width: 24, height: 2 })];
  }

  /** Contributor Insights widgets, three to a row. */
  public static contributors(rules: readonly RuleWidgetSpec[], region: string): cloudwatch.IWidget[] {
    return rules.map((r) => new ContributorInsightsWidget(r.title, r.ruleName, region));
  }

  /** A metric and the anomaly band CloudWatch learned for it. */
  public static anomalyBands(graphs: ReadonlyArray<{ title: string; metric: cloudwatch.IMetric; bandWidth: number }>): cloudwatch.IWidget[] {
    if (graphs.length === 0) return [];
    const width = Math.floor(24 / graphs.length);
    return graphs.map((g) => new cloudwatch.GraphWidget({
      title: g.title,
      left: [g.metric, cloudwatch.Metric.anomalyDetectionFor({ metric: g.metric, stdDevs: g.bandWidth, label: 'Expected band' })],
      leftYAxis: { min: 0 },
      height: GRAPH_HEIGHT,
      width,
    }));
  }

  /** Where the saved queries are: the Logs Insights page, where the folder lists them. */
  public static savedQueries(folder: string, titles: readonly string[], region: string): cloudwatch.IWidget[] {
    const url = `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights`;
    return [new cloudwatch.TextWidget({
      markdown: `### Saved queries: ${folder}\nIn [Logs Insights](${url}), folder \`${folder}\`: ${titles.join(' · ')}`,
      width: 24,
      height: 2,
    })];
  }
}
