import { CfnParameter, Fn } from 'aws-cdk-lib';
import { LambdaIntegration, RequestAuthorizer, IdentitySource, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import * as fc from 'fast-check';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-LambdaPermissionSourceArn';
const APIGW = new ServicePrincipal('apigateway.amazonaws.com');

describe('LambdaPermissionSourceArn', () => {
  test('permissions written by the integration classes are scoped and pass', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new HttpApi(stack, 'Http').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', fn) });
    const rest = new RestApi(stack, 'Rest');
    const authorizer = new RequestAuthorizer(stack, 'Authorizer', { handler: fn, identitySources: [IdentitySource.header('Authorization')] });
    rest.root.addResource('x').addMethod('GET', new LambdaIntegration(fn), { authorizer });
    new WebSocketApi(stack, 'Ws', { connectRouteOptions: { integration: new WebSocketLambdaIntegration('Connect', fn) } });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an API-wide permission (one API, any stage and route) passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const rest = new RestApi(stack, 'Rest');
    rest.root.addMethod('GET');
    const http = new HttpApi(stack, 'Http');
    fn.addPermission('Rest', { principal: APIGW, sourceArn: rest.arnForExecuteApi() });
    fn.addPermission('Http', { principal: APIGW, sourceArn: stack.formatArn({ service: 'execute-api', resource: http.apiId, resourceName: '*/*' }) });
    fn.addPermission('Literal', { principal: APIGW, sourceArn: 'arn:aws:execute-api:us-east-1:111111111111:abc123/*/*/*' });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('no SourceArn, a wildcard API or a wildcard account is reported', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    fn.addPermission('NoSource', { principal: APIGW });
    fn.addPermission('AnyApi', { principal: APIGW, sourceArn: 'arn:aws:execute-api:us-east-1:111111111111:*' });
    fn.addPermission('AnyApiPath', { principal: APIGW, sourceArn: 'arn:aws:execute-api:us-east-1:111111111111:*/*/*' });
    fn.addPermission('AnyAccount', { principal: APIGW, sourceArn: 'arn:aws:execute-api:us-east-1:*:abc123/*/*' });
    fn.addPermission('NotExecuteApi', { principal: APIGW, sourceArn: 'arn:aws:s3:::bucket' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Fn/NoSource'),
      finding(`${RULE}[account-wildcard]`, 'Stack/Fn/AnyAccount'),
      finding(`${RULE}[api-wildcard]`, 'Stack/Fn/AnyApi'),
      finding(`${RULE}[api-wildcard]`, 'Stack/Fn/AnyApiPath'),
      finding(`${RULE}[not-execute-api]`, 'Stack/Fn/NotExecuteApi'),
    ]);
  });

  test('a SourceArn or principal that cannot be read is reported as unresolved; other principals are ignored', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const arn = new CfnParameter(stack, 'SourceArn');
    fn.addPermission('ParameterArn', { principal: APIGW, sourceArn: arn.valueAsString });
    const api = new CfnParameter(stack, 'ApiId');
    fn.addPermission('ParameterApi', { principal: APIGW, sourceArn: Fn.join('', ['arn:aws:execute-api:us-east-1:111111111111:', api.valueAsString, '/*/*']) });
    const principal = new CfnParameter(stack, 'Principal');
    new CfnPermission(stack, 'ParameterPrincipal', { action: 'lambda:InvokeFunction', functionName: fn.functionName, principal: principal.valueAsString });
    fn.addPermission('S3', { principal: new ServicePrincipal('s3.amazonaws.com'), sourceArn: 'arn:aws:s3:::bucket' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:Principal]`, 'Stack/ParameterPrincipal'),
      finding(`${RULE}[unresolved:SourceArn]`, 'Stack/Fn/ParameterApi'),
      finding(`${RULE}[unresolved:SourceArn]`, 'Stack/Fn/ParameterArn'),
    ]);
  });

  test('random execute-api source ARNs are judged by their account and API-id fields', () => {
    const account = fc.constantFrom('111111111111', '*', '', '${AWS::AccountId}');
    const apiId = fc.constantFrom('abc123', '*', 'ab*', '?bc123', '${Api}');
    const rest = fc.constantFrom('', '/*', '/*/*', '/*/*/*', '/prod/GET/items', '/*$connect', '/authorizers/xyz');
    fc.assert(
      fc.property(account, apiId, rest, (acct, id, path) => {
        const stack = newStack();
        const fn = lambdaFunction(stack);
        const apiResource = new HttpApi(stack, 'Api');
        const sourceArn = Fn.sub(`arn:\${AWS::Partition}:execute-api:us-east-1:${acct}:${id}${path}`, { Api: apiResource.apiId });
        fn.addPermission('Permission', { principal: APIGW, sourceArn });

        const expected: string[] = [];
        if (acct === '*' || acct === '') expected.push(`${RULE}[account-wildcard]`);
        if (/[*?]/.test(id)) expected.push(`${RULE}[api-wildcard]`);
        expect(portcullisFindings(stack, RULE).map((f) => f.rule)).toEqual(expected.sort());
      }),
      { numRuns: 40 },
    );
  });
});
