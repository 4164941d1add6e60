/**
 * Which request headers a browser may send cross-origin under an `Access-Control-Allow-Headers`
 * answer, as the Fetch standard's CORS-preflight check decides it. Pure, so the constructs (at synth)
 * and the rule pack (on any template) decide it the same way.
 *
 * - Header names are case-insensitive.
 * - `*` stands for any header name, but only for requests without credentials (for a credentialed
 *   request it is the literal name `*`), and never for `Authorization`, which must always be listed.
 */

/** The Authorization header, which `*` never covers. */
const AUTHORIZATION = 'authorization';

/**
 * The headers of `read` that a browser may not send under `allowed`: each once (compared
 * case-insensitively), spelled as first given, in order.
 *
 * @param allowed the names in `Access-Control-Allow-Headers`
 * @param read the headers the request must carry (e.g. those an authorizer reads)
 * @param credentials whether the browser sends the request with credentials (cookies, TLS client
 * certificates); assume so when the API allows credentials
 */
export function headersNotAllowed(allowed: readonly string[], read: readonly string[], credentials: boolean): string[] {
  const names = new Set(allowed.map((name) => name.trim().toLowerCase()));
  const wildcard = names.has('*') && !credentials;
  const missing = new Map<string, string>();
  for (const header of read) {
    const name = header.trim().toLowerCase();
    if (names.has(name) || (wildcard && name !== AUTHORIZATION)) continue;
    if (!missing.has(name)) missing.set(name, header.trim());
  }
  return [...missing.values()];
}

/**
 * The header names of an `Access-Control-Allow-Headers` value: a comma-separated list, with optional
 * whitespace around each name; empty entries are dropped.
 */
export function parseHeaderList(value: string): string[] {
  return value.split(',').map((name) => name.trim()).filter((name) => name !== '');
}
