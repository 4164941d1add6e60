/**
 * API Gateway custom-domain security policies and the TLS floor they enforce.
 *
 * Legacy policies are `TLS_1_0` (accepts TLS 1.0 and up) and `TLS_1_2`;
 * enhanced policies are named `SecurityPolicy_TLS13_*` / `SecurityPolicy_TLS12_*`.
 * An absent policy means `TLS_1_0` on REST domains (`AWS::ApiGateway::DomainName`)
 * and `TLS_1_2` on v2 domains (`AWS::ApiGatewayV2::DomainName`, which rejects `TLS_1_0`).
 */
export type TlsFloor = 'below-1.2' | '1.2-or-higher' | 'unrecognised';

/** Classify a security policy name by the minimum TLS version it accepts. */
export function tlsFloor(policy: string): TlsFloor {
  const name = policy.toUpperCase();
  if (name === 'TLS_1_0' || name === 'TLS_1_1') return 'below-1.2';
  if (name === 'TLS_1_2' || /^SECURITYPOLICY_TLS1[23]_[A-Z0-9_]+$/.test(name)) return '1.2-or-higher';
  return 'unrecognised';
}
