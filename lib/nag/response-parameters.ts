import { scalar } from './intrinsics';

/**
 * The key of the response-parameter mapping for `name` (e.g. `method.response.header.access-control-allow-origin`,
 * given in lower case), whatever case the template writes the header name in.
 */
export function responseParameterKey(parameters: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(parameters).find((candidate) => candidate.toLowerCase() === name);
}

/**
 * A response-parameter mapping as written: a static value with its quotes (`'https://app.example.com'`) or a
 * mapping expression (`method.request.header.Origin`). Undefined when the header is not mapped,
 * 'unresolved' when its value is not a known string.
 */
export function responseParameter(parameters: Record<string, unknown>, name: string): string | undefined | 'unresolved' {
  const key = responseParameterKey(parameters, name);
  if (key === undefined) return undefined;
  const value = scalar(parameters[key]);
  return value.kind === 'known' ? String(value.value) : 'unresolved';
}
