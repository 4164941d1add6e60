import {
  JwkInvalidUseError, JwksNotAvailableInCacheError, JwtInvalidIssuerError, JwtWithoutValidKidError, KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import { findJwkInJwks, Jwks, JwksCache, JwkWithKid, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { DecomposedJwt } from 'aws-jwt-verify/jwt';

/** Milliseconds since the epoch; injected so tests can move time. */
export type Clock = () => number;

export interface RefreshingJwksCacheOptions {
  /** Fetches a JWKS (the response body). */
  readonly fetcher: { fetch(uri: string): Promise<ArrayBuffer> };
  /** After this many milliseconds a cached JWKS is stale: it is fetched again before any key of it is used. */
  readonly maxAgeMs: number;
  /** After an unknown key id, milliseconds before that key id may cause another fetch; also the refill period of the per-URI fetch budget. */
  readonly refetchIntervalMs: number;
  /** @default Date.now */
  readonly clock?: Clock;
  /**
   * The issuers whose tokens each JWKS URI's keys verify. A key is handed out only for a token whose
   * (still unverified) `iss` is one of them: aws-jwt-verify caches the key object it builds under the
   * token's `iss` before it checks the signature, so any other `iss` would add an entry per request.
   *
   * @default - no check (any `iss`)
   */
  readonly issuersByUri?: ReadonlyMap<string, readonly string[]>;
  /**
   * Called with each JWKS fetched (not with one added by `addJwks`), after it is cached: a verifier
   * that keeps key objects by key id drops them here, so key material replaced under the same key id
   * is used from the next request on.
   */
  readonly onFetched?: (jwksUri: string, jwks: Jwks) => void;
}

/** Fetches an unknown key id may cause per URI at once; the budget refills one per refetch interval. */
const KID_FETCH_BURST = 2;
/** Penalized key ids remembered at most; past it, expired entries are dropped, then all. */
const MAX_PENALTIES = 1000;

interface Entry { readonly jwks: Jwks; readonly fetchedAt: number }
interface Budget { tokens: number; at: number }

/**
 * A JWKS cache with a maximum age, and fetches for unknown key ids bounded per key id and per URI.
 *
 * - A JWKS older than `maxAgeMs` is not used: the next request fetches it again (once, shared by
 *   concurrent requests; a failure is rate-limited by the fetcher), so a key the issuer removed stops
 *   being trusted within `maxAgeMs`. Fails closed: a stale JWKS that cannot be fetched is not used.
 * - An unknown key id (a rotation, or an attacker) causes a fetch, then, if the key is still not
 *   there, is refused without a fetch for `refetchIntervalMs`: the penalty is per (URI, key id), so a
 *   bogus key id no longer blocks a real one.
 * - Across key ids, a URI's fetches for unknown key ids draw on a budget of {@link KID_FETCH_BURST}
 *   that refills one per `refetchIntervalMs`: a flood of distinct bogus key ids costs the issuer at
 *   most one fetch per interval in the long run, and one bogus key id cannot spend the fetch that a
 *   real rotation needs. (A sustained flood of distinct key ids can: no cache can tell a real new key
 *   id from a bogus one before fetching.)
 */
export class RefreshingJwksCache implements JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly fetching = new Map<string, Promise<Jwks>>();
  private readonly penalties = new Map<string, number>();
  private readonly budgets = new Map<string, Budget>();
  /** Fetches and parses (aws-jwt-verify's own parser); freshness and rate bounds are ours. */
  private readonly loader: SimpleJwksCache;
  private readonly clock: Clock;

  constructor(private readonly options: RefreshingJwksCacheOptions) {
    this.loader = new SimpleJwksCache({ fetcher: options.fetcher });
    this.clock = options.clock ?? Date.now;
  }

  public addJwks(jwksUri: string, jwks: Jwks): void {
    this.entries.set(jwksUri, { jwks, fetchedAt: this.clock() });
  }

  /** Fetches the JWKS (one fetch at a time per URI) and caches it from now. */
  public getJwks(jwksUri: string): Promise<Jwks> {
    let pending = this.fetching.get(jwksUri);
    if (!pending) {
      pending = this.loader.getJwks(jwksUri)
        .then((jwks) => {
          this.addJwks(jwksUri, jwks);
          this.options.onFetched?.(jwksUri, jwks);
          return jwks;
        })
        .finally(() => this.fetching.delete(jwksUri));
      this.fetching.set(jwksUri, pending);
    }
    return pending;
  }

  public getCachedJwk(jwksUri: string, decomposedJwt: DecomposedJwt): JwkWithKid {
    this.checkIssuer(jwksUri, decomposedJwt);
    const kid = kidOf(decomposedJwt);
    const entry = this.fresh(jwksUri);
    if (!entry) throw new JwksNotAvailableInCacheError(`JWKS for uri ${jwksUri} not in the cache or older than its maximum age`);
    const jwk = findJwkInJwks(entry.jwks, kid);
    if (!jwk) throw new KidNotFoundInJwksError(`JWK for kid ${kid} not found in the JWKS`);
    return forVerifying(jwk);
  }

  public async getJwk(jwksUri: string, decomposedJwt: DecomposedJwt): Promise<JwkWithKid> {
    this.checkIssuer(jwksUri, decomposedJwt);
    const kid = kidOf(decomposedJwt);
    const entry = this.fresh(jwksUri);
    if (entry) {
      const cached = findJwkInJwks(entry.jwks, kid);
      if (cached) return forVerifying(cached);
      // A fresh JWKS without the key id: fetch only within the bounds (a fetch under way is joined for free).
      if (!this.fetching.has(jwksUri)) this.spendKidFetch(jwksUri, kid);
    }
    const jwk = findJwkInJwks(await this.getJwks(jwksUri), kid);
    if (!jwk) {
      this.penalize(jwksUri, kid);
      throw new KidNotFoundInJwksError(`JWK for kid ${kid} not found in the JWKS`);
    }
    return forVerifying(jwk);
  }

  /** Refuses a token whose unverified `iss` is not an issuer of this JWKS URI (when they are known). */
  private checkIssuer(jwksUri: string, decomposedJwt: DecomposedJwt): void {
    const issuers = this.options.issuersByUri?.get(jwksUri);
    if (issuers === undefined) return;
    const iss = decomposedJwt.payload.iss;
    if (!issuers.includes(iss as string)) throw new JwtInvalidIssuerError('Issuer not allowed', String(iss), issuers);
  }

  private fresh(jwksUri: string): Entry | undefined {
    const entry = this.entries.get(jwksUri);
    return entry && this.clock() - entry.fetchedAt < this.options.maxAgeMs ? entry : undefined;
  }

  /** Throws when this key id is in its penalty, or the URI's budget for unknown key ids is spent. */
  private spendKidFetch(jwksUri: string, kid: string): void {
    const now = this.clock();
    const until = this.penalties.get(`${jwksUri} ${kid}`);
    if (until !== undefined && now < until) {
      throw new WaitPeriodNotYetEndedJwkError(`kid ${kid} was not in the JWKS less than ${this.options.refetchIntervalMs} ms ago`);
    }
    const interval = this.options.refetchIntervalMs;
    const budget = this.budgets.get(jwksUri) ?? { tokens: KID_FETCH_BURST, at: now };
    const refilled = Math.min(KID_FETCH_BURST, budget.tokens + (now - budget.at) / interval);
    if (refilled < 1) {
      this.budgets.set(jwksUri, { tokens: refilled, at: now });
      throw new WaitPeriodNotYetEndedJwkError(`JWKS fetches for unknown key ids of ${jwksUri} are spent for now`);
    }
    this.budgets.set(jwksUri, { tokens: refilled - 1, at: now });
  }

  private penalize(jwksUri: string, kid: string): void {
    const now = this.clock();
    if (this.penalties.size >= MAX_PENALTIES) {
      for (const [key, until] of this.penalties) if (until <= now) this.penalties.delete(key);
      if (this.penalties.size >= MAX_PENALTIES) this.penalties.clear();
    }
    this.penalties.set(`${jwksUri} ${kid}`, now + this.options.refetchIntervalMs);
  }
}

/**
 * The key, refused when its `key_ops` (RFC 7517 §4.3) leaves out `verify`: a key published for other
 * operations only (encryption, say) never verifies a signature. (aws-jwt-verify checks `use`, not `key_ops`.)
 */
function forVerifying(jwk: JwkWithKid): JwkWithKid {
  const ops = (jwk as { key_ops?: unknown }).key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) {
    throw new JwkInvalidUseError('JWK key_ops does not include verify', JSON.stringify(ops), 'verify');
  }
  return jwk;
}

function kidOf(decomposedJwt: DecomposedJwt): string {
  const kid = decomposedJwt.header.kid;
  if (typeof kid !== 'string') throw new JwtWithoutValidKidError('JWT header does not have valid kid claim');
  return kid;
}
