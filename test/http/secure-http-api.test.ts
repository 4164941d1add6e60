import { CfnParameter, Duration, Fn, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newFunction, newStack, partnerJwt, synthNew } from './fixtures';
import { IdentitySource, RouteAuthorization, SecureHttpApi } from '../../lib';

describe('deny by default', () => {
  test('a route with no authorization and no default fails synth, naming the route, the prop and the fix', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn') }))
      .toThrow(/\[Test\/Api\] prop 'routes\[GET \/orders\]\.authorization' = undefined: .*denies by default.*Fix: .*RouteAuthorization\.publicAccess/);
  });

  test('the default authorization applies to routes that name none, and a route can override it', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(['user.id']) });
    api.addRoutes({ path: '/me', methods: [HttpMethod.GET], handler: fn });
    api.addRoutes({ path: '/admin', methods: [HttpMethod.POST], handler: fn, authorization: RouteAuthorization.iam() });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /me', AuthorizationType: 'JWT', AuthorizationScopes: ['user.id'], AuthorizerId: { Ref: Match.stringLikeRegexp('JwtAuthorizer') },
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /admin', AuthorizationType: 'AWS_IAM' });
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { AuthorizationType: 'NONE' }, 0);
  });

  test('route-level scopes replace the authorization scopes', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(['user.id']) });
    api.addRoutes({ path: '/me/email', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), scopes: ['user.id', 'user.email'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /me/email', AuthorizationScopes: ['user.id', 'user.email'],
    });
  });

  test('one authorizer resource per authorization object, however many routes use it', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const jwt = partnerJwt();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: jwt });
    for (let i = 0; i < 5; i++) api.addRoutes({ path: `/r${i}`, handler: fn });
    api.addRoutes({ path: '/other', handler: fn, authorization: partnerJwt() });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 2);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { Name: 'JwtAuthorizer2' });
  });

  test('a public route records its reason and route in the template metadata and acknowledges the other packs\' unauthenticated-route rules', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    const [route] = api.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      handler: newFunction(stack, 'Fn'),
      authorization: RouteAuthorization.publicAccess('Load balancer health check'),
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: 'GET /health', AuthorizationType: 'NONE' },
      Metadata: { 'Portcullis::PublicRoute': { reason: 'Load balancer health check', apiId: { Ref: stack.getLogicalId(api.httpApi.node.defaultChild as any) }, routeKey: 'GET /health' } },
    });
    const acks = route.node.defaultChild!.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    const ids = acks.flatMap((m) => Object.keys(m.data)).map((k) => k.replace(/^annotation::/i, ''));
    // Portcullis-RouteAuthorization reads the record on this very route instead (an acknowledgement would cover routes below it).
    expect(ids.sort()).toEqual(['AwsSolutions-APIG4']);
  });

  test('a public route needs a reason', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({ path: '/x', handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('  ') }))
      .toThrow(/publicAccess\(reason\).*a public route needs a reason.*Fix: say why/);
  });
});

describe('JWT authorizers', () => {
  test('issuer and audience are written to the authorizer', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), routes: [{ path: '/a', handler: newFunction(stack, 'Fn') }] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: 'https://auth.example.com/', Audience: ['https://api.example.com'] },
    });
  });

  test.each([
    ['http://auth.example.com/', /issuer' = "http:\/\/auth.example.com\/": must be an https:\/\/ URL/],
    ['not a url', /issuer' = "not a url": must be an https:\/\/ URL/],
    ['https://auth.example.com/?x=1', /must be an https:\/\/ URL without query/],
  ])('issuer %s is refused, even before a route uses it', (issuer, message) => {
    expect(() => synthNew(newStack(), 'Api', { defaultAuthorization: RouteAuthorization.jwt({ issuer, audience: ['a'] }) })).toThrow(message);
  });

  test('a route-level authorization is validated when the route is added', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.jwt({ issuer: 'http://x.example', audience: ['a'] }) }))
      .toThrow(/prop 'routes\[ANY \/a\]\.authorization\.issuer'/);
  });

  test.each([
    [IdentitySource.context('identity.sourceIp'), /tokenSource' = "context variable identity.sourceIp": a JWT is read from a request header or query string/],
    [IdentitySource.stageVariable('token'), /tokenSource' = "stage variable token": a JWT is read from a request header or query string/],
    [IdentitySource.header('Bad Header'), /tokenSource' = "header Bad Header": "Bad Header" is not a valid header name/],
  ])('JWT token source %s is refused: one header or query string, validly named', (tokenSource, message) => {
    expect(() => synthNew(newStack(), 'Api', {
      defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://a.example.com', audience: ['a'], tokenSource }),
    })).toThrow(message);
  });

  test('the token source is written once and translated to HTTP API syntax', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://a.example.com/', audience: ['a'], tokenSource: IdentitySource.queryString('access_token') }),
    });
    api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: ['$request.querystring.access_token'] });
  });

  test('an empty audience is refused', () => {
    expect(() => synthNew(newStack(), 'Api', { defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://a.example.com', audience: [] }) }))
      .toThrow(/prop 'defaultAuthorization\.audience' = \[\]: must list at least one value\. Fix: list the audiences/);
  });

  test('a scope with a space is refused with the fix', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    expect(() => api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn'), scopes: ['user.id user.email'] }))
      .toThrow(/is not a single word.*Fix: list each scope separately/);
  });

  test('an unresolved issuer token is accepted, and may be Cognito, so its routes need scopes', () => {
    const stack = newStack();
    const issuer = Token.asString({ 'Fn::ImportValue': 'IssuerUrl' });
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.jwt({ issuer, audience: ['a'] }),
      routes: [{ path: '/a', handler: newFunction(stack, 'Fn'), scopes: ['read'] }],
    });
    expect(() => api.addRoutes({ path: '/b', handler: newFunction(stack, 'Fn2') })).toThrow(/Cognito access tokens carry no aud claim/);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { JwtConfiguration: { Issuer: { 'Fn::ImportValue': 'IssuerUrl' } } });
  });

  test('a JWT issuer that is Amazon Cognito needs scopes, because its access tokens have no aud claim', () => {
    const stack = newStack();
    const cognitoJwt = RouteAuthorization.jwt({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc', audience: ['client'] });
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: cognitoJwt });
    expect(() => api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') })).toThrow(/Cognito access tokens carry no aud claim/);
    api.addRoutes({ path: '/b', handler: newFunction(stack, 'Fn2'), scopes: ['orders/read'] });
    const china = new SecureHttpApi(stack, 'China', {
      defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_abc', audience: ['c'] }),
    });
    expect(() => china.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn3') })).toThrow(/Cognito access tokens carry no aud claim/);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /b', AuthorizationScopes: ['orders/read'] });
  });
});

describe('Cognito authorizers', () => {
  function pool(stack: ReturnType<typeof newStack>) {
    const userPool = new cognito.UserPool(stack, 'Pool');
    return { userPool, client: userPool.addClient('Client') };
  }

  test('the audience is the app clients (matched against client_id of access tokens) and scopes are set on routes', () => {
    const stack = newStack();
    const { userPool, client } = pool(stack);
    new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.cognito({ userPool, userPoolClients: [client], scopes: ['orders/read'] }),
      routes: [{ path: '/orders', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn') }],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('PoolClient') }],
        Issuer: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('https://cognito-idp.us-east-1'), { Ref: Match.stringLikeRegexp('Pool') }])] },
      },
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /orders', AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'] });
  });

  test('Cognito authorization without scopes or clients is refused', () => {
    const stack = newStack();
    const { userPool, client } = pool(stack);
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({
      path: '/a', handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.cognito({ userPool, userPoolClients: [client], scopes: [] }),
    })).toThrow(/routes\[ANY \/a\]\.authorization\.scopes' = \[\]: .*Cognito access tokens carry no aud claim.*Fix: list the scopes/);
    expect(() => api.addRoutes({
      path: '/b', handler: newFunction(stack, 'Fn2'), authorization: RouteAuthorization.cognito({ userPool, userPoolClients: [], scopes: ['x'] }),
    })).toThrow(/userPoolClients' = \[\]: must list at least one app client/);
  });
});

describe('Lambda authorizers', () => {
  test('cached by the Authorization header with simple responses by default', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    api.addRoutes({ path: '/p', handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth') }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
      EnableSimpleResponses: true,
    });
    // The authorizer's invoke permission is limited to this API's authorizer.
    t.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Auth'), 'Arn'] },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: Match.stringLikeRegexp('ApiCD79AAA0') }, '/authorizers/'])] },
    });
  });

  test('caching on identity sources without the caller credential is refused; without caching it is allowed', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    const auth = newFunction(stack, 'Auth');
    expect(() => api.addRoutes({
      path: '/p',
      handler: newFunction(stack, 'Fn'),
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: auth, identitySources: [IdentitySource.context('routeKey')] }),
    })).toThrow(/identitySources' = \["context variable routeKey"\]: with caching on.*one caller's decision would serve another/);
    api.addRoutes({
      path: '/q',
      handler: newFunction(stack, 'Fn2'),
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: auth, identitySources: [IdentitySource.context('routeKey')], resultsCacheTtl: Duration.seconds(0) }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerResultTtlInSeconds: 0, IdentitySource: ['$context.routeKey'] });
  });

  test('a cache TTL that is not whole seconds or over an hour is refused with the fix', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    const auth = newFunction(stack, 'Auth');
    for (const ttl of [Duration.millis(1500), Duration.hours(2)]) {
      expect(() => api.addRoutes({
        path: `/p${ttl.toMilliseconds()}`,
        handler: newFunction(stack, `Fn${ttl.toMilliseconds()}`),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: auth, resultsCacheTtl: ttl }),
      })).toThrow(/resultsCacheTtl' = .*: must be a whole number from 0 to 3600\. Fix: use a whole number of seconds from Duration.seconds\(0\) to Duration.hours\(1\)/);
    }
  });

  test('scopes on a Lambda-authorized route are refused', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({
      path: '/p', handler: newFunction(stack, 'Fn'), scopes: ['a'], authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth') }),
    })).toThrow(/routes\[ANY \/p\]\.scopes' = \["a"\]: authorization scopes apply only to JWT and COGNITO authorization on HTTP APIs, not to LAMBDA/);
  });
});

describe('IAM routes and grantInvoke', () => {
  test('grants execute-api:Invoke on the stage-scoped route ARNs only', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    api.addRoutes({ path: '/jwt', handler: fn });
    api.addRoutes({ path: '/reports', methods: [HttpMethod.GET, HttpMethod.POST], handler: fn, authorization: RouteAuthorization.iam() });
    api.addRoutes({ path: '/items/{id}', methods: [HttpMethod.ANY], handler: fn, authorization: RouteAuthorization.iam() });
    api.addRoutes({ path: '/orders/{id}/items', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.iam() });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(role);
    const arn = (suffix: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: Match.stringLikeRegexp('ApiCD79AAA0') }, suffix]],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [arn('/$default/GET/reports'), arn('/$default/POST/reports'), arn('/$default/*/items/*'), arn('/$default/GET/orders/*/items')] }],
      },
    });
  });

  test('granting a route that is not IAM-authorized is refused', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    const routes = api.addRoutes({ path: '/jwt', handler: newFunction(stack, 'Fn') });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => api.grantInvoke(role)).toThrow(/there is no IAM-authorized route to grant/);
    expect(() => api.grantInvoke(role, routes)).toThrow(/is not an IAM-authorized route of this API/);
  });
});

describe('CORS', () => {
  test('named origins are configured; no OPTIONS, ANY or public route is created, so preflight never meets an authorizer', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: partnerJwt(),
      cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true },
      routes: [{ path: '/{proxy+}', handler: newFunction(stack, 'Fn') }],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowCredentials: true,
        AllowHeaders: ['authorization', 'content-type'],
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'],
        MaxAge: 3600,
      },
    });
    const keys = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(['DELETE /{proxy+}', 'GET /{proxy+}', 'HEAD /{proxy+}', 'PATCH /{proxy+}', 'POST /{proxy+}', 'PUT /{proxy+}']);
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { AuthorizationType: 'JWT' }, 6);
  });

  test('without CORS, ANY stays one route; with CORS, an OPTIONS route is refused', () => {
    const stack = newStack();
    const plain = new SecureHttpApi(stack, 'Plain', { defaultAuthorization: partnerJwt() });
    plain.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') });
    expect(plain.routes).toHaveLength(1);
    const withCors = new SecureHttpApi(stack, 'Cors', { defaultAuthorization: partnerJwt(), cors: { allowOrigins: ['https://a.example'] } });
    expect(() => withCors.addRoutes({ path: '/b', methods: [HttpMethod.OPTIONS], handler: newFunction(stack, 'Fn2') }))
      .toThrow(/methods' = \["OPTIONS"\]: with cors set, API Gateway answers OPTIONS preflight itself/);
  });

  test('origins as one list known only at deploy time are accepted and written as the list', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api', { cors: { allowOrigins: Token.asList(Fn.split(',', Fn.importValue('Origins'))) } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Origins' }] } }),
    });
  });

  test("'*' with credentials is refused; '*' without credentials is allowed", () => {
    expect(() => synthNew(newStack(), 'Bad', { cors: { allowOrigins: ['*'], allowCredentials: true } }))
      .toThrow(/\[Test\/Bad\] prop 'cors\.allowOrigins' = \["\*"\]: '\*' together with allowCredentials: true.*Fix: list the exact origins/);
    const stack = newStack();
    new SecureHttpApi(stack, 'Ok', { cors: { allowOrigins: ['*'], anyOriginReason: 'Public catalogue read by partner sites' } });
    Template.fromStack(stack).hasResource('AWS::ApiGatewayV2::Api', {
      Properties: { CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: false } },
      Metadata: { 'Portcullis::CorsAnyOrigin': Match.objectLike({ allowOrigins: '*' }) },
    });
  });

  test('a preflight cache over one day is refused', () => {
    expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: ['https://a.example'], maxAge: Duration.days(2) } }))
      .toThrow(/prop 'cors\.maxAge' = 172800: must be a whole number from 0 to 86400/);
  });

  test.each(['https://app.example.com/path', 'http://app.example.com', 'app.example.com', ''])('origin %j is refused', (origin) => {
    expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: [origin] } })).toThrow(/cors\.allowOrigins/);
  });
});

describe('throttling', () => {
  test('stage-wide limits are always set, with documented defaults', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
  });

  test('per-route limits override the stage for that route only', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), throttle: { rateLimit: 100, burstLimit: 200 } });
    api.addRoutes({ path: '/slow', methods: [HttpMethod.POST], handler: newFunction(stack, 'Fn'), throttle: { rateLimit: 5, burstLimit: 10 } });
    api.addRoutes({ path: '/fast', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn2') });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: { 'POST /slow': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } },
    });
    // CloudFormation must create the route before the stage names it in RouteSettings.
    const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'))[0];
    const routes = Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'POST /slow' } });
    expect(stage.DependsOn).toEqual(Object.keys(routes));
  });

  test('negative or fractional limits are refused; tokens are accepted', () => {
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: -1, burstLimit: 10 } }))
      .toThrow(/prop 'throttle\.rateLimit' = -1: must be a number from 0 to 1000000\. Fix:/);
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: 10, burstLimit: 2.5 } }))
      .toThrow(/prop 'throttle\.burstLimit' = 2\.5: must be a whole number/);
    const stack = newStack();
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' });
    new SecureHttpApi(stack, 'Api', { throttle: { rateLimit: rate.valueAsNumber, burstLimit: 10 } });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: { Ref: 'Rate' } } });
  });
});

describe('access logs', () => {
  test('JSON with the request id, source IP, route, status, latency, integration and authorizer errors; no bodies or tokens', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api');
    const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      sourceIp: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
    });
    const values = Object.values(format).join(' ');
    expect(values).not.toMatch(/body|header|Authorization|claims|querystring/i);
  });

  test('written to a KMS-encrypted log group kept for a year, whose key lets only CloudWatch Logs of this account use it', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogsKey'), 'Arn'] } });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] } } },
        })]),
      },
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogsLogGroup'), 'Arn'] } } });
  });
});

describe('access log choices', () => {
  test('an own log group without encryption or retention is refused; INFINITE retention is refused', () => {
    const stack = newStack();
    const unencrypted = new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_MONTH });
    expect(() => synthNew(stack, 'A', { accessLogs: { logGroup: unencrypted } }))
      .toThrow(/prop 'accessLogs\.logGroup' = "Test\/Plain": is not encrypted with a customer managed KMS key/);
    const forever = new logs.LogGroup(stack, 'Forever', { encryptionKey: new kms.Key(stack, 'K'), retention: logs.RetentionDays.INFINITE });
    expect(() => synthNew(stack, 'B', { accessLogs: { logGroup: forever } })).toThrow(/keeps access logs forever/);
    expect(() => synthNew(stack, 'C', { accessLogs: { retention: logs.RetentionDays.INFINITE } })).toThrow(/accessLogs\.retention/);
  });

  test('an own encrypted log group with retention, or an imported one, is used as given', () => {
    const stack = newStack();
    const good = new logs.LogGroup(stack, 'Good', { encryptionKey: new kms.Key(stack, 'K'), retention: logs.RetentionDays.THREE_MONTHS });
    const api = new SecureHttpApi(stack, 'A', { accessLogs: { logGroup: good } });
    expect(api.logGroup).toBe(good);
    expect(api.logEncryptionKey).toBeUndefined();
    const imported = logs.LogGroup.fromLogGroupName(stack, 'Imported', 'shared-access-logs');
    expect(new SecureHttpApi(stack, 'B', { accessLogs: { logGroup: imported } }).logGroup).toBe(imported);
    Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 1);
  });
});

describe('Lambda integrations and permissions', () => {
  test('one integration and one API-scoped permission per function, not per route', () => {
    const stack = newStack();
    const a = newFunction(stack, 'A');
    const b = newFunction(stack, 'B');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    for (let i = 0; i < 10; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET, HttpMethod.POST], handler: i % 2 ? a : b });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Route', 20);
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    t.resourceCountIs('AWS::Lambda::Permission', 2);
    const apiScoped = {
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: 'ApiCD79AAA0' }, '/*/*/*']] },
    };
    t.resourcePropertiesCountIs('AWS::Lambda::Permission', apiScoped, 2);
  });

  test('300 Lambda routes over 3 functions behind a JWT authorizer fit one stack at about one resource per route', () => {
    const stack = newStack();
    const fns = [newFunction(stack, 'F0'), newFunction(stack, 'F1'), newFunction(stack, 'F2')];
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    for (let i = 0; i < 300; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], handler: fns[i % 3] });
    const resources = Object.keys(Template.fromStack(stack).toJSON().Resources).length;
    // 300 routes + 3 integrations + 3 permissions + 3 functions + 3 roles + api, stage, authorizer, log group, key.
    expect(resources).toBe(317);
    expect(resources).toBeLessThan(500);
  });

  test('any other integration is passed through', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    api.addRoutes({ path: '/proxy', integration: new HttpUrlIntegration('Url', 'https://backend.example.com') });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://backend.example.com' });
  });
});

describe('route validation', () => {
  test('duplicate routes, bad paths and handler/integration mistakes are refused with the fix', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: fn });
    expect(() => api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: fn })).toThrow(/= "GET \/a": duplicates a route added earlier/);
    expect(() => api.addRoutes({ path: 'a', handler: fn })).toThrow(/\.path' = "a": must start with \//);
    expect(() => api.addRoutes({ path: '/a/', handler: fn })).toThrow(/trailing \//);
    expect(() => api.addRoutes({ path: '/{proxy+}/x', handler: fn })).toThrow(/the greedy parameter '\{proxy\+\}' must be the last segment/);
    expect(() => api.addRoutes({ path: '/b' })).toThrow(/exactly one of handler and integration is required/);
    expect(() => api.addRoutes({ path: '/c', methods: [], handler: fn })).toThrow(/prop 'routes\[\/c\]\.methods' = \[\]: must list at least one method/);
  });

  test.each([
    ['//a', /'routes\[ANY \/\/a\]\.path' = "\/\/a": has an empty segment \(\/\/\)\. Fix: remove the extra \/: '\/a'/],
    ['/a/{}', /'\{\}' is not a path parameter/],
    ['/orders/:id', /':id' is Express-style.*Fix: write '\{id\}' instead of ':id'/],
    ['/a/{id}/b/{id}', /the parameter name 'id' is used twice/],
    ['/a/{id}x', /'\{id\}x' is not a path parameter/],
    ['/a b', /must start with \/|segment 'a b' holds characters/],
    ['/a?b=1', /segment 'a\?b=1' holds characters API Gateway does not accept/],
    ['$default', /'\$default' is a route key, not a path.*Fix: to catch every request no other route matches, use path '\/\{proxy\+\}'/],
  ])('path %s is refused at synth, as API Gateway would at deploy', (path, message) => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    expect(() => api.addRoutes({ path, handler: newFunction(stack, 'Fn') })).toThrow(message);
  });

  test.each([
    ['/orders/{id}', '/orders/{orderId}', /names the parameter \{orderId\} where '\/orders\/\{id\}', added earlier, names it \{id\}.*Fix: use \{id\} here too/],
    ['/orders/{id}/items', '/orders/{orderId}', /names it \{id\}/],
    ['/a/{proxy+}', '/a/{rest+}', /names the parameter \{rest\+\} where '\/a\/\{proxy\+\}', added earlier, names it \{proxy\+\}/],
  ])('sibling paths %s and %s that name one parameter position differently are refused', (first, second, message) => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    api.addRoutes({ path: first, handler: fn });
    expect(() => api.addRoutes({ path: second, handler: fn })).toThrow(message);
  });

  test('the same parameter name at the same position, and parameters under different parents, are accepted', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    for (const path of ['/orders/{id}', '/orders/{id}/items', '/users/{userId}', '/{proxy+}', '/orders/{id}/{rest+}']) {
      api.addRoutes({ path, handler: fn });
    }
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 5);
  });

  test("a path with '--' gets a route of its own, distinct from the path with '/' in its place", () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt() });
    api.addRoutes({ path: '/a/b', methods: [HttpMethod.GET], handler: fn });
    api.addRoutes({ path: '/a--b', methods: [HttpMethod.GET], handler: fn });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /a/b' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /a--b' });
  });

  test('every problem of one route is reported by the one call that adds it', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api');
    let message = '';
    try {
      api.addRoutes({ path: '/orders/:id', throttle: { rateLimit: -1, burstLimit: 1 } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^4 problems:/);
    expect(message).toContain("prop 'routes[ANY /orders/:id].path'");
    expect(message).toContain("prop 'routes[ANY /orders/:id].throttle.rateLimit' = -1");
    expect(message).toContain("prop 'routes[ANY /orders/:id].handler' = undefined: exactly one of handler and integration is required");
    expect(message).toContain("prop 'routes[ANY /orders/:id].authorization' = undefined: the route has no authorizer");
  });

  test('exposes its parts for escape hatches', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), routes: [{ path: '/a', handler: newFunction(stack, 'Fn') }] });
    expect(api.httpApi.apiId).toBe(api.apiId);
    expect(api.stage.stageName).toBe('$default');
    expect(api.logGroup).toBeDefined();
    expect(api.logEncryptionKey).toBeDefined();
    expect(api.routes).toHaveLength(1);
    expect(api.authorizerOf(RouteAuthorization.iam())).toBeUndefined();
    expect(stack.resolve(api.metricServerError().dimensions)).toEqual({ ApiId: stack.resolve(api.apiId), Stage: '$default' });
    expect(api.metricClientError().metricName).toBe('4xx');
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toHaveLength(0);
  });
});
