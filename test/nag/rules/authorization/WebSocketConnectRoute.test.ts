import { CfnParameter, CfnResource } from 'aws-cdk-lib';
import { CfnApi, CfnRoute, HttpApi, WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-WebSocketConnectRoute';

describe('WebSocketConnectRoute', () => {
  test('a WebSocket API without a $connect route is reported; one with it, and HTTP APIs, are not', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new WebSocketApi(stack, 'NoConnect', { defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Default', fn) } });
    new WebSocketApi(stack, 'WithConnect', {
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', fn),
        authorizer: new WebSocketLambdaAuthorizer('Auth', fn, { identitySource: ['route.request.querystring.token'] }),
      },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Default2', fn) },
    });
    new HttpApi(stack, 'Http');
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/NoConnect/Resource')]);
  });

  test('with nested stacks in the template, a missing $connect route is unresolved (it may be in one of them)', () => {
    const stack = newStack();
    new CfnApi(stack, 'Ws', { name: 'w', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnResource(stack, 'Routes', { type: 'AWS::CloudFormation::Stack', properties: { TemplateURL: 'https://example.com/routes.json' } });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:RouteKey]`, 'Stack/Ws')]);
  });

  test('the $connect route of another API does not count', () => {
    const stack = newStack();
    const a = new CfnApi(stack, 'A', { name: 'a', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    const b = new CfnApi(stack, 'B', { name: 'b', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnRoute(stack, 'AConnect', { apiId: a.ref, routeKey: '$connect', authorizationType: 'AWS_IAM' });
    new CfnRoute(stack, 'BDefault', { apiId: b.ref, routeKey: '$default' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/B')]);
  });

  test('an unresolved protocol or route key is reported as unresolved', () => {
    const stack = newStack();
    const protocol = new CfnParameter(stack, 'Protocol', { default: 'WEBSOCKET' });
    new CfnApi(stack, 'P', { name: 'p', protocolType: protocol.valueAsString });
    const key = new CfnParameter(stack, 'Key', { default: '$connect' });
    const k = new CfnApi(stack, 'K', { name: 'k', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnRoute(stack, 'KRoute', { apiId: k.ref, routeKey: key.valueAsString });
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:ProtocolType]`, 'Stack/P'),
      finding(`${RULE}[unresolved:RouteKey]`, 'Stack/K'),
    ]);
  });
});
