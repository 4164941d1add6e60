import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { invalidProp, isUnresolved } from '../common/validation';

/** Name of the rate-based rule (priority 0): `GatewayWebAcl.RATE_LIMIT_RULE_NAME`. */
export const RATE_LIMIT_RULE_NAME = 'RateLimitPerIp';

const RATE_LIMIT_WINDOWS = [60, 120, 300, 600];
/** Rule and rule group names: letters, digits, `_` and `-`, as AWS WAF accepts them. */
const NAME = /^[\w-]{1,128}$/;

/** A managed rule group in a `GatewayWebAcl`, with how its rules act. */
export interface ManagedRuleGroup {
  /** The rule group's name, e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;

  /**
   * The vendor of the rule group.
   *
   * @default 'AWS'
   */
  readonly vendorName?: string;

  /**
   * A fixed version of the rule group (e.g. `Version_1.12`).
   *
   * @default - the vendor's default version, updated by the vendor
   */
  readonly version?: string;

  /**
   * Rules of the group that only count matching requests instead of acting on them (each becomes a
   * `RuleActionOverrides` entry with action Count — the current form of WAF's legacy `ExcludedRules`).
   * Use it for a rule that blocks legitimate traffic, e.g. `SizeRestrictions_BODY` for large uploads;
   * the rule's matches stay visible in metrics and logs.
   *
   * @default - every rule acts as the vendor set it
   */
  readonly countRules?: string[];

  /**
   * Run the whole group in count mode (override action Count): nothing is blocked, matches are
   * counted and logged. For trying a group on live traffic before it blocks.
   *
   * @default false
   */
  readonly countOnly?: boolean;
}

export function rateLimitRule(limit: number, windowSeconds: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name: RATE_LIMIT_RULE_NAME,
    priority: 0,
    action: { block: {} },
    statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: windowSeconds } },
    visibilityConfig: visibility(RATE_LIMIT_RULE_NAME),
  };
}

export function managedGroupRule(group: ManagedRuleGroup, priority: number): wafv2.CfnWebACL.RuleProperty {
  const countRules = group.countRules ?? [];
  return {
    name: group.name,
    priority,
    overrideAction: group.countOnly ? { count: {} } : { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: group.vendorName ?? 'AWS',
        name: group.name,
        version: group.version,
        ruleActionOverrides: countRules.length === 0 ? undefined : countRules.map((name) => ({ name, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: visibility(group.name),
  };
}

export function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

export function checkWindow(scope: Construct, seconds: number): void {
  if (isUnresolved(seconds)) return;
  if (!RATE_LIMIT_WINDOWS.includes(seconds)) {
    invalidProp(scope, 'rateLimitWindowSeconds', seconds, `must be one of ${RATE_LIMIT_WINDOWS.join(', ')}`,
      'use 300 (5 minutes, the AWS WAF default) unless you need a shorter or longer look-back');
  }
}

export function checkGroups(scope: Construct, groups: ManagedRuleGroup[], prop: string): void {
  const seen = new Set<string>();
  groups.forEach((group, i) => {
    const at = `${prop}[${i}]`;
    if (isUnresolved(group.name)) return;
    if (typeof group.name !== 'string' || !NAME.test(group.name)) {
      invalidProp(scope, `${at}.name`, group.name, 'is not a rule group name (letters, digits, _ and -)',
        'use the name AWS WAF lists, e.g. AWSManagedRulesCommonRuleSet');
    }
    const key = `${group.vendorName ?? 'AWS'}/${group.name}`;
    if (seen.has(key)) {
      invalidProp(scope, `${at}.name`, group.name, 'the rule group is listed twice', 'list each rule group once');
    }
    seen.add(key);
    for (const rule of group.countRules ?? []) {
      if (!isUnresolved(rule) && (typeof rule !== 'string' || !NAME.test(rule))) {
        invalidProp(scope, `${at}.countRules`, group.countRules, `'${rule}' is not a rule name`,
          'name rules of the group as its documentation lists them, e.g. SizeRestrictions_BODY');
      }
    }
  });
}

/** The extra rules (after the first `ours`) must not reuse a name or priority of any rule before them. */
export function checkExtraRules(scope: Construct, rules: wafv2.CfnWebACL.RuleProperty[], ours: number): void {
  const names = new Set<string>(rules.slice(0, ours).map((r) => r.name));
  const priorities = new Set<number>(rules.slice(0, ours).map((r) => r.priority));
  for (const rule of rules.slice(ours)) {
    if (!isUnresolved(rule.name) && names.has(rule.name)) {
      invalidProp(scope, 'extraRules', rule.name, 'a rule of the web ACL already has this name', 'give each extra rule its own name');
    }
    if (!isUnresolved(rule.priority) && priorities.has(rule.priority)) {
      invalidProp(scope, 'extraRules', rule.priority, `priority ${rule.priority} is already used (the construct uses 0 for the rate limit and 1 to N for the N managed rule groups)`,
        'give each extra rule a priority above the managed rule groups\'');
    }
    names.add(rule.name);
    priorities.add(rule.priority);
  }
}
