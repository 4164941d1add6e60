/**
 * The JWT authorizer's handler (lambda/jwt-authorizer/index.ts), imported from source, against the
 * real OpenID provider on loopback over HTTPS. Each `container` is a fresh copy of the module (its
 * configuration and JWKS cache are per container, as in Lambda). The bundle that ships is tested the
 * same way in jwt-authorizer.oidc.test.ts; this file is the one mutation testing runs (it sees the
 * sources' coverage, which a child process hides).
 */
import * as https from 'node:https';
import {
  accessTokenClaims, AUDIENCE, closedPort, decodePayload, events, hangingServer, makeKey, makeTls, OidcProvider, SigningKey, signJwt, tempDir, Tls,
} from './oidc-fixture';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42';
const STAGE = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*';

let tls: Tls;
let rsa: SigningKey;
let provider: OidcProvider;
beforeAll(async () => {
  tls = await makeTls(tempDir());
  rsa = makeKey('RS256');
  provider = await OidcProvider.start(tls, [rsa]);
  // The handler's fetches use the default agent: trust the loopback certificate there.
  https.globalAgent.options.ca = tls.certPem;
});
afterAll(async () => {
  delete https.globalAgent.options.ca;
  await provider?.stop();
});

type Handler = (event: unknown) => Promise<Record<string, unknown>>;

interface Answer {
  /** What API Gateway answers: 'allow', 403 (a denial), 401 (exactly `Unauthorized` thrown on REST), 500 (any other error). */
  readonly status: 'allow' | 401 | 403 | 500;
  readonly result?: Record<string, unknown>;
  /** The JSON lines the handler logged, and the metric names it counted. */
  readonly logs: Record<string, string>[];
  readonly metrics: string[];
}

/**
 * A fresh container configured with `config` (undefined: the variable is not set). The variable is
 * set before each invocation, unless `setEnv` is false (then it is as the test left it).
 */
function container(config: unknown): (event: unknown, setEnv?: boolean) => Promise<Answer> {
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require('../../../lambda/jwt-authorizer/index').handler;
  });
  return async (event, setEnv = true) => {
    if (setEnv && config === undefined) delete process.env.PORTCULLIS_JWT_AUTHORIZER;
    else if (setEnv) process.env.PORTCULLIS_JWT_AUTHORIZER = typeof config === 'string' ? config : JSON.stringify(config);
    const logs: Record<string, string>[] = [];
    const metrics: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(JSON.parse(line)); });
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      const record = JSON.parse(String(chunk));
      metrics.push(record._aws.CloudWatchMetrics[0].Metrics[0].Name);
      return true;
    });
    try {
      const result = await handler!(event);
      const allowed = 'isAuthorized' in result ? result.isAuthorized === true
        : (result.policyDocument as { Statement: { Effect: string }[] }).Statement.every((s) => s.Effect === 'Allow');
      return { status: allowed ? 'allow' : 403, result, logs, metrics };
    } catch (err) {
      const isRest = typeof (event as { methodArn?: unknown } | undefined)?.methodArn === 'string';
      return { status: (err as Error).message === 'Unauthorized' && isRest ? 401 : 500, logs, metrics };
    } finally {
      log.mockRestore();
      out.mockRestore();
    }
  };
}

const configFor = (issuer: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  issuers: [{ issuer: provider.issuer, jwksUri: provider.jwksUri, audiences: [AUDIENCE], ...issuer }],
  tokenSource: { location: 'HEADER', name: 'Authorization' },
  jwksTimeoutMs: 1000,
  jwksRefetchIntervalSeconds: 10,
  jwksMaxAgeSeconds: 3600,
  ...extra,
});

const claims = (more: Record<string, unknown> = {}) => accessTokenClaims(provider.issuer, more);
const without = (name: string) => Object.fromEntries(Object.entries(claims()).filter(([k]) => k !== name));
const rest = (token: string) => events.restToken(token);

describe('a valid token', () => {
  test('HTTP: allowed with the claims; REST: an Allow policy for the stage; the JWKS fetched once per container', async () => {
    const answer = container(configFor({}, { scopes: ['orders/read'] }));
    const before = await provider.jwksCount();
    const token = await provider.token('rs-client');
    const http = await answer(events.http(token));
    expect(http.status).toBe('allow');
    expect((http.result!.context as Record<string, string>).client_id).toBe('rs-client');
    const policy = await answer(events.restRequest(token));
    expect(policy.result).toMatchObject({
      principalId: decodePayload(token).sub,
      policyDocument: { Statement: [{ Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' }] },
    });
    for (let i = 0; i < 3; i++) expect((await answer(rest(signJwt(rsa, claims())))).status).toBe('allow');
    expect(await provider.jwksCount()).toBe(before + 1);
    expect(http.logs).toEqual([]);
    expect(http.metrics).toEqual([]);
  });
});

describe('audience and scope: a token without the permission asked for is forbidden (403), logged as the caller\'s', () => {
  test('an audience not configured → 403', async () => {
    const answer = container(configFor());
    const refused = await answer(rest(signJwt(rsa, claims({ aud: 'https://other.example.com' }))));
    expect(refused.status).toBe(403);
    expect(refused.result!.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny', Resource: STAGE }] });
    expect(refused.logs).toEqual([{ level: 'INFO', message: 'denied', reason: 'Error' }]);
    expect(refused.metrics).toEqual([]);
  });

  test('scopes: one of them needed; none configured or an empty list: any scope', async () => {
    const scoped = container(configFor({}, { scopes: ['orders/write', 'orders/read'] }));
    expect((await scoped(rest(signJwt(rsa, claims())))).status).toBe('allow');
    expect((await scoped(rest(signJwt(rsa, claims({ scope: 'other/thing' }))))).status).toBe(403);
    expect((await container(configFor())(rest(signJwt(rsa, claims({ scope: 'other/thing' }))))).status).toBe('allow');
    expect((await container(configFor({}, { scopes: [] }))(rest(signJwt(rsa, claims({ scope: 'other/thing' }))))).status).toBe('allow');
  });
});

describe('client ids (an issuer without audiences)', () => {
  const answer = () => container(configFor({ audiences: undefined, clientIds: ['app-1', 'app-2'] }));

  test.each([
    ['client_id named', { client_id: 'app-2', aud: 'anything' }],
    ['no client_id, aud named (ID token)', { client_id: undefined, aud: 'app-1' }],
    ['no client_id, aud a list with one named', { client_id: undefined, aud: ['other', 'app-1'] }],
  ])('%s → allowed', async (_name, more) => {
    expect((await answer()(rest(signJwt(rsa, claims(more))))).status).toBe('allow');
  });

  test.each([
    ['client_id not named (aud named)', { client_id: 'app-3', aud: 'app-1' }],
    ['no client_id, aud not named', { client_id: undefined, aud: 'other' }],
    ['no client_id, no aud', { client_id: undefined, aud: undefined }],
    ['client_id not a string (aud named)', { client_id: ['app-1'], aud: 'app-1' }],
    ['client_id a number (aud named)', { client_id: 7, aud: 'app-1' }],
  ])('%s → 403, ClaimError', async (_name, more) => {
    const refused = await answer()(rest(signJwt(rsa, claims(more))));
    expect(refused.status).toBe(403);
    expect(refused.logs).toEqual([{ level: 'INFO', message: 'denied', reason: 'ClaimError' }]);
  });
});

describe('token use and required claims', () => {
  test('tokenUse: the token_use claim must equal it; without it, any', async () => {
    const used = container(configFor({ tokenUse: 'access' }));
    expect((await used(rest(signJwt(rsa, claims())))).status).toBe('allow');
    expect((await used(rest(signJwt(rsa, claims({ token_use: 'id' }))))).status).toBe(403);
    expect((await container(configFor())(rest(signJwt(rsa, claims({ token_use: 'id' }))))).status).toBe('allow');
  });

  test('requiredClaims: equal, or contained in an array claim; a longer string or a missing claim is not', async () => {
    const required = container(configFor({}, { requiredClaims: { tenant: 'acme' } }));
    expect((await required(rest(signJwt(rsa, claims())))).status).toBe('allow');
    expect((await required(rest(signJwt(rsa, claims({ tenant: ['other', 'acme'] }))))).status).toBe('allow');
    for (const token of [signJwt(rsa, claims({ tenant: 'acme-corp' })), signJwt(rsa, claims({ tenant: ['other'] })), signJwt(rsa, without('tenant'))]) {
      const refused = await required(rest(token));
      expect(refused.status).toBe(403);
      expect(refused.logs).toEqual([{ level: 'INFO', message: 'denied', reason: 'ClaimError' }]);
    }
  });
});

describe('header and expiry: a token of another kind is refused (401), TokenRefusedError', () => {
  const refused = async (answer: ReturnType<typeof container>, token: string) => {
    const a = await answer(rest(token));
    expect({ status: a.status, logs: a.logs, metrics: a.metrics })
      .toEqual({ status: 401, logs: [{ level: 'INFO', message: 'denied', reason: 'TokenRefusedError' }], metrics: ['Unauthorized'] });
  };

  test('crit: refused', async () => {
    const answer = container(configFor());
    await refused(answer, signJwt(rsa, claims(), { 'crit': ['urn:example:ext'], 'urn:example:ext': true }));
    expect((await answer(rest(signJwt(rsa, claims())))).status).toBe('allow');
  });

  test('typ by default: JWT or at+jwt, any case, application/ optional; absent accepted', async () => {
    const answer = container(configFor());
    for (const typ of [undefined, 'JWT', 'jwt', 'AT+JWT', 'application/at+jwt', 'Application/At+Jwt']) {
      expect({ typ, status: (await answer(rest(signJwt(rsa, claims(), { typ })))).status }).toEqual({ typ, status: 'allow' });
    }
    // application/ is dropped as a prefix only
    for (const typ of ['logout+jwt', 'jwtapplication/', 'application/logout+jwt', 1]) await refused(answer, signJwt(rsa, claims(), { typ }));
  });

  test('tokenTypes narrows typ (compared the same way); requireTokenType refuses an absent one, only when true', async () => {
    const typed = container(configFor({ tokenTypes: ['application/AT+JWT'], requireTokenType: true }));
    expect((await typed(rest(signJwt(rsa, claims(), { typ: 'at+jwt' })))).status).toBe('allow');
    await refused(typed, signJwt(rsa, claims(), { typ: 'JWT' }));
    await refused(typed, signJwt(rsa, claims(), { typ: undefined }));
    expect((await container(configFor({ requireTokenType: false }))(rest(signJwt(rsa, claims(), { typ: undefined })))).status).toBe('allow');
  });

  test('exp: required unless allowNoExpiry is true', async () => {
    await refused(container(configFor()), signJwt(rsa, without('exp')));
    await refused(container(configFor({ allowNoExpiry: false })), signJwt(rsa, without('exp')));
    expect((await container(configFor({ allowNoExpiry: true }))(rest(signJwt(rsa, without('exp'))))).status).toBe('allow');
  });
});

describe('no token, or a token that is not one', () => {
  test('no bearer token: 401 on REST (counted), a plain no on HTTP', async () => {
    const answer = container(configFor());
    const restAnswer = await answer({ type: 'TOKEN', methodArn: METHOD_ARN });
    expect(restAnswer).toEqual({ status: 401, logs: [{ level: 'INFO', message: 'denied', reason: 'no bearer token' }], metrics: ['Unauthorized'] });
    const http = await answer({ ...events.http('x'), headers: {} });
    expect(http.result).toStrictEqual({ isAuthorized: false });
    expect(http.metrics).toEqual([]);
  });

  test('a token that fails verification: 401 on REST, a plain no on HTTP', async () => {
    const answer = container(configFor());
    const forged = signJwt(makeKey('ES256', rsa.kid), claims());
    expect((await answer(rest(forged))).status).toBe(401);
    expect((await answer(events.http(forged))).result).toStrictEqual({ isAuthorized: false });
  });

  test('an event that cannot be read is denied, never a 500', async () => {
    expect((await container(configFor())(undefined)).result).toStrictEqual({ isAuthorized: false });
    // a method ARN that can be read once only: the answer cannot be built, the denial is still a plain no
    let reads = 0;
    const event = {
      type: 'TOKEN',
      authorizationToken: `Bearer ${signJwt(rsa, claims({ aud: 'https://other.example.com' }))}`,
      get methodArn() {
        if (reads++ > 0) throw new Error('read twice');
        return METHOD_ARN;
      },
    };
    expect((await container(configFor())(event)).result).toStrictEqual({ isAuthorized: false });
    // one that cannot be read at first: whether a policy is due is unknown, so a plain no, not a guessed policy
    let tries = 0;
    const flaky = {
      type: 'TOKEN',
      get methodArn() {
        if (tries++ === 0) throw new Error('not yet');
        return METHOD_ARN;
      },
    };
    expect((await container(configFor())(flaky)).result).toStrictEqual({ isAuthorized: false });
  });
});

describe('failures that are not the caller\'s: denied (403, never 401), logged as ERROR and counted', () => {
  test('configuration not set, or broken: every request; the failure is kept for the container', async () => {
    const unset = await container(undefined)(rest(signJwt(rsa, claims())));
    expect(unset).toMatchObject({
      status: 403,
      logs: [{ level: 'ERROR', message: 'denied: not the caller\'s fault', reason: 'ConfigurationError', detail: 'configuration: PORTCULLIS_JWT_AUTHORIZER is not set' }],
      metrics: ['JwksUnavailable'],
    });
    expect(unset.result!.policyDocument).toMatchObject({ Statement: [{ Effect: 'Deny', Resource: STAGE }] });
    const broken = container({ issuers: [] });
    for (let i = 0; i < 2; i++) {
      expect(await broken(events.http(signJwt(rsa, claims())))).toStrictEqual({
        status: 403,
        result: { isAuthorized: false },
        logs: [{ level: 'ERROR', message: 'denied: not the caller\'s fault', reason: 'ConfigurationError', detail: 'configuration: no issuers' }],
        metrics: ['JwksUnavailable'],
      });
    }
    // read once per container: a configuration fixed later is not picked up by it
    const once = container('{');
    expect((await once(rest(signJwt(rsa, claims())))).logs[0].detail).toMatch(/^configuration: .*JSON/);
    process.env.PORTCULLIS_JWT_AUTHORIZER = JSON.stringify(configFor());
    expect((await once(rest(signJwt(rsa, claims())), false)).logs[0].detail).toMatch(/^configuration: .*JSON/);
    // ... while a new container reads it
    expect((await container(configFor())(rest(signJwt(rsa, claims())), false)).status).toBe('allow');
  });

  test('JWKS endpoint down: denied with the fetch error, then backed off for the refetch interval', async () => {
    const jwksUri = `https://127.0.0.1:${await closedPort()}/jwks`;
    const answer = container(configFor({ jwksUri }));
    const first = await answer(rest(signJwt(rsa, claims())));
    expect(first.status).toBe(403);
    expect(first.metrics).toEqual(['JwksUnavailable']);
    expect(first.logs).toEqual([{ level: 'ERROR', message: 'denied: not the caller\'s fault', reason: 'Error', detail: expect.stringMatching(/ECONNREFUSED/) }]);
    const again = await answer(rest(signJwt(rsa, claims())));
    expect(again.logs[0].detail).toBe(`Failed to fetch ${jwksUri}: not fetched: the last fetch failed less than 10 s ago`);
    expect(again.status).toBe(403);
  });

  test('JWKS endpoint hanging: denied after jwksTimeoutMs', async () => {
    const hanging = await hangingServer();
    try {
      const jwksUri = `https://127.0.0.1:${hanging.port}/jwks`;
      const answer = await container(configFor({ jwksUri }, { jwksTimeoutMs: 100 }))(rest(signJwt(rsa, claims())));
      expect(answer.logs[0].detail).toBe(`Failed to fetch ${jwksUri}: Response time-out (after 100 ms.)`);
    } finally {
      await hanging.close();
    }
  });
});

describe('the JWKS cache of a container', () => {
  // (Key rotation, which needs the issuer restarted, is the bundle's test: jwt-authorizer.oidc.test.ts. The
  // fall-through from the cached keys to a fetch on an unknown key id is this case's one fetch.)
  test('an unknown key id is fetched for once, then refused from the cache for the refetch interval (seconds)', async () => {
    const answer = container(configFor());
    expect((await answer(rest(signJwt(rsa, claims())))).status).toBe('allow');
    const before = await provider.jwksCount();
    const bogus = signJwt(makeKey('ES256', 'bogus'), claims());
    expect((await answer(rest(bogus))).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 5)); // past the penalty if it were 10 s / 1000
    expect((await answer(rest(bogus))).status).toBe(401);
    expect(await provider.jwksCount()).toBe(before + 1);
  });
});

describe('signing keys: built for the configured issuer only, replaced with the JWKS', () => {
  test('a token claiming another issuer is refused before a key object is built for it (one issuer configured)', async () => {
    const answer = container(configFor());
    expect((await answer(rest(signJwt(rsa, claims())))).status).toBe('allow');
    // the module object aws-jwt-verify calls createPublicKey on (an ES namespace import could not be spied on)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = jest.spyOn(require('crypto') as typeof import('crypto'), 'createPublicKey');
    try {
      // aws-jwt-verify keys its cache of key objects by the token's iss: each of these would add one
      for (let i = 0; i < 5; i++) {
        const forged = signJwt(makeKey('RS256', rsa.kid), claims({ iss: `https://evil.example.com/${i}` }));
        expect((await answer(rest(forged))).status).toBe(401);
      }
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
    expect((await answer(rest(signJwt(rsa, claims())))).status).toBe('allow');
  });

  test('key material replaced under the same kid: past the maximum age, the old key is refused and the new one verifies', async () => {
    const oldKey = makeKey('RS256', 'same-kid');
    const newKey = makeKey('RS256', 'same-kid');
    let p = await OidcProvider.start(tls, [oldKey]);
    const port = p.port;
    try {
      const answer = container(configFor({ issuer: p.issuer, jwksUri: p.jwksUri }, { jwksRefetchIntervalSeconds: 1, jwksMaxAgeSeconds: 1 }));
      const token = (signer: SigningKey) => rest(signJwt(signer, accessTokenClaims(p.issuer)));
      expect((await answer(token(oldKey))).status).toBe('allow');
      await p.stop();
      p = await OidcProvider.start(tls, [newKey], port);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await answer(token(oldKey))).status).toBe(401);
      expect((await answer(token(newKey))).status).toBe('allow');
      expect((await answer(token(oldKey))).status).toBe(401);
    } finally {
      await p.stop();
    }
  });
});
