import { resolveSamReferences } from './sam-references';
import { SAM_IMPLICIT_HTTP_API, SAM_IMPLICIT_REST_API, SAM_IMPLICIT_REST_STAGE_NAME, samEventsOf } from '../../nag/sam/sam-model';

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
 * - references to resources SAM generates are resolved ({@link resolveSamReferences}).
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

  for (const resource of Object.values(resources)) normalizeShapes(resource);
  resolveSamReferences(template);
  return template;
}

/**
 * Shapes SAM accepts that aws-cdk-lib's typed SAM L1s (which the loader includes the template with)
 * refuse, rewritten to the equivalent the L1s accept: an event without `Properties` (an `HttpApi` event
 * for the `$default` route) gets empty ones; a function's `Policies` given as one policy (a policy
 * template object) becomes a list of it; an HTTP API's list of base paths becomes its first.
 */
function normalizeShapes(resource: any): void {
  if (!isRecord(resource?.Properties)) return;
  const domain = resource.Properties.Domain;
  // An HTTP API's `Domain.BasePath` may be a list (one mapping each); the L1 wants one. No rule reads it.
  if (resource.Type === 'AWS::Serverless::HttpApi' && isRecord(domain) && Array.isArray(domain.BasePath)) domain.BasePath = domain.BasePath[0];
  if (resource.Type !== 'AWS::Serverless::Function') return;
  const p = resource.Properties;
  if (isRecord(p.Events)) {
    for (const event of Object.values<any>(p.Events)) {
      if (isRecord(event) && event.Properties === undefined) event.Properties = {};
    }
  }
  if (isRecord(p.Policies) && !isIntrinsic(p.Policies)) p.Policies = [p.Policies];
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
