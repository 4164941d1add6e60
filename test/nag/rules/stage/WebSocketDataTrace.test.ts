import { CfnParameter } from 'aws-cdk-lib';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

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
