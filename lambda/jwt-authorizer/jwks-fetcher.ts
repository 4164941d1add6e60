import { FetchError } from 'aws-jwt-verify/error';
import { fetch } from 'aws-jwt-verify/https';

/** The JWKS fetch was skipped: the last one to this URI failed less than the back-off ago. */
export class JwksBackoffError extends FetchError {}

/**
 * Fetches a JWKS once, without aws-jwt-verify's immediate retry, within `timeoutMs`, and after a
 * failure refuses to fetch the same URI again for `backoffSeconds` (failing at once). With an issuer
 * down, a flood of requests then costs the issuer one connection attempt per back-off period and each
 * request a fast denial, instead of a connection attempt and a wait per request. (Unknown key ids are
 * rate-limited separately by aws-jwt-verify's penalty box.)
 */
export class BackoffFetcher {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly timeoutMs: number, private readonly backoffSeconds: number) {}

  public async fetch(uri: string): Promise<ArrayBuffer> {
    const until = this.blockedUntil.get(uri);
    if (until !== undefined && Date.now() < until) {
      throw new JwksBackoffError(uri, `not fetched: the last fetch failed less than ${this.backoffSeconds} s ago`);
    }
    try {
      const body = await fetch(uri, { timeout: this.timeoutMs, responseTimeout: this.timeoutMs });
      this.blockedUntil.delete(uri);
      return body;
    } catch (err) {
      this.blockedUntil.set(uri, Date.now() + this.backoffSeconds * 1000);
      throw err;
    }
  }
}
