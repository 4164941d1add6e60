/**
 * Reading CloudFormation values the way CDK writes them.
 *
 * Rules see properties after `Stack.resolve`, so a value is a plain JSON value or
 * an intrinsic (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, ...). Strings are
 * rendered into `Fn::Sub` syntax — `${Logical}` for a `Ref`, `${Logical.Attr}`
 * for a `Fn::GetAtt`, `${AWS::Region}` for a pseudo parameter — so a rule can
 * match a shape such as `https://cognito-idp.${AWS::Region}.amazonaws.com/${Pool}`
 * without re-parsing intrinsics itself. Anything else (`Fn::If`, `Fn::Select`,
 * `Fn::ImportValue`, a list-valued `Ref`) is "unresolved": the rule reports it
 * instead of guessing.
 */

/** A scalar read from a property: absent, known, or not knowable at synth time. */
export type Scalar =
  | { readonly kind: 'absent' }
  | { readonly kind: 'known'; readonly value: string | number | boolean }
  | { readonly kind: 'unresolved' };

const ABSENT: Scalar = { kind: 'absent' };
const UNRESOLVED: Scalar = { kind: 'unresolved' };

/** A placeholder inside a rendered template: `${Name}` or `${Name.Attr}`. */
export interface Placeholder {
  readonly name: string;
  readonly attribute?: string;
}

/** Classify a resolved value as an absent, known or unresolved scalar. */
export function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'known', value };
  }
  return UNRESOLVED;
}

/**
 * Read a boolean the way CloudFormation accepts it (`true` or `'true'`).
 * @returns undefined when absent, 'unresolved' when not a known scalar.
 */
export function booleanValue(value: unknown): boolean | undefined | 'unresolved' {
  const s = scalar(value);
  if (s.kind === 'absent') return undefined;
  if (s.kind === 'unresolved') return 'unresolved';
  if (typeof s.value === 'boolean') return s.value;
  const text = String(s.value).toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return 'unresolved';
}

/**
 * Read a number the way CloudFormation accepts it (`300` or `'300'`).
 * @returns undefined when absent, 'unresolved' when not a known number.
 */
export function numberValue(value: unknown): number | undefined | 'unresolved' {
  const s = scalar(value);
  if (s.kind === 'absent') return undefined;
  if (s.kind === 'unresolved') return 'unresolved';
  const n = typeof s.value === 'number' ? s.value : Number(s.value);
  return typeof s.value !== 'boolean' && Number.isFinite(n) ? n : 'unresolved';
}

/**
 * Render a resolved string value into `Fn::Sub` syntax.
 * @returns undefined when the value is absent or uses an intrinsic that cannot be rendered.
 */
export function renderTemplate(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/\$\{/g, '${!');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const intrinsic = keys[0];
  const arg = (value as Record<string, unknown>)[intrinsic];
  switch (intrinsic) {
    case 'Ref':
      return typeof arg === 'string' ? `\${${arg}}` : undefined;
    case 'Fn::GetAtt':
      return renderGetAtt(arg);
    case 'Fn::Join':
      return renderJoin(arg);
    case 'Fn::Sub':
      return renderSub(arg);
    default:
      return undefined;
  }
}

function renderGetAtt(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.includes('.')) return `\${${arg}}`;
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string') {
    return `\${${arg[0]}.${arg[1]}}`;
  }
  return undefined;
}

function renderJoin(arg: unknown): string | undefined {
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) {
    return undefined;
  }
  const parts: string[] = [];
  for (const part of arg[1]) {
    const rendered = renderTemplate(part);
    if (rendered === undefined) return undefined;
    parts.push(rendered);
  }
  return parts.join(arg[0]);
}

function renderSub(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string') return undefined;
  const variables = arg[1];
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return undefined;
  let failed = false;
  const text = arg[0].replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
    if (!(name in variables)) return whole;
    const rendered = renderTemplate((variables as Record<string, unknown>)[name]);
    if (rendered === undefined) failed = true;
    return rendered ?? '';
  });
  return failed ? undefined : text;
}

/** The placeholders (`${Name}`, `${Name.Attr}`) in a rendered template, in order. */
export function placeholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of template.matchAll(/\$\{([^!}][^}]*)\}/g)) {
    found.push(parsePlaceholder(match[1]));
  }
  return found;
}

/**
 * Replace the placeholders of a rendered template: each becomes what `replacement` returns
 * for it, or stays as it is when that is undefined.
 */
export function replacePlaceholders(template: string, replacement: (placeholder: Placeholder) => string | undefined): string {
  return template.replace(/\$\{([^!}][^}]*)\}/g, (whole, body: string) => replacement(parsePlaceholder(body)) ?? whole);
}

/**
 * The single placeholder a template consists of, e.g. `${MyApi}` → `{ name: 'MyApi' }`.
 * @returns undefined when the template is anything else.
 */
export function soloPlaceholder(template: string): Placeholder | undefined {
  const match = /^\$\{([^!}][^}]*)\}$/.exec(template);
  return match ? parsePlaceholder(match[1]) : undefined;
}

function parsePlaceholder(body: string): Placeholder {
  if (body.startsWith('AWS::')) return { name: body };
  const dot = body.indexOf('.');
  return dot < 0 ? { name: body } : { name: body.slice(0, dot), attribute: body.slice(dot + 1) };
}

/** Whether a placeholder names a pseudo parameter such as `AWS::Region`. */
export function isPseudoParameter(placeholder: Placeholder): boolean {
  return placeholder.name.startsWith('AWS::');
}

/**
 * The logical id a resolved value points at: `{ Ref: X }` or `{ 'Fn::GetAtt': [X, ...] }` → X.
 * @returns undefined for any other value.
 */
export function referencedLogicalId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string' && !record.Ref.startsWith('AWS::')) return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string' && getAtt.includes('.')) return getAtt.split('.')[0];
  return undefined;
}

/**
 * Read a list property.
 * @returns undefined when absent, 'unresolved' when the list itself is an intrinsic.
 */
export function listValue(value: unknown): unknown[] | undefined | 'unresolved' {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : 'unresolved';
}

/** Read an object property; 'unresolved' when it is an intrinsic rather than a plain object. */
export function objectValue(value: unknown): Record<string, unknown> | undefined | 'unresolved' {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return 'unresolved';
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return 'unresolved';
  return value as Record<string, unknown>;
}

/**
 * The values a property can take at deployment: a known scalar, or each branch of an `Fn::If`
 * (nested ones included). `AWS::NoValue` counts as absent (undefined).
 * @returns undefined when some branch is not a known scalar
 */
export function possibleScalars(value: unknown): Array<string | number | boolean | undefined> | undefined {
  if (value === undefined || value === null) return [undefined];
  const s = scalar(value);
  if (s.kind === 'known') return [s.value];
  const record = value as Record<string, unknown>;
  if (typeof record === 'object' && record.Ref === 'AWS::NoValue') return [undefined];
  const branches = typeof record === 'object' ? record['Fn::If'] : undefined;
  if (!Array.isArray(branches) || branches.length !== 3) return undefined;
  const whenTrue = possibleScalars(branches[1]);
  const whenFalse = possibleScalars(branches[2]);
  return whenTrue === undefined || whenFalse === undefined ? undefined : [...whenTrue, ...whenFalse];
}
