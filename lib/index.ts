// The kind-neutral core: what every Portcullis API kind shares.
export { ApiKind } from './common/api-kind';
export type { ISecureApi } from './common/secure-api';
export type { ThrottleLimits } from './common/throttle';
export { WEAKENINGS_METADATA_KEY, WEAKENED_STAGE_METADATA_KEY } from './common/weakening';
export type { RecordedWeakening } from './common/weakening';
export type { AccessLogOptions } from './common/access-logs';
export type { SecureApiPropsBase, SecureApiSharedProps, SecureRouteOptionsBase } from './route/secure-api-options';
export * from './common/encrypted-log-group';
export { SharedEncryptionKey } from './common/shared-encryption-key';
export type { SharedEncryptionKeyProps } from './common/shared-encryption-key';
export { MIN_REASON_LENGTH } from './common/reason-policy';

// Authorization: one declaration for every API kind.
export { AuthorizationKind, RouteAuthorization } from './authorization/route-authorization';
export { IdentitySource, IdentitySourceLocation } from './authorization/identity-source';
export type { JwtAuthorizationProps } from './authorization/jwt-authorization';
export type { CognitoAuthorizationProps } from './authorization/cognito-authorization';
export { LambdaAuthorizerResponse } from './authorization/lambda-authorization';
export type { LambdaAuthorizationProps } from './authorization/lambda-authorization';
export { PUBLIC_ROUTE_METADATA_KEY } from './authorization/public-route';
export { RestLambdaAuthorizerType } from './authorization/jwt-lambda-authorization';
export type { JwtLambdaAuthorizationProps } from './authorization/jwt-lambda-authorization';

// Identity: issuers of tokens, the Lambda JWT authorizer's function, and a user pool made for APIs.
export { CognitoTokenUse, JwtIssuer } from './authorization/jwt-issuer';
export type { CognitoJwtIssuerProps, OidcJwtIssuerProps } from './authorization/jwt-issuer';
export { JwtAuthorizerFunction } from './identity/jwt-authorizer-function';
export type { JwtAuthorizerFunctionProps } from './authorization/jwt-authorizer-function-props';
export { ApiUserPool, ApiUserPoolMfa, USER_POOL_WEAKENINGS_METADATA_KEY } from './identity/api-user-pool';
export type {
  ApiUserPoolProps, ApiResourceServerOptions, BrowserClientOptions, MachineClientOptions, ApiUserPoolAuthorizationOptions,
} from './identity/api-user-pool';

// HTTP APIs.
export type { HttpCorsOptions } from './http/cors';
export { CORS_SIGV4_WARNING } from './http/cors';
export { SecureHttpApi } from './http/secure-http-api';
export type { ISecureHttpApi, SecureHttpApiProps, SecureHttpRouteOptions } from './http/secure-http-api';

// REST APIs.
export {
  SecureRestApi, REST_UNAUTHENTICATED_METHOD_RULES, REST_WAF_RULES, REST_TRACING_RULES, REST_EXECUTION_LOGGING_RULES,
  REST_API_TLS_RULE, BASIC_ENDPOINT_ACCESS_METADATA_KEY,
} from './rest/secure-rest-api';
export type {
  ISecureRestApi, RestCacheOptions, RestUsagePlanOptions, SecureRestApiProps, SecureRestMethodOptions,
} from './rest/secure-rest-api';
export type { RestCorsOptions } from './rest/rest-cors';
export { REST_CORS_SIGV4_WARNING } from './rest/rest-cors';
export type { RestResourcePolicyOptions } from './rest/rest-resource-policy';
export { RestJwtAuthorizer, RestJwtAlgorithm } from './rest/rest-jwt-authorizer';
export type { RestJwtAuthorizerProps, RestJwtIssuer } from './rest/rest-jwt-authorizer';
export { RestAuthorizerPolicy } from './rest/rest-authorizer-policy';
export { ApiGatewayAccountLogging } from './common/api-gateway-account-logging';
export type { ApiGatewayAccountLoggingProps } from './common/api-gateway-account-logging';

// Backends: a Lambda function that passes the same cdk-nag packs as the API in front of it.
export { SecureFunction } from './function/secure-function';
export type { SecureFunctionProps } from './function/secure-function';

// The cdk-nag rule pack.
export * from './nag/portcullis-checks';

// AWS WAF: the web ACL in front of REST API stages.
export { GatewayWebAcl, WebAclScope } from './waf/gateway-web-acl';
export type { GatewayWebAclProps, IApiWebAcl, ManagedRuleGroup } from './waf/gateway-web-acl';

// Monitoring: where alarms and governance alerts go.
export { AlarmTopic } from './monitoring/alarm-topic';
export type { AlarmTopicProps } from './monitoring/alarm-topic';

// WebSocket APIs: $connect authorized through the same RouteAuthorization, stage and backends hardened.
export { SecureWebSocketApi, WEBSOCKET_UNAUTHENTICATED_ROUTE_RULES } from './websocket/secure-websocket-api';
export type {
  ISecureWebSocketApi, SecureWebSocketApiProps, SecureWebSocketConnectOptions, SecureWebSocketCustomRouteOptions, SecureWebSocketRouteOptions,
} from './websocket/secure-websocket-api';
export { ConnectionAction } from './websocket/connection-management';

// Custom domains: one TLS-protected name in front of REST, HTTP and WebSocket APIs.
export { GatewayDomain, LEGACY_TLS_METADATA_KEY, SHARED_DOMAIN_TLS_WARNING } from './domain/gateway-domain';
export type { GatewayDomainProps, DomainMappingOptions, MutualTlsOptions } from './domain/gateway-domain';
export { DomainProtocol } from './domain/domain-protocol';
export { MtlsTruststore } from './domain/mtls-truststore';
export type { IMtlsTruststore, MtlsTruststoreProps } from './domain/mtls-truststore';
export { CertificateExpiryAlarm, CERTIFICATE_EXPIRY_DEFAULTS } from './domain/certificate-expiry-alarm';
export type { CertificateExpiryAlarmProps } from './domain/certificate-expiry-alarm';
export { EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY } from './common/execute-api-endpoint';

// Route stacks: routes and methods spread over nested stacks the API creates (issue 18).
export type { RouteStackOptions } from './common/route-stacks';

// Monitoring: metric factories per API kind, alarm policies, and the GatewayMonitoring facade.
export { GatewayMonitoring } from './monitoring/gateway-monitoring';
export type {
  AuthorizerMonitoringOptions, BackendMonitoringOptions, GatewayMonitoringProps, MonitorApiOptions,
  RouteMonitoringOptions, WebAclMonitoringOptions,
} from './monitoring/gateway-monitoring';
export type { AlarmPolicy, RateAlarmPolicy } from './monitoring/alarms/alarm-policy';
export { HttpApiMetrics } from './monitoring/metrics/http-api-metrics';
export { RestApiMetrics } from './monitoring/metrics/rest-api-metrics';
export { WebSocketApiMetrics } from './monitoring/metrics/websocket-api-metrics';
export type { IApiMetrics } from './monitoring/metrics/api-metrics';
export { LambdaFunctionMetrics } from './monitoring/metrics/lambda-function-metrics';
export { JwtAuthorizerMetrics } from './monitoring/metrics/authorizer-metrics';
export { WebAclMetrics } from './monitoring/metrics/web-acl-metrics';
// Security insights from the gateway's own logs (issue 27).
export { GatewaySecurityInsights } from './monitoring/security/gateway-security-insights';
export type {
  AnomalyAlarmPolicy, ApiSecurityInsightsOptions, GatewaySecurityInsightsProps, MonitoringSecurityInsightsOptions,
} from './monitoring/security/gateway-security-insights';
export { SecuritySignal } from './monitoring/security/security-signal';

// Governance: AWS Config rules, change alerts, the unused-API sweeper, least-privilege management access.
export { GatewayConfigRules, ruleName, ruleParameters } from './governance/gateway-config-rules';
export type { GatewayConfigRulesProps, OrganizationRulesOptions } from './governance/gateway-config-rules';
export { MANAGED_RULES, MANAGED_RULE_IDENTIFIERS, LOG_RETENTION_DAYS, ENDPOINT_TYPES, ROUTE_AUTHORIZATION_TYPES } from './governance/config-rule-catalog';
export type { ManagedRuleEntry } from './governance/config-rule-catalog';
export { GatewayConfigRecorder, RECORDED_RESOURCE_TYPES } from './governance/config-recorder';
export type { GatewayConfigRecorderProps } from './governance/config-recorder';
export { GatewayChangeAlerts, API_GATEWAY_CHANGE_EVENTS, WAF_ASSOCIATION_EVENTS } from './governance/change-alerts';
export type { GatewayChangeAlertsProps } from './governance/change-alerts';
export { UnusedApiSweeper, SWEEPER_DELETION_METADATA_KEY } from './governance/unused-api-sweeper';
export type { UnusedApiSweeperProps } from './governance/unused-api-sweeper';
export { GatewayAccess, apiArn } from './governance/gateway-access';
export type { GatewayAccessOptions, ResourceTagCondition } from './governance/gateway-access';

// API inventory: the attack surface of synthesized templates, for snapshot tests (as `cdk-portcullis inventory`).
export { ApiInventory } from './audit/inventory/api-inventory';
export type { InventoryNotAudited, InventoryRoute } from './audit/inventory/inventory-entries';
