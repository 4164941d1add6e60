import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { listValue, numberValue, scalar } from '../../intrinsics';
import { propertiesOf } from '../../resource-index';

/** REST caches REQUEST authorizer results for 300 s unless told otherwise. */
const REST_DEFAULT_TTL = 300;
/** HTTP and WebSocket APIs do not cache unless a TTL is set. */
const V2_DEFAULT_TTL = 0;

/** Identity sources that carry the caller's credential, per API kind. */
const V2_CALLER_SOURCE = /^(\$request|route\.request)\.(header|querystring)\./;
const REST_CALLER_SOURCE = /^method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\./;

/**
 * Lambda REQUEST authorizers that cache their results key the cache on a caller
 * credential (a request header or query string), not only on context or stage variables.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::Authorizer') {
      const p = propertiesOf(node);
      return check(p.AuthorizerType, p.AuthorizerResultTtlInSeconds, V2_DEFAULT_TTL, listValue(p.IdentitySource), V2_CALLER_SOURCE, 'AuthorizerType');
    }
    if (node.cfnResourceType === 'AWS::ApiGateway::Authorizer') {
      const p = propertiesOf(node);
      const sources = scalar(p.IdentitySource);
      const list = sources.kind === 'unresolved' ? 'unresolved' : sources.kind === 'absent' ? undefined : String(sources.value).split(',').map((s) => s.trim());
      return check(p.Type, p.AuthorizerResultTtlInSeconds, REST_DEFAULT_TTL, list, REST_CALLER_SOURCE, 'Type');
    }
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function check(
  typeValue: unknown,
  ttlValue: unknown,
  defaultTtl: number,
  sources: unknown[] | undefined | 'unresolved',
  callerSource: RegExp,
  typeProperty: string,
): NagRuleResult {
  const type = scalar(typeValue);
  if (type.kind === 'unresolved') return [unresolved(typeProperty)];
  if (type.kind === 'absent' || type.value !== 'REQUEST') return NagRuleCompliance.NOT_APPLICABLE;
  const ttl = numberValue(ttlValue);
  if (ttl === 'unresolved') return [unresolved('AuthorizerResultTtlInSeconds')];
  if ((ttl ?? defaultTtl) <= 0) return NagRuleCompliance.COMPLIANT;
  if (sources === 'unresolved') return [unresolved('IdentitySource')];
  const known = (sources ?? []).map((source) => scalar(source));
  if (known.some((source) => source.kind !== 'known')) return [unresolved('IdentitySource')];
  const keyedOnCaller = known.some((source) => source.kind === 'known' && callerSource.test(String(source.value)));
  return keyedOnCaller ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
