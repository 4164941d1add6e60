/**
 * Renders the layout of the showcase's monitoring dashboard, from the dashboard body the showcase really
 * synthesizes, to docs/monitoring-dashboard.png (the README's picture): every widget at its grid position
 * with its title and the series it plots. No AWS call: it draws the layout, not data.
 *
 *   npx ts-node --transpile-only --project tsconfig.dev.json scripts/render-dashboard.ts
 *
 * Needs Chromium (`apt-get install -y chromium`) for the PNG; without it, it writes the HTML only.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShowcaseStack } from '../bin/showcase-stack';

const UNIT_W = 52; // px per dashboard grid column (24 per row)
const UNIT_H = 34; // px per grid row
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

interface Widget { type: string; x: number; y: number; width: number; height: number; properties: any }

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The dashboard body with each reference replaced by the logical id it points at. */
function dashboardBody(template: Template): { widgets: Widget[] } {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as any;
  const body = dashboard.Properties.DashboardBody;
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts.map((p: any) => {
    if (typeof p === 'string') return p;
    if (p.Ref) return p.Ref;
    if (p['Fn::GetAtt']) return p['Fn::GetAtt'][0];
    return JSON.stringify(p).replace(/"/g, "'");
  }).join('');
  return JSON.parse(text);
}

/** The series of a graph widget as a legend shows them: label, and where it comes from. */
function series(widget: Widget): Array<{ label: string; source: string }> {
  const rule = widget.properties.insightRule;
  if (rule) return [{ label: `Top ${rule.maxContributorCount} contributors`, source: `Contributor Insights · ${String(rule.ruleName).replace(/^.*-/, '')}` }];
  return (widget.properties.metrics ?? []).flatMap((row: any[]) => {
    const last = row[row.length - 1];
    const options = typeof last === 'object' ? last : {};
    if (options.visible === false) return [];
    if (options.expression) return [{ label: options.label ?? options.expression, source: options.expression }];
    const [namespace, metricName] = row as string[];
    return [{ label: options.label ?? metricName, source: `${namespace} ${metricName} · ${options.stat ?? 'Average'}` }];
  });
}

function renderWidget(w: Widget): string {
  const style = `left:${w.x * UNIT_W}px;top:${w.y * UNIT_H}px;width:${w.width * UNIT_W - 8}px;height:${w.height * UNIT_H - 8}px`;
  if (w.type === 'text') {
    const [title, ...rest] = String(w.properties.markdown).split('\n');
    return `<div class="w text" style="${style}"><h2>${escape(title.replace(/^#+\s*/, ''))}</h2><p>${escape(rest.join(' ').replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'))}</p></div>`;
  }
  if (w.type === 'alarm') {
    const alarms: string[] = w.properties.alarms;
    const chips = alarms.map((a) => `<span class="chip">${escape(a.replace(/^.*:alarm:/, '').replace(/^Monitoring/, '').replace(/[0-9A-F]{8}$/, ''))}</span>`).join('');
    return `<div class="w alarm" style="${style}"><h3>${escape(w.properties.title)} (${alarms.length})</h3><div class="chips">${chips}</div></div>`;
  }
  const lines = series(w).map((s, i) =>
    `<li><span class="sw" style="background:${COLORS[i % COLORS.length]}"></span><b>${escape(s.label)}</b><i>${escape(s.source)}</i></li>`).join('');
  return `<div class="w graph" style="${style}"><h3>${escape(w.properties.title ?? '')}</h3><svg class="plot" viewBox="0 0 100 20" preserveAspectRatio="none">`
    + '<polyline points="0,18 100,18" /></svg><ul>' + lines + '</ul></div>';
}

function html(widgets: Widget[]): string {
  const height = Math.max(...widgets.map((w) => (w.y + w.height) * UNIT_H));
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;background:#f2f3f3;font:12px/1.35 -apple-system,'DejaVu Sans',Arial,sans-serif;color:#16191f}
  .board{position:relative;width:${24 * UNIT_W}px;height:${height}px;margin:12px}
  .w{position:absolute;box-sizing:border-box;background:#fff;border:1px solid #d5dbdb;border-radius:4px;padding:6px 8px;overflow:hidden}
  .text{background:#232f3e;color:#fff;border:0}.text h2{margin:0;font-size:16px}.text p{margin:2px 0 0;color:#c9d1d9}
  h3{margin:0 0 4px;font-size:13px}
  .plot{position:absolute;left:8px;right:8px;bottom:8px;height:40%;width:calc(100% - 16px);background:repeating-linear-gradient(0deg,#fafafa,#fafafa 9px,#eee 10px)}
  .plot polyline{fill:none;stroke:#bbb;stroke-width:.4}
  ul{list-style:none;margin:0;padding:0}li{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
  li b{font-weight:600;margin-right:6px}li i{color:#687078;font-style:normal}
  .sw{display:inline-block;width:10px;height:3px;margin:0 6px 3px 0;vertical-align:middle}
  .chips{display:flex;flex-wrap:wrap;gap:4px}.chip{background:#e9f7ec;border:1px solid #1d8102;color:#1d8102;border-radius:3px;padding:1px 5px;font-size:11px}
  </style></head><body><div class="board">${widgets.map(renderWidget).join('')}</div></body></html>`;
}

function main(): void {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-')) });
  const stack = new ShowcaseStack(app, 'PortcullisShowcase');
  const { widgets } = dashboardBody(Template.fromStack(stack));
  const docs = path.join(__dirname, '..', 'docs');
  fs.mkdirSync(docs, { recursive: true });
  const page = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-html-')), 'dashboard.html');
  fs.writeFileSync(page, html(widgets));
  const width = 24 * UNIT_W + 24;
  const height = Math.max(...widgets.map((w) => (w.y + w.height) * UNIT_H)) + 24;
  const png = path.join(docs, 'monitoring-dashboard.png');
  try {
    execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${width},${height}`,
      `--screenshot=${png}`, `file://${page}`], { stdio: 'inherit' });
    console.log(`${widgets.length} widgets → ${png}`);
  } catch (e) {
    console.error(`chromium failed (${(e as Error).message}); the HTML is at ${page}`);
    process.exitCode = 1;
  }
}

main();
