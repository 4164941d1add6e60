import { SAM_REFERABLE_PROPERTIES, samStageLogicalId } from '../../nag/sam/sam-model';

/** The SAM API resource types, whose generated resources are named after them. */
const SAM_API_TYPES = ['AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::WebSocketApi'];

/**
 * Resolves, in place, every reference form SAM accepts to a resource it generates, so the template
 * names only its own resources and parameters (aws-sam-translator 1.110):
 * - `!Ref <Resource>.<Property>` and `${Resource.Property}` in `Fn::Sub` for each referable property
 *   (`MyApi.Stage`, `.Deployment`, `.UsagePlan`, `.UsagePlanKey`, `.ApiKey`, `.DomainName`,
 *   `MyFunction.Alias`, `.Version`, …);
 * - `Ref`, `Fn::GetAtt` and `${}` naming a generated logical id (`<Api><Stage>Stage`,
 *   `<Api>Deployment<hash>`, `<HttpApi>ApiGatewayDefaultStage`, `<Function>Role`, WebSocket routes, …);
 * - `DependsOn` entries naming a generated resource are dropped (ordering against it is SAM's business).
 *
 * A stage's `Ref` becomes its stage name (what it returns); anything else an `Fn::ImportValue` of
 * `sam-generated:<name>`, a value rules treat as unknown.
 */
export function resolveSamReferences(template: Record<string, any>): void {
  const resources = template.Resources as Record<string, any>;
  const generated = generatedReferences(resources);
  const parameters = new Set(Object.keys(isRecord(template.Parameters) ? template.Parameters : {}));
  const replace = (name: string): unknown => {
    if (resources[name] !== undefined || parameters.has(name) || name.startsWith('AWS::')) return undefined;
    const property = propertyReference(name, resources);
    if (property !== undefined) return generated.stages.get(property) ?? { 'Fn::ImportValue': `sam-generated:${property}` };
    if (generated.stages.has(name)) return generated.stages.get(name);
    return generated.prefixes.some((prefix) => name.startsWith(prefix)) ? { 'Fn::ImportValue': `sam-generated:${name}` } : undefined;
  };
  for (const section of ['Resources', 'Outputs', 'Conditions']) {
    if (isRecord(template[section])) template[section] = rewriteReferences(template[section], replace);
  }
  for (const resource of Object.values(template.Resources as Record<string, any>)) {
    if (!isRecord(resource) || resource.DependsOn === undefined) continue;
    const dependsOn = [resource.DependsOn].flat().filter((name) => typeof name !== 'string' || replace(name) === undefined);
    if (dependsOn.length === 0) delete resource.DependsOn;
    else resource.DependsOn = dependsOn;
  }
}

/**
 * The generated logical id `<Resource>.<Property>` stands for (the stage's own id for `.Stage`, so it
 * resolves to the stage name); undefined when `name` is not such a reference.
 */
function propertyReference(name: string, resources: Record<string, any>): string | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const target = name.slice(0, dot);
  const property = name.slice(dot + 1);
  const resource = resources[target];
  if (!isRecord(resource) || !(SAM_REFERABLE_PROPERTIES[resource.Type] ?? []).includes(property)) return undefined;
  if (property === 'Stage') {
    const p = isRecord(resource.Properties) ? resource.Properties : {};
    return samStageLogicalId(target, resource.Type, p.StageName).logicalId;
  }
  return name;
}

/** What SAM generates: stage logical ids (→ stage name) and the logical-id prefixes of other generated resources. */
function generatedReferences(resources: Record<string, any>): { stages: Map<string, unknown>; prefixes: string[] } {
  const stages = new Map<string, unknown>();
  const prefixes: string[] = ['ServerlessRestApi', 'ServerlessHttpApi', 'ApiGatewayDomainName'];
  for (const [id, resource] of Object.entries(resources)) {
    const type = resource?.Type;
    const p = isRecord(resource?.Properties) ? resource.Properties : {};
    if (SAM_API_TYPES.includes(type)) {
      const stage = samStageLogicalId(id, type, p.StageName);
      stages.set(stage.logicalId, stage.stageName);
    }
    // Everything SAM generates from a resource is named `<LogicalId>…` (stages, deployments, API and
    // base-path mappings, usage plans, routes, roles, aliases, versions, event permissions).
    if (typeof type === 'string' && type.startsWith('AWS::Serverless::')) prefixes.push(id);
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
      const [target, attribute] = getAttParts(arg);
      if (typeof target === 'string' && replace(target) !== undefined) return { 'Fn::ImportValue': `sam-generated:${target}` };
      // `!GetAtt MyApi.Stage.Name` style: a referable property, then the attribute.
      if (typeof target === 'string' && typeof attribute === 'string' && attribute.includes('.')) {
        const property = `${target}.${attribute.split('.')[0]}`;
        if (replace(property) !== undefined) return { 'Fn::ImportValue': `sam-generated:${property}` };
      }
    }
    if (key === 'Fn::Sub') return { 'Fn::Sub': rewriteSub(arg, replace) };
  }
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(node)) out[k] = rewriteReferences(v, replace);
  return out;
}

function getAttParts(arg: unknown): [unknown, unknown] {
  if (Array.isArray(arg)) return [arg[0], arg[1]];
  if (typeof arg !== 'string') return [undefined, undefined];
  const dot = arg.indexOf('.');
  return dot < 0 ? [arg, undefined] : [arg.slice(0, dot), arg.slice(dot + 1)];
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
    // `${MyApi.Stage}` is the Ref of the generated stage; `${Generated.Attr}` an attribute of a generated resource.
    const direct = replace(name);
    const value = direct ?? replace(target);
    if (value === undefined) return whole;
    const variable = `SamGenerated${target}${attribute ?? ''}`.replace(/[^A-Za-z0-9]/g, '');
    variables[variable] = direct !== undefined || attribute === undefined ? value : { 'Fn::ImportValue': `sam-generated:${target}` };
    changed = true;
    return `\${${variable}}`;
  });
  if (!changed) return Array.isArray(arg) ? [text, variables] : arg;
  return [rewritten, variables];
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
