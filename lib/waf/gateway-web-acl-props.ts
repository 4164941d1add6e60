import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ManagedRuleGroup } from './web-acl-rules';
import { WebAclScope } from './web-acl-scope';

/** Properties of a `GatewayWebAcl`. */
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
