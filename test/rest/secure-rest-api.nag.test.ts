import { Duration, Stack } from 'aws-cdk-lib';
import {
  CognitoUserPoolsAuthorizer, LambdaIntegration, RestApi, TokenAuthorizer, AuthorizationType,
} from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { newFunction, newStack, restProps } from './fixtures';
import { RouteAuthorization, SecureRestApi } from '../../lib';
import { portcullisFindings } from '../nag/nag-test-util';

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
  expect(portcullisFindings(stack)).toEqual([]);
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
  expect(portcullisFindings(stack)).toEqual([]);
  expect(rules(stack, 'aws-solutions')).toEqual([]);
});
