import { Stack } from 'aws-cdk-lib';
import {
  AuthorizationType, IAuthorizer, IRestApi, RequestAuthorizer, TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { REST_JWT_AUTHORIZATION_TYPE, RestJwtAuthorizer } from './rest-jwt-authorizer';
import { IdentitySource, IdentitySourceLocation } from '../authorization/identity-source';
import { jwtTokenSource } from '../authorization/jwt-authorization';
import {
  JWT_LAMBDA_AUTHORIZATION_DEFAULTS, jwtLambdaTokenSource, RestLambdaAuthorizerType, restJwtLambdaAuthorizerType,
} from '../authorization/jwt-lambda-authorization';
import { LAMBDA_AUTHORIZATION_DEFAULTS, LambdaAuthorizerResponse } from '../authorization/lambda-authorization';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { apiKindName, ApiKind } from '../common/api-kind';
import { invalidProp } from '../common/validation';
import { JwtAuthorizerFunction } from '../identity/jwt-authorizer-function';

/** An identity source in REST syntax (`method.request.header.Authorization`). */
export function restIdentitySource(source: IdentitySource): string {
  switch (source.location) {
    case IdentitySourceLocation.HEADER: return `method.request.header.${source.name}`;
    case IdentitySourceLocation.QUERY_STRING: return `method.request.querystring.${source.name}`;
    case IdentitySourceLocation.CONTEXT: return `context.${source.name}`;
    case IdentitySourceLocation.STAGE_VARIABLE: return `stageVariables.${source.name}`;
  }
}

/** What a REST method needs from its authorization: the authorizer (if any) and the method's authorization type. */
export interface RestMethodAuthorizer {
  readonly authorizer?: IAuthorizer;
  readonly authorizationType: AuthorizationType;
}

/**
 * What a REST API cannot honour of an authorization that other kinds can; checked with the route's
 * label so that the error names the method and the kind.
 */
export function checkRestAuthorization(scope: Construct, prop: string, authorization: RouteAuthorization): void {
  if (authorization.kind === AuthorizationKind.JWT && jwtTokenSource(authorization.jwtProps!).location !== IdentitySourceLocation.HEADER) {
    invalidProp(scope, `${prop}.tokenSource`, jwtTokenSource(authorization.jwtProps!).toString(),
      `the ${apiKindName(ApiKind.REST)} JWT authorizer reads the token from a request header only`,
      "use IdentitySource.header('Authorization') (the default), or a Lambda authorizer to read a query string");
  }
  if (authorization.kind === AuthorizationKind.LAMBDA && authorization.lambdaProps!.responseType === LambdaAuthorizerResponse.SIMPLE) {
    invalidProp(scope, `${prop}.responseType`, LambdaAuthorizerResponse.SIMPLE,
      `${apiKindName(ApiKind.REST)} Lambda authorizers return an IAM policy; the simple { isAuthorized } response exists on HTTP APIs only`,
      'leave responseType out (IAM_POLICY on REST) and return a policy document allowing execute-api:Invoke');
  }
}

/**
 * Builds the REST authorizer for a validated {@link RouteAuthorization}.
 *
 * - `jwt()` → API Gateway's native JWT authorizer ({@link RestJwtAuthorizer}).
 * - `cognito()` → the same native JWT authorizer, with the user pool as issuer and its app clients as
 *   audiences. Cognito access tokens carry no `aud` claim (the client id is in `client_id`); scopes
 *   are required on every Cognito method (`RouteAuthorization` refuses a Cognito method without),
 *   and ID tokens carry no scopes, so only an access token issued to a listed client for a listed
 *   scope can pass. Should API Gateway match only `aud`, such tokens are refused: the form fails
 *   closed. `COGNITO_USER_POOLS` would accept a token of any app client of the pool.
 * - `lambdaAuthorizer()` → a TOKEN authorizer when the only identity source is one header, else a
 *   REQUEST authorizer; the function must return an IAM policy.
 * - `iam()` → `AWS_IAM`; `publicAccess()` → `NONE`.
 *
 * @param scope the REST API construct; authorizers are created under it
 * @param id construct id of the authorizer, also its default name
 */
export function buildRestAuthorizer(scope: Construct, restApi: IRestApi, authorization: RouteAuthorization, id: string): RestMethodAuthorizer {
  switch (authorization.kind) {
    case AuthorizationKind.JWT: {
      const props = authorization.jwtProps!;
      const authorizer = new RestJwtAuthorizer(scope, id, {
        restApi,
        issuers: [{ issuer: props.issuer, audiences: props.audience }],
        identitySource: restIdentitySource(jwtTokenSource(props)),
        authorizerName: props.authorizerName ?? id,
      });
      return { authorizer, authorizationType: REST_JWT_AUTHORIZATION_TYPE };
    }
    case AuthorizationKind.COGNITO: {
      const props = authorization.cognitoProps!;
      const region = props.userPoolRegion ?? Stack.of(scope).region;
      const authorizer = new RestJwtAuthorizer(scope, id, {
        restApi,
        issuers: [{
          issuer: `https://cognito-idp.${region}.${Stack.of(scope).urlSuffix}/${props.userPool.userPoolId}`,
          audiences: props.userPoolClients.map((c) => c.userPoolClientId),
        }],
        authorizerName: props.authorizerName ?? id,
      });
      return { authorizer, authorizationType: REST_JWT_AUTHORIZATION_TYPE };
    }
    case AuthorizationKind.LAMBDA: {
      const props = authorization.lambdaProps!;
      const sources = props.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources;
      const ttl = props.resultsCacheTtl ?? LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl;
      const token = sources.length === 1 && sources[0].location === IdentitySourceLocation.HEADER;
      const before = new Set(props.handler.node.children);
      const authorizer = token
        ? new TokenAuthorizer(scope, id, {
          handler: props.handler,
          identitySource: restIdentitySource(sources[0]),
          resultsCacheTtl: ttl,
          authorizerName: props.authorizerName ?? id,
        })
        : new RequestAuthorizer(scope, id, {
          handler: props.handler,
          identitySources: sources.map(restIdentitySource),
          resultsCacheTtl: ttl,
          authorizerName: props.authorizerName ?? id,
        });
      moveInvokePermissionToApi(scope, id, props.handler, before);
      return { authorizer, authorizationType: AuthorizationType.CUSTOM };
    }
    case AuthorizationKind.JWT_LAMBDA: {
      // The handler answers REST events with a policy for the whole stage, so a cached answer serves every method.
      const props = authorization.jwtLambdaProps!;
      const fn = new JwtAuthorizerFunction(scope, `${id}Function`, props);
      const source = restIdentitySource(jwtLambdaTokenSource(props));
      const ttl = props.resultsCacheTtl ?? JWT_LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl;
      const before = new Set(fn.function.node.children);
      const common = { handler: fn.function, resultsCacheTtl: ttl, authorizerName: props.authorizerName ?? id };
      const authorizer = restJwtLambdaAuthorizerType(props) === RestLambdaAuthorizerType.TOKEN
        ? new TokenAuthorizer(scope, id, { ...common, identitySource: source })
        : new RequestAuthorizer(scope, id, { ...common, identitySources: [source] });
      moveInvokePermissionToApi(scope, id, fn.function, before);
      return { authorizer, authorizationType: AuthorizationType.CUSTOM };
    }
    case AuthorizationKind.IAM: return { authorizationType: AuthorizationType.IAM };
    case AuthorizationKind.NONE: return { authorizationType: AuthorizationType.NONE };
  }
}

/**
 * aws-cdk-lib's REST Lambda authorizers add their invoke permission under the function, where it would
 * belong to the function (and take on acknowledgements made for the function). As on HTTP APIs, the
 * permission belongs to the API: it is recreated under the API, with the API's account as `SourceAccount`
 * beside its authorizer-scoped `SourceArn`.
 */
function moveInvokePermissionToApi(scope: Construct, id: string, handler: lambda.IFunction, before: Set<IConstruct>): void {
  for (const child of handler.node.children) {
    if (before.has(child) || !(child instanceof lambda.CfnPermission)) continue;
    handler.node.tryRemoveChild(child.node.id);
    new lambda.CfnPermission(scope, `${id}InvokePermission`, {
      action: child.action,
      functionName: child.functionName,
      principal: child.principal,
      sourceArn: child.sourceArn,
      sourceAccount: Stack.of(scope).account,
    });
  }
}

/** Whether a REST authorization caches Lambda decisions (then the returned policy must cover the API). */
export function cachesLambdaDecisions(authorization: RouteAuthorization): boolean {
  // The Lambda JWT authorizer always answers with a policy for the whole stage.
  if (authorization.kind !== AuthorizationKind.LAMBDA) return false;
  const ttl = authorization.lambdaProps!.resultsCacheTtl ?? LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl;
  return ttl.toSeconds({ integral: false }) > 0;
}

/** The request headers an authorization reads, which a browser must be allowed to send under CORS. */
export function restHeadersRead(authorization: RouteAuthorization): string[] {
  const sources: IdentitySource[] = [];
  if (authorization.kind === AuthorizationKind.JWT) sources.push(jwtTokenSource(authorization.jwtProps!));
  if (authorization.kind === AuthorizationKind.COGNITO) sources.push(IdentitySource.header('Authorization'));
  if (authorization.kind === AuthorizationKind.JWT_LAMBDA) sources.push(jwtLambdaTokenSource(authorization.jwtLambdaProps!));
  if (authorization.kind === AuthorizationKind.LAMBDA) {
    sources.push(...(authorization.lambdaProps!.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources));
  }
  return sources.filter((s) => s.location === IdentitySourceLocation.HEADER).map((s) => s.name);
}

