import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { objectValue, renderTemplate, scalar } from '../../intrinsics';
import { logGroupOfDestination } from '../../related-resources';
import { ResourceView, StackView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { accessLogSettingsOf, NOT_A_STAGE } from '../../stage-settings';

/** The statuses of a denied request. */
const DENIED = new Set(['401', '403']);
/** The filter operators whose values name statuses a rule keeps. */
const KEEPING_OPERATORS = ['In', 'EqualTo'];

/**
 * A stage's access logs feed a denial signal: an enabled Contributor Insights rule in the same stack
 * reads the stage's access-log group and keeps only denied requests (a filter `In` / `EqualTo` 401 or
 * 403), so that a caller probing with bad credentials shows up, and can page.
 */
function check(resource: ResourceView): NagRuleResult {
  const settings = accessLogSettingsOf(resource);
  if (settings === NOT_A_STAGE) return NagRuleCompliance.NOT_APPLICABLE;
  const value = objectValue(settings);
  // No access logs, or none this pack can read (Portcullis-AccessLogs reports that), name no log group.
  const names = logGroupNames(resource.stack, typeof value === 'object' ? value.DestinationArn : undefined);
  if (names.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return denialRuleNames(resource.stack).some((ruleGroup) => names.some((name) => matches(ruleGroup, name)))
    ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** How an InsightRule could name the stage's log group: `${LogicalId}` (a Ref) and its literal name, if any. */
function logGroupNames(stack: StackView, destinationArn: unknown): string[] {
  const lookup = logGroupOfDestination(stack, destinationArn);
  if (lookup.kind === 'found') {
    const names = [`\${${lookup.resource.logicalId}}`];
    const name = scalar(lookup.resource.properties.LogGroupName);
    if (name.kind === 'known') names.push(String(name.value));
    return names;
  }
  const literal = renderTemplate(destinationArn)?.match(/:log-group:([^:$]+)(:\*)?$/);
  return literal ? [literal[1]] : [];
}

/** Every log group an enabled rule of the stack keeps denied requests of, as the rule names it. */
function denialRuleNames(stack: StackView): string[] {
  return stack.memo('DenialSignal.logGroups', (s) => s.ofType('AWS::CloudWatch::InsightRule').flatMap((rule) => {
    const body = ruleBody(rule.properties.RuleBody);
    const groups = !isDisabled(rule.properties.RuleState) && keepsDenials(body) ? body.LogGroupNames : undefined;
    return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  }));
}

/** Whether a rule state is known to be DISABLED (one known only at deploy time may be enabled). */
function isDisabled(state: unknown): boolean {
  return typeof state === 'string' && state.toUpperCase() === 'DISABLED';
}

/**
 * The rule body as JSON, with references left as `${LogicalId}` placeholders. A literal `${` stays
 * escaped as `${!`, so a literal `"${Logs}"` (which CloudFormation does not substitute) never reads as a
 * reference to `Logs`.
 */
function ruleBody(value: unknown): any {
  // A plain object is JSON already (its strings are literal: nothing substitutes `${X}` in them); a
  // string or an intrinsic is rendered and parsed.
  const object = objectValue(value);
  if (typeof object === 'object') return escapeLiterals(object);
  let parsed: unknown;
  try {
    // An intrinsic that cannot be rendered gives undefined, which JSON.parse rejects like any text that is not JSON.
    parsed = JSON.parse(renderTemplate(value) as string);
  } catch {
    // No body this pack can read.
  }
  return parsed;
}

/** A body given as an object, with `${` in each string escaped as `${!`, as `renderTemplate` writes a literal one. */
function escapeLiterals(value: unknown): unknown {
  if (typeof value === 'string') return value.split('${').join('${!');
  if (Array.isArray(value)) return value.map(escapeLiterals);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, escapeLiterals(v)]));
  return value;
}

/** Whether a rule body (any JSON value, or undefined) keeps denied requests only. */
function keepsDenials(body: any): boolean {
  const filters = body?.Contribution?.Filters;
  if (!Array.isArray(filters)) return false;
  return filters.some((filter) => KEEPING_OPERATORS.some((op) => {
    const kept: unknown = filter?.[op];
    return (Array.isArray(kept) ? kept : [kept]).some((v: unknown) => DENIED.has(String(v)));
  }));
}

/**
 * Whether a rule's log group entry (a name, a `prefix*`, or a `${LogicalId}` reference) names `name`.
 * A reference names only the same reference; a prefix only a literal name (log group names have no `$`).
 */
function matches(entry: string, name: string): boolean {
  if (entry === name) return true;
  return entry.endsWith('*') && !name.startsWith('${') && name.startsWith(entry.slice(0, -1));
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-DenialSignal',
    level: NagMessageLevel.WARN,
    info: 'The stage\'s access logs feed no denial signal: no Contributor Insights rule counts its denied (401/403) requests by caller.',
    explanation:
      'Credential stuffing and token probing look like a stream of 401 and 403 answers from a few callers. API Gateway\'s 4XX metric mixes them with every other client error and says nothing of who sent them; the access log knows the caller of each denial, but only a rule over it turns that into a signal an alarm can watch. Without one, an attack is found in the logs after the fact, if at all.',
    fix: 'Monitor the API with `GatewayMonitoring` (security insights are on by default) or `new GatewaySecurityInsights(this, \'Insights\', { apis: [api] })`; or create an `AWS::CloudWatch::InsightRule` in the stage\'s stack over its access-log group with a filter `{ "Match": "$.status", "In": ["401", "403"] }`, keyed by the caller (`$.sourceIp`).',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
  },
  check,
};

export default rule;
