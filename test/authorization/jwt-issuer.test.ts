import { Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CognitoTokenUse, isHttpsUrl, JwtIssuer, tokensWithoutExpiry } from '../../lib/authorization/jwt-issuer';
import { errorOf } from '../error-message';

// JwtIssuer by direct calls: what each factory derives, what _validate refuses (the whole message, so the
// prop, value, problem and fix are each pinned) and what _toConfig hands the authorizer function.

function scope(): Construct {
  return new Construct(new Stack(undefined, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Api');
}


const validate = (issuer: JwtIssuer) => errorOf(() => issuer._validate(scope(), 'authorization.issuers[0]'));
const PREFIX = "[Stack/Api] prop 'authorization.issuers[0]";

describe('JwtIssuer.cognito', () => {
  function pool(s: Construct): cognito.IUserPool {
    return cognito.UserPool.fromUserPoolId(s, 'Pool', 'eu-west-1_abc');
  }

  test('issuer and JWKS are derived from the pool, the clients are its app clients, access tokens by default', () => {
    const s = scope();
    const issuer = JwtIssuer.cognito({ userPool: pool(s), userPoolClients: [cognito.UserPoolClient.fromUserPoolClientId(s, 'C', 'client1')] });
    const stack = Stack.of(s);
    const expected = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc';
    const resolved = (value: string) => stack.resolve(value)['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'amazonaws.com')).join('');
    expect(resolved(issuer.issuer)).toBe(expected);
    expect(resolved(issuer.jwksUri)).toBe(`${expected}/.well-known/jwks.json`);
    expect(issuer.clientIds).toEqual(['client1']);
    expect(issuer.audiences).toBeUndefined();
    expect(issuer.tokenUse).toBe('access');
    expect(issuer.isCognito).toBe(true);
    expect(issuer.requireTokenType).toBe(false);
    expect(issuer.tokenTypes).toBeUndefined();
    expect(issuer.tokensWithoutExpiryReason).toBeUndefined();
    expect(issuer._toConfig()).toEqual({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, clientIds: ['client1'], tokenUse: 'access' });
    expect(validate(issuer)).toBeUndefined();
  });

  test('ID tokens when asked', () => {
    const s = scope();
    const issuer = JwtIssuer.cognito({ userPool: pool(s), userPoolClients: [cognito.UserPoolClient.fromUserPoolClientId(s, 'C', 'c')], tokenUse: CognitoTokenUse.ID });
    expect(issuer.tokenUse).toBe('id');
  });

  test('its app clients are not checked as OIDC client ids: the Cognito check is the only one', () => {
    const s = scope();
    const issuer = JwtIssuer.cognito({ userPool: pool(s), userPoolClients: [cognito.UserPoolClient.fromUserPoolClientId(s, 'C', ' ')] });
    expect(validate(issuer)).toBeUndefined();
  });

  test.each([
    ['no app client', []],
    ['app clients left out (a JavaScript or Python caller)', undefined],
  ])('%s is refused', (_, clients) => {
    const s = scope();
    const issuer = JwtIssuer.cognito({ userPool: pool(s), userPoolClients: clients as unknown as cognito.IUserPoolClient[] });
    expect(validate(issuer)).toBe(`${PREFIX}.userPoolClients' = []: must list at least one app client. `
      + 'Fix: pass the app clients whose tokens this API accepts: JwtIssuer.cognito({ userPool, userPoolClients: [client] })');
  });
});

describe('JwtIssuer.oidc', () => {
  test('the JWKS defaults to the issuer followed by /.well-known/jwks.json, one slash between them', () => {
    expect(JwtIssuer.oidc({ issuer: 'https://example.eu.auth0.com/', audiences: ['a'] }).jwksUri).toBe('https://example.eu.auth0.com/.well-known/jwks.json');
    expect(JwtIssuer.oidc({ issuer: 'https://example.okta.com/oauth2/default', audiences: ['a'] }).jwksUri)
      .toBe('https://example.okta.com/oauth2/default/.well-known/jwks.json');
    // Only a slash at the end is dropped.
    expect(JwtIssuer.oidc({ issuer: 'https://example.com/tenant/', audiences: ['a'] }).jwksUri).toBe('https://example.com/tenant/.well-known/jwks.json');
  });

  test('an issuer known at deploy time keeps its literal trailing slash out of the JWKS URL too', () => {
    const s = scope();
    const tenant = Token.asString({ resolve: () => 'acme' });
    const issuer = JwtIssuer.oidc({ issuer: `https://${tenant}.eu.auth0.com/`, audiences: ['a'] });
    expect(Stack.of(s).resolve(issuer.jwksUri)).toBe('https://acme.eu.auth0.com/.well-known/jwks.json');
    expect(validate(issuer)).toBeUndefined();
  });

  test('a given JWKS URL is kept; every option is kept as given', () => {
    const issuer = JwtIssuer.oidc({
      issuer: 'https://auth.example.com/',
      jwksUri: 'https://auth.example.com/keys',
      audiences: ['https://api.example.com'],
      clientIds: ['web'],
      tokenUse: 'access',
      tokenTypes: ['at+jwt'],
      requireTokenType: true,
      tokensWithoutExpiryReason: 'the legacy issuer cannot set exp',
    });
    expect(issuer.isCognito).toBe(false);
    expect(issuer._toConfig()).toEqual({
      issuer: 'https://auth.example.com/',
      jwksUri: 'https://auth.example.com/keys',
      audiences: ['https://api.example.com'],
      clientIds: ['web'],
      tokenUse: 'access',
      tokenTypes: ['at+jwt'],
      requireTokenType: true,
      allowNoExpiry: true,
      noExpiryReason: 'the legacy issuer cannot set exp',
    });
    expect(validate(issuer)).toBeUndefined();
  });

  test('options left out are left out of the configuration; a token without typ is accepted by default', () => {
    const issuer = JwtIssuer.oidc({ issuer: 'https://auth.example.com/', clientIds: ['web'] });
    expect(issuer.requireTokenType).toBe(false);
    expect(issuer._toConfig()).toEqual({ issuer: 'https://auth.example.com/', jwksUri: 'https://auth.example.com/.well-known/jwks.json', clientIds: ['web'] });
    expect(validate(issuer)).toBeUndefined();
    expect(JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['a'], requireTokenType: false })._toConfig()).not.toHaveProperty('requireTokenType');
  });
});

describe('JwtIssuer._validate', () => {
  const oidc = (props: Partial<Parameters<typeof JwtIssuer.oidc>[0]>) => JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['api'], ...props });

  test.each([
    'http://auth.example.com/', 'https://auth.example.com/?tenant=a', 'https://auth.example.com/#x', 'auth.example.com', '',
  ])('issuer %j is refused', (issuer) => {
    expect(validate(oidc({ issuer, jwksUri: 'https://auth.example.com/keys' }))).toBe(`${PREFIX}.issuer' = ${JSON.stringify(issuer)}: `
      + "must be an https:// URL without query or fragment. Fix: use the issuer exactly as in the tokens' iss claim, e.g. 'https://example.eu.auth0.com/'");
  });

  test.each(['http://auth.example.com/keys', 'https://auth.example.com/keys?v=1', 'https://auth.example.com/keys#k', 'keys'])('jwksUri %j is refused', (jwksUri) => {
    expect(validate(oidc({ jwksUri }))).toBe(`${PREFIX}.jwksUri' = ${JSON.stringify(jwksUri)}: must be an https:// URL without query or fragment. `
      + "Fix: use the jwks_uri of the issuer's OpenID configuration, e.g. 'https://example.okta.com/oauth2/default/v1/keys'");
  });

  test('issuer and JWKS URL known only at deploy time pass', () => {
    const url = Token.asString({ resolve: () => 'http://not-checked' });
    expect(validate(oidc({ issuer: url, jwksUri: url }))).toBeUndefined();
  });

  test('an issuer checking neither aud nor client is refused; either one alone is enough', () => {
    expect(validate(JwtIssuer.oidc({ issuer: 'https://auth.example.com/' })))
      .toBe(`${PREFIX}' = "no audiences or clientIds": a token must be checked for whom it was issued, or any token of the issuer passes. `
        + "Fix: give audiences: ['https://api.example.com'] (the aud claim) or clientIds: ['my-client'] (the client_id claim)");
    expect(validate(JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['api'] }))).toBeUndefined();
    expect(validate(JwtIssuer.oidc({ issuer: 'https://auth.example.com/', clientIds: ['web'] }))).toBeUndefined();
  });

  test.each([
    ['audiences', { audiences: [], clientIds: ['web'] }, "list the aud values, e.g. ['https://api.example.com']", 'must list at least one value', []],
    ['audiences', { audiences: [' '], clientIds: ['web'] }, "list the aud values, e.g. ['https://api.example.com']", 'must not contain empty strings', [' ']],
    ['clientIds', { audiences: ['api'], clientIds: [] }, "list the client ids, e.g. ['0oa1b2c3d4']", 'must list at least one value', []],
    ['clientIds', { audiences: ['api'], clientIds: [''] }, "list the client ids, e.g. ['0oa1b2c3d4']", 'must not contain empty strings', ['']],
    ['tokenTypes', { audiences: ['api'], tokenTypes: [] }, "list the typ values, e.g. ['at+jwt'], or leave it out for the default", 'must list at least one value', []],
    ['tokenTypes', { audiences: ['api'], tokenTypes: ['at+jwt', ''] }, "list the typ values, e.g. ['at+jwt'], or leave it out for the default", 'must not contain empty strings', ['at+jwt', '']],
  ])('%s %j is refused', (name, props, fix, problem, value) => {
    expect(validate(JwtIssuer.oidc({ issuer: 'https://auth.example.com/', ...props }))).toBe(`${PREFIX}.${name}' = ${JSON.stringify(value)}: ${problem}. Fix: ${fix}`);
  });

  test.each(['', '  '])('tokenUse %j is refused; a token or a word passes', (tokenUse) => {
    expect(validate(oidc({ tokenUse })))
      .toBe(`${PREFIX}.tokenUse' = ${JSON.stringify(tokenUse)}: must not be empty. Fix: give the token_use value, e.g. 'access', or leave it out`);
    expect(validate(oidc({ tokenUse: 'access' }))).toBeUndefined();
    expect(validate(oidc({ tokenUse: Token.asString({ resolve: () => '' }) }))).toBeUndefined();
  });

  test.each([
    ['', 'no reason is given'], ['   ', 'no reason is given'], ['x', 'the reason has 1 visible characters, at least 10 are required'],
  ])('tokensWithoutExpiryReason %j is refused by the reason policy; a reason or a token passes', (reason, problem) => {
    expect(validate(oidc({ tokensWithoutExpiryReason: reason })))
      .toBe(`${PREFIX}.tokensWithoutExpiryReason' = ${JSON.stringify(reason)}: authorization.issuers[0]: tokens without exp accepted turns a default security measure `
        + "down (a token without an exp claim never expires: a leaked one is accepted until the issuer's signing key is rotated) and needs a reason: "
        + `${problem}. Fix: give authorization.issuers[0].tokensWithoutExpiryReason saying why, e.g. authorization.issuers[0].tokensWithoutExpiryReason: `
        + "'the legacy issuer cannot set exp; tokens are revoked by key rotation', or leave the default");
    expect(validate(oidc({ tokensWithoutExpiryReason: 'legacy issuer' }))).toBeUndefined();
    expect(validate(oidc({ tokensWithoutExpiryReason: Token.asString({ resolve: () => '' }) }))).toBeUndefined();
  });
});

test('tokensWithoutExpiry: the weakening named after where the issuer was given; no pack rule to acknowledge', () => {
  expect(tokensWithoutExpiry('authorization.issuers[2]')).toEqual({
    setting: 'authorization.issuers[2]: tokens without exp accepted',
    reasonProp: 'authorization.issuers[2].tokensWithoutExpiryReason',
    consequence: 'a token without an exp claim never expires: a leaked one is accepted until the issuer\'s signing key is rotated',
    rules: [],
  });
});

describe('isHttpsUrl', () => {
  test.each([
    ['https://auth.example.com/', true],
    ['https://auth.example.com', true],
    ['http://auth.example.com/', false],
    ['https://auth.example.com/?a=1', false],
    ['https://auth.example.com/#a', false],
    ['not a url', false],
  ])('%j: %s', (url, expected) => {
    expect(isHttpsUrl(url)).toBe(expected);
  });
});
