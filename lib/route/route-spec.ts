import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { SecureRouteOptionsBase } from './secure-api-options';
import { checkHandlerOrIntegration, requireAuthorization } from '../authorization/deny-by-default';
import { AUTHORIZATION_SUPPORT, AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { ApiKind } from '../common/api-kind';
import { RoutePathTree } from '../common/route-path';
import { ThrottleLimits, validateThrottle } from '../common/throttle';
import { invalidProp, throwPropErrors } from '../common/validation';

/**
 * What each API kind allows of a route call, and how its errors name it: one row per kind. The
 * authorization kinds (and which take scopes) are the authorization layer's support table.
 */
export interface RouteKindCapabilities {
  /** The prop errors name a call under: `methods[GET /orders]` (REST) or `routes[GET /orders]` (HTTP, `routes[sendMessage]` WebSocket). */
  readonly call: string;
  /** What one entry is called in messages: a `method` (REST) or a `route` (HTTP, WebSocket). */
  readonly noun: string;
  /** Which authorization kinds the API kind honours, and which take scopes. */
  readonly authorization: { readonly kinds: readonly AuthorizationKind[]; readonly scoped: readonly AuthorizationKind[] };
}

/** A kind whose routes are declared by methods and a path (REST, HTTP); each route takes its own authorization. */
export interface PathRouteCapabilities extends RouteKindCapabilities {
  /** The fix for an empty `methods` list. */
  readonly emptyMethodsFix: string;
  /** Why `OPTIONS` is refused when CORS is on, and the fix. */
  readonly corsOptions: { readonly problem: string; readonly fix: string };
}

/**
 * A kind whose routes are declared by route key (WebSocket), where only some routes take an
 * authorizer and the others run on what those authorized.
 */
export interface RouteKeyCapabilities extends RouteKindCapabilities {
  /** The prop of each route key the API declares with a prop of its own; other keys are `<call>[<key>]`. */
  readonly reservedRouteKeys: Readonly<Record<string, string>>;
  /** The route keys that take an authorizer, each required; the other routes take none. */
  readonly authorizedRouteKeys: readonly string[];
  /** Why an authorized route key is required, and the fix, when it is missing. */
  readonly missingAuthorizedRoute: { readonly problem: string; readonly fix: string };
  /** Why a route that takes no authorizer refuses one, and the fix. */
  readonly unauthorizedRoute: { readonly problem: string; readonly fix: string };
}

/** The capability table: what each API kind allows of a route call. */
export const ROUTE_KIND_CAPABILITIES: {
  readonly [ApiKind.REST]: PathRouteCapabilities;
  readonly [ApiKind.HTTP]: PathRouteCapabilities;
  readonly [ApiKind.WEBSOCKET]: RouteKeyCapabilities;
} = {
  [ApiKind.REST]: {
    call: 'methods',
    noun: 'method',
    emptyMethodsFix: "omit methods for ['ANY'], or list them",
    corsOptions: {
      problem: 'with cors set, a MOCK OPTIONS method answers preflight; another OPTIONS method would take it over',
      fix: "remove 'OPTIONS' from methods",
    },
    authorization: AUTHORIZATION_SUPPORT[ApiKind.REST],
  },
  [ApiKind.HTTP]: {
    call: 'routes',
    noun: 'route',
    emptyMethodsFix: 'omit methods for ANY, or list them',
    corsOptions: {
      problem: 'with cors set, API Gateway answers OPTIONS preflight itself; an OPTIONS route would take it over',
      fix: 'remove HttpMethod.OPTIONS from methods',
    },
    authorization: AUTHORIZATION_SUPPORT[ApiKind.HTTP],
  },
  [ApiKind.WEBSOCKET]: {
    call: 'routes',
    noun: 'route',
    reservedRouteKeys: { $connect: 'connect', $disconnect: 'disconnect', $default: 'defaultRoute' },
    // API Gateway checks a WebSocket client once, when it connects; later messages run on that connection.
    authorizedRouteKeys: ['$connect'],
    missingAuthorizedRoute: {
      problem: 'without a $connect route API Gateway accepts every connection unauthenticated',
      fix: 'pass connect: { handler, authorization: RouteAuthorization.lambdaAuthorizer(...) } (or jwtLambda(), iam(), publicAccess(reason))',
    },
    unauthorizedRoute: {
      problem: 'WebSocket APIs authorize only $connect; this route runs on the connection $connect authorized',
      fix: 'remove authorization here and set connect.authorization',
    },
    authorization: AUTHORIZATION_SUPPORT[ApiKind.WEBSOCKET],
  },
};

/**
 * One route or method call, validated and normalised, whatever the API kind: what the kind's builder
 * turns into resources. Built by {@link normaliseRoute}, which reports every problem in one error.
 */
export interface RouteSpec {
  /** How errors name the call, e.g. `methods[GET,POST /orders]`. */
  readonly label: string;
  /** The path, as declared. */
  readonly path: string;
  /** The methods as requested (REST: upper-cased). */
  readonly requestedMethods: string[];
  /** The methods the builder creates: the requested ones, with ANY expanded where the kind needs it (HTTP with CORS). */
  readonly methods: string[];
  /** The route's own authorization, or the API's default. */
  readonly authorization: RouteAuthorization;
  /** Where the authorization was declared: `<label>.authorization` or `defaultAuthorization`. */
  readonly authorizationProp: string;
  /** The scopes a token needs on this route (the route's own, else its authorization's). */
  readonly scopes: string[];
  /** Throttling for this route, replacing the stage-wide limits. */
  readonly throttle?: ThrottleLimits;
  /** The Lambda function that serves the route, when no other integration is given. */
  readonly handler?: lambda.IFunction;
}

/** The API a call is normalised against: its kind, its defaults and what it already holds. */
export interface RouteSpecContext {
  readonly kind: ApiKind.REST | ApiKind.HTTP;
  readonly defaultAuthorization?: RouteAuthorization;
  /** Whether the API answers CORS preflight (then OPTIONS is refused). */
  readonly cors: boolean;
  /** The API's paths (one parameter name per position, across the API). */
  readonly paths: RoutePathTree;
  /** The `METHOD /path` keys declared so far (duplicates are refused). */
  readonly declared: ReadonlySet<string>;
  /** Whether an integration other than `handler` is given. */
  readonly hasIntegration: boolean;
  /** Upper-case the requested methods (REST), so that `get` and `GET` are one method. */
  readonly upperCaseMethods?: boolean;
  /** The methods the builder creates from those requested, e.g. ANY expanded for HTTP CORS. @default - the requested ones */
  readonly expandMethods?: (requested: string[]) => string[];
  /** The label of a call that lists no method. @default - the label with the empty list */
  readonly emptyLabel?: (path: string) => string;
}

/** The kind's own checks, run in the same error as the shared ones, each after the shared check of its subject. */
export interface RouteKindChecks {
  /** After the shared checks of `methods`. */
  readonly methods?: (spec: RouteSpec) => void;
  /** After the API's path tree has taken the path. */
  readonly path?: (spec: RouteSpec) => void;
  /** After the authorization is validated for the kind, before its scopes (the spec's authorization is set then). */
  readonly authorization?: (spec: RouteSpec) => void;
  /** After the scopes: the headers the authorization reads against the CORS policy. */
  readonly authorizationHeaders?: (spec: RouteSpec) => void;
  /** Other options of the kind (request parameters, caching, ...), before the duplicate check. */
  readonly others?: Array<(spec: RouteSpec) => void>;
}

/**
 * Turns one route or method call's options into a validated, kind-neutral spec: the methods (and
 * the CORS interplay), the path, throttle, handler or integration, the authorization (the route's or
 * the default, refused when neither) and its scopes. Creates no resource; every problem of the call,
 * shared or the kind's own, is reported in one error.
 */
export function normaliseRoute(scope: IConstruct, context: RouteSpecContext, options: SecureRouteOptionsBase & { readonly methods?: string[] },
  kindChecks: RouteKindChecks = {}): RouteSpec {
  const capabilities = ROUTE_KIND_CAPABILITIES[context.kind];
  const requested = (options.methods ?? ['ANY']).map((m) => (context.upperCaseMethods && typeof m === 'string' ? m.toUpperCase() : m));
  const label = requested.length === 0 && context.emptyLabel
    ? context.emptyLabel(options.path)
    : `${capabilities.call}[${requested.join(',')} ${options.path}]`;
  const authorization = options.authorization ?? context.defaultAuthorization;
  const spec: RouteSpec = {
    label,
    path: options.path,
    requestedMethods: requested,
    methods: context.expandMethods ? context.expandMethods(requested) : requested,
    authorization: authorization!,
    authorizationProp: options.authorization ? `${label}.authorization` : 'defaultAuthorization',
    scopes: options.scopes ?? authorization?.scopes ?? [],
    throttle: options.throttle,
    handler: options.handler,
  };

  throwPropErrors([
    () => {
      if (requested.length === 0) invalidProp(scope, `${label}.methods`, requested, 'must list at least one method', capabilities.emptyMethodsFix);
      kindChecks.methods?.(spec);
      if (context.cors && requested.includes('OPTIONS')) {
        invalidProp(scope, `${label}.methods`, requested, capabilities.corsOptions.problem, capabilities.corsOptions.fix);
      }
    },
    () => {
      context.paths.add(scope, `${label}.path`, options.path);
      kindChecks.path?.(spec);
    },
    () => { if (options.throttle) validateThrottle(scope, `${label}.throttle`, options.throttle, context.kind); },
    () => checkHandlerOrIntegration(scope, label, options.handler !== undefined, context.hasIntegration),
    () => {
      requireAuthorization(scope, `${label}.authorization`, authorization, capabilities.noun, context.kind);
      authorization._validate(scope, spec.authorizationProp, context.kind);
      kindChecks.authorization?.(spec);
      authorization._checkRouteScopes(scope, options.scopes ? `${label}.scopes` : `${spec.authorizationProp}.scopes`, spec.scopes, context.kind);
      kindChecks.authorizationHeaders?.(spec);
    },
    ...(kindChecks.others ?? []).map((check) => () => check(spec)),
    () => {
      for (const method of spec.methods) {
        if (context.declared.has(`${method} ${options.path}`)) {
          invalidProp(scope, label, `${method} ${options.path}`, `duplicates a ${capabilities.noun} added earlier`, 'add each method and path once');
        }
      }
    },
  ]);
  return spec;
}
