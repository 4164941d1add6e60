import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EncryptedLogGroup, GatewayWebAcl, RouteAuthorization, SecureFunction, SecureHttpApi } from '../../lib';
import { newStack } from '../stack-fixtures';

/** The Description of every KMS key in the stack, sorted. */
function keyDescriptions(template: Template): string[] {
  return Object.values(template.findResources('AWS::KMS::Key')).map((key) => key.Properties.Description as string).sort();
}

describe('EncryptedLogGroup', () => {
  test('its key describes what the log group holds: logs by default, or the purpose given', () => {
    const stack = newStack();
    new EncryptedLogGroup(stack, 'Plain');
    new EncryptedLogGroup(stack, 'Audit', { purpose: 'audit trail' });

    expect(keyDescriptions(Template.fromStack(stack))).toEqual(['Encrypts the audit trail of Test', 'Encrypts the logs of Test']);
  });

  test('the keys Portcullis creates say which logs they protect: access logs, function logs, AWS WAF logs', () => {
    const stack = newStack();
    const handler = new SecureFunction(stack, 'Orders', { code: lambda.Code.fromInline('exports.handler = async () => ({});'), handler: 'index.handler' });
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.iam() });
    api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: handler.function });
    new GatewayWebAcl(stack, 'Acl');

    expect(keyDescriptions(Template.fromStack(stack))).toEqual([
      'Encrypts the AWS WAF logs of Test/Acl',
      'Encrypts the access logs of Test/Api',
      'Encrypts the function logs of Test/Orders',
    ]);
  });
});
