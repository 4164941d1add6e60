import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { reasonProblem } from '../common/reason-policy';
import { withRemovalNaming } from '../common/removal-weakening';
import { checkInteger, deferPropChecks, invalidProp, isUnresolved, requireArgument } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';

/** Where a {@link GatewayWebAcl} can be attached. */
export enum WebAclScope {
  /**
   * API Gateway REST API stages, Application Load Balancers, AppSync, Cognito user pools and other
   * regional resources, in the stack's Region.
   */
  REGIONAL = 'REGIONAL',
  /**
   * CloudFront distributions. The web ACL must be created in us-east-1 and is attached through the
   * distribution's `webAclId`, not with `associate()`.
   */
  CLOUDFRONT = 'CLOUDFRONT',
}

/** A managed rule group in a {@link GatewayWebAcl}, with how its rules act. */
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

/** Properties of a {@link GatewayWebAcl}. */
export interface GatewayWebAclProps {
  /**
   * What the web ACL protects. CLOUDFRONT requires a stack in us-east-1.
   *
   * @default WebAclScope.REGIONAL
   */
  readonly scope?: WebAclScope;

  /**
   * The managed rule groups, evaluated in this order after the rate-based rule. Replaces the
   * default list; start from `GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS` to tune one of them.
   *
   * An empty list, or groups that are all `countOnly`, is a weakening (the web ACL then blocks only by
   * rate): it needs `managedRulesOffReason`.
   *
   * @default GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS (core rule set, known bad inputs, SQL
   * database, Amazon IP reputation list: 1,125 WCU)
   */
  readonly managedRuleGroups?: ManagedRuleGroup[];

  /**
   * Why no managed rule group blocks (`managedRuleGroups` empty or every group `countOnly`), at least
   * 10 characters (see the README's "Weakenings"): e.g. a week of count mode before the groups block.
   * Recorded on the web ACL (metadata `Portcullis::Weakenings`).
   *
   * @default - a web ACL whose managed rule groups block nothing is refused
   */
  readonly managedRulesOffReason?: string;

  /**
   * Most requests one client IP may send in `rateLimitWindowSeconds` before further requests are
   * blocked until its rate falls below the limit. 10 to 2,000,000,000.
   *
   * @default 2000 (per 5 minutes: about 6.7 requests/s sustained)
   */
  readonly rateLimit?: number;

  /**
   * How far back AWS WAF counts each client IP's requests: 60, 120, 300 or 600 seconds.
   *
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;

  /**
   * Rules of your own, evaluated after the managed rule groups. Names and priorities must differ
   * from the construct's: it uses priority 0 for the rate-based rule and 1 to N for the N managed
   * rule groups.
   *
   * @default - none
   */
  readonly extraRules?: wafv2.CfnWebACL.RuleProperty[];

  /**
   * Request headers left out of the logs, in addition to `authorization`, `cookie` and `x-api-key`
   * (which are always redacted: they carry bearer tokens, session cookies and API keys).
   *
   * @default - only authorization, cookie and x-api-key
   */
  readonly redactedHeaders?: string[];

  /**
   * Log only requests that a rule blocked or counted, rather than every request. Lowers the log
   * volume (and cost) of busy APIs, at the price of no record of allowed requests in WAF's logs
   * (the stage's access logs still have them).
   *
   * @default false (every request is logged)
   */
  readonly logOnlyBlockedAndCounted?: boolean;

  /**
   * Why WAF logs only blocked and counted requests: required with `logOnlyBlockedAndCounted: true`
   * (at least 10 visible characters), refused otherwise. Recorded on the logging configuration under
   * `Portcullis::Weakenings`.
   *
   * @default - none (every request is logged)
   */
  readonly logOnlyBlockedAndCountedReason?: string;

  /**
   * Name of the log group WAF writes to; AWS WAF requires the prefix `aws-waf-logs-`.
   *
   * @default - `aws-waf-logs-` followed by a name unique to this construct
   */
  readonly logGroupName?: string;

  /**
   * How long WAF log events are kept. `RetentionDays.INFINITE` is refused (the logs hold client IP
   * addresses and request headers).
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Customer managed key for the log group. Its policy must let CloudWatch Logs of this Region use it
   * (`EncryptedLogGroup.allowLogsService` adds that to a key of this app).
   *
   * @default - the stack's `SharedEncryptionKey` if it has one, else a new key with yearly rotation
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * What happens to the log group, and the key created for it, when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * Why the log group may be deleted: required with a `logRemovalPolicy` of `DESTROY` or `SNAPSHOT`
   * (at least 10 visible characters), refused otherwise. Recorded on the log group under
   * `Portcullis::Weakenings`.
   *
   * @default - none (the log group is kept)
   */
  readonly logRemovalReason?: string;
}

const LOG_ONLY_BLOCKED_AND_COUNTED: Weakening = {
  setting: 'logOnlyBlockedAndCounted: true',
  reasonProp: 'logOnlyBlockedAndCountedReason',
  consequence: "WAF's logs have no record of allowed requests",
  rules: [],
};

const MANAGED_RULES_OFF: Weakening = {
  setting: 'managedRuleGroups: [] or every group countOnly',
  reasonProp: 'managedRulesOffReason',
  consequence: 'no managed rule group blocks anything: the web ACL blocks only by rate, not SQL injection, cross-site scripting or known bad inputs',
  rules: ['Portcullis-WebAclBlocks[rate-only]'],
};

/** Headers whose values are credentials; never written to WAF logs. */
const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'];

const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 };
const RATE_LIMIT_WINDOWS = [60, 120, 300, 600];
const LOG_GROUP_PREFIX = 'aws-waf-logs-';
/** Rule and rule group names: letters, digits, `_` and `-`, as AWS WAF accepts them. */
const NAME = /^[\w-]{1,128}$/;

/**
 * A web ACL an API can be associated with: anything with a WAFv2 web ACL ARN, e.g. a
 * {@link GatewayWebAcl} or `{ webAclArn: acl.attrArn }` for a `wafv2.CfnWebACL`.
 */
export interface IApiWebAcl {
  /** The ARN of the WAFv2 web ACL. */
  readonly webAclArn: string;
}

/**
 * An AWS WAFv2 web ACL for API Gateway REST API stages, with AWS managed rule groups, a rate limit
 * per client IP, CloudWatch metrics, and request logs (credentials redacted) to a KMS-encrypted log
 * group with retention.
 *
 * Default rules, in priority order: `RateLimitPerIp` (2,000 requests per 5 minutes per IP, 2 WCU),
 * then `AWSManagedRulesCommonRuleSet` (700 WCU), `AWSManagedRulesKnownBadInputsRuleSet` (200),
 * `AWSManagedRulesSQLiRuleSet` (200) and `AWSManagedRulesAmazonIpReputationList` (25): 1,127 WCU,
 * under the 1,500 WCU a web ACL includes in its base price. Requests no rule blocks are allowed.
 */
export class GatewayWebAcl extends Construct implements IApiWebAcl {
  /** Name of the rate-based rule (priority 0). */
  public static readonly RATE_LIMIT_RULE_NAME = 'RateLimitPerIp';

  /**
   * The managed rule groups used when `managedRuleGroups` is not given: the baseline core rule set
   * (700 WCU), known bad inputs (200), SQL database (200) and Amazon IP reputation list (25).
   */
  public static readonly DEFAULT_MANAGED_RULE_GROUPS: ManagedRuleGroup[] = [
    { name: 'AWSManagedRulesCommonRuleSet' },
    { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
    { name: 'AWSManagedRulesSQLiRuleSet' },
    { name: 'AWSManagedRulesAmazonIpReputationList' },
  ];

  /** Requests per client IP and window when `rateLimit` is not given. */
  public static readonly DEFAULT_RATE_LIMIT = 2000;

  /** Evaluation window of the rate-based rule when `rateLimitWindowSeconds` is not given. */
  public static readonly DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 300;

  /** The web ACL (L1). */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL's ARN. */
  public readonly webAclArn: string;
  /** The web ACL's name (also the `WebACL` dimension of its CloudWatch metrics). */
  public readonly webAclName: string;
  /** The log group WAF writes request logs to. */
  public readonly logGroup: logs.ILogGroup;
  /** The key that encrypts the log group. */
  public readonly logEncryptionKey: kms.IKey;
  /** The logging configuration of the web ACL (L1). */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
  /** What the web ACL protects: REGIONAL resources or CloudFront distributions. */
  public readonly webAclScope: WebAclScope;

  constructor(scope: Construct, id: string, props: GatewayWebAclProps = {}) {
    super(scope, id);
    this.webAclScope = props.scope ?? WebAclScope.REGIONAL;
    const groups = props.managedRuleGroups ?? GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS;
    const rateLimit = props.rateLimit ?? GatewayWebAcl.DEFAULT_RATE_LIMIT;
    const windowSeconds = props.rateLimitWindowSeconds ?? GatewayWebAcl.DEFAULT_RATE_LIMIT_WINDOW_SECONDS;
    const logGroupName = props.logGroupName ?? defaultLogGroupName(this);
    const redacted = [...ALWAYS_REDACTED_HEADERS, ...(props.redactedHeaders ?? []).map((h) => (isUnresolved(h) ? h : h.toLowerCase()))];

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      rateLimitRule(rateLimit, windowSeconds),
      ...groups.map((group, i) => managedGroupRule(group, i + 1)),
      ...(props.extraRules ?? []),
    ];

    const blocksNothing = !isUnresolved(groups) && groups.every((g) => g.countOnly === true);
    deferPropChecks(this, [
      () => {
        if (blocksNothing) checkWeakeningReason(this, MANAGED_RULES_OFF, props.managedRulesOffReason, 'Count mode for two weeks from 2026-12-01 while we tune false positives');
        checkReasonUnused(this, 'managedRulesOffReason', props.managedRulesOffReason, blocksNothing, 'managedRuleGroups: [] or every group countOnly');
      },
      () => {
        const logOnly = props.logOnlyBlockedAndCounted === true;
        if (logOnly) checkWeakeningReason(this, LOG_ONLY_BLOCKED_AND_COUNTED, props.logOnlyBlockedAndCountedReason, 'log volume of a public API; access logs keep every request');
        checkReasonUnused(this, 'logOnlyBlockedAndCountedReason', props.logOnlyBlockedAndCountedReason, logOnly, 'logOnlyBlockedAndCounted: true');
      },
      () => this.checkScope(),
      () => checkInteger(this, 'rateLimit', rateLimit, RATE_LIMIT_BOUNDS.min, RATE_LIMIT_BOUNDS.max,
        'give the most requests one client IP may send per evaluation window (AWS WAF accepts 10 to 2,000,000,000)'),
      () => checkWindow(this, windowSeconds),
      () => checkGroups(this, groups, props.managedRuleGroups === undefined ? 'DEFAULT_MANAGED_RULE_GROUPS' : 'managedRuleGroups'),
      () => checkExtraRules(this, rules, 1 + groups.length),
      () => checkLogGroupName(this, logGroupName),
      () => checkRedactedHeaders(this, props.redactedHeaders),
      () => {
        if (props.logRetention === logs.RetentionDays.INFINITE) {
          invalidProp(this, 'logRetention', 'INFINITE', 'WAF logs hold client IP addresses and request headers and must not be kept forever',
            'give a retention such as RetentionDays.ONE_YEAR');
        }
      },
    ]);

    this.webAclName = nameOf(this);
    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: this.webAclName,
      scope: this.webAclScope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      rules,
    });
    this.webAclArn = this.webAcl.attrArn;
    if (blocksNothing && reasonProblem(props.managedRulesOffReason) === undefined) {
      recordWeakening(this.webAcl, MANAGED_RULES_OFF, props.managedRulesOffReason!);
    }

    const logGroup = new EncryptedLogGroup(this, 'Logs', withRemovalNaming({
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy,
      removalReason: props.logRemovalReason,
      logGroupName,
      purpose: 'AWS WAF logs',
    }, { scope: this, policyProp: 'logRemovalPolicy', reasonProp: 'logRemovalReason' }));
    this.logGroup = logGroup.logGroup;
    this.logEncryptionKey = logGroup.encryptionKey;

    this.loggingConfiguration = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      // The ARN without the `:*` that the log group's Fn::GetAtt Arn ends with, as WAF documents it.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: this.logGroup.logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields: redacted.map((name) => ({ singleHeader: { Name: name } })),
      loggingFilter: props.logOnlyBlockedAndCounted ? {
        DefaultBehavior: 'DROP',
        Filters: [{
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
        }],
      } : undefined,
    });
    if (props.logOnlyBlockedAndCounted === true && reasonProblem(props.logOnlyBlockedAndCountedReason) === undefined) {
      recordWeakening(this.loggingConfiguration, LOG_ONLY_BLOCKED_AND_COUNTED, props.logOnlyBlockedAndCountedReason!);
    }
  }

  /**
   * Associates the web ACL with a regional resource, e.g. `restApi.deploymentStage.stageArn`.
   *
   * @param id construct id of the association, unique within this web ACL
   * @param resourceArn ARN of the REST API stage (or other regional resource) to protect
   */
  public associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    requireArgument(this, 'associate(resourceArn)', resourceArn, 'pass the ARN of the REST API stage, e.g. api.stage.stageArn');
    if (this.webAclScope === WebAclScope.CLOUDFRONT) {
      invalidProp(this, 'scope', this.webAclScope, 'a CLOUDFRONT web ACL cannot be associated with a resource',
        'set the distribution\'s `webAclId` to `webAclArn`, or create the web ACL with scope REGIONAL for a REST API stage');
    }
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAclArn });
  }

  /**
   * A metric of the web ACL in the `AWS/WAFV2` namespace, over all its rules (`Rule: ALL`).
   *
   * @param metricName e.g. `BlockedRequests`, `AllowedRequests`, `CountedRequests`
   * @default - Sum over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const dimensionsMap: Record<string, string> = { WebACL: this.webAclName, Rule: 'ALL' };
    // Regional web ACLs report per Region; CloudFront web ACLs report in us-east-1 without it.
    if (this.webAclScope === WebAclScope.REGIONAL) dimensionsMap.Region = Stack.of(this).region;
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap,
      statistic: cloudwatch.Stats.SUM,
      ...props,
    }).attachTo(this);
  }

  /**
   * Requests a rule of the web ACL blocked (the rate limit or a managed rule group).
   *
   * @default - Sum over 5 minutes
   */
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('BlockedRequests', props);
  }

  /**
   * Requests the web ACL allowed (no rule blocked them).
   *
   * @default - Sum over 5 minutes
   */
  public metricAllowedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AllowedRequests', props);
  }

  /**
   * Requests a rule in count mode matched (`countRules`, `countOnly` groups): what those rules would block.
   *
   * @default - Sum over 5 minutes
   */
  public metricCountedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CountedRequests', props);
  }

  private checkScope(): void {
    const region = Stack.of(this).region;
    if (this.webAclScope === WebAclScope.CLOUDFRONT && !Token.isUnresolved(region) && region !== 'us-east-1') {
      invalidProp(this, 'scope', this.webAclScope, `a CLOUDFRONT web ACL must be created in us-east-1, and this stack is in ${region}`,
        'create it in a us-east-1 stack, or use WebAclScope.REGIONAL for a REST API stage');
    }
  }
}

function rateLimitRule(limit: number, windowSeconds: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name: GatewayWebAcl.RATE_LIMIT_RULE_NAME,
    priority: 0,
    action: { block: {} },
    statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: windowSeconds } },
    visibilityConfig: visibility(GatewayWebAcl.RATE_LIMIT_RULE_NAME),
  };
}

function managedGroupRule(group: ManagedRuleGroup, priority: number): wafv2.CfnWebACL.RuleProperty {
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

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** Web ACL and metric names allow letters, digits, `_` and `-` (up to 128 characters). */
function nameOf(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 128, separator: '-' }).replace(/[^\w-]/g, '');
}

function defaultLogGroupName(scope: Construct): string {
  return LOG_GROUP_PREFIX + Names.uniqueResourceName(scope, { maxLength: 512 - LOG_GROUP_PREFIX.length, separator: '-' });
}

function checkWindow(scope: Construct, seconds: number): void {
  if (isUnresolved(seconds)) return;
  if (!RATE_LIMIT_WINDOWS.includes(seconds)) {
    invalidProp(scope, 'rateLimitWindowSeconds', seconds, `must be one of ${RATE_LIMIT_WINDOWS.join(', ')}`,
      'use 300 (5 minutes, the AWS WAF default) unless you need a shorter or longer look-back');
  }
}

function checkGroups(scope: Construct, groups: ManagedRuleGroup[], prop: string): void {
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
function checkExtraRules(scope: Construct, rules: wafv2.CfnWebACL.RuleProperty[], ours: number): void {
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

function checkLogGroupName(scope: Construct, name: string): void {
  if (isUnresolved(name)) return;
  if (!name.startsWith(LOG_GROUP_PREFIX) || name.length > 512 || !/^[\w\-/.#]+$/.test(name)) {
    invalidProp(scope, 'logGroupName', name, `AWS WAF only logs to log groups named ${LOG_GROUP_PREFIX}… (up to 512 letters, digits, _ - / . #)`,
      `start the name with ${LOG_GROUP_PREFIX}, or leave logGroupName unset`);
  }
}

function checkRedactedHeaders(scope: Construct, headers: string[] | undefined): void {
  for (const header of headers ?? []) {
    if (!isUnresolved(header) && (typeof header !== 'string' || !/^[!#$%&'*+\-.^_`|~\w]+$/.test(header))) {
      invalidProp(scope, 'redactedHeaders', headers, `'${header}' is not an HTTP header name`, 'list header names such as x-session-token');
    }
  }
}
