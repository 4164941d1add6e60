import * as path from 'node:path';
import { Annotations, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { JsonSchemaType, MethodLoggingLevel, Model, Period } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  AlarmTopic, ApiGatewayAccountLogging, ApiUserPool, CORS_SIGV4_WARNING, REST_CORS_SIGV4_WARNING, DomainProtocol, GatewayAccess, GatewayChangeAlerts,
  GatewayConfigRules, GatewayDomain, GatewayMonitoring, IdentitySource, JwtIssuer, RouteAuthorization, SecureFunction, SecureHttpApi,
  SecureRestApi, SecureWebSocketApi, SharedEncryptionKey, UnusedApiSweeper,
} from '../lib';

const ASSETS = path.join(__dirname, '..', 'assets', 'lambda');

/** What the showcase's functions state for the findings a function cannot fix by itself. */
const BACKEND_CHOICES = {
  noVpcReason: 'Reaches no private network resource; a VPC would add NAT cost and cold-start latency for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
};

/** Properties of the {@link ShowcaseStack}. */
export interface ShowcaseStackProps extends StackProps {
  /**
   * One `SharedEncryptionKey` for every log group and topic of the stack instead of one key each.
   *
   * @default false
   */
  readonly sharedEncryptionKey?: boolean;
}

/**
 * Every Portcullis construct, wired the way we recommend. `npx cdk synth` runs the cdk-nag packs on
 * it; each acknowledgement below names one rule on one resource and says why.
 */
export class ShowcaseStack extends Stack {
  public readonly api: SecureHttpApi;
  public readonly restApi: SecureRestApi;
  public readonly webSocketApi: SecureWebSocketApi;
  public readonly domain: GatewayDomain;
  public readonly restDomain: GatewayDomain;
  public readonly webSocketDomain: GatewayDomain;

  /** Alarms and the dashboard of every showcase API. */
  public readonly monitoring: GatewayMonitoring;

  constructor(scope: Construct, id: string, props: ShowcaseStackProps = {}) {
    super(scope, id, props);
    // Created first: the constructs below look it up when they are created.
    if (props.sharedEncryptionKey) new SharedEncryptionKey(this, 'PortcullisKey');

    const backend = new SecureFunction(this, 'Backend', {
      ...BACKEND_CHOICES,
      code: lambda.Code.fromAsset(path.join(ASSETS, 'echo')),
    }).function;
    const authorizerFn = new SecureFunction(this, 'KeyAuthorizer', {
      ...BACKEND_CHOICES,
      code: lambda.Code.fromAsset(path.join(ASSETS, 'demo-authorizer')),
      // SHA-256 of the demo key; a real app reads it from Secrets Manager.
      environment: { API_KEY_SHA256: 'bf9a2fc8d1a4e0a6f7dbf2a8b5a9e6c0b7e5f1a3c2d4e6f8091a2b3c4d5e6f70' },
    }).function;

    // A user pool made for APIs: MFA required, Plus plan with threat protection, deletion protection, ...
    const users = new ApiUserPool(this, 'Users');
    users.addResourceServer('Orders', { identifier: 'orders', scopes: { read: 'Read orders' } });
    const webClient = users.addBrowserClient('WebClient', { callbackUrls: ['https://app.example.com/callback'], scopes: ['openid', 'orders/read'] });
    const reportsClient = users.addMachineClient('ReportsClient', { scopes: ['orders/read'] });
    users.addDomain('SignIn', 'portcullis-showcase');

    // Placeholders a deployer must replace: every *.example.com name below, the hosted zone id, and the
    // partner issuer. The native JWT authorizers (HTTP and REST) read the issuer's
    // /.well-known/openid-configuration when API Gateway creates them, so an issuer that is not
    // reachable then (as https://auth.example.com/ is not) fails the deployment: use your OpenID
    // provider's issuer URL, exactly as in its tokens' iss claim, and its audience.
    const partnerJwt = RouteAuthorization.jwt({
      issuer: 'https://auth.example.com/',
      audience: ['https://api.example.com'],
      scopes: ['user.id', 'user.email'],
    });

    this.api = new SecureHttpApi(this, 'ShowcaseApi', {
      description: 'Portcullis showcase: every authorization kind, CORS, throttling, access logs',
      defaultAuthorization: partnerJwt,
      cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST] },
      throttle: { rateLimit: 200, burstLimit: 400 },
    });

    this.api.addRoutes({ path: '/me', methods: [HttpMethod.GET], handler: backend });
    this.api.addRoutes({ path: '/me/email', methods: [HttpMethod.GET], handler: backend, scopes: ['user.email'] });
    this.api.addRoutes({
      path: '/orders',
      methods: [HttpMethod.GET],
      handler: backend,
      authorization: users.routeAuthorization({ clients: [webClient], scopes: ['orders/read'] }),
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    // The Lambda JWT authorizer: the pool's machine client and a partner's OIDC issuer, one function per API.
    // The same authorization protects an HTTP route here and a REST method below.
    const exportJwt = RouteAuthorization.jwtLambda({
      issuers: [
        users.jwtIssuer([reportsClient]),
        // Replace with your provider's issuer and JWKS URL: the Lambda authorizer fetches the keys at run time.
        JwtIssuer.oidc({
          issuer: 'https://auth.example.com/',
          jwksUri: 'https://auth.example.com/.well-known/jwks.json',
          audiences: ['https://api.example.com'],
        }),
      ],
      scopes: ['orders/read'],
      reservedConcurrentExecutions: 10,
    });
    this.api.addRoutes({ path: '/orders/export', methods: [HttpMethod.GET], handler: backend, authorization: exportJwt });
    this.api.addRoutes({
      path: '/partner/{proxy+}',
      handler: backend,
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: authorizerFn, resultsCacheTtl: Duration.minutes(5) }),
    });
    const internal = this.api.addRoutes({
      path: '/internal/reports',
      methods: [HttpMethod.GET, HttpMethod.POST],
      handler: backend,
      authorization: RouteAuthorization.iam(),
    });
    Annotations.of(this.api).acknowledgeWarning(CORS_SIGV4_WARNING, 'The /internal/reports routes are called by the reporting backend, never by a browser');
    this.api.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      handler: backend,
      authorization: RouteAuthorization.publicAccess('Liveness probe for external uptime monitoring; returns no data'),
    });

    const reporter = new iam.Role(this, 'ReportingRole', {
      assumedBy: new iam.AccountPrincipal(this.account),
      description: 'May call the IAM-authorized /internal/reports routes, nothing else',
    });
    // The grant lands in a customer managed policy of the role, one per API (no inline DefaultPolicy).
    this.api.grantInvoke(reporter, internal);

    // The REST API: the same authorizations, plus WAF, X-Ray, execution logs, validation and usage plans.
    // API Gateway's account-wide CloudWatch Logs role, declared once for this environment.
    // It acknowledges the log-group wildcards of its role's policy itself (API Gateway names those groups).
    new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');

    this.restApi = new SecureRestApi(this, 'ShowcaseRestApi', {
      description: 'Portcullis showcase: REST API with WAF, native JWT, Cognito, IAM, usage plans, validation',
      defaultAuthorization: partnerJwt,
      cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: ['GET', 'POST'] },
      throttle: { rateLimit: 200, burstLimit: 400 },
      executionLogLevel: MethodLoggingLevel.ERROR,
      // No webAcl: SecureRestApi creates a GatewayWebAcl (managed rule groups, rate limit per IP, encrypted logs).
    });
    this.restApi.addMethods({ path: '/me', methods: ['GET'], handler: backend });
    this.restApi.addMethods({
      path: '/orders',
      methods: ['GET'],
      handler: backend,
      authorization: users.routeAuthorization({ clients: [webClient], scopes: ['orders/read'] }),
      throttle: { rateLimit: 50, burstLimit: 100 },
      requestParameters: { 'method.request.querystring.page': false },
    });
    this.restApi.addMethods({ path: '/orders/export', methods: ['GET'], handler: backend, authorization: exportJwt });
    const orderModel = new Model(this, 'OrderModel', {
      restApi: this.restApi.restApi,
      contentType: 'application/json',
      schema: { type: JsonSchemaType.OBJECT, required: ['item'], properties: { item: { type: JsonSchemaType.STRING, maxLength: 64 } } },
    });
    this.restApi.addMethods({
      path: '/partner/orders',
      methods: ['POST'],
      handler: backend,
      apiKeyRequired: true,
      requestModels: { 'application/json': orderModel },
    });
    const restKeyAuthorizer = new SecureFunction(this, 'RestKeyAuthorizer', {
      ...BACKEND_CHOICES,
      code: lambda.Code.fromAsset(path.join(ASSETS, 'demo-rest-authorizer')),
      // SHA-256 of the demo key; a real app reads it from Secrets Manager.
      environment: { API_KEY_SHA256: 'bf9a2fc8d1a4e0a6f7dbf2a8b5a9e6c0b7e5f1a3c2d4e6f8091a2b3c4d5e6f70' },
    }).function;
    this.restApi.addMethods({
      path: '/partner/status',
      methods: ['GET'],
      handler: backend,
      // A TOKEN authorizer whose cached policy covers the whole stage (RestAuthorizerPolicy.stageResource).
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: restKeyAuthorizer, resultsCacheTtl: Duration.minutes(5) }),
    });
    const partners = this.restApi.addUsagePlan('Partners', { throttle: { rateLimit: 20, burstLimit: 40 }, quotaLimit: 100_000, quotaPeriod: Period.MONTH });
    this.restApi.addApiKey('AcmeKey', partners);
    const restInternal = this.restApi.addMethods({
      path: '/internal/reports',
      methods: ['GET'],
      handler: backend,
      authorization: RouteAuthorization.iam(),
    });
    Annotations.of(this.restApi).acknowledgeWarning(REST_CORS_SIGV4_WARNING, 'The /internal/reports method is called by the reporting backend, never by a browser');
    this.restApi.grantInvoke(reporter, restInternal);
    this.restApi.addMethods({
      path: '/health',
      methods: ['GET'],
      handler: backend,
      authorization: RouteAuthorization.publicAccess('Liveness probe for external uptime monitoring; returns no data'),
    });

    // ---- WebSocket API ----------------------------------------------------------------------------
    // $connect checks the browser client's token (in the query string: browsers cannot set headers on a
    // WebSocket) with the Lambda JWT authorizer; every later message runs on that connection. The echo
    // backend serves $default and $disconnect and answers clients through @connections (POST only).
    this.webSocketApi = new SecureWebSocketApi(this, 'ShowcaseWebSocketApi', {
      description: 'Portcullis showcase: $connect authorized by a JWT in the query string, throttled, logged',
      connect: {
        handler: backend,
        authorization: RouteAuthorization.jwtLambda({
          issuers: [users.jwtIssuer([webClient])],
          scopes: ['orders/read'],
          tokenSource: IdentitySource.queryString('token'),
          reservedConcurrentExecutions: 10,
        }),
        throttle: { rateLimit: 20, burstLimit: 40 },
      },
      defaultRoute: { handler: backend },
      disconnect: { handler: backend },
      throttle: { rateLimit: 100, burstLimit: 200 },
    });
    // The construct acknowledges the @connections/* wildcard on the backend's grants policy, with its reason.
    this.webSocketApi.grantManageConnections(backend);

    // ---- Custom domains: one per API kind (GatewayDomain) ----
    // The zone is imported by attributes (no lookup); example.com and its id are placeholders to replace.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'ExampleZone', { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com' });
    // Alarms publish to a topic encrypted with a key CloudWatch may use (not aws/sns), TLS only, this account's alarms only.
    const alerts = new AlarmTopic(this, 'Alerts');
    // Each: a DNS-validated certificate, a dual-stack domain with alias A and AAAA records, the certificate
    // expiry alarm; the API loses its execute-api endpoint. The HTTP API's domain is TLS_1_2 (the only policy
    // HTTP APIs take); the REST API keeps a domain of its own so that it stays TLS 1.3 only.
    this.domain = new GatewayDomain(this, 'ApiDomain', { domainName: 'api.example.com', hostedZone: zone, alarmTopic: alerts.topic });
    this.domain.addApi(this.api, { basePath: 'app' });
    this.restDomain = new GatewayDomain(this, 'ShopDomain', { domainName: 'shop.example.com', hostedZone: zone, alarmTopic: alerts.topic });
    this.restDomain.addApi(this.restApi);
    // WebSocket APIs never share a domain with REST or HTTP APIs: their own name, TLS 1.2.
    this.webSocketDomain = new GatewayDomain(this, 'WebSocketDomain', {
      domainName: 'ws.example.com', hostedZone: zone, protocol: DomainProtocol.WEBSOCKET, alarmTopic: alerts.topic,
    });
    this.webSocketDomain.addApi(this.webSocketApi);

    // Monitoring: alarms to a KMS-encrypted topic and one dashboard for every API, its authorizers, WAF and backends.
    // The same topic as the certificate expiry alarms: one place to subscribe on-call to.
    this.monitoring = new GatewayMonitoring(this, 'Monitoring', { alarmTopic: alerts.topic });
    this.monitoring.monitorApi(this.api, { label: 'ShowcaseApi (HTTP)', backends: [backend], authorizers: [authorizerFn] });
    this.monitoring.monitorApi(this.restApi, { label: 'ShowcaseRestApi (REST)', authorizers: [restKeyAuthorizer] });
    this.monitoring.monitorApi(this.webSocketApi, { label: 'ShowcaseWebSocketApi (WebSocket)' });

    this.addGovernance(alerts);
  }

  // ---- Governance (issue 16): Config rules on the account's existing recorder, change alerts, the
  // unused-API sweeper in report-only mode, and a pipeline role that may deploy the three APIs only.
  // They notify the same topic as the alarms, which EventBridge rules may then publish to as well.
  private addGovernance(alarms: AlarmTopic): void {
    alarms.allowEventBridgeRules();
    new GatewayConfigRules(this, 'ConfigRules', { topic: alarms.topic });
    new GatewayChangeAlerts(this, 'ChangeAlerts', { topic: alarms.topic });
    new UnusedApiSweeper(this, 'UnusedApiSweeper', { topic: alarms.topic });
    const deployer = new iam.Role(this, 'DeployerRole', {
      assumedBy: new iam.AccountPrincipal(this.account),
      description: 'Pipeline role: may deploy the three showcase APIs to their stages, nothing else',
    });
    GatewayAccess.grantDeploy(deployer, [this.api, this.restApi, this.webSocketApi]);
  }
}
