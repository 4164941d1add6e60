import { CfnParameter } from 'aws-cdk-lib';
import { CfnRestApi, EndpointType, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { RouteAuthorization, SecureRestApi } from '../../../../lib';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestApiTlsPolicy';

function plainApi(scope: any, id: string, securityPolicy?: string): RestApi {
  const api = new RestApi(scope, id, { endpointTypes: [EndpointType.REGIONAL] });
  api.root.addMethod('GET');
  if (securityPolicy !== undefined) (api.node.defaultChild as CfnRestApi).securityPolicy = securityPolicy;
  return api;
}

describe('RestApiTlsPolicy on plain aws-cdk-lib REST APIs', () => {
  test('no policy (TLS 1.0 on Regional and edge APIs) and TLS_1_0 are reported; TLS_1_2 and enhanced policies pass', () => {
    const stack = newStack();
    plainApi(stack, 'Default');
    plainApi(stack, 'Legacy', 'TLS_1_0');
    plainApi(stack, 'Modern', 'TLS_1_2');
    plainApi(stack, 'Tls13', 'SecurityPolicy_TLS13_1_3_2025_09');
    plainApi(stack, 'Edge13', 'SecurityPolicy_TLS13_2025_EDGE');

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Default/Resource'), finding(RULE, 'Stack/Legacy/Resource')]);
  });

  test('an unknown policy name and a parameter are reported, not passed', () => {
    const stack = newStack();
    plainApi(stack, 'Unknown', 'TLS_2_0_FUTURE');
    plainApi(stack, 'Parameter', new CfnParameter(stack, 'Policy').valueAsString);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unrecognised-policy]`, 'Stack/Unknown/Resource'),
      finding(`${RULE}[unresolved:SecurityPolicy]`, 'Stack/Parameter/Resource'),
    ]);
  });
});

describe('RestApiTlsPolicy on Portcullis REST APIs', () => {
  function secureApi(stack: any, id: string, props: any = {}): SecureRestApi {
    const api = new SecureRestApi(stack, id, { wafDisabledReason: 'Fixture without a web ACL', ...props });
    api.addMethods({ path: '/x', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
    return api;
  }

  test('the default TLS 1.3 policy passes; TLS_1_0 with legacyTlsReason is acknowledged on the API', () => {
    const stack = newStack();
    secureApi(stack, 'Default');
    secureApi(stack, 'Edge', { endpointType: EndpointType.EDGE });
    secureApi(stack, 'Legacy', { securityPolicy: 'TLS_1_0', legacyTlsReason: 'Point-of-sale terminals until 2027-06' });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('RestApiTlsPolicy on REST APIs defined by OpenAPI', () => {
  test('x-amazon-apigateway-security-policy in the body counts; a body in S3 is unresolved (once per API, by RouteAuthorization), never passed', () => {
    const stack = newStack();
    const paths = { '/': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } };
    new CfnRestApi(stack, 'Tls13Body', { body: { 'openapi': '3.0.1', paths, 'x-amazon-apigateway-security-policy': 'SecurityPolicy_TLS13_1_3_2025_09', 'x-amazon-apigateway-endpoint-access-mode': 'STRICT' } });
    new CfnRestApi(stack, 'LegacyBody', { body: { 'openapi': '3.0.1', paths, 'x-amazon-apigateway-security-policy': 'TLS_1_0' } });
    new CfnRestApi(stack, 'NoPolicyBody', { body: { openapi: '3.0.1', paths } });
    new CfnRestApi(stack, 'S3Body', { bodyS3Location: { bucket: 'definitions', key: 'api.yaml' } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/LegacyBody'),
      finding(RULE, 'Stack/NoPolicyBody'),
    ]);
    // The unreadable definition is one finding on the API, standing for this rule too.
    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization').filter((f) => f.path === 'Stack/S3Body')).toEqual([
      finding('Portcullis-RouteAuthorization[unresolved:BodyS3Location]', 'Stack/S3Body'),
    ]);
  });
});
