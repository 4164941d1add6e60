import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { ASSETS_DIR } from '../../scripts/bundle-lambdas';

// The shipped bundle is what Lambda runs, so the test loads it rather than the source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const authorizer = require(path.join(ASSETS_DIR, 'demo-rest-authorizer', 'index.js'));

const KEY = 'showcase-demo-key-0123456789';
const SHA = createHash('sha256').update(KEY).digest('hex');
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/partner/orders';

describe('demo REST Lambda authorizer (IAM policy, fails closed)', () => {
  afterEach(() => { delete process.env.API_KEY_SHA256; });

  test('allows the whole stage for the right key, so the cached policy also serves the next method', async () => {
    process.env.API_KEY_SHA256 = SHA;
    await expect(authorizer.handler({ authorizationToken: `Bearer ${KEY}`, methodArn: METHOD_ARN })).resolves.toEqual({
      principalId: `key:${SHA.slice(0, 8)}`,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/*' }],
      },
      context: { principal: `key:${SHA.slice(0, 8)}` },
    });
  });

  test.each([
    ['no token', { methodArn: METHOD_ARN }],
    ['a wrong key', { authorizationToken: 'Bearer wrong-key-but-long-enough', methodArn: METHOD_ARN }],
    ['a malformed method ARN', { authorizationToken: `Bearer ${KEY}`, methodArn: 'nonsense' }],
  ])('denies %s', async (_label, event) => {
    process.env.API_KEY_SHA256 = SHA;
    const answer = await authorizer.handler(event);
    expect(answer.policyDocument.Statement).toEqual([expect.objectContaining({ Effect: 'Deny' })]);
    expect(answer.context).toBeUndefined();
  });

  test('denies everything when the expected hash is missing', async () => {
    const answer = await authorizer.handler({ authorizationToken: `Bearer ${KEY}`, methodArn: METHOD_ARN });
    expect(answer.policyDocument.Statement[0].Effect).toBe('Deny');
  });
});
