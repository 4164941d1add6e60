import { CfnParameter } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage as CfnRestStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnStage, HttpApi, HttpStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-StageThrottling';

describe('StageThrottling on HTTP and WebSocket stages', () => {
  test('a stage with both limits passes; the default stage and a rate-only stage are reported', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http');
    new HttpStage(stack, 'Throttled', { httpApi: api, stageName: 'throttled', throttle: { rateLimit: 100, burstLimit: 50 } });
    new HttpStage(stack, 'RateOnly', { httpApi: api, stageName: 'rate-only', throttle: { rateLimit: 100 } });
    const ws = new WebSocketApi(stack, 'Ws');
    new WebSocketStage(stack, 'WsThrottled', { webSocketApi: ws, stageName: 'prod', throttle: { rateLimit: 10, burstLimit: 5 } });
    new WebSocketStage(stack, 'WsOpen', { webSocketApi: ws, stageName: 'dev' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Http/DefaultStage/Resource'),
      finding(RULE, 'Stack/RateOnly/Resource'),
      finding(RULE, 'Stack/WsOpen/Resource'),
    ]);
  });

  test('limits that are parameters are reported as unresolved', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' });
    new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'prod', defaultRouteSettings: { throttlingRateLimit: rate.valueAsNumber, throttlingBurstLimit: 5 } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:DefaultRouteSettings]`, 'Stack/Stage')]);
  });
});

describe('StageThrottling on REST stages', () => {
  test('deployOptions throttling passes; the default stage and per-method-only throttling are reported', () => {
    const stack = newStack();
    new RestApi(stack, 'Throttled', { deployOptions: { throttlingRateLimit: 100, throttlingBurstLimit: 50 } }).root.addMethod('GET');
    new RestApi(stack, 'Default').root.addMethod('GET');
    new RestApi(stack, 'PerMethod', {
      deployOptions: { methodOptions: { '/items/GET': { throttlingRateLimit: 10, throttlingBurstLimit: 5 } } },
    }).root.addResource('items').addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Default/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/PerMethod/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment StageDescription is a stage too; a deployment without one is not', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'Throttled', {
      restApiId: 'abc123',
      stageName: 'prod',
      stageDescription: { throttlingRateLimit: 10, throttlingBurstLimit: 5 },
    });
    new CfnDeployment(stack, 'Unthrottled', { restApiId: 'abc123', stageName: 'dev', stageDescription: { description: 'dev' } });
    new CfnDeployment(stack, 'NoStage', { restApiId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Unthrottled')]);
  });

  test('a method-settings entry with a parameter limit is reported as unresolved', () => {
    const stack = newStack();
    const burst = new CfnParameter(stack, 'Burst', { type: 'Number' });
    new CfnRestStage(stack, 'Stage', {
      restApiId: 'abc123',
      stageName: 'prod',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 10, throttlingBurstLimit: burst.valueAsNumber }],
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
  });

  test('a deployment with a StageName and no StageDescription creates an unthrottled stage', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'D', { restApiId: 'abc123', stageName: 'prod' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/D')]);
  });
});
