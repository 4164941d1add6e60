/**
 * The unused-API sweeper: finds API Gateway APIs (REST, HTTP, WebSocket) that received no traffic for
 * a number of days, reports them (one SNS message per run and an embedded-metric-format log line), and
 * deletes them only when deletion is switched on, only when they carry the opt-in tag, never when they
 * carry the protected tag. Every decision is one JSON log line.
 *
 * The AWS SDK v3 clients are not bundled: the Lambda Node.js 22+ runtime provides them.
 */
import { APIGatewayClient, DeleteRestApiCommand, GetStagesCommand as GetRestStagesCommand, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, DeleteApiCommand, GetApisCommand, GetStagesCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/** What the sweeper is told by its environment. */
export interface SweeperConfig {
  /** An API with no request in this many days is idle. */
  readonly idleDays: number;
  /** Deletes idle opted-in APIs when true; only reports otherwise. */
  readonly deleteEnabled: boolean;
  /** Tag key (and value) an API must carry to be deleted. */
  readonly optInTagKey: string;
  readonly optInTagValue: string;
  /** An API carrying this tag key (any value) is never deleted. */
  readonly protectedTagKey: string;
  /** Where the report goes; none means log only. */
  readonly topicArn?: string;
  /** Namespace of the IdleApis / DeletedApis / SweepErrors metrics. */
  readonly metricNamespace: string;
  /** Attempts per AWS call, throttling retried with backoff in between. */
  readonly maxAttempts: number;
}

export type ApiKindName = 'REST' | 'HTTP' | 'WEBSOCKET';

/** One API as the sweeper sees it. */
export interface ApiSummary {
  readonly kind: ApiKindName;
  readonly id: string;
  readonly name: string;
  readonly createdDate?: Date;
  readonly tags: Record<string, string>;
}

export type Decision = 'in-use' | 'too-new' | 'idle-protected' | 'idle-not-opted-in' | 'idle-would-delete' | 'deleted' | 'error';

/** One line of the decision log. */
export interface DecisionRecord {
  readonly kind: ApiKindName;
  readonly apiId: string;
  readonly apiName: string;
  readonly decision: Decision;
  readonly requests?: number;
  readonly stages?: string[];
  readonly error?: string;
}

/** What a run did. */
export interface SweepResult {
  readonly decisions: DecisionRecord[];
  readonly idle: number;
  readonly deleted: number;
  readonly errors: number;
}

/** The clients the sweeper uses; tests point them at a loopback server. */
export interface SweeperClients {
  readonly restApi: APIGatewayClient;
  readonly apiV2: ApiGatewayV2Client;
  readonly cloudWatch: CloudWatchClient;
  readonly sns: SNSClient;
}

const DAY_MS = 86_400_000;
/** CloudWatch accepts at most 500 queries per GetMetricData call. */
const MAX_QUERIES = 500;

/** Reads the configuration from the environment the construct sets; throws on anything missing or malformed. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): SweeperConfig {
  const idleDays = Number(env.IDLE_DAYS);
  if (!Number.isInteger(idleDays) || idleDays < 1 || idleDays > 455) {
    throw new Error(`IDLE_DAYS must be a whole number of days from 1 to 455 (CloudWatch keeps daily data 455 days), got '${env.IDLE_DAYS}'`);
  }
  const maxAttempts = Number(env.MAX_ATTEMPTS ?? '5');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`MAX_ATTEMPTS must be a positive whole number, got '${env.MAX_ATTEMPTS}'`);
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  return {
    idleDays,
    deleteEnabled: env.DELETE_ENABLED === 'true',
    optInTagKey: required('OPT_IN_TAG_KEY'),
    optInTagValue: required('OPT_IN_TAG_VALUE'),
    protectedTagKey: required('PROTECTED_TAG_KEY'),
    topicArn: env.TOPIC_ARN || undefined,
    metricNamespace: required('METRIC_NAMESPACE'),
    maxAttempts,
  };
}

/** Clients with the SDK's standard retry strategy (exponential backoff with jitter, throttling included). */
export function createClients(config: SweeperConfig): SweeperClients {
  const options = { maxAttempts: config.maxAttempts, retryMode: 'standard' };
  return {
    restApi: new APIGatewayClient(options),
    apiV2: new ApiGatewayV2Client(options),
    cloudWatch: new CloudWatchClient(options),
    sns: new SNSClient(options),
  };
}

/** What happens to an idle API, from its tags and the switch. Pure. */
export function idleDecision(api: ApiSummary, config: SweeperConfig): Decision {
  if (Object.prototype.hasOwnProperty.call(api.tags, config.protectedTagKey)) return 'idle-protected';
  if (api.tags[config.optInTagKey] !== config.optInTagValue) return 'idle-not-opted-in';
  return config.deleteEnabled ? 'deleted' : 'idle-would-delete';
}

async function listRestApis(client: APIGatewayClient): Promise<ApiSummary[]> {
  const apis: ApiSummary[] = [];
  for await (const page of paginateGetRestApis({ client, pageSize: 500 }, {})) {
    for (const api of page.items ?? []) {
      apis.push({ kind: 'REST', id: api.id!, name: api.name ?? '', createdDate: api.createdDate, tags: api.tags ?? {} });
    }
  }
  return apis;
}

async function listV2Apis(client: ApiGatewayV2Client): Promise<ApiSummary[]> {
  const apis: ApiSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetApisCommand({ NextToken: nextToken, MaxResults: '500' }));
    for (const api of page.Items ?? []) {
      apis.push({
        kind: api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
        id: api.ApiId!,
        name: api.Name ?? '',
        createdDate: api.CreatedDate,
        tags: api.Tags ?? {},
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return apis;
}

async function listStages(clients: SweeperClients, api: ApiSummary): Promise<string[]> {
  if (api.kind === 'REST') {
    const out = await clients.restApi.send(new GetRestStagesCommand({ restApiId: api.id }));
    return (out.item ?? []).map((s) => s.stageName!).filter(Boolean);
  }
  const stages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await clients.apiV2.send(new GetStagesCommand({ ApiId: api.id, NextToken: nextToken }));
    stages.push(...(page.Items ?? []).map((s) => s.StageName!).filter(Boolean));
    nextToken = page.NextToken;
  } while (nextToken);
  return stages;
}

/**
 * The AWS/ApiGateway metrics that count traffic of one stage: `Count` by ApiName and Stage for REST
 * (REST metrics are keyed by name, so two REST APIs of the same name share them: the sweeper then
 * sees traffic for both, which errs on the side of keeping), `Count` by ApiId and Stage for HTTP,
 * `ConnectCount` and `MessageCount` by ApiId and Stage for WebSocket.
 */
export function trafficMetrics(api: ApiSummary, stage: string): Array<{ metricName: string; dimensions: Array<{ Name: string; Value: string }> }> {
  if (api.kind === 'REST') return [{ metricName: 'Count', dimensions: [{ Name: 'ApiName', Value: api.name }, { Name: 'Stage', Value: stage }] }];
  const dimensions = [{ Name: 'ApiId', Value: api.id }, { Name: 'Stage', Value: stage }];
  if (api.kind === 'HTTP') return [{ metricName: 'Count', dimensions }];
  return [{ metricName: 'ConnectCount', dimensions }, { metricName: 'MessageCount', dimensions }];
}

/** Requests over the idle window, summed over every stage and metric of the API. */
async function requestCount(clients: SweeperClients, api: ApiSummary, stages: string[], config: SweeperConfig, now: Date): Promise<number> {
  const queries: MetricDataQuery[] = stages.flatMap((stage) => trafficMetrics(api, stage)).map((m, i) => ({
    Id: `m${i}`,
    MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: m.metricName, Dimensions: m.dimensions }, Period: DAY_MS / 1000, Stat: 'Sum' },
    ReturnData: true,
  }));
  let total = 0;
  const start = new Date(now.getTime() - config.idleDays * DAY_MS);
  for (let i = 0; i < queries.length; i += MAX_QUERIES) {
    let nextToken: string | undefined;
    do {
      const page = await clients.cloudWatch.send(new GetMetricDataCommand({
        MetricDataQueries: queries.slice(i, i + MAX_QUERIES), StartTime: start, EndTime: now, NextToken: nextToken,
      }));
      for (const result of page.MetricDataResults ?? []) total += (result.Values ?? []).reduce((a, b) => a + b, 0);
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return total;
}

async function deleteApi(clients: SweeperClients, api: ApiSummary): Promise<void> {
  if (api.kind === 'REST') await clients.restApi.send(new DeleteRestApiCommand({ restApiId: api.id }));
  else await clients.apiV2.send(new DeleteApiCommand({ ApiId: api.id }));
}

function log(record: object): void {
  console.log(JSON.stringify(record));
}

/** Decides (and, when allowed, acts) for one API; never throws. */
async function sweepOne(clients: SweeperClients, api: ApiSummary, config: SweeperConfig, now: Date): Promise<DecisionRecord> {
  const base = { kind: api.kind, apiId: api.id, apiName: api.name };
  try {
    if (api.createdDate && now.getTime() - api.createdDate.getTime() < config.idleDays * DAY_MS) {
      return { ...base, decision: 'too-new' };
    }
    const stages = await listStages(clients, api);
    const requests = stages.length === 0 ? 0 : await requestCount(clients, api, stages, config, now);
    if (requests > 0) return { ...base, decision: 'in-use', requests, stages };
    const decision = idleDecision(api, config);
    if (decision === 'deleted') await deleteApi(clients, api);
    return { ...base, decision, requests, stages };
  } catch (err) {
    return { ...base, decision: 'error', error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

const IDLE: ReadonlySet<Decision> = new Set(['idle-protected', 'idle-not-opted-in', 'idle-would-delete', 'deleted']);

/** Human-readable report of one run. */
export function reportText(result: SweepResult, config: SweeperConfig): string {
  const lines = [
    `Portcullis unused-API sweeper: ${result.idle} API(s) without traffic for ${config.idleDays} day(s), ${result.deleted} deleted, ${result.errors} error(s).`,
    `Deletion is ${config.deleteEnabled ? 'ON' : 'OFF (report only)'}; opt-in tag ${config.optInTagKey}=${config.optInTagValue}; protected tag ${config.protectedTagKey}.`,
    '',
  ];
  for (const d of result.decisions.filter((r) => IDLE.has(r.decision) || r.decision === 'error')) {
    lines.push(`- ${d.kind} ${d.apiId} (${d.apiName}): ${d.decision}${d.error ? ` - ${d.error}` : ''}`);
  }
  return lines.join('\n');
}

/** One sweep over every API of the account and Region. */
export async function sweep(clients: SweeperClients, config: SweeperConfig, now: Date = new Date()): Promise<SweepResult> {
  const decisions: DecisionRecord[] = [];
  // A listing that fails is one error; the other listing still runs.
  const listings = await Promise.allSettled([listRestApis(clients.restApi), listV2Apis(clients.apiV2)]);
  const apis: ApiSummary[] = [];
  listings.forEach((listing, i) => {
    if (listing.status === 'fulfilled') {apis.push(...listing.value);} else {
      const record: DecisionRecord = {
        kind: i === 0 ? 'REST' : 'HTTP',
        apiId: '*',
        apiName: i === 0 ? 'GetRestApis' : 'GetApis',
        decision: 'error',
        error: listing.reason instanceof Error ? `${listing.reason.name}: ${listing.reason.message}` : String(listing.reason),
      };
      decisions.push(record);
      log({ message: 'sweeper decision', ...record });
    }
  });
  for (const api of apis) {
    const record = await sweepOne(clients, api, config, now);
    decisions.push(record);
    log({ message: 'sweeper decision', deleteEnabled: config.deleteEnabled, ...record });
  }
  const result: SweepResult = {
    decisions,
    idle: decisions.filter((d) => IDLE.has(d.decision)).length,
    deleted: decisions.filter((d) => d.decision === 'deleted').length,
    errors: decisions.filter((d) => d.decision === 'error').length,
  };
  // Embedded metric format: CloudWatch Logs turns this line into metrics, no PutMetricData permission needed.
  log({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [{ Namespace: config.metricNamespace, Dimensions: [[]], Metrics: [{ Name: 'IdleApis', Unit: 'Count' }, { Name: 'DeletedApis', Unit: 'Count' }, { Name: 'SweepErrors', Unit: 'Count' }] }],
    },
    IdleApis: result.idle,
    DeletedApis: result.deleted,
    SweepErrors: result.errors,
  });
  if (config.topicArn && (result.idle > 0 || result.errors > 0)) {
    await clients.sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: `Portcullis: ${result.idle} unused API(s), ${result.deleted} deleted, ${result.errors} error(s)`.slice(0, 100),
      Message: reportText(result, config),
    }));
  }
  return result;
}

/** The Lambda entry point (EventBridge schedule). */
export async function handler(): Promise<{ idle: number; deleted: number; errors: number }> {
  const config = configFromEnvironment(process.env);
  const result = await sweep(createClients(config), config);
  return { idle: result.idle, deleted: result.deleted, errors: result.errors };
}
