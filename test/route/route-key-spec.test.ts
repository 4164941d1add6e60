import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiKind } from '../../lib/common/api-kind';
import { RouteAuthorization } from '../../lib/index';
import { normaliseRouteKeys, RouteKeySpecContext } from '../../lib/route/route-key-spec';
import { ROUTE_KIND_CAPABILITIES } from '../../lib/route/route-spec';

function setup(declared: string[] = []) {
  const stack = new Stack(new App(), 'Stack');
  const api = new Construct(stack, 'Api');
  const handler = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:eu-west-1:123456789012:function:chat');
  const context: RouteKeySpecContext = { kind: ApiKind.WEBSOCKET, declared: new Set(declared) };
  return { api, handler, context };
}

describe('normaliseRouteKeys', () => {
  test('turns routes into specs: the authorization only on the keys that take one, undeclared props left out', () => {
    const { api, handler, context } = setup();
    const authorization = RouteAuthorization.iam();
    const specs = normaliseRouteKeys(api, context, [
      { routeKey: '$connect', reserved: true, options: { handler, authorization } },
      { routeKey: '$disconnect', reserved: true, options: undefined },
      { routeKey: '$default', reserved: true, options: { handler, throttle: { rateLimit: 10, burstLimit: 20 } } },
    ]);
    expect(specs).toMatchObject([
      { label: 'connect', routeKey: '$connect', handler },
      { label: 'defaultRoute', routeKey: '$default', authorization: undefined, throttle: { rateLimit: 10, burstLimit: 20 } },
    ]);
    expect(specs[0].authorization).toBe(authorization);
  });

  test('a missing authorized route is refused with every other problem of the call, in one error', () => {
    const { api, context } = setup();
    expect(() => normaliseRouteKeys(api, context, [
      { routeKey: '$connect', reserved: true, options: undefined },
      { routeKey: '$default', reserved: true, options: {} },
    ])).toThrow(/prop 'connect' = undefined: without a \$connect route[\s\S]*'connect\.handler'[\s\S]*'connect\.authorization' = undefined: the \$connect route has no authorizer[\s\S]*'defaultRoute\.handler'/);
  });

  test('a route that takes no authorizer refuses one: it would look protected and is not', () => {
    const { api, handler, context } = setup();
    expect(() => normaliseRouteKeys(api, context, [
      { routeKey: '$default', reserved: true, options: { handler, authorization: RouteAuthorization.iam() } },
    ])).toThrow(/prop 'defaultRoute\.authorization' = "IAM": WebSocket APIs authorize only \$connect[\s\S]*Fix: remove authorization here and set connect\.authorization/);
  });

  test('a custom route: the kind checks its key, duplicates are refused, and it is named under routes', () => {
    const { api, handler, context } = setup(['sendMessage']);
    const customRouteKey = jest.fn();
    expect(() => normaliseRouteKeys(api, context, [{ routeKey: 'sendMessage', options: { handler } }], { customRouteKey }))
      .toThrow(/prop 'routes\[sendMessage\]\.routeKey' = "sendMessage": duplicates a route added earlier/);
    expect(customRouteKey).toHaveBeenCalledWith('routes[sendMessage].routeKey', 'sendMessage');
  });

  test('the capability table names the WebSocket reserved keys and takes its authorization column from the support table', () => {
    const row = ROUTE_KIND_CAPABILITIES[ApiKind.WEBSOCKET];
    expect(row.authorizedRouteKeys).toEqual(['$connect']);
    expect(Object.keys(row.reservedRouteKeys)).toEqual(['$connect', '$disconnect', '$default']);
  });
});
