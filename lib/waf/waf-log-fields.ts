/**
 * The fields of an AWS WAF log record ("Log fields for web ACL traffic") that Portcullis reads, as
 * JSON paths below the record's root. Named once, here, for the Contributor Insights rules over a
 * GatewayWebAcl's log group.
 */
export const WAF_LOG_FIELDS = {
  /** `BLOCK`, `ALLOW`, `COUNT`, `CAPTCHA` or `CHALLENGE`: what the terminating rule did. */
  action: 'action',
  /** The rule (or rule group) that ended evaluation, `Default_Action` when none matched. */
  terminatingRuleId: 'terminatingRuleId',
  /** The client's IP address as WAF saw it. */
  clientIp: 'httpRequest.clientIp',
  /** The client's country, as two-letter ISO 3166 code. */
  country: 'httpRequest.country',
  /** The request's URI. */
  uri: 'httpRequest.uri',
} as const;

/** The `action` of a request a rule blocked. */
export const WAF_BLOCK_ACTION = 'BLOCK';
