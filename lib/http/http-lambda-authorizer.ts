import { HttpRouteAuthorizerBindOptions, HttpRouteAuthorizerConfig } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { withSourceAccount } from '../common/source-account';

/**
 * aws-cdk-lib's HTTP Lambda authorizer, whose invoke permission also names the API's account as
 * `SourceAccount` beside the `SourceArn`.
 */
export class SourceAccountLambdaAuthorizer extends HttpLambdaAuthorizer {
  public bind(options: HttpRouteAuthorizerBindOptions): HttpRouteAuthorizerConfig {
    return withSourceAccount(options.scope, options.route, () => super.bind(options));
  }
}
