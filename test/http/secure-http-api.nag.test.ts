import { Duration, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { newFunction, newStack } from './fixtures';
import { RouteAuthorization, SecureHttpApi } from '../../lib';
import { notDenialSignal, portcullisFindings } from '../nag/nag-test-util';

const ISSUER = 'https://auth.example.com/';
const AUDIENCE = ['https://api.example.com'];

/** The same API design — JWT, Cognito, Lambda and IAM routes, CORS for a browser app — built two ways. */
function secureApi(stack: Stack): void {
  const fn = newFunction(stack, 'Backend');
  const pool = new cognito.UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  const api = new SecureHttpApi(stack, 'Api', {
    defaultAuthorization: RouteAuthorization.jwt({ issuer: ISSUER, audience: AUDIENCE, scopes: ['user.id'] }),
    cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: [CorsHttpMethod.GET] },
  });
  api.addRoutes({ path: '/me', methods: [HttpMethod.GET], handler: fn });
  api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.cognito({ userPool: pool, userPoolClients: [client], scopes: ['orders/read'] }) });
  api.addRoutes({ path: '/partner', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), resultsCacheTtl: Duration.minutes(5) }) });
  api.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.iam() });
}

/** What aws-cdk-lib does with its defaults for the same design (it already refuses '*' with credentials and an empty JWT audience). */
function plainApi(stack: Stack): void {
  const fn = newFunction(stack, 'Backend');
  const pool = new cognito.UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  const api = new HttpApi(stack, 'Api', {
    defaultAuthorizer: new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: AUDIENCE }),
    corsPreflight: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: [CorsHttpMethod.GET] },
  });
  api.addRoutes({ path: '/me', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Me', fn) });
  api.addRoutes({
    path: '/orders',
    methods: [HttpMethod.GET],
    integration: new HttpLambdaIntegration('Orders', fn),
    authorizer: new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [client] }),
  });
  api.addRoutes({
    path: '/partner',
    methods: [HttpMethod.GET],
    integration: new HttpLambdaIntegration('Partner', fn),
    authorizer: new HttpLambdaAuthorizer('Lambda', newFunction(stack, 'Auth'), { resultsCacheTtl: Duration.minutes(5) }),
  });
  api.addRoutes({ path: '/reports', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Reports', fn), authorizer: new HttpIamAuthorizer() });
}

function acknowledgementsIn(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => JSON.stringify(m.data)));
}

test('SecureHttpApi passes the Portcullis pack with no acknowledgement at all', () => {
  const stack = newStack();
  secureApi(stack);
  expect(acknowledgementsIn(stack)).toEqual([]);
  expect(portcullisFindings(stack).filter(notDenialSignal)).toEqual([]);
});

test('the same API with plain aws-cdk-lib defaults fails it, rule by rule', () => {
  const stack = newStack();
  plainApi(stack);
  expect(portcullisFindings(stack)).toEqual([
    // The default stage has no access logs and no throttling.
    { rule: 'Portcullis-AccessLogs[missing]', path: 'Test/Api/DefaultStage/Resource' },
    // The Cognito route takes any token of the client, whatever it was issued for.
    { rule: 'Portcullis-CognitoJwtScopes', path: 'Test/Api/GET--orders/Resource' },
    // CORS allows no request header, so no browser can send the Authorization header the JWT authorizers read.
    { rule: 'Portcullis-CorsAuthorizerHeaders', path: 'Test/Api/Resource' },
    // Every permission aws-cdk-lib writes has a SourceArn but no SourceAccount (a warning).
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Api/GET--me/Me-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Api/GET--orders/Orders-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Api/GET--partner/Partner-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Api/GET--reports/Reports-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Api/TestApiLambda0454D6A8-Permission' },
    { rule: 'Portcullis-StageThrottling', path: 'Test/Api/DefaultStage/Resource' },
  ]);
});

test('an issuer only known at deploy time, with scopes, passes the pack; SecureHttpApi refuses it without scopes', () => {
  const stack = newStack();
  const pool = new cognito.UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  new SecureHttpApi(stack, 'Api', {
    defaultAuthorization: RouteAuthorization.jwt({ issuer: pool.userPoolProviderUrl, audience: [client.userPoolClientId], scopes: ['orders/read'] }),
    routes: [{ path: '/orders', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn') }],
  });
  expect(portcullisFindings(stack).filter(notDenialSignal)).toEqual([]);
});

test('a route declared public passes through its own acknowledgement, which carries the reason', () => {
  const stack = newStack();
  const api = new SecureHttpApi(stack, 'Api');
  api.addRoutes({ path: '/health', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Uptime probe') });
  expect(portcullisFindings(stack).filter(notDenialSignal)).toEqual([]);
  expect(acknowledgementsIn(stack).join()).toContain('Public route declared with RouteAuthorization.publicAccess: Uptime probe');
  // Without the construct's acknowledgement the rule does fire: it is the reason, not the rule, that lets it pass.
  const plain = newStack();
  new HttpApi(plain, 'Api').addRoutes({ path: '/health', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('H', newFunction(plain, 'Fn')) });
  expect(portcullisFindings(plain).map((f) => f.rule)).toContain('Portcullis-RouteAuthorization');
});
