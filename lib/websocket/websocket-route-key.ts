import { IConstruct } from 'constructs';
import { ApiKind } from '../common/api-kind';
import { invalidProp, isUnresolved } from '../common/validation';
import { ROUTE_KIND_CAPABILITIES } from '../route/route-spec';

/** The route API Gateway calls when a client opens a connection: the only one that can be authorized. */
export const CONNECT_ROUTE_KEY = '$connect';
/** The route API Gateway calls when a connection closes (best effort: not called if the connection is lost). */
export const DISCONNECT_ROUTE_KEY = '$disconnect';
/** The route for messages whose selection value matches no custom route key. */
export const DEFAULT_ROUTE_KEY = '$default';

/** Route keys API Gateway reserves; each has a prop of its own on `SecureWebSocketApi`. */
export const RESERVED_ROUTE_KEYS: readonly string[] = Object.keys(ROUTE_KIND_CAPABILITIES[ApiKind.WEBSOCKET].reservedRouteKeys);

/** Longest custom route key Portcullis accepts. */
export const MAX_ROUTE_KEY_LENGTH = 128;

// Printable ASCII without whitespace: the value a client puts in the selection field (e.g. `"action": "sendMessage"`).
const CUSTOM_ROUTE_KEY = /^[\x21-\x7e]+$/;

/**
 * What is wrong with a custom route key, or undefined when it is valid. A custom key is matched
 * against the value of the route selection expression: 1 to 128 printable ASCII characters without
 * whitespace, not starting with `$` (API Gateway reserves `$connect`, `$disconnect` and `$default`).
 */
export function customRouteKeyProblem(key: string): string | undefined {
  if (isUnresolved(key)) return undefined;
  if (typeof key !== 'string' || key.length === 0) return 'a route key is a non-empty string';
  if (RESERVED_ROUTE_KEYS.includes(key)) return `${key} is a reserved route key with a prop of its own`;
  if (key.startsWith('$')) return 'route keys starting with $ are reserved by API Gateway';
  if (key.length > MAX_ROUTE_KEY_LENGTH) return `has ${key.length} characters, at most ${MAX_ROUTE_KEY_LENGTH} are allowed`;
  if (!CUSTOM_ROUTE_KEY.test(key)) return 'must be printable ASCII without whitespace';
  return undefined;
}

/** Refuses an invalid custom route key, naming the fix. */
export function checkCustomRouteKey(scope: IConstruct, prop: string, key: string): void {
  const problem = customRouteKeyProblem(key);
  if (!problem) return;
  const fix = RESERVED_ROUTE_KEYS.includes(key)
    ? `use the ${ROUTE_KIND_CAPABILITIES[ApiKind.WEBSOCKET].reservedRouteKeys[key]} prop instead of routes`
    : "use the value clients send in the selection field, e.g. 'sendMessage'";
  invalidProp(scope, prop, key, problem, fix);
}

/**
 * Route selection expressions API Gateway evaluates per message: `$request.body.<json path>`
 * (the usual form), or `${request.body.a}/${request.body.b}` combinations.
 */
const SELECTION_EXPRESSION = /^(\$request\.body\.[A-Za-z0-9_.-]+|(\$\{request\.body\.[A-Za-z0-9_.-]+\}[^${}]*)+)$/;

/** Refuses a route selection expression API Gateway would not accept. */
export function checkRouteSelectionExpression(scope: IConstruct, prop: string, expression: string): void {
  if (isUnresolved(expression)) return;
  if (typeof expression !== 'string' || !SELECTION_EXPRESSION.test(expression)) {
    invalidProp(scope, prop, expression, 'is not a route selection expression over the message body',
      "use e.g. '$request.body.action' (the default), so clients send {\"action\": \"<route key>\", ...}");
  }
}
