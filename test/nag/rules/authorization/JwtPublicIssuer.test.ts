import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnAuthorizer as CfnRestAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { CfnAuthorizer, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { JwtIssuer, RouteAuthorization, SecureHttpApi } from '../../../../lib';
import { JWT_AUTHORIZER_CONFIG_VARIABLE } from '../../../../lib/common/jwt-authorizer-config';
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

// One resource per stack: cdk-nag files a rule that throws under the rule's id, in the same group as
// the rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('JwtPublicIssuer reads what it can and says what it cannot, without throwing', () => {
  const fn = (stack: Stack, environment: unknown) => new CfnResource(stack, 'Subject', {
    type: 'AWS::Lambda::Function',
    properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' }, Environment: environment },
  });
  const config = (value: unknown) => ({ Variables: { [JWT_AUTHORIZER_CONFIG_VARIABLE]: typeof value === 'string' ? value : JSON.stringify(value) } });
  const v2 = (stack: Stack, props: Partial<CfnAuthorizer.JWTConfigurationProperty> | undefined, type: string = 'JWT') => new CfnAuthorizer(stack, 'Subject', {
    apiId: 'abc123', authorizerType: type, name: 'a', identitySource: ['$request.header.Authorization'], jwtConfiguration: props,
  });
  const rest = (stack: Stack, issuers: unknown) => {
    const authorizer = new CfnRestAuthorizer(stack, 'Subject', { restApiId: 'abc123', name: 'jwt', type: 'TOKEN' });
    authorizer.addPropertyOverride('Type', 'JWT');
    authorizer.addPropertyOverride('JwtConfiguration', { Issuers: issuers });
  };

  test.each<[string, (stack: Stack) => void, string[]]>([
    ['a function without environment variables', (stack) => fn(stack, {}), []],
    ['a function without the authorizer configuration', (stack) => fn(stack, { Variables: { OTHER: 'x' } }), []],
    ['a configuration that is a reference is unresolved', (stack) => fn(stack, { Variables: { [JWT_AUTHORIZER_CONFIG_VARIABLE]: new CfnParameter(stack, 'Config').valueAsString } }), ['[unresolved:Environment]']],
    ['a configuration that is not JSON is unresolved', (stack) => fn(stack, config('{issuers:')), ['[unresolved:Environment]']],
    ['a configuration with an issuer that is not a string', (stack) => fn(stack, config({ issuers: [{ issuer: 42 }] })), []],
    ['a configuration with an own issuer', (stack) => fn(stack, config({ issuers: [{ issuer: 'https://auth.example.com' }] })), []],
    ['a configuration with GitHub Actions and no required claim', (stack) => fn(stack, config({ issuers: [{ issuer: GITHUB }] })), ['']],
    ['an HTTP authorizer whose type is a parameter is unresolved', (stack) => v2(stack, undefined, new CfnParameter(stack, 'Type').valueAsString), ['[unresolved:AuthorizerType]']],
    ['an HTTP JWT authorizer without JwtConfiguration', (stack) => v2(stack, undefined), []],
    ['a REST JWT authorizer without Issuers', (stack) => rest(stack, undefined), []],
    ['a REST JWT authorizer with a null issuer', (stack) => rest(stack, [null]), []],
  ])('%s', (_, build, suffixes) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual(suffixes.map((suffix) => finding(`${RULE}${suffix}`, 'Stack/Subject')));
  });
});
