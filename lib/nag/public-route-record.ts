import { referencedLogicalId, scalar } from './intrinsics';
import { throughStacks } from './related-resources';
import { ResourceView } from './resource-view';
import { PUBLIC_ROUTE_METADATA_KEY } from '../common/public-route-record';
import { reasonProblem } from '../common/reason-policy';

/**
 * What the `Portcullis::PublicRoute` record on a route or method says about it:
 * - `none`: no record (the route was never declared public);
 * - `declared`: a record with a valid reason, for exactly this route as it now is;
 * - `changed`: a record for another route (its API, key, method or path has changed since);
 * - `no-reason`: a record whose reason fails the reason policy.
 *
 * Only the resource's own metadata counts, so a resource added below a public route is never covered.
 */
export type PublicRouteStatus = 'none' | 'declared' | 'changed' | 'no-reason';

/** Reads the public-route record of an `AWS::ApiGatewayV2::Route` or `AWS::ApiGateway::Method`. */
export function publicRouteStatus(resource: ResourceView): PublicRouteStatus {
  const record = resource.metadata?.[PUBLIC_ROUTE_METADATA_KEY];
  if (record === undefined) return 'none';
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'changed';
  if (reasonProblem(record.reason) !== undefined) return 'no-reason';
  return declaresThisRoute(resource, record) ? 'declared' : 'changed';
}

function declaresThisRoute(resource: ResourceView, record: Record<string, unknown>): boolean {
  const p = resource.properties;
  if (resource.type === 'AWS::ApiGatewayV2::Route') {
    const key = scalar(p.RouteKey);
    return sameValue(record.apiId, p.ApiId) && key.kind === 'known' && key.value === record.routeKey;
  }
  if (resource.type === 'AWS::ApiGateway::Method') {
    const method = scalar(p.HttpMethod);
    return sameValue(record.restApiId, p.RestApiId)
      && method.kind === 'known' && typeof record.httpMethod === 'string'
      && String(method.value).toUpperCase() === record.httpMethod.toUpperCase()
      && typeof record.path === 'string' && restPathOf(resource) === record.path;
  }
  return false;
}

/**
 * The path of a REST method's resource, from its `ResourceId` up the `ParentId`s to the API's root
 * (across nested stacks), e.g. `/orders/{id}`. Undefined when some step cannot be read.
 */
export function restPathOf(method: ResourceView): string | undefined {
  const segments: string[] = [];
  let stack = method.stack;
  let value: unknown = method.properties.ResourceId;
  for (let depth = 0; depth < 128; depth++) {
    ({ stack, value } = throughStacks(stack, value));
    const getAtt = (value as Record<string, unknown> | null)?.['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[1] === 'RootResourceId') {
      return stack.byId(String(getAtt[0]))?.type === 'AWS::ApiGateway::RestApi' ? `/${segments.reverse().join('/')}` : undefined;
    }
    const logicalId = referencedLogicalId(value);
    const parent = logicalId === undefined ? undefined : stack.byId(logicalId);
    if (parent?.type !== 'AWS::ApiGateway::Resource') return undefined;
    const part = scalar(parent.properties.PathPart);
    if (part.kind !== 'known') return undefined;
    segments.push(String(part.value));
    value = parent.properties.ParentId;
  }
  return undefined;
}

/** Deep equality of two template values (the recorded API id and the one the resource names now). */
function sameValue(a: unknown, b: unknown): boolean {
  return a !== undefined && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}
