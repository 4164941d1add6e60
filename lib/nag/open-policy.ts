import { objectValue, renderTemplate, scalar } from './intrinsics';
import { policyStatements } from './policy-document';

/**
 * Whether a policy (a resource policy, a role's trust policy) lets every principal of every AWS
 * account do something: an `Allow` for `Principal: '*'` (or `AWS: '*'`) that no condition narrows to
 * named callers, and that no `Deny` for everyone with the negated condition closes.
 */
export type EveryoneVerdict = 'restricted' | 'open' | 'unresolved';

/** What a policy is checked for. */
export interface EveryoneQuery {
  /** The actions in question, lower case (e.g. `execute-api:invoke`); `*` and `<service>:*` cover them too. */
  readonly actions: readonly string[];
  /** Condition keys, lower case, that narrow callers when tested against named values (e.g. `aws:sourcevpce`). */
  readonly narrowingKeys: ReadonlySet<string>;
  /**
   * Whether a `Deny` statement covers everything the `Allow` may grant (e.g. the whole API).
   * @default - any Deny statement does
   */
  readonly coversWhole?: (statement: Record<string, unknown>) => boolean;
}

/** Condition keys that narrow an IAM caller to named accounts, organisations, networks or sources. */
export const NARROWING_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'aws:sourcevpce', 'aws:sourcevpc', 'aws:vpceaccount', 'aws:vpceorgid', 'aws:vpceorgpaths',
  'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn',
  'aws:sourceip', 'aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths',
]);

/** Operators that admit only the listed values when used in an Allow statement (IfExists variants admit callers without the key). */
const ALLOW_ONLY = new Set([
  'stringequals', 'stringequalsignorecase', 'foranyvalue:stringequals', 'forallvalues:stringequals',
  'stringlike', 'foranyvalue:stringlike', 'arnequals', 'arnlike', 'ipaddress',
]);
/** Operators that refuse every other value when used in a Deny statement. */
const DENY_OTHERS = new Set([
  'stringnotequals', 'stringnotequalsignorecase', 'forallvalues:stringnotequals', 'stringnotlike', 'forallvalues:stringnotlike',
  'arnnotequals', 'arnnotlike', 'notipaddress',
]);

/** Reads a policy document (object or JSON text) for an open Allow, as {@link EveryoneVerdict} says. */
export function everyoneVerdict(policy: unknown, query: EveryoneQuery): EveryoneVerdict {
  const statements = policyStatements(policy);
  if (statements === 'unresolved') return 'unresolved';
  let unknown = false;
  let open = false;
  // A Deny whose condition cannot be read matters only when an Allow is open.
  let denyUnknown = false;
  for (const item of statements) {
    const statement = objectValue(item);
    const effect = statement === undefined || statement === 'unresolved' ? undefined : scalar(statement.Effect);
    const conditions = statement === undefined || statement === 'unresolved' ? 'unresolved' : objectValue(statement.Condition);
    if (statement === undefined || statement === 'unresolved' || effect?.kind !== 'known' || conditions === 'unresolved') {
      unknown = true;
      continue;
    }
    if (!everyPrincipal(statement) || !coversActions(statement, query.actions)) continue;
    if (effect.value === 'Deny') {
      if (!(query.coversWhole?.(statement) ?? true)) continue;
      const closes = narrowing(conditions, DENY_OTHERS, query.narrowingKeys);
      if (closes === true) return 'restricted';
      if (closes === 'unresolved') denyUnknown = true;
    } else if (effect.value === 'Allow') {
      const narrowed = narrowing(conditions, ALLOW_ONLY, query.narrowingKeys);
      if (narrowed === false) open = true;
      if (narrowed === 'unresolved') unknown = true;
    }
  }
  // A statement that cannot be read may be the Deny that closes an open Allow, or an open Allow itself.
  if (open) return unknown || denyUnknown ? 'unresolved' : 'open';
  return unknown ? 'unresolved' : 'restricted';
}

/** Whether a condition block tests a narrowing key with one of `operators`, against values that each name something. */
export function narrows(conditions: Record<string, unknown> | undefined, operators: ReadonlySet<string>, keys: ReadonlySet<string>): boolean {
  return narrowing(conditions, operators, keys) === true;
}

/**
 * Like {@link narrows}, but 'unresolved' when no test is shown to narrow and one might: its values (or the
 * list of them) are built with intrinsics that cannot be evaluated from the template (`Fn::Select`,
 * `Fn::Split`, `Fn::If`, an `Fn::Join` of those, …), and none of its values is shown to name nothing.
 */
export function narrowing(conditions: Record<string, unknown> | undefined, operators: ReadonlySet<string>, keys: ReadonlySet<string>): boolean | 'unresolved' {
  if (conditions === undefined) return false;
  let unknown = false;
  for (const [operator, block] of Object.entries(conditions)) {
    if (!operators.has(operator.toLowerCase())) continue;
    const tests = objectValue(block);
    if (tests === 'unresolved') unknown = true;
    if (tests === undefined || tests === 'unresolved') continue;
    for (const [key, value] of Object.entries(tests)) {
      if (!keys.has(key.toLowerCase())) continue;
      if (isIntrinsic(value)) {
        // A list built at deploy time (`Fn::Split`, `Fn::If`, …), or one value that cannot be rendered.
        if (renderTemplate(value) === undefined) unknown = true;
        else if (namesSomething(key.toLowerCase(), renderTemplate(value))) return true;
        continue;
      }
      const values = Array.isArray(value) ? value : [value];
      const named = values.map((v) => (isIntrinsic(v) && renderTemplate(v) === undefined ? 'unresolved' : namesSomething(key.toLowerCase(), renderTemplate(v))));
      if (values.length > 0 && named.every((n) => n === true)) return true;
      if (values.length > 0 && named.every((n) => n !== false)) unknown = true;
    }
  }
  return unknown ? 'unresolved' : false;
}

/** `{ Ref: … }` or `{ 'Fn::…': … }`: a value CloudFormation computes. */
function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** Keys whose values are paths or ARNs, where a wildcard after a fixed organisation or account still names callers. */
const PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths', 'aws:vpceorgpaths', 'aws:principalarn', 'aws:sourcearn']);

/**
 * Whether a condition value (rendered; a `${Ref}` of the stack names one thing) names particular callers:
 * not blank, not every address, and without wildcards, except after a fixed organisation or account in a path or ARN.
 */
function namesSomething(key: string, rendered: string | undefined): boolean {
  const value = rendered?.trim();
  if (value === undefined || value === '' || value === '0.0.0.0/0' || value === '::/0') return false;
  if (!/[*?]/.test(value)) return true;
  return PATH_KEYS.has(key) && /(^|[:/])(o-[a-z0-9]{10,32}|\d{12})([:/]|$)/.test(value.split(/[*?]/)[0]);
}

/** `Principal: '*'`, or `{ AWS: '*' }` (alone or in a list). */
export function everyPrincipal(statement: Record<string, unknown>): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  const p = objectValue(principal);
  if (p === undefined || p === 'unresolved') return false;
  const aws = p.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

/** Whether the statement's `Action` (or any `NotAction`, conservatively) covers one of `actions`. */
function coversActions(statement: Record<string, unknown>, actions: readonly string[]): boolean {
  if (statement.NotAction !== undefined) return true;
  return asList(statement.Action).some((a) => typeof a === 'string' && actionMatches(a.toLowerCase(), actions));
}

function actionMatches(pattern: string, actions: readonly string[]): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return actions.some((action) => regex.test(action));
}

/** A value that may be one item or a list of items. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
