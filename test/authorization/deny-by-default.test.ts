import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AuthorizerIds, checkHandlerOrIntegration, checkNoPublicDefault, requireAuthorization, usableDefault,
} from '../../lib/authorization/deny-by-default';
import { AuthorizationKind, RouteAuthorization } from '../../lib/authorization/route-authorization';
import { ApiKind } from '../../lib/common/api-kind';

function scope(): Construct {
  return new Construct(new Stack(), 'Api');
}

const PUBLIC = RouteAuthorization.publicAccess('Health check for the load balancer');

describe('usableDefault: a public default is dropped', () => {
  test('no default stays none', () => {
    expect(usableDefault(undefined)).toBeUndefined();
  });

  test('a public default becomes none, so routes without their own authorization are refused', () => {
    expect(usableDefault(PUBLIC)).toBeUndefined();
  });

  test('any other default is kept as given', () => {
    const iam = RouteAuthorization.iam();
    expect(usableDefault(iam)).toBe(iam);
  });
});

describe('checkNoPublicDefault', () => {
  test('no default and a protecting default pass', () => {
    expect(() => checkNoPublicDefault(scope(), undefined, 'route')).not.toThrow();
    expect(() => checkNoPublicDefault(scope(), RouteAuthorization.iam(), 'route')).not.toThrow();
  });

  test.each(['route', 'method'])('a public default is refused, naming what every %s would become', (what) => {
    expect(() => checkNoPublicDefault(scope(), PUBLIC, what)).toThrow(
      `[Default/Api] prop 'defaultAuthorization' = "publicAccess": would make every ${what} public, /admin and /{proxy+} included. `
      + `Fix: declare each public ${what} on its own with authorization: RouteAuthorization.publicAccess('<why this ${what} is public>'), and give the API a real default`);
  });
});

describe('requireAuthorization: deny by default', () => {
  test('a route with an authorization passes', () => {
    expect(() => requireAuthorization(scope(), 'routes[GET /a].authorization', RouteAuthorization.iam(), 'route', ApiKind.HTTP)).not.toThrow();
  });

  test('an HTTP route without one is refused, offering the HTTP factories and the API default', () => {
    expect(() => requireAuthorization(scope(), 'routes[GET /a].authorization', undefined, 'route', ApiKind.HTTP)).toThrow(
      "[Default/Api] prop 'routes[GET /a].authorization' = undefined: the route has no authorizer and is not declared public (Portcullis denies by default). "
      + 'Fix: set routes[GET /a].authorization to RouteAuthorization.jwt(), cognito(), lambdaAuthorizer(), jwtLambda() or iam(), set defaultAuthorization on the API, '
      + "or declare it public with RouteAuthorization.publicAccess('<reason>')");
  });

  test('a WebSocket route without one is refused, offering only what WebSocket APIs honour and no API default', () => {
    expect(() => requireAuthorization(scope(), 'connect.authorization', undefined, '$connect route', ApiKind.WEBSOCKET)).toThrow(
      "prop 'connect.authorization' = undefined: the $connect route has no authorizer and is not declared public (Portcullis denies by default). "
      + "Fix: set connect.authorization to RouteAuthorization.lambdaAuthorizer(), jwtLambda() or iam(), or declare it public with RouteAuthorization.publicAccess('<reason>')");
  });
});

describe('checkHandlerOrIntegration: exactly one', () => {
  test.each([[true, false], [false, true]])('handler %s, integration %s passes', (hasHandler, hasIntegration) => {
    expect(() => checkHandlerOrIntegration(scope(), 'routes[GET /a]', hasHandler, hasIntegration)).not.toThrow();
  });

  test('both are refused, naming both', () => {
    expect(() => checkHandlerOrIntegration(scope(), 'routes[GET /a]', true, true)).toThrow(
      "[Default/Api] prop 'routes[GET /a].handler' = \"handler and integration\": exactly one of handler and integration is required. "
      + 'Fix: pass a Lambda function as handler, or another integration as integration');
  });

  test('neither is refused', () => {
    expect(() => checkHandlerOrIntegration(scope(), 'routes[GET /a]', false, false))
      .toThrow("prop 'routes[GET /a].handler' = undefined: exactly one of handler and integration is required");
  });
});

describe('AuthorizerIds', () => {
  test('one id per kind, numbered from the second authorization of a kind on', () => {
    const ids = new AuthorizerIds();
    const jwt = () => RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['api'] });
    expect([jwt(), RouteAuthorization.iam(), jwt(), jwt(), RouteAuthorization.iam()].map((a) => ids.next(a)))
      .toEqual(['JwtAuthorizer', 'Iam', 'JwtAuthorizer2', 'JwtAuthorizer3', 'Iam2']);
  });

  test('each kind has its own base id', () => {
    const ids = new AuthorizerIds();
    const kinds = Object.values(AuthorizationKind).map((kind) => ids.next({ kind } as RouteAuthorization));
    expect(kinds).toEqual(['JwtAuthorizer', 'CognitoAuthorizer', 'LambdaAuthorizer', 'JwtLambdaAuthorizer', 'Iam', 'None']);
  });

  test('each API numbers its own', () => {
    const iam = RouteAuthorization.iam();
    new AuthorizerIds().next(iam);
    expect(new AuthorizerIds().next(iam)).toBe('Iam');
  });
});
