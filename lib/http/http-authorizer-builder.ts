import { HttpNoneAuthorizer, IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaResponseType, HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { SourceAccountLambdaAuthorizer } from './http-lambda-authorizer';
import { IdentitySource, IdentitySourceLocation } from '../authorization/identity-source';
import { jwtTokenSource } from '../authorization/jwt-authorization';
import { JWT_LAMBDA_AUTHORIZATION_DEFAULTS, jwtLambdaTokenSource } from '../authorization/jwt-lambda-authorization';
import { LAMBDA_AUTHORIZATION_DEFAULTS, LambdaAuthorizerResponse } from '../authorization/lambda-authorization';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { JwtAuthorizerFunction } from '../identity/jwt-authorizer-function';

/** An identity source in HTTP API syntax (`$request.header.Authorization`). */
export function httpIdentitySource(source: IdentitySource): string {
  switch (source.location) {
    case IdentitySourceLocation.HEADER: return `$request.header.${source.name}`;
    case IdentitySourceLocation.QUERY_STRING: return `$request.querystring.${source.name}`;
    case IdentitySourceLocation.CONTEXT: return `$context.${source.name}`;
    case IdentitySourceLocation.STAGE_VARIABLE: return `$stageVariables.${source.name}`;
  }
}

/**
 * Builds the aws-cdk-lib HTTP authorizer for a validated {@link RouteAuthorization}.
 *
 * @param id construct id of the authorizer within the API, also its default name
 * @param scope the API, where functions the authorizer needs are created (Lambda JWT authorizer)
 */
export function buildHttpAuthorizer(authorization: RouteAuthorization, id: string, scope: Construct): IHttpRouteAuthorizer {
  switch (authorization.kind) {
    case AuthorizationKind.JWT: {
      const props = authorization.jwtProps!;
      return new HttpJwtAuthorizer(id, props.issuer, {
        jwtAudience: props.audience,
        identitySource: [httpIdentitySource(jwtTokenSource(props))],
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.COGNITO: {
      const props = authorization.cognitoProps!;
      return new HttpUserPoolAuthorizer(id, props.userPool, {
        userPoolClients: props.userPoolClients,
        userPoolRegion: props.userPoolRegion,
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.LAMBDA: {
      const props = authorization.lambdaProps!;
      const sources = props.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources;
      return new SourceAccountLambdaAuthorizer(id, props.handler, {
        identitySource: sources.map(httpIdentitySource),
        resultsCacheTtl: props.resultsCacheTtl ?? LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl,
        responseTypes: [props.responseType === LambdaAuthorizerResponse.IAM_POLICY ? HttpLambdaResponseType.IAM : HttpLambdaResponseType.SIMPLE],
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.JWT_LAMBDA: {
      const props = authorization.jwtLambdaProps!;
      const fn = new JwtAuthorizerFunction(scope, `${id}Function`, props);
      return new SourceAccountLambdaAuthorizer(id, fn.function, {
        identitySource: [httpIdentitySource(jwtLambdaTokenSource(props))],
        resultsCacheTtl: props.resultsCacheTtl ?? JWT_LAMBDA_AUTHORIZATION_DEFAULTS.resultsCacheTtl,
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.IAM: return new HttpIamAuthorizer();
    case AuthorizationKind.NONE: return new HttpNoneAuthorizer();
  }
}

/** The request headers an authorization reads, which a browser must be allowed to send under CORS. */
export function headersRead(authorization: RouteAuthorization): string[] {
  const sources: IdentitySource[] = [];
  if (authorization.kind === AuthorizationKind.JWT) sources.push(jwtTokenSource(authorization.jwtProps!));
  if (authorization.kind === AuthorizationKind.COGNITO) sources.push(IdentitySource.header('Authorization'));
  if (authorization.kind === AuthorizationKind.LAMBDA) {
    sources.push(...(authorization.lambdaProps!.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources));
  }
  if (authorization.kind === AuthorizationKind.JWT_LAMBDA) sources.push(jwtLambdaTokenSource(authorization.jwtLambdaProps!));
  return sources.filter((s) => s.location === IdentitySourceLocation.HEADER).map((s) => s.name);
}
