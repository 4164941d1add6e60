import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { headersNotAllowed, parseHeaderList } from '../../../common/cors-headers';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { booleanValue, listValue, objectValue, renderTemplate, scalar } from '../../intrinsics';
import { v2CorsConfiguration } from '../../openapi/openapi-cors';
import { followReference, v2ApiOf, v2AuthorizerOf } from '../../related-resources';
import { ResourceView, StackView } from '../../resource-view';
import { responseParameter, responseParameterKey } from '../../response-parameters';
import { PortcullisRule } from '../../rule';

const V2_HEADER_SOURCE = /^\$request\.header\.(.+)$/i;
const REST_HEADER_SOURCE = /^method\.request\.(?:multivalue)?header\.(.+)$/i;
const ALLOW_ORIGIN = 'method.response.header.access-control-allow-origin';
const ALLOW_HEADERS = 'method.response.header.access-control-allow-headers';
const ALLOW_CREDENTIALS = 'method.response.header.access-control-allow-credentials';

/** Headers an API's authorizers read, or the property that could not be read. */
type HeadersRead = { readonly headers: string[]; readonly unresolved: string[] };

/**
 * Where CORS is configured, the browser may send the headers the API's authorizers read: an HTTP
 * API's `CorsConfiguration.AllowHeaders`, a REST resource's MOCK `OPTIONS` answer
 * (`Access-Control-Allow-Headers`), checked against the identity sources of the authorizers its
 * routes / the resource's methods use. `*` covers neither `Authorization` nor a credentialed request.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGatewayV2::Api') return checkHttpApi(resource);
  if (resource.type === 'AWS::ApiGateway::Method') return checkRestPreflight(resource);
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkHttpApi(api: ResourceView): NagRuleResult {
  const cors = objectValue(v2CorsConfiguration(api.properties));
  if (cors === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (cors === 'unresolved') return [unresolved('CorsConfiguration')];
  const read = httpHeadersRead(api);
  if (read.headers.length === 0 && read.unresolved.length === 0) return NagRuleCompliance.COMPLIANT;
  const allowed = knownStrings(listValue(cors.AllowHeaders));
  const credentials = booleanValue(cors.AllowCredentials);
  const findings = [...read.unresolved];
  if (allowed === 'unresolved') findings.push(unresolved('AllowHeaders'));
  if (credentials === 'unresolved') findings.push(unresolved('AllowCredentials'));
  if (allowed !== 'unresolved' && credentials !== 'unresolved' && headersNotAllowed(allowed, read.headers, credentials === true).length > 0) {
    return NagRuleCompliance.NON_COMPLIANT;
  }
  return fromFindings([...new Set(findings)]);
}

/** The headers named in the identity sources of the authorizers the API's routes use. */
function httpHeadersRead(api: ResourceView): HeadersRead {
  const headers: string[] = [];
  const unknown = new Set<string>();
  for (const route of api.stack.ofType('AWS::ApiGatewayV2::Route')) {
    const owner = v2ApiOf(route);
    if (owner.kind !== 'found' || owner.resource.logicalId !== api.logicalId || route.properties.AuthorizerId === undefined) continue;
    const authorizer = v2AuthorizerOf(route);
    if (authorizer.kind !== 'found') {
      unknown.add(unresolved('AuthorizerId'));
      continue;
    }
    const sources = knownStrings(listValue(authorizer.resource.properties.IdentitySource));
    if (sources === 'unresolved') {
      unknown.add(unresolved('IdentitySource'));
      continue;
    }
    headers.push(...headerNames(sources, V2_HEADER_SOURCE));
  }
  return { headers, unresolved: [...unknown] };
}

function checkRestPreflight(method: ResourceView): NagRuleResult {
  const p = method.properties;
  if (typeof p.HttpMethod !== 'string' || p.HttpMethod.toUpperCase() !== 'OPTIONS') return NagRuleCompliance.NOT_APPLICABLE;
  const integration = objectValue(p.Integration);
  if (integration === undefined || integration === 'unresolved' || integration.Type !== 'MOCK') return NagRuleCompliance.NOT_APPLICABLE;
  const responses = listValue(integration.IntegrationResponses);
  if (responses === 'unresolved') return [unresolved('IntegrationResponses')];
  // The CORS answers: integration responses that set Access-Control-Allow-Origin.
  const answers: Record<string, unknown>[] = [];
  for (const item of responses ?? []) {
    const response = objectValue(item);
    const parameters = response === 'unresolved' ? 'unresolved' : objectValue(response?.ResponseParameters);
    if (parameters === 'unresolved') return [unresolved('ResponseParameters')];
    if (parameters !== undefined && responseParameterKey(parameters, ALLOW_ORIGIN) !== undefined) answers.push(parameters);
  }
  if (answers.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const read = restHeadersRead(method);
  if (read.headers.length === 0 && read.unresolved.length === 0) return NagRuleCompliance.COMPLIANT;
  const findings = new Set(read.unresolved);
  for (const parameters of answers) {
    const allowed = quotedLiteral(parameters, ALLOW_HEADERS);
    const credentials = quotedLiteral(parameters, ALLOW_CREDENTIALS);
    if (allowed === 'unresolved' || credentials === 'unresolved') {
      findings.add(unresolved('ResponseParameters'));
      continue;
    }
    const names = allowed === undefined ? [] : parseHeaderList(allowed);
    if (headersNotAllowed(names, read.headers, credentials === 'true').length > 0) return NagRuleCompliance.NON_COMPLIANT;
  }
  return fromFindings([...findings]);
}

/** The headers named in the identity sources of the authorizers of the other methods on the same resource of the same API. */
function restHeadersRead(preflight: ResourceView): HeadersRead {
  const api = renderTemplate(preflight.properties.RestApiId);
  const path = renderTemplate(preflight.properties.ResourceId);
  if (api === undefined || path === undefined) return { headers: [], unresolved: [unresolved(api === undefined ? 'RestApiId' : 'ResourceId')] };
  return restHeadersByResource(preflight.stack).get(`${api}\u0000${path}`) ?? { headers: [], unresolved: [] };
}

/** For each REST resource (`<RestApiId>\0<ResourceId>`, rendered), what the authorizers of its methods read; computed once per stack. */
function restHeadersByResource(stack: StackView): ReadonlyMap<string, HeadersRead> {
  return stack.memo('restAuthorizerHeadersByResource', (index) => {
    const byResource = new Map<string, { headers: string[]; unresolved: Set<string> }>();
    for (const method of index.ofType('AWS::ApiGateway::Method')) {
      const p = method.properties;
      if (p.AuthorizerId === undefined) continue;
      const api = renderTemplate(p.RestApiId);
      const path = renderTemplate(p.ResourceId);
      if (api === undefined || path === undefined) continue;
      const key = `${api}\u0000${path}`;
      const entry = byResource.get(key) ?? { headers: [], unresolved: new Set<string>() };
      byResource.set(key, entry);
      const authorizer = followReference(index, p.AuthorizerId, 'AWS::ApiGateway::Authorizer');
      if (authorizer.kind !== 'found') {
        entry.unresolved.add(unresolved('AuthorizerId'));
        continue;
      }
      const source = scalar(authorizer.resource.properties.IdentitySource);
      if (source.kind === 'unresolved') entry.unresolved.add(unresolved('IdentitySource'));
      else if (source.kind === 'known') entry.headers.push(...headerNames(String(source.value).split(','), REST_HEADER_SOURCE));
    }
    return new Map([...byResource].map(([key, entry]) => [key, { headers: entry.headers, unresolved: [...entry.unresolved] }]));
  });
}

/** The header names in identity sources (`$request.header.X`, `method.request.header.X`). */
function headerNames(sources: readonly string[], pattern: RegExp): string[] {
  return sources.map((source) => pattern.exec(source.trim())?.[1]).filter((name): name is string => name !== undefined);
}

/** A list of known strings; 'unresolved' when the list or an entry cannot be read. */
function knownStrings(list: unknown[] | undefined | 'unresolved'): string[] | 'unresolved' {
  if (list === 'unresolved') return 'unresolved';
  const values = (list ?? []).map((item) => scalar(item));
  if (values.some((value) => value.kind !== 'known')) return 'unresolved';
  return values.map((value) => String((value as { value: unknown }).value));
}

/**
 * A static response header (`'value'`, quotes removed); undefined when absent, 'unresolved' when
 * mapped from the request or the integration, or not a known string.
 */
function quotedLiteral(parameters: Record<string, unknown>, name: string): string | undefined | 'unresolved' {
  const value = responseParameter(parameters, name);
  if (value === undefined || value === 'unresolved') return value;
  const match = /^'(.*)'$/s.exec(value.trim());
  return match ? match[1] : 'unresolved';
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-CorsAuthorizerHeaders',
    level: NagMessageLevel.ERROR,
    info: 'CORS does not allow a request header that an authorizer of the API reads.',
    explanation:
      'A browser sends a cross-origin request carrying a header such as `Authorization` only if the preflight answer\'s `Access-Control-Allow-Headers` lists it (case-insensitively). If an authorizer reads a header CORS leaves out, the preflight fails for every caller: the web front end cannot call the API at all, and the usual "fix" under time pressure is to make the route public. `*` does not help: the Fetch standard never lets it cover `Authorization`, and for a request with credentials it is only the literal name `*`. Checked: an HTTP API\'s `CorsConfiguration` against the identity sources of the authorizers its routes use (JWT and Lambda, `$request.header.X`); a REST resource\'s MOCK `OPTIONS` method (its `Access-Control-Allow-Headers` integration response) against the authorizers of the other methods on that resource (`method.request.header.X`).',
    fix: 'Add the header to `allowHeaders` (HTTP: `corsPreflight` / Portcullis `cors`; REST: `defaultCorsPreflightOptions` / `addCorsPreflight`; SAM: `Cors.AllowHeaders` / `CorsConfiguration.AllowHeaders`), e.g. `authorization` for a JWT or Cognito authorizer; list it even when `*` is there.',
    resourceTypes: ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::Method'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
