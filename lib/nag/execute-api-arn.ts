import { isPseudoParameter, placeholders, renderTemplate, soloPlaceholder } from './intrinsics';

/**
 * The parts of an `execute-api` ARN rendered in `Fn::Sub` syntax:
 * `arn:<partition>:execute-api:<region>:<account>:<api-id>/<stage>/<method>/<path>`.
 */
export interface ExecuteApiArn {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** The first segment of the resource: the API id (or a wildcard). */
  readonly apiId: string;
  /** Everything after the API id, including the leading `/` (may be empty). */
  readonly rest: string;
}

/** Split a rendered ARN; undefined when it does not have the six ARN fields. */
export function parseExecuteApiArn(template: string): ExecuteApiArn | undefined {
  const fields = splitOutsidePlaceholders(template, ':');
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  const resource = fields.slice(5).join(':');
  // A WebSocket route ARN may follow the API id without a slash: `${Api}/*$connect` or `${Api}/prod/$connect`.
  const slash = resource.indexOf('/');
  return {
    service: fields[2],
    region: fields[3],
    account: fields[4],
    apiId: slash < 0 ? resource : resource.slice(0, slash),
    rest: slash < 0 ? '' : resource.slice(slash),
  };
}

/** How a rendered ARN field names its value. */
export type FieldKind = 'literal' | 'wildcard' | 'pseudo' | 'reference' | 'mixed';

/** Classify a rendered ARN field (account, API id, ...). */
export function fieldKind(field: string): FieldKind {
  if (field === '' || /[*?]/.test(field)) return 'wildcard';
  const solo = soloPlaceholder(field);
  if (solo !== undefined) return isPseudoParameter(solo) ? 'pseudo' : 'reference';
  return placeholders(field).length === 0 ? 'literal' : 'mixed';
}

/** Split on `separator`, except inside `${...}` placeholders (`${AWS::Partition}` has colons). */
function splitOutsidePlaceholders(template: string, separator: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char === '$' && template[i + 1] === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    if (char === separator && depth === 0) {
      fields.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  fields.push(current);
  return fields;
}

/** Whether a policy statement's `Resource` covers a whole API: `*`, `execute-api:/*`, or `…:<api-id>/*`. */
export function coversWholeApi(statement: Record<string, unknown>): boolean {
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  return resources.some((r) => {
    const rendered = renderTemplate(r);
    return rendered !== undefined && (rendered === '*' || rendered === 'execute-api:/*' || /:execute-api:[^:]*:[^:]*:[^/]+\/\*$/.test(rendered));
  });
}
