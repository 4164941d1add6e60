/**
 * The record a deliberately public route, method or `$connect` route writes into its template
 * metadata: why it is public, and exactly which route was declared. The constructs write it; the
 * rule pack and the audit read it, and honour it only on the resource that carries it and only while
 * that resource is still the route declared.
 */

/** Metadata key under which each public route or method records its reason in the template. */
export const PUBLIC_ROUTE_METADATA_KEY = 'Portcullis::PublicRoute';

/** The route an HTTP or WebSocket public route was declared as. */
export interface PublicV2RouteDeclaration {
  /** The API's id as the route's `ApiId` names it (a token: the template holds `{ Ref: Api }`). */
  readonly apiId: string;
  /** The route key, e.g. `GET /health` or `$connect`. */
  readonly routeKey: string;
}

/** The method a REST public method was declared as. */
export interface PublicRestMethodDeclaration {
  /** The REST API's id as the method's `RestApiId` names it (a token). */
  readonly restApiId: string;
  /** The HTTP method, e.g. `GET`. */
  readonly httpMethod: string;
  /** The resource path, e.g. `/health` (`/` for the root resource). */
  readonly path: string;
}

/** What a public route declares. */
export type PublicRouteDeclaration = PublicV2RouteDeclaration | PublicRestMethodDeclaration;

/** The metadata record: the reason and the declared route. */
export type PublicRouteRecord = { readonly reason: string } & PublicRouteDeclaration;
