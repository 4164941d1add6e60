import { HttpRouteIntegrationBindOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { withSourceAccount } from '../common/source-account';

/**
 * A Lambda proxy integration whose one invoke permission is scoped to the API (`<api-id>/*\/*\/*`)
 * rather than to each route (which would cost a resource per route), and names the API's account as
 * `SourceAccount` beside the `SourceArn`.
 */
export class ApiScopedLambdaIntegration extends HttpLambdaIntegration {
  /**
   * @param home where the integration and its permission are created. aws-cdk-lib creates them beside the
   * first route that uses the integration, and looks for an existing permission in that route's stack
   * only: with routes in nested stacks that would put the integration in one route stack and a
   * permission in each. A home in the API's stack keeps both there, once.
   * @default - beside the first route that uses the integration (aws-cdk-lib's behaviour)
   */
  constructor(id: string, handler: lambda.IFunction, private readonly home?: Construct) {
    super(id, handler, { scopePermissionToRoute: false });
  }

  public _bindToRoute(options: HttpRouteIntegrationBindOptions): { readonly integrationId: string } {
    return super._bindToRoute(this.home === undefined ? options : { ...options, scope: this.home });
  }

  public completeBind(options: HttpRouteIntegrationBindOptions): void {
    withSourceAccount(options.scope, options.route, () => super.completeBind(options));
  }
}
