import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { booleanValue, listValue, objectValue, scalar } from '../../intrinsics';
import { v2CorsConfiguration } from '../../openapi/openapi-cors';
import { ResourceView } from '../../resource-view';
import { responseParameter } from '../../response-parameters';
import { PortcullisRule } from '../../rule';

const ALLOW_ORIGIN = 'method.response.header.access-control-allow-origin';
const ALLOW_CREDENTIALS = 'method.response.header.access-control-allow-credentials';

/**
 * HTTP API `AllowOrigins` entries that admit any origin: `*`, and `https://*` / `http://*`, which
 * API Gateway matches against every origin of that scheme.
 */
const V2_ANY_ORIGIN = /^(\*|https?:\/\/\*)$/i;

/**
 * CORS never allows credentials together with any origin (`*`) or with the request's own
 * origin reflected back: v2 `CorsConfiguration`, REST integration responses'
 * `Access-Control-Allow-*` headers.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGatewayV2::Api') return checkV2Api(resource);
  if (resource.type === 'AWS::ApiGateway::Method') return checkRestMethod(resource);
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkV2Api(resource: ResourceView): NagRuleResult {
  const cors = objectValue(v2CorsConfiguration(resource.properties));
  if (cors === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (cors === 'unresolved') return [unresolved('CorsConfiguration')];
  const credentials = booleanValue(cors.AllowCredentials);
  if (credentials === 'unresolved') return [unresolved('AllowCredentials')];
  if (credentials !== true) return NagRuleCompliance.COMPLIANT;
  const origins = listValue(cors.AllowOrigins);
  if (origins === 'unresolved') return [unresolved('AllowOrigins')];
  const values = (origins ?? []).map((origin) => scalar(origin));
  if (values.some((origin) => origin.kind === 'known' && V2_ANY_ORIGIN.test(String(origin.value).trim()))) return NagRuleCompliance.NON_COMPLIANT;
  return values.some((origin) => origin.kind !== 'known') ? [unresolved('AllowOrigins')] : NagRuleCompliance.COMPLIANT;
}

function checkRestMethod(resource: ResourceView): NagRuleResult {
  const integration = objectValue(resource.properties.Integration);
  if (integration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (integration === 'unresolved') return [unresolved('Integration')];
  const responses = listValue(integration.IntegrationResponses);
  if (responses === 'unresolved') return [unresolved('IntegrationResponses')];
  const findings = new Set<string>();
  for (const item of responses ?? []) {
    const response = objectValue(item);
    const parameters = response === 'unresolved' ? 'unresolved' : objectValue(response?.ResponseParameters);
    if (parameters === 'unresolved') {
      findings.add(unresolved('ResponseParameters'));
      continue;
    }
    if (parameters === undefined) continue;
    const origin = allowedOrigin(header(parameters, ALLOW_ORIGIN));
    const credentials = header(parameters, ALLOW_CREDENTIALS);
    if (origin === 'any' && credentials === "'true'") return NagRuleCompliance.NON_COMPLIANT;
    if (origin === 'reflected' && credentials === "'true'") findings.add('reflected-origin');
    else if (origin !== 'listed' && origin !== undefined && (credentials === 'unresolved' || credentials === "'true'")) findings.add(unresolved('ResponseParameters'));
  }
  return fromFindings([...findings]);
}

/**
 * What an `Access-Control-Allow-Origin` mapping allows: `'*'` any origin; another quoted literal
 * the origin it names; a mapping expression (`method.request.header.Origin`,
 * `integration.response.header.…`) whatever the request or integration supplies — in
 * practice the caller's own origin, reflected.
 */
function allowedOrigin(value: string | undefined | 'unresolved'): 'any' | 'listed' | 'reflected' | 'unresolved' | undefined {
  if (value === undefined || value === 'unresolved') return value;
  if (value === "'*'") return 'any';
  return /^'.*'$/s.test(value) ? 'listed' : 'reflected';
}

/** A header mapping as written, without its whitespace (`' * '` is `'*'`). */
function header(parameters: Record<string, unknown>, name: string): string | undefined | 'unresolved' {
  const value = responseParameter(parameters, name);
  return value === undefined || value === 'unresolved' ? value : value.replace(/\s+/g, '');
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-CorsCredentialsWildcard',
    level: NagMessageLevel.ERROR,
    info: 'CORS allows credentials together with any origin (`*`, or on an HTTP API `https://*` / `http://*`).',
    explanation:
      'Credentialed cross-origin requests must name the origins they trust. Browsers refuse `*` with credentials, so this configuration is broken as written, and the usual workaround — reflecting the request Origin — lets any website make authenticated calls as the user. An HTTP API matches `https://*` (or `http://*`) against every origin of that scheme and answers with the caller\'s own origin, so any website can make authenticated calls.',
    fix: 'List the trusted origins in `allowOrigins` (HTTP: `corsPreflight` on the `HttpApi`; REST: `defaultCorsPreflightOptions` / `addCorsPreflight`), or set `allowCredentials: false`.',
    resourceTypes: ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::Method'],
    findings: [
      {
        suffix: 'reflected-origin',
        meaning: 'A REST integration response maps `Access-Control-Allow-Origin` from the request or the integration (e.g. `method.request.header.Origin`) rather than a quoted literal, together with `Access-Control-Allow-Credentials: \'true\'`: any website can make authenticated calls as the user. Map a quoted literal origin, or check the origin against an allow-list in the integration and acknowledge.',
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
