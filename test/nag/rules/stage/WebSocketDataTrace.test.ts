import { CfnCondition, CfnParameter, Fn, IResolvable, Stack } from 'aws-cdk-lib';
import { CfnApi, CfnApiProps, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Finding, finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-WebSocketDataTrace';

describe('WebSocketDataTrace', () => {
  test('data tracing stage-wide or on one route is reported; off or absent is not', () => {
    const stack = newStack();
    new CfnStage(stack, 'StageWide', { apiId: 'ws1', stageName: 'a', defaultRouteSettings: { dataTraceEnabled: true, loggingLevel: 'INFO' } });
    new CfnStage(stack, 'OneRoute', {
      apiId: 'ws1', stageName: 'b', defaultRouteSettings: { dataTraceEnabled: false }, routeSettings: { sendMessage: { DataTraceEnabled: true } },
    });
    new CfnStage(stack, 'Off', { apiId: 'ws1', stageName: 'c', defaultRouteSettings: { dataTraceEnabled: false }, routeSettings: { x: { DataTraceEnabled: false } } });
    new CfnStage(stack, 'Absent', { apiId: 'ws1', stageName: 'd' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/OneRoute'), finding(RULE, 'Stack/StageWide')]);
  });

  test('the stage of an HTTP API is not a WebSocket stage: not reported; one of a WebSocket API is', () => {
    const stack = newStack();
    const http = new CfnApi(stack, 'Http', { name: 'h', protocolType: 'HTTP' });
    const ws = new CfnApi(stack, 'Ws', { name: 'w', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnStage(stack, 'HttpStage', { apiId: http.ref, stageName: 'a', defaultRouteSettings: { dataTraceEnabled: true } });
    new CfnStage(stack, 'WsStage', { apiId: ws.ref, stageName: 'b', defaultRouteSettings: { dataTraceEnabled: true } });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/WsStage')]);
  });

  test('a parameter value is reported as unresolved', () => {
    const stack = newStack();
    const trace = new CfnParameter(stack, 'Trace', { default: 'false' });
    new CfnStage(stack, 'Stage', { apiId: 'ws1', stageName: 'prod', defaultRouteSettings: { dataTraceEnabled: trace.valueAsString as any } });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:DataTraceEnabled]`, 'Stack/Stage')]);
  });

  test('SecureWebSocketApi stages are never reported (data trace always off)', () => {
    // Covered end to end in test/websocket/secure-websocket-api.nag.test.ts; here the stage it writes.
    const stack = newStack();
    new CfnStage(stack, 'Secure', {
      apiId: 'ws1',
      stageName: 'prod',
      defaultRouteSettings: { dataTraceEnabled: false, loggingLevel: 'ERROR', throttlingRateLimit: 500, throttlingBurstLimit: 1000 },
      routeSettings: { sendMessage: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10, LoggingLevel: 'ERROR', DataTraceEnabled: false } },
    });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('WebSocketDataTrace, one stage at a time', () => {
  /** The findings of the rule on a stack holding only what `build` declares. */
  function findingsOf(build: (stack: Stack) => void): Finding[] {
    const stack = newStack();
    build(stack);
    return portcullisFindings(stack, RULE);
  }

  /** `Fn::If` on a condition of the stack, so a value is only known at deploy time. */
  function eitherOf(stack: Stack, whenTrue: unknown, whenFalse: unknown): IResolvable {
    const condition = new CfnCondition(stack, 'Choice', { expression: Fn.conditionEquals(new CfnParameter(stack, 'Chosen', { default: 'a' }).valueAsString, 'a') });
    return Fn.conditionIf(condition.logicalId, whenTrue, whenFalse);
  }

  /** A stage tracing every route, of an API declared with `apiProps`. */
  function tracingStageOf(stack: Stack, apiProps: CfnApiProps): void {
    const api = new CfnApi(stack, 'Api', apiProps);
    new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'prod', defaultRouteSettings: { dataTraceEnabled: true } });
  }

  test('the stage of an API whose protocol is only known at deploy time is checked', () => {
    expect(findingsOf((stack) => tracingStageOf(stack, { name: 'a', protocolType: eitherOf(stack, 'WEBSOCKET', 'HTTP') as unknown as string })))
      .toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('the stage of an API with neither a protocol nor an OpenAPI body is checked', () => {
    expect(findingsOf((stack) => tracingStageOf(stack, { name: 'a' }))).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a WebSocket API with a Body is still a WebSocket API: its stage is checked', () => {
    expect(findingsOf((stack) => tracingStageOf(stack, { name: 'a', protocolType: 'WEBSOCKET', body: { openapi: '3.0.1' } })))
      .toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test.each([
    ['an inline OpenAPI body', { body: { openapi: '3.0.1', info: { title: 'a', version: '1' }, paths: {} } }],
    ['an OpenAPI body in S3', { bodyS3Location: { bucket: 'specs', key: 'api.yaml' } }],
  ])('the stage of an API imported from %s (an HTTP API) is not checked', (_name, apiProps) => {
    expect(findingsOf((stack) => tracingStageOf(stack, apiProps))).toEqual([]);
  });

  test('DefaultRouteSettings only known at deploy time are unresolved', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      apiId: 'ws1', stageName: 'prod', defaultRouteSettings: eitherOf(stack, { DataTraceEnabled: true }, { DataTraceEnabled: false }),
    }))).toEqual([finding(`${RULE}[unresolved:DefaultRouteSettings]`, 'Stack/Stage')]);
  });

  test('RouteSettings only known at deploy time are unresolved', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      apiId: 'ws1', stageName: 'prod', defaultRouteSettings: { dataTraceEnabled: false }, routeSettings: eitherOf(stack, { sendMessage: { DataTraceEnabled: true } }, {}),
    }))).toEqual([finding(`${RULE}[unresolved:RouteSettings]`, 'Stack/Stage')]);
  });

  test('the settings of one route only known at deploy time are unresolved', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      apiId: 'ws1', stageName: 'prod', routeSettings: { sendMessage: eitherOf(stack, { DataTraceEnabled: true }, { DataTraceEnabled: false }) },
    }))).toEqual([finding(`${RULE}[unresolved:DataTraceEnabled]`, 'Stack/Stage')]);
  });

  test('a route tracing after one whose settings are unknown is reported', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      apiId: 'ws1',
      stageName: 'prod',
      routeSettings: { a: eitherOf(stack, { DataTraceEnabled: true }, { DataTraceEnabled: false }), b: { DataTraceEnabled: true } },
    }))).toEqual([finding(RULE, 'Stack/Stage')]);
  });
});
