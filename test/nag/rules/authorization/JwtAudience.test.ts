import { CfnParameter, Fn } from 'aws-cdk-lib';
import { CfnAuthorizer as CfnRestAuthorizer, LambdaIntegration, RestApi, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnAuthorizer, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Stack } from 'aws-cdk-lib/core';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-JwtAudience';

function routeWith(stack: Stack, authorizer: HttpJwtAuthorizer | HttpUserPoolAuthorizer): void {
  const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
  api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', lambdaFunction(stack)), authorizer });
}

/** A REST native JWT authorizer: aws-cdk-lib 2.276 has no typed props, so it is written with overrides. */
function restJwtAuthorizer(stack: Stack, id: string, issuers: unknown): CfnRestAuthorizer {
  const authorizer = new CfnRestAuthorizer(stack, id, { restApiId: 'abc123', name: id, type: 'TOKEN' });
  authorizer.addPropertyOverride('Type', 'JWT');
  authorizer.addPropertyOverride('JwtConfiguration', { DefaultAlgorithms: ['RS256'], Issuers: issuers });
  return authorizer;
}

describe('JwtAudience on HTTP JWT authorizers', () => {
  test('an authorizer with an audience passes', () => {
    const stack = newStack();
    routeWith(stack, new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['my-api'] }));
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a user-pool authorizer passes (its audience is the app clients)', () => {
    const stack = newStack();
    const pool = new UserPool(stack, 'Pool');
    routeWith(stack, new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [pool.addClient('Client')] }));
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an empty or missing audience is reported', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnAuthorizer(stack, 'EmptyAudience', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'empty-audience',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: [] },
    });
    new CfnAuthorizer(stack, 'NoAudience', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'no-audience',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com' },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/EmptyAudience'), finding(RULE, 'Stack/NoAudience')]);
  });

  test('a blank audience (empty or only spaces) is reported, also beside a named one', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const authorizer = (id: string, audience: string[]) => new CfnAuthorizer(stack, id, {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: id,
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience },
    });
    authorizer('EmptyString', ['']);
    authorizer('Spaces', ['  ']);
    authorizer('NamedAndBlank', ['my-api', ' ']);
    authorizer('Named', ['my-api']);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/EmptyString'),
      finding(RULE, 'Stack/NamedAndBlank'),
      finding(RULE, 'Stack/Spaces'),
    ]);
  });

  test('an audience list that is not known at synth time is reported as unresolved', () => {
    const stack = newStack();
    const audiences = new CfnParameter(stack, 'Audiences', { default: 'a,b' });
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnAuthorizer(stack, 'Authorizer', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'a',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: Fn.split(',', audiences.valueAsString) },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:Audience]`, 'Stack/Authorizer')]);
  });
});

// One authorizer per stack: cdk-nag files a rule that throws under the rule's id, in the same group as
// the rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('JwtAudience reports what it cannot find, without throwing', () => {
  const v2Authorizer = (stack: Stack, jwtConfiguration?: CfnAuthorizer.JWTConfigurationProperty) => new CfnAuthorizer(stack, 'Authorizer', {
    apiId: new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' }).ref,
    authorizerType: 'JWT',
    name: 'a',
    identitySource: ['$request.header.Authorization'],
    jwtConfiguration,
  });

  test.each<[string, (stack: Stack) => void, string]>([
    ['an HTTP JWT authorizer without JwtConfiguration', (stack) => v2Authorizer(stack), RULE],
    ['an HTTP JWT authorizer without Audience', (stack) => v2Authorizer(stack, { issuer: 'https://issuer.example.com' }), RULE],
    ['an HTTP JWT authorizer with a null audience', (stack) => v2Authorizer(stack, { issuer: 'https://issuer.example.com', audience: [null as unknown as string] }), RULE],
    ['a REST JWT authorizer without Issuers', (stack) => {
      restJwtAuthorizer(stack, 'Authorizer', undefined);
    }, RULE],
    ['a REST JWT authorizer with a null issuer', (stack) => {
      restJwtAuthorizer(stack, 'Authorizer', [null]);
    }, RULE],
    ['a REST JWT issuer whose Audiences are an intrinsic', (stack) => {
      restJwtAuthorizer(stack, 'Authorizer', [{ Issuer: 'https://a.example.com', Audiences: Fn.split(',', new CfnParameter(stack, 'Audiences').valueAsString) }]);
    }, `${RULE}[unresolved:Audiences]`],
  ])('%s', (_, build, rule) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual([finding(rule, 'Stack/Authorizer')]);
  });
});

describe('JwtAudience on REST native JWT authorizers', () => {
  test('every issuer with audiences passes; an issuer without is reported', () => {
    const stack = newStack();
    restJwtAuthorizer(stack, 'Good', [{ Issuer: 'https://a.example.com', Audiences: ['api'] }]);
    restJwtAuthorizer(stack, 'Empty', [{ Issuer: 'https://a.example.com', Audiences: [] }]);
    restJwtAuthorizer(stack, 'OneMissing', [
      { Issuer: 'https://a.example.com', Audiences: ['api'] },
      { Issuer: 'https://b.example.com', AdditionalClaims: [] },
    ]);
    restJwtAuthorizer(stack, 'NoIssuers', []);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Empty'),
      finding(RULE, 'Stack/NoIssuers'),
      finding(RULE, 'Stack/OneMissing'),
    ]);
  });

  test('an issuer whose Audiences are blank is reported', () => {
    const stack = newStack();
    restJwtAuthorizer(stack, 'EmptyString', [{ Issuer: 'https://a.example.com', Audiences: [''] }]);
    restJwtAuthorizer(stack, 'Spaces', [{ Issuer: 'https://a.example.com', Audiences: ['api'] }, { Issuer: 'https://b.example.com', Audiences: [' \t'] }]);
    restJwtAuthorizer(stack, 'Named', [{ Issuer: 'https://a.example.com', Audiences: ['api'] }]);

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/EmptyString'), finding(RULE, 'Stack/Spaces')]);
  });

  test('TOKEN and REQUEST authorizers are not JWT authorizers', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new RestApi(stack, 'Rest').root.addMethod('GET', new LambdaIntegration(fn), { authorizer: new TokenAuthorizer(stack, 'Token', { handler: fn }) });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});
