import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi, HttpMethod, HttpStage, IHttpApi, IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newFunction, newStack, partnerJwt, synthNew } from './fixtures';
import { AccessLogOptions, ApiKind, IdentitySource, ISecureApi, ISecureHttpApi, RouteAuthorization, SecureHttpApi } from '../../lib';

function formatOf(t: Template): Record<string, string> {
  const stage = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0];
  return JSON.parse(stage.Properties.AccessLogSettings.Format);
}

describe('prop errors are reported together', () => {
  test('every invalid prop of the constructor is listed by one synth', () => {
    let message = '';
    try {
      synthNew(newStack(), 'Api', {
        throttle: { rateLimit: -1, burstLimit: 10 },
        cors: { allowOrigins: ['https://*.example.com'] },
        accessLogs: { retention: logs.RetentionDays.INFINITE },
        stageName: 'bad name',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[Test/Api] prop 'throttle.rateLimit' = -1");
    expect(message).toContain("[Test/Api] prop 'cors.allowOrigins' = \"https://*.example.com\": wildcards are not supported in an origin");
    expect(message).toContain("[Test/Api] prop 'accessLogs.retention' = \"INFINITE\"");
    expect(message).toContain("[Test/Api] prop 'stageName' = \"bad name\": must be $default or 1 to 128 letters, digits, - and _");
  });

  test('NaN and Infinity are shown as themselves, not as null', () => {
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: Number.NaN, burstLimit: 10 } }))
      .toThrow(/prop 'throttle\.rateLimit' = NaN: must be a number/);
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: 1, burstLimit: Infinity } }))
      .toThrow(/prop 'throttle\.burstLimit' = Infinity: must be a whole number/);
  });

  test('a burst limit of 0 with a positive rate is refused in the user\'s terms; 0 and 0 blocks on purpose', () => {
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: 100, burstLimit: 0 } }))
      .toThrow(/prop 'throttle\.burstLimit' = 0: a burst limit of 0 rejects every request with 429, whatever the rate limit \(100 per second\) says\. Fix: set throttle\.burstLimit to at least 1/);
    expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit: 0, burstLimit: 0 } })).not.toThrow();
  });

  test('wildcard origins are refused saying wildcards are not supported, without inventing an example origin', () => {
    for (const origin of ['https://*.example.com', 'https://*', 'http://*']) {
      expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: [origin] } }))
        .toThrow(/wildcards are not supported in an origin.*Fix: list each origin that calls the API, e\.g\. one entry per subdomain/);
    }
  });
});

describe('deny by default: no public default', () => {
  test('publicAccess as the default authorization is refused; each public route states its own reason', () => {
    expect(() => synthNew(newStack(), 'Api', { defaultAuthorization: RouteAuthorization.publicAccess('Everything is public for now') }))
      .toThrow(/prop 'defaultAuthorization' = "publicAccess": would make every route public, \/admin and \/\{proxy\+\} included/);
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.publicAccess('Everything is public for now') });
    expect(() => api.addRoutes({ path: '/admin', handler: newFunction(stack, 'Fn') })).toThrow(/routes\[ANY \/admin\]\.authorization' = undefined: the route has no authorizer/);
  });
});

describe('CORS and the headers authorization reads', () => {
  const cors = { allowOrigins: ['https://app.example.com'] };

  test('a Lambda authorizer reading a header that allowHeaders leaves out is refused, naming the header and the fix', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { cors });
    const authorization = RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), identitySources: [IdentitySource.header('X-Api-Key')] });
    expect(() => api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization }))
      .toThrow(/routes\[GET \/a\]\.authorization' = \["X-Api-Key"\]: the route's authorization reads the 'X-Api-Key' header, which cors\.allowHeaders does not allow, so every browser preflight for it would fail\. Fix: add 'x-api-key' to cors\.allowHeaders \(now \["authorization","content-type"\]\)/);
  });

  test('a JWT route whose Authorization header is not allowed is refused; header names compare case-insensitively', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { cors: { ...cors, allowHeaders: ['content-type'] }, defaultAuthorization: partnerJwt() });
    expect(() => api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') })).toThrow(/defaultAuthorization' = \["Authorization"\]: .*Fix: add 'authorization'/);
    const ok = new SecureHttpApi(stack, 'Ok', { cors: { ...cors, allowHeaders: ['AUTHORIZATION', 'X-Api-Key'] }, defaultAuthorization: partnerJwt() });
    ok.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn2') });
    ok.addRoutes({
      path: '/b',
      handler: newFunction(stack, 'Fn3'),
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), identitySources: [IdentitySource.header('x-api-key')] }),
    });
    expect(ok.routes.length).toBeGreaterThan(0);
  });

  test("'*' in allowHeaders covers a Lambda authorizer's header but never Authorization, nor any header with credentials (Fetch standard)", () => {
    const stack = newStack();
    const wildcard = { ...cors, allowHeaders: ['*'] };
    const jwt = new SecureHttpApi(stack, 'Jwt', { cors: wildcard, defaultAuthorization: partnerJwt() });
    expect(() => jwt.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') }))
      .toThrow(/reads the 'Authorization' header, which cors\.allowHeaders does not allow \('\*' never covers Authorization\)/);
    const key = (id: string) => RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, id), identitySources: [IdentitySource.header('X-Api-Key')] });
    const open = new SecureHttpApi(stack, 'Open', { cors: wildcard });
    open.addRoutes({ path: '/b', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn2'), authorization: key('Auth') });
    const credentialed = new SecureHttpApi(stack, 'Credentialed', { cors: { ...wildcard, allowCredentials: true } });
    expect(() => credentialed.addRoutes({ path: '/c', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn3'), authorization: key('Auth2') }))
      .toThrow(/reads the 'X-Api-Key' header, .*covers nothing when credentials are allowed/);
  });
});

describe('access logs', () => {
  test.each<[string, RegExp]>([
    ['retention', /prop 'accessLogs\.retention' = \["accessLogs\.retention"\]: retention describe the log group Portcullis creates, but accessLogs\.logGroup brings your own/],
    ['encryptionKey', /prop 'accessLogs\.encryptionKey' = .*would be ignored/],
    ['removalPolicy', /prop 'accessLogs\.removalPolicy' = .*would be ignored/],
  ])('accessLogs.%s together with an own log group is refused, not silently ignored', (extra, message) => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const logGroup = new logs.LogGroup(stack, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    const extras: AccessLogOptions = { retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY };
    const options: AccessLogOptions = { logGroup, [extra]: extras[extra as keyof AccessLogOptions] };
    expect(() => synthNew(stack, 'Api', { accessLogs: options })).toThrow(message);
  });

  test('removalPolicy DESTROY lets a development stack delete the log group and its key; RETAIN is the default', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Dev', { accessLogs: { removalPolicy: RemovalPolicy.DESTROY, removalReason: 'Development stack, torn down every night' } });
    new SecureHttpApi(stack, 'Prod');
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: { RetentionInDays: 365 } });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  test('extra fields are added to the standard JSON record, which keeps every standard field', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api', { accessLogs: { extraFields: { sub: '$context.authorizer.claims.sub' } } });
    const format = formatOf(Template.fromStack(stack));
    expect(format.sub).toBe('$context.authorizer.claims.sub');
    expect(format).toMatchObject({ requestId: '$context.requestId', sourceIp: '$context.identity.sourceIp', status: '$context.status', routeKey: '$context.routeKey' });
  });

  test('an extra field may not replace a standard one, and must be a $context variable', () => {
    expect(() => synthNew(newStack(), 'Api', { accessLogs: { extraFields: { sourceIp: '$context.identity.caller' } } }))
      .toThrow(/prop 'accessLogs\.extraFields\.sourceIp' = "\$context\.identity\.caller": 'sourceIp' is a standard field/);
    expect(() => synthNew(newStack(), 'Api', { accessLogs: { extraFields: { token: '$request.header.Authorization' } } }))
      .toThrow(/prop 'accessLogs\.extraFields\.token' = "\$request\.header\.Authorization": must be one \$context variable/);
  });

  test('the log key lets only AWS services create grants, in the CT.KMS.PR.3 form', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'DenyGrantsExceptForAwsServices',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }]),
      },
    });
  });

  test('detailed metrics are off unless asked for', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Off');
    new SecureHttpApi(stack, 'On', { detailedMetrics: true });
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectLike({ DetailedMetricsEnabled: false }) }, 1);
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectLike({ DetailedMetricsEnabled: true }) }, 1);
  });
});

describe('named stages', () => {
  test('a named stage serves the API, and IAM grants name it', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { stageName: 'prod' });
    api.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvokeIamRoutes(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'prod', AutoDeploy: true });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'execute-api:Invoke',
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/prod/GET/reports$')])] },
        })],
      },
    });
    expect(api.stageName).toBe('prod');
  });
});

describe('confused-deputy protection', () => {
  test('the integration and Lambda authorizer permissions name the API\'s account beside the API\'s ARN', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth') }),
    });
    api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') });
    api.addRoutes({ path: '/b', handler: newFunction(stack, 'Fn2') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Permission', 3);
    t.resourcePropertiesCountIs('AWS::Lambda::Permission', { SourceAccount: '111111111111', SourceArn: Match.anyValue() }, 3);
  });
});

describe('ISecureApi', () => {
  test('any Portcullis API can be handled through the kind-neutral interface', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), routes: [{ path: '/a', handler: newFunction(stack, 'Fn') }] });
    const describeApi = (a: ISecureApi) => ({ kind: a.apiKind, stage: a.stageName, logs: a.logGroup, metric: a.metricServerError().metricName });
    expect(describeApi(api)).toEqual({ kind: ApiKind.HTTP, stage: '$default', logs: api.logGroup, metric: '5xx' });
  });

  test('ISecureHttpApi exposes interfaces, so an API and stage that were imported fit it (this file does not compile otherwise)', () => {
    const stack = newStack();
    const httpApi: IHttpApi = HttpApi.fromHttpApiAttributes(stack, 'Imported', { httpApiId: 'abc123' });
    const stage: IHttpStage = HttpStage.fromHttpStageAttributes(stack, 'ImportedStage', { api: httpApi, stageName: 'prod' });
    const parts: Pick<ISecureHttpApi, 'httpApi' | 'stage'> = { httpApi, stage };
    expect(stack.resolve(parts.httpApi.apiId)).toBe('abc123');
    expect(parts.stage.stageName).toBe('prod');
  });
});

describe('deny by default: the fix names what an HTTP API accepts', () => {
  test('an HTTP route without authorization: the fix offers every kind and the API default', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Http');
    expect(() => api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn') }))
      .toThrow("Fix: set routes[GET /a].authorization to RouteAuthorization.jwt(), cognito(), lambdaAuthorizer(), jwtLambda() or iam(), set defaultAuthorization on the API, or declare it public with RouteAuthorization.publicAccess('<reason>')");
  });

});

describe('CORS and the headers a route\'s authorization reads', () => {
  test("allowHeaders ['*'] with allowCredentials refuses a Lambda authorizer's header; without credentials it passes", () => {
    const route = (allowCredentials: boolean) => {
      const stack = newStack();
      const api = new SecureHttpApi(stack, 'Api', { cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['*'], allowCredentials } });
      return () => api.addRoutes({
        path: '/a',
        methods: [HttpMethod.GET],
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), identitySources: [IdentitySource.header('X-Api-Key')] }),
      });
    };
    expect(route(true)).toThrow(/prop 'routes\[GET \/a\]\.authorization' = \["X-Api-Key"\]: the route's authorization reads the 'X-Api-Key' header, which cors.allowHeaders does not allow \('\*' never covers Authorization, and covers nothing when credentials are allowed\)/);
    expect(route(false)).not.toThrow();
  });
});

describe('CORS and SigV4', () => {
  test('an IAM route under CORS that would block a browser\'s signed request gets a warning naming the route and the headers', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', { cors: { allowOrigins: ['https://app.example.com'] } });
    api.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Api', Match.anyValue());
    expect(warnings.map((w) => w.entry.data)).toEqual([
      expect.stringMatching(/^routes\[GET \/reports\] is IAM-authorized, but cors\.allowHeaders leaves out 'x-amz-date', 'x-amz-security-token', so a browser's SigV4-signed request .* \[ack: portcullis:cors-blocks-sigv4\]$/),
    ]);
  });

  test('no warning once the SigV4 headers are allowed', () => {
    const stack = newStack();
    const api = new SecureHttpApi(stack, 'Api', {
      cors: { allowOrigins: ['https://app.example.com'], allowHeaders: ['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'content-type'] },
    });
    api.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
