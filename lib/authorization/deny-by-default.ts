import { IConstruct } from 'constructs';
import { AuthorizationKind, protectingFactories, RouteAuthorization } from './route-authorization';
import { ApiKind } from '../common/api-kind';
import { invalidProp } from '../common/validation';

/**
 * Deny by default, the same for every API kind: a route (HTTP, WebSocket) or method (REST) has an
 * authorization or a reasoned public declaration of its own, and the API's default is never public.
 */

/**
 * The API's default authorization as it may be used: a public default is dropped (and reported by
 * {@link checkNoPublicDefault}), so routes without their own authorization are refused.
 */
export function usableDefault(defaultAuthorization: RouteAuthorization | undefined): RouteAuthorization | undefined {
  return defaultAuthorization?.kind === AuthorizationKind.NONE ? undefined : defaultAuthorization;
}

/** Refuses `publicAccess` as an API's default: each public route states its own reason. `what` is 'route' or 'method'. */
export function checkNoPublicDefault(scope: IConstruct, defaultAuthorization: RouteAuthorization | undefined, what: string): void {
  if (defaultAuthorization?.kind !== AuthorizationKind.NONE) return;
  invalidProp(scope, 'defaultAuthorization', 'publicAccess', `would make every ${what} public, /admin and /{proxy+} included`,
    `declare each public ${what} on its own with authorization: RouteAuthorization.publicAccess('<why this ${what} is public>'), and give the API a real default`);
}

/**
 * Refuses a route or method with neither its own authorization nor an API default. The fix offers only
 * what the API kind accepts (a WebSocket API has no JWT or Cognito authorizer, and no default).
 */
export function requireAuthorization(scope: IConstruct, prop: string, authorization: RouteAuthorization | undefined, what: string, apiKind: ApiKind):
  asserts authorization is RouteAuthorization {
  if (authorization) return;
  const orDefault = apiKind === ApiKind.WEBSOCKET ? '' : ', set defaultAuthorization on the API';
  invalidProp(scope, prop, undefined,
    `the ${what} has no authorizer and is not declared public (Portcullis denies by default)`,
    `set ${prop} to ${protectingFactories(apiKind)}${orDefault}, or declare it public with RouteAuthorization.publicAccess('<reason>')`);
}

/** Exactly one of a Lambda `handler` and another `integration`. `prefix` names the route, e.g. `routes[GET /a]`. */
export function checkHandlerOrIntegration(scope: IConstruct, prefix: string, hasHandler: boolean, hasIntegration: boolean): void {
  if (hasHandler === hasIntegration) {
    invalidProp(scope, `${prefix}.handler`, hasHandler ? 'handler and integration' : undefined,
      'exactly one of handler and integration is required', 'pass a Lambda function as handler, or another integration as integration');
  }
}

const AUTHORIZER_IDS: Record<AuthorizationKind, string> = {
  JWT: 'JwtAuthorizer', COGNITO: 'CognitoAuthorizer', LAMBDA: 'LambdaAuthorizer', JWT_LAMBDA: 'JwtLambdaAuthorizer', IAM: 'Iam', NONE: 'None',
};

/** Construct ids (and default names) of an API's authorizers: one per authorization kind, numbered from the second on. */
export class AuthorizerIds {
  private readonly used = new Set<string>();

  /** The next free id for an authorization, e.g. `JwtAuthorizer`, then `JwtAuthorizer2`. */
  public next(authorization: RouteAuthorization): string {
    const base = AUTHORIZER_IDS[authorization.kind];
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }
}
