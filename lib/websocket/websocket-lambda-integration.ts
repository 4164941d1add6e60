import { Stack } from 'aws-cdk-lib';
import {
  WebSocketIntegrationType, WebSocketRouteIntegration, WebSocketRouteIntegrationBindOptions, WebSocketRouteIntegrationConfig,
} from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * A Lambda proxy integration of a WebSocket route that adds no permission of its own.
 *
 * aws-cdk-lib's `WebSocketLambdaIntegration` adds its permission once, scoped to the first route it
 * is bound to (`<api-id>/*$connect`), so the same integration object serving a second route would
 * be refused by Lambda. `SecureWebSocketApi` instead gives each function one permission scoped to
 * its API and stage ({@link addApiScopedInvokePermission}), whatever the number of routes.
 */
export class ApiScopedWebSocketLambdaIntegration extends WebSocketRouteIntegration {
  constructor(id: string, private readonly handler: lambda.IFunction) {
    super(id);
  }

  public bind(options: WebSocketRouteIntegrationBindOptions): WebSocketRouteIntegrationConfig {
    return {
      type: WebSocketIntegrationType.AWS_PROXY,
      uri: Stack.of(options.route).formatArn({
        service: 'apigateway',
        account: 'lambda',
        resource: 'path/2015-03-31/functions',
        resourceName: `${this.handler.functionArn}/invocations`,
      }),
    };
  }
}

/**
 * The one invoke permission of a function behind a WebSocket API: API Gateway may invoke it for any
 * route of this API's stage (`<api-id>/<stage>/*`), from this account (`SourceAccount`).
 *
 * @param scope the API, where the permission is created
 * @param id construct id of the permission
 */
export function addApiScopedInvokePermission(scope: Construct, id: string, fn: lambda.IFunction, apiId: string, stageName: string): void {
  const stack = Stack.of(scope);
  fn.addPermission(id, {
    scope,
    principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    action: 'lambda:InvokeFunction',
    sourceArn: stack.formatArn({ service: 'execute-api', resource: apiId, resourceName: `${stageName}/*` }),
    sourceAccount: stack.account,
  });
}
