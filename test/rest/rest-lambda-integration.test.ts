import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Integration, LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Node } from 'constructs';
import { ApiScopedRestLambdaIntegration } from '../../lib/rest/rest-lambda-integration';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function fn(stack: Stack, id: string, functionName?: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    functionName,
  });
}

/**
 * Two APIs sharing functions: a named one, an unnamed one and an imported one, each integrated once per
 * API and bound by several methods, as SecureRestApi does.
 */
function templateWith(integrate: (handler: lambda.IFunction) => Integration): unknown {
  const stack = new Stack(new App(), 'Apis', { env: ENV });
  const handlers: lambda.IFunction[] = [
    fn(stack, 'Named', 'orders-handler'),
    fn(stack, 'Unnamed'),
    lambda.Function.fromFunctionArn(stack, 'Imported', 'arn:aws:lambda:eu-west-1:111111111111:function:imported'),
  ];
  for (const apiId of ['Public', 'Admin']) {
    const api = new RestApi(stack, apiId, { cloudWatchRole: false });
    const integrations = handlers.map(integrate);
    for (let i = 0; i < 9; i++) api.root.resourceForPath(`/r${i}`).addMethod('GET', integrations[i % 3]);
  }
  return Template.fromStack(stack).toJSON();
}

test('writes the template aws-cdk-lib\'s LambdaIntegration writes with scopePermissionToMethod: false', () => {
  const expected = templateWith((handler) => new LambdaIntegration(handler, { scopePermissionToMethod: false }));
  const actual = templateWith((handler) => new ApiScopedRestLambdaIntegration(handler));
  expect(actual).toEqual(expected);
  // One API-scoped permission per function and API (the imported function is in the stack's account), whatever the methods.
  expect(Object.values((actual as { Resources: Record<string, { Type: string }> }).Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Permission')).toHaveLength(6);
});

test('does not search the API\'s construct tree when a method binds it', () => {
  const stack = new Stack(new App(), 'Api', { env: ENV });
  const api = new RestApi(stack, 'Api', { cloudWatchRole: false });
  const integration = new ApiScopedRestLambdaIntegration(fn(stack, 'Handler'));
  api.root.addResource('first').addMethod('GET', integration);
  const findAll = jest.spyOn(Node.prototype, 'findAll');
  for (let i = 0; i < 5; i++) api.root.addResource(`r${i}`).addMethod('GET', integration);
  expect(findAll).not.toHaveBeenCalled();
  findAll.mockRestore();
  Template.fromStack(stack).resourceCountIs('AWS::Lambda::Permission', 1);
});
