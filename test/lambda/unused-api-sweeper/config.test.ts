// The sweeper's pure parts, imported from the source (the bundle tests are test/governance/unused-api-sweeper.handler.test.ts).
import {
  ApiSummary, configFromEnvironment, createClients, DecisionRecord, idleDecision, reportText, SweeperConfig, trafficMetrics,
} from '../../../lambda/unused-api-sweeper/index';

const ENV = {
  IDLE_DAYS: '30',
  DELETE_ENABLED: 'true',
  OPT_IN_TAG_KEY: 'sweep',
  OPT_IN_TAG_VALUE: 'yes',
  PROTECTED_TAG_KEY: 'protected',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:t',
  METRIC_NAMESPACE: 'N',
  MAX_ATTEMPTS: '3',
};

const CONFIG: SweeperConfig = {
  idleDays: 30,
  deleteEnabled: true,
  optInTagKey: 'sweep',
  optInTagValue: 'yes',
  protectedTagKey: 'protected',
  topicArn: 'arn:aws:sns:eu-west-1:111122223333:t',
  metricNamespace: 'N',
  maxAttempts: 3,
};

describe('configFromEnvironment', () => {
  test('reads every setting', () => {
    expect(configFromEnvironment(ENV)).toStrictEqual(CONFIG);
  });

  test.each(['1', '455'])('IDLE_DAYS %s (a bound) is accepted', (days) => {
    expect(configFromEnvironment({ ...ENV, IDLE_DAYS: days }).idleDays).toBe(Number(days));
  });

  test.each(['0', '456', '1.5', 'x', undefined])('IDLE_DAYS %s is refused, quoting the value', (days) => {
    expect(() => configFromEnvironment({ ...ENV, IDLE_DAYS: days })).toThrow(
      new Error(`IDLE_DAYS must be a whole number of days from 1 to 455 (CloudWatch keeps daily data 455 days), got '${days}'`));
  });

  test('MAX_ATTEMPTS defaults to 5; 1 is accepted', () => {
    expect(configFromEnvironment({ ...ENV, MAX_ATTEMPTS: undefined }).maxAttempts).toBe(5);
    expect(configFromEnvironment({ ...ENV, MAX_ATTEMPTS: '1' }).maxAttempts).toBe(1);
  });

  test.each(['0', '2.5', 'x', ''])('MAX_ATTEMPTS %j is refused, quoting the value', (attempts) => {
    expect(() => configFromEnvironment({ ...ENV, MAX_ATTEMPTS: attempts })).toThrow(
      new Error(`MAX_ATTEMPTS must be a positive whole number, got '${attempts}'`));
  });

  test.each(['OPT_IN_TAG_KEY', 'OPT_IN_TAG_VALUE', 'PROTECTED_TAG_KEY', 'METRIC_NAMESPACE'])('%s must be set and not empty', (name) => {
    expect(() => configFromEnvironment({ ...ENV, [name]: undefined })).toThrow(new Error(`${name} must be set`));
    expect(() => configFromEnvironment({ ...ENV, [name]: '' })).toThrow(new Error(`${name} must be set`));
  });

  test('deletion is on only for exactly "true"', () => {
    expect(configFromEnvironment({ ...ENV, DELETE_ENABLED: 'TRUE' }).deleteEnabled).toBe(false);
    expect(configFromEnvironment({ ...ENV, DELETE_ENABLED: undefined }).deleteEnabled).toBe(false);
  });

  test('an empty or absent TOPIC_ARN means no topic', () => {
    expect(configFromEnvironment({ ...ENV, TOPIC_ARN: '' })).toStrictEqual({ ...CONFIG, topicArn: undefined });
    expect(configFromEnvironment({ ...ENV, TOPIC_ARN: undefined })).toStrictEqual({ ...CONFIG, topicArn: undefined });
  });
});

describe('createClients', () => {
  test('every client makes the configured number of attempts', async () => {
    const clients = createClients({ ...CONFIG, maxAttempts: 7 });
    for (const client of [clients.restApi, clients.apiV2, clients.cloudWatch, clients.sns]) {
      expect(await client.config.maxAttempts()).toBe(7);
    }
  });
});

describe('idleDecision', () => {
  const api = (tags: Record<string, string>): ApiSummary => ({ kind: 'HTTP', id: 'a', name: 'a', tags });
  test.each([
    [{ sweep: 'yes' }, true, 'deleted'],
    [{ sweep: 'yes' }, false, 'idle-would-delete'],
    [{ sweep: 'yes', protected: '' }, true, 'idle-protected'],
    [{ protected: 'no' }, true, 'idle-protected'],
    [{ sweep: 'YES' }, true, 'idle-not-opted-in'],
    [{ other: 'yes' }, true, 'idle-not-opted-in'],
    [{}, false, 'idle-not-opted-in'],
  ])('tags %j, deletion %s: %s', (tags, deleteEnabled, decision) => {
    expect(idleDecision(api(tags), { ...CONFIG, deleteEnabled })).toBe(decision);
  });

  test('an inherited property is no protected tag', () => {
    expect(idleDecision(api({ sweep: 'yes' }), { ...CONFIG, protectedTagKey: 'toString' })).toBe('deleted');
  });
});

describe('trafficMetrics', () => {
  test('REST: Count by ApiName and Stage', () => {
    expect(trafficMetrics({ kind: 'REST', id: 'i', name: 'n', tags: {} }, 's')).toStrictEqual([
      { metricName: 'Count', dimensions: [{ Name: 'ApiName', Value: 'n' }, { Name: 'Stage', Value: 's' }] },
    ]);
  });
  test('HTTP: Count by ApiId and Stage', () => {
    expect(trafficMetrics({ kind: 'HTTP', id: 'i', name: 'n', tags: {} }, 's')).toStrictEqual([
      { metricName: 'Count', dimensions: [{ Name: 'ApiId', Value: 'i' }, { Name: 'Stage', Value: 's' }] },
    ]);
  });
  test('WebSocket: ConnectCount and MessageCount by ApiId and Stage', () => {
    const dimensions = [{ Name: 'ApiId', Value: 'i' }, { Name: 'Stage', Value: 's' }];
    expect(trafficMetrics({ kind: 'WEBSOCKET', id: 'i', name: 'n', tags: {} }, 's')).toStrictEqual([
      { metricName: 'ConnectCount', dimensions }, { metricName: 'MessageCount', dimensions },
    ]);
  });
});

describe('reportText', () => {
  const record = (apiId: string, decision: DecisionRecord['decision'], error?: string): DecisionRecord =>
    ({ kind: 'REST', apiId, apiName: `name-${apiId}`, decision, ...(error === undefined ? {} : { error }) });

  test('a summary, the settings, then one line per idle API or error', () => {
    const decisions = [
      record('a', 'in-use'), record('b', 'too-new'), record('c', 'idle-protected'), record('d', 'idle-not-opted-in'),
      record('e', 'idle-would-delete'), record('f', 'deleted'), record('g', 'error', 'Boom: no'),
    ];
    expect(reportText({ decisions, idle: 4, deleted: 1, errors: 1 }, CONFIG)).toBe([
      'Portcullis unused-API sweeper: 4 API(s) without traffic for 30 day(s), 1 deleted, 1 error(s).',
      'Deletion is ON; opt-in tag sweep=yes; protected tag protected.',
      '',
      '- REST c (name-c): idle-protected',
      '- REST d (name-d): idle-not-opted-in',
      '- REST e (name-e): idle-would-delete',
      '- REST f (name-f): deleted',
      '- REST g (name-g): error - Boom: no',
    ].join('\n'));
  });

  test('report only, no API listed', () => {
    expect(reportText({ decisions: [record('a', 'in-use')], idle: 0, deleted: 0, errors: 0 }, { ...CONFIG, deleteEnabled: false })).toBe([
      'Portcullis unused-API sweeper: 0 API(s) without traffic for 30 day(s), 0 deleted, 0 error(s).',
      'Deletion is OFF (report only); opt-in tag sweep=yes; protected tag protected.',
      '',
    ].join('\n'));
  });
});
