import * as fc from 'fast-check';
import { newFunction, newStack } from './fixtures';
import { RouteAuthorization, SecureWebSocketApi } from '../../lib';
import { customRouteKeyProblem } from '../../lib/websocket/websocket-route-key';

const RUNS = { numRuns: 100 };
const PRINTABLE = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

function newApi(): SecureWebSocketApi {
  const stack = newStack();
  return new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() } });
}

describe('property: custom route keys', () => {
  test('1 to 128 printable ASCII characters not starting with $ are accepted and written as the route key', () => {
    fc.assert(fc.property(
      fc.tuple(PRINTABLE.filter((c) => c !== '$'), fc.array(PRINTABLE, { maxLength: 127 })).map(([first, rest]) => first + rest.join('')),
      (key) => {
        const api = newApi();
        const route = api.addRoute({ routeKey: key, handler: newFunction(api.node.scope as any, 'Other') });
        expect((route.node.defaultChild as any).routeKey).toBe(key);
      }), { numRuns: 60 });
  });

  test('keys with whitespace or non-ASCII characters are refused naming the prop and the key', () => {
    fc.assert(fc.property(
      fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '\t', '\n', 'é', '€', '\u0000', '\u007f'), fc.string({ maxLength: 20 })).map(([a, bad, b]) => `x${a}${bad}${b}`),
      (key) => {
        const api = newApi();
        expect(() => api.addRoute({ routeKey: key, handler: newFunction(api.node.scope as any, 'Other') }))
          .toThrow(/prop 'routes\[[\s\S]*\]\.routeKey' = [\s\S]*: must be printable ASCII without whitespace/);
      }), { numRuns: 60 });
  });

  test('keys starting with $ are reserved; over 128 characters too long; the empty key refused', () => {
    fc.assert(fc.property(fc.array(PRINTABLE, { maxLength: 30 }).map((cs) => `$${cs.join('')}`), (key) => {
      expect(customRouteKeyProblem(key)).toMatch(/reserved/);
    }), RUNS);
    fc.assert(fc.property(fc.array(PRINTABLE.filter((c) => c !== '$'), { minLength: 129, maxLength: 300 }).map((cs) => cs.join('')), (key) => {
      expect(customRouteKeyProblem(key)).toBe(`has ${key.length} characters, at most 128 are allowed`);
    }), RUNS);
    expect(customRouteKeyProblem('')).toMatch(/non-empty/);
  });

  test('the validator agrees with the grammar on any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 140, unit: 'binary' }), (key) => {
      const valid = key.length >= 1 && key.length <= 128 && !key.startsWith('$') && /^[\x21-\x7e]+$/.test(key);
      expect(customRouteKeyProblem(key) === undefined).toBe(valid);
    }), { numRuns: 300 });
  });
});
