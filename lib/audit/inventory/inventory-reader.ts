import { NagRuleCompliance } from 'cdk-nag';
import { JWT_AUTHORIZER_CONFIG_VARIABLE } from '../../common/jwt-authorizer-config';
import { PUBLIC_ROUTE_METADATA_KEY } from '../../common/public-route-record';
import { booleanValue, listValue, numberValue, objectValue, referencedLogicalId, renderTemplate, scalar } from '../../nag/intrinsics';
import { publicRouteStatus } from '../../nag/public-route-record';
import { followReference, referencedResource, throughStacks } from '../../nag/related-resources';
import { ResourceIndex } from '../../nag/resource-index';
import { ResourceView, StackView } from '../../nag/resource-view';
import DenialSignal from '../../nag/rules/stage/DenialSignal';
import RestWaf from '../../nag/rules/stage/RestWaf';
import { isStageWide, restStageOf, V2_STAGE } from '../../nag/stage-settings';
import { NotAudited } from '../audit-result';
import { DEFAULT_INPUT_LIMITS, InputLimits, overLimit } from '../input-limits';
import { NestedStackTemplates } from '../nested-stack-templates';
import { discoverTemplates } from '../template-discovery';
import { LoadedTemplate, loadTemplate, TemplateLoadError } from '../template-loader';
import { TemplateReader } from '../template-reader';
import { referencedNames } from '../template-references';
import { TemplateSource } from '../template-source';
import { TimeLimitError, withTimeLimit } from '../time-limit';
import { InventoryRoute } from './inventory-entries';

/** A value the inventory could not read from the template. */
export const UNRESOLVED = 'unresolved';

/** What the inventory of some templates holds: every route of every API, and what could not be read. */
export interface InventoryContents {
  readonly routes: InventoryRoute[];
  readonly notAudited: NotAudited[];
}

/**
 * The attack surface of the templates at `inputPath` (a cdk.out, a template, a folder of templates):
 * every route and method of every API (declared, created by SAM or by quick create, or imported
 * from an OpenAPI body) with its authorization, throttling, WAF, access logging, endpoint and
 * domain. Snapshot it in tests: a pull request that opens a route is a one-line diff.
 */
export function apiInventory(inputPath: string, inputLimits: InputLimits = DEFAULT_INPUT_LIMITS): InventoryContents {
  return inventoryOfTemplates(discoverTemplates(inputPath, inputLimits), inputLimits);
}

/**
 * The inventory of `sources`, in a stable order: APIs by template (in the order of `sources`) then logical id,
 * routes by path then method. Nested stacks among the sources are read with their parents, so the routes of a
 * route stack join their API's rows, listed with the API's template.
 */
export function inventoryOfTemplates(sources: readonly TemplateSource[], inputLimits: InputLimits = DEFAULT_INPUT_LIMITS): InventoryContents {
  const routes: InventoryRoute[] = [];
  const notAudited: NotAudited[] = [];
  const reader = new TemplateReader(inputLimits);
  const nesting = NestedStackTemplates.of(sources, reader);
  for (const source of sources) {
    try {
      const refusal = nesting.refusalOf(source.file);
      if (refusal !== undefined) throw new TemplateLoadError(source.file, refusal, 'template', true);
      routes.push(...withTimeLimit(inputLimits.timeoutSeconds, () => {
        const loaded = loadTemplate(source, reader);
        return loaded ? inventoryOf(loaded, nesting) : [];
      }, source.file));
    } catch (e) {
      const error = e instanceof TimeLimitError
        ? new TemplateLoadError(source.file, `reading the routes ${e.message}, ${overLimit('timeoutSeconds', inputLimits)}`, 'template', true)
        : e;
      if (!(error instanceof TemplateLoadError)) throw error;
      notAudited.push({ template: source.name, kind: error.kind, reason: error.reason, ...(error.refused ? { refused: true } : {}) });
    }
  }
  const order = (template: string) => sources.findIndex((s) => s.name === template);
  routes.sort((a, b) => order(a.template) - order(b.template) || compareRoutes(a, b));
  return { routes, notAudited };
}

/** Facts of one API that every row of its routes repeats. */
type ApiFacts = Pick<InventoryRoute, 'template' | 'apiName' | 'apiKind' | 'throttling' | 'waf' | 'accessLogs' | 'denialSignal' | 'endpoint' | 'domains'>;

/**
 * The routes of one loaded template, each under its API: in this template, or, for a nested stack
 * (a route stack), in an ancestor template its parameters lead to.
 *
 * @param nesting how the audited templates nest
 * @default nesting - the template is read on its own
 */
export function inventoryOf(loaded: LoadedTemplate, nesting?: NestedStackTemplates): InventoryRoute[] {
  const index = new ResourceIndex();
  for (const r of loaded.resources) index.add(r.logicalId, r.type, () => ({ properties: r.properties, metadata: r.metadata }));
  nesting?.link(index, loaded.source.file);
  const template = loaded.source.name;
  const origins = new Map<string, string>();
  for (const d of index.all()) for (const created of index.implicitOf(d.logicalId)) origins.set(created.logicalId, d.logicalId);
  const facts = new Map<ResourceView, ApiFacts>();
  const factsOf = (api: ResourceView, rest: boolean): ApiFacts => {
    let known = facts.get(api);
    if (known === undefined) {
      const apiIndex = api.stack;
      const protocol = rest ? undefined : scalar(api.properties.ProtocolType ?? (api.properties.Body !== undefined ? 'HTTP' : undefined));
      known = {
        template: apiIndex === index ? template : nesting?.nameOf(apiIndex) ?? template,
        apiName: api.properties.Name === undefined ? undefined : text(api.properties.Name),
        apiKind: rest ? 'REST' : protocol?.kind === 'known' ? String(protocol.value) as 'HTTP' | 'WEBSOCKET' : 'unresolved',
        ...(rest ? restStageFacts(apiIndex, api.logicalId) : v2StageFacts(apiIndex, api.logicalId)),
        endpoint: endpointOf(api, rest),
        domains: domainsOf(apiIndex, api, rest),
      };
      facts.set(api, known);
    }
    return known;
  };
  const rows: InventoryRoute[] = [];
  for (const rest of [true, false]) {
    const routeType = rest ? 'AWS::ApiGateway::Method' : 'AWS::ApiGatewayV2::Route';
    const apiType = rest ? 'AWS::ApiGateway::RestApi' : 'AWS::ApiGatewayV2::Api';
    for (const route of index.ofType(routeType)) {
      const api = followReference(index, route.properties[rest ? 'RestApiId' : 'ApiId'], apiType);
      if (api.kind !== 'found') continue;
      const p = route.properties;
      const unreadable = 'unresolvedProperty' in route && (route as { unresolvedProperty?: string }).unresolvedProperty !== undefined;
      const routeName = unreadable ? UNRESOLVED : rest ? `${text(p.HttpMethod)} ${restPath(index, p.ResourceId)}` : text(p.RouteKey);
      const { authorization, authorizer, scopes } = authorizationOf(index, p, unreadable);
      const { template: apiTemplate, apiName, apiKind, throttling, waf, accessLogs, denialSignal, endpoint, domains } = factsOf(api.resource, rest);
      const publicReason = !unreadable && publicRouteStatus(route) === 'declared'
        ? String(route.metadata?.[PUBLIC_ROUTE_METADATA_KEY]?.reason) : undefined;
      rows.push({
        template: apiTemplate,
        api: api.resource.logicalId,
        apiName,
        apiKind,
        route: routeName,
        authorization,
        authorizer,
        scopes,
        publicReason,
        throttling,
        waf,
        accessLogs,
        denialSignal,
        endpoint,
        domains,
        declaredIn: origins.get(route.logicalId) ?? route.logicalId,
      });
    }
  }
  return rows.sort(compareRoutes);
}

function authorizationOf(index: StackView, p: Record<string, any>, unreadable: boolean): Pick<InventoryRoute, 'authorization' | 'authorizer' | 'scopes'> {
  if (unreadable) return { authorization: UNRESOLVED, authorizer: undefined, scopes: [] };
  const type = scalar(p.AuthorizationType);
  const authorization = type.kind === 'known' ? String(type.value).toUpperCase() : type.kind === 'absent' ? 'NONE' : UNRESOLVED;
  let authorizer: string | undefined;
  let enforced: string[] = [];
  if (p.AuthorizerId !== undefined) {
    const resource = referencedResource(index, p.AuthorizerId);
    if (resource === undefined) {
      authorizer = UNRESOLVED;
    } else {
      const name = scalar(resource.properties.Name);
      const kind = scalar(resource.properties.AuthorizerType ?? resource.properties.Type);
      authorizer = `${name.kind === 'known' ? name.value : resource.logicalId} (${kind.kind === 'known' ? kind.value : UNRESOLVED})`;
      enforced = jwtAuthorizerFunctionScopes(resource);
    }
  }
  const list = listValue(p.AuthorizationScopes);
  const scopes = list === 'unresolved' ? [UNRESOLVED] : (list ?? []).map(text);
  return { authorization, authorizer, scopes: scopes.length > 0 ? scopes : enforced };
}

/**
 * The scopes a Lambda authorizer enforces when its function is the Portcullis JWT authorizer function: those of the
 * configuration the construct writes into the function's environment (`PORTCULLIS_JWT_AUTHORIZER`), of which a token
 * needs one. `[unresolved]` when the configuration is not JSON the inventory can read; empty for other functions.
 */
function jwtAuthorizerFunctionScopes(authorizer: ResourceView): string[] {
  for (const name of referencedNames(authorizer.properties.AuthorizerUri)) {
    const fn = authorizer.stack.byId(name);
    if (fn?.type !== 'AWS::Lambda::Function') continue;
    const environment = objectValue(fn.properties.Environment);
    const variables = environment === 'unresolved' ? 'unresolved' : objectValue(environment?.Variables);
    if (variables === 'unresolved') return [UNRESOLVED];
    if (variables?.[JWT_AUTHORIZER_CONFIG_VARIABLE] === undefined) continue;
    try {
      const config = JSON.parse(renderTemplate(variables[JWT_AUTHORIZER_CONFIG_VARIABLE]) ?? '');
      return Array.isArray(config.scopes) ? config.scopes.map(String) : [];
    } catch {
      return [UNRESOLVED];
    }
  }
  return [];
}

/** A REST method's path: a literal (from SAM events or OpenAPI), `/` for the root, or the path of its `AWS::ApiGateway::Resource` chain. */
function restPath(stack: StackView, value: unknown): string {
  // A segment or root of another stack (route stacks): followed through parameters and outputs.
  const { stack: index, value: resourceId } = throughStacks(stack, value);
  if (typeof resourceId === 'string') return resourceId.startsWith('/') ? resourceId : UNRESOLVED;
  const record = resourceId as Record<string, unknown> | undefined;
  const getAtt = record?.['Fn::GetAtt'];
  if ((Array.isArray(getAtt) && getAtt[1] === 'RootResourceId') || (typeof getAtt === 'string' && getAtt.endsWith('.RootResourceId'))) return '/';
  const id = referencedLogicalId(resourceId);
  const resource = id === undefined ? undefined : index.byId(id);
  if (resource === undefined || resource.type !== 'AWS::ApiGateway::Resource') return UNRESOLVED;
  const parent = restPath(index, resource.properties.ParentId);
  return `${parent === '/' ? '' : parent}/${text(resource.properties.PathPart)}`;
}

function restStageFacts(index: StackView, apiId: string): Pick<InventoryRoute, 'throttling' | 'waf' | 'accessLogs' | 'denialSignal'> {
  const throttling: string[] = [];
  const waf: string[] = [];
  const accessLogs: string[] = [];
  const denialSignal: string[] = [];
  for (const stage of [...index.ofType('AWS::ApiGateway::Stage'), ...index.ofType('AWS::ApiGateway::Deployment')]) {
    const view = restStageOf(stage);
    if (view === undefined || referencedLogicalId(view.restApiId) !== apiId) continue;
    const name = text(view.stageName);
    const stageWide = view.methodSettings === 'unresolved' ? 'unresolved' : view.methodSettings.find((s) => s !== 'unresolved' && isStageWide(s));
    throttling.push(`${name}: ${limits(stageWide === 'unresolved' ? 'unresolved' : stageWide as Record<string, unknown> | undefined)}`);
    const wafResult = RestWaf.check(stage);
    waf.push(`${name}: ${wafResult === NagRuleCompliance.COMPLIANT ? 'yes' : Array.isArray(wafResult) ? UNRESOLVED : 'no'}`);
    accessLogs.push(`${name}: ${accessLogOf(view.accessLogSetting)}`);
    denialSignal.push(`${name}: ${denialSignalOf(stage)}`);
  }
  return { throttling, waf, accessLogs, denialSignal };
}

function v2StageFacts(index: StackView, apiId: string): Pick<InventoryRoute, 'throttling' | 'waf' | 'accessLogs' | 'denialSignal'> {
  const throttling: string[] = [];
  const accessLogs: string[] = [];
  const denialSignal: string[] = [];
  for (const stage of index.ofType(V2_STAGE)) {
    if (referencedLogicalId(stage.properties.ApiId) !== apiId) continue;
    const name = text(stage.properties.StageName);
    const settings = objectValue(stage.properties.DefaultRouteSettings);
    throttling.push(`${name}: ${limits(settings)}`);
    accessLogs.push(`${name}: ${accessLogOf(stage.properties.AccessLogSettings)}`);
    denialSignal.push(`${name}: ${denialSignalOf(stage)}`);
  }
  return { throttling, waf: [], accessLogs, denialSignal };
}

/** Whether a Contributor Insights rule counts the stage's denied requests (`Portcullis-DenialSignal`): yes, no, or n/a without access logs. */
function denialSignalOf(stage: ResourceView): string {
  const result = DenialSignal.check(stage);
  return result === NagRuleCompliance.COMPLIANT ? 'yes' : result === NagRuleCompliance.NON_COMPLIANT ? 'no' : 'n/a';
}

function limits(settings: Record<string, unknown> | undefined | 'unresolved'): string {
  if (settings === 'unresolved') return UNRESOLVED;
  if (settings === undefined) return 'none';
  const rate = numberValue(settings.ThrottlingRateLimit);
  const burst = numberValue(settings.ThrottlingBurstLimit);
  if (rate === undefined && burst === undefined) return 'none';
  return `rate ${rate ?? 'none'}, burst ${burst ?? 'none'}`;
}

function accessLogOf(setting: unknown): string {
  const value = objectValue(setting);
  if (value === 'unresolved') return UNRESOLVED;
  if (value === undefined || value.DestinationArn === undefined) return 'none';
  const format = scalar(value.Format);
  if (format.kind !== 'known') return format.kind === 'absent' ? 'not-json' : UNRESOLVED;
  return String(format.value).trim().startsWith('{') ? 'json' : 'not-json';
}

function endpointOf(api: ResourceView, rest: boolean): string {
  const disabled = booleanValue(api.properties.DisableExecuteApiEndpoint);
  const state = disabled === 'unresolved' ? UNRESOLVED : disabled === true ? 'off' : 'on';
  if (!rest) return `default endpoint ${state}`;
  const configuration = objectValue(api.properties.EndpointConfiguration);
  const types = configuration === 'unresolved' ? 'unresolved' : listValue(configuration?.Types);
  const type = types === 'unresolved' ? UNRESOLVED : (types ?? ['EDGE']).map(text).join(',');
  return `${type}, default endpoint ${state}`;
}

function domainsOf(index: StackView, api: ResourceView, rest: boolean): string[] {
  const apiId = api.logicalId;
  // A REST API's own policy is the one negotiated through every custom domain it is mapped to.
  const apiPolicy = rest && api.properties.SecurityPolicy !== undefined ? text(api.properties.SecurityPolicy) : undefined;
  const domains: string[] = [];
  const mappings: [string, string, string][] = [
    ['AWS::ApiGateway::BasePathMapping', 'RestApiId', 'AWS::ApiGateway::DomainName'],
    ['AWS::ApiGateway::BasePathMappingV2', 'RestApiId', 'AWS::ApiGateway::DomainNameV2'],
    ['AWS::ApiGatewayV2::ApiMapping', 'ApiId', 'AWS::ApiGatewayV2::DomainName'],
  ];
  for (const [type, property, domainType] of mappings) {
    for (const mapping of index.ofType(type)) {
      if (referencedLogicalId(mapping.properties[property]) !== apiId) continue;
      const domainValue = mapping.properties.DomainName ?? mapping.properties.DomainNameArn;
      const domainId = referencedLogicalId(domainValue);
      const domain = domainId === undefined ? index.ofType(domainType).find((d) => d.properties.DomainName === domainValue) : index.byId(domainId);
      const name = domain === undefined ? text(domainValue) : text(domain.properties.DomainName);
      const policy = domain === undefined ? UNRESOLVED : domainType === 'AWS::ApiGatewayV2::DomainName'
        ? v2Policy(domain.properties.DomainNameConfigurations) : text(domain.properties.SecurityPolicy ?? 'TLS_1_0');
      domains.push(apiPolicy === undefined || apiPolicy === policy ? `${name} (${apiPolicy ?? policy})` : `${name} (${apiPolicy}, the API's policy; domain ${policy})`);
    }
  }
  return domains;
}

function v2Policy(configurations: unknown): string {
  const list = listValue(configurations);
  if (list === 'unresolved') return UNRESOLVED;
  const first = objectValue(list?.[0]);
  if (first === 'unresolved') return UNRESOLVED;
  return text(first?.SecurityPolicy ?? 'TLS_1_2');
}

/** A value as the inventory shows it: a literal, a rendered template (`${Param}`), or `unresolved`. */
function text(value: unknown): string {
  if (value === undefined || value === null) return UNRESOLVED;
  return renderTemplate(value) ?? UNRESOLVED;
}

/** APIs by logical id, then routes by path, then method (`GET /orders` before `POST /orders` before `GET /orders/{id}`). */
function compareRoutes(a: InventoryRoute, b: InventoryRoute): number {
  const [aPath, aMethod] = pathAndMethod(a.route);
  const [bPath, bMethod] = pathAndMethod(b.route);
  return cmp(a.api, b.api) || cmp(aPath, bPath) || cmp(aMethod, bMethod);
}

/** `GET /orders` → [`/orders`, `GET`]; a route key without a method (`$connect`, `$default`) is its own path. */
function pathAndMethod(route: string): [string, string] {
  const match = /^(\S+) (\/.*)$/.exec(route);
  return match ? [match[2], match[1]] : [route, ''];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
