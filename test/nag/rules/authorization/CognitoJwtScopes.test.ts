import { App, CfnParameter, Stack } from 'aws-cdk-lib';
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
});
