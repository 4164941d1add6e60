import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiKind, AuthorizationKind, CognitoAuthorizationProps, IdentitySource, JwtIssuer, LambdaAuthorizerResponse, RouteAuthorization } from '../../lib';
import { registerCognitoScopeCatalog } from '../../lib/authorization/cognito-scopes';
import { protectingFactories } from '../../lib/authorization/route-authorization';

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

describe('the factories', () => {
  const issuer = 'https://auth.example.com/';

  test('each records its kind, its scopes (none unless the kind takes them) and only its own options', () => {
    const s = scope();
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    const jwtProps = { issuer, audience: ['api'], scopes: ['orders/read'] };
    const cognitoProps = { userPool: pool, userPoolClients: [pool.addClient('C')], scopes: ['orders/write'] };
    const lambdaProps = { handler: fn(s) };
    const jwtLambdaProps = { issuers: [JwtIssuer.oidc({ issuer, audiences: ['api'] })], scopes: ['orders/read'] };
    // toEqual: options left undefined must stay so (an option of another kind would be defined).
    const options = (a: RouteAuthorization) => Object.fromEntries(Object.entries(a).filter(([key]) => key !== 'validatedFor'));
    expect(options(RouteAuthorization.jwt(jwtProps))).toEqual({ kind: AuthorizationKind.JWT, scopes: ['orders/read'], jwtProps });
    expect(options(RouteAuthorization.cognito(cognitoProps))).toEqual({ kind: AuthorizationKind.COGNITO, scopes: ['orders/write'], cognitoProps });
    expect(options(RouteAuthorization.lambdaAuthorizer(lambdaProps))).toEqual({ kind: AuthorizationKind.LAMBDA, scopes: [], lambdaProps });
    // The Lambda JWT authorizer's scopes are its own, not the route's.
    expect(options(RouteAuthorization.jwtLambda(jwtLambdaProps))).toEqual({ kind: AuthorizationKind.JWT_LAMBDA, scopes: [], jwtLambdaProps });
    expect(options(RouteAuthorization.iam())).toEqual({ kind: AuthorizationKind.IAM, scopes: [] });
    expect(options(RouteAuthorization.publicAccess('Uptime ping'))).toEqual({ kind: AuthorizationKind.NONE, scopes: [], publicReason: 'Uptime ping' });
  });

  test('jwt and cognito without scopes have none', () => {
    const s = scope();
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    expect(RouteAuthorization.jwt({ issuer, audience: ['api'] }).scopes).toEqual([]);
    expect(RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')] } as unknown as CognitoAuthorizationProps).scopes).toEqual([]);
  });

  test('requiresScopes: Cognito, and a JWT issuer that is or may be Cognito', () => {
    const s = scope();
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    expect(RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')], scopes: [] }).requiresScopes).toBe(true);
    expect(RouteAuthorization.jwt({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/', audience: ['c'] }).requiresScopes).toBe(true);
    expect(RouteAuthorization.jwt({ issuer: Lazy.string({ produce: () => issuer }), audience: ['c'] }).requiresScopes).toBe(true);
    expect(RouteAuthorization.jwt({ issuer, audience: ['api'] }).requiresScopes).toBe(false);
    expect(RouteAuthorization.lambdaAuthorizer({ handler: fn(s) }).requiresScopes).toBe(false);
    expect(RouteAuthorization.iam().requiresScopes).toBe(false);
    expect(RouteAuthorization.publicAccess('Uptime ping').requiresScopes).toBe(false);
  });

  test('protectingFactories names what protects a route of each API kind, never publicAccess', () => {
    expect(protectingFactories(ApiKind.HTTP)).toBe('RouteAuthorization.jwt(), cognito(), lambdaAuthorizer(), jwtLambda() or iam()');
    expect(protectingFactories(ApiKind.REST)).toBe('RouteAuthorization.jwt(), cognito(), lambdaAuthorizer(), jwtLambda() or iam()');
    expect(protectingFactories(ApiKind.WEBSOCKET)).toBe('RouteAuthorization.lambdaAuthorizer(), jwtLambda() or iam()');
  });
});

describe('_validate', () => {
  const issuer = 'https://auth.example.com/';

  test('every kind WebSocket APIs honour passes there, as every kind does on HTTP and REST APIs', () => {
    const s = scope();
    const jwtLambda = RouteAuthorization.jwtLambda({ issuers: [JwtIssuer.oidc({ issuer, audiences: ['api'] })] });
    const open = RouteAuthorization.publicAccess('Uptime ping');
    for (const kind of [ApiKind.HTTP, ApiKind.REST, ApiKind.WEBSOCKET]) {
      expect(() => jwtLambda._validate(s, 'authorization', kind)).not.toThrow();
      expect(() => open._validate(s, 'authorization', kind)).not.toThrow();
    }
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    const cog = RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')], scopes: ['orders/read'] });
    expect(() => cog._validate(s, 'authorization', ApiKind.REST)).not.toThrow();
  });

  test('the authorization\'s scopes are each one word, named as its scopes', () => {
    const jwt = RouteAuthorization.jwt({ issuer, audience: ['api'], scopes: ['orders/read', 'user.id user.email'] });
    expect(() => jwt._validate(scope(), 'defaultAuthorization', ApiKind.HTTP)).toThrow(
      "[Default/Api] prop 'defaultAuthorization.scopes' = [\"orders/read\",\"user.id user.email\"]: scope \"user.id user.email\" is not a single word. "
      + "Fix: list each scope separately, e.g. ['user.id', 'user.email'] rather than 'user.id user.email'");
    const empty = RouteAuthorization.jwt({ issuer, audience: ['api'], scopes: [''] });
    expect(() => empty._validate(scope(), 'defaultAuthorization', ApiKind.HTTP)).toThrow('scope "" is not a single word');
    const number = RouteAuthorization.jwt({ issuer, audience: ['api'], scopes: [7 as unknown as string] });
    expect(() => number._validate(scope(), 'defaultAuthorization', ApiKind.HTTP)).toThrow('scope 7 is not a single word');
    const token = RouteAuthorization.jwt({ issuer, audience: ['api'], scopes: [Lazy.string({ produce: () => 'a b' }), 'orders/read'] });
    expect(() => token._validate(scope(), 'defaultAuthorization', ApiKind.HTTP)).not.toThrow();
    // Whitespace of its own around a token stays whatever the token becomes.
    const around = RouteAuthorization.jwt({ issuer, audience: ['api'], scopes: [`${Lazy.string({ produce: () => 'orders' })} read`] });
    expect(() => around._validate(scope(), 'defaultAuthorization', ApiKind.HTTP)).toThrow(/scope "\$\{Token\[TOKEN\.\d+\]\} read" is not a single word/);
  });

  test('each kind\'s own checks run, under the prop it was passed in', () => {
    const s = scope();
    expect(() => RouteAuthorization.jwt({ issuer: 'http://auth.example.com/', audience: ['api'] })._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP))
      .toThrow("prop 'routes[GET /a].authorization.issuer' = \"http://auth.example.com/\": must be an https:// URL");
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    expect(() => RouteAuthorization.cognito({ userPool: pool, userPoolClients: [], scopes: ['orders/read'] })._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP))
      .toThrow("[Default/Api] prop 'routes[GET /a].authorization.userPoolClients' = []: must list at least one app client. "
        + 'Fix: pass the app clients whose tokens this API accepts: userPoolClients: [client]');
    const noClients = { userPool: pool, scopes: ['orders/read'] } as unknown as CognitoAuthorizationProps;
    expect(() => RouteAuthorization.cognito(noClients)._validate(s, 'authorization', ApiKind.HTTP)).toThrow("prop 'authorization.userPoolClients' = []: must list at least one app client");
    const jwtLambda = RouteAuthorization.jwtLambda({ issuers: [JwtIssuer.oidc({ issuer, audiences: ['api'] })], resultsCacheTtl: Duration.seconds(3601) });
    expect(() => jwtLambda._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP))
      .toThrow("prop 'routes[GET /a].authorization.resultsCacheTtl' = 3601: must be a whole number from 0 to 3600");
    expect(() => RouteAuthorization.lambdaAuthorizer({ handler: fn(s), resultsCacheTtl: Duration.seconds(3601) })._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP))
      .toThrow("prop 'routes[GET /a].authorization.resultsCacheTtl' = 3601");
  });

  test('a public reason that fails is shown as given, with the fix', () => {
    expect(() => RouteAuthorization.publicAccess('ok')._validate(scope(), 'routes[GET /health].authorization', ApiKind.HTTP)).toThrow(
      "[Default/Api] prop 'routes[GET /health].authorization.publicAccess(reason)' = \"ok\": a public route needs a reason: the reason has 2 visible characters, at least 10 are required. "
      + "Fix: say why anyone may call it, e.g. RouteAuthorization.publicAccess('Health check for the load balancer')");
  });

  test('a REST API that refused a kind names the kind and the REST factories', () => {
    const odd = Object.assign(Object.create(RouteAuthorization.prototype), RouteAuthorization.iam(), { kind: 'BASIC' }) as RouteAuthorization;
    expect(() => odd._validate(scope(), 'methods[GET /a].authorization', ApiKind.REST)).toThrow(
      "prop 'methods[GET /a].authorization' = \"BASIC\": REST APIs cannot check BASIC authorization. "
      + "Fix: use RouteAuthorization.jwt(), cognito(), lambdaAuthorizer(), jwtLambda() or iam() on this REST API, or declare the route public with RouteAuthorization.publicAccess('<reason>')");
  });

  test('passed checks are remembered per kind: after HTTP and REST on one API, neither checks again', () => {
    const lambdaAuthorization = jest.requireActual('../../lib/authorization/lambda-authorization');
    const check = jest.spyOn(lambdaAuthorization, 'validateLambdaAuthorization');
    try {
      const s = scope();
      const authorization = RouteAuthorization.lambdaAuthorizer({ handler: fn(s) });
      authorization._validate(s, 'methods[GET /a].authorization', ApiKind.REST);
      authorization._validate(s, 'routes[GET /a].authorization', ApiKind.HTTP);
      authorization._validate(s, 'methods[GET /b].authorization', ApiKind.REST);
      authorization._validate(s, 'routes[GET /b].authorization', ApiKind.HTTP);
      expect(check).toHaveBeenCalledTimes(2);
    } finally {
      check.mockRestore();
    }
  });
});

describe('_checkRouteScopes', () => {
  const issuer = 'https://auth.example.com/';

  test('a kind without scopes on a REST API names the REST kinds that take them, and the factories', () => {
    expect(() => RouteAuthorization.iam()._checkRouteScopes(scope(), 'methods[GET /a].scopes', ['orders/read'], ApiKind.REST)).toThrow(
      "[Default/Api] prop 'methods[GET /a].scopes' = [\"orders/read\"]: authorization scopes apply only to JWT and COGNITO authorization on REST APIs, not to IAM. "
      + 'Fix: remove the scopes, or protect the route with RouteAuthorization.jwt() or cognito()');
  });

  test('on a WebSocket API, where no kind takes scopes, the fix is only to remove them', () => {
    // An Error compares the whole message: the fix ends there.
    expect(() => RouteAuthorization.iam()._checkRouteScopes(scope(), 'connect.scopes', ['orders/read'], ApiKind.WEBSOCKET)).toThrow(new Error(
      "[Default/Api] prop 'connect.scopes' = [\"orders/read\"]: authorization scopes apply only to no authorization on WebSocket APIs, not to IAM. Fix: remove the scopes"));
  });

  test('no scopes pass on any kind that needs none', () => {
    const s = scope();
    for (const kind of [ApiKind.HTTP, ApiKind.REST, ApiKind.WEBSOCKET]) {
      expect(() => RouteAuthorization.iam()._checkRouteScopes(s, 'scopes', [], kind)).not.toThrow();
      expect(() => RouteAuthorization.lambdaAuthorizer({ handler: fn(s) })._checkRouteScopes(s, 'scopes', [], kind)).not.toThrow();
    }
    expect(() => RouteAuthorization.jwt({ issuer, audience: ['api'] })._checkRouteScopes(s, 'scopes', [], ApiKind.HTTP)).not.toThrow();
  });

  test('the route\'s scopes are each one word, under the prop given', () => {
    const jwt = RouteAuthorization.jwt({ issuer, audience: ['api'] });
    expect(() => jwt._checkRouteScopes(scope(), 'routes[GET /a].scopes', ['a b'], ApiKind.HTTP))
      .toThrow("prop 'routes[GET /a].scopes' = [\"a b\"]: scope \"a b\" is not a single word");
  });

  test('a Cognito issuer needs scopes, on the route or the authorization', () => {
    const s = scope();
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    const cog = RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')], scopes: [] });
    expect(() => cog._checkRouteScopes(s, 'routes[GET /a].scopes', [], ApiKind.HTTP)).toThrow(
      "[Default/Api] prop 'routes[GET /a].scopes' = []: the issuer is (or, being only known at deploy time, may be) Amazon Cognito; "
      + "Cognito access tokens carry no aud claim, so without scopes any token of the pool's clients passes. "
      + "Fix: list the scopes the route needs, e.g. scopes: ['orders/read'], on the route or on the authorization");
    expect(() => cog._checkRouteScopes(s, 'routes[GET /a].scopes', ['orders/read'], ApiKind.REST)).not.toThrow();
    const cognitoJwt = RouteAuthorization.jwt({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/', audience: ['c'] });
    expect(() => cognitoJwt._checkRouteScopes(s, 'scopes', [], ApiKind.HTTP)).toThrow(/carry no aud claim/);
  });

  test('a Cognito authorization\'s scopes are checked at synth against its pool\'s resource servers, when they are known', () => {
    const s = scope();
    const pool = cognito.UserPool.fromUserPoolId(s, 'Pool', 'us-east-1_abc');
    const cog = RouteAuthorization.cognito({ userPool: pool, userPoolClients: [pool.addClient('C')], scopes: ['orders/read'] });
    cog._checkRouteScopes(s, 'routes[GET /a].scopes', ['orders/read'], ApiKind.HTTP);
    expect(s.node.validate()).toEqual([]);
    registerCognitoScopeCatalog(pool, { owner: pool, resourceServers: () => [] });
    cog._checkRouteScopes(s, 'routes[GET /b].scopes', ['orders/read'], ApiKind.HTTP);
    expect(s.node.validate()).toEqual([expect.stringContaining("prop 'routes[GET /b].scopes' = [\"orders/read\"]: \"orders/read\" is defined by no resource server")]);
  });
});
