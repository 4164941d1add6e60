import { CfnCondition, CfnParameter, Fn, IResolvable, Stack } from 'aws-cdk-lib';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { GatewaySecurityInsights, PortcullisChecks, RouteAuthorization, SecureHttpApi, SecureRestApi, SecureWebSocketApi, SecuritySignal } from '../../../../lib';
import { restProps, withMethod } from '../../../rest/fixtures';
import { newFunction } from '../../../stack-fixtures';
import { Finding, finding, newStack, portcullisFindings } from '../../nag-test-util';

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

describe('DenialSignal, one stage at a time', () => {
  const LOG_ARN = 'arn:aws:logs:us-east-1:111111111111:log-group:/api/access';

  /** An HTTP API stage whose access logs go to `destinationArn`. */
  function stageLoggingTo(stack: Stack, destinationArn: unknown): void {
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default', accessLogSettings: { destinationArn: destinationArn as string, format: '{"status":"$context.status"}' } });
  }

  /** An insight rule whose RuleBody is `body` as given (a JSON string, an object, an intrinsic). */
  function ruleWithBody(stack: Stack, body: unknown, ruleState = 'ENABLED'): void {
    const rule = new cloudwatch.CfnInsightRule(stack, 'Denials', { ruleName: 'Denials', ruleState, ruleBody: '{}' });
    rule.addPropertyOverride('RuleBody', body);
  }

  /** A rule body over `logGroupNames` keeping `filters`. */
  function bodyOf(logGroupNames: unknown, contribution: unknown = { Keys: ['$.sourceIp'], Filters: DENIED }): object {
    return { Schema: { Name: 'CloudWatchLogRule', Version: 1 }, LogGroupNames: logGroupNames, LogFormat: 'JSON', Contribution: contribution, AggregateOn: 'Count' };
  }

  /** `Fn::If` on a condition of the stack, so a value is only known at deploy time. */
  function eitherOf(stack: Stack, whenTrue: unknown, whenFalse: unknown): IResolvable {
    const condition = new CfnCondition(stack, 'Choice', { expression: Fn.conditionEquals(new CfnParameter(stack, 'Chosen', { default: 'a' }).valueAsString, 'a') });
    return Fn.conditionIf(condition.logicalId, whenTrue, whenFalse);
  }

  /** The findings of the rule on a stack holding only what `build` declares. */
  function findingsOf(build: (stack: Stack) => void): Finding[] {
    const stack = newStack();
    build(stack);
    return portcullisFindings(stack, RULE);
  }

  test('a stage logging to a log group named by a literal ARN passes with a rule over that name', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access'])));
    })).toEqual([]);
  });

  test('a stage logging to a literal ARN ending in :* passes with a rule over that name', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, `${LOG_ARN}:*`);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access'])));
    })).toEqual([]);
  });

  test('a stage logging to a literal ARN is reported without a rule over its log group', () => {
    expect(findingsOf((stack) => stageLoggingTo(stack, LOG_ARN))).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a stage logging to a destination that names no log group this pack can read is left alone', () => {
    expect(findingsOf((stack) => stageLoggingTo(stack, Fn.importValue('AccessLogArn')))).toEqual([]);
  });

  test('a stage logging to a log group named by a parameter is left alone', () => {
    expect(findingsOf((stack) => stageLoggingTo(stack, Fn.sub('arn:aws:logs:us-east-1:111111111111:log-group:${Name}', {
      Name: new CfnParameter(stack, 'LogName', { default: '/api/access' }).valueAsString,
    })))).toEqual([]);
  });

  test('a stage with access-log settings only known at deploy time is left to Portcullis-AccessLogs', () => {
    expect(findingsOf((stack) => {
      const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
      new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default', accessLogSettings: eitherOf(stack, { DestinationArn: LOG_ARN, Format: '{}' }, { DestinationArn: LOG_ARN, Format: '{ }' }) });
    })).toEqual([]);
  });

  test('a rule over the Ref of a named log group counts', () => {
    expect(findingsOf((stack) => {
      const logGroup = loggedStage(stack, '/api/access');
      insightRule(stack, 'Denials', logGroup.ref, DENIED);
    })).toEqual([]);
  });

  test('a literal "${Logs}" in a RuleBody string is no reference to the log group Logs: CloudFormation does not substitute it', () => {
    expect(findingsOf((stack) => {
      loggedStage(stack);
      ruleWithBody(stack, JSON.stringify(bodyOf(['${Logs}'])));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a literal "${Logs}" in a RuleBody object is no reference to the log group Logs either', () => {
    expect(findingsOf((stack) => {
      loggedStage(stack);
      ruleWithBody(stack, bodyOf(['${Logs}']));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a RuleBody object keeps its numbers and nulls: statuses as numbers count, null filters are skipped', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, bodyOf([42, '/api/access'], { Keys: ['$.sourceIp'], Filters: [null, { Match: '$.status', In: [401, 403] }] }));
    })).toEqual([]);
  });

  test('a rule disabled in lower case does not count', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access'])), 'disabled');
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a rule whose state is only known at deploy time may be enabled: it counts', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access'])), eitherOf(stack, 'ENABLED', 'DISABLED') as unknown as string);
    })).toEqual([]);
  });

  test('a RuleBody given as a JSON object counts like its text', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, bodyOf(['/api/access']));
    })).toEqual([]);
  });

  test.each([
    ['only known at deploy time', (stack: Stack) => eitherOf(stack, JSON.stringify(bodyOf(['/api/access'])), JSON.stringify(bodyOf(['/other'])))],
    ['not JSON', () => 'LogGroupNames /api/access status 401'],
    ['JSON null', () => 'null'],
    ['with LogGroupNames as one string', () => JSON.stringify(bodyOf('/api/access'))],
    ['without a Contribution', () => JSON.stringify({ ...bodyOf(['/api/access']), Contribution: undefined })],
    ['without Filters', () => JSON.stringify(bodyOf(['/api/access'], { Keys: ['$.sourceIp'] }))],
  ])('a rule whose body is %s does not count', (_name, body) => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, body(stack));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('entries of a body that are not names, and null filters, are skipped', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf([42, '/api/access'], { Keys: ['$.sourceIp'], Filters: [null, ...DENIED] })));
    })).toEqual([]);
  });

  test('a stage logging to a log stream ARN names no log group this pack reads: left alone', () => {
    expect(findingsOf((stack) => stageLoggingTo(stack, `${LOG_ARN}:log-stream:api`))).toEqual([]);
  });

  test('a filter that keeps 401 among other statuses counts', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access'], { Keys: ['$.sourceIp'], Filters: [{ Match: '$.status', In: ['400', '401'] }] })));
    })).toEqual([]);
  });

  test('a rule over a longer name without a wildcard does not count', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/api/access2'])));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a wildcard matches log group names, not the reference to a log group whose name CloudFormation generates', () => {
    expect(findingsOf((stack) => {
      loggedStage(stack);
      ruleWithBody(stack, JSON.stringify(bodyOf(['$*'])));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a log group whose name CloudFormation generates has no literal name a rule could use', () => {
    expect(findingsOf((stack) => {
      loggedStage(stack);
      ruleWithBody(stack, JSON.stringify(bodyOf(['undefined'])));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a prefix wildcard that the name does not start with does not count', () => {
    expect(findingsOf((stack) => {
      stageLoggingTo(stack, LOG_ARN);
      ruleWithBody(stack, JSON.stringify(bodyOf(['/other/*'])));
    })).toEqual([finding(RULE, 'Stack/Stage')]);
  });
});
