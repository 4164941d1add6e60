import { EndpointAccessMode, EndpointType, MethodLoggingLevel, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RestCorsOptions } from './rest-cors';
import { SecureRestMethodOptions } from './rest-method-builder';
import { RestResourcePolicyOptions } from './rest-resource-policy';
import { RestCacheOptions } from './rest-stage-settings';
import { SecureApiPropsBase } from '../route/secure-api-options';
import { IApiWebAcl } from '../waf/gateway-web-acl';

/**
 * Properties of a `SecureRestApi`.
 */
export interface SecureRestApiProps extends SecureApiPropsBase {
  /**
   * Name of the API.
   *
   * @default - the construct's unique id
   */
  readonly restApiName?: string;

  /**
   * Methods to add now; more with `addMethods()`.
   *
   * @default - none
   */
  readonly methods?: SecureRestMethodOptions[];

  /**
   * Name of the stage, the first path segment of the URL (REST APIs have no `$default` stage).
   *
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * CORS for browser clients: MOCK `OPTIONS` methods without an authorizer for the listed origins,
   * and CORS headers on API Gateway's 4XX/5XX responses.
   *
   * @default - no CORS
   */
  readonly cors?: RestCorsOptions;

  /**
   * Execution logging level (`API-Gateway-Execution-Logs_<api-id>/<stage>`); data trace, which
   * logs whole bodies, is always off. Needs the account's CloudWatch Logs role: declare an
   * `ApiGatewayAccountLogging` once per environment. `OFF` is a weakening: it needs
   * `executionLogsOffReason`.
   *
   * @default MethodLoggingLevel.ERROR
   */
  readonly executionLogLevel?: MethodLoggingLevel;

  /**
   * Why `executionLogLevel` is `OFF` (at least 10 characters, see the README's "Weakenings"). Recorded
   * on the stage (metadata `Portcullis::Weakenings`) and the acknowledgement of exactly the rules that
   * report a stage without execution logs (`REST_EXECUTION_LOGGING_RULES`).
   *
   * @default - `executionLogLevel: OFF` is refused
   */
  readonly executionLogsOffReason?: string;

  /**
   * Set when the account's CloudWatch Logs role for API Gateway is declared outside this app (by a
   * platform team, another app), to silence the synth warning about it.
   *
   * @default false
   */
  readonly accountLoggingDeclaredElsewhere?: boolean;

  /**
   * X-Ray tracing of requests through the stage. `false` is a weakening: it needs `tracingOffReason`.
   *
   * @default true
   */
  readonly tracing?: boolean;

  /**
   * Why `tracing` is `false` (at least 10 characters, see the README's "Weakenings"). Recorded on the
   * stage (metadata `Portcullis::Weakenings`) and the acknowledgement of exactly the rules that report
   * a stage without X-Ray tracing (`REST_TRACING_RULES`).
   *
   * @default - `tracing: false` is refused
   */
  readonly tracingOffReason?: string;

  /**
   * The stage cache, encrypted; methods opt in with `cacheResponses`.
   *
   * @default - no cache
   */
  readonly cache?: RestCacheOptions;

  /**
   * The endpoint type: REGIONAL, PRIVATE (reachable only through `vpcEndpoints`) or EDGE
   * (CloudFront-distributed, only on request).
   *
   * @default EndpointType.REGIONAL
   */
  readonly endpointType?: EndpointType;

  /**
   * The interface VPC endpoints (service `execute-api`) a PRIVATE API is reached through; the
   * resource policy admits only these. Required for, and only for, a PRIVATE API.
   *
   * @default - none
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];

  /**
   * Network restrictions written into the resource policy.
   *
   * @default - none (a PRIVATE API still admits only its `vpcEndpoints`)
   */
  readonly resourcePolicy?: RestResourcePolicyOptions;

  /**
   * The WAFv2 web ACL (REGIONAL) to associate with the stage: a `GatewayWebAcl` you share between
   * APIs, or anything with a REGIONAL web ACL ARN (`{ webAclArn: acl.attrArn }`).
   *
   * @default - a new `GatewayWebAcl` (AWS managed rule groups, a rate limit per client IP, encrypted
   * logs with credentials redacted), unless `wafDisabledReason` turns WAF off
   */
  readonly webAcl?: IApiWebAcl;

  /**
   * Turns WAF off, for a stated reason (at least 10 characters): e.g. a private API, or WAF in
   * front on CloudFront. The reason becomes the acknowledgement of the WAF rules on the stage.
   *
   * @default - WAF is required
   */
  readonly wafDisabledReason?: string;

  /**
   * The TLS security policy of the API itself: the TLS versions and cipher suites its `execute-api`
   * endpoint accepts, and the ones API Gateway negotiates when the API is called through a custom
   * domain (the API's policy wins over the domain's). `TLS_1_0` needs `legacyTlsReason`.
   *
   * @default - TLS 1.3 only: `SecurityPolicy_TLS13_1_3_2025_09` (Regional and private APIs),
   * `SecurityPolicy_TLS13_2025_EDGE` (edge-optimized), with `endpointAccessMode` STRICT
   */
  readonly securityPolicy?: SecurityPolicy;

  /**
   * Endpoint access mode of an enhanced (`SecurityPolicy_*`) policy. STRICT answers only requests that
   * arrive through the API's own endpoint type (a Regional API through Regional endpoints and Regional
   * custom domains) and, for Regional and private APIs, whose TLS SNI matches the Host header; BASIC
   * drops both checks and needs `basicEndpointAccessReason`. Not used with `TLS_1_2` and `TLS_1_0`.
   *
   * @default EndpointAccessMode.STRICT
   */
  readonly endpointAccessMode?: EndpointAccessMode;

  /**
   * Why the API must accept TLS 1.0 and 1.1 (at least 10 characters), e.g. the clients that cannot
   * speak TLS 1.2 and until when. Required with `securityPolicy: SecurityPolicy.TLS_1_0`; recorded on
   * the API (metadata `Portcullis::LegacyTls`) and acknowledges `Portcullis-RestApiTlsPolicy` there.
   *
   * @default - TLS 1.0 is refused
   */
  readonly legacyTlsReason?: string;

  /**
   * Why the API must answer requests whose endpoint type or SNI does not match (at least 10
   * characters), e.g. clients that call a private API through a VPC endpoint's own DNS name. Required
   * with `endpointAccessMode: EndpointAccessMode.BASIC`; recorded on the API (metadata
   * `Portcullis::BasicEndpointAccess`).
   *
   * @default - STRICT
   */
  readonly basicEndpointAccessReason?: string;
}
