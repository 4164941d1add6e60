import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { dashboardWidgets } from './dashboard-body';
import { httpApi, newFunction, newStack, restApi } from './fixtures';
import {
  AlarmTopic, ApiKind, GatewayMonitoring, GatewaySecurityInsights, GatewayWebAcl, ISecureApi, RouteAuthorization, SecureHttpApi, SecureWebSocketApi,
  SecuritySignal,
} from '../../lib';
import { standardAccessLogFields } from '../../lib/common/access-log-fields';
import { accessLogRolesOf, roleFieldNames } from '../../lib/monitoring/security/access-log-roles';
import { SECURITY_ALARM_DEFAULTS } from '../../lib/monitoring/security/security-insights-defaults';
import { WAF_LOG_FIELDS } from '../../lib/waf/waf-log-fields';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

type Resource = { Type: string; Properties: any; Metadata?: any; DependsOn?: string[] };

/** Every resource of a type, by logical id. */
function resources(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** A rule body with references written as `${LogicalId}`, parsed. */
function ruleBody(rule: Resource): any {
  const body = rule.Properties.RuleBody;
  const text = typeof body === 'string' ? body
    : (body['Fn::Join'][1] as unknown[]).map((p: any) => (typeof p === 'string' ? p : `\${${p.Ref ?? JSON.stringify(p)}}`)).join('');
  return JSON.parse(text);
}

function webSocketApi(stack: Stack) {
  return new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Connect'), authorization: RouteAuthorization.iam() } });
}

/** One API of each kind, watched with the defaults, and the template. */
function allKinds(): { stack: Stack; template: Template; apis: Record<ApiKind, ISecureApi> } {
  const stack = newStack();
  const apis = { [ApiKind.HTTP]: httpApi(stack), [ApiKind.REST]: restApi(stack), [ApiKind.WEBSOCKET]: webSocketApi(stack) };
  new GatewaySecurityInsights(stack, 'Insights', { apis: Object.values(apis) });
  return { stack, template: Template.fromStack(stack), apis };
}

const { stack: kindsStack, template: kinds, apis: kindApis } = allKinds();

function logGroupId(api: ISecureApi): string {
  return kindsStack.resolve(api.logGroup.logGroupName).Ref;
}

/** The operators "Contributor Insights rule syntax" documents for a filter, with the type of their operand. */
const FILTER_OPERATORS: Record<string, 'list' | 'scalar' | 'boolean'> = {
  In: 'list', NotIn: 'list', StartsWith: 'list', GreaterThan: 'scalar', LessThan: 'scalar', EqualTo: 'scalar', NotEqualTo: 'scalar', IsPresent: 'boolean',
};

/** What is wrong with a rule body by the documented syntax; empty when nothing is. */
function syntaxProblems(body: any): string[] {
  const problems: string[] = [];
  const allowed = ['Schema', 'LogGroupNames', 'LogGroupARNs', 'LogFormat', 'Fields', 'Contribution', 'AggregateOn'];
  for (const key of Object.keys(body)) if (!allowed.includes(key)) problems.push(`unknown field ${key}`);
  if (JSON.stringify(body.Schema) !== JSON.stringify({ Name: 'CloudWatchLogRule', Version: 1 })) problems.push('Schema');
  if (!Array.isArray(body.LogGroupNames) || body.LogGroupNames.length === 0) problems.push('LogGroupNames');
  if (body.LogFormat !== 'JSON') problems.push('LogFormat');
  const c = body.Contribution ?? {};
  for (const key of Object.keys(c)) if (!['Keys', 'ValueOf', 'Filters'].includes(key)) problems.push(`unknown Contribution field ${key}`);
  if (!Array.isArray(c.Keys) || c.Keys.length < 1 || c.Keys.length > 4) problems.push('Keys: 1 to 4');
  for (const k of c.Keys ?? []) if (!/^\$\.[A-Za-z_][\w.]*$/.test(k)) problems.push(`key ${k}`);
  if (c.Filters !== undefined && (!Array.isArray(c.Filters) || c.Filters.length > 4)) problems.push('Filters: at most 4');
  for (const f of c.Filters ?? []) {
    if (!/^\$\.[A-Za-z_][\w.]*$/.test(f.Match)) problems.push(`Match ${f.Match}`);
    const ops = Object.keys(f).filter((k) => k !== 'Match');
    if (ops.length !== 1 || !(ops[0] in FILTER_OPERATORS)) problems.push(`filter operators ${ops.join(',')}`);
    const kind = FILTER_OPERATORS[ops[0]];
    const operand = f[ops[0]];
    if (kind === 'list' && (!Array.isArray(operand) || operand.length === 0 || operand.length > 10)) problems.push(`${ops[0]}: 1 to 10 values`);
    if (kind === 'scalar' && (typeof operand !== 'number' && typeof operand !== 'string')) problems.push(`${ops[0]}: a value`);
    if (kind === 'boolean' && typeof operand !== 'boolean') problems.push(`${ops[0]}: true or false`);
  }
  if (!['Count', 'Sum'].includes(body.AggregateOn)) problems.push('AggregateOn');
  if ((body.AggregateOn === 'Sum') !== (c.ValueOf !== undefined)) problems.push('ValueOf with Sum only');
  return problems;
}

describe('Contributor Insights rules', () => {
  test.each(Object.values(ApiKind))('%s: five rules over the API\'s access-log group, keyed and filtered by fields of the kind\'s table', (kind) => {
    const api = kindApis[kind];
    const rules = Object.values(resources(kinds, 'AWS::CloudWatch::InsightRule')).map(ruleBody)
      .filter((b) => b.LogGroupNames.includes(`\${${logGroupId(api)}}`));
    expect(rules).toHaveLength(5);
    const table = standardAccessLogFields(kind);
    for (const body of rules) {
      const fields = [...body.Contribution.Keys, ...body.Contribution.Filters.map((f: any) => f.Match)].map((p: string) => p.slice(2));
      expect(fields.filter((f) => !(f in table))).toEqual([]);
    }
    const roles = accessLogRolesOf(kind);
    expect(rules.map((b) => ({ keys: b.Contribution.Keys, filters: b.Contribution.Filters }))).toEqual([
      { keys: ['$.sourceIp'], filters: [{ Match: '$.status', In: ['401', '403'] }] },
      { keys: ['$.principalId'], filters: [{ Match: '$.status', In: ['401', '403'] }, { Match: '$.principalId', NotIn: ['-', ''] }] },
      { keys: ['$.sourceIp'], filters: [{ Match: '$.status', In: ['429'] }] },
      { keys: ['$.sourceIp', `$.${roles.requestedPath}`], filters: [{ Match: '$.status', In: ['404'] }] },
      { keys: roles.route.map((r) => `$.${r}`), filters: [{ Match: '$.status', StartsWith: ['5'] }] },
    ]);
  });

  test('every rule body follows "Contributor Insights rule syntax", counts (AggregateOn Count), and its name fits (1 to 128 printable characters)', () => {
    const stack = newStack();
    const webAcl = new GatewayWebAcl(stack, 'Waf');
    new GatewaySecurityInsights(stack, 'Insights', { apis: [httpApi(stack), restApi(stack, 'Rest', { webAcl }), webSocketApi(stack)] });
    const rules = Object.values(resources(Template.fromStack(stack), 'AWS::CloudWatch::InsightRule'));
    expect(rules).toHaveLength(18);
    for (const rule of rules) {
      const body = ruleBody(rule);
      expect({ name: rule.Properties.RuleName, problems: syntaxProblems(body) }).toEqual({ name: rule.Properties.RuleName, problems: [] });
      expect(body.AggregateOn).toBe('Count');
      expect(rule.Properties.RuleName).toMatch(/^[\x20-\x7E]{1,128}$/);
      expect(rule.Properties.RuleState).toBe('ENABLED');
      expect(JSON.stringify(body).length).toBeLessThanOrEqual(8192);
    }
  });

  test('the syntax check itself refuses what the documentation does not allow', () => {
    const good = { Schema: { Name: 'CloudWatchLogRule', Version: 1 }, LogGroupNames: ['g'], LogFormat: 'JSON', Contribution: { Keys: ['$.ip'], Filters: [{ Match: '$.status', In: ['403'] }] }, AggregateOn: 'Count' };
    expect(syntaxProblems(good)).toEqual([]);
    expect(syntaxProblems({ ...good, Schema: { Name: 'CloudWatchLogRule', Version: 2 } })).toEqual(['Schema']);
    expect(syntaxProblems({ ...good, Contribution: { Keys: ['ip'], Filters: [{ Match: '$.status', Contains: ['4'] }] } })).toEqual(['key ip', 'filter operators Contains']);
    expect(syntaxProblems({ ...good, AggregateOn: 'Sum' })).toEqual(['ValueOf with Sum only']);
  });

  test('a REST API behind a GatewayWebAcl gets three rules over the web ACL\'s log group, made once for a web ACL shared by two APIs', () => {
    const stack = newStack();
    const webAcl = new GatewayWebAcl(stack, 'Waf');
    const insights = new GatewaySecurityInsights(stack, 'Insights');
    insights.addApi(restApi(stack, 'One', { webAcl }));
    insights.addApi(restApi(stack, 'Two', { webAcl }));
    const wafGroup = stack.resolve(webAcl.logGroup.logGroupName).Ref;
    const waf = Object.values(resources(Template.fromStack(stack), 'AWS::CloudWatch::InsightRule')).map(ruleBody)
      .filter((b) => b.LogGroupNames.includes(`\${${wafGroup}}`));
    const blocked = [{ Match: `$.${WAF_LOG_FIELDS.action}`, In: ['BLOCK'] }];
    expect(waf.map((b) => b.Contribution)).toEqual([
      { Keys: ['$.httpRequest.clientIp'], Filters: blocked },
      { Keys: ['$.terminatingRuleId'], Filters: blocked },
      { Keys: ['$.httpRequest.country'], Filters: blocked },
    ]);
  });

  test('signals chooses fewer rules; an alarm whose rule is left out is not created', () => {
    const stack = newStack();
    const insights = new GatewaySecurityInsights(stack, 'Insights');
    insights.addApi(httpApi(stack), { signals: [SecuritySignal.DENIED_BY_SOURCE_IP] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::InsightRule', 1);
    expect(JSON.stringify(resources(t, 'AWS::CloudWatch::Alarm'))).not.toContain('ThrottledBySourceIp');
  });

  test('an HTTP API given a web ACL is refused: its log holds none of the API\'s requests', () => {
    const stack = newStack();
    const insights = new GatewaySecurityInsights(stack, 'Insights');
    expect(() => insights.addApi(httpApi(stack), { webAcl: new GatewayWebAcl(stack, 'Waf') }))
      .toThrow(/prop 'options.webAcl'.*HTTP APIs cannot be associated with a web ACL/);
  });
});

describe('field names come from the one access-log field table', () => {
  test.each(Object.values(ApiKind))('%s: every field the rules, alarms and queries read is in the table', (kind) => {
    const table = standardAccessLogFields(kind);
    expect(roleFieldNames(accessLogRolesOf(kind)).filter((f) => !(f in table))).toEqual([]);
  });

  test('renaming or dropping a field the signals read fails, naming the field', () => {
    jest.isolateModules(() => {
      jest.doMock('../../lib/common/access-log-fields', () => {
        const actual = jest.requireActual('../../lib/common/access-log-fields');
        const { sourceIp: _dropped, ...rest } = actual.HTTP_ACCESS_LOG_FIELDS;
        return { ...actual, standardAccessLogFields: (k: ApiKind) => (k === 'HTTP' ? { ...rest, clientIp: '$context.identity.sourceIp' } : actual.standardAccessLogFields(k)) };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { accessLogRolesOf: rolesOf } = require('../../lib/monitoring/security/access-log-roles');
      expect(() => rolesOf(ApiKind.HTTP)).toThrow(/HTTP API access-log field table has no sourceIp/);
      expect(() => rolesOf(ApiKind.REST)).not.toThrow();
    });
  });

  test('REST records carry the X-Ray trace id the slowest-requests query shows', () => {
    expect(standardAccessLogFields(ApiKind.REST).xrayTraceId).toBe('$context.xrayTraceId');
  });
});

describe('single-caller alarms (INSIGHT_RULE_METRIC)', () => {
  const t = kinds;
  const alarmsOf = (part: string) => Object.entries(resources(t, 'AWS::CloudWatch::Alarm')).filter(([id]) => id.includes(part)).map(([, a]) => a);

  test('one source IP ≥ 50 denied requests a minute, 2 of 3 minutes, on the top contributor of the API\'s rule, to the topic, missing data not breaching', () => {
    const rules = resources(t, 'AWS::CloudWatch::InsightRule');
    const denied = alarmsOf('DeniedBySourceIpAlarm');
    expect(denied).toHaveLength(3);
    for (const a of denied) {
      const ruleId = a.DependsOn!.find((d) => d.includes('DeniedBySourceIp'))!;
      expect(a.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: SECURITY_ALARM_DEFAULTS.deniedBySourceIp.threshold,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        Metrics: [{ Expression: `INSIGHT_RULE_METRIC('${rules[ruleId].Properties.RuleName}', 'MaxContributorValue')`, Period: 60, ReturnData: true }],
        AlarmActions: [expect.anything()],
        OKActions: [expect.anything()],
      });
    }
    expect(alarmsOf('ThrottledBySourceIpAlarm').map((a) => a.Properties.Threshold)).toEqual([300, 300, 300]);
  });

  test('per-API overrides; turning one off needs a reason, which is recorded', () => {
    const stack = newStack();
    const insights = new GatewaySecurityInsights(stack, 'Insights');
    insights.addApi(httpApi(stack), {
      deniedBySourceIp: { threshold: 10, period: Duration.minutes(5), evaluationPeriods: 1 },
      throttledBySourceIp: { enabled: false, offReason: 'The WAF rate rule blocks floods before they are throttled' },
    });
    const t2 = Template.fromStack(stack);
    const all = Object.entries(resources(t2, 'AWS::CloudWatch::Alarm'));
    expect(all.filter(([id]) => id.includes('Throttled'))).toEqual([]);
    expect(all.find(([id]) => id.includes('DeniedBySourceIp'))![1].Properties).toMatchObject({ Threshold: 10, EvaluationPeriods: 1, DatapointsToAlarm: 1, Metrics: [{ Period: 300 }] });
    const weakened = Object.values(resources(t2, 'AWS::CloudWatch::InsightRule')).find((r) => r.Metadata?.['Portcullis::Weakenings']);
    expect(weakened!.Metadata['Portcullis::Weakenings'].weakenings[0]).toMatchObject({
      setting: 'options.throttledBySourceIp.enabled: false', reason: 'The WAF rate rule blocks floods before they are throttled',
    });
    expect(() => new GatewaySecurityInsights(newStack(), 'I').addApi(httpApi(newStack()), { deniedBySourceIp: { enabled: false } }))
      .toThrow(/prop 'options.deniedBySourceIp.offReason'/);
    expect(() => new GatewaySecurityInsights(newStack(), 'I').addApi(httpApi(newStack()), { deniedBySourceIp: { threshold: 0 }, denialRateAnomaly: { bandWidth: -1 } }))
      .toThrow(/2 problems:[\s\S]*options.deniedBySourceIp.threshold[\s\S]*options.denialRateAnomaly.bandWidth/);
  });
});

describe('anomaly-detection alarms', () => {
  const anomalies = (t: Template) => Object.entries(resources(t, 'AWS::CloudWatch::Alarm')).filter(([, a]) => a.Properties.ThresholdMetricId !== undefined);

  test('the denied share of requests (a metric filter on the access log) and the 4XX count, above a band of 3, 2 of 3 × 5 min, missing data not breaching', () => {
    const found = anomalies(kinds);
    expect(found).toHaveLength(6);
    for (const [, a] of found) {
      expect(a.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanUpperThreshold',
        TreatMissingData: 'notBreaching',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        AlarmActions: [expect.anything()],
      });
      expect(a.Properties.Metrics.find((m: any) => m.Id === a.Properties.ThresholdMetricId).Expression).toMatch(/^ANOMALY_DETECTION_BAND\(m0, 3\)$/);
    }
    const denial = found.filter(([id]) => id.includes('DenialRateAnomaly')).map(([, a]) => a.Properties.Metrics.find((m: any) => m.Id === 'm0').MetricStat);
    expect(denial.map((s) => [s.Metric.Namespace, s.Stat, s.Period])).toEqual(Array(3).fill(['Portcullis/Gateway', 'Average', 300]));
    const clientErrors = found.filter(([id]) => id.includes('ClientErrorAnomaly')).map(([, a]) => a.Properties.Metrics.find((m: any) => m.Id === 'm0').MetricStat.Metric.MetricName);
    expect(clientErrors.sort()).toEqual(['4XXError', '4xx', 'ClientError']);
  });

  test('the metric filter emits 1 for a 401 or 403 and 0 for every other request of the API\'s log group', () => {
    for (const api of Object.values(kindApis)) {
      kinds.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: logGroupId(api) },
        FilterPattern: '{ ($.status = "401") || ($.status = "403") }',
        MetricTransformations: [Match.objectLike({ MetricNamespace: 'Portcullis/Gateway', MetricValue: '1', DefaultValue: 0 })],
      });
    }
  });
});

describe('saved queries', () => {
  const queries = Object.values(resources(kinds, 'AWS::Logs::QueryDefinition'));

  test('five per API, in a folder named after it, over its access-log group', () => {
    expect(queries).toHaveLength(15);
    for (const api of Object.values(kindApis)) {
      const own = queries.filter((q) => q.Properties.LogGroupNames[0].Ref === logGroupId(api));
      expect(own.map((q) => q.Properties.Name.replace(/^Portcullis\/[^/]+\//, ''))).toEqual([
        'Every request from an IP', 'Every request by a principal', 'Denials (401/403) by route', 'Authorizer errors with their messages',
        expect.stringMatching(/^Slowest requests/),
      ]);
      expect(own.every((q) => q.Properties.Name.startsWith(`Portcullis/${api.node.path.replace(/\//g, '-')}/`))).toBe(true);
    }
  });

  test.each(Object.values(ApiKind))('%s: every field a query names is in the kind\'s table', (kind) => {
    const table = standardAccessLogFields(kind);
    const own = queries.filter((q) => q.Properties.LogGroupNames[0].Ref === logGroupId(kindApis[kind]));
    for (const q of own) {
      const text: string = q.Properties.QueryString.replace(/"[^"]*"|\/[^/]*\/|@\w+/g, '');
      const words = text.match(/\b[a-z][A-Za-z]*\b/g)!.filter((w) => !['fields', 'filter', 'sort', 'desc', 'limit', 'stats', 'count', 'as', 'by', 'and', 'like', 'ispresent', 'denials', 'latencyMs'].includes(w));
      expect({ query: q.Properties.Name, unknown: words.filter((w) => !(w in table)) }).toEqual({ query: q.Properties.Name, unknown: [] });
    }
  });

  test('the slowest REST requests show their X-Ray trace ids; HTTP records have none', () => {
    const slowest = (api: ISecureApi) => queries.find((q) => q.Properties.LogGroupNames[0].Ref === logGroupId(api) && q.Properties.Name.includes('Slowest'))!.Properties.QueryString;
    expect(slowest(kindApis.REST)).toContain('xrayTraceId');
    expect(slowest(kindApis.HTTP)).not.toContain('xrayTraceId');
  });
});

describe('through GatewayMonitoring', () => {
  test('on by default: rules, alarms in the status widget, and a security section with Contributor Insights widgets, anomaly bands and the saved queries', () => {
    const stack = newStack();
    const monitoring = new GatewayMonitoring(stack, 'Monitoring');
    monitoring.monitorApi(httpApi(stack), { label: 'Orders' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::InsightRule', 5);
    t.resourceCountIs('AWS::Logs::QueryDefinition', 5);
    expect(monitoring.alarms.length).toBe(Object.keys(resources(t, 'AWS::CloudWatch::Alarm')).length);
    const { widgets } = dashboardWidgets(t);
    const status = widgets.find((w) => w.type === 'alarm')!;
    expect(status.properties.alarms).toHaveLength(monitoring.alarms.length);
    expect(widgets.filter((w) => w.properties.insightRule).map((w) => w.properties.title)).toEqual([
      'Top source IPs by denied requests (401/403)', 'Top principals by denied requests (401/403)', 'Top source IPs by throttled requests (429)',
      'Top source IPs and paths by 404 (probing)', 'Top routes by 5XX',
    ]);
    expect(widgets.filter((w) => JSON.stringify(w.properties.metrics ?? []).includes('ANOMALY_DETECTION_BAND'))).toHaveLength(2);
    expect(widgets.find((w) => w.type === 'text' && /Saved queries/.test(w.properties.markdown))!.properties.markdown).toContain('Portcullis/Orders');
  });

  test('turned off for an API only with a reason, recorded on the dashboard', () => {
    const stack = newStack();
    expect(() => new GatewayMonitoring(stack, 'M').monitorApi(httpApi(stack), { securityInsights: { enabled: false } }))
      .toThrow(/prop 'options.securityInsights.offReason'/);
    const quiet = newStack();
    new GatewayMonitoring(quiet, 'M').monitorApi(httpApi(quiet), { securityInsights: { enabled: false, offReason: 'Internal API; the SIEM watches its access logs' } });
    const t = Template.fromStack(quiet);
    t.resourceCountIs('AWS::CloudWatch::InsightRule', 0);
    const dashboard = Object.values(resources(t, 'AWS::CloudWatch::Dashboard'))[0];
    expect(dashboard.Metadata['Portcullis::Weakenings'].weakenings[0].setting).toBe('options.securityInsights.enabled: false');
  });

  test('a REST API\'s GatewayWebAcl gets its WAF rules through monitoring', () => {
    const stack = newStack();
    const webAcl = new GatewayWebAcl(stack, 'Waf');
    new GatewayMonitoring(stack, 'M').monitorApi(restApi(stack, 'Rest', { webAcl }));
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::InsightRule', 8);
  });
});

describe('in a user\'s app', () => {
  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('%s: the new resources pass the five packs and PortcullisChecks at synth (schema validation included)', (_name, setup) => {
    const stack = userStack(setup);
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.iam() });
    api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: newFunction(stack, 'Orders') });
    new GatewaySecurityInsights(stack, 'Insights', { apis: [api], alarmTopic: new AlarmTopic(stack, 'Topic').topic });
    expect(findingsAtSynth(stack, ['Insights', 'Api/'])).toEqual([]);
  });
});
