import { Annotations, CfnResource, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { headersNotAllowed } from './cors-headers';
import { reasonProblem } from './reason-policy';
import { checkNonEmptyStrings, invalidProp, isUnresolved } from './validation';
import { checkReasonForUnknownSetting, checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from './weakening';

/**
 * The CORS rules every API kind applies, whatever its own CORS options look like: which origins may be
 * named, and that a browser may send the headers a route's authorization reads.
 */

const ORIGIN = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$|^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/i;

/**
 * Origins are `scheme://host[:port]` with no path, `http://` only for localhost; `'*'` alone only
 * without credentials; no wildcard inside an origin (API Gateway would read `https://*` as any https origin).
 */
export function checkCorsOrigins(scope: IConstruct, origins: string[], allowCredentials: boolean): void {
  // A whole list known only at deploy time (`Token.asList(Fn.split(',', Fn.importValue(...)))`): accepted as a token.
  if (Token.isUnresolved(origins)) return;
  checkNonEmptyStrings(scope, 'cors.allowOrigins', origins,
    "list the exact origins of your web front ends, e.g. ['https://app.example.com']");
  for (const origin of origins) {
    if (isUnresolved(origin)) continue;
    if (origin === '*') {
      if (allowCredentials) {
        invalidProp(scope, 'cors.allowOrigins', origins,
          "'*' together with allowCredentials: true would let any web site make authenticated calls with a visitor's credentials",
          'list the exact origins that need credentials, or set allowCredentials: false');
      }
      continue;
    }
    if (origin.includes('*')) {
      invalidProp(scope, 'cors.allowOrigins', origin,
        "wildcards are not supported in an origin (only '*' on its own, for any origin without credentials): API Gateway would treat 'https://*' as any https origin",
        'list each origin that calls the API, e.g. one entry per subdomain');
    }
    if (!ORIGIN.test(origin)) {
      invalidProp(scope, 'cors.allowOrigins', origin,
        'must be an origin (scheme://host[:port], no path); http:// is only accepted for localhost',
        "write it as 'https://app.example.com'");
    }
  }
}

/**
 * Refuses a route or method whose authorization reads a header the browser may not send under the
 * CORS `allowHeaders`: every preflight for it would fail, and browsers could never call it. `'*'`
 * does not cover `Authorization`, nor anything when credentials are allowed (the Fetch standard).
 *
 * @param prop the authorization prop, named in the error
 * @param what 'route' or 'method', as the API kind calls it
 * @param allowed the CORS `allowHeaders` in effect
 * @param headers the headers the authorization reads
 * @param allowCredentials whether the CORS configuration allows credentials
 */
export function checkCorsAllowsHeaders(
  scope: IConstruct, prop: string, what: string, allowed: string[], headers: string[], allowCredentials: boolean,
): void {
  if (isUnresolved(allowed)) return; // a token list, or a list holding a token
  const missing = headersNotAllowed(allowed, headers.filter((h) => !isUnresolved(h)), allowCredentials);
  if (missing.length > 0) {
    const wildcard = allowed.includes('*')
      ? ` ('*' never covers Authorization${allowCredentials ? ', and covers nothing when credentials are allowed' : ''})`
      : '';
    invalidProp(scope, prop, missing,
      `the ${what}'s authorization reads the ${missing.map((h) => `'${h}'`).join(', ')} header${missing.length > 1 ? 's' : ''}, which cors.allowHeaders does not allow${wildcard}, so every browser preflight for it would fail`,
      `add ${missing.map((h) => `'${h.toLowerCase()}'`).join(', ')} to cors.allowHeaders (now ${JSON.stringify(allowed)})`);
  }
}

/** CORS `'*'` origins: a weakening with the reason prop `cors.anyOriginReason`. */
export const CORS_ANY_ORIGIN: Weakening = {
  setting: "cors.allowOrigins: ['*']",
  reasonProp: 'cors.anyOriginReason',
  consequence: "any web site can call this API from a visitor's browser (without credentials)",
  rules: [],
};

/** Whether the origins hold `'*'`, beside tokens or not (a token list is not known to). */
export function allowsAnyOrigin(origins: string[] | undefined): boolean {
  return Array.isArray(origins) && origins.includes('*');
}

/** `'*'` origins need `anyOriginReason`; a reason without them is a mistake. */
export function checkAnyOriginReason(scope: IConstruct, origins: string[] | undefined, reason: string | undefined): void {
  const any = allowsAnyOrigin(origins);
  if (any) checkWeakeningReason(scope, CORS_ANY_ORIGIN, reason, 'Public read-only catalogue embedded by partner web sites; no credentials');
  else if (isUnresolved(origins)) checkReasonForUnknownSetting(scope, 'cors.anyOriginReason', reason);
  else checkReasonUnused(scope, 'cors.anyOriginReason', reason, any, "cors.allowOrigins: ['*']");
}

/** Records `'*'` origins (checked by {@link checkAnyOriginReason}) on the resource that answers CORS. */
export function recordAnyOrigin(resource: CfnResource, origins: string[] | undefined, reason: string | undefined): void {
  if (allowsAnyOrigin(origins) && reasonProblem(reason) === undefined) recordWeakening(resource, CORS_ANY_ORIGIN, reason!);
}

/** The headers a browser sends on a SigV4-signed request made with temporary credentials. */
export const SIGV4_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token'];

/**
 * Warns when CORS would block a browser's SigV4-signed request to an IAM-authorized route or method.
 * IAM routes are mostly called by backends, which CORS does not concern, so this is a warning, not an
 * error: it names the route and the headers to add, for the case where a browser does call it.
 *
 * @param label the route or method, as the API kind's errors name it
 * @param allowed the CORS `allowHeaders` in effect
 * @param allowCredentials whether the CORS configuration allows credentials
 * @param warningId the API kind's warning id, which the user acknowledges
 */
export function warnIfCorsBlocksSigV4(scope: IConstruct, label: string, allowed: string[], allowCredentials: boolean, warningId: string): void {
  if (isUnresolved(allowed)) return; // a token list, or a list holding a token
  const missing = headersNotAllowed(allowed, SIGV4_HEADERS, allowCredentials);
  if (missing.length === 0) return;
  Annotations.of(scope).addWarningV2(warningId,
    `${label} is IAM-authorized, but cors.allowHeaders leaves out ${missing.map((h) => `'${h}'`).join(', ')}, so a browser's SigV4-signed request to it would fail preflight. `
    + 'Add them to cors.allowHeaders if browsers call it; if only backends do, acknowledge this warning.');
}
