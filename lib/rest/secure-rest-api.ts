import { Annotations, CfnResource, Lazy, Names, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat, CfnClientCertificate, CfnMethod, CfnStage, EndpointType, IApiKey, IAuthorizer, IRestApi, IStage,
  LogGroupLogDestination, Method, MethodLoggingLevel, RequestValidator, RestApi, UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { checkRestAuthorization } from './rest-authorizer-builder';
import { addCorsGatewayResponses, refuseRestCorsOriginList, restCorsChecks } from './rest-cors';
import { RestMethodBuilder, SecureRestMethodOptions } from './rest-method-builder';
import { checkRestEndpoint, resourcePolicyChecks, restResourcePolicy, RestResourcePolicyOptions } from './rest-resource-policy';
import {
  acknowledgeByDesignStageFindings, addClientCertificate, recordWeakenedStage, restStageSettingChecks, SECURE_REST_API_DEFAULTS,
} from './rest-stage-settings';
import { applyRestTlsPolicy, checkRestTls } from './rest-tls-policy';
import { addRestApiKey, addRestUsagePlan, RestUsagePlanOptions } from './rest-usage-plans';
import { associateWebAcl, checkWaf } from './rest-waf-association';
import { SecureRestApiProps } from './secure-rest-api-props';
import { checkNoPublicDefault, usableDefault } from '../authorization/deny-by-default';
import { AuthorizationKind, RouteAuthorization } from '../authorization/route-authorization';
import { jsonAccessLogFormat } from '../common/access-log-fields';
import { accessLogChecks, accessLogDestination } from '../common/access-logs';
import { ApiGatewayAccountLogging } from '../common/api-gateway-account-logging';
import { grantOnApi, INVOKE_WILDCARD_REASON } from '../common/api-grant';
import { ApiKind } from '../common/api-kind';
import { recordAnyOrigin } from '../common/cors-policy';
import { serveThroughCustomDomain } from '../common/execute-api-endpoint';
import { RouteStacks } from '../common/route-stacks';
import { ISecureApi } from '../common/secure-api';
import { checkStageName } from '../common/stage-name';
import { DEFAULT_STAGE_THROTTLE, recordThrottle, validateThrottle } from '../common/throttle';
import { deferPropChecks, invalidProp, requireArgument } from '../common/validation';
import { RestApiMetrics } from '../monitoring/metrics/rest-api-metrics';
import { GatewayWebAcl, IApiWebAcl } from '../waf/gateway-web-acl';


// Moved to the files of their concepts; exported here too, as before the split.
export { SECURE_REST_API_DEFAULTS, REST_TRACING_RULES, REST_EXECUTION_LOGGING_RULES, REST_CACHE_RULES, REST_CLIENT_CERTIFICATE_RULES } from './rest-stage-settings';
export type { RestCacheOptions } from './rest-stage-settings';
export { REST_WAF_RULES } from './rest-waf-association';
export { REST_API_TLS_RULE, BASIC_ENDPOINT_ACCESS_METADATA_KEY } from './rest-tls-policy';
export { REST_UNAUTHENTICATED_METHOD_RULES } from './rest-method-builder';
export type { SecureRestMethodOptions } from './rest-method-builder';
export type { RestUsagePlanOptions } from './rest-usage-plans';
export type { SecureRestApiProps } from './secure-rest-api-props';

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
  private readonly methodBuilder: RestMethodBuilder;
  private readonly usagePlans: UsagePlan[] = [];
  private readonly methodSettings: CfnStage.MethodSettingProperty[] = [];
  private readonly stageNameValue: string;
  private readonly methodLevel: { loggingLevel: string; metricsEnabled: boolean; dataTraceEnabled: boolean };

  constructor(scope: Construct, id: string, props: SecureRestApiProps = {}) {
    super(scope, id);
    const throttle = props.throttle ?? DEFAULT_STAGE_THROTTLE;
    const stageName = props.stageName ?? SECURE_REST_API_DEFAULTS.stageName;
    this.stageNameValue = stageName;
    const endpointType = props.endpointType ?? SECURE_REST_API_DEFAULTS.endpointType;
    const logLevel = props.executionLogLevel ?? SECURE_REST_API_DEFAULTS.executionLogLevel;
    const defaultAuthorization = usableDefault(props.defaultAuthorization);

    refuseRestCorsOriginList(this, props.cors);
    deferPropChecks(this, [
      () => validateThrottle(this, 'throttle', throttle, ApiKind.REST),
      () => checkStageName(this, 'stageName', stageName, ApiKind.REST),
      ...(props.cors ? restCorsChecks(this, props.cors) : []),
      ...accessLogChecks(this, 'accessLogs', ApiKind.REST, props.accessLogs),
      ...(props.resourcePolicy ? resourcePolicyChecks(this, 'resourcePolicy', props.resourcePolicy) : []),
      () => checkNoPublicDefault(this, props.defaultAuthorization, 'method'),
      () => {
        if (defaultAuthorization) {
          defaultAuthorization._validate(this, 'defaultAuthorization', ApiKind.REST);
          checkRestAuthorization(this, 'defaultAuthorization', defaultAuthorization);
        }
      },
      () => checkRestEndpoint(this, endpointType, props.vpcEndpoints),
      () => checkWaf(this, props),
      () => checkRestTls(this, props, endpointType),
      ...restStageSettingChecks(this, props, logLevel),
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
    applyRestTlsPolicy(this.api, props, endpointType);
    acknowledgeByDesignStageFindings(this, this.api, cacheOn);

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
    this.givenWebAcl = props.webAcl;
    this.webAclAssociation = associateWebAcl(this, this.api, props);
    recordWeakenedStage(this.api, props, logLevel);

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
        const keyed = [...this.methodBuilder.methodInfo.entries()].filter(([m]) => (m.node.defaultChild as CfnMethod).apiKeyRequired === true);
        if (keyed.length > 0 && this.usagePlans.length === 0) {
          return [`prop 'methods[${keyed[0][1].httpMethod} ${keyed[0][1].path}].apiKeyRequired' = true: no usage plan of this API holds API keys, so the method answers 403 to every caller. Fix: add one with addUsagePlan() and bind keys with addApiKey()`];
        }
        return [];
      },
    });

    const routeStacks = props.routeStacks ? new RouteStacks(this, 'routeStacks', props.routeStacks) : undefined;
    this.methodBuilder = new RestMethodBuilder({
      owner: this,
      api: this.api,
      requestValidator: this.requestValidator,
      methods: this.methods,
      methodSettings: this.methodSettings,
      stageThrottle: throttle,
      methodLevel: this.methodLevel,
      defaultAuthorization,
      cors: props.cors,
      cache: props.cache,
      routeStacks,
      onHttpBackend: () => addClientCertificate(this, this.api, stageName),
    });
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
    return this.methodBuilder.authorizerOf(authorization);
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
    return this.methodBuilder.addMethods(options);
  }

  /**
   * Adds a usage plan bound to this API's stage, with a quota and throttling per key.
   */
  public addUsagePlan(id: string, options: RestUsagePlanOptions): UsagePlan {
    const plan = addRestUsagePlan(this, this.api, id, options);
    this.usagePlans.push(plan);
    return plan;
  }

  /**
   * Creates an API key (its value generated by API Gateway) and binds it to a usage plan of this API.
   */
  public addApiKey(id: string, plan: UsagePlan, apiKeyName?: string): IApiKey {
    return addRestApiKey(this, this.usagePlans, id, plan, apiKeyName);
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
    const iamMethods = this.methods.filter((m) => this.methodBuilder.methodInfo.get(m)?.authorization.kind === AuthorizationKind.IAM);
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


}
