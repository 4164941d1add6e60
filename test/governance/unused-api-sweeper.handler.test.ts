import * as path from 'node:path';
import { FakeApi, FakeAws } from './sweeper-server';

/* from node_modules as the Lambda runtime provides them. */
const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'lambda', 'unused-api-sweeper', 'index.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sweeper = require(BUNDLE);

const NOW = Math.floor(Date.now() / 1000);
const OLD = NOW - 200 * 86_400;
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:alarms';

const ENV = {
  IDLE_DAYS: '30',
  DELETE_ENABLED: 'false',
  OPT_IN_TAG_KEY: 'portcullis:sweep',
  OPT_IN_TAG_VALUE: 'delete-when-unused',
  PROTECTED_TAG_KEY: 'portcullis:protected',
  TOPIC_ARN: TOPIC,
  METRIC_NAMESPACE: 'Portcullis/Sweeper',
  MAX_ATTEMPTS: '4',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: '',
};
const OPT_IN = { 'portcullis:sweep': 'delete-when-unused' };

let saved: NodeJS.ProcessEnv;
let logs: any[];
beforeEach(() => {
  saved = { ...process.env };
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(JSON.parse(line)); });
});
afterEach(() => {
  process.env = saved;
  jest.restoreAllMocks();
});

async function run(fake: FakeAws, env: Record<string, string> = {}): Promise<{ idle: number; deleted: number; errors: number }> {
  const endpoint = await fake.start();
  try {
    Object.assign(process.env, ENV, { AWS_ENDPOINT_URL: endpoint }, env);
    delete process.env.AWS_PROFILE;
    return await sweeper.handler();
  } finally {
    await fake.stop();
  }
}

const decisions = () => Object.fromEntries(logs.filter((l) => l.message === 'sweeper decision').map((l) => [l.apiId, l.decision]));

describe('unused-API sweeper (bundled handler, real SDK v3 clients, loopback AWS)', () => {
  test('follows pagination of REST and v2 listings and reads each kind\'s traffic metric per stage', async () => {
    const apis: FakeApi[] = [
      ...Array.from({ length: 7 }, (_, i): FakeApi => ({ kind: 'REST', id: `r${i}`, name: `rest-${i}`, createdDate: OLD, stages: ['prod'], requests: { prod: 5 } })),
      ...Array.from({ length: 5 }, (_, i): FakeApi => ({ kind: 'HTTP', id: `h${i}`, name: `http-${i}`, createdDate: OLD, stages: ['$default'], requests: { $default: 1 } })),
      { kind: 'WEBSOCKET', id: 'w0', name: 'ws', createdDate: OLD, stages: ['live'], requests: { live: 3 } },
    ];
    const fake = new FakeAws({ apis, pageSize: 3 });
    const result = await run(fake);
    expect(result).toEqual({ idle: 0, deleted: 0, errors: 0 });
    expect(fake.count('GetRestApis')).toBe(3);
    expect(fake.count('GetApis')).toBe(2);
    expect(Object.values(decisions())).toEqual(Array(13).fill('in-use'));
    const queries = fake.received.filter((r) => r.op === 'MetricQuery').map((r) => r.detail);
    expect(queries).toContain('Count {"ApiName":"rest-0","Stage":"prod"} Sum');
    expect(queries).toContain('Count {"ApiId":"h0","Stage":"$default"} Sum');
    expect(queries).toContain('ConnectCount {"ApiId":"w0","Stage":"live"} Sum');
    expect(queries).toContain('MessageCount {"ApiId":"w0","Stage":"live"} Sum');
    expect(fake.published).toEqual([]);
  });

  test('dry run: idle APIs are reported by tag rule, none deleted, one SNS message and an EMF metric line', async () => {
    const fake = new FakeAws({
      apis: [
        { kind: 'REST', id: 'optin', name: 'old-rest', createdDate: OLD, stages: ['prod'], tags: OPT_IN },
        { kind: 'HTTP', id: 'prot', name: 'old-http', createdDate: OLD, stages: ['$default'], tags: { ...OPT_IN, 'portcullis:protected': 'yes' } },
        { kind: 'WEBSOCKET', id: 'untagged', name: 'old-ws', createdDate: OLD, stages: ['live'] },
        { kind: 'HTTP', id: 'new', name: 'fresh', createdDate: NOW - 86_400, stages: ['$default'], tags: OPT_IN },
      ],
    });
    const result = await run(fake);
    expect(result).toEqual({ idle: 3, deleted: 0, errors: 0 });
    expect(decisions()).toEqual({ optin: 'idle-would-delete', prot: 'idle-protected', untagged: 'idle-not-opted-in', new: 'too-new' });
    expect(fake.deleted).toEqual([]);
    expect(fake.count('DeleteRestApi') + fake.count('DeleteApi')).toBe(0);
    expect(fake.published).toHaveLength(1);
    expect(fake.published[0].TopicArn).toBe(TOPIC);
    expect(fake.published[0].Message).toContain('Deletion is OFF (report only)');
    expect(fake.published[0].Message).toContain('- REST optin (old-rest): idle-would-delete');
    const emf = logs.find((l) => l._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('Portcullis/Sweeper');
    expect(emf).toMatchObject({ IdleApis: 3, DeletedApis: 0, SweepErrors: 0 });
  });

  // The construct always sets DELETE_ENABLED; these guard the handler's own default, which the tests
  // above never reach because they set the variable (an inverted comparison would delete here).
  test.each([
    ['absent', undefined],
    ['empty', ''],
    ['"TRUE"', 'TRUE'],
    ['"1"', '1'],
    ['"yes"', 'yes'],
    ['" true"', ' true'],
  ])('DELETE_ENABLED %s: report only, nothing deleted', async (_, value) => {
    const fake = new FakeAws({
      apis: [{ kind: 'HTTP', id: 'optin', name: 'old-http', createdDate: OLD, stages: ['$default'], tags: OPT_IN }],
    });
    const endpoint = await fake.start();
    try {
      Object.assign(process.env, ENV, { AWS_ENDPOINT_URL: endpoint });
      if (value === undefined) delete process.env.DELETE_ENABLED;
      else process.env.DELETE_ENABLED = value;
      delete process.env.AWS_PROFILE;
      expect(await sweeper.handler()).toEqual({ idle: 1, deleted: 0, errors: 0 });
    } finally {
      await fake.stop();
    }
    expect(decisions()).toEqual({ optin: 'idle-would-delete' });
    expect(fake.count('DeleteRestApi') + fake.count('DeleteApi')).toBe(0);
    expect(fake.published[0].Message).toContain('Deletion is OFF (report only)');
  });

  test('deletion on: deletes only idle APIs with the opt-in tag, never protected or untagged ones', async () => {
    const fake = new FakeAws({
      apis: [
        { kind: 'REST', id: 'optin-rest', name: 'a', createdDate: OLD, stages: ['prod'], tags: OPT_IN },
        { kind: 'HTTP', id: 'optin-http', name: 'b', createdDate: OLD, stages: [], tags: OPT_IN },
        { kind: 'REST', id: 'busy', name: 'busy', createdDate: OLD, stages: ['prod'], tags: OPT_IN, requests: { prod: 1 } },
        { kind: 'HTTP', id: 'prot', name: 'c', createdDate: OLD, stages: ['$default'], tags: { ...OPT_IN, 'portcullis:protected': '' } },
        { kind: 'HTTP', id: 'wrong-value', name: 'd', createdDate: OLD, stages: ['$default'], tags: { 'portcullis:sweep': 'yes' } },
        { kind: 'WEBSOCKET', id: 'untagged', name: 'e', createdDate: OLD, stages: ['live'] },
      ],
    });
    const result = await run(fake, { DELETE_ENABLED: 'true' });
    expect(result).toEqual({ idle: 5, deleted: 2, errors: 0 });
    expect(fake.deleted.sort()).toEqual(['optin-http', 'optin-rest']);
    expect(fake.received.find((r) => r.op === 'DeleteRestApi')!.detail).toBe('DELETE /restapis/optin-rest');
    expect(fake.received.find((r) => r.op === 'DeleteApi')!.detail).toBe('DELETE /v2/apis/optin-http');
    expect(decisions()).toMatchObject({ 'busy': 'in-use', 'prot': 'idle-protected', 'wrong-value': 'idle-not-opted-in', 'untagged': 'idle-not-opted-in' });
  });

  test('429 throttling is retried with backoff, then the run succeeds', async () => {
    const fake = new FakeAws({
      apis: [{ kind: 'REST', id: 'r', name: 'r', createdDate: OLD, stages: ['prod'], tags: OPT_IN },
        { kind: 'HTTP', id: 'h', name: 'h', createdDate: OLD, stages: ['$default'], requests: { $default: 9 } }],
      throttle: { GetRestApis: 2, GetApis: 1, GetMetricData: 1 },
    });
    const result = await run(fake);
    expect(result).toEqual({ idle: 1, deleted: 0, errors: 0 });
    expect(fake.count('GetRestApis')).toBe(3);
    expect(fake.count('GetApis')).toBe(2);
    expect(decisions()).toEqual({ r: 'idle-would-delete', h: 'in-use' });
  }, 30_000);

  test('a server error that outlasts the retries fails only that API; one API\'s failure does not stop the rest', async () => {
    const fake = new FakeAws({
      apis: [
        { kind: 'HTTP', id: 'broken', name: 'x', createdDate: OLD, stages: ['$default'] },
        { kind: 'HTTP', id: 'ok', name: 'y', createdDate: OLD, stages: ['$default'], tags: OPT_IN },
      ],
      brokenStages: ['broken'],
    });
    const result = await run(fake, { DELETE_ENABLED: 'true', MAX_ATTEMPTS: '2' });
    expect(result).toEqual({ idle: 1, deleted: 1, errors: 1 });
    expect(decisions()).toEqual({ broken: 'error', ok: 'deleted' });
    expect(logs.find((l) => l.apiId === 'broken').error).toMatch(/InternalServerError/);
    expect(fake.received.filter((r) => r.op === 'GetStages' && r.detail.includes('broken'))).toHaveLength(2);
    expect(fake.published[0].Message).toContain('1 error(s)');
  }, 30_000);

  test('a failed listing is one error; the other API family is still swept', async () => {
    const fake = new FakeAws({
      apis: [{ kind: 'HTTP', id: 'h', name: 'h', createdDate: OLD, stages: ['$default'], tags: OPT_IN }],
      throttle: { GetRestApis: 99 },
    });
    const result = await run(fake, { MAX_ATTEMPTS: '2' });
    expect(result).toEqual({ idle: 1, deleted: 0, errors: 1 });
    expect(fake.count('GetRestApis')).toBe(2);
    expect(decisions()).toEqual({ '*': 'error', 'h': 'idle-would-delete' });
  }, 30_000);

  test('a broken configuration fails the invocation with a clear message', async () => {
    const fake = new FakeAws({ apis: [] });
    await expect(run(fake, { IDLE_DAYS: '0' })).rejects.toThrow(/IDLE_DAYS must be a whole number of days from 1 to 455/);
  });
});
