import { HttpRouteIntegrationBindOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { withSourceAccount } from '../common/source-account';

/**
 * A Lambda proxy integration whose one invoke permission is scoped to the API (`<api-id>/*\/*\/*`)
 * rather than to each route (which would cost a resource per route), and names the API's account as
 * `SourceAccount` beside the `SourceArn`.
 */
export class ApiScopedLambdaIntegration extends HttpLambdaIntegration {
  constructor(id: string, handler: lambda.IFunction) {
    super(id, handler, { scopePermissionToRoute: false });
  }

  public completeBind(options: HttpRouteIntegrationBindOptions): void {
    withSourceAccount(options.scope, options.route, () => super.completeBind(options));
  }
}
