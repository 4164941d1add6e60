import { listValue, objectValue } from './intrinsics';
import { ResourceView } from './resource-view';

/**
 * What a WAFv2 web ACL can do to a request, read from its `DefaultAction` and `Rules`:
 * - `blocks`: the default action blocks, or some rule other than a rate-based one can block;
 * - `rate-only`: the default action allows and only rate-based rules can block (floods are stopped,
 *   exploits and bad inputs are not);
 * - `blocks-nothing`: the default action allows and no rule can block (no rules, or every rule
 *   counts, allows, or overrides its group to count);
 * - `unresolved`: the default action or a rule cannot be read at synth time.
 *
 * A rule can block when its `Action` is Block, Captcha or Challenge, or when it references a rule
 * group (managed or own) with `OverrideAction: { None: {} }`, so the group's own block actions apply.
 */
export type WebAclBlocking = 'blocks' | 'rate-only' | 'blocks-nothing' | 'unresolved';

const BLOCKING_ACTIONS = ['block', 'captcha', 'challenge'];

export function webAclBlocking(acl: ResourceView): WebAclBlocking {
  const p = acl.properties;
  const defaultAction = actionOf(p.DefaultAction);
  if (defaultAction === 'unresolved') return 'unresolved';
  if (defaultAction === 'block') return 'blocks';
  const rules = listValue(p.Rules);
  if (rules === 'unresolved') return 'unresolved';
  let rateBlocks = false;
  let sawUnresolved = false;
  for (const item of rules ?? []) {
    const rule = objectValue(item);
    if (rule === undefined) continue;
    if (rule === 'unresolved') {
      sawUnresolved = true;
      continue;
    }
    const blocks = ruleCanBlock(rule);
    if (blocks === 'unresolved') sawUnresolved = true;
    else if (blocks && isRateBased(rule)) rateBlocks = true;
    else if (blocks) return 'blocks';
  }
  if (sawUnresolved) return 'unresolved';
  return rateBlocks ? 'rate-only' : 'blocks-nothing';
}

function ruleCanBlock(rule: Record<string, unknown>): boolean | 'unresolved' {
  const action = actionOf(rule.Action);
  if (action === 'unresolved') return 'unresolved';
  if (action !== undefined) return BLOCKING_ACTIONS.includes(action);
  // No Action: a rule-group reference, governed by OverrideAction (None lets the group's actions apply).
  const override = actionOf(rule.OverrideAction);
  if (override === 'unresolved') return 'unresolved';
  return override === 'none';
}

function isRateBased(rule: Record<string, unknown>): boolean {
  const statement = objectValue(rule.Statement);
  return statement !== undefined && statement !== 'unresolved' && statement.RateBasedStatement !== undefined;
}

/** The action of an `{ Allow: {} }` / `{ Block: {} }` / `{ Count: {} }` / `{ None: {} }` object, lower case. */
function actionOf(value: unknown): string | undefined | 'unresolved' {
  const action = objectValue(value);
  if (action === 'unresolved') return 'unresolved';
  if (action === undefined) return undefined;
  // An L1 writes every action key, the ones not chosen as undefined.
  const keys = Object.keys(action).filter((key) => action[key] !== undefined && action[key] !== null);
  return keys.length === 1 ? keys[0].toLowerCase() : 'unresolved';
}
