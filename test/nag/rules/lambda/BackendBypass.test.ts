import { CfnResource } from 'aws-cdk-lib';
import { LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountPrincipal, AnyPrincipal, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPermission, CfnUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization, SecureHttpApi } from '../../../../lib';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-BackendBypass';

function plainHttpBackend() {
  const stack = newStack();
  const fn = lambdaFunction(stack);
  const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
  api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Integration', fn) });
  return { stack, fn };
}

describe('BackendBypass: Function URLs', () => {
  test('plain aws-cdk-lib HTTP API: a backend with a Function URL of AuthType NONE is reported; AWS_IAM passes', () => {
    const { stack, fn } = plainHttpBackend();
    fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    // The URL, and the two permissions for everyone that aws-cdk-lib adds for it.
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[any-principal]`, 'Stack/Fn/invoke-function'),
      finding(`${RULE}[any-principal]`, 'Stack/Fn/invoke-function-url'),
      finding(`${RULE}[function-url]`, 'Stack/Fn/FunctionUrl/Resource'),
    ]);

    const iam = plainHttpBackend();
    iam.fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    expect(portcullisFindings(iam.stack, RULE)).toEqual([]);
  });

  test('plain aws-cdk-lib REST API: the backend of a LambdaIntegration is covered too', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new RestApi(stack, 'Rest', { deploy: false });
    api.root.addMethod('GET', new LambdaIntegration(fn));
    fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    expect(portcullisFindings(stack, RULE)).toEqual(expect.arrayContaining([finding(`${RULE}[function-url]`, 'Stack/Fn/FunctionUrl/Resource')]));
  });

  test('a Portcullis API\'s backend with a public Function URL, also through an alias', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new SecureHttpApi(stack, 'Api');
    api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.iam() });
    fn.addAlias('live').addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    expect(portcullisFindings(stack, RULE)).toEqual(expect.arrayContaining([finding(`${RULE}[function-url]`, 'Stack/Fn/Aliaslive/FunctionUrl/Resource')]));
  });

  test('an override of AuthType to NONE is reported', () => {
    const { stack, fn } = plainHttpBackend();
    const url = fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    (url.node.defaultChild as CfnUrl).addPropertyOverride('AuthType', 'NONE');
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[function-url]`, 'Stack/Fn/FunctionUrl/Resource')]);
  });

  test('a function no API integrates with may have a public Function URL (not this rule\'s concern)', () => {
    const stack = newStack();
    lambdaFunction(stack).addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('BackendBypass: Lambda permissions', () => {
  test('a permission for every principal on a backend is reported; with a SourceAccount or a named account it passes', () => {
    const { stack, fn } = plainHttpBackend();
    fn.addPermission('Anyone', { principal: new AnyPrincipal() });
    fn.addPermission('Partner', { principal: new AccountPrincipal('222222222222') });
    fn.addPermission('AnyoneOfAccount', { principal: new AnyPrincipal(), sourceAccount: '111111111111' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[any-principal]`, 'Stack/Fn/Anyone')]);
  });

  test('a service principal without SourceArn or SourceAccount is reported; scoped, it passes', () => {
    const { stack, fn } = plainHttpBackend();
    fn.addPermission('S3', { principal: new ServicePrincipal('s3.amazonaws.com') });
    fn.addPermission('ScopedS3', { principal: new ServicePrincipal('s3.amazonaws.com'), sourceAccount: '111111111111', sourceArn: 'arn:aws:s3:::bucket' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unscoped-service]`, 'Stack/Fn/S3')]);
  });

  test('a raw CfnPermission and an override of Principal to * are reported', () => {
    const { stack, fn } = plainHttpBackend();
    new CfnPermission(stack, 'Raw', { action: 'lambda:InvokeFunction', functionName: fn.functionArn, principal: '*' });
    fn.addPermission('Partner', { principal: new AccountPrincipal('222222222222') });
    (fn.node.findChild('Partner') as CfnResource).addPropertyOverride('Principal', '*');
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[any-principal]`, 'Stack/Fn/Partner'),
      finding(`${RULE}[any-principal]`, 'Stack/Raw'),
    ]);
  });

  test('the API Gateway permissions of the integration are left to LambdaPermissionSourceArn', () => {
    const { stack } = plainHttpBackend();
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});
