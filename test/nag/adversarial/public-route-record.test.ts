import { CfnResource } from 'aws-cdk-lib';
import { CfnMethod, RestApi, MockIntegration, AuthorizationType } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnRoute, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { RouteAuthorization, SecureHttpApi, SecureRestApi, SecureWebSocketApi, PUBLIC_ROUTE_METADATA_KEY } from '../../../lib';
import { restProps } from '../../rest/fixtures';
import { newFunction, newStack } from '../../stack-fixtures';
import { finding, portcullisFindings } from '../nag-test-util';

/**
 * Issue 23, class 1: a declared public route's record covers exactly the route declared (its API and
 * route key, or method and path), on exactly its resource: never a changed key, nor a route added below.
 */
const RULE = 'Portcullis-RouteAuthorization';
const REASON = 'Load balancer health check, returns no data';

function httpPublicRoute() {
  const stack = newStack();
  const api = new SecureHttpApi(stack, 'Api');
  const [route] = api.addRoutes({ path: '/health', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess(REASON) });
  return { stack, api, cfn: route.node.defaultChild as CfnRoute };
}

function restPublicMethod() {
  const stack = newStack();
  const api = new SecureRestApi(stack, 'Api', restProps());
  const [method] = api.addMethods({ path: '/health', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess(REASON) });
  return { stack, api, cfn: method.node.defaultChild as CfnMethod };
}

function webSocketPublicConnect() {
  const stack = newStack();
  const api = new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess(REASON) } });
  return { stack, api, cfn: api.connectRoute.node.defaultChild as CfnRoute };
}

describe('the honest public route passes', () => {
  test.each([
    ['HTTP', httpPublicRoute],
    ['REST', restPublicMethod],
    ['WebSocket', webSocketPublicConnect],
  ])('%s', (_kind, build) => {
    const { stack } = build();
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('the record names the API and the route as declared', () => {
    const { stack, cfn } = httpPublicRoute();
    expect(stack.resolve(cfn.getMetadata(PUBLIC_ROUTE_METADATA_KEY))).toEqual({
      reason: REASON, apiId: stack.resolve(cfn.apiId), routeKey: 'GET /health',
    });
    const rest = restPublicMethod();
    expect(rest.stack.resolve(rest.cfn.getMetadata(PUBLIC_ROUTE_METADATA_KEY))).toEqual(expect.objectContaining({ httpMethod: 'GET', path: '/health' }));
  });
});

describe('a changed route key, method or path is reported as public-route-changed', () => {
  test('HTTP: RouteKey overridden to ANY /{proxy+}', () => {
    const { stack, cfn } = httpPublicRoute();
    cfn.addPropertyOverride('RouteKey', 'ANY /{proxy+}');
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[public-route-changed]`, 'Test/Api/Api/GET--health/Resource')]);
  });

  test('HTTP: RouteKey changed through the L1 property', () => {
    const { stack, cfn } = httpPublicRoute();
    cfn.routeKey = '$default';
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[public-route-changed]`, 'Test/Api/Api/GET--health/Resource')]);
  });

  test('HTTP: the route moved to another API', () => {
    const { stack, cfn } = httpPublicRoute();
    const other = new CfnApi(stack, 'Other', { name: 'other', protocolType: 'HTTP' });
    cfn.addPropertyOverride('ApiId', other.ref);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[public-route-changed]`, 'Test/Api/Api/GET--health/Resource')]);
  });

  test('REST: HttpMethod overridden to ANY', () => {
    const { stack, cfn } = restPublicMethod();
    cfn.addPropertyOverride('HttpMethod', 'ANY');
    expect(portcullisFindings(stack, RULE)).toContainEqual(finding(`${RULE}[public-route-changed]`, cfn.node.path));
  });

  test('REST: the resource\'s PathPart overridden to {proxy+}', () => {
    const { stack, cfn, api } = restPublicMethod();
    const resource = api.restApi.root.getResource('health')!.node.defaultChild as CfnResource;
    resource.addPropertyOverride('PathPart', '{proxy+}');
    expect(portcullisFindings(stack, RULE)).toContainEqual(finding(`${RULE}[public-route-changed]`, cfn.node.path));
  });

  test('WebSocket: $connect overridden to another key is no longer the public $connect', () => {
    const { stack, cfn } = webSocketPublicConnect();
    cfn.addPropertyOverride('RouteKey', '$default');
    // A WebSocket route other than $connect is not checked: the $connect it no longer is now has no route at all.
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a record whose reason fails the reason policy is reported as public-route-reason', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const route = new CfnRoute(stack, 'Route', { apiId: api.ref, routeKey: 'GET /x', authorizationType: 'NONE' });
    route.addMetadata(PUBLIC_ROUTE_METADATA_KEY, { reason: 'short', apiId: api.ref, routeKey: 'GET /x' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[public-route-reason]`, 'Test/Route')]);
  });
});

describe('a route added below the public route is not covered', () => {
  test('HTTP: a raw CfnRoute with AuthorizationType NONE as a child of the public route', () => {
    const { stack, cfn, api } = httpPublicRoute();
    new CfnRoute(cfn, 'Sneaky', { apiId: api.httpApi.apiId, routeKey: 'ANY /{proxy+}', authorizationType: 'NONE' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Test/Api/Api/GET--health/Resource/Sneaky')]);
  });

  test('HTTP: a child CfnRoute that copies the record is still a different route key', () => {
    const { stack, cfn, api } = httpPublicRoute();
    const sneaky = new CfnRoute(cfn, 'Sneaky', { apiId: api.httpApi.apiId, routeKey: 'ANY /{proxy+}', authorizationType: 'NONE' });
    sneaky.addMetadata(PUBLIC_ROUTE_METADATA_KEY, cfn.getMetadata(PUBLIC_ROUTE_METADATA_KEY));
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[public-route-changed]`, 'Test/Api/Api/GET--health/Resource/Sneaky')]);
  });

  test('REST: a raw CfnMethod with AuthorizationType NONE as a child of the public method', () => {
    const { stack, cfn, api } = restPublicMethod();
    new CfnMethod(cfn, 'Sneaky', {
      restApiId: api.restApi.restApiId, resourceId: api.restApi.root.resourceId, httpMethod: 'ANY', authorizationType: 'NONE', integration: { type: 'HTTP_PROXY', uri: 'https://example.com', integrationHttpMethod: 'ANY' },
    });
    expect(portcullisFindings(stack, RULE)).toContainEqual(finding(RULE, `${cfn.node.path}/Sneaky`));
  });

  test('WebSocket: a raw $connect CfnRoute as a child of the public $connect', () => {
    const { stack, cfn, api } = webSocketPublicConnect();
    const other = new CfnApi(stack, 'Other', { name: 'other', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnRoute(cfn, 'Sneaky', { apiId: other.ref, routeKey: '$connect', authorizationType: 'NONE' });
    expect(api).toBeDefined();
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, `${cfn.node.path}/Sneaky`)]);
  });
});

describe('plain aws-cdk-lib', () => {
  test('a hand-written record for exactly the route passes; the route it does not name is reported', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest', { deploy: false });
    const health = api.root.addResource('health').addMethod('GET', new MockIntegration(), { authorizationType: AuthorizationType.NONE });
    const cfn = health.node.defaultChild as CfnMethod;
    cfn.addMetadata(PUBLIC_ROUTE_METADATA_KEY, { reason: REASON, restApiId: api.restApiId, httpMethod: 'GET', path: '/health' });
    api.root.addResource('admin').addMethod('GET', new MockIntegration(), { authorizationType: AuthorizationType.NONE });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Test/Rest/Default/admin/GET/Resource')]);
  });
});
