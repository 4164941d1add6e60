import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * An alarm status widget whose alarms are read when the dashboard is rendered (at synth), so that it can
 * sit at the top of a dashboard whose alarms are created afterwards, one `monitor…()` call at a time.
 */
export class AlarmStatusSummaryWidget implements cloudwatch.IWidget {
  /** Width in grid units. */
  public readonly width = 24;
  /** Height in grid units. */
  public readonly height = 6;
  /** Nothing to warn about. */
  public readonly warnings: string[] | undefined = undefined;
  private x?: number;
  private y?: number;

  /**
   * @param title the widget's title
   * @param alarms returns the alarms to show, read at synth
   */
  constructor(private readonly title: string, private readonly alarms: () => cloudwatch.IAlarm[]) {}

  /** Places the widget (called by the dashboard). */
  public position(x: number, y: number): void {
    this.x = x;
    this.y = y;
  }

  /** The widget's JSON: an `AlarmStatusWidget` of the alarms known now. */
  public toJson(): any[] {
    const alarms = this.alarms();
    if (alarms.length === 0) {
      const text = new cloudwatch.TextWidget({ markdown: `**${this.title}**: no alarms`, width: this.width, height: this.height });
      text.position(this.x ?? 0, this.y ?? 0);
      return text.toJson();
    }
    const widget = new cloudwatch.AlarmStatusWidget({
      title: this.title,
      alarms,
      width: this.width,
      height: this.height,
      sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
    });
    widget.position(this.x ?? 0, this.y ?? 0);
    return widget.toJson();
  }
}
