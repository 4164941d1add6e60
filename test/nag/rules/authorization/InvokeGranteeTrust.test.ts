import { CfnResource } from 'aws-cdk-lib';
import { AuthorizationType, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccountPrincipal, AnyPrincipal, CfnRole, PolicyStatement, PrincipalWithConditions, Role, StarPrincipal } from 'aws-cdk-lib/aws-iam';
import { RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../../../lib';
import { restProps } from '../../../rest/fixtures';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-InvokeGranteeTrust';

function plainRestWithGrantee(assumedBy: any) {
  const stack = newStack();
  const api = new RestApi(stack, 'Rest', { deploy: false });
  const method = api.root.addMethod('GET', new MockIntegration(), { authorizationType: AuthorizationType.IAM });
  const role = new Role(stack, 'Caller', { assumedBy });
  method.grantExecute(role);
  return { stack, role };
}

describe('InvokeGranteeTrust on plain aws-cdk-lib', () => {
  test('a grantee any principal may assume is reported (AnyPrincipal and StarPrincipal)', () => {
    expect(portcullisFindings(plainRestWithGrantee(new AnyPrincipal()).stack, RULE)).toEqual([finding(RULE, 'Stack/Caller/Resource')]);
    expect(portcullisFindings(plainRestWithGrantee(new StarPrincipal()).stack, RULE)).toEqual([finding(RULE, 'Stack/Caller/Resource')]);
  });

  test('a grantee trusting a named account, or everyone in one organisation, passes', () => {
    expect(portcullisFindings(plainRestWithGrantee(new AccountPrincipal('222222222222')).stack, RULE)).toEqual([]);
    const org = new PrincipalWithConditions(new AnyPrincipal(), { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } });
    expect(portcullisFindings(plainRestWithGrantee(org).stack, RULE)).toEqual([]);
  });

  test('a role anyone may assume that may not invoke an API of the stack is not this rule\'s concern', () => {
    const stack = newStack();
    const role = new Role(stack, 'Open', { assumedBy: new AnyPrincipal() });
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] }));
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an override of the trust policy to Principal * is reported', () => {
    const { stack, role } = plainRestWithGrantee(new AccountPrincipal('222222222222'));
    (role.node.defaultChild as CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Principal', { AWS: '*' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Caller/Resource')]);
  });

  test('a raw inline policy allowing execute-api:* on every API counts as a grant', () => {
    const stack = newStack();
    const role = new Role(stack, 'Caller', { assumedBy: new AnyPrincipal() });
    (role.node.defaultChild as CfnResource).addPropertyOverride('Policies', [{
      PolicyName: 'invoke', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:*', Resource: 'arn:aws:execute-api:*:*:*' }] },
    }]);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Caller/Resource')]);
  });
});

describe('InvokeGranteeTrust on Portcullis constructs', () => {
  test('SecureRestApi.grantInvoke to a role anyone may assume is reported; to a named account it passes', () => {
    for (const [assumedBy, expected] of [[new AnyPrincipal(), 1], [new AccountPrincipal('222222222222'), 0]] as const) {
      const stack = newStack();
      const api = new SecureRestApi(stack, 'Api', restProps());
      api.addMethods({ path: '/orders', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
      const role = new Role(stack, 'Caller', { assumedBy });
      api.grantInvoke(role);
      expect(portcullisFindings(stack, RULE)).toEqual(expected ? [finding(RULE, 'Stack/Caller/Resource')] : []);
    }
  });

  test('SecureHttpApi.grantInvoke to a role anyone may assume is reported', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: lambdaFunction(stack), authorization: RouteAuthorization.iam() });
    const role = new Role(stack, 'Caller', { assumedBy: new AnyPrincipal() });
    api.grantInvoke(role);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Caller/Resource')]);
  });
});
