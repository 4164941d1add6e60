import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { DEFAULT_TOKEN_SOURCE, IdentitySource, identitySourceProblem } from './identity-source';
import { checkInteger, invalidProp, isUnresolved } from '../common/validation';

/**
 * What a Lambda authorizer returns.
 */
export enum LambdaAuthorizerResponse {
  /** `{ isAuthorized: boolean, context? }`: HTTP APIs only. */
  SIMPLE = 'SIMPLE',
  /** An IAM policy document allowing or denying `execute-api:Invoke`: every API kind. */
  IAM_POLICY = 'IAM_POLICY',
}

/**
 * A Lambda (REQUEST) authorizer.
 */
export interface LambdaAuthorizationProps {
  /** The function that decides. It must fail closed: any error means deny. */
  readonly handler: lambda.IFunction;

  /**
   * Request parts passed to the function; with caching on they are also the cache key, so they
   * must include the caller's credential (a header or query string).
   *
   * @default [IdentitySource.header('Authorization')]
   */
  readonly identitySources?: IdentitySource[];

  /**
   * How long API Gateway caches a decision for the same identity sources, from 0 to 1 hour.
   * `Duration.seconds(0)` turns caching off.
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * What the function returns. The simple format is offered by HTTP APIs only; an authorization
   * that asks for it cannot protect a REST method or a WebSocket route.
   *
   * @default - LambdaAuthorizerResponse.SIMPLE on HTTP APIs; IAM_POLICY, the only format they accept, on REST and WebSocket APIs
   */
  readonly responseType?: LambdaAuthorizerResponse;

  /**
   * Name of the authorizer resource.
   *
   * @default - 'LambdaAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/** Defaults of Lambda authorization, in one place. */
export const LAMBDA_AUTHORIZATION_DEFAULTS = {
  identitySources: [DEFAULT_TOKEN_SOURCE],
  resultsCacheTtl: Duration.minutes(5),
};

/** Kind-neutral checks of Lambda authorization; `prop` names where it was passed. */
export function validateLambdaAuthorization(scope: IConstruct, prop: string, props: LambdaAuthorizationProps): void {
  const sources = props.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources;
  if (sources.length === 0) {
    invalidProp(scope, `${prop}.identitySources`, [], 'must list at least one identity source',
      "name where the credential is read from, e.g. [IdentitySource.header('Authorization')]");
  }
  for (const source of sources) {
    const problem = identitySourceProblem(source);
    if (problem) {
      invalidProp(scope, `${prop}.identitySources`, sources.map(String), problem,
        "use IdentitySource.header('Authorization'), queryString('token'), context('identity.sourceIp') or stageVariable('name')");
    }
  }
  const ttl = props.resultsCacheTtl ?? LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl;
  const ttlSeconds = ttl.toSeconds({ integral: false });
  checkInteger(scope, `${prop}.resultsCacheTtl`, ttlSeconds, 0, 3600, 'use a whole number of seconds from Duration.seconds(0) to Duration.hours(1)');
  if (!isUnresolved(ttlSeconds) && ttlSeconds > 0 && !sources.some((s) => s.isFromCaller)) {
    invalidProp(scope, `${prop}.identitySources`, sources.map(String),
      'with caching on, the identity sources are the cache key; without the caller\'s credential one caller\'s decision would serve another',
      "add the header or query string that carries the credential, e.g. IdentitySource.header('Authorization') (Host, User-Agent, Accept, X-Forwarded-For and the like carry none), or set resultsCacheTtl: Duration.seconds(0)");
  }
}
