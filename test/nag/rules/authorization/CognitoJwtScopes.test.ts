import { App, CfnCondition, CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { AuthorizationType, CfnMethod, CognitoUserPoolsAuthorizer, MockIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, CfnApi, CfnRoute, CfnAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-CognitoJwtScopes';

function httpApiWithCognito(stack: Stack): { api: HttpApi; authorizer: HttpUserPoolAuthorizer; integration: HttpLambdaIntegration } {
  const pool = new UserPool(stack, 'Pool');
  const authorizer = new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [pool.addClient('Client')] });
  const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
  return { api, authorizer, integration: new HttpLambdaIntegration('I', lambdaFunction(stack)) };
}

/** A raw HTTP API with one JWT-authorized route `Stack/<id>` per issuer. */
function routesWithIssuers(stack: Stack, issuers: Record<string, string>): void {
  const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
  for (const [id, issuer] of Object.entries(issuers)) {
    const authorizer = new CfnAuthorizer(stack, `${id}Authorizer`, {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: id,
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer, audience: ['x'] },
    });
    new CfnRoute(stack, id, { apiId: api.ref, routeKey: `GET /${id}`, authorizationType: 'JWT', authorizerId: authorizer.ref });
  }
}

describe('CognitoJwtScopes', () => {
  test('a Cognito-authorized route without scopes is reported; one with scopes passes', () => {
    const stack = newStack();
    const { api, authorizer, integration } = httpApiWithCognito(stack);
    api.addRoutes({ path: '/no-scopes', methods: [HttpMethod.GET], integration, authorizer });
    api.addRoutes({ path: '/scoped', methods: [HttpMethod.GET], integration, authorizer, authorizationScopes: ['orders/read'] });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Http/GET--no-scopes/Resource')]);
  });

  test('the issuer is recognised when the region is a pseudo parameter (stack without env)', () => {
    const stack = new Stack(new App(), 'Stack');
    const { api, authorizer, integration } = httpApiWithCognito(stack);
    api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration, authorizer });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Http/GET--x/Resource')]);
  });

  test('an issuer written as the user pool ProviderURL attribute is Cognito', () => {
    const stack = newStack();
    const pool = new UserPool(stack, 'Pool');
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    api.addRoutes({
      path: '/x',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('I', lambdaFunction(stack)),
      authorizer: new HttpJwtAuthorizer('Jwt', pool.userPoolProviderUrl, { jwtAudience: ['client'] }),
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Http/GET--x/Resource')]);
  });

  test('a non-Cognito issuer and non-JWT routes are not checked', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    const integration = new HttpLambdaIntegration('I', lambdaFunction(stack));
    api.addRoutes({
      path: '/x',
      methods: [HttpMethod.GET],
      integration,
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://login.example.com/', { jwtAudience: ['api'] }),
    });
    api.addRoutes({ path: '/open', methods: [HttpMethod.GET], integration });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an issuer or authorizer that cannot be resolved is reported as unresolved', () => {
    const stack = newStack();
    const issuer = new CfnParameter(stack, 'Issuer');
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const authorizer = new CfnAuthorizer(stack, 'Authorizer', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'a',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: issuer.valueAsString, audience: ['x'] },
    });
    new CfnRoute(stack, 'ParameterIssuer', { apiId: api.ref, routeKey: 'GET /a', authorizationType: 'JWT', authorizerId: authorizer.ref });
    new CfnRoute(stack, 'ImportedAuthorizer', { apiId: api.ref, routeKey: 'GET /b', authorizationType: 'JWT', authorizerId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:AuthorizerId]`, 'Stack/ImportedAuthorizer'),
      finding(`${RULE}[unresolved:Issuer]`, 'Stack/ParameterIssuer'),
    ]);
  });

  test('an issuer built from a parameter is unresolved unless its literal host shows it is not Cognito', () => {
    const stack = newStack();
    const host = new CfnParameter(stack, 'IssuerHostParam');
    const tenant = new CfnParameter(stack, 'TenantParam');
    routesWithIssuers(stack, {
      SubHost: Fn.sub('https://${IssuerHostParam}/pool'),
      JoinHost: Fn.join('', ['https://', host.valueAsString, '/pool']),
      LiteralHost: Fn.join('', ['https://login.example.com/', tenant.valueAsString]),
      CognitoHost: Fn.join('', ['https://cognito-idp.eu-west-1.amazonaws.com/', tenant.valueAsString]),
    });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/CognitoHost'),
      finding(`${RULE}[unresolved:Issuer]`, 'Stack/JoinHost'),
      finding(`${RULE}[unresolved:Issuer]`, 'Stack/SubHost'),
    ]);
  });

  test('a route with scopes passes even when its issuer cannot be resolved: scopes are all the rule asks for', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const issuer = new CfnParameter(stack, 'IssuerParam');
    const authorizer = new CfnAuthorizer(stack, 'Authorizer', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'jwt',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: issuer.valueAsString, audience: ['x'] },
    });
    new CfnRoute(stack, 'Scoped', { apiId: api.ref, routeKey: 'GET /s', authorizationType: 'JWT', authorizerId: authorizer.ref, authorizationScopes: ['read'] });
    new CfnRoute(stack, 'Unscoped', { apiId: api.ref, routeKey: 'GET /u', authorizationType: 'JWT', authorizerId: authorizer.ref });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:Issuer]`, 'Stack/Unscoped')]);
  });

  test('an issuer written with the user pool ProviderName attribute is Cognito', () => {
    const stack = newStack();
    const pool = new UserPool(stack, 'Pool');
    routesWithIssuers(stack, { ProviderName: `https://${pool.userPoolProviderName}` });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/ProviderName')]);
  });
});

describe('CognitoJwtScopes: what counts as scoped', () => {
  const COGNITO_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';

  test('an empty scope list or only blank scopes is not scoped; one named scope is', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const authorizer = new CfnAuthorizer(stack, 'Authorizer', {
      apiId: api.ref,
      authorizerType: 'JWT',
      name: 'cognito',
      identitySource: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: COGNITO_ISSUER, audience: ['client'] },
    });
    const route = (id: string, authorizationScopes: string[]) =>
      new CfnRoute(stack, id, { apiId: api.ref, routeKey: `GET /${id}`, authorizationType: 'JWT', authorizerId: authorizer.ref, authorizationScopes });
    route('EmptyList', []);
    route('BlankScopes', ['', '   ']);
    route('OneNamed', ['', 'orders/read']);
    const method = (id: string, authorizationScopes: string[]) =>
      new CfnMethod(stack, id, { restApiId: 'abc123', resourceId: 'res123', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'auth12', authorizationScopes });
    method('RestEmptyList', []);
    method('RestBlankScope', [' ']);
    method('RestNamed', ['orders/read']);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/BlankScopes'),
      finding(RULE, 'Stack/EmptyList'),
      finding(RULE, 'Stack/RestBlankScope'),
      finding(RULE, 'Stack/RestEmptyList'),
    ]);
  });

  test('a scope known only at deploy time, with no named scope beside it, is unresolved', () => {
    const stack = newStack();
    const scope = new CfnParameter(stack, 'Scope');
    const base = { restApiId: 'abc123', resourceId: 'res123', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'auth12' };
    new CfnMethod(stack, 'ParameterOnly', { ...base, authorizationScopes: [scope.valueAsString] });
    new CfnMethod(stack, 'ParameterAndNamed', { ...base, authorizationScopes: [scope.valueAsString, 'orders/read'] });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:AuthorizationScopes]`, 'Stack/ParameterOnly')]);
  });
});

describe('CognitoJwtScopes on REST methods', () => {
  test('a COGNITO_USER_POOLS method without scopes is reported; one with scopes, and other types, pass', () => {
    const stack = newStack();
    const pool = new UserPool(stack, 'Pool');
    const authorizer = new CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
    const api = new RestApi(stack, 'Rest');
    const integration = new MockIntegration();
    api.root.addResource('no-scopes').addMethod('GET', integration, { authorizer, authorizationType: AuthorizationType.COGNITO });
    api.root.addResource('scoped').addMethod('GET', integration, { authorizer, authorizationType: AuthorizationType.COGNITO, authorizationScopes: ['orders/read'] });
    api.root.addResource('iam').addMethod('GET', integration, { authorizationType: AuthorizationType.IAM });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Rest/Default/no-scopes/GET/Resource')]);
  });

  test('an authorization type or scopes that cannot be resolved are reported as unresolved', () => {
    const stack = newStack();
    const type = new CfnParameter(stack, 'Type');
    const scopes = new CfnParameter(stack, 'Scopes', { type: 'CommaDelimitedList' });
    const base = { restApiId: 'abc123', resourceId: 'res123', httpMethod: 'GET', authorizerId: 'auth12' };
    new CfnMethod(stack, 'ParameterType', { ...base, authorizationType: type.valueAsString });
    new CfnMethod(stack, 'ParameterScopes', { ...base, authorizationType: 'COGNITO_USER_POOLS', authorizationScopes: scopes.valueAsList });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:AuthorizationScopes]`, 'Stack/ParameterScopes'),
      finding(`${RULE}[unresolved:AuthorizationType]`, 'Stack/ParameterType'),
    ]);
  });
});

describe('CognitoJwtScopes on conditional authorization', () => {
  test('AuthorizationType !If [c, AWS_IAM, NONE]: neither branch is Cognito, so no finding', () => {
    const stack = newStack();
    const condition = new CfnCondition(stack, 'UseIam', { expression: Fn.conditionEquals('a', 'b') });
    new CfnMethod(stack, 'Method', {
      restApiId: 'api',
      resourceId: 'res',
      httpMethod: 'GET',
      authorizationType: Fn.conditionIf(condition.logicalId, 'AWS_IAM', 'NONE').toString(),
    });
    new CfnMethod(stack, 'Cognito', {
      restApiId: 'api',
      resourceId: 'res',
      httpMethod: 'GET',
      authorizationType: Fn.conditionIf(condition.logicalId, 'COGNITO_USER_POOLS', 'NONE').toString(),
    });

    expect(portcullisFindings(stack, 'Portcullis-CognitoJwtScopes')).toEqual([
      { rule: 'Portcullis-CognitoJwtScopes[unresolved:AuthorizationType]', path: 'Stack/Cognito' },
    ]);
  });
});

// One route per stack: cdk-nag files a rule that throws under the rule's id, in the same group as the
// rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('CognitoJwtScopes reads what it can and says what it cannot, without throwing', () => {
  /** A JWT route `Stack/Subject` without scopes, on an authorizer whose JwtConfiguration is `configuration`. */
  const routeOn = (stack: Stack, configuration: unknown): void => {
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const authorizer = new CfnAuthorizer(stack, 'Authorizer', { apiId: api.ref, authorizerType: 'JWT', name: 'a', identitySource: ['$request.header.Authorization'] });
    if (configuration !== undefined) authorizer.addPropertyOverride('JwtConfiguration', configuration);
    new CfnRoute(stack, 'Subject', { apiId: api.ref, routeKey: 'GET /x', authorizationType: 'JWT', authorizerId: authorizer.ref });
  };
  const typed = (stack: Stack, authorizationType: unknown): void => {
    const route = new CfnRoute(stack, 'Subject', { apiId: 'abc123', routeKey: 'GET /x' });
    route.addPropertyOverride('AuthorizationType', authorizationType);
  };

  test.each<[string, (stack: Stack) => void, string[]]>([
    ['an HTTP route whose type is !If [c, AWS_IAM, NONE] is not checked', (stack) => typed(stack, { 'Fn::If': ['C', 'AWS_IAM', 'NONE'] }), []],
    ['an HTTP route whose type is !If [c, JWT, NONE] is unresolved', (stack) => typed(stack, { 'Fn::If': ['C', 'JWT', 'NONE'] }), ['[unresolved:AuthorizationType]']],
    ['a JWT route without an authorizer is left to RouteAuthorization', (stack) => {
      new CfnRoute(stack, 'Subject', { apiId: 'abc123', routeKey: 'GET /x', authorizationType: 'JWT' });
    }, []],
    ['an authorizer without JwtConfiguration has an unresolved issuer', (stack) => routeOn(stack, undefined), ['[unresolved:Issuer]']],
    ['a JwtConfiguration that is an intrinsic has an unresolved issuer', (stack) => routeOn(stack, { 'Fn::If': ['C', { Issuer: 'https://a.example.com' }, { Ref: 'AWS::NoValue' }] }), ['[unresolved:Issuer]']],
    ['a ProviderURL of a resource that is not a user pool is unresolved', (stack) => {
      new CfnResource(stack, 'NotAPool', { type: 'Custom::IdentityProvider' });
      routeOn(stack, { Issuer: { 'Fn::GetAtt': ['NotAPool', 'ProviderURL'] }, Audience: ['x'] });
    }, ['[unresolved:Issuer]']],
    ['a ProviderURL of a resource outside the template is unresolved', (stack) => routeOn(stack, { Issuer: { 'Fn::GetAtt': ['Elsewhere', 'ProviderURL'] }, Audience: ['x'] }), ['[unresolved:Issuer]']],
    ['a cognito-idp host in another URL shape is Cognito', (stack) => routeOn(stack, { Issuer: 'https://Cognito-IDP.us-east-1.amazonaws.com/pool/extra', Audience: ['x'] }), ['']],
    ['an issuer that is no URL and has no placeholder is not Cognito', (stack) => routeOn(stack, { Issuer: 'issuer-name', Audience: ['x'] }), []],
  ])('%s', (_, build, suffixes) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual(suffixes.map((suffix) => finding(`${RULE}${suffix}`, 'Stack/Subject')));
  });
});
