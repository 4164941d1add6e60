import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { IdentitySource } from '../../lib/authorization/identity-source';
import { LambdaAuthorizationProps, validateLambdaAuthorization } from '../../lib/authorization/lambda-authorization';

function setup() {
  const scope = new Construct(new Stack(), 'Api');
  const handler = lambda.Function.fromFunctionArn(scope, 'Auth', 'arn:aws:lambda:us-east-1:111111111111:function:auth');
  const check = (props: Omit<LambdaAuthorizationProps, 'handler'>) => () => validateLambdaAuthorization(scope, 'routes[GET /a].authorization', { handler, ...props });
  return { check };
}

const CONTEXT_ONLY = [IdentitySource.context('identity.sourceIp')];

describe('validateLambdaAuthorization', () => {
  test('the defaults pass: the Authorization header, cached for 5 minutes', () => {
    expect(setup().check({})).not.toThrow();
  });

  test('no identity source is refused', () => {
    expect(setup().check({ identitySources: [] })).toThrow(
      "[Default/Api] prop 'routes[GET /a].authorization.identitySources' = []: must list at least one identity source. "
      + "Fix: name where the credential is read from, e.g. [IdentitySource.header('Authorization')]");
  });

  test('a bad name is refused, showing every source and the factories', () => {
    expect(setup().check({ identitySources: [IdentitySource.header('Authorization'), IdentitySource.queryString('a b')] })).toThrow(
      "prop 'routes[GET /a].authorization.identitySources' = [\"header Authorization\",\"query string a b\"]: \"a b\" is not a valid query string name. "
      + "Fix: use IdentitySource.header('Authorization'), queryString('token'), context('identity.sourceIp') or stageVariable('name')");
  });

  test.each([
    ['0 s, caching off', Duration.seconds(0)],
    ['1 hour', Duration.hours(1)],
    ['a token', Duration.seconds(Lazy.number({ produce: () => 30 }))],
  ])('a cache TTL of %s passes', (_, ttl) => {
    expect(setup().check({ resultsCacheTtl: ttl })).not.toThrow();
  });

  test.each([
    ['more than an hour', Duration.seconds(3601), '3601'],
    ['a fraction of a second', Duration.millis(1500), '1.5'],
  ])('a cache TTL of %s is refused', (_, ttl, shown) => {
    expect(setup().check({ resultsCacheTtl: ttl })).toThrow(
      `prop 'routes[GET /a].authorization.resultsCacheTtl' = ${shown}: must be a whole number from 0 to 3600. `
      + 'Fix: use a whole number of seconds from Duration.seconds(0) to Duration.hours(1)');
  });

  const sharedCacheKey = "with caching on, the identity sources are the cache key; without the caller's credential one caller's decision would serve another";

  test.each([
    ['a context variable', CONTEXT_ONLY, '["context variable identity.sourceIp"]'],
    ['a header that carries no credential', [IdentitySource.header('Host')], '["header Host"]'],
  ])('with caching on (the default), a cache key of only %s is refused', (_, identitySources, shown) => {
    expect(setup().check({ identitySources })).toThrow(
      `prop 'routes[GET /a].authorization.identitySources' = ${shown}: ${sharedCacheKey}. `
      + "Fix: add the header or query string that carries the credential, e.g. IdentitySource.header('Authorization') (Host, User-Agent, Accept, "
      + 'X-Forwarded-For and the like carry none), or set resultsCacheTtl: Duration.seconds(0)');
  });

  test('the shortest cache (1 s) needs the credential too', () => {
    expect(setup().check({ identitySources: CONTEXT_ONLY, resultsCacheTtl: Duration.seconds(1) })).toThrow(sharedCacheKey);
  });

  test('a cache key with the credential among other sources passes', () => {
    expect(setup().check({ identitySources: [...CONTEXT_ONLY, IdentitySource.queryString('token')] })).not.toThrow();
  });

  test('without caching, sources that carry no credential pass: the function reads what it needs', () => {
    expect(setup().check({ identitySources: CONTEXT_ONLY, resultsCacheTtl: Duration.seconds(0) })).not.toThrow();
  });

  test('a TTL that is a token is not checked against the sources: it may be 0', () => {
    expect(setup().check({ identitySources: CONTEXT_ONLY, resultsCacheTtl: Duration.seconds(Lazy.number({ produce: () => 0 })) })).not.toThrow();
  });
});
