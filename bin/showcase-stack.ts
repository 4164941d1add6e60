import * as path from 'node:path';
import { Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiUserPool, JwtIssuer, RouteAuthorization, SecureFunction, SecureHttpApi } from '../lib';

const ASSETS = path.join(__dirname, '..', 'assets', 'lambda');

/** What the showcase's functions state for the findings a function cannot fix by itself. */
const BACKEND_CHOICES = {
  noVpcReason: 'Reaches no private network resource; a VPC would add NAT cost and cold-start latency for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
};

/**
 * Every Portcullis construct, wired the way we recommend. `npx cdk synth` runs the cdk-nag packs on
 * it; each acknowledgement below names one rule on one resource and says why.
 */
export class ShowcaseStack extends Stack {
  public readonly api: SecureHttpApi;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

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
    // The Lambda JWT authorizer: the pool's machine client and a partner's OIDC issuer, one function.
    // (A REST method behind the same authorization comes with SecureRestApi.)
    this.api.addRoutes({
      path: '/orders/export',
      methods: [HttpMethod.GET],
      handler: backend,
      authorization: RouteAuthorization.jwtLambda({
        issuers: [
          users.jwtIssuer([reportsClient]),
          JwtIssuer.oidc({
            issuer: 'https://auth.example.com/',
            jwksUri: 'https://auth.example.com/.well-known/jwks.json',
            audiences: ['https://api.example.com'],
          }),
        ],
        scopes: ['orders/read'],
        reservedConcurrentExecutions: 10,
      }),
    });
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
    this.api.grantInvoke(reporter, internal);
    const grantPolicy = reporter.node.findChild('DefaultPolicy').node.defaultChild!;
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
      Validations.of(grantPolicy).acknowledge({
        id: `${pack}-IAMNoInlinePolicy`,
        reason: 'Holds only the execute-api:Invoke grant on the two /internal/reports route ARNs; it lives and dies with this role',
      });
    }
  }
}
