import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MethodLoggingLevel } from 'aws-cdk-lib/aws-apigateway';
import { WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newFunction, newStack, queryStringLambda, synthNew } from './fixtures';
import {
  ApiGatewayAccountLogging, ApiKind, ConnectionAction, IdentitySource, JwtIssuer, LambdaAuthorizerResponse, PUBLIC_ROUTE_METADATA_KEY,
  RouteAuthorization, SecureWebSocketApi, WEAKENED_STAGE_METADATA_KEY,
} from '../../lib';
import { partnerJwt } from '../stack-fixtures';

const OIDC = JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['https://api.example.com'] });

/** An API with every kind of route, all served by one function. */
function chatApi(stack: Stack, extra: Partial<ConstructorParameters<typeof SecureWebSocketApi>[2]> = {}): SecureWebSocketApi {
  const fn = newFunction(stack, 'Chat');
  return new SecureWebSocketApi(stack, 'Ws', {
    connect: { handler: fn, authorization: queryStringLambda(newFunction(stack, 'Auth')) },
    disconnect: { handler: fn },
    defaultRoute: { handler: fn },
    routes: [{ routeKey: 'sendMessage', handler: fn }],
    ...extra,
  });
}

const routeOf = (t: Template, key: string) => Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }))[0];

describe('routes', () => {
  test('$connect, $disconnect, $default and a custom route on a WEBSOCKET API selecting on $request.body.action', () => {
    const t = Template.fromStack((() => { const s = newStack(); chatApi(s); return s; })());
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', DisableExecuteApiEndpoint: false });
    t.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    for (const key of ['$connect', '$disconnect', '$default', 'sendMessage']) expect(routeOf(t, key)).toBeDefined();
    // One integration serves every route of the function.
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY' });
  });

  test('only $connect is authorized; the other routes run on its connection and say so to AwsSolutions-APIG4', () => {
    const stack = newStack();
    const api = chatApi(stack);
    const t = Template.fromStack(stack);
    expect(routeOf(t, '$connect').Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: expect.stringMatching(/^WsApiLambdaAuthorizer/) } });
    for (const key of ['$disconnect', '$default', 'sendMessage']) {
      expect(routeOf(t, key).Properties.AuthorizationType).toBe('NONE');
      expect(routeOf(t, key).Properties.AuthorizerId).toBeUndefined();
    }
    const acknowledged = api.routes.slice(1).map((r) => r.node.defaultChild!.node.metadata.find((m) => m.type === 'aws:cdk:acknowledged-rules')?.data);
    expect(JSON.stringify(acknowledged)).toMatch(/AwsSolutions-APIG4.*WebSocket APIs authorize only \$connect; \$disconnect runs on a connection the \$connect route authorized \(LAMBDA\)/);
    expect(api.connectRoute.node.defaultChild!.node.metadata.some((m) => m.type === 'aws:cdk:acknowledged-rules')).toBe(false);
  });

  test('a custom route selection expression and routes added later', () => {
    const stack = newStack();
    const api = chatApi(stack, { routeSelectionExpression: '$request.body.type', routes: [] });
    api.addRoute({ routeKey: 'orders/subscribe', integration: new WebSocketMockIntegration('Mock') });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { RouteSelectionExpression: '$request.body.type' });
    expect(routeOf(t, 'orders/subscribe')).toBeDefined();
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'MOCK' });
  });

  test('duplicate and reserved route keys, a bad selection expression and a route without backend are refused', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = chatApi(stack);
    expect(() => api.addRoute({ routeKey: 'sendMessage', handler: fn })).toThrow(/prop 'routes\[sendMessage\]\.routeKey' = "sendMessage": duplicates a route added earlier/);
    expect(() => api.addRoute({ routeKey: '$default', handler: fn })).toThrow(/\$default is a reserved route key with a prop of its own\. Fix: use the defaultRoute prop instead of routes/);
    expect(() => api.addRoute({ routeKey: '$custom', handler: fn })).toThrow(/route keys starting with \$ are reserved/);
    expect(() => api.addRoute({ routeKey: 'send message', handler: fn })).toThrow(/must be printable ASCII without whitespace/);
    expect(() => api.addRoute({ routeKey: 'x' })).toThrow(/prop 'routes\[x\]\.handler' = undefined: exactly one of handler and integration is required/);
    const other = newStack();
    expect(() => synthNew(other, 'Ws', {
      connect: { handler: newFunction(other, 'Fn'), authorization: RouteAuthorization.iam() }, routeSelectionExpression: 'action',
    })).toThrow(/prop 'routeSelectionExpression' = "action": is not a route selection expression over the message body/);
  });
});

describe('$connect authorization', () => {
  test('Lambda REQUEST authorizer: identity sources in WebSocket syntax, one permission scoped to the authorizer and account', () => {
    const stack = newStack();
    const auth = newFunction(stack, 'Auth');
    new SecureWebSocketApi(stack, 'Ws', {
      connect: {
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: auth, identitySources: [IdentitySource.header('X-Api-Token'), IdentitySource.queryString('tenant')] }),
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['route.request.header.X-Api-Token', 'route.request.querystring.tenant'],
      Name: 'LambdaAuthorizer',
      // WebSocket authorizers cannot cache: no TTL is written.
      AuthorizerResultTtlInSeconds: Match.absent(),
    });
    t.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [stack.getLogicalId(auth.node.defaultChild as any), 'Arn'] },
      SourceAccount: '111111111111',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/$')])] },
    });
  });

  test('a cache TTL, which WebSocket authorizers ignore, is warned about, not refused', () => {
    const stack = newStack();
    new SecureWebSocketApi(stack, 'Ws', {
      connect: {
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), resultsCacheTtl: Duration.minutes(10) }),
      },
    });
    Annotations.fromStack(stack).hasWarning('/Test/Ws', Match.stringLikeRegexp('resultsCacheTtl \\(10 minutes\\).*runs on every connection attempt'));
    const quiet = newStack();
    chatApi(quiet);
    Annotations.fromStack(quiet).hasNoWarning('/Test/Ws', Match.stringLikeRegexp('resultsCacheTtl'));
  });

  test('the default identity source is the Authorization header', () => {
    const stack = newStack();
    new SecureWebSocketApi(stack, 'Ws', {
      connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth') }) },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: ['route.request.header.Authorization'] });
  });

  test('Lambda JWT authorizer: the Portcullis function, the token from a query string as the only identity source', () => {
    const stack = newStack();
    const api = new SecureWebSocketApi(stack, 'Ws', {
      connect: {
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.jwtLambda({ issuers: [OIDC], scopes: ['chat'], tokenSource: IdentitySource.queryString('access_token') }),
      },
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.access_token'], Name: 'JwtLambdaAuthorizer',
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Portcullis JWT authorizer (aws-jwt-verify); fails closed',
      Environment: { Variables: Match.objectLike({}) },
    });
    const config = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('Portcullis JWT') } }))[0]
      .Properties.Environment.Variables;
    expect(JSON.stringify(config)).toContain('QUERY_STRING');
    expect(JSON.stringify(config)).toContain('access_token');
    expect(api.node.tryFindChild('JwtLambdaAuthorizerFunction')).toBeDefined();
  });

  test('IAM: AWS_IAM on $connect without an authorizer resource; grantInvokeIamRoutes allows connecting and nothing else', () => {
    const stack = newStack();
    const api = new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() } });
    const role = new iam.Role(stack, 'Client', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvokeIamRoutes(role);
    const t = Template.fromStack(stack);
    expect(routeOf(t, '$connect').Properties).toMatchObject({ AuthorizationType: 'AWS_IAM' });
    t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Action: 'execute-api:Invoke',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: Match.anyValue() }, '/prod/$connect']] },
        }],
      },
    });
  });

  test('grantInvokeIamRoutes is refused when $connect is not IAM-authorized', () => {
    const stack = newStack();
    const api = chatApi(stack);
    expect(() => api.grantInvokeIamRoutes(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() })))
      .toThrow(/prop 'grantInvokeIamRoutes' = "LAMBDA": the \$connect route is not IAM-authorized/);
  });

  test('JWT and Cognito authorization are refused: WebSocket APIs have no such authorizer', () => {
    const stack = newStack();
    expect(() => new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn'), authorization: partnerJwt() } }))
      .toThrow(/\[Test\/Ws\] prop 'connect\.authorization' = "JWT": WebSocket APIs cannot check JWT authorization\. Fix: use RouteAuthorization\.lambdaAuthorizer\(\), jwtLambda\(\) or iam\(\) on this WebSocket API/);
  });

  test('a Lambda authorizer asking for simple responses is refused', () => {
    const stack = newStack();
    expect(() => new SecureWebSocketApi(stack, 'Ws', {
      connect: {
        handler: newFunction(stack, 'Fn'),
        authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), responseType: LambdaAuthorizerResponse.SIMPLE }),
      },
    })).toThrow(/prop 'connect\.authorization\.responseType' = "SIMPLE": WebSocket Lambda authorizers must answer with an IAM policy/);
  });

  test('deny by default: no $connect route, or $connect without authorization, is refused', () => {
    const stack = newStack();
    expect(() => new SecureWebSocketApi(stack, 'A', {} as any))
      .toThrow(/prop 'connect' = undefined: without a \$connect route API Gateway accepts every connection unauthenticated/);
    expect(() => new SecureWebSocketApi(stack, 'B', { connect: { handler: newFunction(stack, 'Fn') } }))
      .toThrow(/prop 'connect\.authorization' = undefined: the \$connect route has no authorizer and is not declared public/);
  });

  // Only $connect takes an authorizer: one on another route would look like protection and be ignored.
  test('authorization on a route other than $connect is refused', () => {
    const stack = newStack();
    const connectOptions = { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() };
    expect(() => new SecureWebSocketApi(stack, 'Ws', { connect: connectOptions, defaultRoute: connectOptions }))
      .toThrow(/prop 'defaultRoute\.authorization' = "IAM": WebSocket APIs authorize only \$connect; this route runs on the connection \$connect authorized/);
  });

  test('a public $connect needs a reason, which goes into the route metadata and acknowledges exactly the unauthenticated-route rules', () => {
    const stack = newStack();
    expect(() => new SecureWebSocketApi(stack, 'Short', { connect: { handler: newFunction(stack, 'F1'), authorization: RouteAuthorization.publicAccess('demo') } }))
      .toThrow(/prop 'connect\.authorization\.publicAccess\(reason\)' = "demo": a public route needs a reason/);
    const api = new SecureWebSocketApi(stack, 'Ws', {
      connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Public ticker of market prices, read-only') },
      defaultRoute: { handler: newFunction(stack, 'Fn2') },
    });
    const t = Template.fromStack(stack);
    const connect = Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: '$connect', ApiId: { Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as any) } } }))[0];
    expect(connect.Metadata[PUBLIC_ROUTE_METADATA_KEY]).toEqual({
      reason: 'Public ticker of market prices, read-only', apiId: { Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as any) }, routeKey: '$connect',
    });
    expect(connect.Properties.AuthorizationType).toBe('NONE');
    const ack = JSON.stringify(api.connectRoute.node.defaultChild!.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data));
    expect(ack).toContain('AwsSolutions-APIG4');
    expect(ack).not.toContain('Portcullis-RouteAuthorization');
    expect(ack).toContain('Public ticker of market prices, read-only');
  });
});

describe('stage', () => {
  test('named stage with auto-deploy, stage-wide throttling, execution logs at ERROR and never data trace', () => {
    const stack = newStack();
    chatApi(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'prod',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000, LoggingLevel: 'ERROR', DataTraceEnabled: false, DetailedMetricsEnabled: false },
      RouteSettings: Match.absent(),
    });
  });

  test('per-route throttling in RouteSettings (after the route exists); detailed metrics and the stage name as given', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    new SecureWebSocketApi(stack, 'Ws', {
      stageName: 'v1',
      throttle: { rateLimit: 50, burstLimit: 100 },
      detailedMetrics: true,
      connect: { handler: fn, authorization: RouteAuthorization.iam(), throttle: { rateLimit: 5, burstLimit: 10 } },
      routes: [{ routeKey: 'sendMessage', handler: fn, throttle: { rateLimit: 20, burstLimit: 40 } }],
    });
    const t = Template.fromStack(stack);
    const stage = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage.Properties).toMatchObject({
      StageName: 'v1',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, DetailedMetricsEnabled: true },
      RouteSettings: {
        $connect: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10, LoggingLevel: 'ERROR', DataTraceEnabled: false, DetailedMetricsEnabled: true },
        sendMessage: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40, LoggingLevel: 'ERROR', DataTraceEnabled: false, DetailedMetricsEnabled: true },
      },
    });
    expect(stage.DependsOn).toHaveLength(2);
  });

  test('$default stage, bad throttling and infinite retention are refused together at synth', () => {
    const stack = newStack();
    expect(() => synthNew(stack, 'Ws', {
      stageName: '$default',
      throttle: { rateLimit: -1, burstLimit: 10 },
      accessLogs: { retention: logs.RetentionDays.INFINITE },
      connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() },
    })).toThrow(/(?=[\s\S]*prop 'stageName' = "\$default": WebSocket APIs have no \$default stage)(?=[\s\S]*prop 'throttle\.rateLimit' = -1)(?=[\s\S]*prop 'accessLogs\.retention' = "INFINITE")/);
  });

  // Issue 23: the fix offered jwt(), cognito() and defaultAuthorization, none of which a WebSocket API accepts.
  test('$connect without authorization: the fix offers only what a WebSocket API accepts', () => {
    const stack = newStack();
    let message = '';
    try {
      synthNew(stack, 'Ws', { connect: { handler: newFunction(stack, 'Fn') } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[Test/Ws] prop 'connect.authorization' = undefined: the $connect route has no authorizer and is not declared public (Portcullis denies by default). Fix: set connect.authorization to RouteAuthorization.lambdaAuthorizer(), jwtLambda() or iam(), or declare it public with RouteAuthorization.publicAccess('<reason>')");
    expect(message).not.toMatch(/jwt\(\)|cognito\(\)|defaultAuthorization/);
  });

  test('a WebSocket stage name with a space is refused with a text that never offers $default', () => {
    const stack = newStack();
    let message = '';
    try {
      synthNew(stack, 'Ws', { stageName: 'bad name', connect: { handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam() } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("prop 'stageName' = \"bad name\": a WebSocket API stage name is 1 to 128 letters, digits, - and _. Fix: name the stage, e.g. 'prod' (the default) or 'v1'");
    expect(message).not.toContain('$default');
  });

  test('execution logs OFF is an explicit choice recorded on the stage', () => {
    const stack = newStack();
    chatApi(stack, { executionLogLevel: MethodLoggingLevel.OFF, executionLogsOffReason: 'Test stage torn down nightly' });
    const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage.Properties.DefaultRouteSettings.LoggingLevel).toBe('OFF');
    expect(stage.Metadata[WEAKENED_STAGE_METADATA_KEY]).toEqual({
      weakenings: [expect.objectContaining({ setting: 'executionLogLevel: OFF', reasonProp: 'executionLogsOffReason', reason: 'Test stage torn down nightly' })],
    });
  });

  test('warns when execution logs are on but the account CloudWatch role is declared nowhere', () => {
    const stack = newStack();
    chatApi(stack);
    Annotations.fromStack(stack).hasWarning('/Test/Ws', Match.stringLikeRegexp('no ApiGatewayAccountLogging is declared'));
    const declared = newStack();
    const logging = new ApiGatewayAccountLogging(declared, 'Logging');
    chatApi(declared);
    Annotations.fromStack(declared).hasNoWarning('/Test/Ws', Match.anyValue());
    // In the same stack, the account setting is deployed before the stage that needs it.
    const stage = Object.values(Template.fromStack(declared).findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage.DependsOn).toContain(declared.getLogicalId(logging.account));
    const elsewhere = newStack();
    chatApi(elsewhere, { accountLoggingDeclaredElsewhere: true });
    Annotations.fromStack(elsewhere).hasNoWarning('/Test/Ws', Match.anyValue());
  });

  test('the execute-api endpoint can be turned off for a custom domain', () => {
    const stack = newStack();
    chatApi(stack, { disableExecuteApiEndpoint: true });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
  });
});

describe('access logs', () => {
  test('JSON with the WebSocket $context fields, to a KMS-encrypted log group kept one year; no bodies or tokens', () => {
    const stack = newStack();
    chatApi(stack);
    const t = Template.fromStack(stack);
    const stage = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      connectionId: '$context.connectionId',
      eventType: '$context.eventType',
      routeKey: '$context.routeKey',
      messageId: '$context.messageId',
      status: '$context.status',
      sourceIp: '$context.identity.sourceIp',
      authorizerError: '$context.authorizer.error',
      integrationError: '$context.integration.error',
    });
    expect(Object.values(format).join()).not.toMatch(/body|querystring|header|authorization\b/i);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
    expect(stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]).toMatch(/^WsAccessLogs/);
  });

  test('extra fields are added; a standard field cannot be replaced', () => {
    const stack = newStack();
    chatApi(stack, { accessLogs: { extraFields: { tenant: '$context.authorizer.tenant' } } });
    const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format).tenant).toBe('$context.authorizer.tenant');
    const other = newStack();
    expect(() => { chatApi(other, { accessLogs: { extraFields: { connectionId: '$context.authorizer.x' } } }); Template.fromStack(other); })
      .toThrow(/'connectionId' is a standard field/);
  });
});

describe('Lambda backends', () => {
  test('one permission per function however many routes it serves, scoped to this API\'s stage and account', () => {
    const stack = newStack();
    const chat = newFunction(stack, 'Chat');
    const other = newFunction(stack, 'Other');
    new SecureWebSocketApi(stack, 'Ws', {
      connect: { handler: chat, authorization: RouteAuthorization.iam() },
      disconnect: { handler: chat },
      defaultRoute: { handler: other },
      routes: [{ routeKey: 'a', handler: chat }, { routeKey: 'b', handler: other }],
    });
    const t = Template.fromStack(stack);
    const permissions = Object.values(t.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(2);
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceAccount: '111111111111',
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: expect.stringMatching(/^WsApi/) }, '/prod/*']] },
      });
    }
  });
});

describe('connection management', () => {
  test('grantManageConnections allows POST on this stage\'s @connections only, by default', () => {
    const stack = newStack();
    const api = chatApi(stack);
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    api.grantManageConnections(backend);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Action: 'execute-api:ManageConnections',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:us-east-1:111111111111:', { Ref: Match.stringLikeRegexp('^WsApi') }, '/prod/POST/@connections/*']] },
        }],
      },
    });
  });

  test('GET and DELETE only when asked for, each its own resource', () => {
    const stack = newStack();
    const api = chatApi(stack);
    const backend = new iam.Role(stack, 'Backend', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    api.grantManageConnections(backend, [ConnectionAction.GET, ConnectionAction.DELETE]);
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0];
    const resources = policy.Properties.PolicyDocument.Statement[0].Resource.map((r: any) => r['Fn::Join'][1][4]);
    expect(resources).toEqual(['/prod/GET/@connections/*', '/prod/DELETE/@connections/*']);
    expect(() => api.grantManageConnections(backend, [])).toThrow(/must name at least one action/);
  });

  test('callback and client URLs', () => {
    const stack = newStack();
    const api = chatApi(stack);
    const callback = JSON.stringify(stack.resolve(api.callbackUrl));
    expect(callback).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Ref":"WsApi[0-9A-F]+"\},".execute-api.us-east-1.",\{"Ref":"AWS::URLSuffix"\},"\/prod"\]\]\}$/);
    expect(JSON.stringify(stack.resolve(api.url))).toMatch(/"wss:\/\/"/);
  });
});

describe('ISecureApi', () => {
  test('kind, id, stage and log group', () => {
    const stack = newStack();
    const api = chatApi(stack);
    expect(api.apiKind).toBe(ApiKind.WEBSOCKET);
    expect(api.stageName).toBe('prod');
    expect(stack.resolve(api.apiId)).toEqual({ Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as any) });
    expect(api.logGroup).toBeDefined();
    expect(api.logEncryptionKey).toBeDefined();
  });

  test('metrics use the WebSocket names in AWS/ApiGateway with ApiId and Stage', () => {
    const stack = newStack();
    const api = chatApi(stack);
    const cases: Array<[string, string, string]> = [
      [api.metricClientError().metricName, 'ClientError', api.metricClientError().statistic],
      [api.metricServerError().metricName, 'IntegrationError', api.metricServerError().statistic],
      [api.metricExecutionError().metricName, 'ExecutionError', api.metricExecutionError().statistic],
      [api.metricCount().metricName, 'MessageCount', api.metricCount().statistic],
      [api.metricConnectCount().metricName, 'ConnectCount', api.metricConnectCount().statistic],
      [api.metricLatency().metricName, 'IntegrationLatency', api.metricLatency().statistic],
      [api.metricIntegrationLatency().metricName, 'IntegrationLatency', api.metricIntegrationLatency().statistic],
    ];
    for (const [name, expected] of cases) expect(name).toBe(expected);
    expect(cases.map((c) => c[2])).toEqual(['Sum', 'Sum', 'Sum', 'Sum', 'Sum', 'Average', 'Average']);
    const m = api.metricConnectCount({ statistic: 'Maximum' });
    expect(m.namespace).toBe('AWS/ApiGateway');
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toMinutes()).toBe(5);
    expect(stack.resolve(m.dimensions)).toEqual({ ApiId: { Ref: stack.getLogicalId(api.webSocketApi.node.defaultChild as any) }, Stage: 'prod' });
  });
});
