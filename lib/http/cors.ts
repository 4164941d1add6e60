import { Annotations, Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';
import { headersNotAllowed } from '../common/cors-headers';
import { checkAnyOriginReason, checkCorsAllowsHeaders, checkCorsOrigins } from '../common/cors-policy';
import { checkInteger, invalidProp, isUnresolved } from '../common/validation';

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

/** The headers a browser sends on a SigV4-signed request made with temporary credentials. */
export const SIGV4_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token'];

/** Id of the warning {@link warnIfCorsBlocksSigV4} adds; acknowledge it with `Annotations.of(api).acknowledgeWarning(id, reason)`. */
export const CORS_SIGV4_WARNING = 'portcullis:cors-blocks-sigv4';

/**
 * IAM routes are mostly called by backends, which CORS does not concern, so a CORS configuration that
 * would block a browser's signed request is a warning, not an error: it names the route and the
 * headers to add, for the case where a browser does call it.
 */
export function warnIfCorsBlocksSigV4(scope: IConstruct, label: string, cors: HttpCorsOptions): void {
  const allowed = cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders;
  if (isUnresolved(allowed) || allowed.some((h) => isUnresolved(h))) return;
  const missing = headersNotAllowed(allowed, SIGV4_HEADERS, cors.allowCredentials ?? false);
  if (missing.length === 0) return;
  Annotations.of(scope).addWarningV2(CORS_SIGV4_WARNING,
    `${label} is IAM-authorized, but cors.allowHeaders leaves out ${missing.map((h) => `'${h}'`).join(', ')}, so a browser's SigV4-signed request to it would fail preflight. `
    + 'Add them to cors.allowHeaders if browsers call it; if only backends do, acknowledge this warning.');
}
