import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MockIntegration } from 'aws-cdk-lib/aws-apigateway';
import { RouteAuthorization, SecureRestApi, SecureRestApiProps } from '../../lib';

export { newFunction, newStack, partnerJwt } from '../stack-fixtures';

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
