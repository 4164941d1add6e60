import { objectValue, scalar } from './intrinsics';

/**
 * Whether a REST method's properties describe an `OPTIONS` method without authorization whose
 * integration is a Lambda proxy (`AWS_PROXY`): a CORS preflight answered by a function that anyone
 * can invoke. Browsers send no credentials on preflight, so such a method cannot carry an authorizer
 * that browsers satisfy; it is a separate, lower-severity concern than an unauthorized route.
 */
export function isPublicPreflightProxy(p: Record<string, any>): boolean {
  const method = scalar(p.HttpMethod);
  if (method.kind !== 'known' || String(method.value).toUpperCase() !== 'OPTIONS') return false;
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved' || (type.kind === 'known' && String(type.value).toUpperCase() !== 'NONE')) return false;
  const integration = objectValue(p.Integration);
  return typeof integration === 'object' && scalar(integration.Type).kind === 'known' && String(integration.Type).toUpperCase() === 'AWS_PROXY';
}
