import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IdentitySource, RouteAuthorization, SecureWebSocketApi, SecureWebSocketApiProps } from '../../lib';

export { newFunction, newStack } from '../stack-fixtures';

/** A Lambda REQUEST authorization reading the token from the query string, as browsers must send it. */
export function queryStringLambda(handler: lambda.IFunction): RouteAuthorization {
  return RouteAuthorization.lambdaAuthorizer({ handler, identitySources: [IdentitySource.queryString('token')] });
}

/**
 * Creates a SecureWebSocketApi and synthesizes its stack. Prop errors of the stage are reported
 * together at synth (`node.addValidation`), so tests of those props go through here.
 */
export function synthNew(stack: Stack, id: string, props: SecureWebSocketApiProps): SecureWebSocketApi {
  const api = new SecureWebSocketApi(stack, id, props);
  Template.fromStack(stack);
  return api;
}
