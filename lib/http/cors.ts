import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';
import { checkAnyOriginReason, checkCorsAllowsHeaders, checkCorsOrigins, warnIfCorsBlocksSigV4 } from '../common/cors-policy';
import { checkInteger, invalidProp } from '../common/validation';

/**
 * Cross-origin resource sharing for a {@link SecureHttpApi}.
 *
 * API Gateway answers browser preflight (`OPTIONS`) requests itself when CORS is configured, before
 * routing and without running any authorizer, so no public `OPTIONS` route is created and nothing
 * else is opened.
 */
export interface HttpCorsOptions {
  /**
   * Origins allowed to call the API, e.g. `['https://app.example.com']`.
   *
   * Each origin is `scheme://host[:port]` with no path; `http://` is accepted only for `localhost`.
   * `'*'` is accepted only when `allowCredentials` is false, and with `anyOriginReason`.
   */
  readonly allowOrigins: string[];

  /**
   * Why `allowOrigins` is `['*']` (at least 10 characters, see the README's "Weakenings"): any web
   * site may then call the API from a visitor's browser. Recorded on the API (metadata
   * `Portcullis::Weakenings`).
   *
   * @default - `'*'` is refused
   */
  readonly anyOriginReason?: string;

  /**
   * Whether browsers may send cookies or `Authorization` headers with cross-origin requests.
   *
   * @default false
   */
  readonly allowCredentials?: boolean;

  /**
   * Request headers the browser may send (case-insensitive). List every header your authorizers
   * read: `'*'` stands for any other header only on requests without credentials, and never for
   * `Authorization` (Fetch standard), so a route whose authorization reads an unlisted header is refused.
   *
   * @default ['authorization', 'content-type']
   */
  readonly allowHeaders?: string[];

  /**
   * Methods the browser may use.
   *
   * @default - GET, POST, PUT, PATCH, DELETE and HEAD (never `*`)
   */
  readonly allowMethods?: CorsHttpMethod[];

  /**
   * Response headers the browser may read.
   *
   * @default - none beyond the CORS-safelisted headers
   */
  readonly exposeHeaders?: string[];

  /**
   * How long the browser caches a preflight answer, at most one day.
   *
   * @default Duration.hours(1)
   */
  readonly maxAge?: Duration;
}

/** What CORS allows when the caller leaves a field out. */
export const CORS_DEFAULTS = {
  allowHeaders: ['authorization', 'content-type'],
  allowMethods: [
    CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT,
    CorsHttpMethod.PATCH, CorsHttpMethod.DELETE, CorsHttpMethod.HEAD,
  ],
  maxAge: Duration.hours(1),
};


/** Checks CORS options; independent checks, which a caller may run and report together. */
export function corsChecks(scope: IConstruct, cors: HttpCorsOptions): Array<() => void> {
  return [() => checkOrigins(scope, cors), () => checkMethods(scope, cors), () => checkMaxAge(scope, cors)];
}

function checkOrigins(scope: IConstruct, cors: HttpCorsOptions): void {
  checkCorsOrigins(scope, cors.allowOrigins, cors.allowCredentials ?? false);
  checkAnyOriginReason(scope, cors.allowOrigins, cors.anyOriginReason);
}

function checkMethods(scope: IConstruct, cors: HttpCorsOptions): void {
  const methods = cors.allowMethods ?? CORS_DEFAULTS.allowMethods;
  if (methods.includes(CorsHttpMethod.ANY)) {
    invalidProp(scope, 'cors.allowMethods', methods, "'*' allows every method, including ones the API never serves",
      'list the methods the browser needs, e.g. [CorsHttpMethod.GET, CorsHttpMethod.POST]');
  }
}

function checkMaxAge(scope: IConstruct, cors: HttpCorsOptions): void {
  const maxAge = cors.maxAge ?? CORS_DEFAULTS.maxAge;
  checkInteger(scope, 'cors.maxAge', maxAge.toSeconds({ integral: false }), 0, 86_400,
    'use a whole number of seconds up to Duration.days(1), the most API Gateway accepts');
}

/** aws-cdk-lib's preflight options for CORS options (check them with `corsChecks`). */
export function toCorsPreflight(cors: HttpCorsOptions): CorsPreflightOptions {
  return {
    allowOrigins: cors.allowOrigins,
    // '*' with credentials is reported by corsChecks at synth; aws-cdk-lib would throw its own message first.
    allowCredentials: (cors.allowCredentials ?? false) && !cors.allowOrigins?.includes('*'),
    allowHeaders: cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders,
    allowMethods: cors.allowMethods ?? CORS_DEFAULTS.allowMethods,
    exposeHeaders: cors.exposeHeaders,
    maxAge: cors.maxAge ?? CORS_DEFAULTS.maxAge,
  };
}

/**
 * Refuses a route whose authorization reads a header the browser may not send under these CORS
 * options: every preflight would fail, and the route could never be called from a browser.
 *
 * @param prop the route's authorization prop, named in the error
 * @param headers the headers the route's authorization reads
 */
export function checkHttpCorsAllowsHeaders(scope: IConstruct, prop: string, cors: HttpCorsOptions, headers: string[]): void {
  checkCorsAllowsHeaders(scope, prop, 'route', cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders, headers, cors.allowCredentials ?? false);
}

/** Id of the warning {@link warnIfHttpCorsBlocksSigV4} adds; acknowledge it with `Annotations.of(api).acknowledgeWarning(id, reason)`. */
export const CORS_SIGV4_WARNING = 'portcullis:cors-blocks-sigv4';

/** Warns when these CORS options would block a browser's SigV4-signed request to an IAM route. */
export function warnIfHttpCorsBlocksSigV4(scope: IConstruct, label: string, cors: HttpCorsOptions): void {
  warnIfCorsBlocksSigV4(scope, label, cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders, cors.allowCredentials ?? false, CORS_SIGV4_WARNING);
}
