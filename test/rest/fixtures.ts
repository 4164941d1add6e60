import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MockIntegration } from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization, SecureRestApi, SecureRestApiProps } from '../../lib';

/** A fresh stack in a fixed environment, so ARNs and issuers are concrete. */
export function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
}

/** A small inline function; the code never runs in these tests. */
export function newFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
}

/** A JWT authorization for a generic OIDC issuer. */
export function partnerJwt(scopes?: string[]): RouteAuthorization {
  return RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['https://api.example.com'], scopes });
}

/** A caller-provided web ACL (GatewayWebAcl's ARN in production). */
export const WEB_ACL = { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/api/0123' };

/** Props every test API needs: a web ACL. */
export function restProps(props: SecureRestApiProps = {}): SecureRestApiProps {
  return { webAcl: props.wafDisabledReason === undefined ? WEB_ACL : undefined, ...props };
}

/** Gives an API one IAM method, since aws-cdk-lib refuses to synthesize a REST API without methods. */
export function withMethod(api: SecureRestApi): SecureRestApi {
  if (api.methods.length === 0) api.addMethods({ path: '/fixture', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
  return api;
}

/** Creates a SecureRestApi (with one method) and synthesizes its stack, so deferred prop errors surface. */
export function synthNew(stack: Stack, id: string, props?: SecureRestApiProps): SecureRestApi {
  const api = withMethod(new SecureRestApi(stack, id, props));
  Template.fromStack(stack);
  return api;
}
