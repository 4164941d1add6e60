/**
 * The AWS Config managed rules Portcullis deploys, pinned in one table. Each entry was checked against
 * the AWS Config developer guide ("List of AWS Config Managed Rules", one page per rule): identifier,
 * the resource types it evaluates, its trigger and its parameters. A rule triggered only periodically
 * takes no resource scope; the others are scoped to exactly the types listed.
 */
export interface ManagedRuleEntry {
  /** The managed rule identifier (`SourceIdentifier`). */
  readonly identifier: string;
  /** What NON_COMPLIANT means, for docs and notifications. */
  readonly checks: string;
  /** Resource types the rule evaluates (its scope when triggered by configuration changes). */
  readonly resourceTypes: string[];
  /** How AWS Config triggers it. */
  readonly trigger: 'CONFIGURATION_CHANGES' | 'PERIODIC' | 'BOTH';
  /** The parameter names the rule accepts (all optional). */
  readonly parameters: string[];
}

/**
 * The rules, in the order they are created. Source: docs.aws.amazon.com/config/latest/developerguide/<rule-name>.html.
 */
export const MANAGED_RULES: ReadonlyArray<ManagedRuleEntry> = [
  {
    identifier: 'API_GW_EXECUTION_LOGGING_ENABLED',
    checks: 'a REST or WebSocket stage has execution logging off, or at a level not in loggingLevel',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: ['loggingLevel'],
  },
  {
    identifier: 'API_GW_XRAY_ENABLED',
    checks: 'a REST stage has X-Ray tracing off',
    resourceTypes: ['AWS::ApiGateway::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: [],
  },
  {
    identifier: 'API_GW_ASSOCIATED_WITH_WAF',
    checks: 'a REST stage has no AWS WAF web ACL, or one not listed in WebAclArns',
    resourceTypes: ['AWS::ApiGateway::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: ['WebAclArns'],
  },
  {
    identifier: 'API_GW_CACHE_ENABLED_AND_ENCRYPTED',
    checks: 'a REST stage has no cache, or an unencrypted one',
    resourceTypes: ['AWS::ApiGateway::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: [],
  },
  {
    identifier: 'API_GW_ENDPOINT_TYPE_CHECK',
    checks: 'a REST API has an endpoint type not in endpointConfigurationTypes',
    resourceTypes: ['AWS::ApiGateway::RestApi'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: ['endpointConfigurationTypes'],
  },
  {
    identifier: 'API_GW_SSL_ENABLED',
    checks: 'a REST stage has no client certificate for its backend (or one not in CertificateIDs)',
    resourceTypes: ['AWS::ApiGateway::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: ['CertificateIDs'],
  },
  {
    identifier: 'API_GWV2_ACCESS_LOGS_ENABLED',
    checks: 'an HTTP or WebSocket stage has no access log settings',
    resourceTypes: ['AWS::ApiGatewayV2::Stage'],
    trigger: 'CONFIGURATION_CHANGES',
    parameters: [],
  },
  {
    identifier: 'API_GWV2_AUTHORIZATION_TYPE_CONFIGURED',
    checks: 'an HTTP or WebSocket route has authorization type NONE (or not authorizationType)',
    resourceTypes: ['AWS::ApiGatewayV2::Route'],
    trigger: 'PERIODIC',
    parameters: ['authorizationType'],
  },
  {
    identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK',
    checks: 'a log group keeps events for less than MinRetentionTime days (never-expire is compliant)',
    resourceTypes: ['AWS::Logs::LogGroup'],
    trigger: 'PERIODIC',
    parameters: ['LogGroupNames', 'MinRetentionTime'],
  },
  {
    identifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK',
    checks: 'an ACM certificate expires within daysToExpiration days',
    resourceTypes: ['AWS::ACM::Certificate'],
    trigger: 'BOTH',
    parameters: ['daysToExpiration'],
  },
];

/** The identifiers of {@link MANAGED_RULES}. */
export const MANAGED_RULE_IDENTIFIERS: ReadonlyArray<string> = MANAGED_RULES.map((r) => r.identifier);

/** Retention periods (days) CW_LOGGROUP_RETENTION_PERIOD_CHECK accepts for MinRetentionTime. */
export const LOG_RETENTION_DAYS: ReadonlyArray<number> = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653];

/** Endpoint types API_GW_ENDPOINT_TYPE_CHECK accepts. */
export const ENDPOINT_TYPES: ReadonlyArray<string> = ['REGIONAL', 'PRIVATE', 'EDGE'];

/** Values API_GWV2_AUTHORIZATION_TYPE_CONFIGURED accepts for authorizationType. */
export const ROUTE_AUTHORIZATION_TYPES: ReadonlyArray<string> = ['CUSTOM', 'AWS_IAM', 'JWT'];

/** Whether AWS Config accepts a resource scope for the rule (only change-triggered rules are scoped). */
export function isScoped(entry: ManagedRuleEntry): boolean {
  return entry.trigger !== 'PERIODIC';
}
