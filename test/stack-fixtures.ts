import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization } from '../lib';

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
