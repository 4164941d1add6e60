/**
 * The bundled JWT authorizer (assets/lambda/jwt-authorizer/index.js, the file that ships) against a
 * real OpenID provider on loopback over HTTPS. Each scenario that depends on the JWKS cache's state
 * runs in its own handler process, a fresh "container".
 */
import { createHmac } from 'node:crypto';
import {
  accessTokenClaims, AUDIENCE, HandlerHost, now, OidcProvider, SigningKey, Tls, closedPort, decodeHeader, decodePayload, encodeUnsigned, events,
  hangingServer, makeKey, makeTls, signJwt, tempDir,
} from './oidc-fixture';

/** Every denial, whatever the cause, must come back within this many milliseconds (JWKS timeout 1 s). */
const DENY_WITHIN_MS = 2_500;


const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

let tls: Tls;
let rsa: SigningKey;
let ec: SigningKey;
let provider: OidcProvider;
let second: OidcProvider;
const hosts: HandlerHost[] = [];

function configFor(issuers: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    issuers,
    scopes: ['orders/read'],
    tokenSource: { location: 'HEADER', name: 'Authorization' },
    jwksTimeoutMs: 1000,
    jwksRefetchIntervalSeconds: 10,
    jwksMaxAgeSeconds: 3600,
    ...extra,
  };
}

const issuerOf = (p: OidcProvider, more: Record<string, unknown> = {}) =>
  ({ issuer: p.issuer, jwksUri: p.jwksUri, audiences: [AUDIENCE], tokenUse: 'access', ...more });

async function host(config: Record<string, unknown>): Promise<HandlerHost> {
  const h = await HandlerHost.start(config, tls);
  hosts.push(h);
  return h;
}

beforeAll(async () => {
  tls = await makeTls(tempDir());
  rsa = makeKey('RS256');
  ec = makeKey('ES256');
  [provider, second] = await Promise.all([
    OidcProvider.start(tls, [rsa, ec]),
    OidcProvider.start(tls, [makeKey('ES256')]),
  ]);
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await Promise.all([provider?.stop(), second?.stop()]);
});

describe('tokens from a real OpenID provider', () => {
  let h: HandlerHost;
  beforeAll(async () => {
    h = await host(configFor([
      issuerOf(provider),
      // The second issuer names its clients, as for Cognito access tokens, which carry no aud.
      { issuer: second.issuer, jwksUri: second.jwksUri, clientIds: ['es-client'] },
    ]));
  });

  test.each(['rs-client', 'es-client'] as const)('a valid %s token (RS256 / ES256) is allowed on an HTTP API, claims passed on', async (client) => {
    const token = await provider.token(client);
    expect(decodeHeader(token).alg).toBe(client === 'rs-client' ? 'RS256' : 'ES256');
    const { result } = await h.invoke(events.http(token));
    expect(result.isAuthorized).toBe(true);
    const context = result.context as Record<string, string>;
    expect(context.iss).toBe(provider.issuer);
    expect(context.client_id).toBe(client);
    expect(context.scope).toContain('orders/read');
    expect(JSON.parse(context.claims).aud).toBe(AUDIENCE);
  });

  test('a second issuer (client id instead of audience) is accepted by the same function', async () => {
    const token = await second.token('es-client');
    const { result } = await h.invoke(events.http(token));
    expect(result.isAuthorized).toBe(true);
    expect((result.context as Record<string, string>).iss).toBe(second.issuer);
    // ... but only for the clients it names
    const other = await second.token('rs-client');
    expect((await h.invoke(events.http(other))).result).toEqual({ isAuthorized: false });
  });

  test('REST TOKEN, REST REQUEST and WebSocket $connect get an IAM policy covering every method of the stage', async () => {
    const token = await provider.token('rs-client');
    for (const [event, resource] of [
      [events.restToken(token), 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*'],
      [events.restRequest(token), 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*'],
      // WebSocket $connect with the token in the (default) Authorization header: the stage of the route ARN.
      [{ ...events.webSocketConnect(''), queryStringParameters: {}, headers: { Authorization: `Bearer ${token}` } }, 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/prod/*'],
    ] as const) {
      const { result } = await h.invoke(event);
      expect(result.policyDocument).toEqual({
        Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
      });
      expect(result.principalId).toBe(decodePayload(token).sub);
      expect((result.context as Record<string, string>).client_id).toBe('rs-client');
    }
  });

  test('WebSocket $connect reads the token from the query string when so configured', async () => {
    const ws = await host(configFor([issuerOf(provider)], { tokenSource: { location: 'QUERY_STRING', name: 'token' } }));
    const token = await provider.token('es-client');
    const { result } = await ws.invoke(events.webSocketConnect(token));
    expect(result.policyDocument).toMatchObject({ Statement: [{ Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/prod/*' }] });
    // the header is not read when the query string is the source: no token, 401
    expect((await ws.answer(events.webSocketHeader(token))).status).toBe(401);
  });

  test.each(['bearer', 'BEARER', 'Bearer'])('the scheme is case-insensitive (RFC 7235 §2.1): %s <jwt> is allowed on every API kind', async (scheme) => {
    const token = await provider.token('rs-client');
    const shapes = [events.http, events.restToken, events.restRequest, events.webSocketHeader];
    for (const event of shapes.map((shape) => shape(token, scheme))) {
      expect((await h.answer(event)).status).toBe('allow');
    }
  });

  test('no token, an empty header or a non-bearer scheme → 401 on REST and WebSocket, 403 on HTTP', async () => {
    for (const headers of [{}, { authorization: '' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      expect((await h.invoke({ ...events.http('x'), headers })).result).toEqual({ isAuthorized: false });
      expect((await h.answer({ ...events.restRequest('x'), headers })).status).toBe(401);
      expect((await h.answer({ ...events.webSocketHeader('x'), headers })).status).toBe(401);
    }
    expect((await h.answer({ type: 'TOKEN', methodArn: 'arn:aws:execute-api:eu-west-1:1:a/s/GET/x' })).status).toBe(401);
  });
});


/** Expects `token` to be refused on every event shape with `restStatus` on REST and WebSocket (HTTP: always 403), fast, and as the caller's fault. */
async function expectRefused(h: HandlerHost, token: string, restStatus: 401 | 403): Promise<void> {
  for (const [event, status] of [
    [events.http(token), 403],
    [events.restToken(token), restStatus],
    [events.restRequest(token), restStatus],
    [events.webSocketHeader(token), restStatus],
  ] as const) {
    const answer = await h.answer(event);
    expect({ kind: (event as { type: string }).type, status: answer.status }).toEqual({ kind: (event as { type: string }).type, status });
    if (answer.status === 403 && answer.result && 'policyDocument' in answer.result) {
      expect(answer.result.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
    }
    expect(answer.ms).toBeLessThan(DENY_WITHIN_MS);
  }
  // a refused token is the caller's fault: no issuer-fault metric; each 401 is counted, so alarms can subtract it from Errors
  expect(await h.issuerFaults()).toBe(0);
  const before = await h.unauthorizedCount();
  await h.answer(events.restToken(token));
  expect(await h.unauthorizedCount()).toBe(before + (restStatus === 401 ? 1 : 0));
}

describe('tokens signed with the issuer\'s key, each unlike an accepted one in one respect only', () => {
  // requiredClaims is on here, and every token carries tenant: 'acme' unless the case is about it.
  let strict: HandlerHost;
  beforeAll(async () => {
    strict = await host(configFor([issuerOf(provider)], { requiredClaims: { tenant: 'acme' } }));
  });
  const claims = (more: Record<string, unknown> = {}) => accessTokenClaims(provider.issuer, more);
  const withoutExp = () => {
    const { exp: _exp, ...rest } = claims();
    return rest;
  };

  test.each([
    ['typ absent', () => signJwt(rsa, claims(), { typ: undefined })],
    ['typ JWT', () => signJwt(rsa, claims(), { typ: 'JWT' })],
    ['typ at+jwt', () => signJwt(rsa, claims(), { typ: 'at+jwt' })],
    ['typ application/at+JWT', () => signJwt(rsa, claims(), { typ: 'application/at+JWT' })],
  ])('the accepted token (%s) is allowed on every API kind', async (_name, make) => {
    const token = make();
    for (const event of [events.http(token), events.restToken(token), events.restRequest(token), events.webSocketHeader(token)]) {
      expect((await strict.answer(event)).status).toBe('allow');
    }
  });

  const refused: [string, 401 | 403, () => Promise<string> | string][] = [
    ['expired', 401, () => signJwt(rsa, claims({ iat: now() - 3600, exp: now() - 60 }))],
    ['not yet valid', 401, () => signJwt(rsa, claims({ nbf: now() + 600 }))],
    ['wrong issuer', 401, () => signJwt(rsa, claims({ iss: 'https://127.0.0.1:1/other' }))],
    ['alg none', 401, () => `${encodeUnsigned({ alg: 'none', typ: 'JWT', kid: rsa.kid }, claims())}.`],
    ['HS256 signed with the public key as secret', 401, () => {
      const input = encodeUnsigned({ alg: 'HS256', typ: 'JWT', kid: rsa.kid }, claims());
      const secret = rsa.publicKey.export({ type: 'spki', format: 'pem' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }],
    ['tampered payload', 401, () => {
      const [header, , signature] = signJwt(rsa, claims()).split('.');
      const payload = Buffer.from(JSON.stringify(claims({ sub: 'admin', scope: 'orders/read orders/write' }))).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }],
    ['unknown key id', 401, () => signJwt(makeKey('RS256', 'not-at-the-issuer'), claims())],
    ['crit header (RFC 7515 §4.1.11)', 401, () => signJwt(rsa, claims(), { 'crit': ['urn:example:ext'], 'urn:example:ext': true })],
    ['typ logout+jwt (RFC 8725 §3.11)', 401, () => signJwt(rsa, claims(), { typ: 'logout+jwt' })],
    ['typ not a string', 401, () => signJwt(rsa, claims(), { typ: 1 })],
    ['no exp', 401, () => signJwt(rsa, withoutExp())],
    ['required claim with another value', 403, () => signJwt(rsa, claims({ tenant: 'other' }))],
    ['garbage', 401, () => 'not.a.jwt'],
  ];

  test.each(refused)('%s → refused on every API kind (REST and WebSocket: %s), within the time bound, never a 500', async (_name, status, make) => {
    await expectRefused(strict, await make(), status);
  });

  test('per issuer: tokenTypes narrows typ, requireTokenType refuses an absent one, allowNoExpiry accepts no exp', async () => {
    const typed = await host(configFor([issuerOf(provider, { tokenTypes: ['at+jwt'], requireTokenType: true, allowNoExpiry: true })],
      { requiredClaims: { tenant: 'acme' } }));
    expect((await typed.answer(events.restToken(signJwt(rsa, claims(), { typ: 'at+jwt' })))).status).toBe('allow');
    expect((await typed.answer(events.restToken(signJwt(rsa, withoutExp(), { typ: 'at+jwt' })))).status).toBe('allow');
    expect((await typed.answer(events.restToken(signJwt(rsa, claims(), { typ: 'JWT' })))).status).toBe(401);
    expect((await typed.answer(events.restToken(signJwt(rsa, claims(), { typ: undefined })))).status).toBe(401);
  });
});

describe('tokens from the real OpenID provider, each unlike an accepted one in one respect only', () => {
  // No required claims: the provider issues none. The accepted token is the provider's rs-client
  // access token for AUDIENCE with scope orders/read and token_use access; each case changes one of these.
  let plain: HandlerHost;
  beforeAll(async () => {
    plain = await host(configFor([issuerOf(provider)]));
  });

  test('the accepted token is allowed on every API kind', async () => {
    const token = await provider.token('rs-client');
    for (const event of [events.http(token), events.restToken(token), events.restRequest(token), events.webSocketHeader(token)]) {
      expect((await plain.answer(event)).status).toBe('allow');
    }
  });

  test.each([
    ['wrong audience', 403, () => provider.token('rs-client', 'orders/read', 'https://other.example.com')],
    ['missing scope', 403, () => provider.token('rs-client', 'other/thing')],
    ['wrong token_use (an id-client token: token_use id)', 403, () => provider.token('id-client')],
    ['a real token of an issuer not configured', 401, () => second.token('rs-client')],
  ] as const)('%s → refused on every API kind (REST and WebSocket: %s)', async (_name, status, make) => {
    const token = await make();
    await expectRefused(plain, token, status);
  });
});

describe('JWKS trouble', () => {
  test('JWKS endpoint down → denied fast, logged and counted as not the caller\'s fault; refetch backs off', async () => {
    const port = await closedPort();
    const h = await host(configFor([{ ...issuerOf(provider), jwksUri: `https://127.0.0.1:${port}/jwks` }]));
    const token = await provider.token('rs-client');
    for (let i = 0; i < 3; i++) {
      const { result, ms } = await h.invoke(events.http(token));
      expect(result).toEqual({ isAuthorized: false });
      expect(ms).toBeLessThan(DENY_WITHIN_MS);
    }
    expect(await h.issuerFaults()).toBe(3);
    expect(h.output).toContain('"level":"ERROR"');
    expect(h.output).toContain('Portcullis/JwtAuthorizer');
  });

  test('JWKS endpoint hanging → denied within the time bound (JWKS timeout 1 s), counted as not the caller\'s fault', async () => {
    const hanging = await hangingServer();
    try {
      const h = await host(configFor([{ ...issuerOf(provider), jwksUri: `https://127.0.0.1:${hanging.port}/jwks` }]));
      const token = await provider.token('rs-client');
      // Raced against the bound, so that a handler that waits for ever fails here, not by jest's timeout.
      const within = async (event: unknown) => {
        const started = Date.now();
        const answer = await Promise.race([h.answer(event), sleep(DENY_WITHIN_MS + 500).then(() => 'no answer' as const)]);
        return { answer, elapsed: Date.now() - started };
      };
      const first = await within(events.restToken(token));
      expect(first.answer).toMatchObject({ status: 403 });
      expect(first.elapsed).toBeGreaterThanOrEqual(900);
      expect(first.elapsed).toBeLessThan(DENY_WITHIN_MS);
      // the next request within the back-off does not wait again
      const again = await within(events.restToken(token));
      expect(again.answer).toMatchObject({ status: 403 });
      expect(again.elapsed).toBeLessThan(200);
      expect(await h.issuerFaults()).toBe(2);
    } finally {
      await hanging.close();
    }
  });

  test('a broken configuration denies everything and counts it', async () => {
    const h = await host({ issuers: [] });
    expect((await h.invoke(events.http(await provider.token('rs-client')))).result).toEqual({ isAuthorized: false });
    expect(await h.issuerFaults()).toBe(1);
  });
});

describe('JWKS cache', () => {
  test('fetched once per container; a flood of unknown key ids causes at most two more fetches (the per-issuer budget)', async () => {
    const p = await OidcProvider.start(tls, [rsa]);
    try {
      const h = await host(configFor([issuerOf(p)]));
      const token = await p.token('rs-client');
      for (let i = 0; i < 20; i++) expect((await h.invoke(events.http(token))).result.isAuthorized).toBe(true);
      expect(await p.jwksCount()).toBe(1);

      const at = now();
      const floodStart = Date.now();
      const bogus = makeKey('RS256');
      const flood = Array.from({ length: 200 }, (_, i) => signJwt({ ...bogus, kid: `bogus-${i}` },
        { iss: p.issuer, aud: AUDIENCE, scope: 'orders/read', token_use: 'access', iat: at, exp: at + 300 }));
      const results = await Promise.all(flood.map((t) => h.invoke(events.http(t))));
      expect(results.every((r) => r.result.isAuthorized === false)).toBe(true);
      // The budget refills one fetch per refetch interval (10 s here): on a loaded machine the floods may
      // outlast an interval, and each interval passed may then cost one fetch more, never more than that.
      const refills = () => Math.floor((Date.now() - floodStart) / 10_000);
      expect(await p.jwksCount()).toBeLessThanOrEqual(3 + refills());
      // and a second flood within the interval spends at most what the budget has left: both floods
      // together never cost more than the budget of two (a first flood coalesced into one fetch leaves one)

      await Promise.all(flood.map((t) => h.invoke(events.http(t))));
      await Promise.all(Array.from({ length: 50 }, (_, i) => h.invoke(events.http(signJwt({ ...bogus, kid: `more-${i}` },
        { iss: p.issuer, aud: AUDIENCE, scope: 'orders/read', token_use: 'access', iat: at, exp: at + 300 })))));
      expect(await p.jwksCount()).toBeLessThanOrEqual(3 + refills());
      // valid tokens still pass from the cache during the flood's back-off
      expect((await h.invoke(events.http(token))).result.isAuthorized).toBe(true);
      expect(await h.issuerFaults()).toBe(0);
    } finally {
      await p.stop();
    }
  });

  test('key rotation at the issuer is picked up without a restart', async () => {
    const oldKey = makeKey('RS256');
    const newKey = makeKey('ES256');
    let p = await OidcProvider.start(tls, [oldKey]);
    const port = p.port;
    const h = await host(configFor([issuerOf(p)]));
    try {
      expect((await h.invoke(events.http(await p.token('rs-client')))).result.isAuthorized).toBe(true);
      await p.stop();
      p = await OidcProvider.start(tls, [newKey], port); // same issuer, the old key retired
      const token = await p.token('es-client');
      expect(decodeHeader(token).kid).toBe(newKey.kid);
      expect((await h.invoke(events.http(token))).result.isAuthorized).toBe(true);
      expect(await p.jwksCount()).toBe(1);
    } finally {
      await p.stop();
    }
  });

  test('a bogus key id does not delay a key the issuer rotates in just after it', async () => {
    const oldKey = makeKey('RS256');
    const newKey = makeKey('RS256');
    let p = await OidcProvider.start(tls, [oldKey]);
    const port = p.port;
    const h = await host(configFor([issuerOf(p)]));
    const payload = () => ({ iss: p.issuer, aud: AUDIENCE, scope: 'orders/read', token_use: 'access', iat: now() - 5, exp: now() + 300 });
    try {
      expect((await h.answer(events.restToken(signJwt(oldKey, payload())))).status).toBe('allow');
      // an attacker's kid: fetched, not there, refused
      const bogus = signJwt({ ...makeKey('RS256'), kid: 'bogus' }, payload());
      expect((await h.answer(events.restToken(bogus))).status).toBe(401);
      expect(await p.jwksCount()).toBe(2);
      // ... and, sent again, refused without a fetch: the penalty is this kid's
      expect((await h.answer(events.restToken(bogus))).status).toBe(401);
      expect(await p.jwksCount()).toBe(2);
      // then the issuer publishes a new key and signs with it at once
      await p.stop();
      p = await OidcProvider.start(tls, [oldKey, newKey], port);
      const started = Date.now();
      expect((await h.answer(events.restToken(signJwt(newKey, payload())))).status).toBe('allow');
      expect(Date.now() - started).toBeLessThan(DENY_WITHIN_MS);
      expect(await p.jwksCount()).toBe(1);
      // the bogus kid is still refused without a fetch
      expect((await h.answer(events.restToken(bogus))).status).toBe(401);
      expect(await p.jwksCount()).toBe(1);
    } finally {
      await p.stop();
    }
  });
});
