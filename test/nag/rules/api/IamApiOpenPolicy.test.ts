import { AuthorizationType, CfnRestApi, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RouteAuthorization, SecureRestApi } from '../../../../lib';
import { restProps } from '../../../rest/fixtures';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-IamApiOpenPolicy';

const openAllow = () => new PolicyStatement({ principals: [new AnyPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] });

function plainRest(policy: PolicyDocument | undefined, authorizationType = AuthorizationType.IAM) {
  const stack = newStack();
  const api = new RestApi(stack, 'Rest', { deploy: false, policy });
  api.root.addMethod('GET', new MockIntegration(), { authorizationType });
  return { stack, api };
}

describe('IamApiOpenPolicy on plain aws-cdk-lib', () => {
  test('Allow * on an API with AWS_IAM methods is reported', () => {
    const { stack } = plainRest(new PolicyDocument({ statements: [openAllow()] }));
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Resource')]);
  });

  test('{ AWS: "*" } is the same principal', () => {
    const stack = newStack();
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'execute-api:*', Resource: '*' }] };
    const api = new RestApi(stack, 'Rest', { deploy: false });
    api.root.addMethod('GET', new MockIntegration(), { authorizationType: AuthorizationType.IAM });
    (api.node.defaultChild as CfnRestApi).addPropertyOverride('Policy', policy);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Resource')]);
  });

  test.each([
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': '111111111111' } }],
    ['aws:PrincipalOrgPaths under a fixed organisation', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abcdefghij/r-ab12/*' } }],
  ])('an Allow * narrowed by %s passes', (_key, conditions) => {
    const statement = openAllow();
    statement.addConditions(conditions);
    const { stack } = plainRest(new PolicyDocument({ statements: [statement] }));
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a condition that names nothing (a wildcard, IfExists, 0.0.0.0/0) does not narrow', () => {
    for (const conditions of [
      { StringLike: { 'aws:PrincipalOrgID': '*' } },
      { StringLike: { 'aws:SourceVpce': 'vpce-*' } },
      { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
      { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      { StringEquals: { 'aws:UserAgent': 'my-client' } },
    ]) {
      const statement = openAllow();
      statement.addConditions(conditions);
      const { stack } = plainRest(new PolicyDocument({ statements: [statement] }));
      expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Resource')]);
    }
  });

  test('an Allow * closed by a Deny for every other account passes', () => {
    const deny = new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      conditions: { StringNotEquals: { 'aws:PrincipalAccount': '111111111111' } },
    });
    const { stack } = plainRest(new PolicyDocument({ statements: [openAllow(), deny] }));
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('without AWS_IAM methods, or without a policy, the rule does not apply', () => {
    expect(portcullisFindings(plainRest(new PolicyDocument({ statements: [openAllow()] }), AuthorizationType.NONE).stack, RULE)).toEqual([]);
    expect(portcullisFindings(plainRest(undefined).stack, RULE)).toEqual([]);
  });
});

describe('IamApiOpenPolicy on SecureRestApi', () => {
  test('the construct\'s own resource policy (deny other accounts) passes', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ resourcePolicy: { allowSourceIps: ['203.0.113.0/24'] } }));
    api.addMethods({ path: '/orders', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an escape hatch that replaces the policy with an open Allow is reported', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ resourcePolicy: { allowSourceIps: ['203.0.113.0/24'] } }));
    api.addMethods({ path: '/orders', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
    const cfn = api.restApi.node.defaultChild as CfnRestApi;
    cfn.addPropertyOverride('Policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, cfn.node.path)]);
  });
});
