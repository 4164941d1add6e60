import { AccessLogRoles, jsonPath } from './access-log-roles';
import { SecuritySignal } from './security-signal';
import { WAF_BLOCK_ACTION, WAF_LOG_FIELDS } from '../../waf/waf-log-fields';

/** The statuses API Gateway answers a caller it does not let in with. */
export const DENIED_STATUSES = ['401', '403'] as const;

/** The value API Gateway logs for a `$context` variable that has none. */
export const ABSENT_VALUE = '-';

/**
 * One filter of a Contributor Insights rule, spelled as "Contributor Insights rule syntax" documents it:
 * `Match` and one operator. Statuses are compared as strings: the JSON record holds them as strings.
 */
export interface InsightRuleFilter {
  readonly Match: string;
  readonly In?: readonly string[];
  readonly NotIn?: readonly string[];
  readonly StartsWith?: readonly string[];
}

/** A rule before it is placed on a log group: what it counts, keyed by what, and its dashboard title. */
export interface InsightRuleSpec {
  /** The question it answers. */
  readonly signal: SecuritySignal;
  /** Short id, unique per API: part of the construct id and the rule's name. */
  readonly id: string;
  /** Dashboard title. */
  readonly title: string;
  /** `$.field` keys: a contributor is one combination of their values. */
  readonly keys: readonly string[];
  /** Every filter must hold for a log event to count. */
  readonly filters: readonly InsightRuleFilter[];
  /** Which log the rule reads. */
  readonly log: 'access' | 'waf';
}

/** The documented schema of a rule over CloudWatch Logs. */
export const INSIGHT_RULE_SCHEMA = { Name: 'CloudWatchLogRule', Version: 1 } as const;

/** The rules over an API's JSON access log, derived from the kind's field roles. */
export function accessLogRuleSpecs(roles: AccessLogRoles): InsightRuleSpec[] {
  const status = jsonPath(roles.status);
  const denied: InsightRuleFilter = { Match: status, In: DENIED_STATUSES };
  return [
    { signal: SecuritySignal.DENIED_BY_SOURCE_IP, id: 'DeniedBySourceIp', title: 'Top source IPs by denied requests (401/403)', keys: [jsonPath(roles.sourceIp)], filters: [denied], log: 'access' },
    {
      signal: SecuritySignal.DENIED_BY_PRINCIPAL,
      id: 'DeniedByPrincipal',
      title: 'Top principals by denied requests (401/403)',
      keys: [jsonPath(roles.principal)],
      filters: [denied, { Match: jsonPath(roles.principal), NotIn: [ABSENT_VALUE, ''] }],
      log: 'access',
    },
    { signal: SecuritySignal.THROTTLED_BY_SOURCE_IP, id: 'ThrottledBySourceIp', title: 'Top source IPs by throttled requests (429)', keys: [jsonPath(roles.sourceIp)], filters: [{ Match: status, In: ['429'] }], log: 'access' },
    {
      signal: SecuritySignal.NOT_FOUND_BY_SOURCE_IP_AND_PATH,
      id: 'NotFoundBySourceIpAndPath',
      title: 'Top source IPs and paths by 404 (probing)',
      keys: [jsonPath(roles.sourceIp), jsonPath(roles.requestedPath)],
      filters: [{ Match: status, In: ['404'] }],
      log: 'access',
    },
    { signal: SecuritySignal.SERVER_ERRORS_BY_ROUTE, id: 'ServerErrorsByRoute', title: 'Top routes by 5XX', keys: roles.route.map(jsonPath), filters: [{ Match: status, StartsWith: ['5'] }], log: 'access' },
  ];
}

/** The rules over a web ACL's log group: what it blocked, by client IP, rule and country. */
export function wafLogRuleSpecs(): InsightRuleSpec[] {
  const blocked: InsightRuleFilter = { Match: jsonPath(WAF_LOG_FIELDS.action), In: [WAF_BLOCK_ACTION] };
  return [
    { signal: SecuritySignal.WAF_BLOCKED_BY_SOURCE_IP, id: 'WafBlockedBySourceIp', title: 'WAF: top blocked client IPs', keys: [jsonPath(WAF_LOG_FIELDS.clientIp)], filters: [blocked], log: 'waf' },
    { signal: SecuritySignal.WAF_BLOCKING_RULES, id: 'WafBlockingRules', title: 'WAF: top terminating rules', keys: [jsonPath(WAF_LOG_FIELDS.terminatingRuleId)], filters: [blocked], log: 'waf' },
    { signal: SecuritySignal.WAF_BLOCKED_BY_COUNTRY, id: 'WafBlockedByCountry', title: 'WAF: top countries of blocked requests', keys: [jsonPath(WAF_LOG_FIELDS.country)], filters: [blocked], log: 'waf' },
  ];
}

/** The rule body of a spec over one log group, as the documented syntax spells it: counts matching events. */
export function insightRuleBody(spec: InsightRuleSpec, logGroupName: string): Record<string, unknown> {
  return {
    Schema: INSIGHT_RULE_SCHEMA,
    LogGroupNames: [logGroupName],
    LogFormat: 'JSON',
    Contribution: { Keys: [...spec.keys], Filters: spec.filters.map((f) => ({ ...f })) },
    AggregateOn: 'Count',
  };
}
