import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { combineResults, unresolved, unresolvedFinding } from '../../findings';
import { booleanValue, listValue, objectValue, scalar } from '../../intrinsics';
import { v2CorsConfiguration } from '../../openapi/openapi-cors';
import { ResourceView } from '../../resource-view';
import { responseParameter } from '../../response-parameters';
import { PortcullisRule } from '../../rule';

/** The finding for a `null` origin allowed without credentials. */
const NO_CREDENTIALS = 'no-credentials';

/** Response-parameter prefixes of REST integration responses and gateway responses. */
const METHOD_HEADER = 'method.response.header.';
const GATEWAY_HEADER = 'gatewayresponse.header.';

/**
 * CORS never allows the origin `null`: v2 `CorsConfiguration.AllowOrigins` (SAM `Cors` /
 * `CorsConfiguration` included), REST integration responses (the OPTIONS mock of a preflight) and
 * gateway responses mapping `Access-Control-Allow-Origin` to `'null'`. With credentials allowed it is
 * the main finding; without, `[no-credentials]`.
 */
function check(resource: ResourceView): NagRuleResult {
  switch (resource.type) {
    case 'AWS::ApiGatewayV2::Api': return checkV2Api(resource);
    case 'AWS::ApiGateway::Method': return checkRestMethod(resource);
    case 'AWS::ApiGateway::GatewayResponse': return checkParameters(resource.properties.ResponseParameters, GATEWAY_HEADER);
    default: return NagRuleCompliance.NOT_APPLICABLE;
  }
}

function checkV2Api(resource: ResourceView): NagRuleResult {
  const cors = objectValue(v2CorsConfiguration(resource.properties));
  if (cors === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (cors === 'unresolved') return [unresolved('CorsConfiguration')];
  const origins = listValue(cors.AllowOrigins);
  if (origins === 'unresolved') return [unresolved('AllowOrigins')];
  const values = (origins ?? []).map((origin) => scalar(origin));
  if (!values.some((origin) => origin.kind === 'known' && isNull(String(origin.value)))) {
    return values.some((origin) => origin.kind === 'unresolved') ? [unresolved('AllowOrigins')] : NagRuleCompliance.COMPLIANT;
  }
  const credentials = booleanValue(cors.AllowCredentials);
  if (credentials === 'unresolved') return [unresolved('AllowCredentials')];
  return credentials === true ? NagRuleCompliance.NON_COMPLIANT : [NO_CREDENTIALS];
}

function checkRestMethod(resource: ResourceView): NagRuleResult {
  const integration = objectValue(resource.properties.Integration);
  if (integration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (integration === 'unresolved') return [unresolved('Integration')];
  const responses = listValue(integration.IntegrationResponses);
  if (responses === 'unresolved') return [unresolved('IntegrationResponses')];
  const results = (responses ?? []).map((item) => {
    const response = objectValue(item);
    if (response === 'unresolved') return [unresolved('ResponseParameters')];
    return checkParameters(response?.ResponseParameters, METHOD_HEADER);
  });
  return results.length === 0 ? NagRuleCompliance.COMPLIANT : combineResults(results);
}

/** One set of response parameters: `'null'` as the allowed origin, with or without `'true'` credentials. */
function checkParameters(value: unknown, prefix: string): NagRuleResult {
  const parameters = objectValue(value);
  if (parameters === undefined) return NagRuleCompliance.COMPLIANT;
  if (parameters === 'unresolved') return [unresolved('ResponseParameters')];
  const origin = responseParameter(parameters, `${prefix}access-control-allow-origin`);
  if (origin === 'unresolved') return [unresolved('ResponseParameters')];
  if (origin === undefined || !/^'\s*null\s*'$/i.test(origin)) return NagRuleCompliance.COMPLIANT;
  const credentials = responseParameter(parameters, `${prefix}access-control-allow-credentials`);
  if (credentials === 'unresolved') return [unresolved('ResponseParameters')];
  return credentials?.replace(/\s+/g, '').toLowerCase() === "'true'" ? NagRuleCompliance.NON_COMPLIANT : [NO_CREDENTIALS];
}

function isNull(origin: string): boolean {
  return origin.trim().toLowerCase() === 'null';
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-CorsNullOrigin',
    level: NagMessageLevel.ERROR,
    info: 'CORS allows the origin `null` together with credentials.',
    explanation:
      'Browsers send `Origin: null` from sandboxed iframes, `data:` and `file:` documents and some redirects, and any website can put its own script in a sandboxed iframe. Trusting `null` therefore trusts every website; with credentials allowed, any website can make authenticated calls as the user and read the answers (https://portswigger.net/web-security/cors#whitelisted-null-origin-value, https://w3c.github.io/webappsec-cors-for-developers/#avoid-returning-access-control-allow-origin-null).',
    fix: 'Remove `null` from `allowOrigins` (HTTP: `corsPreflight` on the `HttpApi`; REST: `defaultCorsPreflightOptions` / `addCorsPreflight`, and any `addGatewayResponse` `Access-Control-Allow-Origin`; SAM: `Cors` / `CorsConfiguration`) and list the exact origins of your web front ends. Portcullis constructs refuse it in `cors.allowOrigins`.',
    resourceTypes: ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::GatewayResponse'],
    findings: [
      {
        suffix: NO_CREDENTIALS,
        meaning: 'CORS allows the origin `null` without credentials: any website can read the API\'s unauthenticated answers, and those authorized by a credential its script holds. Remove `null` from the allowed origins.',
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
