/**
 * The JWT authorizer's event handling (lambda/jwt-authorizer/events.ts), called directly: where the
 * token is read, what counts as a token, the policy resource, the context, the answers' shapes.
 */
import { JwtPayload } from 'aws-jwt-verify/jwt-model';
import {
  allow, AuthorizerEvent, contextOf, deny, isPolicyEvent, tokenOf, wholeApiResource,
} from '../../../lambda/jwt-authorizer/events';

const HEADER = { location: 'HEADER', name: 'Authorization' } as const;
const QUERY = { location: 'QUERY_STRING', name: 'token' } as const;
const JWT = 'aaa.bbb.ccc';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42';

describe('tokenOf', () => {
  test('TOKEN events: the identity source value, whatever the configured source', () => {
    expect(tokenOf({ type: 'TOKEN', authorizationToken: `Bearer ${JWT}`, headers: { Authorization: 'Bearer x.y.z' } }, HEADER)).toBe(JWT);
    expect(tokenOf({ type: 'TOKEN', headers: { Authorization: `Bearer ${JWT}` } }, HEADER)).toBeUndefined();
  });

  test('HEADER: the named header, its name compared case-insensitively', () => {
    expect(tokenOf({ type: 'REQUEST', headers: { AUTHORIZATION: `Bearer ${JWT}` } }, HEADER)).toBe(JWT);
    expect(tokenOf({ type: 'REQUEST', headers: { authorization: `Bearer ${JWT}` } }, { location: 'HEADER', name: 'AuthoriZation' })).toBe(JWT);
    expect(tokenOf({ type: 'REQUEST', headers: { 'x-token': `Bearer ${JWT}` } }, HEADER)).toBeUndefined();
    expect(tokenOf({ type: 'REQUEST', headers: null }, HEADER)).toBeUndefined();
    expect(tokenOf({ type: 'REQUEST' }, HEADER)).toBeUndefined();
    // the header is read, not the query string
    expect(tokenOf({ type: 'REQUEST', queryStringParameters: { Authorization: JWT } }, HEADER)).toBeUndefined();
  });

  test('QUERY_STRING: the named parameter, not a header', () => {
    expect(tokenOf({ type: 'REQUEST', queryStringParameters: { token: JWT } }, QUERY)).toBe(JWT);
    expect(tokenOf({ type: 'REQUEST', headers: { token: JWT }, queryStringParameters: {} }, QUERY)).toBeUndefined();
    expect(tokenOf({ type: 'REQUEST', queryStringParameters: null }, QUERY)).toBeUndefined();
    expect(tokenOf({ type: 'REQUEST' }, QUERY)).toBeUndefined();
  });

  test('the Bearer scheme is optional, case-insensitive, followed by any white space; the value is trimmed', () => {
    const read = (value: unknown) => tokenOf({ type: 'TOKEN', authorizationToken: value as string }, HEADER);
    expect(read(JWT)).toBe(JWT);
    expect(read(`bEaReR ${JWT}`)).toBe(JWT);
    expect(read(`Bearer  \t${JWT}`)).toBe(JWT);
    expect(read(`  Bearer ${JWT}  `)).toBe(JWT);
    // a scheme glued to the token, or not at the start, is no bearer scheme: it stays in the value
    expect(read(`Bearer${JWT}`)).toBe(`Bearer${JWT}`);
    expect(read(`xBearer ${JWT}`)).toBeUndefined();
    expect(read(`Basic ${JWT}`)).toBeUndefined();
    expect(read(42)).toBeUndefined();
    expect(read(undefined)).toBeUndefined();
  });

  test('the compact JWT shape: three base64url segments, the signature may be empty', () => {
    const read = (value: string) => tokenOf({ type: 'TOKEN', authorizationToken: value }, HEADER);
    expect(read('AZaz09_-.AZaz09_-.AZaz09_-')).toBe('AZaz09_-.AZaz09_-.AZaz09_-');
    expect(read('a.b.')).toBe('a.b.');
    for (const bad of ['a.b', '.b.c', 'a..c', 'a.b.c.d', '!a.b.c', 'a.b.c!', 'a+.b.c', 'a.b/.c', 'a.b.c=', '']) {
      expect({ bad, token: read(bad) }).toEqual({ bad, token: undefined });
    }
  });

  test('at most 16384 characters', () => {
    const sized = (length: number) => `a.b.${'c'.repeat(length - 4)}`;
    expect(tokenOf({ type: 'TOKEN', authorizationToken: `Bearer ${sized(16_384)}` }, HEADER)).toBe(sized(16_384));
    expect(tokenOf({ type: 'TOKEN', authorizationToken: sized(16_385) }, HEADER)).toBeUndefined();
  });
});

test('isPolicyEvent: an event with a method ARN (REST, WebSocket)', () => {
  expect(isPolicyEvent({ methodArn: METHOD_ARN })).toBe(true);
  expect(isPolicyEvent({ version: '2.0', type: 'REQUEST' })).toBe(false);
  expect(isPolicyEvent({ methodArn: 42 } as unknown as AuthorizerEvent)).toBe(false);
});

describe('wholeApiResource', () => {
  test('every method and path of the stage called', () => {
    expect(wholeApiResource(METHOD_ARN)).toBe('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*');
    expect(wholeApiResource('arn:aws-cn:execute-api:cn-north-1:210987654321:ws9876/$default/$connect'))
      .toBe('arn:aws-cn:execute-api:cn-north-1:210987654321:ws9876/$default/*');
  });

  test('anything else is left as it is', () => {
    for (const arn of [
      'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod',
      'xarn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/x',
      'arn:aws:lambda:eu-west-1:123456789012:abc123/prod/GET/x',
      'arn:aws:execute-api:eu-west-1:123456789012:/prod/GET/x',
      'arn:aws:execute-api:eu-west-1:123456789012:abc123//GET/x',
      'arn:aws:execute-api::123456789012:abc123/prod/GET/x',
      'arn:aws:execute-api:eu-west-1::abc123/prod/GET/x',
      'arn::execute-api:eu-west-1:123456789012:abc123/prod/GET/x',
    ]) {
      expect(wholeApiResource(arn)).toBe(arn);
    }
  });
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const PAYLOAD = {
  sub: 'user-1', iss: 'https://issuer', scope: 'orders/read', client_id: 'client', token_use: 'access', username: 'ann', email: 'ann@example.com',
};
const TOKEN = `${b64url({ alg: 'RS256', kid: 'k' })}.${b64url(PAYLOAD)}.c2lnbmF0dXJl`;

test('contextOf: the string claims named, and every claim as the signed JSON', () => {
  expect(contextOf(PAYLOAD, TOKEN)).toStrictEqual({ ...PAYLOAD, claims: JSON.stringify(PAYLOAD) });
  const other = { sub: 7, scope: ['a'], email: null, extra: 'x' };
  const token = `${b64url({ alg: 'none' })}.${b64url(other)}.`;
  expect(contextOf(other as never, token)).toStrictEqual({ claims: JSON.stringify(other) });
});

test('allow: HTTP APIs get a simple answer with the context', () => {
  expect(allow({ version: '2.0', type: 'REQUEST' }, PAYLOAD, TOKEN)).toStrictEqual({ isAuthorized: true, context: contextOf(PAYLOAD, TOKEN) });
});

test('allow: REST and WebSocket get an Allow policy for the whole stage, the subject as principal', () => {
  const policy = (principalId: string, payload: JwtPayload) => ({
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' }],
    },
    context: contextOf(payload, TOKEN),
  });
  expect(allow({ type: 'TOKEN', methodArn: METHOD_ARN }, PAYLOAD, TOKEN)).toStrictEqual(policy('user-1', PAYLOAD));
  const { sub: _sub, ...noSub } = PAYLOAD;
  expect(allow({ type: 'TOKEN', methodArn: METHOD_ARN }, noSub, TOKEN)).toStrictEqual(policy('unknown', noSub));
});

test('deny: a simple no, or a Deny policy for the whole stage without context', () => {
  expect(deny({ version: '2.0', type: 'REQUEST' })).toStrictEqual({ isAuthorized: false });
  expect(deny({ type: 'REQUEST', methodArn: METHOD_ARN })).toStrictEqual({
    principalId: 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' }],
    },
  });
});
