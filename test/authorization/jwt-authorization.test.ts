import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IdentitySource } from '../../lib/authorization/identity-source';
import { JwtAuthorizationProps, jwtTokenSource, mayBeCognitoIssuer, validateJwtAuthorization } from '../../lib/authorization/jwt-authorization';
import { errorOf } from '../error-message';

// RouteAuthorization.jwt()'s options by direct calls: the kind-neutral checks (whole messages), the token
// source default, and which issuers may be Amazon Cognito's.


const validate = (props: Partial<JwtAuthorizationProps>) => errorOf(() =>
  validateJwtAuthorization(new Construct(new Stack(undefined, 'Stack'), 'Api'), 'authorization', { issuer: 'https://auth.example.com/', audience: ['api'], ...props }));

describe('mayBeCognitoIssuer', () => {
  test.each([
    ['a Cognito user pool', 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', true],
    ['a Cognito user pool in China', 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_abc', true],
    ['Auth0', 'https://example.eu.auth0.com/', false],
    ['a look-alike host', 'https://cognito-idp.eu-west-1.amazonaws.com.evil.example/', false],
  ])('%s: %s', (_, issuer, expected) => {
    expect(mayBeCognitoIssuer(issuer)).toBe(expected);
  });

  test('an issuer known only at deploy time may be Cognito', () => {
    expect(mayBeCognitoIssuer(Token.asString({ resolve: () => 'https://example.eu.auth0.com/' }))).toBe(true);
  });
});

describe('jwtTokenSource', () => {
  test('the Authorization header unless another source is given', () => {
    expect(String(jwtTokenSource({ issuer: 'https://auth.example.com/', audience: ['api'] }))).toBe('header Authorization');
    expect(String(jwtTokenSource({ issuer: 'https://auth.example.com/', audience: ['api'], tokenSource: IdentitySource.queryString('token') })))
      .toBe('query string token');
  });
});

describe('validateJwtAuthorization', () => {
  test('an https issuer with an audience read from a header or query string passes; so does an issuer known at deploy time', () => {
    expect(validate({})).toBeUndefined();
    expect(validate({ tokenSource: IdentitySource.queryString('token') })).toBeUndefined();
    expect(validate({ issuer: Token.asString({ resolve: () => 'http://not-checked' }) })).toBeUndefined();
  });

  test.each(['http://auth.example.com/', 'https://auth.example.com/?a=1', 'https://auth.example.com/#a', 'auth.example.com'])('issuer %j is refused', (issuer) => {
    expect(validate({ issuer })).toBe(`[Stack/Api] prop 'authorization.issuer' = ${JSON.stringify(issuer)}: must be an https:// URL without query or fragment. `
      + "Fix: use the issuer exactly as in the tokens' iss claim, e.g. 'https://auth.example.com/'");
  });

  test('no audience is refused', () => {
    expect(validate({ audience: [] })).toBe("[Stack/Api] prop 'authorization.audience' = []: must list at least one value. "
      + "Fix: list the audiences (client ids or API identifiers) tokens must be issued for, e.g. ['https://api.example.com']");
  });

  test('a token source with a bad name is refused', () => {
    expect(validate({ tokenSource: IdentitySource.header('Bad Header') }))
      .toBe("[Stack/Api] prop 'authorization.tokenSource' = \"header Bad Header\": \"Bad Header\" is not a valid header name. "
        + "Fix: name the header or query string, e.g. IdentitySource.header('Authorization')");
  });

  test.each([
    ['a context variable', IdentitySource.context('identity.sourceIp'), 'context variable identity.sourceIp'],
    ['a header that holds no credential', IdentitySource.header('Host'), 'header Host'],
  ])('%s is refused: a JWT comes from the caller', (_, tokenSource, shown) => {
    expect(validate({ tokenSource })).toBe(`[Stack/Api] prop 'authorization.tokenSource' = ${JSON.stringify(shown)}: a JWT is read from a request header or query string. `
      + "Fix: use IdentitySource.header('Authorization') (the default) or IdentitySource.queryString('token')");
  });
});
