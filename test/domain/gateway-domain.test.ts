import { Annotations as CdkAnnotations, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EndpointAccessMode, EndpointType, IpAddressType, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { exampleZone, httpApi, newStack, restApi, WebSocketDouble, ZONE_ID } from './fixtures';
import {
  DomainProtocol, EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY, GatewayDomain, LEGACY_TLS_METADATA_KEY, MtlsTruststore, RouteAuthorization,
  SecureWebSocketApi, SHARED_DOMAIN_TLS_WARNING,
} from '../../lib';
import { portcullisFindings } from '../nag/nag-test-util';

const IMPORTED = 'arn:aws:acm:eu-west-1:111111111111:certificate/0f0f0f0f-aaaa-bbbb-cccc-000000000001';
const US_EAST_1 = 'arn:aws:acm:us-east-1:111111111111:certificate/0f0f0f0f-aaaa-bbbb-cccc-000000000002';

/** Synthesizes and returns every error annotation (deferred prop checks surface here). */
function synthErrors(stack: Stack): string[] {
  try {
    Template.fromStack(stack);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

describe('GatewayDomain: certificate and DNS', () => {
  test('creates an ACM certificate validated by DNS in the imported zone, a dual-stack domain, and alias A and AAAA records', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'api.example.com', HostedZoneId: ZONE_ID }],
    });
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'dualstack' },
      RegionalCertificateArn: { Ref: Match.stringLikeRegexp('DomainCertificate') },
    });
    for (const type of ['A', 'AAAA']) {
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'api.example.com.',
        Type: type,
        HostedZoneId: ZONE_ID,
        AliasTarget: {
          DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Domain'), 'RegionalDomainName'] },
          HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Domain'), 'RegionalHostedZoneId'] },
        },
      });
    }
    expect(domain.url).toBe('https://api.example.com');
  });

  test('an IPv4-only domain gets an A record and no AAAA record, which would resolve to nothing', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack), ipAddressType: IpAddressType.IPV4 });
    domain.addApi(restApi(stack));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', { EndpointConfiguration: { Types: ['REGIONAL'], IpAddressType: 'ipv4' } });
    expect(Object.values(t.findResources('AWS::Route53::RecordSet')).map((r) => r.Properties.Type)).toEqual(['A']);
    expect(domain.records).toHaveLength(1);
  });

  test('an imported certificate is used as is, and no records are made without a zone', () => {
    const stack = newStack();
    new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', IMPORTED) });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', { RegionalCertificateArn: IMPORTED });
  });

  test('an edge-optimized domain uses CertificateArn and the CloudFront alias target', () => {
    const stack = newStack('us-east-1');
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack), endpointType: EndpointType.EDGE });
    domain.addApi(restApi(stack, 'Rest', EndpointType.EDGE));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      EndpointConfiguration: { Types: ['EDGE'], IpAddressType: 'dualstack' },
      CertificateArn: Match.anyValue(),
      RegionalCertificateArn: Match.absent(),
      SecurityPolicy: 'SecurityPolicy_TLS13_2025_EDGE',
      EndpointAccessMode: 'STRICT',
    });
    for (const type of ['A', 'AAAA']) {
      t.hasResourceProperties('AWS::Route53::RecordSet', {
        Type: type,
        AliasTarget: { DNSName: { 'Fn::GetAtt': [Match.anyValue(), 'DistributionDomainName'] }, HostedZoneId: { 'Fn::GetAtt': [Match.anyValue(), 'DistributionHostedZoneId'] } },
      });
    }
  });

  test('the certificate Region is checked against the endpoint type, tokens pass', () => {
    const edge = newStack('eu-west-1');
    new GatewayDomain(edge, 'Domain', { domainName: 'api.example.com', endpointType: EndpointType.EDGE, certificate: acm.Certificate.fromCertificateArn(edge, 'Cert', IMPORTED) });
    expect(synthErrors(edge)[0]).toMatch(/\[Test\/Domain\] prop 'certificate' = ".*eu-west-1.*": is in eu-west-1, but an edge-optimized domain needs a certificate in us-east-1.*Fix: import a certificate issued in us-east-1/s);

    const created = newStack('eu-west-1');
    new GatewayDomain(created, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(created), endpointType: EndpointType.EDGE });
    expect(synthErrors(created)[0]).toMatch(/prop 'certificate' = undefined: is in eu-west-1, but an edge-optimized domain needs a certificate in us-east-1/);

    const regional = newStack('eu-west-1');
    new GatewayDomain(regional, 'Domain', { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(regional, 'Cert', US_EAST_1) });
    expect(synthErrors(regional)[0]).toMatch(/is in us-east-1, but a Regional domain needs a certificate in its own Region \(eu-west-1\)/);

    const edgeOk = newStack('eu-west-1');
    new GatewayDomain(edgeOk, 'Domain', { domainName: 'api.example.com', endpointType: EndpointType.EDGE, certificate: acm.Certificate.fromCertificateArn(edgeOk, 'Cert', US_EAST_1) });
    expect(synthErrors(edgeOk)).toEqual([]);

    const agnostic = new Stack(undefined, 'Agnostic');
    new GatewayDomain(agnostic, 'Domain', { domainName: 'api.example.com', endpointType: EndpointType.EDGE, hostedZone: exampleZone(agnostic) });
    expect(synthErrors(agnostic)).toEqual([]);
  });

  test('a domain outside the zone, a bad name and a missing zone and certificate are refused', () => {
    const outside = newStack();
    new GatewayDomain(outside, 'Domain', { domainName: 'api.example.org', hostedZone: exampleZone(outside) });
    expect(synthErrors(outside)[0]).toMatch(/prop 'domainName' = "api.example.org": is not in the hosted zone example.com/);

    const upper = newStack();
    new GatewayDomain(upper, 'Domain', { domainName: 'API.example.com', hostedZone: exampleZone(upper) });
    expect(synthErrors(upper)[0]).toMatch(/prop 'domainName' = "API.example.com": has upper-case letters/);

    expect(() => new GatewayDomain(newStack(), 'Domain', { domainName: 'api.example.com' })).toThrow(/prop 'hostedZone' = undefined: is needed to validate a new certificate by DNS/);
  });
});

describe('GatewayDomain: TLS security policy per kind', () => {
  test('a REST-only Regional domain is TLS 1.3 only with the STRICT access mode', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT' });
    expect(domain.securityPolicy).toBe(SecurityPolicy.TLS13_1_3_2025_09);
  });

  test('an HTTP API on the domain makes it TLS_1_2 without an access mode', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack), { basePath: 'rest' });
    domain.addApi(httpApi(stack), { basePath: 'http' });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'TLS_1_2', EndpointAccessMode: Match.absent() });
  });

  test('an HTTP API sharing the domain with a REST API is a warning naming both APIs and two domains; acknowledgeable', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack), { basePath: 'rest' });
    domain.addApi(httpApi(stack), { basePath: 'http' });
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Domain', Match.stringLikeRegexp('sharedDomainTls12'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/The HTTP API Test\/Http shares this domain with the REST API Test\/Rest: .*TLS_1_2.*two GatewayDomains/);

    const acknowledged = newStack();
    const quiet = new GatewayDomain(acknowledged, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(acknowledged) });
    quiet.addApi(restApi(acknowledged), { basePath: 'rest' });
    quiet.addApi(httpApi(acknowledged), { basePath: 'http' });
    CdkAnnotations.of(quiet).acknowledgeWarning(SHARED_DOMAIN_TLS_WARNING, 'Clients of both APIs are our own services on TLS 1.2');
    expect(Annotations.fromStack(acknowledged).findWarning('*', Match.stringLikeRegexp('sharedDomainTls12'))).toHaveLength(0);
  });

  test('no shared-domain warning for a REST-only or HTTP-only domain, nor with mutual TLS or an explicit policy', () => {
    const stack = newStack();
    const zone = exampleZone(stack);
    const restOnly = new GatewayDomain(stack, 'RestOnly', { domainName: 'rest.example.com', hostedZone: zone });
    restOnly.addApi(restApi(stack));
    const explicit = new GatewayDomain(stack, 'Explicit', { domainName: 'both.example.com', hostedZone: zone, securityPolicy: SecurityPolicy.TLS_1_2 });
    explicit.addApi(restApi(stack, 'Rest2'), { basePath: 'rest' });
    explicit.addApi(httpApi(stack), { basePath: 'http' });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('sharedDomainTls12'))).toHaveLength(0);
  });

  test('a WebSocket domain is an ApiGatewayV2 domain with TLS_1_2', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'ws.example.com', hostedZone: exampleZone(stack), protocol: DomainProtocol.WEBSOCKET });
    domain.addApi(new WebSocketDouble(stack, 'Ws'));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::DomainName', 0);
    t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'ws.example.com',
      DomainNameConfigurations: [{ CertificateArn: { Ref: Match.anyValue() }, EndpointType: 'REGIONAL', IpAddressType: 'dualstack', SecurityPolicy: 'TLS_1_2' }],
    });
    expect(domain.url).toBe('wss://ws.example.com');
  });

  test('a SecureWebSocketApi on a WebSocket domain: mapped to its stage, its execute-api endpoint closed, the pack satisfied', () => {
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Chat', {
      runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    const api = new SecureWebSocketApi(stack, 'Ws', {
      connect: { handler: fn, authorization: RouteAuthorization.iam() },
      defaultRoute: { handler: fn },
      accountLoggingDeclaredElsewhere: true,
    });
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'ws.example.com', hostedZone: exampleZone(stack), protocol: DomainProtocol.WEBSOCKET });
    domain.addApi(api);
    const t = Template.fromStack(stack);
    const apiId = { Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as CfnResource) };
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', DisableExecuteApiEndpoint: true });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiId: apiId, Stage: 'prod' });
    // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not this construct (test/nag/rules/stage/DenialSignal.test.ts).
    expect(portcullisFindings(stack).filter((f) => f.rule !== 'Portcullis-DenialSignal')).toEqual([]);
  });

  test('an explicit enhanced policy and access mode are kept; one HTTP APIs cannot use is refused', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', {
      domainName: 'api.example.com',
      hostedZone: exampleZone(stack),
      securityPolicy: SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
      endpointAccessMode: EndpointAccessMode.BASIC,
      basicEndpointAccessReason: 'Partners call through vpce DNS names until 2027',
    });
    domain.addApi(restApi(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', { SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', EndpointAccessMode: 'BASIC' });
    // BASIC is a weakening like the REST API's: refused without its reason
    const bare = newStack();
    new GatewayDomain(bare, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(bare), endpointAccessMode: EndpointAccessMode.BASIC });
    expect(synthErrors(bare)[0]).toMatch(/prop 'basicEndpointAccessReason' = undefined: endpointAccessMode: BASIC turns a default security measure down/);

    const mixed = newStack();
    const mixedDomain = new GatewayDomain(mixed, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(mixed), securityPolicy: SecurityPolicy.TLS13_1_3_2025_09 });
    mixedDomain.addApi(restApi(mixed), { basePath: 'rest' });
    mixedDomain.addApi(httpApi(mixed), { basePath: 'http' });
    expect(synthErrors(mixed)[0]).toMatch(/prop 'securityPolicy' = "SecurityPolicy_TLS13_1_3_2025_09": API Gateway does not map HTTP APIs to a domain with an enhanced security policy \(this REGIONAL HTTPS domain maps REST API, HTTP API\)/);

    const edgePolicy = newStack();
    new GatewayDomain(edgePolicy, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(edgePolicy), securityPolicy: SecurityPolicy.TLS13_2025_EDGE });
    expect(synthErrors(edgePolicy)[0]).toMatch(/is not offered on REGIONAL endpoints/);

    const ws = newStack();
    new GatewayDomain(ws, 'Domain', { domainName: 'ws.example.com', hostedZone: exampleZone(ws), protocol: DomainProtocol.WEBSOCKET, securityPolicy: SecurityPolicy.TLS13_1_3_2025_09 });
    expect(synthErrors(ws)[0]).toMatch(/WebSocket custom domains offer TLS_1_2 only/);
  });
});

describe('GatewayDomain: insecure choices need their explicit opt-in', () => {
  test('TLS 1.0 needs legacyTlsReason, which is recorded and acknowledges the TLS rule', () => {
    const refused = newStack();
    new GatewayDomain(refused, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(refused), securityPolicy: SecurityPolicy.TLS_1_0 });
    expect(synthErrors(refused)[0]).toMatch(/prop 'legacyTlsReason' = undefined: securityPolicy: TLS_1_0 turns a default security measure down .*Fix: give legacyTlsReason saying why/s);

    const stack = newStack();
    const reason = 'Partner POS terminals speak TLS 1.0 only until their replacement in 2027-06';
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack), securityPolicy: SecurityPolicy.TLS_1_0, legacyTlsReason: reason });
    domain.addApi(restApi(stack));
    Template.fromStack(stack).hasResource('AWS::ApiGateway::DomainName', {
      Properties: { SecurityPolicy: 'TLS_1_0' },
      Metadata: Match.objectLike({ [LEGACY_TLS_METADATA_KEY]: Match.objectLike({ securityPolicy: 'TLS_1_0', reason }) }),
    });
    expect(portcullisFindings(stack, 'Portcullis-DomainTlsPolicy')).toEqual([]);

    const http = newStack();
    const httpDomain = new GatewayDomain(http, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(http), securityPolicy: SecurityPolicy.TLS_1_0, legacyTlsReason: reason });
    httpDomain.addApi(httpApi(http));
    expect(synthErrors(http)[0]).toMatch(/HTTP APIs accept only TLS 1.2 custom domains/);

    const stray = newStack();
    new GatewayDomain(stray, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stray), legacyTlsReason: reason });
    expect(synthErrors(stray)[0]).toMatch(/prop 'legacyTlsReason'.*is only used with securityPolicy: SecurityPolicy.TLS_1_0/);
  });

  test('keeping the default endpoint needs a reason, recorded on the API and acknowledging DefaultEndpointDisabled', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    const reason = 'Mobile app 3.x calls the execute-api URL until its end of support on 2027-03-31';
    domain.addApi(httpApi(stack), { keepExecuteApiEndpointReason: reason });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ApiGatewayV2::Api', {
      Properties: { DisableExecuteApiEndpoint: false },
      Metadata: Match.objectLike({ [EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY]: Match.objectLike({ reason }) }),
    });
    expect(portcullisFindings(stack, 'Portcullis-DefaultEndpointDisabled')).toEqual([]);

    const short = newStack();
    const shortDomain = new GatewayDomain(short, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(short) });
    expect(() => shortDomain.addApi(httpApi(short), { keepExecuteApiEndpointReason: 'legacy' })).toThrow(/prop 'keepExecuteApiEndpointReason' = "legacy": the reason has 6 visible characters/);
  });

  test('a REST API keeps its endpoint the same way', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    const reason = 'Batch partners move to api.example.com by 2027-01-31';
    domain.addApi(restApi(stack), { keepExecuteApiEndpointReason: reason });
    Template.fromStack(stack).hasResource('AWS::ApiGateway::RestApi', {
      Properties: { DisableExecuteApiEndpoint: false },
      Metadata: Match.objectLike({ [EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY]: Match.objectLike({ reason }) }),
    });
    expect(portcullisFindings(stack, 'Portcullis-DefaultEndpointDisabled')).toEqual([]);
  });

  test('a kept endpoint is recorded under Portcullis::Weakenings too, once however many domains map the API with the reason', () => {
    const stack = newStack();
    const zone = exampleZone(stack);
    const reason = 'Batch partners move to api.example.com by 2027-01-31';
    const api = restApi(stack);
    new GatewayDomain(stack, 'A', { domainName: 'a.example.com', hostedZone: zone }).addApi(api, { keepExecuteApiEndpointReason: reason });
    new GatewayDomain(stack, 'B', { domainName: 'b.example.com', hostedZone: zone }).addApi(api, { keepExecuteApiEndpointReason: reason });
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::RestApi'));
    expect(resource.Metadata['Portcullis::Weakenings']).toEqual({
      weakenings: [expect.objectContaining({ reasonProp: 'keepExecuteApiEndpointReason', reason, acknowledges: ['Portcullis-DefaultEndpointDisabled'] })],
    });
    expect(resource.Metadata[EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY]).toEqual(expect.objectContaining({ reason }));
  });

  test('without the opt-out the rule stays clean because the endpoint is off; with the endpoint forced back on it reports', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    const api = httpApi(stack);
    domain.addApi(api);
    expect(portcullisFindings(stack, 'Portcullis-DefaultEndpointDisabled')).toEqual([]);
    (api.httpApi.node.defaultChild as CfnResource).addPropertyOverride('DisableExecuteApiEndpoint', false);
    expect(portcullisFindings(stack, 'Portcullis-DefaultEndpointDisabled')).toEqual([{ rule: 'Portcullis-DefaultEndpointDisabled', path: 'Test/Http/Api/Resource' }]);
  });

  test('tokens pass the checks: a domain name, a certificate and a base path from parameters', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const arn = new CfnParameter(stack, 'CertArn').valueAsString;
    const domain = new GatewayDomain(stack, 'Domain', { domainName: name, endpointType: EndpointType.EDGE, certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', arn) });
    domain.addApi(restApi(stack, 'Rest', EndpointType.EDGE), { basePath: new CfnParameter(stack, 'Path').valueAsString });
    expect(synthErrors(stack)).toEqual([]);
  });

  test('two domains must agree on keeping an API\'s endpoint', () => {
    const stack = newStack();
    const api = httpApi(stack);
    const zone = exampleZone(stack);
    new GatewayDomain(stack, 'A', { domainName: 'a.example.com', hostedZone: zone }).addApi(api);
    const b = new GatewayDomain(stack, 'B', { domainName: 'b.example.com', hostedZone: zone });
    expect(() => b.addApi(api, { keepExecuteApiEndpointReason: 'Clients of the old release still use execute-api' })).toThrow(/another custom domain already turned this API's default endpoint off/);
  });

  test('an edge domain refuses HTTP APIs, WebSocket domains refuse REST and HTTP, HTTPS domains refuse WebSocket APIs', () => {
    const stack = newStack('us-east-1');
    const zone = exampleZone(stack);
    const edge = new GatewayDomain(stack, 'Edge', { domainName: 'edge.example.com', hostedZone: zone, endpointType: EndpointType.EDGE });
    expect(() => edge.addApi(httpApi(stack))).toThrow(/\[Test\/Edge\] prop 'api' = "Test\/Http": is an HTTP API, which API Gateway maps to Regional domains only/);
    const ws = new GatewayDomain(stack, 'Ws', { domainName: 'ws.example.com', hostedZone: zone, protocol: DomainProtocol.WEBSOCKET });
    expect(() => ws.addApi(restApi(stack))).toThrow(/is a REST API, which API Gateway does not map to a WebSocket domain/);
    const https = new GatewayDomain(stack, 'Https', { domainName: 'api.example.com', hostedZone: zone });
    expect(() => https.addApi(new WebSocketDouble(stack, 'Socket'))).toThrow(/is a WebSocket API, which API Gateway does not map to a domain serving REST or HTTP APIs/);
  });
});

describe('GatewayDomain: API mappings and default endpoints', () => {
  test('REST one-level paths use BasePathMapping, multi-level paths and HTTP/WebSocket APIs use ApiMapping; every API loses its default endpoint', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    const rest = restApi(stack);
    const rest2 = restApi(stack, 'Rest2');
    const http = httpApi(stack);
    domain.addApi(rest);
    domain.addApi(rest2, { basePath: 'orders/v2' });
    domain.addApi(http, { basePath: 'me' });
    const t = Template.fromStack(stack);
    const domainRef = { Ref: Match.stringLikeRegexp('^Domain') };
    t.hasResourceProperties('AWS::ApiGateway::BasePathMapping', { DomainName: domainRef, RestApiId: { Ref: Match.stringLikeRegexp('^RestApi') }, Stage: Match.anyValue(), BasePath: Match.absent() });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: domainRef, ApiId: { Ref: Match.stringLikeRegexp('^Rest2Api') }, ApiMappingKey: 'orders/v2' });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: domainRef, ApiId: { Ref: Match.stringLikeRegexp('^HttpApi') }, Stage: '$default', ApiMappingKey: 'me' });
    t.resourcePropertiesCountIs('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true }, 2);
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true }, 1);
    // Mappings wait for the stages they name.
    const mapping = Object.values(t.findResources('AWS::ApiGatewayV2::ApiMapping', { Properties: { ApiMappingKey: 'me' } }))[0];
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^HttpDefaultStage/)]));
    expect(domain.mappings).toHaveLength(3);
  });

  test('a WebSocket API is mapped with ApiMapping and its default endpoint is turned off', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'ws.example.com', hostedZone: exampleZone(stack), protocol: DomainProtocol.WEBSOCKET });
    domain.addApi(new WebSocketDouble(stack, 'Ws'), { basePath: 'chat' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiId: { Ref: Match.stringLikeRegexp('^WsApi') }, Stage: 'live', ApiMappingKey: 'chat' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', DisableExecuteApiEndpoint: true });
  });

  test('bad and duplicate base paths fail at the call', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack), { basePath: 'orders' });
    expect(() => domain.addApi(httpApi(stack), { basePath: 'orders' })).toThrow(/prop 'basePath' = "orders": is already mapped on this domain/);
    expect(() => domain.addApi(httpApi(stack, 'H2'), { basePath: '/v1' })).toThrow(/must not start or end with \//);
    expect(() => domain.addApi(httpApi(stack, 'H3'), { basePath: 'a b' })).toThrow(/has the segment 'a b'/);
  });
});

describe('GatewayDomain: mutual TLS', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2xpZW50Q0E=\n-----END CERTIFICATE-----\n';

  test('a truststore of its own: hardened bucket, content-addressed key, TLS_1_2, uploaded before the domain', () => {
    const stack = newStack();
    const truststore = new MtlsTruststore(stack, 'Truststore', { certificatesPem: PEM });
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack), mutualTls: { truststore } });
    domain.addApi(restApi(stack));
    const t = Template.fromStack(stack);
    expect(truststore.key).toMatch(/^truststore-[0-9a-f]{16}\.pem$/);
    const domainResource = Object.values(t.findResources('AWS::ApiGateway::DomainName'))[0];
    expect(domainResource.Properties.SecurityPolicy).toBe('TLS_1_2');
    expect(domainResource.Properties.MutualTlsAuthentication.TruststoreUri).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^TruststoreBucket/) }, `/${truststore.key}`]],
    });
    expect(domainResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TruststoreUpload/)]));
    t.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('TruststoreAccessLogs') }, LogFilePrefix: 'truststore/' },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('TruststoreBucket') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a truststore the user brings, with its version', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Trust', 'my-truststores');
    new GatewayDomain(stack, 'Domain', {
      domainName: 'api.example.com', hostedZone: exampleZone(stack), mutualTls: { truststore: MtlsTruststore.fromBucket(bucket, 'partners.pem', 'v42') },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      MutualTlsAuthentication: { TruststoreUri: 's3://my-truststores/partners.pem', TruststoreVersion: 'v42' },
      SecurityPolicy: 'TLS_1_2',
    });
  });

  test('mutual TLS is refused on WebSocket and edge domains and with an enhanced policy; private keys are refused', () => {
    const bucket = (stack: Stack) => MtlsTruststore.fromBucket(s3.Bucket.fromBucketName(stack, 'Trust', 'my-truststores'), 'partners.pem');
    const ws = newStack();
    new GatewayDomain(ws, 'Domain', { domainName: 'ws.example.com', hostedZone: exampleZone(ws), protocol: DomainProtocol.WEBSOCKET, mutualTls: { truststore: bucket(ws) } });
    expect(synthErrors(ws)[0]).toMatch(/prop 'mutualTls'.*REST and HTTP APIs only/);

    const enhanced = newStack();
    new GatewayDomain(enhanced, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(enhanced), securityPolicy: SecurityPolicy.TLS13_1_3_2025_09, mutualTls: { truststore: bucket(enhanced) } });
    expect(synthErrors(enhanced)[0]).toMatch(/does not offer mutual TLS on a domain with an enhanced security policy/);

    const key = newStack();
    // Refused in the constructor, before the upload stages the PEM as an asset: no construct, no file.
    expect(() => new MtlsTruststore(key, 'Truststore', { certificatesPem: `${PEM}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n` }))
      .toThrow(/prop 'certificatesPem' = "<PEM with a private key>": contains a private key/);
    expect(key.node.tryFindChild('Truststore')?.node.tryFindChild('Upload')).toBeUndefined();

    // Every armored private key format, not only PKCS#8: each alone beside a valid certificate.
    for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PGP PRIVATE KEY BLOCK']) {
      const stack = newStack();
      expect(() => new MtlsTruststore(stack, 'Truststore', { certificatesPem: `${PEM}-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n` }))
        .toThrow(/prop 'certificatesPem' = "<PEM with a private key>": contains a private key/);
    }

    const empty = newStack();
    expect(() => new MtlsTruststore(empty, 'Truststore', { certificatesPem: 'not a pem' }))
      .toThrow(/prop 'certificatesPem' = "not a pem": has no PEM certificate/);
  });
});

describe('GatewayDomain: certificate expiry alarm', () => {
  test('an alarm on DaysToExpiry of the certificate, notifying the topic', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    new GatewayDomain(stack, 'Domain', {
      domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', IMPORTED), alarmTopic: topic, expiryAlarmThresholdDays: 30,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CertificateManager',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: 'CertificateArn', Value: IMPORTED }],
      Statistic: 'Minimum',
      Period: 86400,
      Threshold: 30,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Alerts') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('Alerts') }],
    });
  });

  test('ACM-issued certificates are watched too (45 days by default); the alarm can be turned off; a bad threshold fails', () => {
    const stack = newStack();
    new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 45, Dimensions: [{ Name: 'CertificateArn', Value: { Ref: Match.stringLikeRegexp('DomainCertificate') } }] });

    const off = newStack();
    new GatewayDomain(off, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(off), expiryAlarm: false, expiryAlarmOffReason: 'Expiry watched by the platform Config rule' });
    Template.fromStack(off).resourceCountIs('AWS::CloudWatch::Alarm', 0);

    const bad = newStack();
    new GatewayDomain(bad, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(bad), expiryAlarmThresholdDays: 0 });
    // Named as the user set it, on the GatewayDomain, once; not as the inner alarm's thresholdDays.
    const message = synthErrors(bad)[0];
    expect(message).toMatch(/\[Test\/Domain\] prop 'expiryAlarmThresholdDays' = 0: must be a whole number from 1 to 397/);
    expect(message).not.toMatch(/thresholdDays' = 0.*thresholdDays' = 0/s);
    expect(message).not.toMatch(/prop 'thresholdDays'/);
  });

  test('addApi(undefined) from a JavaScript or Python caller is refused with a clear error, not a TypeError', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    let error: unknown;
    try {
      domain.addApi(undefined as any);
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("[Test/Domain] prop 'addApi(api)' = undefined: is required. Fix: pass the SecureHttpApi, SecureRestApi or SecureWebSocketApi to map");
  });
});

describe('GatewayDomain and the rule pack', () => {
  test('a domain in front of REST, HTTP APIs passes PortcullisChecks clean (domain rules included)', () => {
    const stack = newStack();
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(stack) });
    domain.addApi(restApi(stack), { basePath: 'rest' });
    domain.addApi(httpApi(stack), { basePath: 'http' });
    const found = portcullisFindings(stack).filter((f) => /Domain|DefaultEndpoint/.test(f.rule));
    expect(found).toEqual([]);
    // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not this construct (test/nag/rules/stage/DenialSignal.test.ts).
    expect(portcullisFindings(stack).filter((f) => f.rule !== 'Portcullis-DenialSignal')).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});
