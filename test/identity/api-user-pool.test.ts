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

describe('scopes are checked against the resource servers of the pool (issue 23)', () => {
  const backend = (stack: Stack) => new lambda.Function(stack, 'Backend', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });

  test('a route scope no resource server defines fails synth, naming the scope, the servers and the fix', () => {
    const stack = newStack();
    const pool = poolWithClients(stack);
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: pool.routeAuthorization({ scopes: ['orders/read'] }) });
    api.addRoutes({ path: '/orders', methods: [HttpMethod.DELETE], handler: backend(stack), scopes: ['orders/delete'] });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[Stack\/Api\] prop 'routes\[DELETE \/orders\]\.scopes' = \["orders\/delete"\]: "orders\/delete" is defined by no resource server of Stack\/Users \(its resource servers define orders \(orders\/read, orders\/write\)\), so Cognito never issues it\. Fix: add the scope to a resource server/);
  });

  test('the authorization\'s own scopes are checked too, and a resource server added after the route counts', () => {
    const stack = newStack();
    const pool = new ApiUserPool(stack, 'Users');
    pool.addMachineClient('Partner', { scopes: ['billing/read'] });
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: pool.routeAuthorization({ scopes: ['billing/read'] }) });
    api.addRoutes({ path: '/invoices', methods: [HttpMethod.GET], handler: backend(stack) });
    expect(() => Template.fromStack(stack)).toThrow(/prop 'defaultAuthorization\.scopes' = \["billing\/read"\]: "billing\/read" is defined by no resource server of Stack\/Users \(it has no resource server\)/);
    pool.addResourceServer('Billing', { identifier: 'billing', scopes: { read: 'Read invoices' } });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('standard scopes pass without a resource server', () => {
    const stack = newStack();
    const pool = new ApiUserPool(stack, 'Users');
    pool.addBrowserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'] });
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: pool.routeAuthorization({ scopes: ['aws.cognito.signin.user.admin'] }) });
    api.addRoutes({ path: '/me', methods: [HttpMethod.GET], handler: backend(stack) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each([
    ['browser', (p: ApiUserPool) => p.addBrowserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: ['openid', 'orders/admin'] }), 'Web.scopes', '"orders/admin"'],
    ['machine', (p: ApiUserPool) => p.addMachineClient('Partner', { scopes: ['order/read'] }), 'Partner.scopes', '"order/read"'],
  ])('a %s client scope no resource server defines fails synth', (_, add, prop, scope) => {
    const stack = newStack();
    const pool = new ApiUserPool(stack, 'Users');
    pool.addResourceServer('Orders', { identifier: 'orders', scopes: { read: 'Read orders' } });
    add(pool);
    expect(() => Template.fromStack(stack)).toThrow(`[Stack/Users] prop '${prop}'`);
    expect(() => Template.fromStack(stack)).toThrow(`${scope} is defined by no resource server of Stack/Users (its resource servers define orders (orders/read))`);
  });

  test('a pool that is not an ApiUserPool is not checked (its resource servers are not known here)', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Plain');
    const client = userPool.addClient('C');
    const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.cognito({ userPool, userPoolClients: [client], scopes: ['anything/goes'] }) });
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], handler: backend(stack) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('addResourceServer and addDomain refuse what Cognito would refuse at deploy', () => {
  test('a second resource server with the same identifier is refused, naming the first one\'s scopes', () => {
    const pool = new ApiUserPool(newStack(), 'Users');
    pool.addResourceServer('Orders', { identifier: 'orders', scopes: { read: 'Read orders' } });
    expect(() => pool.addResourceServer('Orders2', { identifier: 'orders', scopes: { write: 'Place orders' } }))
      .toThrow("[Stack/Users] prop 'Orders2.identifier' = \"orders\": another resource server of this pool has that identifier; Cognito refuses the second at deploy. Fix: add the scopes to the first one (its scopes: read), or give this one another identifier");
  });

  test.each([
    ['upper case', 'Orders-Login', /a Cognito domain prefix is 1 to 63 lowercase letters/],
    ['a leading hyphen', '-orders', /a Cognito domain prefix is 1 to 63 lowercase letters/],
    ['64 characters', 'a'.repeat(64), /a Cognito domain prefix is 1 to 63 lowercase letters/],
    ['empty', '', /a Cognito domain prefix is 1 to 63 lowercase letters/],
    ['a reserved word', 'my-cognito-login', /Cognito does not accept a prefix containing 'cognito'/],
  ])('a domain prefix with %s is refused in our error shape, with path and prop', (_, prefix, message) => {
    const pool = new ApiUserPool(newStack(), 'Users');
    expect(() => pool.addDomain('SignIn', prefix)).toThrow(`[Stack/Users] prop 'addDomain("SignIn").domainPrefix' = ${JSON.stringify(prefix)}: `);
    expect(() => new ApiUserPool(newStack(), 'Users').addDomain('SignIn', prefix)).toThrow(message);
  });
});
