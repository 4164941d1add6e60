import { EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import * as fc from 'fast-check';
import { ApiKind } from '../../lib';
import { DomainProtocol } from '../../lib/domain/domain-protocol';
import { defaultSecurityPolicy, DomainTlsContext, isEnhancedPolicy, securityPolicyProblem } from '../../lib/domain/domain-tls-policy';
import { tlsFloor } from '../../lib/nag/tls-policy';

const context: fc.Arbitrary<DomainTlsContext> = fc.record({
  protocol: fc.constantFrom(DomainProtocol.HTTPS, DomainProtocol.WEBSOCKET),
  endpointType: fc.constantFrom(EndpointType.REGIONAL, EndpointType.EDGE),
  kinds: fc.subarray([ApiKind.REST, ApiKind.HTTP]).map((k) => new Set(k)),
  mutualTls: fc.boolean(),
  multiLevel: fc.boolean(),
}).map((c) => (c.protocol === DomainProtocol.WEBSOCKET
  ? { ...c, endpointType: EndpointType.REGIONAL, kinds: new Set([ApiKind.WEBSOCKET]), mutualTls: false }
  : c));

const ALL_POLICIES = Object.values(SecurityPolicy) as SecurityPolicy[];

describe('domain TLS policy', () => {
  test('the default is always allowed for its domain, never below TLS 1.2, and enhanced only for REST-only domains without mutual TLS', () => {
    fc.assert(fc.property(context, (c) => {
      const policy = defaultSecurityPolicy(c);
      expect(securityPolicyProblem(policy, c)).toBeUndefined();
      expect(tlsFloor(policy)).toBe('1.2-or-higher');
      expect(isEnhancedPolicy(policy)).toBe(c.protocol === DomainProtocol.HTTPS && !c.mutualTls && !c.kinds.has(ApiKind.HTTP));
    }));
  });

  test('no policy that API Gateway refuses for the domain is allowed', () => {
    fc.assert(fc.property(context, fc.constantFrom(...ALL_POLICIES), (c, policy) => {
      const allowed = securityPolicyProblem(policy, c) === undefined;
      if (!allowed) return;
      if (c.protocol === DomainProtocol.WEBSOCKET) expect(policy).toBe(SecurityPolicy.TLS_1_2);
      if (isEnhancedPolicy(policy)) {
        expect(c.kinds.has(ApiKind.HTTP) || c.mutualTls).toBe(false);
        expect(policy.endsWith('_EDGE')).toBe(c.endpointType === EndpointType.EDGE);
      }
      if (policy === SecurityPolicy.TLS_1_0) expect(c.kinds.has(ApiKind.HTTP) || c.mutualTls || c.multiLevel).toBe(false);
    }));
  });
});
