import { App, Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiInventory, RouteAuthorization, SecureFunction, SecureHttpApi } from '../../../lib';

test('the API exposes only the routes we reviewed', () => {
  const app = new App();
  const stack = new Stack(app, 'Orders', { env: { account: '123456789012', region: 'eu-west-1' } });
  const handler = new SecureFunction(stack, 'Handler', {
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    noVpcReason: 'Reaches no private resource; answers from memory',
    noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; no asynchronous invocation to retry',
  }).function;
  const api = new SecureHttpApi(stack, 'Api', {
    defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['https://api.example.com'] }),
  });
  api.addRoutes({ path: '/orders', methods: [HttpMethod.GET, HttpMethod.POST], handler });
  api.addRoutes({
    path: '/health',
    methods: [HttpMethod.GET],
    handler,
    authorization: RouteAuthorization.publicAccess('Liveness probe for uptime monitoring; returns no data'),
  });

  const inventory = ApiInventory.fromStack(stack);

  // The facts a reviewer must see spelled out: which routes are public, and that every other one needs a token.
  expect(inventory.routes.filter((r) => r.authorization === 'NONE').map((r) => r.route)).toEqual(['GET /health']);
  expect(inventory.routes.filter((r) => r.authorization === 'JWT').map((r) => r.route)).toEqual(['GET /orders', 'POST /orders']);
  // Everything else, a row per route: a change that opens a route, drops a scope or turns off access logs is a one-line diff.
  expect(inventory.toMarkdown()).toMatchSnapshot();
});
