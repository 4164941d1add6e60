import { Lazy, Token } from 'aws-cdk-lib';
import { DEFAULT_TOKEN_SOURCE, IdentitySource, IdentitySourceLocation, identitySourceProblem } from '../../lib/authorization/identity-source';

const token = () => Lazy.string({ produce: () => 'Authorization' });

describe('IdentitySource factories', () => {
  test.each([
    ['header', IdentitySource.header('Authorization'), IdentitySourceLocation.HEADER, 'Authorization', 'header Authorization'],
    ['queryString', IdentitySource.queryString('token'), IdentitySourceLocation.QUERY_STRING, 'token', 'query string token'],
    ['context', IdentitySource.context('identity.sourceIp'), IdentitySourceLocation.CONTEXT, 'identity.sourceIp', 'context variable identity.sourceIp'],
    ['stageVariable', IdentitySource.stageVariable('tenant'), IdentitySourceLocation.STAGE_VARIABLE, 'tenant', 'stage variable tenant'],
  ])('%s: location, name and readable form', (_, source, location, name, readable) => {
    expect(source.location).toBe(location);
    expect(source.name).toBe(name);
    expect(source.toString()).toBe(readable);
  });

  test('tokens are read from the Authorization header by default', () => {
    expect(DEFAULT_TOKEN_SOURCE.toString()).toBe('header Authorization');
  });
});

describe('isFromCaller: the caller sends it, so it can carry a credential', () => {
  test.each([
    ['a credential header', IdentitySource.header('X-Api-Key'), true],
    ['the Authorization header', IdentitySource.header('authorization'), true],
    ['a header every caller can send (Host)', IdentitySource.header('Host'), false],
    ['a forgeable header (X-Forwarded-For)', IdentitySource.header('x-forwarded-for'), false],
    ['a header named by a token', IdentitySource.header(token()), true],
    ['a query string', IdentitySource.queryString('token'), true],
    ['a context variable', IdentitySource.context('identity.sourceIp'), false],
    ['a stage variable', IdentitySource.stageVariable('tenant'), false],
  ])('%s: %s', (_, source, expected) => {
    expect(source.isFromCaller).toBe(expected);
  });
});

describe('identitySourceProblem: names API Gateway accepts', () => {
  test.each([
    IdentitySource.header('Authorization'),
    IdentitySource.header("X-Api-Key!#$%&'*+.^_`|~09"),
    IdentitySource.header('a'),
    IdentitySource.queryString('access_token.v-1~'),
    IdentitySource.queryString('t'),
    IdentitySource.context('identity.sourceIp'),
    IdentitySource.context('authorizer.claims.sub_1'),
    IdentitySource.context('requestId'),
    IdentitySource.stageVariable('tenant_Id9'),
    IdentitySource.stageVariable('t'),
    IdentitySource.header(token()),
  ])('%s is valid', (source) => {
    expect(identitySourceProblem(source)).toBeUndefined();
  });

  test.each([
    [IdentitySource.header(''), '"" is not a valid header name'],
    [IdentitySource.header('X Api'), '"X Api" is not a valid header name'],
    [IdentitySource.header(':authority'), '":authority" is not a valid header name'],
    [IdentitySource.header('Authorization:'), '"Authorization:" is not a valid header name'],
    [IdentitySource.queryString(''), '"" is not a valid query string name'],
    [IdentitySource.queryString('a!b'), '"a!b" is not a valid query string name'],
    [IdentitySource.queryString('&token'), '"&token" is not a valid query string name'],
    [IdentitySource.queryString('token='), '"token=" is not a valid query string name'],
    [IdentitySource.context(''), '"" is not a valid context variable name'],
    [IdentitySource.context('$context.requestId'), '"$context.requestId" is not a valid context variable name'],
    [IdentitySource.context('identity.'), '"identity." is not a valid context variable name'],
    [IdentitySource.context('.sourceIp'), '".sourceIp" is not a valid context variable name'],
    [IdentitySource.context('identity..sourceIp'), '"identity..sourceIp" is not a valid context variable name'],
    [IdentitySource.context('identity-sourceIp'), '"identity-sourceIp" is not a valid context variable name'],
    [IdentitySource.stageVariable(''), '"" is not a valid stage variable name'],
    [IdentitySource.stageVariable('a.b'), '"a.b" is not a valid stage variable name'],
    [IdentitySource.stageVariable('-tenant'), '"-tenant" is not a valid stage variable name'],
    [IdentitySource.stageVariable('tenant-'), '"tenant-" is not a valid stage variable name'],
  ])('%s is refused', (source, problem) => {
    expect(identitySourceProblem(source)).toBe(problem);
  });

  test('a name that is not a string is refused, shown as given', () => {
    expect(identitySourceProblem(IdentitySource.header(42 as unknown as string))).toBe('42 is not a valid header name');
  });

  test('a token passes whatever it will be', () => {
    expect(Token.isUnresolved(token())).toBe(true);
    expect(identitySourceProblem(IdentitySource.stageVariable(token()))).toBeUndefined();
  });
});
