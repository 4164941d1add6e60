import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { ROUTE_KIND_CAPABILITIES } from './route-spec';
import { checkHandlerOrIntegration, requireAuthorization } from '../authorization/deny-by-default';
import { RouteAuthorization } from '../authorization/route-authorization';
import { ApiKind } from '../common/api-kind';
import { ThrottleLimits, validateThrottle } from '../common/throttle';
import { invalidProp, throwPropErrors } from '../common/validation';

/**
 * One route declared by route key (WebSocket), validated and normalised: what the kind's builder
 * turns into resources. Built by {@link normaliseRouteKeys}, which reports every problem in one error.
 */
export interface RouteKeySpec {
  /** How errors name the route: the prop of a reserved key (`connect`), else `routes[sendMessage]`. */
  readonly label: string;
  /** The route key. */
  readonly routeKey: string;
  /** The route's authorization: set on the keys that take an authorizer (`$connect`), absent on the others. */
  readonly authorization?: RouteAuthorization;
  /** Throttling for this route, replacing the stage-wide limits. */
  readonly throttle?: ThrottleLimits;
  /** The Lambda function that serves the route, when no other integration is given. */
  readonly handler?: lambda.IFunction;
}

/** What one route declares, whatever serves it; `undefined` when the prop of a reserved key is not set. */
export interface RouteKeyOptions {
  readonly handler?: lambda.IFunction;
  readonly integration?: unknown;
  readonly authorization?: RouteAuthorization;
  readonly throttle?: ThrottleLimits;
}

/** One route of a call: its key, the prop that declares it and what it declares. */
export interface RouteKeyCall {
  readonly routeKey: string;
  /**
   * Whether the kind's own prop for this reserved key declares the route (`connect`); otherwise it is a
   * custom route (`routes[<key>]`), whose key is checked. @default false
   */
  readonly reserved?: boolean;
  /** What the route declares; `undefined` when its prop is not set: no route, refused for a key that takes an authorizer. */
  readonly options: RouteKeyOptions | undefined;
}

/** The API the routes are normalised against: its kind and the route keys it already holds. */
export interface RouteKeySpecContext {
  readonly kind: ApiKind.WEBSOCKET;
  /** The route keys declared so far (duplicates are refused). */
  readonly declared: ReadonlySet<string>;
}

/** The kind's own checks, run in the same error as the shared ones. */
export interface RouteKeyKindChecks {
  /** The grammar of a key that has no prop of its own, before the duplicate check. */
  readonly customRouteKey?: (prop: string, routeKey: string) => void;
  /** After the authorization of an authorized key is validated for the kind. */
  readonly authorization?: (spec: RouteKeySpec & { readonly authorization: RouteAuthorization }) => void;
}

/**
 * Turns the routes of one call (a WebSocket API's props, or one `addRoute`) into validated,
 * kind-neutral specs: the route key (its grammar and duplicates), handler or integration, throttle,
 * and the authorization where the kind takes one (required there, refused elsewhere). Creates no
 * resource; every problem of every route is reported in one error. Returns the spec of each
 * declared route, in the order of the calls.
 */
export function normaliseRouteKeys(scope: IConstruct, context: RouteKeySpecContext, calls: RouteKeyCall[],
  kindChecks: RouteKeyKindChecks = {}): RouteKeySpec[] {
  const capabilities = ROUTE_KIND_CAPABILITIES[context.kind];
  // Only the kind's own prop declares a route that takes an authorizer; a custom route with its key is refused by its key check.
  const authorizes = (call: RouteKeyCall) => call.reserved === true && capabilities.authorizedRouteKeys.includes(call.routeKey);
  const specs = calls.filter((call) => call.options || authorizes(call)).map((call) => {
    const { routeKey, reserved, options } = call;
    const label = reserved ? capabilities.reservedRouteKeys[routeKey] : `${capabilities.call}[${routeKey}]`;
    const declared = options ?? {};
    const authorized = authorizes(call);
    const spec: RouteKeySpec = {
      label,
      routeKey,
      authorization: authorized ? declared.authorization : undefined,
      throttle: declared.throttle,
      handler: declared.handler,
    };
    const checks: Array<() => void> = [];
    if (!reserved) {
      checks.push(
        () => kindChecks.customRouteKey?.(`${label}.routeKey`, routeKey),
        () => {
          if (context.declared.has(routeKey)) {
            invalidProp(scope, `${label}.routeKey`, routeKey, `duplicates a ${capabilities.noun} added earlier`, 'add each route key once');
          }
        },
      );
    }
    if (authorized && !options) {
      checks.push(() => invalidProp(scope, label, undefined, capabilities.missingAuthorizedRoute.problem, capabilities.missingAuthorizedRoute.fix));
    }
    checks.push(
      () => checkHandlerOrIntegration(scope, label, declared.handler !== undefined, declared.integration !== undefined),
      () => { if (declared.throttle) validateThrottle(scope, `${label}.throttle`, declared.throttle, context.kind); },
    );
    if (authorized) {
      checks.push(() => {
        requireAuthorization(scope, `${label}.authorization`, declared.authorization, `${routeKey} ${capabilities.noun}`, context.kind);
        declared.authorization._validate(scope, `${label}.authorization`, context.kind);
        kindChecks.authorization?.({ ...spec, authorization: declared.authorization });
      });
    } else if (declared.authorization !== undefined) {
      checks.push(() => invalidProp(scope, `${label}.authorization`, declared.authorization!.kind,
        capabilities.unauthorizedRoute.problem, capabilities.unauthorizedRoute.fix));
    }
    return { spec, checks };
  });
  throwPropErrors(specs.flatMap(({ checks }) => checks));
  return specs.map(({ spec }) => spec);
}
