import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { headerCanHoldCredential } from '../../../common/credential-headers';
import { unresolved, unresolvedFinding } from '../../findings';
import { listValue, numberValue, scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** REST caches REQUEST authorizer results for 300 s unless told otherwise. */
const REST_DEFAULT_TTL = 300;
/** HTTP and WebSocket APIs do not cache unless a TTL is set. */
const V2_DEFAULT_TTL = 0;

/** Identity sources that can carry the caller's credential, per API kind: a request header or query string. */
const V2_CALLER_SOURCE = /^(?:\$request|route\.request)\.(header|querystring)\.(.+)$/;
const REST_CALLER_SOURCE = /^method\.request\.(header|querystring|multivalueheader|multivaluequerystring)\.(.+)$/;

/** Whether an identity source is a header or query string that can hold a credential. */
function holdsCredential(source: string, callerSource: RegExp): boolean {
  const match = callerSource.exec(source);
  if (match === null) return false;
  return !match[1].toLowerCase().endsWith('header') || headerCanHoldCredential(match[2]);
}

/**
 * Lambda REQUEST authorizers that cache their results key the cache on a caller
 * credential (a request header or query string), not only on context or stage variables or on
 * headers every caller can send (`Host`, `User-Agent`, `X-Forwarded-For`, …).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGatewayV2::Authorizer') {
    const p = resource.properties;
    return checkCacheKey(p.AuthorizerType, p.AuthorizerResultTtlInSeconds, V2_DEFAULT_TTL, listValue(p.IdentitySource), V2_CALLER_SOURCE, 'AuthorizerType');
  }
  if (resource.type === 'AWS::ApiGateway::Authorizer') {
    const p = resource.properties;
    const sources = scalar(p.IdentitySource);
    const list = sources.kind === 'unresolved' ? 'unresolved' : sources.kind === 'absent' ? undefined : String(sources.value).split(',').map((s) => s.trim());
    return checkCacheKey(p.Type, p.AuthorizerResultTtlInSeconds, REST_DEFAULT_TTL, list, REST_CALLER_SOURCE, 'Type');
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkCacheKey(
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
  const keyedOnCaller = known.some((source) => source.kind === 'known' && holdsCredential(String(source.value), callerSource));
  return keyedOnCaller ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-AuthorizerCacheKey',
    level: NagMessageLevel.ERROR,
    info: 'The REQUEST authorizer caches its result under a key that does not include the caller\'s credential.',
    explanation:
      'API Gateway caches a REQUEST authorizer\'s decision keyed by its identity sources. If these are only context or stage variables, or headers that hold no credential (`Host`, `User-Agent`, `Accept`, `Origin`, `X-Forwarded-For` and the like, which every caller sends with the same value or can forge), the first caller\'s allow decision is served to every other caller until the TTL expires. REST caches for 300 seconds unless the TTL is set.',
    fix: 'Include the credential in `identitySource` (e.g. `IdentitySource.header("Authorization")` for REST, `$request.header.Authorization` for HTTP, `route.request.header.Authorization` for WebSocket), or disable caching with `resultsCacheTtl: Duration.seconds(0)`.',
    resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::Authorizer'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
