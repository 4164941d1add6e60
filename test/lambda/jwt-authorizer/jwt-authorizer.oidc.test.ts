/**
 * The bundled JWT authorizer (assets/lambda/jwt-authorizer/index.js, the file that ships) against a
 * real OpenID provider on loopback over HTTPS. Each scenario that depends on the JWKS cache's state
 * runs in its own handler process, a fresh "container".
 */
import { createHmac } from 'node:crypto';
import {
  HandlerHost, OidcProvider, SigningKey, Tls, closedPort, decodeHeader, decodePayload, encodeUnsigned, events,
  hangingServer, makeKey, makeTls, signJwt, tempDir,
} from './oidc-fixture';

/** Every denial, whatever the cause, must come back within this many milliseconds (JWKS timeout 1 s). */
const DENY_WITHIN_MS = 2_500;

const AUDIENCE = 'https://api.example.com';

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
    // the header is not read when the query string is the source
    const { result: viaHeader } = await ws.invoke({ ...events.webSocketConnect(''), headers: { Authorization: `Bearer ${token}` } });
    expect(viaHeader.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (more: Record<string, unknown> = {}) => ({
    iss: provider.issuer,
    aud: AUDIENCE,
    sub: 'user-1',
    client_id: 'rs-client',
    scope: 'orders/read',
    token_use: 'access',
    iat: now() - 10,
    exp: now() + 300,
    ...more,
  });

  const rejected: [string, () => Promise<string>][] = [
    ['expired', async () => signJwt(rsa, claims({ iat: now() - 3600, exp: now() - 60 }))],
    ['not yet valid', async () => signJwt(rsa, claims({ nbf: now() + 600 }))],
    ['wrong issuer', async () => signJwt(rsa, claims({ iss: 'https://127.0.0.1:1/other' }))],
    ['wrong issuer: a real token of an issuer not configured for the audience', async () => {
      const token = await second.token('rs-client');
      return token;
    }],
    ['wrong audience', async () => provider.token('rs-client', 'orders/read', 'https://other.example.com')],
    ['missing scope', async () => provider.token('rs-client', 'other/thing')],
    ['wrong token_use', async () => provider.token('id-client')],
    ['alg none', async () => `${encodeUnsigned({ alg: 'none', typ: 'JWT', kid: rsa.kid }, claims())}.`],
    ['HS256 signed with the public key as secret', async () => {
      const input = encodeUnsigned({ alg: 'HS256', typ: 'JWT', kid: rsa.kid }, claims());
      const secret = rsa.publicKey.export({ type: 'spki', format: 'pem' });
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    }],
    ['tampered payload', async () => {
      const [header, , signature] = (await provider.token('rs-client', 'orders/read')).split('.');
      const payload = Buffer.from(JSON.stringify({ ...claims(), sub: 'admin', scope: 'orders/read orders/write' })).toString('base64url');
      return `${header}.${payload}.${signature}`;
    }],
    ['unknown key id', async () => signJwt(makeKey('RS256', 'not-at-the-issuer'), claims())],
    ['required claim missing', async () => signJwt(rsa, claims({ tenant: 'other' }))],
    ['garbage', async () => 'not.a.jwt'],
  ];

  test.each(rejected)('%s → denied on every API kind, within the time bound, never thrown', async (_name, make) => {
    const strict = await host(configFor([issuerOf(provider)], { requiredClaims: { tenant: 'acme' } }));
    // The same token, with the required claim, passes: the denial is for the stated reason only.
    const good = await strict.invoke(events.http(signJwt(rsa, claims({ tenant: 'acme' }))));
    expect(good.result.isAuthorized).toBe(true);

    const token = await make();
    for (const event of [events.http(token), events.restToken(token), events.restRequest(token)]) {
      const { result, ms } = await strict.invoke(event);
      if ('isAuthorized' in result) expect(result).toEqual({ isAuthorized: false });
      else expect(result.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
      expect(ms).toBeLessThan(DENY_WITHIN_MS);
    }
    // a rejected token is the caller's fault: no issuer-fault metric
    expect(await strict.issuerFaults()).toBe(0);
  });

  test('no token, an empty header or a non-bearer scheme → denied', async () => {
    for (const headers of [{}, { authorization: '' }, { authorization: 'Basic dXNlcjpwYXNz' }]) {
      expect((await h.invoke({ ...events.http('x'), headers })).result).toEqual({ isAuthorized: false });
    }
    expect((await h.invoke({ type: 'TOKEN', methodArn: 'arn:aws:execute-api:eu-west-1:1:a/s/GET/x' })).result)
      .toMatchObject({ principalId: 'anonymous', policyDocument: { Statement: [{ Effect: 'Deny', Resource: 'arn:aws:execute-api:eu-west-1:1:a/s/*' }] } });
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
      const { result, ms } = await h.invoke(events.restToken(token));
      expect(result.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny' }] });
      expect(ms).toBeGreaterThanOrEqual(900);
      expect(ms).toBeLessThan(DENY_WITHIN_MS);
      // the next request within the back-off does not wait again
      const again = await h.invoke(events.restToken(token));
      expect(again.ms).toBeLessThan(200);
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
  test('fetched once per container; a flood of unknown key ids causes at most one more fetch', async () => {
    const p = await OidcProvider.start(tls, [rsa]);
    try {
      const h = await host(configFor([issuerOf(p)]));
      const token = await p.token('rs-client');
      for (let i = 0; i < 20; i++) expect((await h.invoke(events.http(token))).result.isAuthorized).toBe(true);
      expect(await p.jwksCount()).toBe(1);

      const now = Math.floor(Date.now() / 1000);
      const bogus = makeKey('RS256');
      const flood = Array.from({ length: 200 }, (_, i) => signJwt({ ...bogus, kid: `bogus-${i}` },
        { iss: p.issuer, aud: AUDIENCE, scope: 'orders/read', token_use: 'access', iat: now, exp: now + 300 }));
      const results = await Promise.all(flood.map((t) => h.invoke(events.http(t))));
      expect(results.every((r) => r.result.isAuthorized === false)).toBe(true);
      expect(await p.jwksCount()).toBeLessThanOrEqual(2);
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
});
