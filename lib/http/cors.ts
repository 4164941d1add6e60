import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';
import { checkInteger, checkNonEmptyStrings, invalidProp, isUnresolved } from '../common/validation';

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
   * `'*'` is accepted only when `allowCredentials` is false.
   */
  readonly allowOrigins: string[];

  /**
   * Whether browsers may send cookies or `Authorization` headers with cross-origin requests.
   *
   * @default false
   */
  readonly allowCredentials?: boolean;

  /**
   * Request headers the browser may send.
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

const ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$|^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/i;

/** Validates CORS options and turns them into aws-cdk-lib's preflight options. */
export function toCorsPreflight(scope: IConstruct, cors: HttpCorsOptions): CorsPreflightOptions {
  checkNonEmptyStrings(scope, 'cors.allowOrigins', cors.allowOrigins,
    "list the exact origins of your web front ends, e.g. ['https://app.example.com']");
  const credentials = cors.allowCredentials ?? false;
  for (const origin of cors.allowOrigins) {
    if (isUnresolved(origin)) continue;
    if (origin === '*') {
      if (credentials) {
        invalidProp(scope, 'cors.allowOrigins', cors.allowOrigins,
          "'*' together with allowCredentials: true would let any web site make authenticated calls with a visitor's credentials",
          'list the exact origins that need credentials, or set allowCredentials: false');
      }
      continue;
    }
    if (!ORIGIN.test(origin)) {
      invalidProp(scope, 'cors.allowOrigins', origin,
        'must be an origin (scheme://host[:port], no path); http:// is only accepted for localhost',
        "write it as 'https://app.example.com'");
    }
  }
  const methods = cors.allowMethods ?? CORS_DEFAULTS.allowMethods;
  if (methods.includes(CorsHttpMethod.ANY)) {
    invalidProp(scope, 'cors.allowMethods', methods, "'*' allows every method, including ones the API never serves",
      'list the methods the browser needs, e.g. [CorsHttpMethod.GET, CorsHttpMethod.POST]');
  }
  const maxAge = cors.maxAge ?? CORS_DEFAULTS.maxAge;
  checkInteger(scope, 'cors.maxAge', maxAge.toSeconds({ integral: false }), 0, 86_400,
    'use a whole number of seconds up to Duration.days(1), the most API Gateway accepts');
  return {
    allowOrigins: cors.allowOrigins,
    allowCredentials: credentials,
    allowHeaders: cors.allowHeaders ?? CORS_DEFAULTS.allowHeaders,
    allowMethods: methods,
    exposeHeaders: cors.exposeHeaders,
    maxAge,
  };
}
