/**
 * The JWT authorizer's JWKS fetcher (lambda/jwt-authorizer/jwks-fetcher.ts), called directly over real
 * loopback HTTPS: the OpenID provider's JWKS, a port where nothing listens, a server that never
 * answers. The process trusts the loopback certificate the way the handler's process does
 * (NODE_EXTRA_CA_CERTS there; the default agent's CA here, as the fetcher uses the default agent).
 */
import * as https from 'node:https';
import { FetchError } from 'aws-jwt-verify/error';
import { closedPort, hangingServer, makeKey, makeTls, OidcProvider, tempDir, Tls } from './oidc-fixture';
import { BackoffFetcher, JwksBackoffError } from '../../../lambda/jwt-authorizer/jwks-fetcher';

let tls: Tls;
let provider: OidcProvider;
let down: string;
beforeAll(async () => {
  tls = await makeTls(tempDir());
  provider = await OidcProvider.start(tls, [makeKey('ES256', 'fetched-kid')]);
  https.globalAgent.options.ca = tls.certPem;
  down = `https://127.0.0.1:${await closedPort()}/jwks`;
});
afterAll(async () => {
  delete https.globalAgent.options.ca;
  await provider?.stop();
});
afterEach(() => jest.restoreAllMocks());

const text = (body: ArrayBuffer) => Buffer.from(body).toString('utf8');

/** The error `promise` rejects with: its class and message. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
}

test('fetches the JWKS body', async () => {
  const body = await new BackoffFetcher(1000, 10).fetch(provider.jwksUri);
  expect(JSON.parse(text(body)).keys.map((k: { kid: string }) => k.kid)).toEqual(['fetched-kid']);
});

test('after a failure, the same URI is refused at once for the back-off, other URIs are fetched', async () => {
  const fetcher = new BackoffFetcher(1000, 10);
  const first = await failure(fetcher.fetch(down));
  expect(first).toMatch(new RegExp(`^FetchError: Failed to fetch ${down}: .*ECONNREFUSED`));
  expect(await failure(fetcher.fetch(down)))
    .toBe(`JwksBackoffError: Failed to fetch ${down}: not fetched: the last fetch failed less than 10 s ago`);
  expect(JSON.parse(text(await fetcher.fetch(provider.jwksUri))).keys).toHaveLength(1);
});

test('the back-off lasts backoffSeconds, to the millisecond', async () => {
  const fetcher = new BackoffFetcher(1000, 10);
  const now = jest.spyOn(Date, 'now').mockReturnValue(5_000_000);
  expect(await failure(fetcher.fetch(down))).toMatch(/^FetchError: .*ECONNREFUSED/);
  now.mockReturnValue(5_009_999);
  expect(await failure(fetcher.fetch(down))).toMatch(/^JwksBackoffError: /);
  now.mockReturnValue(5_010_000);
  expect(await failure(fetcher.fetch(down))).toMatch(/^FetchError: .*ECONNREFUSED/);
  // and the failure starts a new back-off
  now.mockReturnValue(5_019_999);
  expect(await failure(fetcher.fetch(down))).toMatch(/^JwksBackoffError: /);
});

test('a JWKS endpoint that never answers fails after timeoutMs, and is backed off', async () => {
  const hanging = await hangingServer();
  try {
    const uri = `https://127.0.0.1:${hanging.port}/jwks`;
    const fetcher = new BackoffFetcher(300, 10);
    const started = Date.now();
    expect(await failure(fetcher.fetch(uri))).toBe(`FetchError: Failed to fetch ${uri}: Response time-out (after 300 ms.)`);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(await failure(fetcher.fetch(uri))).toMatch(/^JwksBackoffError: /);
  } finally {
    await hanging.close();
  }
});

test('JwksBackoffError is a FetchError (an issuer fault)', () => {
  expect(new JwksBackoffError('https://x', 'y')).toBeInstanceOf(FetchError);
});
