import { IWebSocketRouteAuthorizer, WebSocketNoneAuthorizer, WebSocketRouteAuthorizerBindOptions, WebSocketRouteAuthorizerConfig } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketIamAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct, IConstruct } from 'constructs';
import { IdentitySource, IdentitySourceLocation } from '../authorization/identity-source';
import { jwtLambdaTokenSource } from '../authorization/jwt-lambda-authorization';
import { LAMBDA_AUTHORIZATION_DEFAULTS, LambdaAuthorizerResponse } from '../authorization/lambda-authorization';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { withSourceAccount } from '../common/source-account';
import { invalidProp } from '../common/validation';
import { JwtAuthorizerFunction } from '../identity/jwt-authorizer-function';

/** An identity source in WebSocket syntax (`route.request.header.Authorization`). */
export function webSocketIdentitySource(source: IdentitySource): string {
  switch (source.location) {
    case IdentitySourceLocation.HEADER: return `route.request.header.${source.name}`;
    case IdentitySourceLocation.QUERY_STRING: return `route.request.querystring.${source.name}`;
    case IdentitySourceLocation.CONTEXT: return `context.${source.name}`;
    case IdentitySourceLocation.STAGE_VARIABLE: return `stageVariables.${source.name}`;
  }
}

/**
 * WebSocket-specific checks of an authorization already validated by `RouteAuthorization._validate`:
 * a Lambda authorizer answers with an IAM policy (WebSocket APIs have no simple responses).
 */
export function checkWebSocketAuthorization(scope: IConstruct, prop: string, authorization: RouteAuthorization): void {
  if (authorization.kind === AuthorizationKind.LAMBDA && authorization.lambdaProps!.responseType === LambdaAuthorizerResponse.SIMPLE) {
    invalidProp(scope, `${prop}.responseType`, 'SIMPLE', 'WebSocket Lambda authorizers must answer with an IAM policy; simple responses are an HTTP API feature',
      'leave responseType out (IAM_POLICY on WebSocket APIs) and return a policy allowing execute-api:Invoke on the $connect route ARN');
  }
}

/**
 * aws-cdk-lib's WebSocket Lambda authorizer, whose invoke permission (scoped to this authorizer of this
 * API) also names the API's account as `SourceAccount`.
 */
class SourceAccountWebSocketLambdaAuthorizer extends WebSocketLambdaAuthorizer {
  public bind(options: WebSocketRouteAuthorizerBindOptions): WebSocketRouteAuthorizerConfig {
    return withSourceAccount(options.scope, options.route, () => super.bind(options));
  }
}

/**
 * Builds the aws-cdk-lib authorizer of the `$connect` route for a validated {@link RouteAuthorization}.
 * WebSocket Lambda authorizers do not cache (API Gateway caches authorizer results for HTTP APIs
 * only): the authorizer runs once per connection attempt, so `resultsCacheTtl` has no effect here.
 *
 * @param id construct id of the authorizer within the API, also its default name
 * @param scope the API, where functions the authorizer needs are created (Lambda JWT authorizer)
 */
export function buildWebSocketAuthorizer(authorization: RouteAuthorization, id: string, scope: Construct): IWebSocketRouteAuthorizer {
  switch (authorization.kind) {
    case AuthorizationKind.LAMBDA: {
      const props = authorization.lambdaProps!;
      const sources = props.identitySources ?? LAMBDA_AUTHORIZATION_DEFAULTS.identitySources;
      return new SourceAccountWebSocketLambdaAuthorizer(id, props.handler, {
        identitySource: sources.map(webSocketIdentitySource),
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.JWT_LAMBDA: {
      const props = authorization.jwtLambdaProps!;
      const fn = new JwtAuthorizerFunction(scope, `${id}Function`, props);
      return new SourceAccountWebSocketLambdaAuthorizer(id, fn.function, {
        identitySource: [webSocketIdentitySource(jwtLambdaTokenSource(props))],
        authorizerName: props.authorizerName ?? id,
      });
    }
    case AuthorizationKind.IAM: return new WebSocketIamAuthorizer();
    case AuthorizationKind.NONE: return new WebSocketNoneAuthorizer();
    default:
      // Refused earlier by RouteAuthorization._validate(…, ApiKind.WEBSOCKET).
      throw new Error(`WebSocket APIs cannot check ${authorization.kind} authorization`);
  }
}
