import { SAM_IMPLICIT_HTTP_API, SAM_IMPLICIT_REST_API, SAM_IMPLICIT_REST_STAGE_NAME, samEventsOf, samStageLogicalId } from '../../nag/sam/sam-model';

/** The transform that makes a template a SAM template. */
export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Metadata key marking an API the audit added because SAM creates it implicitly. */
export const IMPLICIT_METADATA_KEY = 'portcullis:sam-implicit';

/** Whether the template declares the SAM transform. */
export function isSamTemplate(template: Record<string, any>): boolean {
  const transform = template.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/**
 * Prepares a SAM template for loading, without transforming it:
 * - `Globals` (Api, HttpApi, Function) are merged into the resources they apply to, as SAM does
 *   (the resource's own value wins; maps merge), and the section is removed;
 * - the APIs SAM creates implicitly for function events without `RestApiId` / `ApiId`
 *   (`ServerlessRestApi`, stage `Prod`; `ServerlessHttpApi`, stage `$default`) are added as
 *   `AWS::Serverless::Api` / `AWS::Serverless::HttpApi` resources marked with
 *   {@link IMPLICIT_METADATA_KEY}, so the rules check them like explicit ones;
 * - references to other resources SAM generates (`<Api><Stage>Stage`, `<Api>ApiGatewayDefaultStage`,
 *   `<Function>Role`, deployments, aliases, versions) are replaced: a stage's `Ref` by its stage name,
 *   anything else by an `Fn::ImportValue` of `sam-generated:<LogicalId>`, a value rules treat as unknown.
 */
export function prepareSamTemplate(original: Record<string, any>): Record<string, any> {
  const template = JSON.parse(JSON.stringify(original)) as Record<string, any>;
  const globals = isRecord(template.Globals) ? template.Globals : {};
  delete template.Globals;
  const resources = template.Resources as Record<string, any>;

  const globalFor: Record<string, unknown> = {
    'AWS::Serverless::Function': globals.Function,
    'AWS::Serverless::Api': globals.Api,
    'AWS::Serverless::HttpApi': globals.HttpApi,
  };
  for (const resource of Object.values(resources)) {
    const global = globalFor[resource?.Type];
    if (isRecord(global)) resource.Properties = merge(global, isRecord(resource.Properties) ? resource.Properties : {});
  }

  const restUsers: string[] = [];
  const httpUsers: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource?.Type !== 'AWS::Serverless::Function') continue;
    for (const event of samEventsOf(resource.Properties ?? {})) {
      if (event.type === 'Api' && event.properties.RestApiId === undefined && !restUsers.includes(id)) restUsers.push(id);
      if (event.type === 'HttpApi' && event.properties.ApiId === undefined && !httpUsers.includes(id)) httpUsers.push(id);
    }
  }
  if (restUsers.length > 0 && resources[SAM_IMPLICIT_REST_API] === undefined) {
    resources[SAM_IMPLICIT_REST_API] = {
      Type: 'AWS::Serverless::Api',
      Properties: merge(isRecord(globals.Api) ? globals.Api : {}, { StageName: SAM_IMPLICIT_REST_STAGE_NAME }),
      Metadata: { [IMPLICIT_METADATA_KEY]: `created by SAM for the Api events of ${restUsers.join(', ')}` },
    };
  }
  if (httpUsers.length > 0 && resources[SAM_IMPLICIT_HTTP_API] === undefined) {
    resources[SAM_IMPLICIT_HTTP_API] = {
      Type: 'AWS::Serverless::HttpApi',
      Properties: isRecord(globals.HttpApi) ? globals.HttpApi : {},
      Metadata: { [IMPLICIT_METADATA_KEY]: `created by SAM for the HttpApi events of ${httpUsers.join(', ')}` },
    };
  }

  const generated = generatedReferences(resources);
  const parameters = new Set(Object.keys(isRecord(template.Parameters) ? template.Parameters : {}));
  const replace = (name: string): unknown => {
    if (resources[name] !== undefined || parameters.has(name) || name.startsWith('AWS::')) return undefined;
    if (generated.stages.has(name)) return generated.stages.get(name);
    return generated.prefixes.some((prefix) => name.startsWith(prefix)) ? { 'Fn::ImportValue': `sam-generated:${name}` } : undefined;
  };
  for (const section of ['Resources', 'Outputs', 'Conditions']) {
    if (isRecord(template[section])) template[section] = rewriteReferences(template[section], replace);
  }
  return template;
}

/** What SAM generates: stage logical ids (→ stage name) and the logical-id prefixes of other generated resources. */
function generatedReferences(resources: Record<string, any>): { stages: Map<string, unknown>; prefixes: string[] } {
  const stages = new Map<string, unknown>();
  const prefixes: string[] = ['ServerlessRestApi', 'ServerlessHttpApi', 'ApiGatewayDomainName'];
  for (const [id, resource] of Object.entries(resources)) {
    const type = resource?.Type;
    const p = isRecord(resource?.Properties) ? resource.Properties : {};
    if (type === 'AWS::Serverless::Api' || type === 'AWS::Serverless::HttpApi') {
      const stage = samStageLogicalId(id, type, p.StageName);
      if (stage !== undefined) stages.set(stage.logicalId, stage.stageName);
      prefixes.push(`${id}Deployment`, `${id}Stage`, `${id}ApiGateway`, `${id}DomainName`, `${id}BasePathMapping`, `${id}ApiMapping`);
    } else if (type === 'AWS::Serverless::Function') {
      prefixes.push(`${id}Role`, `${id}Alias`, `${id}Version`);
    }
  }
  return { stages, prefixes };
}

/** Rewrites `Ref`, `Fn::GetAtt` and `${}` in `Fn::Sub` to generated resources. */
function rewriteReferences(node: any, replace: (name: string) => unknown): any {
  if (Array.isArray(node)) return node.map((n) => rewriteReferences(n, replace));
  if (!isRecord(node)) return node;
  const keys = Object.keys(node);
  if (keys.length === 1) {
    const [key] = keys;
    const arg = node[key];
    if (key === 'Ref' && typeof arg === 'string') {
      const value = replace(arg);
      if (value !== undefined) return value;
    }
    if (key === 'Fn::GetAtt') {
      const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      if (typeof target === 'string' && replace(target) !== undefined) return { 'Fn::ImportValue': `sam-generated:${target}` };
    }
    if (key === 'Fn::Sub') return { 'Fn::Sub': rewriteSub(arg, replace) };
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteReferences(v, replace);
  return out;
}

function rewriteSub(arg: any, replace: (name: string) => unknown): any {
  const text = Array.isArray(arg) ? arg[0] : arg;
  if (typeof text !== 'string') return rewriteReferences(arg, replace);
  const variables: Record<string, unknown> = Array.isArray(arg) && isRecord(arg[1]) ? rewriteReferences(arg[1], replace) : {};
  let changed = false;
  const rewritten = text.replace(/\$\{([^!}][^}]*)\}/g, (whole, body: string) => {
    const name = body.trim();
    if (name in variables || name.startsWith('AWS::')) return whole;
    const [target, attribute] = name.split('.');
    const value = replace(target);
    if (value === undefined) return whole;
    const variable = `SamGenerated${target}${attribute ?? ''}`.replace(/[^A-Za-z0-9]/g, '');
    variables[variable] = attribute === undefined ? value : { 'Fn::ImportValue': `sam-generated:${target}` };
    changed = true;
    return `\${${variable}}`;
  });
  if (!changed) return Array.isArray(arg) ? [text, variables] : arg;
  return [rewritten, variables];
}

/** SAM's Globals merge: maps merge key by key, the resource's own value wins. */
function merge(global: Record<string, any>, own: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { ...global };
  for (const [key, value] of Object.entries(own)) {
    out[key] = isRecord(value) && isRecord(global[key]) && !isIntrinsic(value) ? merge(global[key], value) : value;
  }
  return out;
}

function isIntrinsic(value: Record<string, any>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
