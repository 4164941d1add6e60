import { CfnParameter } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { newFunction, newStack, restProps, synthNew } from './fixtures';
import { RouteAuthorization, SecureRestApi } from '../../lib';

const RUNS = { numRuns: 40 };

describe('property: REST validation', () => {
  test('any valid stage throttle is accepted and written to the stage-wide method setting', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1_000_000, noNaN: true }), fc.integer({ min: 1, max: 1_000_000 }),
      (rateLimit, burstLimit) => {
        const api = new SecureRestApi(newStack(), 'Api', restProps({ throttle: { rateLimit, burstLimit } }));
        const settings = (api.stage.node.defaultChild as any).methodSettings;
        expect(api.node.metadata.filter((m) => m.type === 'aws:cdk:error')).toEqual([]);
        expect(JSON.stringify(settings)).toBeDefined();
      }), RUNS);
  });

  test('a negative, non-finite or over-limit method rate is refused naming the method', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.constant(Number.NaN), fc.constant(Infinity),
        fc.double({ min: 1_000_001, max: 1e12, noNaN: true }),
      ),
      (rateLimit) => {
        const stack = newStack();
        const api = new SecureRestApi(stack, 'Api', restProps());
        expect(() => api.addMethods({ path: '/a', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam(), throttle: { rateLimit, burstLimit: 10 } }))
          .toThrow(/prop 'methods\[GET \/a\]\.throttle\.rateLimit' = .*: must be a number from 0 to 1000000\. Fix: /);
      }), RUNS);
  });

  test('paths API Gateway would refuse are refused; valid ones are added', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/);
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
      const stack = newStack();
      const api = new SecureRestApi(stack, 'Api', restProps());
      const fn = newFunction(stack, 'Fn');
      const path = `/${segments.join('/')}`;
      expect(api.addMethods({ path, methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() })).toHaveLength(1);
      expect(() => api.addMethods({ path: `${path}/`, methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() })).toThrow(/must not end with \//);
      expect(() => api.addMethods({ path: `${path}/a~b`, methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() })).toThrow(/REST resource paths do not accept '~'/);
      expect(() => api.addMethods({ path: `${path}/:id`, methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() })).toThrow(/Express-style/);
    }), RUNS);
  });

  test('public-access reasons shorter than 10 characters are refused; longer ones accepted', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (reason) => {
      const stack = newStack();
      const api = new SecureRestApi(stack, 'Api', restProps());
      const add = () => api.addMethods({ path: '/p', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess(reason) });
      if (reason.trim().length >= 10) expect(add()).toHaveLength(1);
      else expect(add).toThrow(/publicAccess\(reason\)' = .*: a public route needs a reason/);
    }), RUNS);
  });

  test('unresolved tokens are never rejected', () => {
    const stack = newStack();
    const rate = new CfnParameter(stack, 'R', { type: 'Number' });
    const burst = new CfnParameter(stack, 'B', { type: 'Number' });
    const acl = new CfnParameter(stack, 'Acl');
    synthNew(stack, 'Api', { webAcl: { webAclArn: acl.valueAsString }, throttle: { rateLimit: rate.valueAsNumber, burstLimit: burst.valueAsNumber } });
  });
});
