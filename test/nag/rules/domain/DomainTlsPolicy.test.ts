import { CfnParameter } from 'aws-cdk-lib';
import { CfnDomainNameV2, CfnDomainName as CfnRestDomainName, DomainName as RestDomainName, SecurityPolicy as RestSecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import { CfnDomainName, DomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import * as fc from 'fast-check';
import { tlsFloor } from '../../../../lib/nag/tls-policy';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-DomainTlsPolicy';
const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';

describe('DomainTlsPolicy on REST custom domains', () => {
  test('a domain without a policy (TLS_1_0 on REST) or with TLS_1_0 is reported; TLS 1.2+ passes', () => {
    const stack = newStack();
    const certificate = Certificate.fromCertificateArn(stack, 'Cert', CERT);
    new RestDomainName(stack, 'Default', { domainName: 'a.example.com', certificate });
    new RestDomainName(stack, 'Legacy', { domainName: 'b.example.com', certificate, securityPolicy: RestSecurityPolicy.TLS_1_0 });
    new RestDomainName(stack, 'Modern', { domainName: 'c.example.com', certificate, securityPolicy: RestSecurityPolicy.TLS_1_2 });
    new CfnRestDomainName(stack, 'Tls13', { domainName: 'd.example.com', regionalCertificateArn: CERT, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Default/Resource'), finding(RULE, 'Stack/Legacy/Resource')]);
  });

  test('an unknown policy name and a parameter are reported, not passed', () => {
    const stack = newStack();
    const policy = new CfnParameter(stack, 'Policy');
    new CfnRestDomainName(stack, 'Parameter', { domainName: 'a.example.com', securityPolicy: policy.valueAsString });
    new CfnRestDomainName(stack, 'Unknown', { domainName: 'b.example.com', securityPolicy: 'TLS_2_0_FUTURE' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unrecognised-policy]`, 'Stack/Unknown'),
      finding(`${RULE}[unresolved:SecurityPolicy]`, 'Stack/Parameter'),
    ]);
  });
});

describe('DomainTlsPolicy on private custom domains (DomainNameV2)', () => {
  test('TLS_1_2 and enhanced policies pass; TLS_1_0 is reported; an absent policy and a parameter are reported, not passed', () => {
    const stack = newStack();
    const endpointConfiguration = { types: ['PRIVATE'] };
    new CfnDomainNameV2(stack, 'Modern', { domainName: 'a.example.com', certificateArn: CERT, endpointConfiguration, securityPolicy: 'TLS_1_2' });
    new CfnDomainNameV2(stack, 'Tls13', { domainName: 'b.example.com', certificateArn: CERT, endpointConfiguration, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' });
    new CfnDomainNameV2(stack, 'Legacy', { domainName: 'c.example.com', certificateArn: CERT, endpointConfiguration, securityPolicy: 'TLS_1_0' });
    new CfnDomainNameV2(stack, 'Absent', { domainName: 'd.example.com', certificateArn: CERT, endpointConfiguration });
    new CfnDomainNameV2(stack, 'Parameter', { domainName: 'e.example.com', certificateArn: CERT, endpointConfiguration, securityPolicy: new CfnParameter(stack, 'Policy').valueAsString });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Legacy'),
      finding(`${RULE}[absent-policy]`, 'Stack/Absent'),
      finding(`${RULE}[unresolved:SecurityPolicy]`, 'Stack/Parameter'),
    ]);
  });
});

describe('DomainTlsPolicy on HTTP/WebSocket custom domains', () => {
  test('a v2 domain without a policy (TLS_1_2 on v2) passes; TLS_1_0 is reported', () => {
    const stack = newStack();
    new DomainName(stack, 'Default', { domainName: 'a.example.com', certificate: Certificate.fromCertificateArn(stack, 'Cert', CERT) });
    new CfnDomainName(stack, 'Legacy', { domainName: 'b.example.com', domainNameConfigurations: [{ certificateArn: CERT, securityPolicy: 'TLS_1_0' }] });
    new CfnDomainName(stack, 'Explicit', { domainName: 'c.example.com', domainNameConfigurations: [{ certificateArn: CERT, securityPolicy: 'TLS_1_2' }] });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Legacy')]);
  });
});

describe('tlsFloor', () => {
  test('enhanced TLS 1.2 / 1.3 policy names are 1.2 or higher', () => {
    fc.assert(
      fc.property(fc.constantFrom('TLS12', 'TLS13'), fc.stringMatching(/^[A-Z0-9]+(_[A-Z0-9]+)*$/), (version, suffix) => {
        expect(tlsFloor(`SecurityPolicy_${version}_${suffix}`)).toBe('1.2-or-higher');
      }),
    );
  });

  test('legacy policy names are classified whatever their case', () => {
    fc.assert(
      fc.property(fc.constantFrom('TLS_1_0', 'TLS_1_1', 'TLS_1_2'), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), (name, upper) => {
        const cased = [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join('');
        expect(tlsFloor(cased)).toBe(name === 'TLS_1_2' ? '1.2-or-higher' : 'below-1.2');
      }),
    );
  });

  test('any other name is unrecognised, never passed', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^(TLS_1_[012]|SecurityPolicy_TLS1[23]_[A-Za-z0-9_]+)$/i.test(s)),
        (name) => {
          expect(tlsFloor(name)).toBe('unrecognised');
        },
      ),
    );
  });
});
