import { CfnParameter } from 'aws-cdk-lib';
import { AuthorizationType, CfnMethod, CfnRestApi, HttpIntegration, LambdaIntegration, RestApi, CognitoUserPoolsAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnRoute, HttpApi, HttpMethod, WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RouteAuthorization';

describe('RouteAuthorization on HTTP routes', () => {
  test('a route without an authorizer is reported; JWT and IAM routes are not', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    const integration = new HttpLambdaIntegration('Integration', fn);
    api.addRoutes({ path: '/open', methods: [HttpMethod.GET], integration });
    api.addRoutes({
      path: '/jwt',
      methods: [HttpMethod.GET],
      integration,
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['api'] }),
    });
    api.addRoutes({ path: '/iam', methods: [HttpMethod.GET], integration, authorizer: new HttpIamAuthorizer() });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Http/GET--open/Resource')]);
  });

  test('a JWT or CUSTOM route without an AuthorizerId is reported as missing-authorizer', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnRoute(stack, 'Jwt', { apiId: api.ref, routeKey: 'GET /jwt', authorizationType: 'JWT' });
    new CfnRoute(stack, 'Custom', { apiId: api.ref, routeKey: 'GET /custom', authorizationType: 'CUSTOM' });
    new CfnRoute(stack, 'Absent', { apiId: api.ref, routeKey: 'GET /absent' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Absent'),
      finding(`${RULE}[missing-authorizer]`, 'Stack/Custom'),
      finding(`${RULE}[missing-authorizer]`, 'Stack/Jwt'),
    ]);
  });

  test('an empty AuthorizerId is no authorizer', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnRoute(stack, 'Empty', { apiId: api.ref, routeKey: 'GET /jwt', authorizationType: 'JWT', authorizerId: '' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[missing-authorizer]`, 'Stack/Empty')]);
  });

  test('an API imported from OpenAPI (Body or BodyS3Location, no ProtocolType) is an HTTP API; without either the protocol is unresolved', () => {
    const stack = newStack();
    const body = new CfnApi(stack, 'Body', { body: { openapi: '3.0.1', info: { title: 'a', version: '1' }, paths: {} } });
    const s3 = new CfnApi(stack, 'S3', { bodyS3Location: { bucket: 'definitions', key: 'api.yaml' } });
    const neither = new CfnApi(stack, 'Neither', { name: 'neither' });
    new CfnRoute(stack, 'OnBody', { apiId: body.ref, routeKey: 'GET /x', authorizationType: 'NONE' });
    new CfnRoute(stack, 'OnS3', { apiId: s3.ref, routeKey: 'GET /x', authorizationType: 'NONE' });
    new CfnRoute(stack, 'OnNeither', { apiId: neither.ref, routeKey: 'GET /x', authorizationType: 'NONE' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/OnBody'),
      finding(RULE, 'Stack/OnS3'),
      // The definition in S3 is read by nobody: the API's own routes are unresolved.
      finding(`${RULE}[unresolved:BodyS3Location]`, 'Stack/S3'),
      finding(`${RULE}[unresolved:ProtocolType]`, 'Stack/OnNeither'),
    ]);
  });

  test('a REST API that copies another (CloneFrom): the methods it copies are unresolved, reported once on the API', () => {
    const stack = newStack();
    new CfnRestApi(stack, 'Clone', { name: 'clone', cloneFrom: 'a1b2c3d4e5' });
    const plain = new RestApi(stack, 'Plain', { cloudWatchRole: false });
    plain.root.addMethod('GET', new HttpIntegration('https://example.com'), { authorizationType: AuthorizationType.IAM });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:CloneFrom]`, 'Stack/Clone')]);
    // the escape hatch on an API whose own methods are authorized
    (plain.node.defaultChild as CfnRestApi).cloneFrom = 'a1b2c3d4e5';
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:CloneFrom]`, 'Stack/Clone'),
      finding(`${RULE}[unresolved:CloneFrom]`, 'Stack/Plain/Resource'),
    ]);
  });

  test('a route whose API or protocol cannot be resolved is reported as unresolved', () => {
    const stack = newStack();
    const protocol = new CfnParameter(stack, 'Protocol', { default: 'HTTP' });
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: protocol.valueAsString });
    new CfnRoute(stack, 'OnImportedApi', { apiId: 'abc123', routeKey: 'GET /x', authorizationType: 'NONE' });
    new CfnRoute(stack, 'OnParameterApi', { apiId: api.ref, routeKey: 'GET /x', authorizationType: 'NONE' });
    const type = new CfnParameter(stack, 'AuthType', { default: 'NONE' });
    const known = new CfnApi(stack, 'Known', { name: 'known', protocolType: 'HTTP' });
    new CfnRoute(stack, 'ParameterType', { apiId: known.ref, routeKey: 'GET /x', authorizationType: type.valueAsString });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:ApiId]`, 'Stack/OnImportedApi'),
      finding(`${RULE}[unresolved:AuthorizationType]`, 'Stack/ParameterType'),
      finding(`${RULE}[unresolved:ProtocolType]`, 'Stack/OnParameterApi'),
    ]);
  });
});

describe('RouteAuthorization on WebSocket routes', () => {
  test('only $connect is reported when unauthorized; other routes never are', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const integration = (id: string) => new WebSocketLambdaIntegration(id, fn);
    const api = new WebSocketApi(stack, 'Ws', {
      connectRouteOptions: { integration: integration('Connect') },
      disconnectRouteOptions: { integration: integration('Disconnect') },
      defaultRouteOptions: { integration: integration('Default') },
    });
    api.addRoute('sendMessage', { integration: integration('Send') });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Ws/$connect-Route/Resource')]);
  });

  test('an authorized $connect passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new WebSocketApi(stack, 'Ws', {
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', fn),
        authorizer: new WebSocketLambdaAuthorizer('Authorizer', fn, { identitySource: ['route.request.header.Authorization'] }),
      },
      defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Default', fn) },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a WebSocket route with an unresolved RouteKey is reported as unresolved', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    const key = new CfnParameter(stack, 'Key', { default: '$connect' });
    new CfnRoute(stack, 'Route', { apiId: api.ref, routeKey: key.valueAsString });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:RouteKey]`, 'Stack/Route')]);
  });
});

describe('RouteAuthorization on REST methods', () => {
  test('an unauthorized method is reported; the CORS preflight OPTIONS MOCK methods are not', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new RestApi(stack, 'Rest', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    api.root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
    api.root.addMethod('POST', new LambdaIntegration(fn), { authorizationType: AuthorizationType.IAM });
    const pool = new UserPool(stack, 'Pool');
    api.root.addMethod('PUT', new LambdaIntegration(fn), { authorizer: new CognitoUserPoolsAuthorizer(stack, 'Cognito', { cognitoUserPools: [pool] }) });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Default/items/GET/Resource')]);
  });

  test('a public OPTIONS method with a Lambda proxy is reported by PreflightLambdaProxy (a warning), not here', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new RestApi(stack, 'Rest');
    api.root.addResource('custom').addMethod('OPTIONS', new LambdaIntegration(fn));

    expect(portcullisFindings(stack, RULE)).toEqual([]);
    expect(portcullisFindings(stack, 'Portcullis-PreflightLambdaProxy')).toEqual([finding('Portcullis-PreflightLambdaProxy', 'Stack/Rest/Default/custom/OPTIONS/Resource')]);
  });

  test('only an OPTIONS method with a MOCK integration is a preflight: one with an HTTP integration is reported', () => {
    const stack = newStack();
    new RestApi(stack, 'Rest').root.addResource('http').addMethod('OPTIONS', new HttpIntegration('https://backend.example.com'));

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Default/http/OPTIONS/Resource')]);
  });

  test('an OPTIONS method without an integration is reported (alone in its stack: cdk-nag files a rule that throws in the same group as its findings)', () => {
    const stack = newStack();
    new CfnMethod(stack, 'NoIntegration', { restApiId: 'abc123', resourceId: 'def456', httpMethod: 'OPTIONS', authorizationType: 'NONE' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/NoIntegration')]);
  });

  test('a COGNITO_USER_POOLS method without an AuthorizerId is reported as missing-authorizer', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest');
    api.root.addMethod('GET');
    const method = api.root.node.findChild('GET').node.defaultChild as CfnMethod;
    method.authorizationType = 'COGNITO_USER_POOLS';

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[missing-authorizer]`, 'Stack/Rest/Default/GET/Resource')]);
  });
});
