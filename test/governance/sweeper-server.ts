import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** An API the fake account holds. `createdDate` in epoch seconds. */
export interface FakeApi {
  readonly kind: 'REST' | 'HTTP' | 'WEBSOCKET';
  readonly id: string;
  /** Absent: the listing omits it. */
  readonly name?: string;
  /** Absent: the listing omits it. */
  readonly createdDate?: number;
  readonly tags?: Record<string, string>;
  readonly stages: string[];
  /** Requests per stage over the window; the server answers GetMetricData with it. */
  readonly requests?: Record<string, number>;
}

export interface FakeAwsOptions {
  readonly apis: FakeApi[];
  /** Items per page of GetRestApis and GetApis. */
  readonly pageSize?: number;
  /** Request kinds (e.g. 'GetRestApis', 'GetMetricData') answered with 429 this many times first. */
  readonly throttle?: Record<string, number>;
  /** API ids whose GetStages answers 500 every time. */
  readonly brokenStages?: string[];
  /** Stages per page of the v2 GetStages (REST GetStages is not paged). */
  readonly stagePageSize?: number;
  /** GetMetricData answers this many results per page (NextToken to the rest). */
  readonly metricPageSize?: number;
  /** Empty lists (items, stages, metric results and values) are left out of the answers, as AWS may. */
  readonly omitEmptyLists?: boolean;
}

/** A request the server received, for assertions. */
export interface Received { readonly op: string; readonly detail: string }

/**
 * A loopback server answering as API Gateway (REST-JSON, v1 and v2), CloudWatch (AWS JSON 1.0, as
 * the installed @aws-sdk/client-cloudwatch speaks it) and SNS (query protocol, XML answers), so the
 * real SDK v3 clients run their serializers, paginators and retry strategy against it.
 */
export class FakeAws {
  public readonly received: Received[] = [];
  public readonly deleted: string[] = [];
  public readonly published: Array<Record<string, string>> = [];
  /** The bodies of the GetMetricData requests, parsed. */
  public readonly metricRequests: any[] = [];
  private server?: http.Server;
  private readonly throttleLeft: Record<string, number>;

  constructor(private readonly options: FakeAwsOptions) {
    this.throttleLeft = { ...(options.throttle ?? {}) };
  }

  public async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => this.answer(req, body, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  public count(op: string): number {
    return this.received.filter((r) => r.op === op).length;
  }

  private answer(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://x');
    const target = req.headers['x-amz-target'] as string | undefined;
    const op = this.operation(req.method!, url.pathname, target, body);
    this.received.push({ op, detail: `${req.method} ${url.pathname}${url.search}` });
    if ((this.throttleLeft[op] ?? 0) > 0) {
      this.throttleLeft[op]--;
      if (op === 'GetMetricData') {
        return json(res, 400, { __type: 'com.amazonaws.cloudwatch#ThrottlingException', message: 'Rate exceeded' }, { 'x-amzn-query-error': 'Throttling;Sender' });
      }
      return json(res, 429, { message: 'Too Many Requests' }, { 'x-amzn-ErrorType': 'TooManyRequestsException' });
    }
    const apis = this.options.apis.filter((a) => !this.deleted.includes(a.id));
    const pageSize = this.options.pageSize ?? 25;
    switch (op) {
      case 'GetRestApis': {
        const rest = apis.filter((a) => a.kind === 'REST');
        const start = Number(url.searchParams.get('position') ?? '0');
        const page = rest.slice(start, start + pageSize);
        const next = start + pageSize < rest.length ? String(start + pageSize) : undefined;
        const item = this.list(page.map((a) => ({ id: a.id, name: a.name, createdDate: a.createdDate, tags: a.tags })));
        return json(res, 200, { item, position: next });
      }
      case 'GetApis': {
        const v2 = apis.filter((a) => a.kind !== 'REST');
        const start = Number(url.searchParams.get('nextToken') ?? '0');
        const page = v2.slice(start, start + pageSize);
        const next = start + pageSize < v2.length ? String(start + pageSize) : undefined;
        return json(res, 200, {
          items: this.list(page.map((a) => ({
            apiId: a.id,
            name: a.name,
            protocolType: a.kind,
            createdDate: a.createdDate === undefined ? undefined : new Date(a.createdDate * 1000).toISOString(),
            tags: a.tags,
          }))),
          nextToken: next,
        });
      }
      case 'GetRestStages':
      case 'GetStages': {
        const id = url.pathname.split('/')[op === 'GetRestStages' ? 2 : 3];
        if (this.options.brokenStages?.includes(id)) {
          return json(res, 500, { message: 'Internal failure' }, { 'x-amzn-ErrorType': 'InternalServerError' });
        }
        const api = apis.find((a) => a.id === id);
        if (!api) return json(res, 404, { message: 'Not found' }, { 'x-amzn-ErrorType': 'NotFoundException' });
        if (op === 'GetRestStages') return json(res, 200, { item: this.list(api.stages.map((stageName) => ({ stageName }))) });
        const start = Number(url.searchParams.get('nextToken') ?? '0');
        const size = this.options.stagePageSize ?? api.stages.length;
        const next = start + size < api.stages.length ? String(start + size) : undefined;
        return json(res, 200, { items: this.list(api.stages.slice(start, start + size).map((stageName) => ({ stageName }))), nextToken: next });
      }
      case 'DeleteRestApi':
      case 'DeleteApi': {
        const id = url.pathname.split('/')[op === 'DeleteRestApi' ? 2 : 3];
        this.deleted.push(id);
        res.writeHead(op === 'DeleteRestApi' ? 202 : 204);
        return void res.end();
      }
      case 'GetMetricData': {
        const input = JSON.parse(body);
        this.metricRequests.push(input);
        const queries: any[] = input.MetricDataQueries ?? [];
        const ids = queries.map((q) => q.Id);
        // CloudWatch refuses an empty or oversized request and ids that are not unique or not of its form.
        if (queries.length < 1 || queries.length > 500 || new Set(ids).size !== ids.length || !ids.every((id) => /^[a-z][a-zA-Z0-9_]*$/.test(String(id)))) {
          return json(res, 400, { __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', message: 'Invalid MetricDataQueries' },
            { 'x-amzn-query-error': 'InvalidParameterValue;Sender', 'Content-Type': 'application/x-amz-json-1.0' });
        }
        const results = queries.filter((q) => q.ReturnData !== false).map((q: any) => {
          const metric = q.MetricStat.Metric;
          const dims: Record<string, string> = Object.fromEntries(metric.Dimensions.map((d: any) => [d.Name, d.Value]));
          const api = this.options.apis.find((a) => (a.kind === 'REST' ? a.name === dims.ApiName : a.id === dims.ApiId));
          const value = metric.Namespace === 'AWS/ApiGateway' ? api?.requests?.[dims.Stage] ?? 0 : 0;
          this.received.push({ op: 'MetricQuery', detail: `${metric.MetricName} ${JSON.stringify(dims)} ${q.MetricStat.Stat}` });
          return { Id: q.Id, Label: metric.MetricName, StatusCode: 'Complete', Timestamps: value ? [input.EndTime] : this.list([]), Values: value ? [value] : this.list([]) };
        });
        const start = Number(input.NextToken ?? '0');
        const size = this.options.metricPageSize ?? results.length;
        const next = start + size < results.length ? String(start + size) : undefined;
        return json(res, 200, { MetricDataResults: this.list(results.slice(start, start + size)), Messages: [], NextToken: next }, { 'Content-Type': 'application/x-amz-json-1.0' });
      }
      case 'Publish': {
        this.published.push(Object.fromEntries(new URLSearchParams(body)));
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        return void res.end('<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>'
          + '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>');
      }
      default:
        return json(res, 400, { message: `unexpected ${op}` });
    }
  }

  /** The list as the answer carries it: left out when empty and `omitEmptyLists` is set. */
  private list<T>(items: T[]): T[] | undefined {
    return items.length === 0 && this.options.omitEmptyLists ? undefined : items;
  }

  private operation(method: string, path: string, target: string | undefined, body: string): string {
    if (target) return target.split('.').pop()!;
    if (method === 'POST' && body.includes('Action=')) return new URLSearchParams(body).get('Action')!;
    if (method === 'GET' && path === '/restapis') return 'GetRestApis';
    if (method === 'GET' && /^\/restapis\/[^/]+\/stages$/.test(path)) return 'GetRestStages';
    if (method === 'DELETE' && /^\/restapis\/[^/]+$/.test(path)) return 'DeleteRestApi';
    if (method === 'GET' && path === '/v2/apis') return 'GetApis';
    if (method === 'GET' && /^\/v2\/apis\/[^/]+\/stages$/.test(path)) return 'GetStages';
    if (method === 'DELETE' && /^\/v2\/apis\/[^/]+$/.test(path)) return 'DeleteApi';
    return `${method} ${path}`;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
