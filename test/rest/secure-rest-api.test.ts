import { Duration, Fn, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Model, Period } from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { newFunction, newStack, partnerJwt, restProps, synthNew } from './fixtures';
import { IdentitySource, LambdaAuthorizerResponse, REST_CORS_SIGV4_WARNING, RouteAuthorization, SecureRestApi } from '../../lib';

describe('deny by default', () => {
  test('a method with no authorization and no API default fails at the call, naming the method', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    expect(() => api.addMethods({ path: '/orders', methods: ['GET'], handler: newFunction(stack, 'Fn') }))
      .toThrow("[Test/Api] prop 'methods[GET /orders].authorization' = undefined: the method has no authorizer and is not declared public (Portcullis denies by default). Fix: ");
  });

  test('publicAccess as the API default is refused at synth', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ defaultAuthorization: RouteAuthorization.publicAccess('Everything is public here') })))
      .toThrow(/prop 'defaultAuthorization' = "publicAccess": would make every method public/);
  });

  test('a public method records its reason and acknowledges exactly the REST unauthenticated-method rules', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    const [method] = api.addMethods({ path: '/health', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Liveness probe; returns no data') });
    const cfn = method.node.defaultChild!;
    Template.fromStack(stack).hasResource('AWS::ApiGateway::Method', {
      Metadata: { 'Portcullis::PublicRoute': { reason: 'Liveness probe; returns no data', restApiId: { Ref: Match.stringLikeRegexp('^Api') }, httpMethod: 'GET', path: '/health' } },
    });
    const acknowledged = cfn.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data)).map((k) => k.replace(/^Annotation::/, ''));
    expect(acknowledged.sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'NONE' });
  });

  test('every problem of one addMethods call is reported together', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    expect(() => api.addMethods({ path: '/a//b', methods: ['FETCH'], throttle: { rateLimit: -1, burstLimit: 1 } }))
      .toThrow(/^5 problems:\n- .*methods\[FETCH \/a\/\/b\]\.methods.*\n- .*\.path.*\n- .*\.throttle\.rateLimit.*\n- .*\.handler.*\n- .*\.authorization/);
  });
});

test('path segments named like Object.prototype members work (aws-cdk-lib\'s resourceForPath breaks on them)', () => {
  const stack = newStack();
  const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt() }));
  const fn = newFunction(stack, 'Fn');
  api.addMethods({ path: '/toString/constructor', methods: ['GET'], handler: fn });
  api.addMethods({ path: '/toString/x', methods: ['GET'], handler: fn });
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::ApiGateway::Resource', 3);
  t.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'constructor' });
});

describe('authorizers', () => {
  test('jwt() becomes a native REST JWT authorizer with method-level scopes; F3002 is acknowledged on it alone', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt(['user.id']) }));
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/me', methods: ['GET'], handler: fn });
    api.addMethods({ path: '/me/email', methods: ['GET'], handler: fn, scopes: ['user.email'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'JWT',
      IdentitySource: 'method.request.header.Authorization',
      JwtConfiguration: { DefaultAlgorithms: ['RS256'], Issuers: [{ Issuer: 'https://auth.example.com/', Audiences: ['https://api.example.com'] }] },
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'JWT', AuthorizationScopes: ['user.id'], AuthorizerId: Match.anyValue() });
    t.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'JWT', AuthorizationScopes: ['user.email'] });
    const acked = stack.node.findAll().filter((c) => c.node.metadata.some((m) => m.type === 'aws:cdk:acknowledged-rules' && 'CloudFormation-Validate::F3002' in m.data));
    expect(acked.map((c) => c.node.path)).toEqual(['Test/Api/JwtAuthorizer/Resource']);
  });

  test('cognito() becomes a native JWT authorizer with the user pool as issuer and its app clients as audiences, scopes required', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const client = pool.addClient('Web');
    const api = new SecureRestApi(stack, 'Api', restProps());
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/orders', methods: ['GET'], handler: fn, authorization: RouteAuthorization.cognito({ userPool: pool, userPoolClients: [client], scopes: ['orders/read'] }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'JWT',
      JwtConfiguration: {
        Issuers: [{
          Issuer: { 'Fn::Join': ['', ['https://cognito-idp.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: Match.stringLikeRegexp('^Pool') }]] },
          Audiences: [{ Ref: Match.stringLikeRegexp('^PoolWeb') }],
        }],
      },
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'] });
    expect(() => api.addMethods({
      path: '/admin',
      methods: ['GET'],
      handler: fn,
      authorization: RouteAuthorization.cognito({ userPool: pool, userPoolClients: [client], scopes: [] }),
    })).toThrow(/methods\[GET \/admin\]\.authorization\.scopes' = \[\]: the issuer is .*Amazon Cognito/);
  });

  test('a Lambda authorizer reading one header is a TOKEN authorizer; other sources make a REQUEST authorizer in REST syntax', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    const fn = newFunction(stack, 'Fn');
    const authFn = newFunction(stack, 'Auth');
    api.addMethods({ path: '/a', methods: ['GET'], handler: fn, authorization: RouteAuthorization.lambdaAuthorizer({ handler: authFn }) });
    api.addMethods({
      path: '/b',
      methods: ['GET'],
      handler: fn,
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: authFn, identitySources: [IdentitySource.queryString('token'), IdentitySource.context('identity.sourceIp')] }),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300 });
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'REQUEST', IdentitySource: 'method.request.querystring.token,context.identity.sourceIp' });
    t.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });
    // Each authorizer's invoke permission is scoped to it and names the account.
    t.resourcePropertiesCountIs('AWS::Lambda::Permission', {
      SourceAccount: '111111111111',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/$')])] },
    }, 2);
  });

  test('the SIMPLE response format is refused on REST, naming the method and the kind', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    expect(() => api.addMethods({
      path: '/p',
      methods: ['GET'],
      handler: newFunction(stack, 'Fn'),
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), responseType: LambdaAuthorizerResponse.SIMPLE }),
    })).toThrow(/prop 'methods\[GET \/p\]\.authorization\.responseType' = "SIMPLE": REST API Lambda authorizers return an IAM policy/);
  });

  test('a JWT read from a query string is refused on REST (the native authorizer reads a header)', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    const authorization = RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['a'], tokenSource: IdentitySource.queryString('token') });
    expect(() => api.addMethods({ path: '/p', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization }))
      .toThrow(/prop 'methods\[GET \/p\]\.authorization\.tokenSource' = "query string token": the REST API JWT authorizer reads the token from a request header only/);
  });

  test('caching keyed on context only is refused, as on HTTP APIs', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    expect(() => api.addMethods({
      path: '/p',
      methods: ['GET'],
      handler: newFunction(stack, 'Fn'),
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), identitySources: [IdentitySource.context('identity.sourceIp')] }),
    })).toThrow(/identitySources.*with caching on, the identity sources are the cache key/);
  });

  test('iam() becomes AWS_IAM; grantInvoke is scoped to the method ARNs in the stage; scopes are refused', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    const fn = newFunction(stack, 'Fn');
    const reports = api.addMethods({ path: '/reports/{id}', methods: ['GET', 'POST'], handler: fn, authorization: RouteAuthorization.iam() });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(role, [reports[0]]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'AWS_IAM' });
    const policy = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))[0];
    const statement = policy.Properties.PolicyDocument.Statement[0];
    expect(statement.Action).toBe('execute-api:Invoke');
    expect(JSON.stringify(statement.Resource)).toMatch(/"Ref":"ApiDeploymentStageprod[^"]*"\},"\/GET\/reports\/\*"/);
    expect(JSON.stringify(statement.Resource)).not.toContain('POST');
    expect(() => api.addMethods({ path: '/x', methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam(), scopes: ['a'] }))
      .toThrow(/authorization scopes apply only to JWT and COGNITO authorization on REST APIs/);
    expect(() => api.grantInvoke(role, api.addMethods({ path: '/y', methods: ['GET'], handler: fn, authorization: partnerJwt() })))
      .toThrow(/is not an IAM-authorized method of this API/);
  });

  test('one authorizer per RouteAuthorization object, however many methods use it', () => {
    const stack = newStack();
    const jwt = partnerJwt();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: jwt }));
    const fn = newFunction(stack, 'Fn');
    for (let i = 0; i < 5; i++) api.addMethods({ path: `/r${i}`, methods: ['GET'], handler: fn });
    api.addMethods({ path: '/other', methods: ['GET'], handler: fn, authorization: partnerJwt() });
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Authorizer', 2);
    expect(api.authorizerOf(jwt)).toBeDefined();
  });
});

describe('Lambda backends', () => {
  test('one integration target and one API-scoped permission per function, no test-invoke duplicates', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt() }));
    const [a, b] = [newFunction(stack, 'A'), newFunction(stack, 'B')];
    for (let i = 0; i < 20; i++) api.addMethods({ path: `/p${i}`, methods: ['GET', 'POST'], handler: i % 2 ? a : b });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::Method', 40);
    t.resourceCountIs('AWS::Lambda::Permission', 2);
    t.allResourcesProperties('AWS::Lambda::Permission', {
      SourceAccount: '111111111111',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: Match.stringLikeRegexp('^Api') }, '/*/*/*']] },
    });
  });
});

describe('CORS', () => {
  test('MOCK OPTIONS methods without an authorizer answer the named origin; gateway 4XX/5XX carry the headers', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({
      defaultAuthorization: partnerJwt(),
      cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: ['GET'] },
    }));
    api.addMethods({ path: '/orders/{id}', methods: ['GET'], handler: newFunction(stack, 'Fn') });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK',
        IntegrationResponses: [Match.objectLike({
          ResponseParameters: Match.objectLike({
            'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
            'method.response.header.Access-Control-Allow-Credentials': "'true'",
          }),
        })],
      },
    });
    // Only the path that has methods gets a preflight method.
    t.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS' }, 1);
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      t.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
          'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
        }),
      });
    }
  });

  test("'*' with credentials, wildcard origins and an OPTIONS method are refused", () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ cors: { allowOrigins: ['*'], allowCredentials: true } })))
      .toThrow(/prop 'cors\.allowOrigins' = \["\*"\]: '\*' together with allowCredentials: true/);
    expect(() => synthNew(newStack(), 'Api', restProps({ cors: { allowOrigins: ['https://*.example.com'] } })))
      .toThrow(/wildcards are not supported in an origin/);
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ cors: { allowOrigins: ['https://app.example.com'] } }));
    expect(() => api.addMethods({ path: '/a', methods: ['OPTIONS'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() }))
      .toThrow(/a MOCK OPTIONS method answers preflight/);
  });

  test('origins as one list known only at deploy time are refused with the fix; origins that are each a token are written', () => {
    const origins = Token.asList(Fn.split(',', Fn.importValue('Origins')));
    expect(() => new SecureRestApi(newStack(), 'Api', restProps({ cors: { allowOrigins: origins } })))
      .toThrow(/\[Test\/Api\] prop 'cors\.allowOrigins' = .*: is a list known only at deploy time.*Fix: list the origins, each of which may be a token/);
    const stack = newStack();
    const first = Fn.select(0, Fn.split(',', Fn.importValue('Origins')));
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt(), cors: { allowOrigins: [first] } }));
    api.addMethods({ path: '/a', methods: ['GET'], handler: newFunction(stack, 'Fn') });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': { 'Fn::Join': ['', ["'", { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Origins' }] }] }, "'"]] },
      }),
    });
  });

  test('a method whose authorizer reads a header CORS does not allow is refused', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['content-type'] } }));
    expect(() => api.addMethods({ path: '/a', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: partnerJwt() }))
      .toThrow(/reads the 'Authorization' header, which cors.allowHeaders does not allow/);
  });
});

describe('CORS and the headers a method\'s authorization reads', () => {
  // '*' covers no header for a credentialed request (Fetch standard): the pure function and the rule are
  // tested elsewhere; this is the construct passing allowCredentials through to the check.
  test("allowHeaders ['*'] with allowCredentials refuses a Lambda authorizer's header; without credentials it passes", () => {
    const method = (allowCredentials: boolean) => {
      const stack = newStack();
      const api = new SecureRestApi(stack, 'Api', restProps({ cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['*'], allowCredentials } }));
      return () => api.addMethods({
        path: '/a',
        methods: ['GET'],
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), identitySources: [IdentitySource.header('X-Api-Key')] }),
      });
    };
    expect(method(true)).toThrow(/prop 'methods\[GET \/a\]\.authorization' = \["X-Api-Key"\]: the method's authorization reads the 'X-Api-Key' header, which cors.allowHeaders does not allow \('\*' never covers Authorization, and covers nothing when credentials are allowed\)/);
    expect(method(false)).not.toThrow();
  });

  test('an AWS_IAM method under CORS that would block a browser\'s SigV4 request gets the warning HTTP routes get, with a REST id', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ cors: { allowOrigins: ['https://app.example.com'] } }));
    api.addMethods({ path: '/reports', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Api', Match.stringLikeRegexp('SigV4')).map((w) => w.entry.data);
    expect(REST_CORS_SIGV4_WARNING).toBe('portcullis:rest-cors-blocks-sigv4');
    expect(warnings).toEqual([
      expect.stringMatching(/^methods\[GET \/reports\] is IAM-authorized, but cors\.allowHeaders leaves out 'x-amz-date', 'x-amz-security-token', so a browser's SigV4-signed request .* \[ack: portcullis:rest-cors-blocks-sigv4\]$/),
    ]);
  });

  test('no SigV4 warning once the headers are allowed, nor for a method that is not IAM-authorized', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({
      cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'content-type'] },
    }));
    api.addMethods({ path: '/reports', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    api.addMethods({ path: '/orders', methods: ['GET'], handler: newFunction(stack, 'Fn2'), authorization: partnerJwt() });
    expect(Annotations.fromStack(stack).findWarning('/Test/Api', Match.stringLikeRegexp('SigV4'))).toEqual([]);
  });
});

describe('request validation, usage plans and API keys', () => {
  test('methods with a body model or a required parameter use the body-and-parameters validator; others do not', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt() }));
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/orders', methods: ['POST'], handler: fn, requestModels: { 'application/json': Model.EMPTY_MODEL } });
    api.addMethods({ path: '/search', methods: ['GET'], handler: fn, requestParameters: { 'method.request.querystring.q': true } });
    api.addMethods({ path: '/plain', methods: ['GET'], handler: fn, requestParameters: { 'method.request.querystring.page': false } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    t.resourcePropertiesCountIs('AWS::ApiGateway::Method', { RequestValidatorId: Match.anyValue() }, 2);
    expect(() => api.addMethods({ path: '/bad', methods: ['GET'], handler: fn, requestParameters: { 'querystring.q': true } }))
      .toThrow(/prop 'methods\[GET \/bad\]\.requestParameters' = "querystring.q": is not a REST request parameter/);
  });

  test('usage plans carry quota and throttle, keys are bound to them, methods require a key', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt() }));
    api.addMethods({ path: '/partner', methods: ['GET'], handler: newFunction(stack, 'Fn'), apiKeyRequired: true });
    const plan = api.addUsagePlan('Partners', { throttle: { rateLimit: 10, burstLimit: 20 }, quotaLimit: 10_000, quotaPeriod: Period.MONTH });
    api.addApiKey('AcmeKey', plan);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 10000, Period: 'MONTH' },
      ApiStages: [{ ApiId: Match.anyValue(), Stage: Match.anyValue() }],
    });
    t.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    t.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: true });
    expect(() => api.addUsagePlan('Bad', { throttle: { rateLimit: 1, burstLimit: 1 }, quotaLimit: 0 }))
      .toThrow(/prop 'usagePlans\[Bad\]\.quotaLimit' = 0: must be a whole number from 1/);
  });

  test('a method requiring an API key without any usage plan fails synth', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt() }));
    api.addMethods({ path: '/partner', methods: ['GET'], handler: newFunction(stack, 'Fn'), apiKeyRequired: true });
    expect(() => Template.fromStack(stack)).toThrow(/methods\[GET \/partner\]\.apiKeyRequired' = true: no usage plan/);
  });
});

describe('escape hatches and metrics', () => {
  test('exposes the API, stage, log group and metrics with the stage dimension', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ stageName: 'v1', defaultAuthorization: partnerJwt() }));
    expect(api.stageName).toBe('v1');
    expect(api.apiKind).toBe('REST');
    expect(api.logGroup).toBeDefined();
    expect(api.metricClientError().dimensions).toEqual({ ApiName: expect.any(String), Stage: 'v1' });
    expect(api.metricLatency({ period: Duration.minutes(1) }).period.toMinutes()).toBe(1);
  });
});
