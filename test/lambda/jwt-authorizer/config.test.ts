/**
 * The JWT authorizer's configuration parser (lambda/jwt-authorizer/config.ts), called directly: every
 * check refuses exactly what it names, with its own message, and accepts the values at its bound.
 */
import { CONFIG_VARIABLE, parseConfig } from '../../../lambda/jwt-authorizer/config';

const ISSUER = { issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks', audiences: ['api'] };
const VALID = {
  issuers: [ISSUER],
  tokenSource: { location: 'HEADER', name: 'Authorization' },
  jwksTimeoutMs: 1000,
  jwksRefetchIntervalSeconds: 10,
  jwksMaxAgeSeconds: 3600,
};

const parse = (config: unknown) => parseConfig(JSON.stringify(config));
const withIssuer = (more: Record<string, unknown>) => ({ ...VALID, issuers: [{ ...ISSUER, ...more }] });
const without = (config: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(config).filter(([k]) => k !== key));

test('a valid configuration is returned as parsed', () => {
  expect(parse(VALID)).toEqual(VALID);
  expect(parse({ ...VALID, requiredClaims: { tenant: 'acme' }, scopes: ['a/b'] }).requiredClaims).toEqual({ tenant: 'acme' });
});

test('no configuration text → not set', () => {
  expect(CONFIG_VARIABLE).toBe('PORTCULLIS_JWT_AUTHORIZER');
  expect(() => parseConfig(undefined)).toThrow(new Error('PORTCULLIS_JWT_AUTHORIZER is not set'));
  expect(() => parseConfig('')).toThrow(new Error('PORTCULLIS_JWT_AUTHORIZER is not set'));
});

test('issuers: an array of at least one', () => {
  expect(() => parse({ ...VALID, issuers: [] })).toThrow(new Error('no issuers'));
  expect(() => parse({ ...VALID, issuers: { 0: ISSUER, length: 1 } })).toThrow(new Error('no issuers'));
  expect(() => parse(without(VALID, 'issuers'))).toThrow(new Error('no issuers'));
});

test.each([
  ['http issuer', { issuer: 'http://issuer.example.com' }],
  ['http jwksUri', { jwksUri: 'http://issuer.example.com/jwks' }],
  ['a prefix before https', { issuer: 'xhttps://issuer.example.com' }],
  ['a space inside', { jwksUri: 'https://issuer.example.com/a b' }],
  ['a space at the end', { issuer: 'https://issuer.example.com ' }],
  ['nothing after the scheme', { jwksUri: 'https://' }],
  ['not a string', { issuer: 42 }],
  ['a list holding an https URL (a string only when converted)', { issuer: ['https://issuer.example.com'] }],
])('issuer and jwksUri must be https URLs: %s', (_name, more) => {
  expect(() => parse(withIssuer(more))).toThrow(new Error('issuer and jwksUri must be https URLs'));
});

test('an https URL of one character after the scheme is accepted', () => {
  expect(parse(withIssuer({ issuer: 'https://a', jwksUri: 'https://b' })).issuers[0].issuer).toBe('https://a');
});

test('audiences or clientIds: one of them at least, each a list of non-empty strings', () => {
  expect(() => parse(withIssuer({ audiences: undefined }))).toThrow(new Error('https://issuer.example.com: no audiences or clientIds'));
  expect(parse(withIssuer({ audiences: undefined, clientIds: ['c'] })).issuers[0].clientIds).toEqual(['c']);
  expect(parse(withIssuer({ audiences: ['a'] })).issuers[0].audiences).toEqual(['a']);
  // a nested list has a length too, and converts to its string
  for (const bad of ['api', [''], [1], ['a', 2], [['api']]]) {
    expect(() => parse(withIssuer({ audiences: bad }))).toThrow(new Error('https://issuer.example.com: bad audiences'));
    expect(() => parse(withIssuer({ clientIds: bad }))).toThrow(new Error('https://issuer.example.com: bad clientIds'));
    expect(() => parse(withIssuer({ tokenTypes: bad }))).toThrow(new Error('https://issuer.example.com: bad tokenTypes'));
  }
  expect(parse(withIssuer({ tokenTypes: ['at+jwt'] })).issuers[0].tokenTypes).toEqual(['at+jwt']);
});

test('tokenUse: a string when set', () => {
  expect(() => parse(withIssuer({ tokenUse: 1 }))).toThrow(new Error('https://issuer.example.com: bad tokenUse'));
  expect(parse(withIssuer({ tokenUse: 'access' })).issuers[0].tokenUse).toBe('access');
});

test.each(['requireTokenType', 'allowNoExpiry'])('%s: a boolean when set', (flag) => {
  expect(() => parse(withIssuer({ [flag]: 'yes' }))).toThrow(new Error(`https://issuer.example.com: bad ${flag}`));
  expect(parse(withIssuer({ [flag]: false })).issuers[0]).toMatchObject({ [flag]: false });
});

test('scopes: a list of non-empty strings when set', () => {
  expect(() => parse({ ...VALID, scopes: 'orders/read' })).toThrow(new Error('bad scopes'));
  expect(() => parse({ ...VALID, scopes: [''] })).toThrow(new Error('bad scopes'));
  expect(parse({ ...VALID, scopes: [] }).scopes).toEqual([]);
});

test('requiredClaims: an object of strings when set', () => {
  expect(() => parse({ ...VALID, requiredClaims: 'tenant' })).toThrow(new Error('bad requiredClaims'));
  expect(() => parse({ ...VALID, requiredClaims: { tenant: 1 } })).toThrow(new Error('bad requiredClaims'));
  expect(parse({ ...VALID, requiredClaims: {} }).requiredClaims).toEqual({});
});

test('tokenSource: HEADER or QUERY_STRING, and a name', () => {
  expect(parse({ ...VALID, tokenSource: { location: 'QUERY_STRING', name: 'token' } }).tokenSource.location).toBe('QUERY_STRING');
  for (const bad of [undefined, { location: 'COOKIE', name: 'a' }, { location: 'HEADER' }, { location: 'HEADER', name: 1 }]) {
    expect(() => parse({ ...VALID, tokenSource: bad })).toThrow(new Error('bad tokenSource'));
  }
});

test('jwksTimeoutMs: whole milliseconds, at least 100', () => {
  expect(parse({ ...VALID, jwksTimeoutMs: 100 }).jwksTimeoutMs).toBe(100);
  for (const bad of [99, 100.5, '1000']) {
    expect(() => parse({ ...VALID, jwksTimeoutMs: bad })).toThrow(new Error('bad jwksTimeoutMs'));
  }
});

test('jwksRefetchIntervalSeconds: a number, at least 1', () => {
  expect(parse({ ...VALID, jwksRefetchIntervalSeconds: 1 }).jwksRefetchIntervalSeconds).toBe(1);
  for (const bad of [0.5, '10', undefined]) {
    expect(() => parse({ ...VALID, jwksRefetchIntervalSeconds: bad })).toThrow(new Error('bad jwksRefetchIntervalSeconds'));
  }
});

test('jwksMaxAgeSeconds: a number, at least the refetch interval', () => {
  expect(parse({ ...VALID, jwksMaxAgeSeconds: 10 }).jwksMaxAgeSeconds).toBe(10);
  for (const bad of [9, '3600', undefined]) {
    expect(() => parse({ ...VALID, jwksMaxAgeSeconds: bad })).toThrow(new Error('bad jwksMaxAgeSeconds'));
  }
});
