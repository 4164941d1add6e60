import { Stack } from 'aws-cdk-lib';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { GatewaySecurityInsights, PortcullisChecks, RouteAuthorization, SecureHttpApi, SecureRestApi, SecureWebSocketApi, SecuritySignal } from '../../../../lib';
import { restProps, withMethod } from '../../../rest/fixtures';
import { newFunction } from '../../../stack-fixtures';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-DenialSignal';

/** A plain HTTP API stage logging to a log group, optionally named. */
function loggedStage(stack: Stack, logGroupName?: string): logs.CfnLogGroup {
  const logGroup = new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 365, logGroupName });
  const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
  new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default', accessLogSettings: { destinationArn: logGroup.attrArn, format: '{"status":"$context.status"}' } });
  return logGroup;
}

/** An insight rule over `logGroupName` with `filters`. */
function insightRule(stack: Stack, id: string, logGroupName: string, filters: object[], ruleState = 'ENABLED'): void {
  new cloudwatch.CfnInsightRule(stack, id, {
    ruleName: id,
    ruleState,
    ruleBody: stack.toJsonString({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: [logGroupName],
      LogFormat: 'JSON',
      Contribution: { Keys: ['$.sourceIp'], Filters: filters },
      AggregateOn: 'Count',
    }),
  });
}

const DENIED = [{ Match: '$.status', In: ['401', '403'] }];

describe('DenialSignal', () => {
  test('a Portcullis API of each kind is reported until GatewaySecurityInsights watches it', () => {
    const stack = newStack();
    const http = new SecureHttpApi(stack, 'Http', { defaultAuthorization: RouteAuthorization.iam() });
    const rest = withMethod(new SecureRestApi(stack, 'Rest', restProps({ defaultAuthorization: RouteAuthorization.iam() })));
    const ws = new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() } });
    const reported = portcullisFindings(stack, RULE).map((f) => f.path);
    expect(reported).toHaveLength(3);
    expect(reported.every((p) => /^Stack\/(Http|Rest|Ws)\//.test(p))).toBe(true);

    new GatewaySecurityInsights(stack, 'Insights', { apis: [http, rest, ws] });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('choosing signals without DENIED_BY_SOURCE_IP still counts if DENIED_BY_PRINCIPAL stays; with neither the stage is reported', () => {
    const stack = newStack();
    const http = new SecureHttpApi(stack, 'Http', { defaultAuthorization: RouteAuthorization.iam() });
    const other = new SecureHttpApi(stack, 'Other', { defaultAuthorization: RouteAuthorization.iam() });
    const insights = new GatewaySecurityInsights(stack, 'Insights');
    insights.addApi(http, { signals: [SecuritySignal.DENIED_BY_PRINCIPAL] });
    insights.addApi(other, { signals: [SecuritySignal.SERVER_ERRORS_BY_ROUTE, SecuritySignal.THROTTLED_BY_SOURCE_IP] });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Other/DefaultStage/Resource')]);
  });

  test('a plain aws-cdk-lib stage passes with an enabled rule over its log group that keeps 401 or 403', () => {
    const stack = newStack();
    const logGroup = loggedStage(stack);
    insightRule(stack, 'Denials', logGroup.ref, DENIED);
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test.each([
    ['no rule at all', () => undefined],
    ['a rule that keeps 404s only', (s: Stack, g: logs.CfnLogGroup) => insightRule(s, 'NotFound', g.ref, [{ Match: '$.status', In: ['404'] }])],
    ['a rule without filters', (s: Stack, g: logs.CfnLogGroup) => insightRule(s, 'All', g.ref, [])],
    ['a disabled rule', (s: Stack, g: logs.CfnLogGroup) => insightRule(s, 'Off', g.ref, DENIED, 'DISABLED')],
    ['a rule over another log group', (s: Stack) => insightRule(s, 'Elsewhere', new logs.CfnLogGroup(s, 'Other', { retentionInDays: 365 }).ref, DENIED)],
  ])('a plain stage is reported with %s', (_name, addRule) => {
    const stack = newStack();
    const logGroup = loggedStage(stack);
    addRule(stack, logGroup);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a rule naming the log group by its literal name, by a prefix wildcard, or with EqualTo 403 as a number counts', () => {
    for (const [entry, filters] of [
      ['/api/access', DENIED],
      ['/api/*', DENIED],
      ['/api/access', [{ Match: '$.status', EqualTo: 403 }]],
    ] as const) {
      const stack = newStack();
      loggedStage(stack, '/api/access');
      insightRule(stack, 'Denials', entry, [...filters]);
      expect({ entry, findings: portcullisFindings(stack, RULE) }).toEqual({ entry, findings: [] });
    }
  });

  test('a stage without access logs is left to Portcullis-AccessLogs', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default' });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('the finding is a warning', () => {
    const stack = newStack();
    loggedStage(stack);
    const violation = new PortcullisChecks().validateScope(stack).violations.find((v) => v.ruleName === RULE);
    expect(violation?.severity).toBe('warning');
  });
});
