import { Match, Template } from 'aws-cdk-lib/assertions';
import { EndpointAccessMode, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { newStack, restProps, synthNew } from './fixtures';

function apiProperties(props: Parameters<typeof restProps>[0] = {}) {
  const stack = newStack();
  synthNew(stack, 'Api', restProps(props));
  return Template.fromStack(stack).findResources('AWS::ApiGateway::RestApi');
}

describe("the REST API's own TLS security policy", () => {
  test('a Regional API accepts TLS 1.3 only, in STRICT endpoint access mode', () => {
    const [api] = Object.values(apiProperties());
    expect(api.Properties).toEqual(expect.objectContaining({ SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT' }));
  });

  test('an edge-optimized API gets the edge TLS 1.3 policy', () => {
    const [api] = Object.values(apiProperties({ endpointType: EndpointType.EDGE }));
    expect(api.Properties).toEqual(expect.objectContaining({ SecurityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', EndpointAccessMode: 'STRICT' }));
  });

  test('a private API gets the Regional TLS 1.3 policy', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    synthNew(stack, 'Api', restProps({ endpointType: EndpointType.PRIVATE, vpcEndpoints: [endpoint] }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT' });
  });

  test('TLS_1_2 is accepted without an endpoint access mode', () => {
    const [api] = Object.values(apiProperties({ securityPolicy: SecurityPolicy.TLS_1_2 }));
    expect(api.Properties.SecurityPolicy).toBe('TLS_1_2');
    expect(api.Properties.EndpointAccessMode).toBeUndefined();
  });

  test('TLS_1_0 without legacyTlsReason is refused, naming the reason prop, the setting and the fix', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ securityPolicy: SecurityPolicy.TLS_1_0 })))
      .toThrow(/\[Test\/Api\] prop 'legacyTlsReason' = undefined: securityPolicy: TLS_1_0 turns a default security measure down \(clients may connect with TLS 1\.0 and 1\.1.*needs a reason: no reason is given\. Fix: give legacyTlsReason saying why/);
  });

  test('TLS_1_0 with a reason is recorded and acknowledges only Portcullis-RestApiTlsPolicy on the API', () => {
    const stack = newStack();
    const api = synthNew(stack, 'Api', restProps({ securityPolicy: SecurityPolicy.TLS_1_0, legacyTlsReason: 'Point-of-sale terminals speak TLS 1.0 until 2027-06' }));
    Template.fromStack(stack).hasResource('AWS::ApiGateway::RestApi', {
      Properties: { SecurityPolicy: 'TLS_1_0', EndpointAccessMode: Match.absent() },
      Metadata: {
        'Portcullis::LegacyTls': Match.objectLike({ reason: 'Point-of-sale terminals speak TLS 1.0 until 2027-06' }),
        'Portcullis::Weakenings': {
          weakenings: [Match.objectLike({ setting: 'securityPolicy: TLS_1_0', reasonProp: 'legacyTlsReason', acknowledges: ['Portcullis-RestApiTlsPolicy'] })],
        },
      },
    });
    const cfn = api.restApi.node.defaultChild!;
    const acknowledged = cfn.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data)).map((k) => k.replace(/^Annotation::/, ''));
    expect(acknowledged).toEqual(['Portcullis-RestApiTlsPolicy']);
  });

  test('a too-short legacyTlsReason, or one without TLS_1_0, is refused', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ securityPolicy: SecurityPolicy.TLS_1_0, legacyTlsReason: 'old' })))
      .toThrow(/prop 'legacyTlsReason' = "old": securityPolicy: TLS_1_0 turns .*needs a reason: the reason has 3 visible characters/);
    expect(() => synthNew(newStack(), 'Api', restProps({ legacyTlsReason: 'Point-of-sale terminals' })))
      .toThrow(/prop 'legacyTlsReason' = "Point-of-sale terminals": is only used with securityPolicy: SecurityPolicy.TLS_1_0/);
  });

  test('an edge policy on a Regional API (and the reverse) is refused with the allowed ones', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ securityPolicy: SecurityPolicy.TLS13_2025_EDGE })))
      .toThrow(/prop 'securityPolicy' = "SecurityPolicy_TLS13_2025_EDGE": is not offered on REGIONAL APIs. Fix: use one of SecurityPolicy_TLS13_1_3_2025_09/);
    expect(() => synthNew(newStack(), 'Api', restProps({ endpointType: EndpointType.EDGE, securityPolicy: SecurityPolicy.TLS13_1_3_2025_09 })))
      .toThrow(/is not offered on EDGE APIs. Fix: use one of SecurityPolicy_TLS13_2025_EDGE/);
  });

  test('BASIC needs basicEndpointAccessReason, which is recorded on the API', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ endpointAccessMode: EndpointAccessMode.BASIC })))
      .toThrow(/prop 'basicEndpointAccessReason' = undefined: endpointAccessMode: BASIC turns a default security measure down .*Fix: give basicEndpointAccessReason saying why/);
    expect(() => synthNew(newStack(), 'Api', restProps({ endpointAccessMode: EndpointAccessMode.BASIC, basicEndpointAccessReason: 'partners' })))
      .toThrow(/prop 'basicEndpointAccessReason' = "partners": .*the reason has 8 visible characters/);
    const [api] = Object.values(apiProperties({ endpointAccessMode: EndpointAccessMode.BASIC, basicEndpointAccessReason: 'Partners call through vpce DNS names until 2027' }));
    expect(api.Properties.EndpointAccessMode).toBe('BASIC');
    expect(api.Metadata['Portcullis::BasicEndpointAccess']).toEqual(expect.objectContaining({ reason: 'Partners call through vpce DNS names until 2027' }));
    expect(api.Metadata['Portcullis::Weakenings']).toEqual({
      weakenings: [expect.objectContaining({ setting: 'endpointAccessMode: BASIC', reasonProp: 'basicEndpointAccessReason', acknowledges: [] })],
    });
  });

  test('an endpoint access mode with a legacy policy is refused', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ securityPolicy: SecurityPolicy.TLS_1_2, endpointAccessMode: EndpointAccessMode.STRICT })))
      .toThrow(/prop 'endpointAccessMode' = "STRICT": is only used with an enhanced \(SecurityPolicy_\*\) policy, not TLS_1_2/);
  });
});
