import { Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  CognitoUserPoolsAuthorizer, HttpIntegration, LambdaIntegration, RestApi, TokenAuthorizer, AuthorizationType,
} from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { newFunction, newStack, restProps } from './fixtures';
import { ApiGatewayAccountLogging, RouteAuthorization, SecureFunction, SecureRestApi, SecureRestApiProps } from '../../lib';
import { findings } from '../identity/nag-packs';
import { portcullisFindings } from '../nag/nag-test-util';
import { USER_APP_SETUPS, UserAppSetup, userStack } from '../user-app';

const FUNCTION_CHOICES = {
  noVpcReason: 'Reaches only public AWS endpoints; a VPC would add NAT cost for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
};

const ISSUER = 'https://auth.example.com/';
const AUDIENCE = ['https://api.example.com'];

/** One API design — JWT, Cognito, Lambda and IAM methods, CORS for a browser app — built two ways. */
function secureApi(stack: Stack): SecureRestApi {
  const fn = newFunction(stack, 'Backend');
  const pool = new cognito.UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  const api = new SecureRestApi(stack, 'Api', restProps({
    defaultAuthorization: RouteAuthorization.jwt({ issuer: ISSUER, audience: AUDIENCE, scopes: ['user.id'] }),
    cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true, allowMethods: ['GET'] },
  }));
  api.addMethods({ path: '/me', methods: ['GET'], handler: fn });
  api.addMethods({ path: '/orders', methods: ['GET'], handler: fn, authorization: RouteAuthorization.cognito({ userPool: pool, userPoolClients: [client], scopes: ['orders/read'] }) });
  api.addMethods({ path: '/partner', methods: ['GET'], handler: fn, authorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'Auth'), resultsCacheTtl: Duration.minutes(5) }) });
  api.addMethods({ path: '/reports', methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() });
  return api;
}

/** aws-cdk-lib's RestApi with its defaults for the same design. */
function plainApi(stack: Stack): void {
  const fn = newFunction(stack, 'Backend');
  const pool = new cognito.UserPool(stack, 'Pool');
  const api = new RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
  const integration = new LambdaIntegration(fn);
  api.root.addResource('me').addMethod('GET', integration);
  api.root.addResource('orders').addMethod('GET', integration, { authorizer: new CognitoUserPoolsAuthorizer(stack, 'Cognito', { cognitoUserPools: [pool] }) });
  api.root.addResource('partner').addMethod('GET', integration, { authorizer: new TokenAuthorizer(stack, 'Lambda', { handler: newFunction(stack, 'Auth') }) });
  api.root.addResource('reports').addMethod('GET', integration, { authorizationType: AuthorizationType.IAM });
}

function rules(scope: IConstruct, pack: 'portcullis' | 'aws-solutions'): string[] {
  if (pack === 'portcullis') return [...new Set(portcullisFindings(scope).map((f) => f.rule))].sort();
  const report = new AwsSolutionsChecks().validateScope(scope);
  return [...new Set(report.violations.filter((v) => /APIG|COG4/.test(v.ruleName)).map((v) => v.ruleName))].sort();
}

test('SecureRestApi passes the Portcullis pack and the API Gateway rules of AwsSolutions', () => {
  const stack = newStack();
  secureApi(stack);
  // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not the API (test/nag/rules/stage/DenialSignal.test.ts).
  expect(portcullisFindings(stack).filter((f) => f.rule !== 'Portcullis-DenialSignal')).toEqual([]);
  expect(rules(stack, 'aws-solutions')).toEqual([]);
});

test('plain aws-cdk-lib RestApi with defaults fails both, rule by rule', () => {
  const stack = newStack();
  plainApi(stack);
  expect(rules(stack, 'portcullis')).toEqual(expect.arrayContaining([
    'Portcullis-AccessLogs[missing]', // no access logs on the stage
    'Portcullis-CognitoJwtScopes', // the Cognito method accepts any token of the pool
    'Portcullis-RestWaf', // no web ACL
    'Portcullis-RouteAuthorization', // /me is open to anyone
    'Portcullis-StageThrottling', // only the account-level limit
  ]));
  expect(rules(stack, 'aws-solutions')).toEqual(expect.arrayContaining(['AwsSolutions-APIG1', 'AwsSolutions-APIG2', 'AwsSolutions-APIG3', 'AwsSolutions-APIG4', 'AwsSolutions-APIG6', 'AwsSolutions-COG4']));
});

test('a public method passes through its own acknowledgement; without it, the rules fire', () => {
  const stack = newStack();
  const api = new SecureRestApi(stack, 'Api', restProps());
  api.addMethods({ path: '/health', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Uptime probe for monitoring') });
  expect(portcullisFindings(stack).filter((f) => f.rule !== 'Portcullis-DenialSignal')).toEqual([]);
  expect(rules(stack, 'aws-solutions')).toEqual([]);
});

describe('by-design stage findings in a user\'s app: acknowledged by the construct, or met', () => {
  // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not the API (test/nag/rules/stage/DenialSignal.test.ts).
  const stageRules = (stack: Stack) => findings(stack).filter((f) => f.includes('UserStack/Api/') && !f.startsWith('Portcullis-DenialSignal '));
  const stageAcknowledgements = (api: SecureRestApi) => api.stage.node.defaultChild!.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map((m) => Object.entries(m.data as Record<string, string>)[0])
    .filter(([id]) => /APIGWCacheEnabledAndEncrypted|APIGWSSLEnabled/.test(id))
    .map(([id, reason]) => `${id.replace(/^Annotation::/, '')}: ${reason.split(/[:;(]/)[0].trim()}`);
  function userApi(setup: UserAppSetup, props: SecureRestApiProps = {}): { stack: Stack; api: SecureRestApi } {
    const stack = userStack(setup);
    new ApiGatewayAccountLogging(stack, 'Logging');
    const backend = new SecureFunction(stack, 'Backend', { ...FUNCTION_CHOICES, code: lambda.Code.fromInline('exports.handler = async () => ({});') });
    const api = new SecureRestApi(stack, 'Api', restProps(props));
    api.addMethods({ path: '/orders', methods: ['GET'], handler: backend.function, authorization: RouteAuthorization.iam(), cacheResponses: props.cache ? true : undefined });
    return { stack, api };
  }

  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('no cache, Lambda backends only (%s): both acknowledged on the stage, each with its reason', (_name, setup) => {
    const { stack, api } = userApi(setup);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::ClientCertificate', 0);
    expect(stageRules(stack)).toEqual([]);
    expect(stageAcknowledgements(api)).toEqual([
      'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted: No cache was asked for',
      'HIPAA.Security-APIGWCacheEnabledAndEncrypted: No cache was asked for',
      'PCI.DSS.321-APIGWCacheEnabledAndEncrypted: No cache was asked for',
      'NIST.800.53.R5-APIGWSSLEnabled: No integration of this stage is an HTTP or HTTP_PROXY backend',
      'HIPAA.Security-APIGWSSLEnabled: No integration of this stage is an HTTP or HTTP_PROXY backend',
      'PCI.DSS.321-APIGWSSLEnabled: No integration of this stage is an HTTP or HTTP_PROXY backend',
    ]);
  });

  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('a cache (%s): encrypted on every entry; the per-method opt-in is acknowledged with its reason', (_name, setup) => {
    const { stack, api } = userApi(setup, { cache: {} });
    const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Stage'))[0];
    expect(stage.Properties.CacheClusterEnabled).toBe(true);
    expect(stage.Properties.MethodSettings.map((s: any) => s.CacheDataEncrypted)).toEqual([true, true]);
    expect(stageRules(stack)).toEqual([]);
    expect(stageAcknowledgements(api).filter((a) => a.includes('Cache'))).toEqual(['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']
      .map((pack) => `${pack}-APIGWCacheEnabledAndEncrypted: The cache is encrypted`));
  });

  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('an HTTP backend (%s): the stage gets a client certificate and APIGWSSLEnabled passes unacknowledged', (_name, setup) => {
    const { stack, api } = userApi(setup);
    api.addMethods({ path: '/legacy', methods: ['GET'], integration: new HttpIntegration('https://legacy.example.com/orders'), authorization: RouteAuthorization.iam() });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::ClientCertificate', 1);
    t.hasResourceProperties('AWS::ApiGateway::Stage', { ClientCertificateId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiClientCertificate'), 'ClientCertificateId'] } });
    expect(api.clientCertificate).toBeDefined();
    expect(stageRules(stack)).toEqual([]);
    expect(stageAcknowledgements(api).filter((a) => a.includes('SSL'))).toEqual([]);
  });

  test('the client-certificate decision is an aspect of the stage alone, not visited with every construct of the API', () => {
    const { api } = userApi(USER_APP_SETUPS[0]);
    const above = [api, api.restApi, api.stage].flatMap((c) => Aspects.of(c).all);
    expect(above).toEqual([]);
    expect(Aspects.of(api.stage.node.defaultChild!).all).toHaveLength(1);
  });
});
