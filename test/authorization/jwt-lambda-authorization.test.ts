import { Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { IdentitySource } from '../../lib/authorization/identity-source';
import { JwtAuthorizerFunctionProps, validateJwtAuthorizerFunction } from '../../lib/authorization/jwt-authorizer-function-props';
import { JwtIssuer } from '../../lib/authorization/jwt-issuer';
import {
  JWT_LAMBDA_AUTHORIZATION_DEFAULTS, JwtLambdaAuthorizationProps, jwtLambdaTokenSource, RestLambdaAuthorizerType, restJwtLambdaAuthorizerType,
  validateJwtLambdaAuthorization,
} from '../../lib/authorization/jwt-lambda-authorization';
import { errorOf } from '../error-message';

// RouteAuthorization.jwtLambda()'s options and the authorizer function's settings by direct calls: the
// defaults, the REST authorizer type, and each check's whole message (prop, value, problem, fix).


const issuers = () => [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['api'] })];
const scope = () => new Construct(new Stack(undefined, 'Stack'), 'Api');
/** Lambda JWT authorization's checks, as RouteAuthorization runs them (the prop is where it was passed). */
const validate = (props: Partial<JwtLambdaAuthorizationProps>) => errorOf(() =>
  validateJwtLambdaAuthorization(scope(), 'authorization', { issuers: issuers(), ...props }));
/** The function's own checks, as JwtAuthorizerFunction runs them (its props are top level: no prefix). */
const validateFunction = (props: Partial<JwtAuthorizerFunctionProps>) => errorOf(() =>
  validateJwtAuthorizerFunction(scope(), '', { issuers: issuers(), ...props }));
const P = "[Stack/Api] prop 'authorization.";

describe('defaults and the REST authorizer type', () => {
  test('the token is read from the Authorization header and the answer cached five minutes', () => {
    expect(String(jwtLambdaTokenSource({ issuers: issuers() }))).toBe('header Authorization');
    expect(String(jwtLambdaTokenSource({ issuers: issuers(), tokenSource: IdentitySource.queryString('token') }))).toBe('query string token');
    expect(JWT_LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl.toSeconds()).toBe(300);
  });

  test.each([
    ['no token source (the Authorization header)', undefined, RestLambdaAuthorizerType.TOKEN],
    ['another header', IdentitySource.header('X-Token'), RestLambdaAuthorizerType.TOKEN],
    ['a query string', IdentitySource.queryString('token'), RestLambdaAuthorizerType.REQUEST],
  ])('%s: a %s authorizer', (_, tokenSource, expected) => {
    expect(restJwtLambdaAuthorizerType({ issuers: issuers(), tokenSource })).toBe(expected);
  });
});

describe('what passes', () => {
  test('the defaults, and every setting at its bounds', () => {
    expect(validate({})).toBeUndefined();
    expect(validateFunction({})).toBeUndefined();
    expect(validate({
      scopes: ['orders/read', Token.asString({ resolve: () => 'a b' })],
      requiredClaims: { tenant: 'acme' },
      tokenSource: IdentitySource.queryString('token'),
      reservedConcurrentExecutions: 1,
      runtime: lambda.Runtime.NODEJS_22_X,
      memorySize: 128,
      jwksTimeout: Duration.millis(100),
      jwksRefetchInterval: Duration.seconds(1),
      jwksMaxAge: Duration.seconds(60),
      resultsCacheTtl: Duration.seconds(0),
    })).toBeUndefined();
    expect(validate({
      reservedConcurrentExecutions: 1_000_000,
      memorySize: 10_240,
      jwksTimeout: Duration.seconds(3),
      jwksRefetchInterval: Duration.seconds(300),
      jwksMaxAge: Duration.days(1),
      resultsCacheTtl: Duration.hours(1),
    })).toBeUndefined();
  });

  test('a scope that is a token passes', () => {
    expect(validate({ scopes: [Lazy.string({ produce: () => 'orders/read' })] })).toBeUndefined();
  });

  test('a JWKS maximum age equal to a refetch interval over a minute passes', () => {
    expect(validate({ jwksRefetchInterval: Duration.seconds(120), jwksMaxAge: Duration.seconds(120) })).toBeUndefined();
  });
});

describe('what is refused', () => {
  test.each([
    ['no issuer', { issuers: [] }, "issuers' = []: must list at least one issuer. Fix: pass e.g. issuers: [JwtIssuer.cognito({ userPool, userPoolClients: [client] })]"],
    ['issuers left out (a JavaScript or Python caller)', { issuers: undefined },
      "issuers' = []: must list at least one issuer. Fix: pass e.g. issuers: [JwtIssuer.cognito({ userPool, userPoolClients: [client] })]"],
    ['a bad second issuer, named by its index', { issuers: [...issuers(), JwtIssuer.oidc({ issuer: 'http://b.example.com/', audiences: ['api'] })] },
      "issuers[1].issuer' = \"http://b.example.com/\": must be an https:// URL without query or fragment. "
      + "Fix: use the issuer exactly as in the tokens' iss claim, e.g. 'https://example.eu.auth0.com/'"],
    ['a scope of two words', { scopes: ['orders/read', 'a b'] },
      "scopes' = [\"orders/read\",\"a b\"]: scope \"a b\" is not a single word. Fix: list each scope separately, e.g. ['orders/read']"],
    ['a scope ending in a space', { scopes: ['orders/read '] }, 'scopes\' = ["orders/read "]: scope "orders/read " is not a single word'],
    ['a scope starting with a space', { scopes: [' orders/read'] }, 'scopes\' = [" orders/read"]: scope " orders/read" is not a single word'],
    ['an empty scope', { scopes: [''] }, 'scopes\' = [""]: scope "" is not a single word'],
    ['a scope that is not a string', { scopes: [7 as unknown as string] }, 'scopes\' = [7]: scope 7 is not a single word'],
    ['a claim without a name', { requiredClaims: { '': 'acme' } },
      "requiredClaims' = {\"\":\"acme\"}: each claim needs a name and a string value. Fix: e.g. { tenant: 'acme' }"],
    ['a claim whose value is not a string', { requiredClaims: { tenant: 7 as unknown as string } },
      "requiredClaims' = {\"tenant\":7}: each claim needs a name and a string value. Fix: e.g. { tenant: 'acme' }"],
    ['a token source with a bad name', { tokenSource: IdentitySource.header('Bad Header') },
      "tokenSource' = \"header Bad Header\": \"Bad Header\" is not a valid header name. Fix: e.g. IdentitySource.header('Authorization')"],
    ['a token in a context variable', { tokenSource: IdentitySource.context('identity.sourceIp') },
      "tokenSource' = \"context variable identity.sourceIp\": a token is read from a request header or query string. "
      + "Fix: use IdentitySource.header('Authorization') (the default) or IdentitySource.queryString('token')"],
    ['a token in a stage variable', { tokenSource: IdentitySource.stageVariable('token') }, 'tokenSource\' = "stage variable token": a token is read from a request header or query string'],
    ['no reserved concurrency', { reservedConcurrentExecutions: 0 },
      "reservedConcurrentExecutions' = 0: must be a whole number from 1 to 1000000. Fix: reserve at least 1, e.g. 20"],
    ['an old runtime', { runtime: lambda.Runtime.NODEJS_20_X }, 'runtime\' = "nodejs20.x": is older than Node.js 22'],
    ['too little memory', { memorySize: 64 }, "memorySize' = 64: must be a whole number from 128 to 10240. Fix: give MiB, e.g. 256"],
    ['a JWKS timeout near the function timeout', { jwksTimeout: Duration.seconds(5) },
      "jwksTimeout' = 5000: must be a whole number from 100 to 3000. "
      + "Fix: give whole milliseconds from Duration.millis(100) to Duration.seconds(3), well under the function's 5-second timeout"],
    ['a refetch interval in part seconds', { jwksRefetchInterval: Duration.millis(1500) },
      "jwksRefetchInterval' = 1.5: must be a whole number from 1 to 300. Fix: give whole seconds from 1 to 300, e.g. Duration.seconds(10)"],
    ['a refetch interval over five minutes', { jwksRefetchInterval: Duration.seconds(301) }, "jwksRefetchInterval' = 301: must be a whole number from 1 to 300"],
    ['a JWKS maximum age under a minute', { jwksMaxAge: Duration.seconds(30) },
      "jwksMaxAge' = 30: must be a whole number from 60 to 86400. "
      + 'Fix: give whole seconds from Duration.minutes(1) (and at least jwksRefetchInterval) to Duration.days(1), e.g. Duration.hours(1)'],
    ['a JWKS maximum age in part seconds', { jwksMaxAge: Duration.millis(90_500) }, "jwksMaxAge' = 90.5: must be a whole number from 60 to 86400"],
    ['a JWKS maximum age shorter than the refetch interval', { jwksRefetchInterval: Duration.seconds(120), jwksMaxAge: Duration.seconds(90) },
      "jwksMaxAge' = 90: must be a whole number from 120 to 86400"],
    ['a cache TTL over an hour', { resultsCacheTtl: Duration.hours(2) },
      "resultsCacheTtl' = 7200: must be a whole number from 0 to 3600. Fix: use a whole number of seconds from Duration.seconds(0) to Duration.hours(1)"],
    ['a cache TTL in part seconds', { resultsCacheTtl: Duration.millis(1500) }, "resultsCacheTtl' = 1.5: must be a whole number from 0 to 3600"],
  ])('%s', (_, props, message) => {
    const error = validate(props as Partial<JwtLambdaAuthorizationProps>);
    // The message from its start: the prop, the value, the problem (and, where given here, the fix).
    expect(error?.slice(0, P.length + message.length)).toBe(P + message);
  });

  test('a scope with whitespace of its own beside a token is refused: it stays two words whatever the token becomes', () => {
    expect(validate({ scopes: [`${Lazy.string({ produce: () => 'orders' })} read`] }))
      .toMatch(/^\[Stack\/Api\] prop 'authorization\.scopes' = \["\$\{Token\[TOKEN\.\d+\]\} read"\]: scope "\$\{Token\[TOKEN\.\d+\]\} read" is not a single word/);
  });

  test('the function\'s own props are named without a prefix', () => {
    expect(validateFunction({ memorySize: 64 })).toBe("[Stack/Api] prop 'memorySize' = 64: must be a whole number from 128 to 10240. Fix: give MiB, e.g. 256");
    expect(validateFunction({ issuers: [] })).toMatch(/^\[Stack\/Api\] prop 'issuers' = \[\]/);
  });
});
