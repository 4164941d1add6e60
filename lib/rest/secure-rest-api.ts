import { Annotations, Aspects, CfnResource, Duration, Lazy, Names, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat, ApiKey, CfnClientCertificate, CfnMethod, CfnRestApi, CfnStage, EndpointAccessMode, EndpointType, IApiKey, IAuthorizer, IModel,
  Integration, IResource, IRestApi, IStage,
  LambdaIntegration, LogGroupLogDestination, Method, MethodLoggingLevel, MethodOptions, Period, RequestValidator, Resource, RestApi, SecurityPolicy,
  UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { buildRestAuthorizer, checkRestAuthorization, restHeadersRead, RestMethodAuthorizer } from './rest-authorizer-builder';
import { addCorsGatewayResponses, checkRestCorsAllowsHeaders, restCorsChecks, RestCorsOptions, toRestCorsPreflight, warnIfRestCorsBlocksSigV4 } from './rest-cors';
import { resourcePolicyChecks, restResourcePolicy, RestResourcePolicyOptions } from './rest-resource-policy';
import { DEFAULT_REST_ENDPOINT_ACCESS_MODE, defaultRestSecurityPolicy, restSecurityPolicyProblem } from './rest-tls-policy';
import { AuthorizerIds, checkHandlerOrIntegration, checkNoPublicDefault, requireAuthorization, usableDefault } from '../authorization/deny-by-default';
import { recordPublicRoute } from '../authorization/public-route';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { jsonAccessLogFormat } from '../common/access-log-fields';
import { accessLogChecks, accessLogDestination } from '../common/access-logs';
import { ApiGatewayAccountLogging } from '../common/api-gateway-account-logging';
import { grantOnApi, INVOKE_WILDCARD_REASON } from '../common/api-grant';
import { ApiKind } from '../common/api-kind';
import { recordAnyOrigin } from '../common/cors-policy';
import { serveThroughCustomDomain } from '../common/execute-api-endpoint';
import { reasonProblem } from '../common/reason-policy';
import { RoutePathTree } from '../common/route-path';
import { RouteStacks } from '../common/route-stacks';
import { ISecureApi } from '../common/secure-api';
import { withSourceAccount } from '../common/source-account';
import { checkStageName } from '../common/stage-name';
import { DEFAULT_STAGE_THROTTLE, recordThrottle, ThrottleLimits, validateThrottle } from '../common/throttle';
import { checkInteger, deferPropChecks, invalidProp, isUnresolved, requireArgument, throwPropErrors } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';
import { isEnhancedPolicy } from '../domain/domain-tls-policy';
import { LEGACY_TLS_METADATA_KEY } from '../domain/gateway-domain';
import { RestApiMetrics } from '../monitoring/metrics/rest-api-metrics';
import { SecureApiPropsBase, SecureRouteOptionsBase } from '../route/secure-api-options';
import { GatewayWebAcl, IApiWebAcl } from '../waf/gateway-web-acl';

/**
 * The REST stage cache. Encrypted, and used only by methods that opt in with `cacheResponses`: a
 * cache keyed without the caller's identity would serve one caller's response to another.
 */
export interface RestCacheOptions {
  /**
   * Size of the cache cluster in GB: '0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118' or '237'.
   *
   * @default '0.5'
   */
  readonly sizeGb?: string;

  /**
   * How long a response is cached, at most one hour.
   *
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;
}

/**
 * What any Portcullis REST API offers.
 */
export interface ISecureRestApi extends ISecureApi {
  /** The underlying REST API. */
  readonly restApi: IRestApi;
  /** The stage Portcullis created. */
  readonly stage: IStage;
  /**
   * Lets a principal call IAM-authorized methods, scoped to their ARNs in this API's stage.
   *
   * @param grantee who may call
   * @param methods the methods; each must use `RouteAuthorization.iam()`
   * @default methods - every IAM-authorized method of this API
   */
  grantInvoke(grantee: iam.IGrantable, methods?: Method[]): iam.Grant;
}

/**
 * Methods of a {@link SecureRestApi} on one path.
 */
export interface SecureRestMethodOptions extends SecureRouteOptionsBase {
  /**
   * HTTP methods served on the path. `OPTIONS` is refused when `cors` is set (the preflight method answers it).
   *
   * @default ['ANY']
   */
  readonly methods?: string[];

  /**
   * Any other integration (HTTP, AWS service, MOCK). Exactly one of `handler` and `integration`.
   *
   * @default - `handler` must be given
   */
  readonly integration?: Integration;

  /**
   * Whether callers must send an API key (`x-api-key`) of a usage plan of this API. Keys identify
   * and meter clients; they do not authenticate them, so authorization still applies.
   *
   * @default false
   */
  readonly apiKeyRequired?: boolean;

  /**
   * Models the request body must match, per content type, e.g. `{ 'application/json': model }`.
   * Methods with models get the API's request validator.
   *
   * @default - no body validation
   */
  readonly requestModels?: { [contentType: string]: IModel };

  /**
   * Request parameters in REST syntax and whether each is required, e.g.
   * `{ 'method.request.querystring.page': false, 'method.request.header.X-Tenant': true }`. Methods
   * with a required parameter get the API's request validator.
   *
   * @default - none
   */
  readonly requestParameters?: { [parameter: string]: boolean };

  /**
   * Whether responses of these methods are served from the stage cache (when `cache` is set). Only
   * for responses that are the same for every caller allowed to call the method.
   *
   * @default false
   */
  readonly cacheResponses?: boolean;
}

/**
 * A usage plan of a {@link SecureRestApi}: how much each API key bound to it may call.
 */
export interface RestUsagePlanOptions {
  /**
   * Name of the plan.
   *
   * @default - the construct id
   */
  readonly name?: string;
  /** Steady rate and burst per key. */
  readonly throttle: ThrottleLimits;
  /** Requests per key per `quotaPeriod`, a whole number of at least 1. */
  readonly quotaLimit: number;
  /**
   * The period of the quota.
   *
   * @default Period.DAY
   */
  readonly quotaPeriod?: Period;
}

/**
 * Properties of a {@link SecureRestApi}.
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

/** cdk-nag rules that flag a REST method without authorization; a public method acknowledges them with its reason. */
export const REST_UNAUTHENTICATED_METHOD_RULES: readonly string[] = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'Portcullis-RouteAuthorization'];

/** The Portcullis rule that reports a REST API whose own security policy accepts TLS below 1.2 (or is unset). */
export const REST_API_TLS_RULE = 'Portcullis-RestApiTlsPolicy';

/** Metadata key recorded on a REST API whose endpoint access mode is BASIC (`basicEndpointAccessReason`). */
export const BASIC_ENDPOINT_ACCESS_METADATA_KEY = 'Portcullis::BasicEndpointAccess';

/** The rules that report a REST stage without X-Ray tracing; `tracingOffReason` acknowledges them on the stage. */
export const REST_TRACING_RULES: readonly string[] = ['HIPAA.Security-APIGWXrayEnabled', 'Serverless-APIGWXrayEnabled', 'Portcullis-RestTracing'];

/** The rules that report a REST stage without execution logs; `executionLogsOffReason` acknowledges them on the stage. */
export const REST_EXECUTION_LOGGING_RULES: readonly string[] = [
  'AwsSolutions-APIG6', 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', 'HIPAA.Security-APIGWExecutionLoggingEnabled',
  'PCI.DSS.321-APIGWExecutionLoggingEnabled', 'Portcullis-RestExecutionLogging',
];

const TRACING_OFF: Weakening = {
  setting: 'tracing: false',
  reasonProp: 'tracingOffReason',
  consequence: 'no X-Ray traces of requests through the stage, its authorizer and its integration',
  rules: REST_TRACING_RULES,
};

const REST_EXECUTION_LOGS_OFF: Weakening = {
  setting: 'executionLogLevel: OFF',
  reasonProp: 'executionLogsOffReason',
  consequence: 'no execution logs of authorizer denials, integration errors and throttling',
  rules: REST_EXECUTION_LOGGING_RULES,
};

/** cdk-nag rules that flag a REST stage without a WAFv2 web ACL. */
export const REST_WAF_RULES: readonly string[] = [
  'AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF', 'PCI.DSS.321-APIGWAssociatedWithWAF', 'Portcullis-RestWaf',
];

const WAF_OFF: Weakening = {
  setting: 'no webAcl',
  reasonProp: 'wafDisabledReason',
  consequence: 'no AWS WAF in front of the stage: no managed rules against common exploits, no rate limit per client IP',
  rules: REST_WAF_RULES,
};

/** cdk-nag rules that want every method of a REST stage cached, with the cache encrypted. */
export const REST_CACHE_RULES: readonly string[] = [
  'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
];

/** cdk-nag rules that want a client certificate on a REST stage. */
export const REST_CLIENT_CERTIFICATE_RULES: readonly string[] = [
  'NIST.800.53.R5-APIGWSSLEnabled', 'HIPAA.Security-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled',
];

/** Why a REST stage is not cached as a whole: with no cache, and with a cache that methods opt into. */
const CACHE_REASONS = {
  noCache: 'No cache was asked for (cache unset): the stage keeps no cached responses, so there is no cached data to encrypt',
  optIn: 'The cache is encrypted (cacheDataEncrypted on every entry) and serves only methods that opt in with cacheResponses: '
    + 'a stage-wide cache keyed without the caller\'s identity would serve one caller\'s response to another',
};

/** Why a REST stage without HTTP backends needs no client certificate. */
const NO_HTTP_BACKEND_REASON = 'No integration of this stage is an HTTP or HTTP_PROXY backend; a client certificate only lets HTTP '
  + 'backends authenticate API Gateway, so it would be presented to no one';

/** Integration types that call an HTTP backend, the only ones a stage's client certificate is presented to. */
const HTTP_INTEGRATION_TYPES = ['HTTP', 'HTTP_PROXY'];

/** Defaults of a SecureRestApi, in one place. */
export const SECURE_REST_API_DEFAULTS = {
  stageName: 'prod',
  endpointType: EndpointType.REGIONAL,
  executionLogLevel: MethodLoggingLevel.ERROR,
  tracing: true,
  cacheSizeGb: '0.5',
  cacheTtl: Duration.minutes(5),
};

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const REQUEST_PARAMETER = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[A-Za-z0-9._~-]+$/;

/** Why a method with another authorizer is acceptable to AwsSolutions-COG4, which accepts only COGNITO_USER_POOLS. */
const COG4_REASONS: Record<AuthorizationKind, string> = {
  JWT: 'Authorized by API Gateway\'s native JWT authorizer (issuer, audience and scopes checked)',
  COGNITO: 'Authorized by the native JWT authorizer with the Cognito user pool as issuer, its app clients as audiences and scopes required',
  LAMBDA: 'Authorized by a Lambda authorizer returning an IAM policy (cache keyed on the caller credential)',
  JWT_LAMBDA: 'Authorized by the Portcullis Lambda JWT authorizer (aws-jwt-verify; issuer, audience, scopes and claims checked; fails closed)',
  IAM: 'Authorized with AWS IAM (SigV4); callers are granted execute-api:Invoke on this method',
  NONE: 'Public method with a stated reason',
};


interface MethodInfo {
  readonly authorization: RouteAuthorization;
  readonly httpMethod: string;
  readonly path: string;
}

/**
 * A method on `resource`, created in `home` (a route stack) when the resource lives in another stack
 * (the root, or a segment an earlier route stack created), so that each call's methods stay together.
 */
function methodOn(
  resource: IResource, home: Construct | undefined, path: string, httpMethod: string, integration: Integration, options: MethodOptions,
): Method {
  if (home === undefined || Stack.of(resource) === Stack.of(home)) return resource.addMethod(httpMethod, integration, options);
  return new Method(home, `${httpMethod}${path.replace(/\//g, ':')}`, { resource, httpMethod, integration, options });
}

/**
 * An API Gateway REST API that denies by default, with the same `RouteAuthorization` as `SecureHttpApi`.
 *
 * - every method has an authorizer (native JWT, Cognito through native JWT, Lambda TOKEN/REQUEST, IAM)
 *   or is declared public with a reason;
 * - a WAFv2 web ACL is associated with the stage, unless turned off with a reason;
 * - the stage traces with X-Ray, logs execution errors without bodies, writes JSON access logs to a
 *   KMS-encrypted log group, and is throttled stage-wide and per method;
 * - the account's CloudWatch Logs role is never created per API (see `ApiGatewayAccountLogging`);
 * - one Lambda integration and one invoke permission per function, scoped to this API and account;
 * - CORS only for named origins, answered by MOCK `OPTIONS` methods and on gateway errors;
 * - request validation for methods that declare models or required parameters; usage plans and keys.
 */
export class SecureRestApi extends Construct implements ISecureRestApi {
  /** The kind of API: `ApiKind.REST`. */
  public readonly apiKind = ApiKind.REST;
  /** The underlying REST API (its L1 is `restApi.node.defaultChild`, a `CfnRestApi`). */
  public readonly restApi: IRestApi;
  /** The stage (its L1 is `stage.node.defaultChild`, a `CfnStage`). */
  public readonly stage: IStage;
  /** The access log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The KMS key of the access log group, when Portcullis created it. */
  public readonly logEncryptionKey?: kms.IKey;
  /** The request validator (body and parameters) used by methods that declare models or required parameters. */
  public readonly requestValidator: RequestValidator;
  /** The association of the stage with the web ACL; undefined when WAF is turned off. */
  public readonly webAclAssociation?: wafv2.CfnWebACLAssociation;
  /** The web ACL that protects the stage (the one given, or the one Portcullis created); undefined when WAF is turned off. */
  public get webAcl(): IApiWebAcl | undefined {
    return this.givenWebAcl ?? this.gatewayWebAcl;
  }
  /**
   * The client certificate the stage presents to HTTP backends, so they can tell API Gateway from
   * anyone else (`AWS::ApiGateway::ClientCertificate`, set as the stage's `clientCertificateId`).
   * Created with the first method whose integration is `HTTP` or `HTTP_PROXY`; give its PEM
   * (`GetClientCertificate`) to those backends to verify. API Gateway client certificates expire after
   * 365 days: replace it before then. Undefined while no method calls an HTTP backend (the NIST 800-53
   * R5, HIPAA and PCI DSS `APIGWSSLEnabled` findings are then acknowledged on the stage, with that reason).
   */
  public get clientCertificate(): CfnClientCertificate | undefined {
    return this.node.tryFindChild('ClientCertificate') as CfnClientCertificate | undefined;
  }
  /** The web ACL Portcullis created, when no `webAcl` was given and WAF is on. */
  public get gatewayWebAcl(): GatewayWebAcl | undefined {
    return this.node.tryFindChild('WebAcl') as GatewayWebAcl | undefined;
  }
  /** Every method added so far. */
  public readonly methods: Method[] = [];

  private readonly api: RestApi;
  private readonly givenWebAcl?: IApiWebAcl;
  private readonly defaultAuthorization?: RouteAuthorization;
  private readonly cors?: RestCorsOptions;
  private readonly cache?: RestCacheOptions;
  private readonly authorizers = new Map<RouteAuthorization, RestMethodAuthorizer>();
  private readonly authorizerIds = new AuthorizerIds();
  private readonly lambdaIntegrations = new Map<lambda.IFunction, Integration>();
  private readonly methodKeys = new Set<string>();
  private readonly paths = new RoutePathTree();
  private readonly resourceChildren = new Map<IResource, Map<string, IResource>>();
  private readonly preflightAdded = new Set<IResource>();
  private readonly methodInfo = new Map<Method, MethodInfo>();
  private readonly routeStacks?: RouteStacks;
  private readonly usagePlans: UsagePlan[] = [];
  private readonly methodSettings: CfnStage.MethodSettingProperty[] = [];
  private readonly stageThrottle: ThrottleLimits;
  private readonly stageNameValue: string;
  private readonly methodLevel: { loggingLevel: string; metricsEnabled: boolean; dataTraceEnabled: boolean };

  constructor(scope: Construct, id: string, props: SecureRestApiProps = {}) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_STAGE_THROTTLE;
    this.stageThrottle = throttle;
    const stageName = props.stageName ?? SECURE_REST_API_DEFAULTS.stageName;
    this.stageNameValue = stageName;
    const endpointType = props.endpointType ?? SECURE_REST_API_DEFAULTS.endpointType;
    const logLevel = props.executionLogLevel ?? SECURE_REST_API_DEFAULTS.executionLogLevel;
    this.cors = props.cors;
    this.cache = props.cache;
    this.defaultAuthorization = usableDefault(props.defaultAuthorization);

    deferPropChecks(this, [
      () => validateThrottle(this, 'throttle', throttle, ApiKind.REST),
      () => checkStageName(this, 'stageName', stageName, ApiKind.REST),
      ...(props.cors ? restCorsChecks(this, props.cors) : []),
      ...accessLogChecks(this, 'accessLogs', ApiKind.REST, props.accessLogs),
      ...(props.resourcePolicy ? resourcePolicyChecks(this, 'resourcePolicy', props.resourcePolicy) : []),
      () => checkNoPublicDefault(this, props.defaultAuthorization, 'method'),
      () => {
        if (this.defaultAuthorization) {
          this.defaultAuthorization._validate(this, 'defaultAuthorization', ApiKind.REST);
          checkRestAuthorization(this, 'defaultAuthorization', this.defaultAuthorization);
        }
      },
      () => this.checkEndpoint(endpointType, props.vpcEndpoints),
      () => this.checkWaf(props),
      () => this.checkTls(props, endpointType),
      () => {
        if (props.tracing === false) checkWeakeningReason(this, TRACING_OFF, props.tracingOffReason, 'Batch API called once a night; X-Ray costs more than it tells us');
        checkReasonUnused(this, 'tracingOffReason', props.tracingOffReason, props.tracing === false, 'tracing: false');
      },
      () => {
        const off = logLevel === MethodLoggingLevel.OFF;
        if (off) checkWeakeningReason(this, REST_EXECUTION_LOGS_OFF, props.executionLogsOffReason, 'Test stage torn down nightly; access logs record every call');
        checkReasonUnused(this, 'executionLogsOffReason', props.executionLogsOffReason, off, 'executionLogLevel: MethodLoggingLevel.OFF');
      },
      () => {
        if (!props.cache) return;
        const size = props.cache.sizeGb ?? SECURE_REST_API_DEFAULTS.cacheSizeGb;
        if (!isUnresolved(size) && !CACHE_SIZES.includes(size)) {
          invalidProp(this, 'cache.sizeGb', size, `is not a cache size API Gateway offers (${CACHE_SIZES.join(', ')})`, "use e.g. '0.5' (the default)");
        }
        checkInteger(this, 'cache.ttl', (props.cache.ttl ?? SECURE_REST_API_DEFAULTS.cacheTtl).toSeconds({ integral: false }), 0, 3600,
          'use a whole number of seconds up to Duration.hours(1)');
      },
    ]);

    const destination = accessLogDestination(this, 'AccessLogs', props.accessLogs);
    this.logGroup = destination.logGroup;
    this.logEncryptionKey = destination.encryptionKey;

    // A private API admits only its own VPC endpoints (and any the caller lists).
    const allowVpcEndpoints = [...(props.resourcePolicy?.allowVpcEndpoints ?? []), ...(props.vpcEndpoints ?? []).map((e) => e.vpcEndpointId)];
    const policyOptions: RestResourcePolicyOptions | undefined = endpointType === EndpointType.PRIVATE
      ? { ...props.resourcePolicy, allowVpcEndpoints }
      : props.resourcePolicy;

    const cacheOn = props.cache !== undefined;
    this.methodLevel = { loggingLevel: logLevel, metricsEnabled: props.detailedMetrics ?? false, dataTraceEnabled: false };
    this.api = new RestApi(this, 'Api', {
      restApiName: props.restApiName ?? Names.uniqueId(this),
      description: props.description,
      // Never the account-wide CloudWatch role per API: see ApiGatewayAccountLogging.
      cloudWatchRole: false,
      endpointConfiguration: {
        types: [endpointType],
        vpcEndpoints: endpointType === EndpointType.PRIVATE ? props.vpcEndpoints : undefined,
      },
      policy: policyOptions ? restResourcePolicy(policyOptions, Stack.of(this).account) : undefined,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint ?? false,
      deploy: true,
      retainDeployments: false,
      deployOptions: {
        stageName,
        tracingEnabled: props.tracing ?? SECURE_REST_API_DEFAULTS.tracing,
        loggingLevel: logLevel,
        dataTraceEnabled: false,
        metricsEnabled: props.detailedMetrics ?? false,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        cacheClusterEnabled: cacheOn ? true : undefined,
        cacheClusterSize: cacheOn ? (props.cache!.sizeGb ?? SECURE_REST_API_DEFAULTS.cacheSizeGb) : undefined,
        // Cache encrypted whenever it is on; methods opt in (cacheResponses), so the stage-wide entry leaves caching off.
        cachingEnabled: cacheOn ? false : undefined,
        cacheDataEncrypted: cacheOn ? true : undefined,
        cacheTtl: cacheOn ? (props.cache!.ttl ?? SECURE_REST_API_DEFAULTS.cacheTtl) : undefined,
        accessLogDestination: new LogGroupLogDestination(this.logGroup),
        accessLogFormat: AccessLogFormat.custom(jsonAccessLogFormat(ApiKind.REST, props.accessLogs?.extraFields)),
      },
    });
    this.restApi = this.api;
    this.stage = this.api.deploymentStage;
    this.applyTlsPolicy(props, endpointType);
    this.acknowledgeByDesignStageFindings(cacheOn);

    // Per-method overrides (throttle, cache) are appended to the stage-wide entry aws-cdk-lib renders.
    const cfnStage = this.api.deploymentStage.node.defaultChild as CfnStage;
    recordThrottle(cfnStage, 'throttle', throttle, ApiKind.REST);
    const stageWide = cfnStage.methodSettings;
    cfnStage.methodSettings = Lazy.any({
      produce: () => [...(Array.isArray(stageWide) ? stageWide : []), ...this.methodSettings],
    });

    this.requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    if (props.cors) addCorsGatewayResponses(this.api, props.cors);
    if (props.cors) recordAnyOrigin(this.api.node.defaultChild as CfnResource, props.cors.allowOrigins, props.cors.anyOriginReason);
    if (props.wafDisabledReason !== undefined && props.webAcl === undefined) {
      const cfn = this.api.deploymentStage.node.defaultChild as CfnResource;
      cfn.addMetadata('Portcullis::WafDisabled', { reason: props.wafDisabledReason });
      recordWeakening(cfn, WAF_OFF, props.wafDisabledReason);
    }
    this.givenWebAcl = props.webAcl;
    this.webAclAssociation = this.associateWebAcl(props);
    this.recordWeakenedStage(props, logLevel);

    // The account's CloudWatch Logs role: never created here, but its absence is worth a warning.
    this.node.addValidation({
      validate: () => {
        if (logLevel !== MethodLoggingLevel.OFF && !props.accountLoggingDeclaredElsewhere && !ApiGatewayAccountLogging.isDeclaredFor(this)) {
          Annotations.of(this).addWarningV2('cdk-portcullis:executionLogsRole',
            `Execution logging is on (${logLevel}) but no ApiGatewayAccountLogging is declared for this environment in the app: API Gateway writes execution logs only when the account's CloudWatch Logs role is set (once per account and Region). `
            + 'Declare `new ApiGatewayAccountLogging(platformStack, \'ApiGatewayLogging\')` once per environment, or set accountLoggingDeclaredElsewhere: true if another app does.');
        }
        return [];
      },
    });
    this.node.addValidation({
      validate: () => {
        const keyed = [...this.methodInfo.entries()].filter(([m]) => (m.node.defaultChild as CfnMethod).apiKeyRequired === true);
        if (keyed.length > 0 && this.usagePlans.length === 0) {
          return [`prop 'methods[${keyed[0][1].httpMethod} ${keyed[0][1].path}].apiKeyRequired' = true: no usage plan of this API holds API keys, so the method answers 403 to every caller. Fix: add one with addUsagePlan() and bind keys with addApiKey()`];
        }
        return [];
      },
    });

    if (props.routeStacks) this.routeStacks = new RouteStacks(this, 'routeStacks', props.routeStacks);
    for (const method of props.methods ?? []) this.addMethods(method);
  }

  /** The URL of the stage. */
  public get url(): string {
    return this.api.url;
  }

  /** The API id. */
  public get apiId(): string {
    return this.api.restApiId;
  }

  /** The name of the stage. */
  public get stageName(): string {
    return this.stageNameValue;
  }

  /** The REST API's name: its metrics are keyed by it (`ApiName`). */
  public get apiName(): string {
    return this.api.restApiName;
  }

  /** Whether the stage reports per-method metrics. */
  public get detailedMetricsEnabled(): boolean {
    return this.methodLevel.metricsEnabled;
  }

  /** The methods as per-route alarms name them: the HTTP method and the resource path, e.g. `GET /orders/{id}`. */
  public declaredRouteKeys(): string[] {
    return this.methods.map((m) => `${m.httpMethod} ${m.resource.path}`);
  }

  /**
   * The metrics of this API's stage (`AWS/ApiGateway`, `ApiName` + `Stage`), for alarms and dashboards.
   */
  public get metrics(): RestApiMetrics {
    return new RestApiMetrics(this.apiName, this.stageName);
  }

  /**
   * The aws-cdk-lib authorizer this API created for an authorization, for escape hatches.
   *
   * @returns undefined when no method uses the authorization, or it needs no authorizer (IAM, public)
   */
  public authorizerOf(authorization: RouteAuthorization): IAuthorizer | undefined {
    return this.authorizers.get(authorization)?.authorizer;
  }

  /**
   * Requests answered with a 4XX status.
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricClientErrors(props);
  }

  /**
   * Requests answered with a 5XX status.
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricServerErrors(props);
  }

  /**
   * Requests received.
   *
   * @default - sample count over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricCount(props);
  }

  /**
   * Time between receiving a request and answering it, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricRequestLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Time the integration took, in milliseconds.
   *
   * @default - average over 5 minutes
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricIntegrationLatency({ statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /**
   * Adds the methods of one path. Every problem of the call is reported in one error.
   *
   * @returns the methods created, one per HTTP method
   */
  public addMethods(options: SecureRestMethodOptions): Method[] {
    requireArgument(this, 'addMethods(options)', options, 'pass the methods, e.g. { path: \'/orders\', methods: [\'GET\'], handler, authorization }');
    const methods = (options.methods ?? ['ANY']).map((m) => (typeof m === 'string' ? m.toUpperCase() : m));
    const label = `methods[${methods.join(',')} ${options.path}]`;
    const authorization = options.authorization ?? this.defaultAuthorization;
    const authorizationProp = options.authorization ? `${label}.authorization` : 'defaultAuthorization';
    const scopes = options.scopes ?? authorization?.scopes ?? [];

    throwPropErrors([
      () => {
        if (methods.length === 0) invalidProp(this, `${label}.methods`, methods, 'must list at least one method', "omit methods for ['ANY'], or list them");
        const unknown = methods.filter((m) => !METHODS.includes(m));
        if (unknown.length > 0) invalidProp(this, `${label}.methods`, methods, `${unknown.join(', ')} is not an HTTP method API Gateway serves`, `use ${METHODS.join(', ')}`);
        if (this.cors && methods.includes('OPTIONS')) {
          invalidProp(this, `${label}.methods`, methods, 'with cors set, a MOCK OPTIONS method answers preflight; another OPTIONS method would take it over',
            "remove 'OPTIONS' from methods");
        }
      },
      () => {
        this.paths.add(this, `${label}.path`, options.path);
        if (typeof options.path === 'string' && options.path.includes('~')) {
          invalidProp(this, `${label}.path`, options.path, "REST resource paths do not accept '~' (HTTP API paths do)", "use letters, digits, '.', '_' or '-' instead");
        }
      },
      () => { if (options.throttle) validateThrottle(this, `${label}.throttle`, options.throttle, ApiKind.REST); },
      () => checkHandlerOrIntegration(this, label, options.handler !== undefined, options.integration !== undefined),
      () => {
        requireAuthorization(this, `${label}.authorization`, authorization, 'method', ApiKind.REST);
        authorization._validate(this, authorizationProp, ApiKind.REST);
        checkRestAuthorization(this, authorizationProp, authorization);
        authorization._checkRouteScopes(this, options.scopes ? `${label}.scopes` : `${authorizationProp}.scopes`, scopes, ApiKind.REST);
        if (this.cors) checkRestCorsAllowsHeaders(this, authorizationProp, this.cors, restHeadersRead(authorization));
      },
      () => {
        for (const parameter of Object.keys(options.requestParameters ?? {})) {
          if (!REQUEST_PARAMETER.test(parameter)) {
            invalidProp(this, `${label}.requestParameters`, parameter, 'is not a REST request parameter',
              "write it as 'method.request.querystring.page', 'method.request.header.X-Tenant' or 'method.request.path.id'");
          }
        }
      },
      () => {
        if (options.cacheResponses && !this.cache) {
          invalidProp(this, `${label}.cacheResponses`, true, 'the API has no cache', 'set cache on the API, or remove cacheResponses');
        }
      },
      () => {
        for (const method of methods) {
          if (this.methodKeys.has(`${method} ${options.path}`)) {
            invalidProp(this, label, `${method} ${options.path}`, 'duplicates a method added earlier', 'add each method and path once');
          }
        }
      },
    ]);

    if (this.cors && authorization!.kind === AuthorizationKind.IAM) warnIfRestCorsBlocksSigV4(this, label, this.cors);
    const { authorizer, authorizationType } = this.authorizerFor(authorization!);
    const integration = options.integration ?? this.lambdaIntegrationFor(options.handler!);
    const validated = options.requestModels !== undefined || Object.values(options.requestParameters ?? {}).some((required) => required);
    // With route stacks, the methods and their new path segments (and preflight) go in a nested stack.
    const segments = this.newSegments(options.path);
    const home = this.routeStacks?.place(methods.length, methods.length + segments + (segments > 0 && this.cors ? 1 : 0),
      [options.handler ?? integration, authorizer, validated ? this.requestValidator : undefined]).stack;
    const resource = this.resourceFor(options.path, home);
    const created: Method[] = [];
    for (const httpMethod of methods) {
      this.methodKeys.add(`${httpMethod} ${options.path}`);
      // aws-cdk-lib's LambdaIntegration adds its one API-scoped permission under the API on first use.
      const method = withSourceAccount(this.api, this.api, () => methodOn(resource, home, options.path, httpMethod, integration, {
        authorizer,
        authorizationType: authorizer ? undefined : authorizationType,
        apiKeyRequired: options.apiKeyRequired,
        requestModels: options.requestModels,
        requestParameters: options.requestParameters,
        requestValidator: validated ? this.requestValidator : undefined,
      }));
      const cfn = method.node.defaultChild as CfnMethod;
      if (scopes.length > 0) {
        // aws-cdk-lib writes AuthorizationScopes only for COGNITO_USER_POOLS; native JWT methods take them too.
        cfn.authorizationScopes = scopes;
        this.api.latestDeployment?.addToLogicalId({ scopes: { [`${httpMethod} ${options.path}`]: scopes } });
      }
      if (authorization!.kind === AuthorizationKind.NONE) {
        recordPublicRoute(cfn, authorization!.publicReason!, REST_UNAUTHENTICATED_METHOD_RULES,
          { restApiId: cfn.restApiId, httpMethod: cfn.httpMethod, path: resource.path });
      } else {
        // AwsSolutions-COG4 accepts only COGNITO_USER_POOLS; this method's authorizer is checked just as strictly.
        // Acknowledged on the method itself, so the acknowledgement suppresses exactly this finding.
        Validations.of(cfn).acknowledge({ id: 'AwsSolutions-COG4', reason: COG4_REASONS[authorization!.kind] });
      }
      this.addMethodSettings(httpMethod, options);
      if (HTTP_INTEGRATION_TYPES.includes(Stack.of(cfn).resolve((cfn.integration as CfnMethod.IntegrationProperty | undefined)?.type))) {
        this.addClientCertificate();
      }
      this.methodInfo.set(method, { authorization: authorization!, httpMethod, path: options.path });
      this.methods.push(method);
      created.push(method);
    }
    if (options.throttle) recordThrottle(this.api.deploymentStage.node.defaultChild as CfnStage, `${label}.throttle`, options.throttle, ApiKind.REST);
    return created;
  }

  /**
   * Adds a usage plan bound to this API's stage, with a quota and throttling per key.
   */
  public addUsagePlan(id: string, options: RestUsagePlanOptions): UsagePlan {
    requireArgument(this, 'addUsagePlan(options)', options, 'pass the plan\'s throttle and quota, e.g. { throttle: { rateLimit: 10, burstLimit: 20 }, quotaLimit: 10000, quotaPeriod: Period.MONTH }');
    throwPropErrors([
      () => validateThrottle(this, `usagePlans[${id}].throttle`, options.throttle, ApiKind.REST),
      () => checkInteger(this, `usagePlans[${id}].quotaLimit`, options.quotaLimit, 1, Number.MAX_SAFE_INTEGER,
        'set the number of requests a key may make per period, e.g. quotaLimit: 10000'),
    ]);
    const plan = this.api.addUsagePlan(id, {
      name: options.name ?? id,
      throttle: { rateLimit: options.throttle.rateLimit, burstLimit: options.throttle.burstLimit },
      quota: { limit: options.quotaLimit, period: options.quotaPeriod ?? Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    recordThrottle(plan.node.defaultChild as CfnResource, `usagePlans[${id}].throttle`, options.throttle, ApiKind.REST);
    this.usagePlans.push(plan);
    return plan;
  }

  /**
   * Creates an API key (its value generated by API Gateway) and binds it to a usage plan of this API.
   */
  public addApiKey(id: string, plan: UsagePlan, apiKeyName?: string): IApiKey {
    requireArgument(this, 'addApiKey(plan)', plan, 'pass the usage plan from addUsagePlan()');
    if (!this.usagePlans.includes(plan)) {
      invalidProp(this, `apiKeys[${id}].plan`, plan.node.path, 'is not a usage plan of this API', 'create the plan with addUsagePlan() of this API');
    }
    const key = new ApiKey(this, id, { apiKeyName });
    plan.addApiKey(key);
    return key;
  }

  /**
   * Lets a principal call IAM-authorized methods, scoped to the method ARNs in this API's stage. A `*`
   * for a path parameter or ANY method is acknowledged (AwsSolutions-IAM5) on the policy that holds it.
   *
   * A role, user or group of the app gets the statement in a customer managed policy, one per grantee
   * and API (`PortcullisGrants<api unique id>`, a child of the grantee), not in its inline `DefaultPolicy`;
   * other grantees (a SecureFunction, an imported role, a service principal) get aws-cdk-lib's
   * `iam.Grant.addToPrincipal` behaviour.
   *
   * @param grantee who may call
   * @param methods the methods; each must use `RouteAuthorization.iam()`
   * @default methods - every IAM-authorized method of this API
   */
  public grantInvoke(grantee: iam.IGrantable, methods?: Method[]): iam.Grant {
    requireArgument(this, 'grantInvoke(grantee)', grantee, 'pass the role, user or function that calls the API');
    const iamMethods = this.methods.filter((m) => this.methodInfo.get(m)?.authorization.kind === AuthorizationKind.IAM);
    const targets = methods ?? iamMethods;
    if (targets.length === 0) {
      invalidProp(this, 'grantInvoke(methods)', [], 'there is no IAM-authorized method to grant',
        'add methods with authorization: RouteAuthorization.iam() before calling grantInvoke');
    }
    for (const method of targets) {
      if (!iamMethods.includes(method)) {
        invalidProp(this, 'grantInvoke(methods)', method.node.path, 'is not an IAM-authorized method of this API, so an IAM grant would not control access to it',
          'pass only methods created by this API with RouteAuthorization.iam()');
      }
    }
    return grantOnApi(this, {
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: targets.map((m) => m.methodArn),
      wildcardReason: INVOKE_WILDCARD_REASON,
    });
  }

  /**
   * Turns the default `execute-api` endpoint off because a custom domain maps this API, or keeps it
   * on for a stated reason (see `ISecureApi.serveThroughCustomDomain`). `GatewayDomain.addApi` calls it.
   */
  public serveThroughCustomDomain(keepExecuteApiEndpointReason?: string): void {
    serveThroughCustomDomain(this, this.api.node.defaultChild as CfnResource, keepExecuteApiEndpointReason);
  }

  /** Lets a principal call every IAM-authorized method of this API (see `grantInvoke`). */
  public grantInvokeIamRoutes(grantee: iam.IGrantable): iam.Grant {
    requireArgument(this, 'grantInvokeIamRoutes(grantee)', grantee, 'pass the role, user or function that calls the API');
    return this.grantInvoke(grantee);
  }

  /**
   * The stage findings of NIST 800-53 R5, HIPAA and PCI DSS that are true by design, acknowledged on
   * the stage with their reasons. The client certificate's is decided at synth, once every method is known.
   */
  private acknowledgeByDesignStageFindings(cacheOn: boolean): void {
    const cfnStage = this.api.deploymentStage.node.defaultChild as CfnStage;
    const cacheReason = cacheOn ? CACHE_REASONS.optIn : CACHE_REASONS.noCache;
    Validations.of(cfnStage).acknowledge(...REST_CACHE_RULES.map((id) => ({ id, reason: cacheReason })));
    Aspects.of(this).add({
      visit: (node) => {
        if (node === cfnStage && this.clientCertificate === undefined) {
          Validations.of(cfnStage).acknowledge(...REST_CLIENT_CERTIFICATE_RULES.map((id) => ({ id, reason: NO_HTTP_BACKEND_REASON })));
        }
      },
    });
  }

  /** The stage's client certificate, created once, with the first HTTP backend. */
  private addClientCertificate(): void {
    if (this.clientCertificate) return;
    const certificate = new CfnClientCertificate(this, 'ClientCertificate', {
      description: `Presented by the ${this.stageNameValue} stage of ${this.node.path} to its HTTP backends`,
    });
    (this.api.deploymentStage.node.defaultChild as CfnStage).clientCertificateId = certificate.attrClientCertificateId;
  }

  /**
   * The one place the web ACL meets the stage: associates the caller's web ACL. (When `GatewayWebAcl`
   * lands, a missing `webAcl` without `wafDisabledReason` creates one here instead of failing synth.)
   */
  private associateWebAcl(props: SecureRestApiProps): wafv2.CfnWebACLAssociation | undefined {
    if (!props.webAcl && props.wafDisabledReason !== undefined) return undefined;
    const webAcl = props.webAcl ?? new GatewayWebAcl(this, 'WebAcl');
    const association = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.webAclArn,
    });
    // The stage ARN is built from its name, not a reference: the stage must exist first.
    association.node.addDependency(this.api.deploymentStage);
    return association;
  }

  /**
   * X-Ray off or execution logs off, each with its reason (checked in the constructor): recorded on the
   * stage where a reviewer of the template sees them, acknowledging the rules each causes there.
   */
  private recordWeakenedStage(props: SecureRestApiProps, logLevel: MethodLoggingLevel): void {
    const cfnStage = this.api.deploymentStage.node.defaultChild as CfnResource;
    if (props.tracing === false && reasonProblem(props.tracingOffReason) === undefined) {
      recordWeakening(cfnStage, TRACING_OFF, props.tracingOffReason!);
    }
    if (logLevel === MethodLoggingLevel.OFF && reasonProblem(props.executionLogsOffReason) === undefined) {
      recordWeakening(cfnStage, REST_EXECUTION_LOGS_OFF, props.executionLogsOffReason!);
    }
  }

  /**
   * The API's own TLS policy and endpoint access mode (aws-cdk-lib 2.276's `RestApi` has no prop for
   * them: set on the `CfnRestApi`). A TLS 1.0 or BASIC choice is recorded with its reason.
   */
  private applyTlsPolicy(props: SecureRestApiProps, endpointType: EndpointType): void {
    const cfnApi = this.api.node.defaultChild as CfnRestApi;
    const policy = props.securityPolicy ?? defaultRestSecurityPolicy(endpointType);
    cfnApi.securityPolicy = policy;
    if (isEnhancedPolicy(policy)) cfnApi.endpointAccessMode = props.endpointAccessMode ?? DEFAULT_REST_ENDPOINT_ACCESS_MODE;
    if (policy === SecurityPolicy.TLS_1_0 && props.legacyTlsReason !== undefined) {
      cfnApi.addMetadata(LEGACY_TLS_METADATA_KEY, {
        securityPolicy: SecurityPolicy.TLS_1_0,
        reason: props.legacyTlsReason,
        consequence: 'clients may connect with TLS 1.0 and 1.1 (deprecated by RFC 8996), open to downgrade attacks',
      });
      Validations.of(cfnApi).acknowledge({ id: REST_API_TLS_RULE, reason: `TLS 1.0 accepted with legacyTlsReason: ${props.legacyTlsReason}` });
    }
    if (props.endpointAccessMode === EndpointAccessMode.BASIC && props.basicEndpointAccessReason !== undefined) {
      cfnApi.addMetadata(BASIC_ENDPOINT_ACCESS_METADATA_KEY, {
        reason: props.basicEndpointAccessReason,
        consequence: 'requests arriving through another endpoint type, or whose TLS SNI does not match the Host header, are answered',
      });
    }
  }

  private checkTls(props: SecureRestApiProps, endpointType: EndpointType): void {
    const policy = props.securityPolicy;
    if (policy !== undefined && !isUnresolved(policy)) {
      const found = restSecurityPolicyProblem(policy, endpointType);
      if (found) invalidProp(this, 'securityPolicy', policy, found.problem, found.fix);
    }
    const legacy = policy === SecurityPolicy.TLS_1_0;
    const reason = props.legacyTlsReason;
    if (legacy && reason === undefined) {
      invalidProp(this, 'securityPolicy', policy, 'accepts TLS 1.0 and 1.1, deprecated by RFC 8996 and open to downgrade attacks',
        'leave securityPolicy out (TLS 1.3), or give legacyTlsReason naming the clients that cannot speak TLS 1.2 and until when');
    }
    if (!legacy && reason !== undefined) invalidProp(this, 'legacyTlsReason', reason, 'is only used with securityPolicy: SecurityPolicy.TLS_1_0', 'remove legacyTlsReason');
    const legacyProblem = reason === undefined ? undefined : reasonProblem(reason);
    if (legacyProblem) invalidProp(this, 'legacyTlsReason', reason, legacyProblem, 'say which clients cannot speak TLS 1.2 and until when');

    const mode = props.endpointAccessMode;
    const enhanced = isEnhancedPolicy(policy ?? defaultRestSecurityPolicy(endpointType));
    if (mode !== undefined && !enhanced) {
      invalidProp(this, 'endpointAccessMode', mode, `is only used with an enhanced (SecurityPolicy_*) policy, not ${policy}`, 'remove endpointAccessMode');
    }
    const basic = mode === EndpointAccessMode.BASIC;
    const basicReason = props.basicEndpointAccessReason;
    if (basic && basicReason === undefined) {
      invalidProp(this, 'endpointAccessMode', mode, 'answers requests through another endpoint type or with a TLS SNI that does not match the Host header',
        'leave endpointAccessMode out (STRICT), or give basicEndpointAccessReason naming the callers that need it');
    }
    if (!basic && basicReason !== undefined) {
      invalidProp(this, 'basicEndpointAccessReason', basicReason, 'is only used with endpointAccessMode: EndpointAccessMode.BASIC', 'remove basicEndpointAccessReason');
    }
    const basicProblem = basicReason === undefined ? undefined : reasonProblem(basicReason);
    if (basicProblem) invalidProp(this, 'basicEndpointAccessReason', basicReason, basicProblem, 'say which callers need BASIC and until when');
  }

  private checkWaf(props: SecureRestApiProps): void {
    if (props.webAcl && props.wafDisabledReason !== undefined) {
      invalidProp(this, 'wafDisabledReason', props.wafDisabledReason, 'webAcl is given too; one of them is a mistake',
        'remove wafDisabledReason to protect the stage with webAcl, or remove webAcl to turn WAF off');
    }
    if (!props.webAcl && props.wafDisabledReason !== undefined) {
      checkWeakeningReason(this, WAF_OFF, props.wafDisabledReason, 'Private API reached only from our VPC; WAF cannot be associated with private APIs');
    }
  }

  private checkEndpoint(endpointType: EndpointType, vpcEndpoints: ec2.IInterfaceVpcEndpoint[] | undefined): void {
    const isPrivate = endpointType === EndpointType.PRIVATE;
    if (isPrivate && (vpcEndpoints ?? []).length === 0) {
      invalidProp(this, 'vpcEndpoints', vpcEndpoints, 'a PRIVATE API is reached only through interface VPC endpoints, and its resource policy admits only them',
        'pass the execute-api interface endpoints: vpcEndpoints: [endpoint]');
    }
    if (!isPrivate && vpcEndpoints !== undefined) {
      invalidProp(this, 'vpcEndpoints', vpcEndpoints.map((e) => e.node.path), `only a PRIVATE API is reached through VPC endpoints (endpointType is ${endpointType})`,
        'set endpointType: EndpointType.PRIVATE, or remove vpcEndpoints (use resourcePolicy.allowVpcEndpoints to restrict a public API)');
    }
  }

  /**
   * @param home the route stack new path segments go in; a segment whose parent lives in another stack is
   * created directly under it, named by its whole path (`Path:orders:{id}`)
   * @default home - beside their parent segment, in the API's stack
   */
  private resourceFor(path: string, home?: Construct): IResource {
    // Not aws-cdk-lib's resourceForPath: it and the construct tree keep children in plain objects, so a
    // segment named like an Object.prototype member ('toString', 'constructor') breaks them. Such a
    // segment gets a construct id of its own; the path part stays as written.
    let resource: IResource = this.api.root;
    let walked = '';
    for (const part of path.split('/').filter((p) => p !== '')) {
      walked += `:${part}`;
      let children = this.resourceChildren.get(resource);
      if (!children) this.resourceChildren.set(resource, children = new Map());
      let child = children.get(part);
      if (!child) {
        const id = part in {} ? `${part}#segment` : part;
        child = home !== undefined && Stack.of(resource) !== Stack.of(home)
          ? new Resource(home, `Path${walked}`, { parent: resource, pathPart: part })
          : new Resource(resource, id, { parent: resource, pathPart: part });
        children.set(part, child);
      }
      resource = child;
    }
    if (this.cors && !this.preflightAdded.has(resource)) {
      resource.addCorsPreflight(toRestCorsPreflight(this.cors));
      this.preflightAdded.add(resource);
    }
    return resource;
  }

  /** How many path segments of `path` do not exist yet (each becomes an `AWS::ApiGateway::Resource`). */
  private newSegments(path: string): number {
    const parts = path.split('/').filter((p) => p !== '');
    let resource: IResource | undefined = this.api.root;
    let existing = 0;
    for (const part of parts) {
      resource = resource === undefined ? undefined : this.resourceChildren.get(resource)?.get(part);
      if (resource === undefined) break;
      existing++;
    }
    return parts.length - existing;
  }

  private addMethodSettings(httpMethod: string, options: SecureRestMethodOptions): void {
    if (!options.throttle && !options.cacheResponses) return;
    const throttle = options.throttle ?? this.stageThrottle;
    this.methodSettings.push({
      // MethodSettings name a resource path with '/' written as '~1'; '*' covers ANY.
      resourcePath: `/${options.path.replace(/\//g, '~1')}`,
      httpMethod: httpMethod === 'ANY' ? '*' : httpMethod,
      ...this.methodLevel,
      throttlingRateLimit: throttle.rateLimit,
      throttlingBurstLimit: throttle.burstLimit,
      cachingEnabled: this.cache ? options.cacheResponses === true : undefined,
      cacheDataEncrypted: this.cache ? true : undefined,
      cacheTtlInSeconds: this.cache ? (this.cache.ttl ?? SECURE_REST_API_DEFAULTS.cacheTtl).toSeconds() : undefined,
    });
  }

  private authorizerFor(authorization: RouteAuthorization): RestMethodAuthorizer {
    let built = this.authorizers.get(authorization);
    if (!built) {
      built = buildRestAuthorizer(this, this.api, authorization, this.authorizerIds.next(authorization));
      this.authorizers.set(authorization, built);
    }
    return built;
  }


  private lambdaIntegrationFor(fn: lambda.IFunction): Integration {
    let integration = this.lambdaIntegrations.get(fn);
    if (!integration) {
      // One integration and one permission per function, scoped to this API (`<api-id>/*/*/*`): aws-cdk-lib's
      // scopePermissionToMethod: false (no per-method permission, no console test-invoke duplicate).
      integration = new LambdaIntegration(fn, { scopePermissionToMethod: false });
      this.lambdaIntegrations.set(fn, integration);
    }
    return integration;
  }

}
