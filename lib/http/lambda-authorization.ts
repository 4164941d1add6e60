import { Duration } from 'aws-cdk-lib';
import { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { checkInteger, checkNonEmptyStrings, invalidProp, isUnresolved } from '../common/validation';

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
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * How long API Gateway caches a decision for the same identity sources, from 0 to 1 hour.
   * `Duration.seconds(0)` turns caching off.
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Response format of the function.
   *
   * @default [HttpLambdaResponseType.SIMPLE]
   */
  readonly responseTypes?: HttpLambdaResponseType[];

  /**
   * Name of the authorizer resource.
   *
   * @default - 'LambdaAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/** Defaults of Lambda authorization, in one place. */
export const LAMBDA_AUTHORIZATION_DEFAULTS = {
  identitySource: ['$request.header.Authorization'],
  resultsCacheTtl: Duration.minutes(5),
  responseTypes: [HttpLambdaResponseType.SIMPLE],
};

const IDENTITY_SOURCE = /^\$(request\.header|request\.querystring|context|stageVariables)\.[^\s]+$/;
const CREDENTIAL_SOURCE = /^\$request\.(header|querystring)\./;

/** Validates the options and creates the aws-cdk-lib Lambda authorizer. */
export function createLambdaAuthorizer(scope: IConstruct, prop: string, id: string, props: LambdaAuthorizationProps): IHttpRouteAuthorizer {
  const identitySource = props.identitySource ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySource;
  checkNonEmptyStrings(scope, `${prop}.identitySource`, identitySource, "name where the credential is read from, e.g. ['$request.header.Authorization']");
  for (const s of identitySource) {
    if (!isUnresolved(s) && !IDENTITY_SOURCE.test(s)) {
      invalidProp(scope, `${prop}.identitySource`, identitySource, `${JSON.stringify(s)} is not an identity source`,
        'use $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>');
    }
  }
  const ttl = props.resultsCacheTtl ?? LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl;
  const ttlSeconds = ttl.toSeconds({ integral: false });
  checkInteger(scope, `${prop}.resultsCacheTtl`, ttlSeconds, 0, 3600, 'use a Duration from 0 to 1 hour');
  if (!isUnresolved(ttlSeconds) && ttlSeconds > 0 && !identitySource.some((s) => isUnresolved(s) || CREDENTIAL_SOURCE.test(s))) {
    invalidProp(scope, `${prop}.identitySource`, identitySource,
      'with caching on, the identity sources are the cache key; without the caller\'s credential one caller\'s decision would serve another',
      "add the header or query string that carries the credential, e.g. '$request.header.Authorization', or set resultsCacheTtl: Duration.seconds(0)");
  }
  return new HttpLambdaAuthorizer(id, props.handler, {
    identitySource,
    resultsCacheTtl: ttl,
    responseTypes: props.responseTypes ?? LAMBDA_AUTHORIZATION_DEFAULTS.responseTypes,
    authorizerName: props.authorizerName ?? id,
  });
}
