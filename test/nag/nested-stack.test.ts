import { App, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnRoute, HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { finding, portcullisFindings } from './nag-test-util';

const WEB_ACL = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/acl/1234';

/**
 * A stack `Stack` with a nested stack `Stack/Nested`; resources in both get the same logical ids
 * for the same construct ids. `parent` runs first, so the nested stack's resources come after the
 * parent's in the construct tree (an index that took them in would let them shadow the parent's).
 */
function stackWithNested(parent: (stack: Stack) => void = () => undefined): { app: App; stack: Stack; nested: NestedStack } {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  parent(stack);
  return { app, stack, nested: new NestedStack(stack, 'Nested') };
}

describe('resources of a nested stack', () => {
  test('are checked: a compliant and a non-compliant stage inside the nested stack', () => {
    const { stack, nested } = stackWithNested();
    const api = new HttpApi(nested, 'Http', { createDefaultStage: false });
    new HttpStage(nested, 'Throttled', { httpApi: api, stageName: 'throttled', throttle: { rateLimit: 100, burstLimit: 50 } });
    new HttpStage(nested, 'Open', { httpApi: api, stageName: 'open' });

    expect(portcullisFindings(stack, 'Portcullis-StageThrottling')).toEqual([finding('Portcullis-StageThrottling', 'Stack/Nested/Open/Resource')]);
  });

  test('a web ACL association in the nested stack protects the nested stage only, not the parent\'s stage with the same logical ids', () => {
    const { stack, nested } = stackWithNested((parent) => new RestApi(parent, 'Rest').root.addMethod('GET'));
    const nestedApi = new RestApi(nested, 'Rest');
    nestedApi.root.addMethod('GET');
    new CfnWebACLAssociation(nested, 'Waf', { resourceArn: nestedApi.deploymentStage.stageArn, webAclArn: WEB_ACL });

    expect(portcullisFindings(stack, 'Portcullis-RestWaf')).toEqual([finding('Portcullis-RestWaf', 'Stack/Rest/DeploymentStage.prod/Resource')]);
  });

  test('a web ACL association in the parent does not protect the nested stage with the same logical ids', () => {
    const { stack, nested } = stackWithNested();
    const parentApi = new RestApi(stack, 'Rest');
    parentApi.root.addMethod('GET');
    new CfnWebACLAssociation(stack, 'Waf', { resourceArn: parentApi.deploymentStage.stageArn, webAclArn: WEB_ACL });
    new RestApi(nested, 'Rest').root.addMethod('GET');

    expect(portcullisFindings(stack, 'Portcullis-RestWaf')).toEqual([finding('Portcullis-RestWaf', 'Stack/Nested/Rest/DeploymentStage.prod/Resource')]);
  });

  test('a route finds the API of its own stack when the parent has an API with the same logical id', () => {
    // Parent: an HTTP API whose unauthorized route is reported.
    const { stack, nested } = stackWithNested((parent) => {
      const httpApi = new CfnApi(parent, 'Api', { name: 'http', protocolType: 'HTTP' });
      new CfnRoute(parent, 'Route', { apiId: httpApi.ref, routeKey: 'GET /orders', authorizationType: 'NONE' });
    });
    // Nested: a WebSocket API of the same logical id; only $connect needs authorization.
    const wsApi = new CfnApi(nested, 'Api', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnRoute(nested, 'Route', { apiId: wsApi.ref, routeKey: 'sendMessage', authorizationType: 'NONE' });
    new CfnRoute(nested, 'Connect', { apiId: wsApi.ref, routeKey: '$connect', authorizationType: 'NONE' });

    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([
      finding('Portcullis-RouteAuthorization', 'Stack/Nested/Connect'),
      finding('Portcullis-RouteAuthorization', 'Stack/Route'),
    ]);
  });

  test('a nested route on the parent\'s API is followed through the nested-stack parameter to the API in the parent', () => {
    const { app, stack, nested } = stackWithNested();
    const parentApi = new CfnApi(stack, 'Api', { name: 'http', protocolType: 'HTTP' });
    new CfnRoute(nested, 'Route', { apiId: parentApi.ref, routeKey: 'GET /orders', authorizationType: 'NONE' });
    // As the plugin sees it during synthesis: cross-stack references are parameters by then.
    app.synth();

    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([finding('Portcullis-RouteAuthorization', 'Stack/Nested/Route')]);
  });

  test('a nested $connect-less WebSocket route on the parent\'s API is not reported: the protocol is read in the parent', () => {
    const { app, stack, nested } = stackWithNested();
    const wsApi = new CfnApi(stack, 'Api', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    new CfnRoute(nested, 'Route', { apiId: wsApi.ref, routeKey: 'sendMessage', authorizationType: 'NONE' });
    app.synth();

    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([]);
  });

  test('a nested route whose API parameter the parent fills with an imported id stays unresolved', () => {
    const { app, stack, nested } = stackWithNested();
    const imported = HttpApi.fromHttpApiAttributes(stack, 'Imported', { httpApiId: Fn.importValue('SharedApiId') });
    new CfnRoute(nested, 'Route', { apiId: imported.apiId, routeKey: 'GET /orders', authorizationType: 'NONE' });
    app.synth();

    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([finding('Portcullis-RouteAuthorization[unresolved:ApiId]', 'Stack/Nested/Route')]);
  });

  test('validating only the nested stack reports only its resources', () => {
    const { stack, nested } = stackWithNested();
    new HttpApi(stack, 'Http');
    new HttpApi(nested, 'Http');

    expect(portcullisFindings(nested, 'Portcullis-StageThrottling')).toEqual([finding('Portcullis-StageThrottling', 'Stack/Nested/Http/DefaultStage/Resource')]);
  });
});
