import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiKind, IdentitySource, LambdaAuthorizerResponse, RouteAuthorization } from '../../lib';

function scope(): Construct {
  return new Construct(new Stack(), 'Api');
}

let functions = 0;
function fn(s: Construct): lambda.IFunction {
  return lambda.Function.fromFunctionArn(s, `Auth${functions++}`, 'arn:aws:lambda:us-east-1:111111111111:function:auth');
}

describe('one RouteAuthorization for every API kind', () => {
  test('the same object validates for HTTP and REST APIs; WebSocket APIs refuse the JWT kinds, naming the kind', () => {
    const jwt = RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['api'] });
    const s = scope();
    expect(() => jwt._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP)).not.toThrow();
    expect(() => jwt._validate(s, 'routes[GET /a].authorization', ApiKind.REST)).not.toThrow();
    expect(() => jwt._validate(s, 'routes[$connect].authorization', ApiKind.WEBSOCKET))
      .toThrow("[Default/Api] prop 'routes[$connect].authorization' = \"JWT\": WebSocket APIs cannot check JWT authorization. Fix: use RouteAuthorization.lambdaAuthorizer(), jwtLambda() or iam() on this WebSocket API, or declare the route public with RouteAuthorization.publicAccess('<reason>')");
    const pool = new cognito.UserPool(s, 'Pool');
    const cog = RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')], scopes: ['orders/read'] });
    expect(() => cog._validate(s, 'routes[$connect].authorization', ApiKind.WEBSOCKET)).toThrow(/WebSocket APIs cannot check COGNITO authorization/);
    const lam = RouteAuthorization.lambdaAuthorizer({ handler: fn(s) });
    for (const kind of [ApiKind.HTTP, ApiKind.REST, ApiKind.WEBSOCKET]) {
      expect(() => lam._validate(s, 'authorization', kind)).not.toThrow();
      expect(() => RouteAuthorization.iam()._validate(s, 'authorization', kind)).not.toThrow();
    }
  });

  test('scopes are refused where the kind cannot honour them, naming the route and the API kind', () => {
    const s = scope();
    expect(() => RouteAuthorization.iam()._checkRouteScopes(s, 'routes[GET /a].scopes', ['a'], ApiKind.HTTP))
      .toThrow("prop 'routes[GET /a].scopes' = [\"a\"]: authorization scopes apply only to JWT and COGNITO authorization on HTTP APIs, not to IAM");
    const lam = RouteAuthorization.lambdaAuthorizer({ handler: fn(s) });
    expect(() => lam._checkRouteScopes(s, 'routes[$connect].scopes', ['a'], ApiKind.WEBSOCKET))
      .toThrow(/authorization scopes apply only to no authorization on WebSocket APIs, not to LAMBDA\. Fix: remove the scopes/);
    const jwt = RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['api'] });
    expect(() => jwt._checkRouteScopes(s, 'routes[GET /a].scopes', ['a', 'b'], ApiKind.REST)).not.toThrow();
  });

  test('identity sources are written once, as header names, and kept as given for each builder', () => {
    const s = scope();
    const lam = RouteAuthorization.lambdaAuthorizer({
      handler: fn(s), identitySources: [IdentitySource.header('X-Api-Key'), IdentitySource.context('identity.sourceIp')], responseType: LambdaAuthorizerResponse.IAM_POLICY,
    });
    expect(lam.lambdaProps!.identitySources!.map(String)).toEqual(['header X-Api-Key', 'context variable identity.sourceIp']);
    expect(() => lam._validate(s, 'authorization', ApiKind.HTTP)).not.toThrow();
    const bad = RouteAuthorization.lambdaAuthorizer({ handler: fn(s), identitySources: [IdentitySource.header('')] });
    expect(() => bad._validate(s, 'authorization', ApiKind.HTTP)).toThrow(/identitySources' = \["header "\]: "" is not a valid header name/);
    const none = RouteAuthorization.lambdaAuthorizer({ handler: fn(s), identitySources: [] });
    expect(() => none._validate(s, 'authorization', ApiKind.HTTP)).toThrow(/identitySources' = \[\]: must list at least one identity source/);
  });

  test.each([
    ['', /a public route needs a reason: no reason is given/],
    ['          ', /a public route needs a reason: no reason is given/],
    ['ok', /a public route needs a reason: the reason has 2 visible characters, at least 10 are required/],
    ['  health  ', /the reason has 6 visible characters/],
  ])('a public reason %j fails the one reason policy the audit also applies', (reason, message) => {
    expect(() => RouteAuthorization.publicAccess(reason)._validate(scope(), 'routes[GET /health].authorization', ApiKind.HTTP)).toThrow(message);
  });

  test('a reason of ten characters passes', () => {
    expect(() => RouteAuthorization.publicAccess('Uptime ping')._validate(scope(), 'authorization', ApiKind.HTTP)).not.toThrow();
  });
});

describe('the reason policy counts what a reader sees', () => {
  test.each([
    ['five emoji', '🔓🔓🔓🔓🔓', /the reason has 5 visible characters/],
    ['ten zero-width spaces', '\u200b'.repeat(10), /no reason is given/],
    ['a byte-order mark and spaces', '\ufeff          ', /no reason is given/],
  ])('%s is refused', (_, reason, message) => {
    expect(() => RouteAuthorization.publicAccess(reason)._validate(new Construct(new Stack(), 'Api'), 'authorization', ApiKind.HTTP)).toThrow(message);
  });
});

describe('checked once per API and kind, not once per route', () => {
  test('options that passed are not checked again for the same API and kind; another API or kind checks them again', () => {
    const lambdaAuthorization = jest.requireActual('../../lib/authorization/lambda-authorization');
    const check = jest.spyOn(lambdaAuthorization, 'validateLambdaAuthorization');
    try {
      const s = scope();
      const authorization = RouteAuthorization.lambdaAuthorizer({ handler: fn(s) });
      for (let i = 0; i < 5; i++) authorization._validate(s, `methods[GET /r${i}].authorization`, ApiKind.REST);
      expect(check).toHaveBeenCalledTimes(1);
      authorization._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP);
      authorization._validate(scope(), 'methods[GET /a].authorization', ApiKind.REST);
      expect(check).toHaveBeenCalledTimes(3);
    } finally {
      check.mockRestore();
    }
  });

  test('options that failed fail again on every route', () => {
    const s = scope();
    const none = RouteAuthorization.lambdaAuthorizer({ handler: fn(s), identitySources: [] });
    for (const path of ['/a', '/b']) {
      expect(() => none._validate(s, `methods[GET ${path}].authorization`, ApiKind.REST))
        .toThrow(`prop 'methods[GET ${path}].authorization.identitySources' = []: must list at least one identity source`);
    }
  });
});
