import { CfnAuthorizer as CfnRestAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { JwtIssuer, RouteAuthorization, SecureHttpApi } from '../../../../lib';
import { newFunction } from '../../../stack-fixtures';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-JwtPublicIssuer';
const GITHUB = 'https://token.actions.githubusercontent.com';

describe('JwtPublicIssuer on API Gateway JWT authorizers (which cannot require claims)', () => {
  test('plain aws-cdk-lib: GitHub Actions, GitLab.com and Google issuers are reported; another issuer passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    for (const [id, issuer] of [['GitHub', GITHUB], ['GitLab', 'https://gitlab.com/'], ['Google', 'https://accounts.google.com'], ['Own', 'https://auth.example.com']]) {
      const api = new HttpApi(stack, id, { createDefaultStage: false });
      api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', fn), authorizer: new HttpJwtAuthorizer('Jwt', issuer, { jwtAudience: ['sts.amazonaws.com'] }) });
    }

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/GitHub/Jwt/Resource'),
      finding(RULE, 'Stack/GitLab/Jwt/Resource'),
      finding(RULE, 'Stack/Google/Jwt/Resource'),
    ]);
  });

  test('a REST native JWT authorizer (set by override) naming GitHub Actions is reported', () => {
    const stack = newStack();
    const authorizer = new CfnRestAuthorizer(stack, 'Rest', { restApiId: 'abc123', name: 'jwt', type: 'COGNITO_USER_POOLS', providerArns: ['arn:aws:cognito-idp:us-east-1:111111111111:userpool/x'] });
    authorizer.addPropertyOverride('Type', 'JWT');
    authorizer.addPropertyOverride('JwtConfiguration', { Issuers: [{ Issuer: 'https://auth.example.com', Audiences: ['a'] }, { Issuer: GITHUB, Audiences: ['sts.amazonaws.com'] }] });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest')]);
  });
});

describe('JwtPublicIssuer on Portcullis constructs', () => {
  test('RouteAuthorization.jwt with GitHub Actions is reported; jwtLambda passes with a constraining required claim, and is reported without one', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const github = JwtIssuer.oidc({ issuer: GITHUB, audiences: ['sts.amazonaws.com'] });
    const api = new SecureHttpApi(stack, 'Api');
    api.addRoutes({ path: '/native', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.jwt({ issuer: GITHUB, audience: ['sts.amazonaws.com'] }) });
    const constrained = new SecureHttpApi(stack, 'Constrained');
    constrained.addRoutes({ path: '/x', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.jwtLambda({ issuers: [github], requiredClaims: { repository: 'acme/deploy-tools' } }) });
    const open = new SecureHttpApi(stack, 'Open');
    open.addRoutes({ path: '/x', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.jwtLambda({ issuers: [github], requiredClaims: { ref: 'refs/heads/main' } }) });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Api/Api/JwtAuthorizer/Resource'),
      finding(RULE, 'Stack/Open/JwtLambdaAuthorizerFunction/Handler/Function/Resource'),
    ]);
  });
});
