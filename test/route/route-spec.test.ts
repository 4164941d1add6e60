import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { AUTHORIZATION_SUPPORT } from '../../lib/authorization/route-authorization';
import { ApiKind } from '../../lib/common/api-kind';
import { RoutePathTree } from '../../lib/common/route-path';
import { RouteAuthorization } from '../../lib/index';
import { normaliseRoute, ROUTE_KIND_CAPABILITIES, RouteSpecContext } from '../../lib/route/route-spec';

function setup() {
  const stack = new Stack(new App(), 'Stack');
  const api = new Construct(stack, 'Api');
  const handler = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:123456789012:function:orders');
  const context = (kind: ApiKind.REST | ApiKind.HTTP, extra: Partial<RouteSpecContext> = {}): RouteSpecContext => ({
    kind, cors: false, paths: new RoutePathTree(), declared: new Set<string>(), hasIntegration: false, ...extra,
  });
  return { api, handler, context };
}

describe('normaliseRoute', () => {
  test('turns a call into a spec: methods upper-cased where the kind says, the default authorization and its scopes', () => {
    const { api, handler, context } = setup();
    const authorization = RouteAuthorization.jwt({ issuer: 'https://issuer.example.com/', audience: ['api'], scopes: ['orders/read'] });
    const spec = normaliseRoute(api, context(ApiKind.REST, { defaultAuthorization: authorization, upperCaseMethods: true }),
      { path: '/orders', methods: ['get', 'POST'], handler });
    expect(spec).toMatchObject({
      label: 'methods[GET,POST /orders]', methods: ['GET', 'POST'], authorizationProp: 'defaultAuthorization', scopes: ['orders/read'], handler,
    });
    expect(spec.authorization).toBe(authorization);
  });

  test('reports every problem of the call in one error, shared and the kind\'s own', () => {
    const { api, context } = setup();
    const kindCheck = jest.fn();
    expect(() => normaliseRoute(api, context(ApiKind.HTTP, { cors: true }), { path: 'orders', methods: ['OPTIONS'] }, { others: [kindCheck] }))
      .toThrow(/OPTIONS route would take it over[\s\S]*routes\[OPTIONS orders\]\.path[\s\S]*exactly one of handler and integration[\s\S]*no authorizer and is not declared public/);
    expect(kindCheck).toHaveBeenCalledTimes(1);
  });

  test('refuses a method and path declared earlier, naming the kind\'s noun', () => {
    const { api, handler, context } = setup();
    expect(() => normaliseRoute(api, context(ApiKind.REST, { declared: new Set(['GET /orders']) }),
      { path: '/orders', methods: ['GET'], handler, authorization: RouteAuthorization.iam() }))
      .toThrow(/duplicates a method added earlier/);
  });

  test('the capability table takes its authorization column from the authorization support table', () => {
    expect(ROUTE_KIND_CAPABILITIES[ApiKind.REST].authorization).toBe(AUTHORIZATION_SUPPORT[ApiKind.REST]);
    expect(ROUTE_KIND_CAPABILITIES[ApiKind.HTTP].authorization).toBe(AUTHORIZATION_SUPPORT[ApiKind.HTTP]);
    expect(ROUTE_KIND_CAPABILITIES[ApiKind.WEBSOCKET].authorization).toBe(AUTHORIZATION_SUPPORT[ApiKind.WEBSOCKET]);
  });
});
