import { Lazy, Names, Token } from 'aws-cdk-lib';
import { AwsIntegration, IntegrationConfig, IRestApi, Method } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * A Lambda proxy integration of REST methods whose one invoke permission is scoped to the API
 * (`<api-id>/*\/*\/*`), added when the first method of that API binds it: what aws-cdk-lib's
 * `LambdaIntegration` does with `scopePermissionToMethod: false`, with the same construct id, scope
 * and properties, so templates do not change.
 *
 * Why not `LambdaIntegration` itself: on every bind it searches the API's whole construct tree for
 * that permission (`api.node.findAll()`), so adding N methods visits about N²/2 constructs (measured:
 * about 8 ms of a 200-method synth). The permission is a direct child of the API, so one lookup by
 * id finds it.
 */
export class ApiScopedRestLambdaIntegration extends AwsIntegration {
  /** The permission's construct id per API (two path hashes, so computed once). */
  private readonly permissionIds = new Map<IRestApi, string>();

  constructor(private readonly handler: lambda.IFunction) {
    super({ proxy: true, service: 'lambda', path: `2015-03-31/functions/${handler.functionArn}/invocations` });
  }

  public bind(method: Method): IntegrationConfig {
    const config = super.bind(method);
    let permissionId = this.permissionIds.get(method.api);
    if (permissionId === undefined) {
      permissionId = `ApiPermission.ApiScoped.${Names.nodeUniqueId(this.handler.node)}.${Names.nodeUniqueId(method.api.node)}`;
      this.permissionIds.set(method.api, permissionId);
    }
    if (!(method.api.node.tryFindChild(permissionId) instanceof lambda.CfnPermission)) {
      this.handler.addPermission(permissionId, {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        scope: method.api,
        sourceArn: Lazy.string({ produce: () => method.api.arnForExecuteApi() }),
      });
    }
    // As LambdaIntegration: a function name known at synth redeploys the stage when it changes.
    const functionName = this.handler instanceof lambda.Function
      ? (this.handler.node.defaultChild as lambda.CfnFunction).functionName
      : this.handler.functionName;
    return { ...config, deploymentToken: Token.isUnresolved(functionName) ? undefined : JSON.stringify({ functionName }) };
  }
}
