import { App, CfnResource, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  allowsAnyOrigin, checkAnyOriginReason, checkCorsAllowsHeaders, checkCorsOrigins, recordAnyOrigin, SIGV4_HEADERS, warnIfCorsBlocksSigV4,
} from '../../lib/common/cors-policy';
import { WEAKENINGS_METADATA_KEY } from '../../lib/common/weakening';
import { errorOf } from '../error-message';

/**
 * The CORS policy every API kind applies, called directly (the API tests show it through the
 * constructs): which origins may be named, `'*'` and its reason, and the headers a route's
 * authorization needs the browser to send.
 */

const REASON = 'Public read-only catalogue embedded by partner web sites';

function scope(): Construct {
  return new Construct(new Stack(new App(), 'Stack'), 'Api');
}


/** A string token (e.g. an imported value), unresolved at synth. */
const token = () => Lazy.string({ produce: () => 'https://late.example.com' });

describe('checkCorsOrigins', () => {
  test.each([
    ['an https origin', ['https://app.example.com'], true],
    ['an https origin with a port', ['https://app.example.com:8443'], true],
    ['several origins', ['https://a.example.com', 'https://B.Example.com'], false],
    ["'*' without credentials", ['*'], false],
    ["'*' beside named origins, without credentials", ['https://app.example.com', '*'], false],
    ['http://localhost with a port', ['http://localhost:3000'], true],
    ['http://127.0.0.1', ['http://127.0.0.1'], true],
    ['a token, which is checked when it resolves', [token()], true],
    ['a token beside a named origin', ['https://app.example.com', token()], true],
    ['a whole list known only at deploy time (Token.asList)', Token.asList(Fn.split(',', Fn.importValue('Origins'))), true],
  ])('accepts %s', (_, origins, credentials) => {
    expect(() => checkCorsOrigins(scope(), origins, credentials)).not.toThrow();
  });

  test('an empty list is refused, with the fix', () => {
    expect(errorOf(() => checkCorsOrigins(scope(), [], false))).toBe(
      "[Stack/Api] prop 'cors.allowOrigins' = []: must list at least one value. Fix: list the exact origins of your web front ends, e.g. ['https://app.example.com']");
  });

  test("'*' with credentials is refused, naming the list", () => {
    expect(errorOf(() => checkCorsOrigins(scope(), ['https://app.example.com', '*'], true))).toBe(
      "[Stack/Api] prop 'cors.allowOrigins' = [\"https://app.example.com\",\"*\"]: '*' together with allowCredentials: true would let any web site make "
      + "authenticated calls with a visitor's credentials. Fix: list the exact origins that need credentials, or set allowCredentials: false");
  });

  test.each([false, true])('a wildcard inside an origin is refused, naming the origin (credentials %s)', (credentials) => {
    expect(errorOf(() => checkCorsOrigins(scope(), ['https://app.example.com', 'https://*.example.com'], credentials))).toBe(
      "[Stack/Api] prop 'cors.allowOrigins' = \"https://*.example.com\": wildcards are not supported in an origin (only '*' on its own, for any origin "
      + "without credentials): API Gateway would treat 'https://*' as any https origin. Fix: list each origin that calls the API, e.g. one entry per subdomain");
  });

  test.each([
    ['a path', 'https://app.example.com/'],
    ['http:// for a host other than localhost', 'http://app.example.com'],
    ['no scheme', 'app.example.com'],
  ])('an origin with %s is refused, naming the origin', (_, origin) => {
    expect(errorOf(() => checkCorsOrigins(scope(), ['https://ok.example.com', origin], false))).toBe(
      `[Stack/Api] prop 'cors.allowOrigins' = ${JSON.stringify(origin)}: must be an origin (scheme://host[:port], no path); `
      + "http:// is only accepted for localhost. Fix: write it as 'https://app.example.com'");
  });

  const host = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?){0,3}$/);
  const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
  const origin = fc.tuple(host, port).map(([h, p]) => `https://${h}${p === undefined ? '' : `:${p}`}`);

  test('any https://host[:port] is accepted, with or without credentials', () => {
    fc.assert(fc.property(fc.array(origin, { minLength: 1, maxLength: 4 }), fc.boolean(), (origins, credentials) => {
      expect(() => checkCorsOrigins(scope(), origins, credentials)).not.toThrow();
    }), { numRuns: 50 });
  });

  test('the same origin followed by a path is refused', () => {
    fc.assert(fc.property(origin, fc.stringMatching(/^\/[a-z0-9/]{0,10}$/), (o, path) => {
      expect(errorOf(() => checkCorsOrigins(scope(), [o + path], false))).toMatch(/: must be an origin \(scheme:\/\/host\[:port\], no path\)/);
    }), { numRuns: 50 });
  });
});

describe('checkCorsAllowsHeaders', () => {
  const check = (allowed: string[], headers: string[], credentials = false) =>
    () => checkCorsAllowsHeaders(scope(), 'defaultAuthorization', 'route', allowed, headers, credentials);

  test('headers the allow list names, in any case, pass', () => {
    expect(check(['Content-Type', 'authorization', 'X-API-KEY'], ['Authorization', 'x-api-key'])).not.toThrow();
  });

  test("'*' covers a header other than Authorization without credentials", () => {
    expect(check(['*'], ['X-Api-Key'])).not.toThrow();
  });

  test('an allow list that is a token, or holds one, is checked when it resolves', () => {
    expect(check(Token.asList(Lazy.list({ produce: () => ['content-type'] })), ['Authorization'])).not.toThrow();
    expect(check(['content-type', token()], ['Authorization'])).not.toThrow();
  });

  test('a header read from a token is left out of the check', () => {
    expect(check(['content-type'], [token()])).not.toThrow();
    expect(errorOf(check(['content-type'], [token(), 'X-Api-Key']))).toMatch(/^\[Stack\/Api\] prop 'defaultAuthorization' = \["X-Api-Key"\]: /);
  });

  test('one missing header: named, singular, the fix in lower case with the allow list in effect', () => {
    expect(errorOf(check(['content-type'], ['X-Api-Key']))).toBe(
      "[Stack/Api] prop 'defaultAuthorization' = [\"X-Api-Key\"]: the route's authorization reads the 'X-Api-Key' header, which cors.allowHeaders "
      + "does not allow, so every browser preflight for it would fail. Fix: add 'x-api-key' to cors.allowHeaders (now [\"content-type\"])");
  });

  test('two missing headers: both named, plural', () => {
    const message = errorOf(() => checkCorsAllowsHeaders(scope(), 'methods[GET /items].authorization', 'method', ['content-type'],
      ['Authorization', 'content-type', 'X-Tenant'], false));
    expect(message).toBe(
      "[Stack/Api] prop 'methods[GET /items].authorization' = [\"Authorization\",\"X-Tenant\"]: the method's authorization reads the 'Authorization', "
      + "'X-Tenant' headers, which cors.allowHeaders does not allow, so every browser preflight for it would fail. "
      + "Fix: add 'authorization', 'x-tenant' to cors.allowHeaders (now [\"content-type\"])");
  });

  test("'*' without credentials: Authorization is still missing, and the message says why", () => {
    expect(errorOf(check(['*'], ['Authorization']))).toBe(
      "[Stack/Api] prop 'defaultAuthorization' = [\"Authorization\"]: the route's authorization reads the 'Authorization' header, which cors.allowHeaders "
      + "does not allow ('*' never covers Authorization), so every browser preflight for it would fail. Fix: add 'authorization' to cors.allowHeaders (now [\"*\"])");
  });

  test("'*' with credentials covers nothing, and the message says so", () => {
    expect(errorOf(check(['*'], ['X-Api-Key'], true))).toBe(
      "[Stack/Api] prop 'defaultAuthorization' = [\"X-Api-Key\"]: the route's authorization reads the 'X-Api-Key' header, which cors.allowHeaders "
      + "does not allow ('*' never covers Authorization, and covers nothing when credentials are allowed), so every browser preflight for it would fail. "
      + "Fix: add 'x-api-key' to cors.allowHeaders (now [\"*\"])");
  });

  test('whatever the lists, it refuses exactly when a read header is not allowed', () => {
    const name = fc.constantFrom('authorization', 'x-api-key', 'x-tenant', 'content-type', '*');
    fc.assert(fc.property(fc.array(name, { maxLength: 4 }), fc.array(name.filter((n) => n !== '*'), { maxLength: 3 }), (allowed, headers) => {
      const covered = headers.every((h) => allowed.includes(h) || (allowed.includes('*') && h !== 'authorization'));
      if (covered) expect(check(allowed, headers)).not.toThrow();
      else expect(check(allowed, headers)).toThrow(/which cors\.allowHeaders does not allow/);
    }), { numRuns: 100 });
  });
});

describe("'*' origins and their reason", () => {
  test.each([
    [['*'], true],
    [['https://app.example.com', '*'], true],
    [['https://app.example.com'], false],
    [undefined, false],
    [Token.asList(Lazy.list({ produce: () => ['*'] })), false],
  ])('allowsAnyOrigin(%j) is %s', (origins, any) => {
    expect(allowsAnyOrigin(origins)).toBe(any);
  });

  test("a '*' beside a token still allows any origin, so it needs its reason", () => {
    expect(allowsAnyOrigin(['*', token()])).toBe(true);
    expect(errorOf(() => checkAnyOriginReason(scope(), ['*', token()], undefined))).toMatch(/^\[Stack\/Api\] prop 'cors\.anyOriginReason' = undefined: .*no reason is given/);
  });

  test("'*' with a reason passes; named origins or none without a reason pass", () => {
    expect(() => checkAnyOriginReason(scope(), ['*'], REASON)).not.toThrow();
    expect(() => checkAnyOriginReason(scope(), ['https://app.example.com'], undefined)).not.toThrow();
    expect(() => checkAnyOriginReason(scope(), undefined, undefined)).not.toThrow();
  });

  test("'*' without a reason is refused, with an example reason", () => {
    expect(errorOf(() => checkAnyOriginReason(scope(), ['*'], 'because'))).toBe(
      "[Stack/Api] prop 'cors.anyOriginReason' = \"because\": cors.allowOrigins: ['*'] turns a default security measure down (any web site can call "
      + "this API from a visitor's browser (without credentials)) and needs a reason: the reason has 7 visible characters, at least 10 are required. "
      + "Fix: give cors.anyOriginReason saying why, e.g. cors.anyOriginReason: 'Public read-only catalogue embedded by partner web sites; no credentials', "
      + 'or leave the default');
  });

  test('origins from a token: a reason is accepted, as the origins may hold * at deploy; a reason the policy refuses is still refused', () => {
    const origins = Token.asList(Lazy.list({ produce: () => ['*'] }));
    expect(() => checkAnyOriginReason(scope(), origins, REASON)).not.toThrow();
    expect(() => checkAnyOriginReason(scope(), origins, undefined)).not.toThrow();
    expect(() => checkAnyOriginReason(scope(), [token()], REASON)).not.toThrow();
    expect(errorOf(() => checkAnyOriginReason(scope(), origins, 'because'))).toBe(
      "[Stack/Api] prop 'cors.anyOriginReason' = \"because\": the reason has 7 visible characters, at least 10 are required "
      + '(the setting is a token, so the reason may be needed at deploy). Fix: say why the value may turn the default down, or remove cors.anyOriginReason');
  });

  test("a reason without '*' is refused", () => {
    expect(errorOf(() => checkAnyOriginReason(scope(), ['https://app.example.com'], REASON))).toBe(
      `[Stack/Api] prop 'cors.anyOriginReason' = "${REASON}": nothing is weakened: it is the reason for cors.allowOrigins: ['*'], which is not set. `
      + "Fix: remove cors.anyOriginReason, or set cors.allowOrigins: ['*']");
  });

  function resource(): CfnResource {
    return new CfnResource(new Stack(new App(), 'Stack'), 'Api', { type: 'AWS::ApiGatewayV2::Api' });
  }

  test("recordAnyOrigin records '*' with its reason on the resource, acknowledging no rule", () => {
    const api = resource();
    recordAnyOrigin(api, ['https://app.example.com', '*'], REASON);
    expect(api.getMetadata(WEAKENINGS_METADATA_KEY)).toEqual({
      weakenings: [{
        setting: "cors.allowOrigins: ['*']",
        reasonProp: 'cors.anyOriginReason',
        reason: REASON,
        consequence: "any web site can call this API from a visitor's browser (without credentials)",
        acknowledges: [],
      }],
    });
  });

  test.each([
    ['named origins', ['https://app.example.com'], REASON],
    ['no origins', undefined, REASON],
    ["'*' with a reason the policy refuses", ['*'], 'because'],
    ["'*' without a reason", ['*'], undefined],
  ])('recordAnyOrigin records nothing for %s', (_, origins, reason) => {
    const api = resource();
    recordAnyOrigin(api, origins, reason);
    expect(api.getMetadata(WEAKENINGS_METADATA_KEY)).toBeUndefined();
  });
});

describe('warnIfCorsBlocksSigV4', () => {
  /** The warnings on the scope, as Annotations records them (`message [ack: id]`). */
  function warnings(allowed: string[], credentials: boolean): string[] {
    const api = scope();
    warnIfCorsBlocksSigV4(api, 'Route GET /items', allowed, credentials, 'portcullis:CorsSigV4');
    return api.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
  }

  test('the SigV4 headers of temporary credentials', () => {
    expect(SIGV4_HEADERS).toEqual(['authorization', 'x-amz-date', 'x-amz-security-token']);
  });

  test('no warning when the allow list has every SigV4 header, in any case', () => {
    expect(warnings(['Content-Type', 'Authorization', 'X-Amz-Date', 'X-Amz-Security-Token'], true)).toEqual([]);
    expect(warnings(['*', 'authorization'], false)).toEqual([]);
  });

  test('no warning while the allow list is a token, or holds one', () => {
    expect(warnings(Token.asList(Lazy.list({ produce: () => [] })), false)).toEqual([]);
    expect(warnings(['content-type', token()], false)).toEqual([]);
  });

  test('a warning naming the route and the headers left out, with its id', () => {
    expect(warnings(['content-type', 'authorization'], false)).toEqual([
      "Route GET /items is IAM-authorized, but cors.allowHeaders leaves out 'x-amz-date', 'x-amz-security-token', so a browser's SigV4-signed "
      + 'request to it would fail preflight. Add them to cors.allowHeaders if browsers call it; if only backends do, acknowledge this warning. '
      + '[ack: portcullis:CorsSigV4]',
    ]);
  });

  test("'*' covers the amz headers only without credentials", () => {
    expect(warnings(['*'], false)).toEqual([expect.stringContaining("leaves out 'authorization', so")]);
    expect(warnings(['*'], true)).toEqual([expect.stringContaining("leaves out 'authorization', 'x-amz-date', 'x-amz-security-token', so")]);
  });
});
