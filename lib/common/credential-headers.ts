/**
 * Request headers that never carry a caller's credential: every caller of an API can send the same
 * value (the API's own host name, a browser's user agent) or forge it (`X-Forwarded-For`). A Lambda
 * authorizer's cache keyed only on these serves one caller's decision to every caller who sends the
 * same value. Lower case; header names are case-insensitive.
 */
const NON_CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'host', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'content-type', 'content-length',
  'origin', 'referer', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto',
  'x-real-ip', 'forwarded', 'via', 'x-amzn-trace-id', 'connection', 'cache-control', 'pragma',
  'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-protocol',
  'cloudfront-viewer-country', 'cloudfront-is-desktop-viewer', 'cloudfront-is-mobile-viewer', 'cloudfront-forwarded-proto',
]);

/** Whether a request header can carry a credential (any header not known to hold none). */
export function headerCanHoldCredential(name: string): boolean {
  return !NON_CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
}
