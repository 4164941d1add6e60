import { CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { AuthorizationType, CfnRestApi, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccountPrincipal, AnyPrincipal, CfnManagedPolicy, CfnPolicy, CfnRole, CfnRoleProps, PolicyStatement, PrincipalWithConditions, Role, StarPrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
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

// One role per stack (with the API it may invoke): cdk-nag files a rule that throws under the rule's id,
// in the same group as the rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('InvokeGranteeTrust, one raw role at a time', () => {
  const document = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
  const OPEN_TRUST = document({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
  const NAMED_TRUST = document({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole' });
  /** An Allow of `action` on `resource`. */
  const allow = (action: unknown, resource: unknown) => ({ Effect: 'Allow', Action: action, Resource: resource });
  /** The ARN of every method of the stack's API, as `grantInvoke` writes it. */
  const apiArn = (stack: Stack) => Fn.join('', ['arn:aws:execute-api:us-east-1:111111111111:', new CfnRestApi(stack, 'Api', { name: 'api' }).ref, '/*']);
  const parameter = (stack: Stack) => new CfnParameter(stack, 'Param').valueAsString;
  /** A raw role `Caller` that anyone may assume, unless told otherwise. */
  const role = (stack: Stack, props: Partial<CfnRoleProps>) => new CfnRole(stack, 'Caller', { assumeRolePolicyDocument: OPEN_TRUST, ...props });
  const inline = (...statements: unknown[]) => [{ policyName: 'p', policyDocument: document(...statements) }];

  test.each<[string, (stack: Stack) => void, string | undefined]>([
    ['a trust policy that is a parameter is unresolved',
      (stack) => role(stack, { assumeRolePolicyDocument: parameter(stack), policies: inline(allow('execute-api:Invoke', apiArn(stack))) }),
      `${RULE}[unresolved:AssumeRolePolicyDocument]`],
    ['an inline policy document that is a parameter is unresolved',
      (stack) => role(stack, { policies: [{ policyName: 'p', policyDocument: parameter(stack) }] }), `${RULE}[unresolved:PolicyDocument]`],
    ['an inline policy that is a parameter is unresolved',
      (stack) => role(stack, { policies: [parameter(stack) as unknown as CfnRole.PolicyProperty] }), `${RULE}[unresolved:PolicyDocument]`],
    // CloudFormation wants an object: text is not read as a policy (JSON of one granting invoke was once read as a document without statements).
    ['an inline policy that is JSON text is unresolved',
      (stack) => role(stack, {}).addPropertyOverride('Policies', [JSON.stringify({ PolicyName: 'p', PolicyDocument: document(allow('execute-api:Invoke', '*')) })]),
      `${RULE}[unresolved:PolicyDocument]`],
    ['a statement that is a parameter is unresolved',
      (stack) => role(stack, { policies: inline(parameter(stack)) }), `${RULE}[unresolved:PolicyDocument]`],
    ['a grant after a policy that cannot be read is reported',
      (stack) => role(stack, { policies: [{ policyName: 'q', policyDocument: parameter(stack) }, ...inline(allow('execute-api:Invoke', apiArn(stack)))] }), RULE],
    ['a trust policy naming an account does not let everyone invoke, even if a policy cannot be read',
      (stack) => role(stack, {
        assumeRolePolicyDocument: NAMED_TRUST,
        policies: [{ policyName: 'p', policyDocument: parameter(stack) }],
      }), undefined],
    ['a Deny of invoking the API is no grant',
      (stack) => role(stack, { policies: inline({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: apiArn(stack) }) }), undefined],
    ['an Allow whose Effect is a parameter is no grant',
      (stack) => role(stack, { policies: inline({ Effect: parameter(stack), Action: 'execute-api:Invoke', Resource: '*' }) }), undefined],
    ['an Allow of an action other than invoking, on the API, is no grant',
      (stack) => role(stack, { policies: inline(allow('execute-api:ManageConnections', apiArn(stack))) }), undefined],
    ['an execute-api ARN of any API in a named Region and account is a grant',
      (stack) => role(stack, { policies: inline(allow('execute-api:Invoke', 'arn:aws:execute-api:us-east-1:111111111111:*')) }), RULE],
    ['an inline policy that is null hides no grant beside it, and throws nothing',
      (stack) => role(stack, { policies: [null as unknown as CfnRole.PolicyProperty, ...inline(allow('execute-api:Invoke', apiArn(stack)))] }), RULE],
    ['a statement that is null hides no grant beside it, and throws nothing',
      (stack) => role(stack, { policies: inline(null, allow('execute-api:Invoke', apiArn(stack))) }), RULE],
    ['Action * on Resource * is a grant',
      (stack) => role(stack, { policies: inline(allow('*', '*')) }), RULE],
    ['an action list with a parameter beside execute-api:Invoke is a grant',
      (stack) => role(stack, { policies: inline(allow([parameter(stack), 'execute-api:Invoke'], apiArn(stack))) }), RULE],
    ['a resource list naming a bucket and the API is a grant',
      (stack) => role(stack, { policies: inline(allow('execute-api:Invoke', ['arn:aws:s3:::bucket/*', apiArn(stack)])) }), RULE],
    ['a resource that cannot be rendered (an Fn::Select) is no grant',
      (stack) => role(stack, { policies: inline(allow('execute-api:Invoke', Fn.select(0, Fn.split(',', parameter(stack))))) }), undefined],
    ['a resource naming another resource of the stack (a bucket) is no grant',
      (stack) => role(stack, { policies: inline(allow('*', new CfnBucket(stack, 'Bucket').attrArn)) }), undefined],
    ['an IAM policy attached to another role is no grant of this one',
      (stack) => {
        role(stack, {});
        const other = new CfnRole(stack, 'Other', { assumeRolePolicyDocument: NAMED_TRUST });
        new CfnPolicy(stack, 'Policy', { policyName: 'p', roles: [other.ref], policyDocument: document(allow('execute-api:Invoke', apiArn(stack))) });
      }, undefined],
    ['a managed policy of the stack that lists another role and this one is a grant',
      (stack) => new CfnManagedPolicy(stack, 'Policy', {
        roles: [new CfnRole(stack, 'Other', { assumeRolePolicyDocument: NAMED_TRUST }).ref, role(stack, {}).ref],
        policyDocument: document(allow('execute-api:Invoke', apiArn(stack))),
      }), RULE],
    ['a managed policy of the stack in the role\'s ManagedPolicyArns is a grant',
      (stack) => role(stack, { managedPolicyArns: [new CfnManagedPolicy(stack, 'Policy', { policyDocument: document(allow('execute-api:Invoke', apiArn(stack))) }).ref] }), RULE],
    ['an AWS managed policy beside an inline grant changes nothing',
      (stack) => role(stack, { managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], policies: inline(allow('execute-api:Invoke', apiArn(stack))) }), RULE],
  ])('%s', (_, build, rule) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual(rule === undefined ? [] : [finding(rule, 'Stack/Caller')]);
  });
});
