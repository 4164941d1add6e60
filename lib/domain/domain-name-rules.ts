/**
 * The shape of custom domain names and API mapping paths, as API Gateway and Route 53 accept them.
 * Pure functions: each returns what is wrong, or undefined.
 */

/** Longest API mapping path (API Gateway quota). */
export const MAX_MAPPING_PATH_LENGTH = 300;

/** Longest domain name, in characters (RFC 1035: 255 octets including the length bytes, so 253 written). */
export const MAX_DOMAIN_NAME_LENGTH = 253;

/** Longest label of a domain name (RFC 1035). */
export const MAX_DOMAIN_LABEL_LENGTH = 63;

const LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
// API Gateway: letters, digits and $-_.+!*'() in each segment of an API mapping path.
const MAPPING_SEGMENT = /^[A-Za-z0-9$\-_.+!*'()]+$/;

/**
 * What is wrong with a custom domain name, or undefined: lower-case letters, digits and hyphens in
 * dot-separated labels of at most 63 characters, at least two labels, at most 253 characters in all;
 * a leading `*.` makes a wildcard domain. API Gateway refuses upper-case letters.
 */
export function domainNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_DOMAIN_NAME_LENGTH) return `has ${name.length} characters, at most ${MAX_DOMAIN_NAME_LENGTH} are allowed`;
  if (name !== name.toLowerCase()) return 'has upper-case letters, which API Gateway does not accept in custom domain names';
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  if (labels.length < 2) return 'must have at least two labels (e.g. api.example.com)';
  for (const label of labels) {
    if (label.length === 0) return 'has an empty label (two dots in a row, or a leading or trailing dot)';
    if (label.length > MAX_DOMAIN_LABEL_LENGTH) return `has a label of ${label.length} characters, at most ${MAX_DOMAIN_LABEL_LENGTH} are allowed`;
    if (!LABEL.test(label)) return `has the label '${label}': labels are letters, digits and inner hyphens`;
  }
  return undefined;
}

/** True when `name` is the zone's apex or a name inside the zone (both without a trailing dot). */
export function isInZone(name: string, zoneName: string): boolean {
  const zone = zoneName.replace(/\.$/, '').toLowerCase();
  const domain = name.replace(/\.$/, '').replace(/^\*\./, '').toLowerCase();
  return domain === zone || domain.endsWith(`.${zone}`);
}

/**
 * What is wrong with an API mapping path (the base path after the domain), or undefined. Segments
 * separated by `/` (several for a multi-level mapping), each of letters, digits and `$-_.+!*'()`;
 * no leading or trailing `/`; at most 300 characters. The root of the domain is no path at all.
 */
export function mappingPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty: leave basePath out to map the root of the domain';
  if (path.length > MAX_MAPPING_PATH_LENGTH) return `has ${path.length} characters, at most ${MAX_MAPPING_PATH_LENGTH} are allowed`;
  if (path.startsWith('/') || path.endsWith('/')) return 'must not start or end with /';
  for (const segment of path.split('/')) {
    if (segment.length === 0) return 'has an empty segment (//)';
    if (!MAPPING_SEGMENT.test(segment)) return `has the segment '${segment}': segments are letters, digits and $-_.+!*'()`;
  }
  return undefined;
}

/** True when a mapping path has more than one level (`orders/v1`), which needs an API Gateway v2 API mapping. */
export function isMultiLevel(path: string | undefined): boolean {
  return path !== undefined && path.includes('/');
}
