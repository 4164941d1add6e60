import { Stack } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { newStack } from './fixtures';
import { ApiGatewayAccountLogging, IdentitySource, JwtIssuer, RouteAuthorization, SecureFunction, SecureWebSocketApi } from '../../lib';
import { findings } from '../identity/nag-packs';
import { notDenialSignal, portcullisFindings } from '../nag/nag-test-util';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const CHOICES = {
  noVpcReason: 'Reaches only public AWS endpoints; a VPC would add NAT cost for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
};

function backend(stack: Stack, id: string): lambda.IFunction {
  return new SecureFunction(stack, id, { ...CHOICES, code: CODE }).function;
}

/** A chat API: a JWT in the query string on $connect, every other route on the connection, a backend that answers clients. */
function secureChat(stack: Stack): SecureWebSocketApi {
  new ApiGatewayAccountLogging(stack, 'Logging');
  const chat = backend(stack, 'Chat');
  const api = new SecureWebSocketApi(stack, 'Ws', {
    connect: {
      handler: chat,
      authorization: RouteAuthorization.jwtLambda({
        issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['https://api.example.com'] })],
        tokenSource: IdentitySource.queryString('token'),
      }),
    },
    disconnect: { handler: chat },
    defaultRoute: { handler: chat },
    routes: [{ routeKey: 'sendMessage', handler: backend(stack, 'Send'), throttle: { rateLimit: 10, burstLimit: 20 } }],
  });
  api.grantManageConnections(chat);
  return api;
}

test('SecureWebSocketApi passes the Portcullis pack', () => {
  const stack = newStack();
  secureChat(stack);
  expect(portcullisFindings(stack).filter(notDenialSignal)).toEqual([]);
});

test('the API is free of findings of every pack the showcase runs (AwsSolutions, NIST, HIPAA, PCI, Serverless, Portcullis)', () => {
  const stack = newStack();
  secureChat(stack);
  expect(findings(stack, 'Test/Ws').filter(notDenialSignal)).toEqual([]);
});

test('a public $connect passes only through its reason, as an acknowledgement of exactly the unauthenticated-route rules', () => {
  const stack = newStack();
  new SecureWebSocketApi(stack, 'Ws', {
    connect: { handler: backend(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Public market ticker, read-only, no user data') },
    defaultRoute: { handler: backend(stack, 'Fn2') },
    accountLoggingDeclaredElsewhere: true,
  });
  expect(findings(stack, 'Test/Ws').filter(notDenialSignal)).toEqual([]);
});

test('the same design with plain aws-cdk-lib defaults fails the Portcullis pack, rule by rule', () => {
  const stack = newStack();
  const fn = backend(stack, 'Chat');
  const api = new WebSocketApi(stack, 'Ws', {
    connectRouteOptions: {
      integration: new WebSocketLambdaIntegration('Connect', fn),
      authorizer: new WebSocketLambdaAuthorizer('Auth', fn, { identitySource: ['route.request.querystring.token'] }),
    },
    defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Default', fn) },
  });
  new WebSocketStage(stack, 'Stage', { webSocketApi: api, stageName: 'prod', autoDeploy: true });
  expect(portcullisFindings(stack)).toEqual([
    { rule: 'Portcullis-AccessLogs[missing]', path: 'Test/Stage/Resource' },
    // aws-cdk-lib's WebSocket integrations and authorizer permissions name no SourceAccount (a warning).
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Ws/$connect-Route/Connect-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Ws/$default-Route/Default-Permission' },
    { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Test/Ws/TestWsAuth786E6108-Permission' },
    { rule: 'Portcullis-StageThrottling', path: 'Test/Stage/Resource' },
  ]);
});

test('what SecureWebSocketApi enforces is also in the pack: no $connect route, data trace on', () => {
  const stack = newStack();
  const fn = backend(stack, 'Chat');
  const api = new WebSocketApi(stack, 'Ws', { defaultRouteOptions: { integration: new WebSocketLambdaIntegration('Default', fn) } });
  const stage = new WebSocketStage(stack, 'Stage', { webSocketApi: api, stageName: 'prod', throttle: { rateLimit: 10, burstLimit: 20 } });
  (stage.node.defaultChild as any).addPropertyOverride('DefaultRouteSettings.DataTraceEnabled', true);
  const enforcedHere = (rule: string) => !rule.startsWith('Portcullis-AccessLogs') && rule !== 'Portcullis-LambdaPermissionSourceAccount';
  expect(portcullisFindings(stack).filter((f) => enforcedHere(f.rule))).toEqual([
    { rule: 'Portcullis-WebSocketConnectRoute', path: 'Test/Ws/Resource' },
    { rule: 'Portcullis-WebSocketDataTrace', path: 'Test/Stage/Resource' },
  ]);
});
