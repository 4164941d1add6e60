/**
 * The JWT authorizer's JWKS cache (lambda/jwt-authorizer/jwks-cache.ts), called directly against the
 * real OpenID provider on loopback, with the cache's clock under the test's control: maximum age,
 * one fetch at a time, the per-key-id penalty, the per-URI budget for unknown key ids, and the bound
 * on remembered penalties. Fetches are counted by the test's fetcher, which fetches for real.
 */
import {
  JwkInvalidUseError, JwksNotAvailableInCacheError, JwtInvalidIssuerError, JwtWithoutValidKidError, KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { fetch } from 'aws-jwt-verify/https';
import { DecomposedJwt } from 'aws-jwt-verify/jwt';
import { makeKey, makeTls, OidcProvider, SigningKey, tempDir, Tls } from './oidc-fixture';
import { RefreshingJwksCache } from '../../../lambda/jwt-authorizer/jwks-cache';

const MAX_AGE = 60_000;
const INTERVAL = 10_000;

let tls: Tls;
let key: SigningKey;
let provider: OidcProvider;
beforeAll(async () => {
  tls = await makeTls(tempDir());
  key = makeKey('RS256', 'known-kid');
  provider = await OidcProvider.start(tls, [key]);
});
afterAll(async () => {
  await provider?.stop();
});

/** A cache on the provider's JWKS, a clock starting at 1 000 000, and the number of fetches made. */
function setup(options: {
  maxAgeMs?: number;
  refetchIntervalMs?: number;
  jwksUri?: string;
  issuersByUri?: ReadonlyMap<string, readonly string[]>;
  onFetched?: (uri: string, jwks: unknown) => void;
} = {}) {
  const t = {
    now: 1_000_000,
    fetches: 0,
    uri: options.jwksUri ?? provider.jwksUri,
    cache: undefined as unknown as RefreshingJwksCache,
  };
  t.cache = new RefreshingJwksCache({
    fetcher: {
      fetch: (uri: string) => {
        t.fetches++;
        return fetch(uri, { ca: tls.certPem, timeout: 2000, responseTimeout: 2000 } as never);
      },
    },
    maxAgeMs: options.maxAgeMs ?? MAX_AGE,
    refetchIntervalMs: options.refetchIntervalMs ?? INTERVAL,
    clock: () => t.now,
    issuersByUri: options.issuersByUri,
    onFetched: options.onFetched,
  });
  return t;
}

const jwt = (kid: unknown) => ({ header: { alg: 'RS256', kid }, payload: {} }) as unknown as DecomposedJwt;

/** What getJwk ends in: the key id found, or the error's class and message. */
async function outcome(t: ReturnType<typeof setup>, kid: unknown): Promise<string> {
  try {
    return `found ${(await t.cache.getJwk(t.uri, jwt(kid))).kid}`;
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
}

const notFound = (kid: string) => `KidNotFoundInJwksError: JWK for kid ${kid} not found in the JWKS`;
const penalized = (kid: string) => `WaitPeriodNotYetEndedJwkError: kid ${kid} was not in the JWKS less than ${INTERVAL} ms ago`;
const spent = (uri: string) => `WaitPeriodNotYetEndedJwkError: JWKS fetches for unknown key ids of ${uri} are spent for now`;

test('getCachedJwk: nothing cached, then the cached key until the JWKS is as old as its maximum age', async () => {
  const t = setup();
  expect(() => t.cache.getCachedJwk(t.uri, jwt('known-kid')))
    .toThrow(new JwksNotAvailableInCacheError(`JWKS for uri ${t.uri} not in the cache or older than its maximum age`));
  await t.cache.getJwks(t.uri);
  expect(t.cache.getCachedJwk(t.uri, jwt('known-kid')).kid).toBe('known-kid');
  expect(() => t.cache.getCachedJwk(t.uri, jwt('other'))).toThrow(new KidNotFoundInJwksError('JWK for kid other not found in the JWKS'));
  t.now += MAX_AGE - 1;
  expect(t.cache.getCachedJwk(t.uri, jwt('known-kid')).kid).toBe('known-kid');
  t.now += 1;
  expect(() => t.cache.getCachedJwk(t.uri, jwt('known-kid'))).toThrow(JwksNotAvailableInCacheError);
  expect(t.fetches).toBe(1);
});

test('addJwks caches a JWKS from now, on the default clock when none is given', () => {
  const cache = new RefreshingJwksCache({ fetcher: { fetch: () => Promise.reject(new Error('no fetch')) }, maxAgeMs: MAX_AGE, refetchIntervalMs: INTERVAL });
  cache.addJwks('https://issuer/jwks', { keys: [{ ...key.publicKey.export({ format: 'jwk' }), kid: 'added', kty: 'RSA', alg: 'RS256', use: 'sig' }] });
  expect(cache.getCachedJwk('https://issuer/jwks', jwt('added')).kid).toBe('added');
});

test('a token without a string kid is refused before any lookup', async () => {
  const t = setup();
  const message = 'JwtWithoutValidKidError: JWT header does not have valid kid claim';
  expect(await outcome(t, undefined)).toBe(message);
  expect(await outcome(t, 7)).toBe(message);
  expect(() => t.cache.getCachedJwk(t.uri, jwt(undefined))).toThrow(new JwtWithoutValidKidError('JWT header does not have valid kid claim'));
  expect(t.fetches).toBe(0);
});

test('getJwks: concurrent callers share one fetch; the next call after it fetches again', async () => {
  const t = setup();
  const all = await Promise.all(Array.from({ length: 5 }, () => t.cache.getJwks(t.uri)));
  expect(t.fetches).toBe(1);
  expect(all.every((jwks) => jwks === all[0])).toBe(true);
  await t.cache.getJwks(t.uri);
  expect(t.fetches).toBe(2);
});

test('getJwk: a known key from a fresh JWKS without a fetch; a stale JWKS is fetched again first', async () => {
  const t = setup();
  expect(await outcome(t, 'known-kid')).toBe('found known-kid');
  expect(await outcome(t, 'known-kid')).toBe('found known-kid');
  expect(t.fetches).toBe(1);
  t.now += MAX_AGE;
  expect(await outcome(t, 'known-kid')).toBe('found known-kid');
  expect(t.fetches).toBe(2);
});

test('an unknown key id: fetched, refused, then refused without a fetch for the refetch interval, not after', async () => {
  const t = setup();
  await t.cache.getJwks(t.uri);
  expect(await outcome(t, 'bogus')).toBe(notFound('bogus'));
  expect(t.fetches).toBe(2);
  t.now += INTERVAL - 1;
  expect(await outcome(t, 'bogus')).toBe(penalized('bogus'));
  expect(t.fetches).toBe(2);
  // the penalty is this key id's: another unknown key id is fetched for
  expect(await outcome(t, 'other')).toBe(notFound('other'));
  expect(t.fetches).toBe(3);
  t.now += 1;
  expect(await outcome(t, 'bogus')).toBe(notFound('bogus'));
  expect(t.fetches).toBe(4);
});

test('unknown key ids of a URI: two fetches at once, then one per refetch interval, never more than two saved up', async () => {
  const t = setup({ maxAgeMs: 100 * INTERVAL });
  await t.cache.getJwks(t.uri);
  expect(await outcome(t, 'a')).toBe(notFound('a'));
  expect(await outcome(t, 'b')).toBe(notFound('b'));
  expect(await outcome(t, 'c')).toBe(spent(t.uri));
  expect(await outcome(t, 'd')).toBe(spent(t.uri));
  expect(t.fetches).toBe(3);
  // half an interval: half a fetch, none yet; a full interval since the spending: one
  t.now += INTERVAL / 2;
  expect(await outcome(t, 'e')).toBe(spent(t.uri));
  t.now += INTERVAL / 2;
  expect(await outcome(t, 'f')).toBe(notFound('f'));
  expect(await outcome(t, 'g')).toBe(spent(t.uri));
  expect(t.fetches).toBe(4);
  // a long quiet time saves up two fetches, not more
  t.now += 10 * INTERVAL;
  expect(await outcome(t, 'h')).toBe(notFound('h'));
  expect(await outcome(t, 'i')).toBe(notFound('i'));
  expect(await outcome(t, 'j')).toBe(spent(t.uri));
  expect(t.fetches).toBe(6);
  // a known key is still served from the cache
  expect(await outcome(t, 'known-kid')).toBe('found known-kid');
  expect(t.fetches).toBe(6);
});

test('an unknown key id joins a fetch under way for free, even with the budget spent', async () => {
  const t = setup();
  await t.cache.getJwks(t.uri);
  await outcome(t, 'a');
  await outcome(t, 'b');
  expect(await outcome(t, 'c')).toBe(spent(t.uri));
  const refresh = t.cache.getJwks(t.uri);
  expect(await outcome(t, 'c')).toBe(notFound('c'));
  await refresh;
  expect(t.fetches).toBe(4);
});

test('a stale JWKS is fetched again whatever the budget', async () => {
  const t = setup();
  await t.cache.getJwks(t.uri);
  await outcome(t, 'a');
  await outcome(t, 'b');
  t.now += MAX_AGE;
  expect(await outcome(t, 'c')).toBe(notFound('c'));
  expect(t.fetches).toBe(4);
});

test('a failed fetch is not cached: the next call fetches again', async () => {
  const t = setup({ jwksUri: `${provider.issuer}/no-such-jwks` });
  await expect(t.cache.getJwks(t.uri)).rejects.toThrow(/Status code is 404/);
  await expect(t.cache.getJwks(t.uri)).rejects.toThrow(/Status code is 404/);
  expect(t.fetches).toBe(2);
});

describe('at most 1000 penalties remembered', () => {
  /** Penalizes `count` distinct unknown key ids at the cache's current time, with one fetch (none fresh, all join it). */
  async function penalizeMany(t: ReturnType<typeof setup>, prefix: string, count: number): Promise<void> {
    const results = await Promise.all(Array.from({ length: count }, (_, i) => outcome(t, `${prefix}${i}`)));
    expect(results.every((r) => r.startsWith('KidNotFoundInJwksError'))).toBe(true);
  }

  test('past 1000, when none has expired, all are forgotten', async () => {
    const t = setup({ maxAgeMs: 10, refetchIntervalMs: 1_000_000 });
    await penalizeMany(t, 'k', 1000);
    t.now += 20; // stale: the next unknown key id is fetched for, without the budget
    expect(t.cache.getCachedJwk.bind(t.cache, t.uri, jwt('known-kid'))).toThrow(JwksNotAvailableInCacheError);
    expect(await outcome(t, 'the-1001st')).toBe(notFound('the-1001st'));
    // the JWKS is fresh again: k0, penalized until much later, is fetched for (forgotten) ...
    expect(await outcome(t, 'k0')).toBe(notFound('k0'));
    // ... while the 1001st, penalized after the others were forgotten, is not
    expect(await outcome(t, 'the-1001st')).toBe('WaitPeriodNotYetEndedJwkError: kid the-1001st was not in the JWKS less than 1000000 ms ago');
  });

  test('exactly 1000 are all remembered', async () => {
    const t = setup({ maxAgeMs: 10, refetchIntervalMs: 1_000_000 });
    await penalizeMany(t, 'k', 999);
    t.now += 20;
    expect(await outcome(t, 'the-1000th')).toBe(notFound('the-1000th'));
    expect(await outcome(t, 'k0')).toBe('WaitPeriodNotYetEndedJwkError: kid k0 was not in the JWKS less than 1000000 ms ago');
  });

  test('past 1000, the expired ones are forgotten first (those whose penalty ends now included), the others kept', async () => {
    const t = setup({ maxAgeMs: 10, refetchIntervalMs: 1000 });
    await penalizeMany(t, 'old', 500); // penalized until now + 1000
    t.now += 100;
    await penalizeMany(t, 'new', 500); // until now + 1000, 100 later
    t.now += 900; // the old penalties end now; the JWKS is stale
    expect(await outcome(t, 'the-1001st')).toBe(notFound('the-1001st'));
    expect(await outcome(t, 'new0')).toBe('WaitPeriodNotYetEndedJwkError: kid new0 was not in the JWKS less than 1000 ms ago');
  });
});

describe('what a key is handed out for', () => {
  const issuer = 'https://issuer.example.com';
  const withIss = (iss: unknown) => ({ header: { alg: 'RS256', kid: 'known-kid' }, payload: { iss } }) as unknown as DecomposedJwt;

  test('only for a token whose unverified iss is an issuer of the URI, before any lookup or fetch', async () => {
    const t = setup({ issuersByUri: new Map([[provider.jwksUri, ['https://other.example.com', issuer]]]) });
    for (const iss of ['https://evil.example.com', `${issuer}/`, undefined, ['x']]) {
      await expect(t.cache.getJwk(t.uri, withIss(iss))).rejects.toBeInstanceOf(JwtInvalidIssuerError);
      expect(() => t.cache.getCachedJwk(t.uri, withIss(iss))).toThrow(JwtInvalidIssuerError);
    }
    expect(t.fetches).toBe(0);
    expect((await t.cache.getJwk(t.uri, withIss(issuer))).kid).toBe('known-kid');
    expect(t.cache.getCachedJwk(t.uri, withIss(issuer)).kid).toBe('known-kid');
    // a URI the map does not name is not checked
    const unchecked = setup({ issuersByUri: new Map([['https://elsewhere.example.com/jwks', [issuer]]]) });
    expect((await unchecked.cache.getJwk(unchecked.uri, withIss('https://anyone.example.com'))).kid).toBe('known-kid');
  });

  test('onFetched is told of each JWKS fetched, after it is cached; not of one added by addJwks', async () => {
    const told: string[] = [];
    const t = setup({
      onFetched: (uri, jwks) => {
        told.push(`${uri} ${(jwks as { keys: { kid: string }[] }).keys.map((k) => k.kid).join(',')}`);
        expect(t.cache.getCachedJwk(uri, jwt('known-kid')).kid).toBe('known-kid');
      },
    });
    await t.cache.getJwks(t.uri);
    t.cache.addJwks(t.uri, { keys: [] });
    await t.cache.getJwks(t.uri);
    expect(told).toEqual([`${t.uri} known-kid`, `${t.uri} known-kid`]);
  });

  test('a key whose key_ops leaves out verify is refused; with verify, or without key_ops, it is handed out', async () => {
    const { n, e } = key.privateJwk as { n: string; e: string };
    const t = setup();
    const keyOf = (kid: string, keyOps?: unknown) => ({ kty: 'RSA', kid, n, e, ...(keyOps === undefined ? {} : { key_ops: keyOps }) });
    t.cache.addJwks(t.uri, {
      keys: [keyOf('enc', ['encrypt']), keyOf('empty', []), keyOf('odd', 'verify'), keyOf('both', ['encrypt', 'verify']), keyOf('plain')],
    } as never);
    for (const kid of ['enc', 'empty', 'odd']) {
      expect(() => t.cache.getCachedJwk(t.uri, jwt(kid))).toThrow(JwkInvalidUseError);
      await expect(t.cache.getJwk(t.uri, jwt(kid))).rejects.toBeInstanceOf(JwkInvalidUseError);
    }
    for (const kid of ['both', 'plain']) {
      expect(t.cache.getCachedJwk(t.uri, jwt(kid)).kid).toBe(kid);
      expect((await t.cache.getJwk(t.uri, jwt(kid))).kid).toBe(kid);
    }
    expect(t.fetches).toBe(0);
  });
});
