// The sweep, imported from the source, with the real SDK v3 clients against the loopback fake of
// test/governance/sweeper-server.ts (the bundle runs the same fake in test/governance/unused-api-sweeper.handler.test.ts).
import { createClients, handler, reportText, sweep, SweeperClients, SweeperConfig } from '../../../lambda/unused-api-sweeper/index';
import { FakeApi, FakeAws, FakeAwsOptions } from '../../governance/sweeper-server';

const DAY_S = 86_400;
const NOW = new Date('2026-06-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const OLD = NOW_S - 200 * DAY_S;
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:alarms';
const OPT_IN = { sweep: 'yes' };

const CONFIG: SweeperConfig = {
  idleDays: 30,
  deleteEnabled: false,
  optInTagKey: 'sweep',
  optInTagValue: 'yes',
  protectedTagKey: 'protected',
  metricNamespace: 'Portcullis/Sweeper',
  maxAttempts: 1,
};

let saved: NodeJS.ProcessEnv;
let logs: any[];
beforeEach(() => {
  saved = { ...process.env };
  Object.assign(process.env, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(JSON.parse(line)); });
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

/** Runs `body` with the SDK pointed at a fake account holding `options`. */
async function withFake<T>(options: FakeAwsOptions, body: (fake: FakeAws) => Promise<T>): Promise<{ fake: FakeAws; out: T }> {
  const fake = new FakeAws(options);
  process.env.AWS_ENDPOINT_URL = await fake.start();
  try {
    return { fake, out: await body(fake) };
  } finally {
    await fake.stop();
  }
}

/** A sweep at NOW of a fake account; `prepare` may change the clients first. */
async function sweepFake(options: FakeAwsOptions, config: Partial<SweeperConfig> = {}, prepare: (clients: SweeperClients) => void = () => {}) {
  const full = { ...CONFIG, ...config };
  const { fake, out } = await withFake(options, async () => {
    const clients = createClients(full);
    prepare(clients);
    return sweep(clients, full, NOW);
  });
  return { fake, result: out, config: full };
}

/** Makes `client` throw `thrown` (before any retry) when it sends the named command. */
function throwOn(client: { middlewareStack: { add: (...args: any[]) => void } }, commandName: string, thrown: unknown): void {
  client.middlewareStack.add((next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
    if (context.commandName === commandName) throw thrown;
    return next(args);
  }, { step: 'initialize', name: 'testThrow' });
}

const idle = (kind: FakeApi['kind'], id: string, extra: Partial<FakeApi> = {}): FakeApi =>
  ({ kind, id, name: `name-${id}`, createdDate: OLD, stages: [kind === 'REST' ? 'prod' : '$default'], ...extra });

describe('listing', () => {
  test('follows the pages of both listings and of v2 stages; each kind is read with its own metric', async () => {
    const { fake, result } = await sweepFake({
      apis: [
        idle('REST', 'r0', { requests: { prod: 1 } }), idle('REST', 'r1', { requests: { prod: 2 } }), idle('REST', 'r2', { requests: { prod: 3 } }),
        idle('HTTP', 'h0', { stages: ['a', 'b', 'c'], requests: { c: 4 } }),
        idle('WEBSOCKET', 'w0', { stages: ['live'], requests: { live: 5 } }),
        idle('HTTP', 'h1', { requests: { $default: 6 } }),
      ],
      pageSize: 2,
      stagePageSize: 1,
    });
    expect(result.decisions).toStrictEqual([
      { kind: 'REST', apiId: 'r0', apiName: 'name-r0', decision: 'in-use', requests: 1, stages: ['prod'] },
      { kind: 'REST', apiId: 'r1', apiName: 'name-r1', decision: 'in-use', requests: 2, stages: ['prod'] },
      { kind: 'REST', apiId: 'r2', apiName: 'name-r2', decision: 'in-use', requests: 3, stages: ['prod'] },
      { kind: 'HTTP', apiId: 'h0', apiName: 'name-h0', decision: 'in-use', requests: 4, stages: ['a', 'b', 'c'] },
      { kind: 'WEBSOCKET', apiId: 'w0', apiName: 'name-w0', decision: 'in-use', requests: 10, stages: ['live'] },
      { kind: 'HTTP', apiId: 'h1', apiName: 'name-h1', decision: 'in-use', requests: 6, stages: ['$default'] },
    ]);
    expect(fake.received.filter((r) => r.op === 'GetRestApis').map((r) => r.detail)).toEqual([
      'GET /restapis?limit=500', 'GET /restapis?limit=500&position=2',
    ]);
    expect(fake.received.filter((r) => r.op === 'GetApis').map((r) => r.detail)).toEqual([
      'GET /v2/apis?maxResults=500', 'GET /v2/apis?maxResults=500&nextToken=2',
    ]);
    expect(fake.received.filter((r) => r.op === 'GetStages' && r.detail.includes('h0'))).toHaveLength(3);
    expect(fake.received.filter((r) => r.op === 'MetricQuery').map((r) => r.detail)).toEqual([
      'Count {"ApiName":"name-r0","Stage":"prod"} Sum',
      'Count {"ApiName":"name-r1","Stage":"prod"} Sum',
      'Count {"ApiName":"name-r2","Stage":"prod"} Sum',
      'Count {"ApiId":"h0","Stage":"a"} Sum',
      'Count {"ApiId":"h0","Stage":"b"} Sum',
      'Count {"ApiId":"h0","Stage":"c"} Sum',
      'ConnectCount {"ApiId":"w0","Stage":"live"} Sum',
      'MessageCount {"ApiId":"w0","Stage":"live"} Sum',
      'Count {"ApiId":"h1","Stage":"$default"} Sum',
    ]);
  });

  test('REST APIs only, answers without empty lists, names or tags: read as empty', async () => {
    const { result } = await sweepFake({
      apis: [
        { kind: 'REST', id: 'bare', createdDate: OLD, stages: [] },
        { kind: 'REST', id: 'quiet', name: 'quiet', createdDate: OLD, stages: ['prod'], tags: OPT_IN },
      ],
      omitEmptyLists: true,
    });
    expect(result.decisions).toStrictEqual([
      { kind: 'REST', apiId: 'bare', apiName: '', decision: 'idle-not-opted-in', requests: 0, stages: [] },
      { kind: 'REST', apiId: 'quiet', apiName: 'quiet', decision: 'idle-would-delete', requests: 0, stages: ['prod'] },
    ]);
  });

  test('v2 APIs only, answers without empty lists, names or tags: read as empty', async () => {
    const { result } = await sweepFake({
      apis: [
        { kind: 'WEBSOCKET', id: 'bare', createdDate: OLD, stages: [] },
        { kind: 'HTTP', id: 'quiet', name: 'quiet', createdDate: OLD, stages: ['$default'], tags: OPT_IN },
      ],
      omitEmptyLists: true,
    });
    expect(result.decisions).toStrictEqual([
      { kind: 'WEBSOCKET', apiId: 'bare', apiName: '', decision: 'idle-not-opted-in', requests: 0, stages: [] },
      { kind: 'HTTP', apiId: 'quiet', apiName: 'quiet', decision: 'idle-would-delete', requests: 0, stages: ['$default'] },
    ]);
  });

  test('stages without a name are skipped', async () => {
    const { fake, result } = await sweepFake({
      apis: [idle('REST', 'r', { stages: [''] }), idle('HTTP', 'h', { stages: ['', 'live'] })],
    });
    expect(result.decisions.map((d) => d.stages)).toEqual([[], ['live']]);
    expect(fake.received.filter((r) => r.op === 'MetricQuery').map((r) => r.detail)).toEqual(['Count {"ApiId":"h","Stage":"live"} Sum']);
  });
});

describe('traffic', () => {
  test('one daily Sum per stage and metric, over the idle window up to now', async () => {
    const { fake } = await sweepFake({ apis: [idle('HTTP', 'h')] });
    expect(fake.metricRequests).toStrictEqual([{
      MetricDataQueries: [{
        Id: 'm0',
        MetricStat: {
          Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: 'h' }, { Name: 'Stage', Value: '$default' }] },
          Period: 86_400,
          Stat: 'Sum',
        },
        ReturnData: true,
      }],
      StartTime: NOW_S - 30 * DAY_S,
      EndTime: NOW_S,
    }]);
  });

  test('more than 500 queries go in calls of at most 500, each followed through its pages; the counts are summed', async () => {
    const stages = Array.from({ length: 251 }, (_, i) => `s${i}`);
    const { fake, result } = await sweepFake({
      apis: [idle('WEBSOCKET', 'w', { stages, requests: { s0: 2, s250: 3 } })],
      metricPageSize: 100,
    });
    expect(result.decisions[0]).toMatchObject({ decision: 'in-use', requests: 10 });
    expect(fake.metricRequests.map((r) => [r.MetricDataQueries.length, r.NextToken])).toEqual([
      [500, undefined], [500, '100'], [500, '200'], [500, '300'], [500, '400'], [2, undefined],
    ]);
    expect(fake.metricRequests[5].MetricDataQueries.map((q: any) => q.Id)).toEqual(['m500', 'm501']);
  });

  test('exactly 500 queries are one call', async () => {
    const stages = Array.from({ length: 500 }, (_, i) => `s${i}`);
    const { fake, result } = await sweepFake({ apis: [idle('HTTP', 'h', { stages })] });
    expect(result.decisions[0]).toMatchObject({ decision: 'idle-not-opted-in', requests: 0 });
    expect(fake.metricRequests).toHaveLength(1);
  });

  test('an API younger than the idle window is too new and not read; one exactly that old is', async () => {
    const { fake, result } = await sweepFake({
      apis: [
        idle('HTTP', 'young', { createdDate: NOW_S - 30 * DAY_S + 1 }),
        idle('HTTP', 'window', { createdDate: NOW_S - 30 * DAY_S }),
        idle('REST', 'undated', { createdDate: undefined }),
      ],
    });
    expect(result.decisions).toStrictEqual([
      { kind: 'REST', apiId: 'undated', apiName: 'name-undated', decision: 'idle-not-opted-in', requests: 0, stages: ['prod'] },
      { kind: 'HTTP', apiId: 'young', apiName: 'name-young', decision: 'too-new' },
      { kind: 'HTTP', apiId: 'window', apiName: 'name-window', decision: 'idle-not-opted-in', requests: 0, stages: ['$default'] },
    ]);
    expect(fake.received.filter((r) => r.detail.includes('young'))).toEqual([]);
  });
});

describe('deletion', () => {
  test('on: each kind of idle opted-in API is deleted with its own call; nothing else is', async () => {
    const { fake, result } = await sweepFake({
      apis: [
        idle('REST', 'r', { tags: OPT_IN }), idle('HTTP', 'h', { tags: OPT_IN }), idle('WEBSOCKET', 'w', { tags: OPT_IN }),
        idle('HTTP', 'busy', { tags: OPT_IN, requests: { $default: 1 } }), idle('HTTP', 'untagged'),
        idle('HTTP', 'prot', { tags: { ...OPT_IN, protected: 'x' } }),
      ],
    }, { deleteEnabled: true });
    expect(fake.received.filter((r) => r.op.startsWith('Delete')).map((r) => r.detail)).toEqual([
      'DELETE /restapis/r', 'DELETE /v2/apis/h', 'DELETE /v2/apis/w',
    ]);
    expect(result.decisions.map((d) => d.decision)).toEqual(['deleted', 'deleted', 'deleted', 'in-use', 'idle-not-opted-in', 'idle-protected']);
    expect(result).toMatchObject({ idle: 5, deleted: 3, errors: 0 });
  });

  test('off: nothing is deleted', async () => {
    const { fake, result } = await sweepFake({ apis: [idle('REST', 'r', { tags: OPT_IN }), idle('HTTP', 'h', { tags: OPT_IN })] });
    expect(fake.deleted).toEqual([]);
    expect(result).toMatchObject({ idle: 2, deleted: 0, errors: 0 });
  });
});

describe('errors', () => {
  test('an AWS error fails only that API, named by its error', async () => {
    const { result } = await sweepFake({ apis: [idle('HTTP', 'broken'), idle('HTTP', 'ok')], brokenStages: ['broken'] });
    expect(result.decisions).toStrictEqual([
      { kind: 'HTTP', apiId: 'broken', apiName: 'name-broken', decision: 'error', error: 'InternalServerError: Internal failure' },
      { kind: 'HTTP', apiId: 'ok', apiName: 'name-ok', decision: 'idle-not-opted-in', requests: 0, stages: ['$default'] },
    ]);
    expect(result).toMatchObject({ idle: 1, deleted: 0, errors: 1 });
  });

  test('an error without a message still names its kind; a thrown non-error is quoted', async () => {
    const { result } = await sweepFake({ apis: [idle('HTTP', 'h'), idle('REST', 'r')] }, {}, (clients) => {
      throwOn(clients.apiV2, 'GetStagesCommand', new RangeError(''));
      throwOn(clients.restApi, 'GetStagesCommand', 'boom');
    });
    expect(result.decisions.map((d) => [d.apiId, d.error])).toEqual([['r', 'boom'], ['h', 'RangeError: ']]);
  });

  test('a failed REST listing is one error; v2 APIs are still swept', async () => {
    const { result } = await sweepFake({ apis: [idle('HTTP', 'h'), idle('REST', 'r')], throttle: { GetRestApis: 1 } });
    expect(result.decisions).toStrictEqual([
      { kind: 'REST', apiId: '*', apiName: 'GetRestApis', decision: 'error', error: 'TooManyRequestsException: Too Many Requests' },
      { kind: 'HTTP', apiId: 'h', apiName: 'name-h', decision: 'idle-not-opted-in', requests: 0, stages: ['$default'] },
    ]);
    expect(logs[0]).toStrictEqual({ message: 'sweeper decision', ...result.decisions[0] });
    expect(logs[1]).toStrictEqual({ message: 'sweeper decision', deleteEnabled: false, ...result.decisions[1] });
  });

  test('a failed v2 listing is one error; REST APIs are still swept', async () => {
    const { result } = await sweepFake({ apis: [idle('HTTP', 'h'), idle('REST', 'r')] }, {}, (clients) => throwOn(clients.apiV2, 'GetApisCommand', 'down'));
    expect(result.decisions).toStrictEqual([
      { kind: 'HTTP', apiId: '*', apiName: 'GetApis', decision: 'error', error: 'down' },
      { kind: 'REST', apiId: 'r', apiName: 'name-r', decision: 'idle-not-opted-in', requests: 0, stages: ['prod'] },
    ]);
  });
});

describe('report', () => {
  test('every decision is a log line, then one embedded-metric line', async () => {
    const { result } = await sweepFake({ apis: [idle('REST', 'r', { tags: OPT_IN }), idle('HTTP', 'h', { requests: { $default: 1 } })] }, { deleteEnabled: true });
    expect(logs).toStrictEqual([
      { message: 'sweeper decision', deleteEnabled: true, ...result.decisions[0] },
      { message: 'sweeper decision', deleteEnabled: true, ...result.decisions[1] },
      {
        _aws: {
          Timestamp: NOW.getTime(),
          CloudWatchMetrics: [{
            Namespace: 'Portcullis/Sweeper',
            Dimensions: [[]],
            Metrics: [{ Name: 'IdleApis', Unit: 'Count' }, { Name: 'DeletedApis', Unit: 'Count' }, { Name: 'SweepErrors', Unit: 'Count' }],
          }],
        },
        IdleApis: 1,
        DeletedApis: 1,
        SweepErrors: 0,
      },
    ]);
  });

  test('idle APIs and a topic: one message with the report', async () => {
    const { fake, result, config } = await sweepFake({ apis: [idle('REST', 'r', { tags: OPT_IN }), idle('HTTP', 'h')] }, { topicArn: TOPIC, deleteEnabled: true });
    expect(fake.published).toStrictEqual([{
      Action: 'Publish',
      Version: '2010-03-31',
      TopicArn: TOPIC,
      Subject: 'Portcullis: 2 unused API(s), 1 deleted, 0 error(s)',
      Message: reportText(result, config),
    }]);
  });

  test('errors alone and a topic: one message', async () => {
    const { fake } = await sweepFake({ apis: [idle('HTTP', 'broken')], brokenStages: ['broken'] }, { topicArn: TOPIC });
    expect(fake.published.map((p) => p.Subject)).toEqual(['Portcullis: 0 unused API(s), 0 deleted, 1 error(s)']);
  });

  test('nothing idle and no error: no message', async () => {
    const { fake } = await sweepFake({ apis: [idle('HTTP', 'h', { requests: { $default: 1 } })] }, { topicArn: TOPIC });
    expect(fake.published).toEqual([]);
  });

  test('no topic: no message', async () => {
    const { fake } = await sweepFake({ apis: [idle('HTTP', 'h')] });
    expect(fake.count('Publish')).toBe(0);
  });
});

test('handler: reads the environment, sweeps now, answers the counts', async () => {
  const nowS = Math.floor(Date.now() / 1000);
  Object.assign(process.env, {
    IDLE_DAYS: '30',
    DELETE_ENABLED: 'true',
    OPT_IN_TAG_KEY: 'sweep',
    OPT_IN_TAG_VALUE: 'yes',
    PROTECTED_TAG_KEY: 'protected',
    METRIC_NAMESPACE: 'N',
    MAX_ATTEMPTS: '2',
  });
  const { fake, out } = await withFake({
    apis: [
      idle('HTTP', 'old', { createdDate: nowS - 31 * DAY_S, tags: OPT_IN }), idle('HTTP', 'young', { createdDate: nowS - 29 * DAY_S, tags: OPT_IN }),
      idle('HTTP', 'broken', { createdDate: nowS - 31 * DAY_S }), idle('HTTP', 'extra', { createdDate: nowS - 31 * DAY_S }),
    ],
    brokenStages: ['broken'],
  }, () => handler());
  expect(out).toStrictEqual({ idle: 2, deleted: 1, errors: 1 });
  expect(fake.deleted).toEqual(['old']);
  expect(fake.received.filter((r) => r.op === 'GetStages' && r.detail.includes('broken'))).toHaveLength(2);
});
