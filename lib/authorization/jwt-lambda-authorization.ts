import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DEFAULT_TOKEN_SOURCE, IdentitySource, IdentitySourceLocation } from './identity-source';
import { JwtAuthorizerFunctionProps, validateJwtAuthorizerFunction } from './jwt-authorizer-function-props';
import { checkInteger } from '../common/validation';

/**
 * A Lambda JWT authorizer: the Portcullis authorizer function verifies the token (several issuers,
 * custom claims, token types API Gateway's own JWT authorizers cannot check) and API Gateway caches
 * its answer per token.
 *
 * What each API kind builds from it:
 * - HTTP API: a REQUEST authorizer with simple responses; the verified claims are in
 *   `$context.authorizer.lambda.<claim>` (`sub`, `iss`, `scope`, `client_id`, `token_use`, and all of them as JSON in `claims`).
 * - REST API: a TOKEN authorizer when the token is in a header (`restAuthorizerType`), a REQUEST
 *   authorizer when it is in a query string; the IAM policy the function returns allows or denies
 *   `execute-api:Invoke` on every method of the stage (`<api>/<stage>/*`), so the cached answer is
 *   right for whichever method the same token calls next.
 * - WebSocket API: a REQUEST authorizer on `$connect`, the token typically in a query string.
 *
 * Every kind: identity source = the token source only, so the cache key is the caller's credential;
 * the function is created in the API's scope, one per API and authorization object.
 */
export interface JwtLambdaAuthorizationProps extends JwtAuthorizerFunctionProps {
  /**
   * How long API Gateway caches the answer for a token, from 0 to 1 hour; `Duration.seconds(0)` turns
   * caching off. The key is the token itself, so one caller's answer never serves another. A token
   * revoked at the issuer stays accepted until its answer expires from the cache (and until the
   * token's own expiry without the cache: JWTs are verified offline).
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Name of the authorizer resource.
   *
   * @default - 'JwtLambdaAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/**
 * Which authorizer type a REST API builds for a Lambda JWT authorizer.
 */
export enum RestLambdaAuthorizerType {
  /** The token from one header, passed as `authorizationToken`. */
  TOKEN = 'TOKEN',
  /** The request's headers and query string passed; needed when the token is in a query string. */
  REQUEST = 'REQUEST',
}

/** Defaults of Lambda JWT authorization, in one place. */
export const JWT_LAMBDA_AUTHORIZATION_DEFAULTS = {
  tokenSource: DEFAULT_TOKEN_SOURCE,
  resultsCacheTtl: Duration.minutes(5),
};

/** Where the token is read, defaults applied: the identity source, and so the cache key, on every API kind. */
export function jwtLambdaTokenSource(props: JwtLambdaAuthorizationProps): IdentitySource {
  return props.tokenSource ?? JWT_LAMBDA_AUTHORIZATION_DEFAULTS.tokenSource;
}

/** The REST authorizer type for these props: TOKEN for a header, REQUEST for a query string. */
export function restJwtLambdaAuthorizerType(props: JwtLambdaAuthorizationProps): RestLambdaAuthorizerType {
  return jwtLambdaTokenSource(props).location === IdentitySourceLocation.HEADER ? RestLambdaAuthorizerType.TOKEN : RestLambdaAuthorizerType.REQUEST;
}

/** Kind-neutral checks of Lambda JWT authorization; `prop` names where it was passed. */
export function validateJwtLambdaAuthorization(scope: IConstruct, prop: string, props: JwtLambdaAuthorizationProps): void {
  validateJwtAuthorizerFunction(scope, `${prop}.`, props);
  const ttl = (props.resultsCacheTtl ?? JWT_LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl).toSeconds({ integral: false });
  checkInteger(scope, `${prop}.resultsCacheTtl`, ttl, 0, 3600, 'use a whole number of seconds from Duration.seconds(0) to Duration.hours(1)');
}
