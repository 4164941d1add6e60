import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Period } from 'aws-cdk-lib/aws-apigateway';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  AlarmTopic, ApiGatewayAccountLogging, ApiUserPool, DomainProtocol, EncryptedLogGroup, GatewayAccess, GatewayChangeAlerts,
  GatewayConfigRules, GatewayDomain, GatewayMonitoring, GatewayWebAcl, IdentitySource, JwtIssuer, MtlsTruststore, RouteAuthorization,
  SecureFunction, SecureHttpApi, SecureRestApi, SecureWebSocketApi, UnusedApiSweeper,
} from 'cdk-portcullis';
import { PARTNER_CA_PEM } from './partner-ca';

/** What each of the app's functions says about the findings a function cannot fix by itself. */
const FUNCTION_CHOICES = {
  noVpcReason: 'Calls only public AWS endpoints; a VPC would add NAT cost and cold starts for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway, which returns the error to the caller',
};

/** A handler of the user's own. */
function backend(scope: Construct, id: string): SecureFunction {
  return new SecureFunction(scope, id, {
    ...FUNCTION_CHOICES,
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "{}" });'),
  });
}

/** An orders service behind HTTP, REST and WebSocket APIs, built only from Portcullis pieces. */
export class UserApiStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // Eight backends.
    const [me, orders, exportFn, partner, reports, health, socket, authorizer] =
      ['Me', 'Orders', 'Export', 'Partner', 'Reports', 'Health', 'Socket', 'KeyAuthorizer'].map((name) => backend(this, name).function);

    const users = new ApiUserPool(this, 'Users');
    users.addResourceServer('Orders', { identifier: 'orders', scopes: { read: 'Read orders', write: 'Place orders' } });
    const web = users.addBrowserClient('Web', { callbackUrls: ['https://app.example.com/callback'], scopes: ['openid', 'orders/read'] });
    const batch = users.addMachineClient('Batch', { scopes: ['orders/read'] });
    users.addDomain('SignIn', 'orders-example');

    const partnerJwt = RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['https://api.example.com'], scopes: ['user.id', 'user.email'] });
    const exportJwt = RouteAuthorization.jwtLambda({
      issuers: [users.jwtIssuer([batch]), JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['https://api.example.com'] })],
      scopes: ['orders/read'],
    });

    // HTTP API.
    const http = new SecureHttpApi(this, 'OrdersHttpApi', {
      defaultAuthorization: partnerJwt,
      cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowHeaders: ['authorization', 'content-type', 'x-api-key', 'x-amz-date', 'x-amz-security-token'] },
    });
    http.addRoutes({ path: '/me', methods: [HttpMethod.GET], handler: me });
    http.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: orders, authorization: users.routeAuthorization({ clients: [web], scopes: ['orders/read'] }) });
    http.addRoutes({ path: '/orders/export', methods: [HttpMethod.GET], handler: exportFn, authorization: exportJwt });
    http.addRoutes({
      path: '/partner/{proxy+}', handler: partner,
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: authorizer, identitySources: [IdentitySource.header('X-Api-Key')], resultsCacheTtl: Duration.minutes(5) }),
    });
    http.addRoutes({ path: '/health', methods: [HttpMethod.GET], handler: health, authorization: RouteAuthorization.publicAccess('Liveness probe for uptime monitoring; returns no data') });

    // REST API: WAF, execution logs and X-Ray by default; its account-wide logging role once per environment.
    new ApiGatewayAccountLogging(this, 'ApiGatewayLogging');
    const webAcl = new GatewayWebAcl(this, 'WebAcl');
    const rest = new SecureRestApi(this, 'OrdersRestApi', { defaultAuthorization: partnerJwt, webAcl });
    rest.addMethods({ path: '/me', methods: ['GET'], handler: me });
    rest.addMethods({ path: '/orders', methods: ['GET'], handler: orders, authorization: users.routeAuthorization({ clients: [web], scopes: ['orders/read'] }) });
    rest.addMethods({ path: '/orders/export', methods: ['GET'], handler: exportFn, authorization: exportJwt });
    const partners = rest.addUsagePlan('Partners', { throttle: { rateLimit: 20, burstLimit: 40 }, quotaLimit: 10_000, quotaPeriod: Period.DAY });
    rest.addApiKey('AcmeKey', partners);
    rest.addMethods({ path: '/partner/orders', methods: ['POST'], handler: partner, apiKeyRequired: true });
    const restReports = rest.addMethods({ path: '/reports', methods: ['GET'], handler: reports, authorization: RouteAuthorization.iam() });
    const httpReports = http.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: reports, authorization: RouteAuthorization.iam() });

    // WebSocket API: $connect checks a token in the query string.
    const ws = new SecureWebSocketApi(this, 'OrdersSocket', {
      connect: {
        handler: socket,
        authorization: RouteAuthorization.jwtLambda({ issuers: [users.jwtIssuer([web])], scopes: ['orders/read'], tokenSource: IdentitySource.queryString('token') }),
      },
      defaultRoute: { handler: socket },
      disconnect: { handler: socket },
    });
    ws.grantManageConnections(socket);

    // The user's own roles, given access only through Portcullis' grants.
    const reporting = new iam.Role(this, 'ReportingRole', { assumedBy: new iam.AccountPrincipal(this.account) });
    http.grantInvoke(reporting, httpReports);
    rest.grantInvoke(reporting, restReports);
    const deployer = new iam.Role(this, 'DeployerRole', { assumedBy: new iam.AccountPrincipal(this.account) });
    GatewayAccess.grantDeploy(deployer, [http, rest, ws]);
    const auditor = new iam.Role(this, 'AuditorRole', { assumedBy: new iam.AccountPrincipal(this.account) });
    GatewayAccess.grantRead(auditor, [http, rest, ws]);

    // Custom domains: HTTP, REST and WebSocket each on a name of their own (REST stays TLS 1.3 only), partners over mutual TLS.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z0EXAMPLE0000000000', zoneName: 'example.com' });
    const alerts = new AlarmTopic(this, 'Alerts');
    const domain = new GatewayDomain(this, 'ApiDomain', { domainName: 'api.example.com', hostedZone: zone, alarmTopic: alerts.topic });
    domain.addApi(http, { basePath: 'app' });
    const shopDomain = new GatewayDomain(this, 'ShopDomain', { domainName: 'shop.example.com', hostedZone: zone, alarmTopic: alerts.topic });
    shopDomain.addApi(rest);
    const wsDomain = new GatewayDomain(this, 'SocketDomain', { domainName: 'ws.example.com', hostedZone: zone, protocol: DomainProtocol.WEBSOCKET, alarmTopic: alerts.topic });
    wsDomain.addApi(ws);
    const truststore = new MtlsTruststore(this, 'PartnerCas', { certificatesPem: PARTNER_CA_PEM });
    const partnerRest = new SecureRestApi(this, 'PartnerRestApi', { defaultAuthorization: RouteAuthorization.iam(), webAcl });
    partnerRest.addMethods({ path: '/orders', methods: ['POST'], handler: partner });
    const mtlsDomain = new GatewayDomain(this, 'PartnerDomain', { domainName: 'partners.example.com', hostedZone: zone, alarmTopic: alerts.topic, mutualTls: { truststore } });
    mtlsDomain.addApi(partnerRest);

    // Monitoring, governance, and a log group of the app's own.
    const monitoring = new GatewayMonitoring(this, 'Monitoring', { alarmTopic: alerts.topic });
    monitoring.monitorApi(http, { label: 'Orders (HTTP)', backends: [me, orders], authorizers: [authorizer] });
    monitoring.monitorApi(rest, { label: 'Orders (REST)' });
    monitoring.monitorApi(ws, { label: 'Orders (WebSocket)' });
    monitoring.monitorApi(partnerRest, { label: 'Partners (REST, mutual TLS)' });
    alerts.allowEventBridgeRules();
    new GatewayConfigRules(this, 'ConfigRules', { topic: alerts.topic });
    new GatewayChangeAlerts(this, 'ChangeAlerts', { topic: alerts.topic });
    new UnusedApiSweeper(this, 'Sweeper', { topic: alerts.topic });
    new EncryptedLogGroup(this, 'AuditTrail', { purpose: 'order audit trail' });
  }
}
