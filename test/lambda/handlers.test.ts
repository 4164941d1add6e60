import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ASSETS_DIR } from '../../scripts/bundle-lambdas';

// The shipped bundles are what Lambda runs, so the tests load them rather than the sources.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const authorizer = require(path.join(ASSETS_DIR, 'demo-authorizer', 'index.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const echo = require(path.join(ASSETS_DIR, 'echo', 'index.js'));

const KEY = 'showcase-demo-key-0123456789';
const SHA = createHash('sha256').update(KEY).digest('hex');

describe('demo Lambda authorizer (fails closed)', () => {
  afterEach(() => { delete process.env.API_KEY_SHA256; });

  test('accepts the right bearer key and names the principal', async () => {
    process.env.API_KEY_SHA256 = SHA;
    await expect(authorizer.handler({ headers: { authorization: `Bearer ${KEY}` } }))
      .resolves.toEqual({ isAuthorized: true, context: { principal: `key:${SHA.slice(0, 8)}` } });
  });

  test.each([
    ['no headers', {}],
    ['a wrong key', { headers: { authorization: 'Bearer wrong-key-but-long-enough' } }],
    ['a short key', { headers: { authorization: 'Bearer short' } }],
    ['another scheme', { headers: { authorization: `Basic ${KEY}` } }],
  ])('denies %s', async (_label, event) => {
    process.env.API_KEY_SHA256 = SHA;
    await expect(authorizer.handler(event)).resolves.toEqual({ isAuthorized: false });
  });

  test('denies everything when the expected hash is missing or malformed', async () => {
    await expect(authorizer.handler({ headers: { authorization: `Bearer ${KEY}` } })).resolves.toEqual({ isAuthorized: false });
    process.env.API_KEY_SHA256 = 'not-hex';
    await expect(authorizer.handler({ headers: { authorization: `Bearer ${KEY}` } })).resolves.toEqual({ isAuthorized: false });
  });
});

describe('echo backend', () => {
  test('answers with the route and the caller, never the token', async () => {
    const result = await echo.handler({
      routeKey: 'GET /me',
      headers: { authorization: 'Bearer secret-token' },
      requestContext: { requestId: 'r1', authorizer: { jwt: { claims: { sub: 'user-1' }, scopes: ['user.id'] } } },
    });
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ route: 'GET /me', requestId: 'r1', caller: { kind: 'jwt', id: 'user-1', scopes: ['user.id'] } });
    expect(result.body).not.toContain('secret-token');
  });

  test('reports Lambda-authorized, IAM and public callers', async () => {
    const call = async (requestAuthorizer?: object) =>
      JSON.parse((await echo.handler({ routeKey: 'ANY /x', requestContext: { requestId: 'r', authorizer: requestAuthorizer } })).body).caller;
    await expect(call({ lambda: { principal: 'key:abc' } })).resolves.toEqual({ kind: 'lambda', id: 'key:abc' });
    await expect(call({ iam: { userArn: 'arn:aws:iam::1:user/u' } })).resolves.toEqual({ kind: 'iam', id: 'arn:aws:iam::1:user/u' });
    await expect(call(undefined)).resolves.toEqual({ kind: 'public' });
  });
});
