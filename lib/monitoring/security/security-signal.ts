/**
 * The Contributor Insights rules GatewaySecurityInsights can create for an API, each a question an
 * operator asks during an incident. Choose fewer with `signals` to pay for fewer rules (README,
 * "Security insights": each rule is billed per month and per matched log event).
 */
export enum SecuritySignal {
  /** Top source IPs by denied requests (401/403): credential stuffing, token probing. */
  DENIED_BY_SOURCE_IP = 'DENIED_BY_SOURCE_IP',
  /** Top principals by denied requests (403 with a principal: an authenticated caller reaching for more). */
  DENIED_BY_PRINCIPAL = 'DENIED_BY_PRINCIPAL',
  /** Top source IPs by throttled requests (429). */
  THROTTLED_BY_SOURCE_IP = 'THROTTLED_BY_SOURCE_IP',
  /** Top source IPs and paths by 404: path probing. */
  NOT_FOUND_BY_SOURCE_IP_AND_PATH = 'NOT_FOUND_BY_SOURCE_IP_AND_PATH',
  /** Top routes by 5XX. */
  SERVER_ERRORS_BY_ROUTE = 'SERVER_ERRORS_BY_ROUTE',
  /** REST APIs behind a GatewayWebAcl: top client IPs the web ACL blocked. */
  WAF_BLOCKED_BY_SOURCE_IP = 'WAF_BLOCKED_BY_SOURCE_IP',
  /** REST APIs behind a GatewayWebAcl: top rules that blocked. */
  WAF_BLOCKING_RULES = 'WAF_BLOCKING_RULES',
  /** REST APIs behind a GatewayWebAcl: top countries of blocked requests. */
  WAF_BLOCKED_BY_COUNTRY = 'WAF_BLOCKED_BY_COUNTRY',
}
