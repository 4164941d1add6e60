import { ApiGroup } from './audit-result';
import { IncludedResource } from './template-loader';
import { referencedLogicalIds, singleReference } from './template-references';
import { renderTemplate } from '../nag/intrinsics';
import { SAM_IMPLICIT_HTTP_API, SAM_IMPLICIT_REST_API, SamEvent, samEventsOf } from '../nag/sam/sam-model';

function samEventApi(event: SamEvent): string | undefined {
  if (event.type === 'Api') return event.properties.RestApiId === undefined ? SAM_IMPLICIT_REST_API : singleReference(event.properties.RestApiId);
  if (event.type === 'HttpApi') return event.properties.ApiId === undefined ? SAM_IMPLICIT_HTTP_API : singleReference(event.properties.ApiId);
  return undefined;
}

/** Resource types that are an API: findings group under them. */
export const API_RESOURCE_TYPES: readonly string[] = [
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::Serverless::WebSocketApi',
];

/** Properties that name the API a resource belongs to. */
const API_ID_PROPERTIES = ['ApiId', 'RestApiId'];

/** The grouping of one template's resources by API. */
export interface ApiGrouping {
  readonly apis: ApiGroup[];
  /** Logical id → API group id; absent for "Other resources". */
  readonly apiOf: ReadonlyMap<string, string>;
}

/**
 * Ties each resource to the API it belongs to:
 * 1. an API resource is its own group;
 * 2. an `ApiId`/`RestApiId` property names the API (in the template, or an external id/parameter; a parameter
 *    of a nested stack that `apiOfParameter` follows to its parent's API is labelled with that API);
 * 3. a resource referring to a tied resource joins its API (a Method → its Resource → the RestApi,
 *    a Lambda permission whose SourceArn names the API, a WAF association naming the stage);
 * 4. a resource referred to only by resources of one API joins that API (the domain name of an
 *    API mapping, the access-log group of a stage, the function behind an integration).
 * Steps 3 and 4 repeat until nothing changes. Everything else is "Other resources".
 *
 * @param apiOfParameter names the API a parameter of this template leads to in an ancestor template
 * (a nested stack's parameters), e.g. `HttpApi1234 in Parent.template.json`
 * @default apiOfParameter - a parameter is labelled by its own name
 */
export function groupByApi(
  template: string, resources: readonly IncludedResource[], apiOfParameter?: (name: string) => string | undefined,
): ApiGrouping {
  const known = new Set(resources.map((r) => r.logicalId));
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const apis = new Map<string, ApiGroup>();
  const apiOf = new Map<string, string>();

  for (const r of resources) {
    if (API_RESOURCE_TYPES.includes(r.type)) {
      const name = r.properties.Name === undefined ? undefined : renderTemplate(r.properties.Name);
      apis.set(r.logicalId, { template, id: r.logicalId, name, type: r.type, cdkPath: r.cdkPath, external: false });
      apiOf.set(r.logicalId, r.logicalId);
    }
  }

  // A SAM function's events name their API (or, naming none, the API SAM creates implicitly).
  for (const r of resources) {
    if (r.type !== 'AWS::Serverless::Function' || apiOf.has(r.logicalId)) continue;
    const api = samEventsOf(r.properties).map((e) => samEventApi(e)).find((id) => id !== undefined && apis.has(id));
    if (api !== undefined) apiOf.set(r.logicalId, api);
  }

  for (const r of resources) {
    if (apiOf.has(r.logicalId)) continue;
    for (const prop of API_ID_PROPERTIES) {
      const value = r.properties[prop];
      if (value === undefined) continue;
      const target = singleReference(value);
      if (target && apis.has(target)) {
        apiOf.set(r.logicalId, target);
      } else if (target && byId.has(target)) {
        continue; // refers to a non-API resource: let the reference walk decide
      } else {
        const id = externalApiLabel(value, target, apiOfParameter);
        if (!apis.has(id)) apis.set(id, { template, id, external: true });
        apiOf.set(r.logicalId, id);
      }
      break;
    }
  }

  const refs = new Map(resources.map((r) => [r.logicalId, referencedLogicalIds(r.properties, known)]));
  const referrers = new Map<string, string[]>(resources.map((r) => [r.logicalId, []]));
  refs.forEach((targets, from) => targets.forEach((t) => referrers.get(t)?.push(from)));

  let changed = true;
  while (changed) {
    changed = false;
    for (const r of resources) {
      if (apiOf.has(r.logicalId)) continue;
      const tied = refs.get(r.logicalId)!.map((t) => apiOf.get(t)).find((a) => a !== undefined);
      if (tied) {
        apiOf.set(r.logicalId, tied);
        changed = true;
      }
    }
    for (const r of resources) {
      if (apiOf.has(r.logicalId)) continue;
      const from = referrers.get(r.logicalId)!;
      const groups = new Set(from.map((f) => apiOf.get(f)));
      if (from.length > 0 && groups.size === 1 && !groups.has(undefined)) {
        apiOf.set(r.logicalId, [...groups][0]!);
        changed = true;
      }
    }
  }

  return { apis: [...apis.values()], apiOf };
}

function externalApiLabel(value: unknown, refTarget: string | undefined, apiOfParameter?: (name: string) => string | undefined): string {
  if (typeof value === 'string') return `API ${value} (not in this template)`;
  const parentApi = refTarget === undefined ? undefined : apiOfParameter?.(refTarget);
  if (parentApi !== undefined) return `API ${parentApi} (parameter ${refTarget})`;
  if (refTarget) return `API from parameter ${refTarget}`;
  return `API ${JSON.stringify(value)}`;
}
