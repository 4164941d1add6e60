import { CfnMethod, CfnMethodProps } from 'aws-cdk-lib/aws-apigateway';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-PreflightLambdaProxy';

function method(stack: ReturnType<typeof newStack>, id: string, props: Partial<CfnMethodProps> & { integrationType: string }) {
  return new CfnMethod(stack, id, {
    restApiId: 'api',
    resourceId: 'res',
    httpMethod: props.httpMethod ?? 'OPTIONS',
    authorizationType: props.authorizationType ?? 'NONE',
    integration: { type: props.integrationType, integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/f' },
  });
}

describe('PreflightLambdaProxy', () => {
  test('a public OPTIONS method with a Lambda proxy is a warning, not a RouteAuthorization error', () => {
    const stack = newStack();
    method(stack, 'Preflight', { integrationType: 'AWS_PROXY' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Preflight')]);
    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([]);
  });

  test('MOCK preflight, an authorized OPTIONS method and a public GET proxy are not reported', () => {
    const stack = newStack();
    method(stack, 'Mock', { integrationType: 'MOCK' });
    method(stack, 'Iam', { integrationType: 'AWS_PROXY', authorizationType: 'AWS_IAM' });
    method(stack, 'Get', { integrationType: 'AWS_PROXY', httpMethod: 'GET' });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([finding('Portcullis-RouteAuthorization', 'Stack/Get')]);
  });
});
