import { EndpointAccessMode, EndpointType, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { DomainProtocol } from './domain-protocol';
import { ApiKind } from '../common/api-kind';
import { invalidProp, isUnresolved } from '../common/validation';
import { checkReasonForUnknownSetting, checkWeakeningReason, Weakening } from '../common/weakening';

/**
 * The TLS security policy of a custom domain: which one is the default, and which are allowed, for the
 * APIs the domain serves. Pure functions of a {@link DomainTlsContext}.
 *
 * One domain name resource has one policy, so a domain serving REST and HTTP APIs gets the strongest
 * policy every API on it accepts: API Gateway refuses to map an HTTP API to a domain with an enhanced
 * (`SecurityPolicy_*`) policy, and refuses mutual TLS with one, so such a domain is `TLS_1_2`.
 */
export interface DomainTlsContext {
  /** What the domain serves. */
  readonly protocol: DomainProtocol;
  /** REGIONAL or EDGE. */
  readonly endpointType: EndpointType;
  /** The kinds of the APIs mapped so far. */
  readonly kinds: ReadonlySet<ApiKind>;
  /** True when mutual TLS is on. */
  readonly mutualTls: boolean;
  /** True when some mapping path has several levels (`orders/v1`). */
  readonly multiLevel: boolean;
}

/** The enhanced policies of Regional REST domains, strongest first. */
export const REGIONAL_ENHANCED_POLICIES: readonly SecurityPolicy[] = [
  SecurityPolicy.TLS13_1_3_2025_09,
  SecurityPolicy.TLS13_1_3_FIPS_2025_09,
  SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
  SecurityPolicy.TLS13_1_2_PQ_2025_09,
];

/** The enhanced policies of edge-optimized REST domains, strongest first. */
export const EDGE_ENHANCED_POLICIES: readonly SecurityPolicy[] = [
  SecurityPolicy.TLS13_2025_EDGE,
  SecurityPolicy.TLS12_PFS_2025_EDGE,
  SecurityPolicy.TLS12_2018_EDGE,
];

/** True for an enhanced policy (`SecurityPolicy_*`), which needs an endpoint access mode. */
export function isEnhancedPolicy(policy: string): boolean {
  return policy.startsWith('SecurityPolicy_');
}

/**
 * The strongest policy every API on the domain accepts:
 * - WebSocket domains: `TLS_1_2` (the only one they offer);
 * - REST and HTTP domains with an HTTP API or with mutual TLS: `TLS_1_2`;
 * - REST-only domains: TLS 1.3 only, `SecurityPolicy_TLS13_1_3_2025_09` (Regional) or
 *   `SecurityPolicy_TLS13_2025_EDGE` (edge-optimized), with the STRICT endpoint access mode.
 */
export function defaultSecurityPolicy(context: DomainTlsContext): SecurityPolicy {
  if (context.protocol === DomainProtocol.WEBSOCKET) return SecurityPolicy.TLS_1_2;
  if (context.mutualTls || context.kinds.has(ApiKind.HTTP)) return SecurityPolicy.TLS_1_2;
  return context.endpointType === EndpointType.EDGE ? SecurityPolicy.TLS13_2025_EDGE : SecurityPolicy.TLS13_1_3_2025_09;
}

/** Why a policy cannot be used on a domain, and what to do instead. */
export interface PolicyProblem {
  readonly problem: string;
  readonly fix: string;
}

/** What is wrong with choosing `policy` for the domain, or undefined. */
export function securityPolicyProblem(policy: SecurityPolicy, context: DomainTlsContext): PolicyProblem | undefined {
  const strongest = defaultSecurityPolicy(context);
  const instead = `leave securityPolicy out (the strongest policy this domain accepts is ${strongest})`;
  if (context.protocol === DomainProtocol.WEBSOCKET) {
    return policy === SecurityPolicy.TLS_1_2 ? undefined : { problem: 'WebSocket custom domains offer TLS_1_2 only', fix: instead };
  }
  const enhanced = isEnhancedPolicy(policy);
  if (enhanced) {
    const allowed = context.endpointType === EndpointType.EDGE ? EDGE_ENHANCED_POLICIES : REGIONAL_ENHANCED_POLICIES;
    if (!allowed.includes(policy)) {
      return { problem: `is not offered on ${context.endpointType} endpoints`, fix: `use one of ${allowed.join(', ')}, or ${instead}` };
    }
    if (context.kinds.has(ApiKind.HTTP)) {
      return { problem: 'API Gateway does not map HTTP APIs to a domain with an enhanced security policy', fix: 'use TLS_1_2, or serve the HTTP API from another domain' };
    }
    if (context.mutualTls) {
      return { problem: 'API Gateway does not offer mutual TLS on a domain with an enhanced security policy', fix: 'use TLS_1_2 with mutual TLS, or turn mutual TLS off' };
    }
    return undefined;
  }
  if (policy === SecurityPolicy.TLS_1_0) {
    if (context.kinds.has(ApiKind.HTTP)) return { problem: 'HTTP APIs accept only TLS 1.2 custom domains', fix: instead };
    if (context.mutualTls) return { problem: 'mutual TLS needs TLS 1.2 or higher', fix: instead };
    if (context.multiLevel) return { problem: 'multi-level API mappings need TLS 1.2 or higher', fix: instead };
    return undefined;
  }
  if (policy === SecurityPolicy.TLS_1_2) return undefined;
  return { problem: 'is not a security policy this library knows', fix: instead };
}

/**
 * TLS 1.0 and 1.1 accepted with `legacyTlsReason`, on a custom domain or a REST API's own endpoint.
 *
 * @param rule the rule the weakening causes where it is recorded (the domain's or the REST API's TLS rule)
 */
export function legacyTlsWeakening(rule: string): Weakening {
  return {
    setting: 'securityPolicy: TLS_1_0',
    reasonProp: 'legacyTlsReason',
    consequence: 'clients may connect with TLS 1.0 and 1.1 (deprecated by RFC 8996), open to downgrade attacks',
    rules: [rule],
  };
}

/** The BASIC endpoint access mode with `basicEndpointAccessReason`, on a custom domain or a REST API (no pack checks it). */
export const BASIC_ENDPOINT_ACCESS: Weakening = {
  setting: 'endpointAccessMode: BASIC',
  reasonProp: 'basicEndpointAccessReason',
  consequence: 'requests arriving through another endpoint type, or whose TLS SNI does not match the Host header, are answered',
  rules: [],
};

/**
 * `legacyTlsReason` beside `securityPolicy`, on a custom domain or a REST API: needed (and held to the
 * reason policy) with `TLS_1_0`, accepted beside a policy that is a token, refused beside any other.
 *
 * @param rule the TLS rule the weakening acknowledges where it is recorded
 */
export function checkLegacyTlsReason(scope: IConstruct, policy: string | undefined, reason: string | undefined, rule: string): void {
  if (policy === SecurityPolicy.TLS_1_0) {
    checkWeakeningReason(scope, legacyTlsWeakening(rule), reason, 'Point-of-sale terminals speak TLS 1.0 until 2027-06');
  } else if (isUnresolved(policy)) {
    checkReasonForUnknownSetting(scope, 'legacyTlsReason', reason);
  } else if (reason !== undefined) {
    invalidProp(scope, 'legacyTlsReason', reason, 'is only used with securityPolicy: SecurityPolicy.TLS_1_0', 'remove legacyTlsReason');
  }
}

/**
 * `basicEndpointAccessReason` beside `endpointAccessMode`, on a custom domain or a REST API: needed with
 * `BASIC`, accepted beside a mode that is a token, refused beside any other.
 */
export function checkBasicEndpointAccessReason(scope: IConstruct, mode: string | undefined, reason: string | undefined): void {
  if (mode === EndpointAccessMode.BASIC) {
    checkWeakeningReason(scope, BASIC_ENDPOINT_ACCESS, reason, 'Partners call through vpce DNS names until 2027');
  } else if (isUnresolved(mode)) {
    checkReasonForUnknownSetting(scope, 'basicEndpointAccessReason', reason);
  } else if (reason !== undefined) {
    invalidProp(scope, 'basicEndpointAccessReason', reason, 'is only used with endpointAccessMode: EndpointAccessMode.BASIC', 'remove basicEndpointAccessReason');
  }
}
