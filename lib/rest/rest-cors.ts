import { Duration, Token } from 'aws-cdk-lib';
import { CorsOptions, ResponseType, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { checkAnyOriginReason, checkCorsAllowsHeaders, checkCorsOrigins, warnIfCorsBlocksSigV4 } from '../common/cors-policy';
import { checkInteger, invalidProp, isUnresolved } from '../common/validation';

/**
 * Cross-origin resource sharing for a {@link SecureRestApi}.
 *
 * REST APIs do not answer preflight themselves: each path gets an `OPTIONS` method with a MOCK
 * integration and no authorizer, which answers only the listed origins and never reaches a backend.
 * API Gateway's own 4XX and 5XX answers (a refused token, throttling) carry the CORS headers too,
 * so a browser shows the real error instead of a CORS failure.
 */
export interface RestCorsOptions {
  /**
   * Origins allowed to call the API, e.g. `['https://app.example.com']`: `scheme://host[:port]`, no
   * path; `http://` only for localhost. `'*'` only when `allowCredentials` is false, and with `anyOriginReason`.
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
   * Methods the browser may use (never `ANY` or `*`).
   *
   * @default ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']
   */
  readonly allowMethods?: string[];

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

/** What CORS allows when the caller leaves a field out (the same as on HTTP APIs). */
export const REST_CORS_DEFAULTS = {
  allowHeaders: ['authorization', 'content-type'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'],
  maxAge: Duration.hours(1),
};

const METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/;

/** Checks REST CORS options; the same rules as on HTTP APIs. Independent checks, reported together. */
export function restCorsChecks(scope: IConstruct, cors: RestCorsOptions): Array<() => void> {
  return [
    () => checkOrigins(scope, cors),
    () => {
      for (const method of cors.allowMethods ?? REST_CORS_DEFAULTS.allowMethods) {
        if (isUnresolved(method)) continue;
        if (!METHOD.test(method)) {
          invalidProp(scope, 'cors.allowMethods', cors.allowMethods,
            `'${method}' is not a method a browser may be allowed ('ANY' and '*' allow methods the API never serves; OPTIONS is the preflight itself)`,
            "list the methods the browser needs, e.g. ['GET', 'POST']");
        }
      }
    },
    () => checkInteger(scope, 'cors.maxAge', (cors.maxAge ?? REST_CORS_DEFAULTS.maxAge).toSeconds({ integral: false }), 0, 86_400,
      'use a whole number of seconds up to Duration.days(1)'),
  ];
}

/**
 * Refuses, at once, origins given as one list known only at deploy time: the MOCK preflight and the
 * gateway responses write each origin into their responses at synth, so such a list cannot be written
 * there (an origin that is a token can). Thrown rather than deferred to validation: building the
 * preflight from it would fail earlier, with aws-cdk-lib's resolution error instead of this one.
 */
export function refuseRestCorsOriginList(scope: IConstruct, cors: RestCorsOptions | undefined): void {
  if (cors === undefined || !Token.isUnresolved(cors.allowOrigins)) return;
  invalidProp(scope, 'cors.allowOrigins', cors.allowOrigins,
    "is a list known only at deploy time; a REST API's preflight and gateway responses write each origin at synth",
    'list the origins, each of which may be a token (e.g. [Fn.select(0, origins), Fn.select(1, origins)]), or use a SecureHttpApi, which takes a token list');
}

function checkOrigins(scope: IConstruct, cors: RestCorsOptions): void {
  checkCorsOrigins(scope, cors.allowOrigins, cors.allowCredentials ?? false);
  checkAnyOriginReason(scope, cors.allowOrigins, cors.anyOriginReason);
}

/** aws-cdk-lib's preflight options (MOCK `OPTIONS` methods) for checked CORS options. */
export function toRestCorsPreflight(cors: RestCorsOptions): CorsOptions {
  return {
    allowOrigins: cors.allowOrigins,
    allowCredentials: (cors.allowCredentials ?? false) && !cors.allowOrigins.includes('*'),
    allowHeaders: cors.allowHeaders ?? REST_CORS_DEFAULTS.allowHeaders,
    allowMethods: cors.allowMethods ?? REST_CORS_DEFAULTS.allowMethods,
    exposeHeaders: cors.exposeHeaders,
    maxAge: cors.maxAge ?? REST_CORS_DEFAULTS.maxAge,
  };
}

/**
 * Adds the CORS headers to API Gateway's own 4XX and 5XX answers. Gateway responses hold static
 * values: one named origin (or `'*'`) is written as is; several origins are answered with the
 * request's `Origin` header, and then without `Access-Control-Allow-Credentials`, so a credentialed
 * error stays unreadable to a site that was not listed.
 */
export function addCorsGatewayResponses(api: RestApi, cors: RestCorsOptions): void {
  const origins = cors.allowOrigins;
  const single = origins.length === 1;
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': single ? `'${origins[0]}'` : 'method.request.header.Origin',
    'Access-Control-Allow-Headers': `'${(cors.allowHeaders ?? REST_CORS_DEFAULTS.allowHeaders).join(',')}'`,
    'Access-Control-Allow-Methods': `'${(cors.allowMethods ?? REST_CORS_DEFAULTS.allowMethods).join(',')}'`,
    'Vary': "'Origin'",
  };
  if (single && origins[0] !== '*' && cors.allowCredentials) headers['Access-Control-Allow-Credentials'] = "'true'";
  api.addGatewayResponse('Default4xx', { type: ResponseType.DEFAULT_4XX, responseHeaders: headers });
  api.addGatewayResponse('Default5xx', { type: ResponseType.DEFAULT_5XX, responseHeaders: headers });
}

/**
 * Refuses a method whose authorization reads a header the browser may not send under these CORS
 * options: every preflight for it would fail.
 */
export function checkRestCorsAllowsHeaders(scope: IConstruct, prop: string, cors: RestCorsOptions, headers: string[]): void {
  checkCorsAllowsHeaders(scope, prop, 'method', cors.allowHeaders ?? REST_CORS_DEFAULTS.allowHeaders, headers, cors.allowCredentials ?? false);
}

/** Id of the warning a SecureRestApi adds for an IAM method whose CORS options block SigV4 headers; acknowledge it with `Annotations.of(api).acknowledgeWarning(id, reason)`. */
export const REST_CORS_SIGV4_WARNING = 'portcullis:rest-cors-blocks-sigv4';

/** Warns when these CORS options would block a browser's SigV4-signed request to an IAM method. */
export function warnIfRestCorsBlocksSigV4(scope: IConstruct, label: string, cors: RestCorsOptions): void {
  warnIfCorsBlocksSigV4(scope, label, cors.allowHeaders ?? REST_CORS_DEFAULTS.allowHeaders, cors.allowCredentials ?? false, REST_CORS_SIGV4_WARNING);
}
