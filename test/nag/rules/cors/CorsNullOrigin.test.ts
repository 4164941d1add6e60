import { CfnResource } from 'aws-cdk-lib';
import { CfnGatewayResponse, RestApi, ResponseType } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnApi as SamApi, CfnFunction as SamFunction, CfnHttpApi as SamHttpApi } from 'aws-cdk-lib/aws-sam';
import { SecureHttpApi } from '../../../../lib';
import { synthNew } from '../../../http/fixtures';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-CorsNullOrigin';
const NO_CREDENTIALS = `${RULE}[no-credentials]`;

describe('CorsNullOrigin on HTTP APIs', () => {
  test('null with credentials is the main finding, without credentials [no-credentials]; listed origins pass', () => {
    const stack = newStack();
    new CfnApi(stack, 'NullCredentials', { name: 'a', protocolType: 'HTTP', corsConfiguration: { allowOrigins: ['https://a.example.com', 'null'], allowCredentials: true } });
    new HttpApi(stack, 'Null', { corsPreflight: { allowOrigins: ['null'] } });
    new HttpApi(stack, 'Listed', { corsPreflight: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/NullCredentials'), finding(NO_CREDENTIALS, 'Stack/Null/Resource')]);
  });

  test('Portcullis constructs refuse null; an override to it is reported', () => {
    const stack = newStack();
    expect(() => synthNew(stack, 'Refused', { cors: { allowOrigins: ['null'] } })).toThrow(/cors\.allowOrigins.*must be an origin/);

    const stack2 = newStack();
    const api = new SecureHttpApi(stack2, 'Api', { cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
    (api.node.findAll().find((c) => c instanceof CfnResource && c.cfnResourceType === 'AWS::ApiGatewayV2::Api') as CfnResource)
      .addPropertyOverride('CorsConfiguration.AllowOrigins', ['null']);

    expect(portcullisFindings(stack2, RULE)).toEqual([finding(RULE, 'Stack/Api/Api/Resource')]);
  });
});

describe('CorsNullOrigin on REST APIs', () => {
  test('the preflight MOCK response and a gateway response answering null are reported', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest', { defaultCorsPreflightOptions: { allowOrigins: ['null'], allowCredentials: true } });
    api.root.addMethod('GET');
    api.addGatewayResponse('Denied', { type: ResponseType.ACCESS_DENIED, responseHeaders: { 'Access-Control-Allow-Origin': "'null'" } });
    new CfnGatewayResponse(stack, 'Listed', { restApiId: 'abc123', responseType: 'DEFAULT_4XX', responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'" } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Rest/Default/OPTIONS/Resource'),
      finding(NO_CREDENTIALS, 'Stack/Rest/Denied/Resource'),
    ]);
  });
});

describe('CorsNullOrigin on SAM', () => {
  test('SAM Cors and CorsConfiguration with null are reported on the SAM resource', () => {
    const stack = newStack();
    stack.addTransform('AWS::Serverless-2016-10-31');
    const rest = new SamApi(stack, 'Rest', { stageName: 'prod', cors: { allowOrigin: "'null'", allowCredentials: true } });
    new SamFunction(stack, 'Fn', {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      inlineCode: 'exports.handler = async () => ({});',
      events: { Get: { type: 'Api', properties: { restApiId: rest.ref, path: '/items', method: 'get' } } },
    });
    new SamHttpApi(stack, 'Http', { corsConfiguration: { allowOrigins: ['null'] } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest'), finding(NO_CREDENTIALS, 'Stack/Http')]);
  });
});
