import { Cors, CfnMethod, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-CorsCredentialsWildcard';

describe('CorsCredentialsWildcard on HTTP APIs', () => {
  test('any origin with credentials is reported; listed origins or no credentials pass', () => {
    const stack = newStack();
    new CfnApi(stack, 'Wildcard', { name: 'a', protocolType: 'HTTP', corsConfiguration: { allowOrigins: ['https://a.example.com', '*'], allowCredentials: true } });
    new HttpApi(stack, 'Listed', { corsPreflight: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
    new HttpApi(stack, 'NoCredentials', { corsPreflight: { allowOrigins: ['*'] } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Wildcard')]);
  });
});

describe('CorsCredentialsWildcard: scheme wildcards on HTTP APIs', () => {
  test('https://* and http://* with credentials admit any origin of that scheme and are reported', () => {
    const stack = newStack();
    new HttpApi(stack, 'AnyHttps', { corsPreflight: { allowOrigins: ['https://*'], allowCredentials: true } });
    new HttpApi(stack, 'AnyHttp', { corsPreflight: { allowOrigins: ['https://app.example.com', 'http://*'], allowCredentials: true } });
    new HttpApi(stack, 'AnyHttpsNoCredentials', { corsPreflight: { allowOrigins: ['https://*'] } });
    new HttpApi(stack, 'Listed', { corsPreflight: { allowOrigins: ['https://app.example.com', 'http://localhost:3000'], allowCredentials: true } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/AnyHttp/Resource'), finding(RULE, 'Stack/AnyHttps/Resource')]);
  });
});

describe('CorsCredentialsWildcard on REST APIs', () => {
  test('the preflight MOCK responses with * and credentials are reported on every OPTIONS method', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest', { defaultCorsPreflightOptions: { allowOrigins: Cors.ALL_ORIGINS, allowCredentials: true } });
    api.root.addResource('items').addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Rest/Default/OPTIONS/Resource'),
      finding(RULE, 'Stack/Rest/Default/items/OPTIONS/Resource'),
    ]);
  });

  test('listed origins with credentials, and * without credentials, pass', () => {
    const stack = newStack();
    new RestApi(stack, 'Listed', { defaultCorsPreflightOptions: { allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowCredentials: true } }).root.addMethod('GET');
    new RestApi(stack, 'AnyOrigin', { defaultCorsPreflightOptions: { allowOrigins: Cors.ALL_ORIGINS } }).root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an integration that is not a plain object is reported as unresolved', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest');
    api.root.addMethod('GET');
    const method = api.root.node.findChild('GET').node.defaultChild as CfnMethod;
    method.addPropertyOverride('Integration', { 'Fn::If': ['UseMock', { Type: 'MOCK' }, { Ref: 'AWS::NoValue' }] });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:Integration]`, 'Stack/Rest/Default/GET/Resource')]);
  });

  test('an Allow-Origin mapped from the request with credentials is reported as origin reflection', () => {
    const stack = newStack();
    const corsResponse = (origin: string, credentials: string) => ({
      restApiId: 'abc123',
      resourceId: 'res123',
      httpMethod: 'OPTIONS',
      authorizationType: 'NONE',
      integration: {
        type: 'MOCK',
        integrationResponses: [{
          statusCode: '204',
          responseParameters: {
            'method.response.header.Access-Control-Allow-Origin': origin,
            'method.response.header.Access-Control-Allow-Credentials': credentials,
          },
        }],
      },
    });
    new CfnMethod(stack, 'Reflected', corsResponse('method.request.header.Origin', "'true'"));
    new CfnMethod(stack, 'ReflectedNoCredentials', corsResponse('method.request.header.Origin', "'false'"));
    new CfnMethod(stack, 'Listed', corsResponse("'https://app.example.com'", "'true'"));

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[reflected-origin]`, 'Stack/Reflected')]);
  });
});
