import { CfnParameter } from 'aws-cdk-lib';
import { CfnRestApi, EndpointType, RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-PrivateApiPolicy';

function invoke(conditions?: Record<string, any>, effect = iam.Effect.ALLOW): iam.PolicyStatement {
  return new iam.PolicyStatement({
    effect,
    principals: [new iam.AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
    conditions,
  });
}

function privateApi(scope: any, id: string, statements?: iam.PolicyStatement[]): RestApi {
  const api = new RestApi(scope, id, {
    endpointTypes: [EndpointType.PRIVATE],
    policy: statements ? new iam.PolicyDocument({ statements }) : undefined,
  });
  api.root.addMethod('GET');
  return api;
}

describe('PrivateApiPolicy', () => {
  test('allow only from a VPC endpoint, or deny every other endpoint, passes; allow * without a condition is reported', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    privateApi(stack, 'AllowEndpoint', [invoke({ StringEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } })]);
    privateApi(stack, 'AllowVpc', [invoke({ StringEquals: { 'aws:sourceVpc': 'vpc-0123456789abcdef0' } })]);
    privateApi(stack, 'DenyOthers', [invoke(), invoke({ StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } }, iam.Effect.DENY)]);
    privateApi(stack, 'AllowAny', [invoke()]);
    privateApi(stack, 'AllowAnyEndpoint', [invoke({ StringLike: { 'aws:SourceVpce': 'vpce-*' } })]);
    privateApi(stack, 'NoPolicy');
    // Not private: not checked.
    new RestApi(stack, 'Regional').root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/AllowAny/Resource'),
      finding(RULE, 'Stack/AllowAnyEndpoint/Resource'),
      finding(`${RULE}[missing-policy]`, 'Stack/NoPolicy/Resource'),
    ]);
  });

  test('a policy written as JSON text or in the OpenAPI body is read', () => {
    const stack = newStack();
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };
    const closed = { Version: '2012-10-17', Statement: [{ ...open.Statement[0], Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } }] };
    // Templates not written with CDK may give the policy as JSON text (CDK's L1 only accepts an object).
    new CfnRestApi(stack, 'Text', { endpointConfiguration: { types: ['PRIVATE'] } }).addPropertyOverride('Policy', JSON.stringify(open));
    new CfnRestApi(stack, 'Body', { endpointConfiguration: { types: ['PRIVATE'] }, body: { 'openapi': '3.0.1', 'x-amazon-apigateway-policy': closed } });
    new CfnRestApi(stack, 'S3Body', { endpointConfiguration: { types: ['PRIVATE'] }, bodyS3Location: { bucket: 'b', key: 'k' } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Text'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/S3Body'),
    ]);
  });

  test('an endpoint type or policy only known at deploy time is unresolved', () => {
    const stack = newStack();
    const type = new CfnParameter(stack, 'Type', { default: 'PRIVATE' });
    const policy = new CfnParameter(stack, 'Policy');
    new CfnRestApi(stack, 'TypeParam', { endpointConfiguration: { types: [type.valueAsString] } });
    new CfnRestApi(stack, 'PolicyParam', { endpointConfiguration: { types: ['PRIVATE'] } }).addPropertyOverride('Policy', policy.valueAsString);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:EndpointConfiguration]`, 'Stack/TypeParam'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/PolicyParam'),
    ]);
  });

  test('an aws:SourceVpce built with Fn::Join, Fn::Select or Fn::Split is unresolved, not a violation', () => {
    const stack = newStack();
    const endpoints = new CfnParameter(stack, 'Endpoints', { type: 'CommaDelimitedList' });
    const csv = new CfnParameter(stack, 'EndpointsCsv');
    const select = { 'Fn::Select': [0, { 'Fn::Split': [',', csv.valueAsString] }] };
    const withCondition = (condition: unknown) => ({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: condition }],
    });
    const api = (id: string, condition: unknown) => new CfnRestApi(stack, id, { endpointConfiguration: { types: ['PRIVATE'] }, policy: withCondition(condition) });
    api('Select', { StringEquals: { 'aws:SourceVpce': select } });
    api('Split', { StringEquals: { 'aws:SourceVpce': { 'Fn::Split': [',', csv.valueAsString] } } });
    api('JoinOfSelect', { StringEquals: { 'aws:SourceVpce': { 'Fn::Join': ['', ['vpce-', select]] } } });
    api('InList', { StringEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0', select] } });
    // A list parameter renders as one reference, which names the endpoints: compliant, as before.
    api('ListRef', { StringEquals: { 'aws:SourceVpce': endpoints.valueAsList } });
    // A value shown to name nothing is still a violation, whatever else the list holds.
    api('Wildcard', { StringEquals: { 'aws:SourceVpce': ['*', select] } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Wildcard'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/InList'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/JoinOfSelect'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/Select'),
      finding(`${RULE}[unresolved:Policy]`, 'Stack/Split'),
    ]);
  });
});
