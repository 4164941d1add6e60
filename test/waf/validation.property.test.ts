import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { GatewayWebAcl } from '../../lib';

const RUNS = { numRuns: 60 };

function problems(props: ConstructorParameters<typeof GatewayWebAcl>[2]): string[] {
  const acl = new GatewayWebAcl(new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } }), 'Acl', props);
  return acl.node.validate();
}

describe('property: GatewayWebAcl validation', () => {
  test('any whole rate limit from 10 to 2,000,000,000 and any documented window is accepted and written as given', () => {
    fc.assert(fc.property(
      fc.integer({ min: 10, max: 2_000_000_000 }), fc.constantFrom(60, 120, 300, 600),
      (rateLimit, rateLimitWindowSeconds) => {
        const acl = new GatewayWebAcl(new Stack(), 'Acl', { rateLimit, rateLimitWindowSeconds });
        expect(acl.node.validate()).toEqual([]);
        const rules = (acl.webAcl.rules as any[]);
        expect(rules[0].statement.rateBasedStatement).toMatchObject({ limit: rateLimit, evaluationWindowSec: rateLimitWindowSeconds });
      }), RUNS);
  });

  test('a rate limit outside the bounds, fractional or not finite is refused naming the prop', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.integer({ min: -1_000_000, max: 9 }),
        fc.double({ min: 2_000_000_001, max: 1e15, noNaN: true }),
        fc.double({ min: 10.001, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
        fc.constant(Number.NaN), fc.constant(Infinity),
      ),
      (rateLimit) => {
        const found = problems({ rateLimit });
        expect(found).toHaveLength(1);
        expect(found[0]).toMatch(/^prop 'rateLimit' = .*: must be a whole number from 10 to 2000000000\. Fix: /);
      }), RUNS);
  });

  test('any window other than 60, 120, 300 or 600 seconds is refused', () => {
    fc.assert(fc.property(
      fc.integer({ min: -10, max: 10_000 }).filter((n) => ![60, 120, 300, 600].includes(n)),
      (rateLimitWindowSeconds) => {
        expect(problems({ rateLimitWindowSeconds })).toEqual([
          expect.stringMatching(/^prop 'rateLimitWindowSeconds' = -?\d+: must be one of 60, 120, 300, 600\. Fix: /),
        ]);
      }), RUNS);
  });

  test('a log group name without the aws-waf-logs- prefix is refused; with it, accepted', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[\w\-/.#]{1,60}$/),
      (suffix) => {
        expect(problems({ logGroupName: `aws-waf-logs-${suffix}` })).toEqual([]);
        if (!suffix.startsWith('aws-waf-logs-')) {
          expect(problems({ logGroupName: suffix })).toEqual([expect.stringMatching(/^prop 'logGroupName' = .*aws-waf-logs-/)]);
        }
      }), RUNS);
  });
});
