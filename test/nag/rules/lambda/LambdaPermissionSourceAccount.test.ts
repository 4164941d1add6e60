import { CfnParameter, Fn } from 'aws-cdk-lib';
import { LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnApi as SamApi, CfnFunction as SamFunction } from 'aws-cdk-lib/aws-sam';
import { NagMessageLevel } from 'cdk-nag';
import * as fc from 'fast-check';
import { RouteAuthorization, SecureHttpApi } from '../../../../lib';
import { PortcullisChecks } from '../../../../lib/nag/portcullis-checks';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-LambdaPermissionSourceAccount';
const APIGW = new ServicePrincipal('apigateway.amazonaws.com');
const ARN = 'arn:aws:execute-api:us-east-1:111111111111:abc123/*/*';

describe('LambdaPermissionSourceAccount', () => {
  test('is a warning: a SourceArn naming the API and its account already narrows the caller', () => {
    expect(PortcullisChecks.ruleInfo(RULE)?.level).toBe('Warning');
    expect(NagMessageLevel.WARN).toBe('Warning');
  });

  test('permissions with SourceAccount (a literal account or AWS::AccountId) pass; Portcullis constructs add it', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    fn.addPermission('Literal', { principal: APIGW, sourceArn: ARN, sourceAccount: '111111111111' });
    fn.addPermission('Pseudo', { principal: APIGW, sourceArn: ARN, sourceAccount: Fn.ref('AWS::AccountId') });
    const api = new SecureHttpApi(stack, 'Secure', { defaultAuthorization: RouteAuthorization.iam() });
    api.addRoutes({ path: '/items', methods: [HttpMethod.GET], handler: lambdaFunction(stack, 'Backend') });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('permissions without SourceAccount are reported, whoever wrote them: aws-cdk-lib integrations, addPermission, SAM events', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new HttpApi(stack, 'Http').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', fn) });
    new RestApi(stack, 'Rest').root.addMethod('GET', new LambdaIntegration(fn));
    fn.addPermission('NoAccount', { principal: APIGW, sourceArn: ARN });
    const sam = new SamApi(stack, 'SamApi', { stageName: 'prod' });
    new SamFunction(stack, 'SamFn', {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeUri: 's3://bucket/key.zip',
      events: { Get: { type: 'Api', properties: { restApiId: sam.ref, path: '/x', method: 'get' } } },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Fn/NoAccount'),
      finding(RULE, 'Stack/Http/GET--x/I-Permission'),
      finding(RULE, 'Stack/Rest/Default/GET/ApiPermission.StackRest5B255120.GET..'),
      finding(RULE, 'Stack/Rest/Default/GET/ApiPermission.Test.StackRest5B255120.GET..'),
      finding(RULE, 'Stack/SamFn'),
    ]);
  });

  test('an account that differs from the SourceArn\'s, or that cannot be read, is reported; other principals are ignored', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    fn.addPermission('Mismatch', { principal: APIGW, sourceArn: ARN, sourceAccount: '222222222222' });
    fn.addPermission('Parameter', { principal: APIGW, sourceArn: ARN, sourceAccount: new CfnParameter(stack, 'Account').valueAsString });
    fn.addPermission('Imported', { principal: APIGW, sourceArn: ARN, sourceAccount: Fn.importValue('account') });
    const principal = new CfnParameter(stack, 'Principal');
    new CfnPermission(stack, 'ParameterPrincipal', { action: 'lambda:InvokeFunction', functionName: fn.functionName, principal: principal.valueAsString });
    fn.addPermission('S3', { principal: new ServicePrincipal('s3.amazonaws.com'), sourceArn: 'arn:aws:s3:::bucket' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[account-mismatch]`, 'Stack/Fn/Mismatch'),
      finding(`${RULE}[unresolved:Principal]`, 'Stack/ParameterPrincipal'),
      finding(`${RULE}[unresolved:SourceAccount]`, 'Stack/Fn/Imported'),
      finding(`${RULE}[unresolved:SourceAccount]`, 'Stack/Fn/Parameter'),
    ]);
  });

  test('random SourceAccount / SourceArn account pairs: only a literal that differs from a literal is a mismatch', () => {
    const account = fc.constantFrom('111111111111', '222222222222', '${AWS::AccountId}');
    fc.assert(
      fc.property(account, account, (sourceAccount, arnAccount) => {
        const stack = newStack();
        const fn = lambdaFunction(stack);
        fn.addPermission('P', {
          principal: APIGW,
          sourceArn: Fn.sub(`arn:aws:execute-api:us-east-1:${arnAccount}:abc123/*`),
          sourceAccount: sourceAccount.startsWith('$') ? Fn.ref('AWS::AccountId') : sourceAccount,
        });
        const literal = (a: string) => !a.startsWith('$');
        const expected = literal(sourceAccount) && literal(arnAccount) && sourceAccount !== arnAccount ? [`${RULE}[account-mismatch]`] : [];
        expect(portcullisFindings(stack, RULE).map((f) => f.rule)).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });
});
