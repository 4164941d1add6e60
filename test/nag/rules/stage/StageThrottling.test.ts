import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnDeployment, CfnStage as CfnRestStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnStage, HttpApi, HttpStage, WebSocketApi, WebSocketStage, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { SecureHttpApi, SecureWebSocketApi } from '../../../../lib';
import { THROTTLE_CEILING } from '../../../../lib/common/throttle';
import { newFunction, partnerJwt } from '../../../stack-fixtures';
import { queryStringLambda } from '../../../websocket/fixtures';
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

describe('StageThrottling: limits above the ceiling (the default account quota) throttle nothing', () => {
  const ABOVE = `${RULE}[above-ceiling]`;

  test('plain aws-cdk-lib: a stage, a route and a WebSocket $connect above the ceiling are reported; at the ceiling passes', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    new HttpStage(stack, 'AtCeiling', { httpApi: api, stageName: 'at', throttle: { rateLimit: THROTTLE_CEILING.rateLimit, burstLimit: THROTTLE_CEILING.burstLimit } });
    new HttpStage(stack, 'Huge', { httpApi: api, stageName: 'huge', throttle: { rateLimit: 1e6, burstLimit: 100 } });
    new CfnStage(stack, 'HugeRoute', {
      apiId: 'abc123',
      stageName: 'route',
      defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 },
      routeSettings: { 'GET /items': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5001 } },
    });
    new CfnStage(stack, 'HugeConnect', {
      apiId: 'abc123',
      stageName: 'ws',
      defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 },
      routeSettings: { $connect: { ThrottlingRateLimit: 1e9, ThrottlingBurstLimit: 50 } },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(ABOVE, 'Stack/Huge/Resource'),
      finding(ABOVE, 'Stack/HugeConnect'),
      finding(ABOVE, 'Stack/HugeRoute'),
    ]);
  });

  test('plain aws-cdk-lib REST: a stage-wide or a per-method limit above the ceiling is reported', () => {
    const stack = newStack();
    new RestApi(stack, 'Stage', { deployOptions: { throttlingRateLimit: 20_000, throttlingBurstLimit: 50 } }).root.addMethod('GET');
    new RestApi(stack, 'Method', {
      deployOptions: { throttlingRateLimit: 100, throttlingBurstLimit: 50, methodOptions: { '/items/GET': { throttlingRateLimit: 10, throttlingBurstLimit: 1e6 } } },
    }).root.addResource('items').addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(ABOVE, 'Stack/Method/DeploymentStage.prod/Resource'),
      finding(ABOVE, 'Stack/Stage/DeploymentStage.prod/Resource'),
    ]);
  });

  test('Portcullis constructs: the default limits pass; the API Gateway maximum, on the stage or a $connect route, needs aboveCeilingReason, which acknowledges exactly this finding', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new SecureHttpApi(stack, 'Default', { routes: [{ path: '/x', methods: [HttpMethod.GET], handler: fn, authorization: partnerJwt() }] });
    // Refused without a reason (checked at synth, with every other problem of the construct).
    const max = newStack();
    new SecureHttpApi(max, 'Max', {
      throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
      routes: [{ path: '/x', methods: [HttpMethod.GET], handler: newFunction(max, 'Fn'), authorization: partnerJwt() }],
    });
    expect(() => Template.fromStack(max)).toThrow(/throttle\.aboveCeilingReason/);
    const ws = newStack();
    const wsFn = newFunction(ws, 'Fn');
    expect(() => {
      new SecureWebSocketApi(ws, 'Ws', { connect: { handler: wsFn, authorization: queryStringLambda(wsFn), throttle: { rateLimit: 1_000_000, burstLimit: 10 } } });
      Template.fromStack(ws);
    }).toThrow(/connect\.throttle\.aboveCeilingReason/);
    const reason = 'Account quota raised to 1,000,000 for the launch (case 1234)';
    new SecureHttpApi(stack, 'Reasoned', {
      throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000, aboveCeilingReason: reason },
      routes: [{ path: '/x', methods: [HttpMethod.GET], handler: fn, authorization: partnerJwt() }],
    });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an override above the ceiling is reported', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    const stage = new HttpStage(stack, 'Stage', { httpApi: api, stageName: 'prod', throttle: { rateLimit: 100, burstLimit: 50 } });
    (stage.node.defaultChild as CfnStage).addPropertyOverride('DefaultRouteSettings.ThrottlingRateLimit', 1e9);

    expect(portcullisFindings(stack, RULE)).toEqual([finding(ABOVE, 'Stack/Stage/Resource')]);
  });
});

// One stage per stack: cdk-nag files a rule that throws under the rule's id, in the same group as the
// rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('StageThrottling reads what it can and says what it cannot, without throwing', () => {
  const throttled = { throttlingRateLimit: 100, throttlingBurstLimit: 50 };

  test.each<[string, (stack: Stack) => void, string[]]>([
    ['a burst limit without a rate limit is reported', (stack) => {
      new CfnStage(stack, 'Subject', { apiId: 'abc123', stageName: 'prod', defaultRouteSettings: { throttlingBurstLimit: 50 } });
    }, [RULE]],
    ['DefaultRouteSettings that are an intrinsic are unresolved', (stack) => {
      const stage = new CfnStage(stack, 'Subject', { apiId: 'abc123', stageName: 'prod' });
      stage.addPropertyOverride('DefaultRouteSettings', { 'Fn::If': ['Big', { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 }, { Ref: 'AWS::NoValue' }] });
    }, [`${RULE}[unresolved:DefaultRouteSettings]`]],
    ['a route setting that is an intrinsic is left to the stage default', (stack) => {
      const stage = new CfnStage(stack, 'Subject', { apiId: 'abc123', stageName: 'prod', defaultRouteSettings: throttled });
      stage.addPropertyOverride('RouteSettings', { 'GET /items': { 'Fn::If': ['Big', { ThrottlingRateLimit: 1e9 }, { Ref: 'AWS::NoValue' }] } });
    }, []],
    ['a null route setting throttles nothing more', (stack) => {
      const stage = new CfnStage(stack, 'Subject', { apiId: 'abc123', stageName: 'prod', defaultRouteSettings: throttled });
      stage.addPropertyOverride('RouteSettings', { 'GET /items': null });
    }, []],
  ])('%s', (_, build, rules) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual(rules.map((rule) => finding(rule, 'Stack/Subject')));
  });
});
