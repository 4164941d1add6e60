import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved } from './findings';
import { listValue, objectValue, scalar } from './intrinsics';
import { ResourceView } from './resource-view';

/**
 * The JWT configuration of an API Gateway authorizer, as the rules read it: a v2 authorizer's
 * `JwtConfiguration` (one issuer, `Issuer` and `Audience`), or a REST native JWT authorizer's
 * `JwtConfiguration.Issuers` (each with `Issuer` and `Audiences`).
 */
export type JwtAuthorizerConfiguration =
  | { readonly kind: 'v2'; readonly configuration: Record<string, unknown> | undefined }
  | { readonly kind: 'rest'; readonly issuers: readonly unknown[] | undefined };

/**
 * Reads the JWT configuration of `resource`, or says why there is none to check: NOT_APPLICABLE for
 * anything but a JWT authorizer, an unresolved finding when the type or configuration is not readable.
 */
export function jwtAuthorizerConfiguration(resource: ResourceView): JwtAuthorizerConfiguration | { readonly result: NagRuleResult } {
  const v2 = resource.type === 'AWS::ApiGatewayV2::Authorizer';
  if (!v2 && resource.type !== 'AWS::ApiGateway::Authorizer') return { result: NagRuleCompliance.NOT_APPLICABLE };
  const typeProperty = v2 ? 'AuthorizerType' : 'Type';
  const type = scalar(resource.properties[typeProperty]);
  if (type.kind === 'unresolved') return { result: [unresolved(typeProperty)] };
  if (type.kind === 'absent' || type.value !== 'JWT') return { result: NagRuleCompliance.NOT_APPLICABLE };
  const configuration = objectValue(resource.properties.JwtConfiguration);
  if (configuration === 'unresolved') return { result: [unresolved('JwtConfiguration')] };
  if (v2) return { kind: 'v2', configuration };
  const issuers = listValue(configuration?.Issuers);
  if (issuers === 'unresolved') return { result: [unresolved('Issuers')] };
  return { kind: 'rest', issuers };
}

/** Checks each issuer entry of a REST native JWT authorizer; an unreadable entry is an unresolved finding. */
export function checkRestIssuers(issuers: readonly unknown[], check: (issuer: Record<string, unknown> | undefined) => NagRuleResult): NagRuleResult {
  return combineResults(issuers.map((item) => {
    const issuer = objectValue(item);
    return issuer === 'unresolved' ? [unresolved('Issuers')] : check(issuer);
  }));
}
