import { Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { GatewayWebAclProps } from './gateway-web-acl-props';
import {
  checkLogGroupName, checkRedactedHeaders, createWebAclLogging, defaultLogGroupName, LOG_ONLY_BLOCKED_AND_COUNTED,
} from './web-acl-logging';
import { checkExtraRules, checkGroups, checkWindow, managedGroupRule, ManagedRuleGroup, RATE_LIMIT_RULE_NAME, rateLimitRule, visibility } from './web-acl-rules';
import { WebAclScope } from './web-acl-scope';
import { reasonProblem } from '../common/reason-policy';
import { checkInteger, deferPropChecks, invalidProp, isUnresolved, requireArgument } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';

// The scope, props and managed rule groups have files of their own; exported here too, as before the split.
export { WebAclScope } from './web-acl-scope';
export type { GatewayWebAclProps } from './gateway-web-acl-props';
export type { ManagedRuleGroup } from './web-acl-rules';

const MANAGED_RULES_OFF: Weakening = {
  setting: 'managedRuleGroups: [] or every group countOnly',
  reasonProp: 'managedRulesOffReason',
  consequence: 'no managed rule group blocks anything: the web ACL blocks only by rate, not SQL injection, cross-site scripting or known bad inputs',
  rules: ['Portcullis-WebAclBlocks[rate-only]'],
};

const RATE_LIMIT_BOUNDS = { min: 10, max: 2_000_000_000 };

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
  public static readonly RATE_LIMIT_RULE_NAME = RATE_LIMIT_RULE_NAME;

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

    const logging = createWebAclLogging(this, this.webAclArn, props, logGroupName);
    this.logGroup = logging.logGroup;
    this.logEncryptionKey = logging.logEncryptionKey;
    this.loggingConfiguration = logging.loggingConfiguration;
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

/** Web ACL and metric names allow letters, digits, `_` and `-` (up to 128 characters). */
function nameOf(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 128, separator: '-' }).replace(/[^\w-]/g, '');
}
