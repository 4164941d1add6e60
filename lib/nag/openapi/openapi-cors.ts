import { isPlainObject } from '../sam/sam-model';

/** The OpenAPI extension that carries an HTTP API's CORS configuration on import. */
export const OPENAPI_CORS = 'x-amazon-apigateway-cors';

/**
 * An HTTP API's CORS configuration: its `CorsConfiguration`, else the `x-amazon-apigateway-cors` of the
 * OpenAPI definition it is imported from (`Body`), with the keys named as `CorsConfiguration` names them
 * (`allowOrigins` → `AllowOrigins`). SAM writes `CorsConfiguration` into the definition this way.
 * Undefined when neither says anything; an intrinsic stays as it is (unresolved for the rules).
 */
export function v2CorsConfiguration(properties: Record<string, any>): unknown {
  if (properties.CorsConfiguration !== undefined) return properties.CorsConfiguration;
  const body = properties.Body;
  if (!isPlainObject(body) || body[OPENAPI_CORS] === undefined) return undefined;
  const cors = body[OPENAPI_CORS];
  if (!isPlainObject(cors)) return cors;
  return Object.fromEntries(Object.entries(cors).map(([key, value]) => [key.charAt(0).toUpperCase() + key.slice(1), value]));
}
