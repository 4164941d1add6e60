import { CfnResource, CustomResource } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, Provider } from 'aws-cdk-lib/custom-resources';
import { SecureHttpApi } from '../../../../lib';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RoutesOutsideTemplate';

describe('RoutesOutsideTemplate', () => {
  test('plain aws-cdk-lib: an AwsCustomResource calling CreateRoute or PutRestApi is reported; one reading (GetApis) or calling another service passes', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http');
    const call = (id: string, service: string, action: string) => new AwsCustomResource(stack, id, {
      onCreate: { service, action, parameters: { ApiId: api.apiId, RouteKey: 'ANY /{proxy+}' }, physicalResourceId: PhysicalResourceId.of(id) },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    call('CreateRoute', 'ApiGatewayV2', 'CreateRoute');
    call('PutRestApi', '@aws-sdk/client-api-gateway', 'PutRestApiCommand');
    call('GetApis', 'ApiGatewayV2', 'GetApis');
    call('Other', 'SSM', 'PutParameter');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/CreateRoute/Resource/Default'),
      finding(RULE, 'Stack/PutRestApi/Resource/Default'),
    ]);
  });

  test('plain aws-cdk-lib: a custom resource whose provider (through the Provider framework) may POST to API Gateway is reported', () => {
    const stack = newStack();
    const writer = lambdaFunction(stack, 'Writer');
    writer.addToRolePolicy(new PolicyStatement({ actions: ['apigateway:POST'], resources: ['*'] }));
    new CustomResource(stack, 'Routes', { serviceToken: new Provider(stack, 'Provider', { onEventHandler: writer }).serviceToken, resourceType: 'Custom::Routes' });
    const reader = lambdaFunction(stack, 'Reader');
    reader.addToRolePolicy(new PolicyStatement({ actions: ['apigateway:GET'], resources: ['*'] }));
    new CustomResource(stack, 'Read', { serviceToken: reader.functionArn });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Routes/Default')]);
  });

  test('Portcullis constructs create no such custom resource; an override turning one into a CreateRoute call is reported', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api');
    expect(portcullisFindings(stack, RULE)).toEqual([]);

    const raw = new CfnResource(stack, 'Raw', { type: 'Custom::Anything', properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:x' } });
    raw.addPropertyOverride('Create', JSON.stringify({ service: 'ApiGatewayV2', action: 'createRoute', parameters: { ApiId: 'abc', RouteKey: '$default' } }));
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Raw')]);
  });
});
