import { RestAuthorizerPolicy } from '../../lib';

/** IAM's matching of a policy resource against a method ARN: `*` matches anything, `/` included. */
function covers(resource: string, arn: string): boolean {
  const pattern = new RegExp(`^${resource.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return pattern.test(arn);
}

const FIRST_CALL = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/orders/1';
const NEXT_CALL = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/POST/users';

describe('a cached Lambda authorizer policy must cover the API', () => {
  test("a policy for the first call's method only denies the next method from the cache", () => {
    // API Gateway applies the cached policy of the first call to the next one with the same identity.
    expect(covers(FIRST_CALL, NEXT_CALL)).toBe(false);
  });

  test('stageResource covers every method of the stage, and nothing of another stage or API', () => {
    const resource = RestAuthorizerPolicy.stageResource(FIRST_CALL);
    expect(resource).toBe('arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/*');
    expect(covers(resource, NEXT_CALL)).toBe(true);
    expect(covers(resource, 'arn:aws:execute-api:eu-west-1:111122223333:abc123/test/GET/orders/1')).toBe(false);
    expect(covers(resource, 'arn:aws:execute-api:eu-west-1:111122223333:other/prod/GET/orders/1')).toBe(false);
  });

  test('anything but a method ARN is refused', () => {
    expect(() => RestAuthorizerPolicy.stageResource('arn:aws:lambda:eu-west-1:1:function:f')).toThrow(/is not an execute-api method ARN/);
  });
});
