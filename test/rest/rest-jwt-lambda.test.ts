import { Match, Template } from 'aws-cdk-lib/assertions';
import { newFunction, newStack, restProps } from './fixtures';
import { IdentitySource, JwtIssuer, RouteAuthorization, SecureRestApi } from '../../lib';

const ISSUER = JwtIssuer.oidc({
  issuer: 'https://auth.example.com/',
  jwksUri: 'https://auth.example.com/.well-known/jwks.json',
  audiences: ['https://api.example.com'],
});

describe('the Lambda JWT authorizer on REST methods', () => {
  test('a header token becomes a TOKEN authorizer cached 300 s on that header, with its permission under the API', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    api.addMethods({ path: '/orders', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.jwtLambda({ issuers: [ISSUER], scopes: ['orders/read'] }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN', Name: 'JwtLambdaAuthorizer', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300,
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: Match.stringLikeRegexp('JwtLambdaAuthorizer') } });
    // The authorizer function's invoke permission is scoped to this API's authorizer and names the account.
    t.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('JwtLambdaAuthorizerFunction'), 'Arn'] },
      SourceAccount: '111111111111',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/')])] },
    });
  });

  test('a query-string token (as WebSocket clients send it) becomes a REQUEST authorizer keyed on that parameter', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps());
    api.addMethods({
      path: '/stream',
      methods: ['GET'],
      handler: newFunction(stack, 'Fn'),
      authorization: RouteAuthorization.jwtLambda({ issuers: [ISSUER], scopes: ['stream'], tokenSource: IdentitySource.queryString('token') }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST', IdentitySource: 'method.request.querystring.token', AuthorizerResultTtlInSeconds: 300,
    });
  });
});
