/**
 * The JWKS cache's maximum age, with the cache's clock under the test's control, against the real
 * OpenID provider on loopback: a key the issuer removes stops being trusted once the cached JWKS is
 * older than the maximum age, and not before.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { fetch } from 'aws-jwt-verify/https';
import { makeKey, makeTls, OidcProvider, signJwt, tempDir, Tls } from './oidc-fixture';
import { RefreshingJwksCache } from '../../../lambda/jwt-authorizer/jwks-cache';

const AUDIENCE = 'https://api.example.com';
const MAX_AGE_MS = 3_600_000;

let tls: Tls;
beforeAll(async () => {
  tls = await makeTls(tempDir());
});

test('a key removed at the issuer is trusted until the cached JWKS reaches its maximum age, then refused; one fetch per refresh', async () => {
  const removed = makeKey('RS256');
  const kept = makeKey('ES256');
  let p = await OidcProvider.start(tls, [removed, kept]);
  const port = p.port;
  let clock = 1_000_000;
  const cache = new RefreshingJwksCache({
    fetcher: { fetch: (uri: string) => fetch(uri, { ca: tls.certPem, timeout: 1000 } as never) },
    maxAgeMs: MAX_AGE_MS,
    refetchIntervalMs: 10_000,
    clock: () => clock,
  });
  const verifier = JwtVerifier.create({ issuer: p.issuer, jwksUri: p.jwksUri, audience: AUDIENCE }, { jwksCache: cache });
  const token = (key: typeof removed) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(key, { iss: p.issuer, aud: AUDIENCE, iat: now, exp: now + 300 });
  };
  try {
    await expect(verifier.verify(token(removed))).resolves.toBeDefined();
    expect(await p.jwksCount()).toBe(1);

    // The issuer drops the key (same issuer, same port).
    await p.stop();
    p = await OidcProvider.start(tls, [kept], port);

    clock += MAX_AGE_MS - 1;
    expect(() => verifier.verifySync(token(removed))).not.toThrow();
    expect(await p.jwksCount()).toBe(0);

    clock += 1; // the JWKS is now as old as its maximum age
    expect(() => verifier.verifySync(token(removed))).toThrow(/not in the cache or older than its maximum age/);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => verifier.verify(token(removed))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await p.jwksCount()).toBe(1); // 50 concurrent requests, one refresh
    await expect(verifier.verify(token(kept))).resolves.toBeDefined();
    expect(() => verifier.verifySync(token(kept))).not.toThrow();
    expect(await p.jwksCount()).toBe(1);

    // Fails closed: a stale JWKS that cannot be refreshed is not used.
    clock += MAX_AGE_MS;
    await p.stop();
    await expect(verifier.verify(token(kept))).rejects.toThrow();
  } finally {
    await p.stop();
  }
});
