import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { findings } from './nag-packs';
import { ApiUserPool, ApiUserPoolMfa, AuthorizationKind, RouteAuthorization, SecureHttpApi, USER_POOL_WEAKENINGS_METADATA_KEY } from '../../lib';
import { newStack } from '../nag/nag-test-util';

function poolWithClients(stack: Stack, props = {}): ApiUserPool {
  const pool = new ApiUserPool(stack, 'Users', props);
  pool.addResourceServer('Orders', { identifier: 'orders', scopes: { read: 'Read orders', write: 'Place orders' } });
  pool.addBrowserClient('Web', { callbackUrls: ['https://app.example.com/callback', 'http://localhost:3000/callback'] });
  pool.addMachineClient('Partner', { scopes: ['orders/read'] });
  pool.addDomain('SignIn', 'portcullis-test');
  return pool;
}

describe('ApiUserPool defaults', () => {
  const stack = newStack();
  poolWithClients(stack);
  const t = Template.fromStack(stack);

  test('the pool: strong passwords, TOTP MFA required, Plus with threat protection enforced, deletion protection, admin-created users, email recovery, case-insensitive', () => {
    t.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
          PasswordHistorySize: 12,
        },
      },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      UsernameConfiguration: { CaseSensitive: false },
      DeletionProtection: 'ACTIVE',
    });
    t.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  test('every client hides user existence, revokes tokens, issues 15-minute access and ID tokens', () => {
    t.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    t.allResourcesProperties('AWS::Cognito::UserPoolClient', {
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
    });
  });

  test('browser client: authorization code only, no secret, https and localhost callbacks', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      AllowedOAuthScopes: ['openid', 'email'],
    });
  });

  test('machine client: client credentials with a secret, resource-server scopes', () => {
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'] });
    t.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read orders' }, { ScopeName: 'write', ScopeDescription: 'Place orders' }] });
    t.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'portcullis-test' });
  });

  test('no weakening is recorded', () => {
    expect(JSON.stringify(t.toJSON())).not.toContain(USER_POOL_WEAKENINGS_METADATA_KEY);
  });
});

describe('cdk-nag', () => {
  test('ApiUserPool passes every pack the showcase runs, with no acknowledgement', () => {
    const stack = newStack();
    poolWithClients(stack);
    expect(findings(stack)).toEqual([]);
    const acks = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acks).toEqual([]);
  });

  test('a plain UserPool with a client fails what ApiUserPool passes', () => {
    const stack = newStack();
    new cognito.UserPool(stack, 'Users').addClient('Web');
    expect(findings(stack)).toEqual([
      'AwsSolutions-COG1 Stack/Users/Resource',
      'AwsSolutions-COG2 Stack/Users/Resource',
      'AwsSolutions-COG8 Stack/Users/Resource',
    ]);
  });

  test('a weakening needs a reason, is recorded in the template and acknowledges exactly the findings it causes', () => {
    expect(() => new ApiUserPool(newStack(), 'Users', { mfa: ApiUserPoolMfa.OPTIONAL })).toThrow(/weakeningReason.*mfa: OPTIONAL/s);
    expect(() => new ApiUserPool(newStack(), 'Users', { weakeningReason: 'Nothing to explain here at all' })).toThrow(/nothing is weakened/);
    const stack = newStack();
    const reason = 'Staff pool: MFA is enforced by the corporate IdP that federates into it';
    new ApiUserPool(stack, 'Users', { mfa: ApiUserPoolMfa.OPTIONAL, featurePlan: cognito.FeaturePlan.ESSENTIALS, selfSignUpEnabled: true, weakeningReason: reason });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Cognito::UserPool', {
      Metadata: { [USER_POOL_WEAKENINGS_METADATA_KEY]: { weakenings: ['mfa: OPTIONAL', 'featurePlan: ESSENTIALS', 'selfSignUpEnabled: true'], reason } },
      Properties: Match.objectLike({ MfaConfiguration: 'OPTIONAL', UserPoolTier: 'ESSENTIALS', AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } }),
    });
    expect(findings(stack)).toEqual([]);
  });
});

describe('refused', () => {
  test.each([
    ['an http:// callback other than localhost', (p: ApiUserPool) => p.addBrowserClient('Web', { callbackUrls: ['http://app.example.com/cb'] }), /neither https/],
    ['no callback', (p: ApiUserPool) => p.addBrowserClient('Web', { callbackUrls: [] }), /Web\.callbackUrls/],
    ['an OpenID scope on a machine client', (p: ApiUserPool) => p.addMachineClient('M2M', { scopes: ['openid'] }), /not a resource-server scope/],
    ['route authorization without scopes', (p: ApiUserPool) => p.routeAuthorization({ scopes: [] }), /carry no aud/],
    ['the Lite plan', () => new ApiUserPool(newStack(), 'P', { featurePlan: cognito.FeaturePlan.LITE, weakeningReason: 'Cheap test pool for demos' }), /Lite plan/],
    ['1-minute tokens', () => new ApiUserPool(newStack(), 'P', { tokenValidity: Duration.minutes(1) }), /tokenValidity/],
  ])('%s', (_name, act, message) => {
    const pool = new ApiUserPool(newStack(), 'Users');
    expect(() => act(pool)).toThrow(message);
  });
});

describe('routeAuthorization() and jwtIssuer()', () => {
  test('a Cognito authorization over every client, with scopes, on an HTTP API', () => {
    const stack = newStack();
    const pool = poolWithClients(stack);
    const authorization = pool.routeAuthorization({ scopes: ['orders/read'] });
    expect(authorization.kind).toBe(AuthorizationKind.COGNITO);
    const backend = new lambda.Function(stack, 'Backend', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    new SecureHttpApi(stack, 'Api', { defaultAuthorization: authorization, routes: [{ path: '/orders', methods: [HttpMethod.GET], handler: backend }] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Audience: Match.arrayWith([{ Ref: Match.stringLikeRegexp('UsersWeb') }]) } });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationScopes: ['orders/read'] });
  });

  test('the pool as an issuer of the Lambda JWT authorizer', () => {
    const stack = newStack();
    const pool = poolWithClients(stack);
    const issuer = pool.jwtIssuer();
    expect(issuer.isCognito).toBe(true);
    expect(issuer.clientIds).toHaveLength(2);
    expect(issuer.tokenUse).toBe('access');
    expect(RouteAuthorization.jwtLambda({ issuers: [issuer], scopes: ['orders/read'] }).kind).toBe(AuthorizationKind.JWT_LAMBDA);
  });
});
