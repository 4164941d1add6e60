import { CfnResource, Duration } from 'aws-cdk-lib';
import { CfnAuthorizer as CfnRestAuthorizer, IdentitySource, LambdaIntegration, RequestAuthorizer, RestApi, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration, WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Stack } from 'aws-cdk-lib/core';
import { IdentitySource as PortcullisIdentitySource, RouteAuthorization, SecureHttpApi } from '../../../../lib';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-AuthorizerCacheKey';

function httpRoute(stack: Stack, id: string, authorizer: HttpLambdaAuthorizer, fn: IFunction): void {
  const api = new HttpApi(stack, id, { createDefaultStage: false });
  api.addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', fn), authorizer });
}

function restMethod(stack: Stack, id: string, authorizer: RequestAuthorizer | TokenAuthorizer, fn: IFunction): void {
  new RestApi(stack, id).root.addMethod('GET', new LambdaIntegration(fn), { authorizer });
}

describe('AuthorizerCacheKey on HTTP Lambda authorizers', () => {
  test('the default (Authorization header, 5 minute cache) passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    httpRoute(stack, 'Http', new HttpLambdaAuthorizer('Authorizer', fn), fn);
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a cached authorizer keyed only on context variables is reported; an uncached one is not', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    httpRoute(stack, 'Cached', new HttpLambdaAuthorizer('Authorizer', fn, { identitySource: ['$context.routeKey', '$stageVariables.tenant'] }), fn);
    httpRoute(
      stack,
      'Uncached',
      new HttpLambdaAuthorizer('Authorizer', fn, { identitySource: ['$context.routeKey'], resultsCacheTtl: Duration.seconds(0) }),
      fn,
    );
    httpRoute(stack, 'Query', new HttpLambdaAuthorizer('Authorizer', fn, { identitySource: ['$context.routeKey', '$request.querystring.token'] }), fn);

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Cached/Authorizer/Resource')]);
  });
});

describe('AuthorizerCacheKey on WebSocket Lambda authorizers', () => {
  test('an authorizer keyed on a route.request header passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new WebSocketApi(stack, 'Ws', {
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', fn),
        authorizer: new WebSocketLambdaAuthorizer('Authorizer', fn, { identitySource: ['route.request.querystring.token'] }),
      },
    });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('AuthorizerCacheKey on REST authorizers', () => {
  test('a REQUEST authorizer keyed on a header passes; one keyed on context only is reported', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    restMethod(stack, 'Header', new RequestAuthorizer(stack, 'HeaderAuthorizer', { handler: fn, identitySources: [IdentitySource.header('Authorization')] }), fn);
    restMethod(stack, 'Context', new RequestAuthorizer(stack, 'ContextAuthorizer', { handler: fn, identitySources: [IdentitySource.context('sourceIp')] }), fn);
    restMethod(
      stack,
      'Uncached',
      new RequestAuthorizer(stack, 'UncachedAuthorizer', { handler: fn, identitySources: [IdentitySource.context('sourceIp')], resultsCacheTtl: Duration.seconds(0) }),
      fn,
    );

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/ContextAuthorizer/Resource')]);
  });

  test('an absent TTL means the REST default of 300 seconds', () => {
    const stack = newStack();
    new CfnRestAuthorizer(stack, 'DefaultTtl', { restApiId: 'abc123', name: 'a', type: 'REQUEST', identitySource: 'context.sourceIp,stageVariables.x' });
    new CfnRestAuthorizer(stack, 'ZeroTtl', { restApiId: 'abc123', name: 'b', type: 'REQUEST', identitySource: 'context.sourceIp', authorizerResultTtlInSeconds: 0 });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/DefaultTtl')]);
  });

  test('TOKEN authorizers are keyed by the token and pass', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    restMethod(stack, 'Token', new TokenAuthorizer(stack, 'TokenAuthorizer', { handler: fn }), fn);
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('AuthorizerCacheKey: headers that hold no credential are no cache key', () => {
  test('plain aws-cdk-lib: HTTP keyed on Host and User-Agent, REST on X-Forwarded-For, WebSocket on Host are reported; Authorization beside Host passes', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    httpRoute(stack, 'HttpHost', new HttpLambdaAuthorizer('Authorizer', fn, { identitySource: ['$request.header.Host', '$request.header.User-Agent'] }), fn);
    httpRoute(stack, 'HttpBoth', new HttpLambdaAuthorizer('Authorizer', fn, { identitySource: ['$request.header.Host', '$request.header.Authorization'] }), fn);
    restMethod(stack, 'Rest', new RequestAuthorizer(stack, 'XffAuthorizer', { handler: fn, identitySources: [IdentitySource.header('X-Forwarded-For')] }), fn);
    new WebSocketApi(stack, 'Ws', {
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', fn),
        authorizer: new WebSocketLambdaAuthorizer('Authorizer', fn, { identitySource: ['route.request.header.host'] }),
      },
    });
    // Caching on is what makes it dangerous: the WebSocket authorizer of aws-cdk-lib sets no TTL (no cache).
    (stack.node.findChild('Ws').node.findChild('Authorizer').node.defaultChild as CfnResource).addPropertyOverride('AuthorizerResultTtlInSeconds', 300);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/HttpHost/Authorizer/Resource'),
      finding(RULE, 'Stack/Ws/Authorizer/Resource'),
      finding(RULE, 'Stack/XffAuthorizer/Resource'),
    ]);
  });

  test('Portcullis constructs refuse a cached authorizer keyed on Host; an override to it is reported', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new SecureHttpApi(stack, 'Api');
    expect(() => api.addRoutes({
      path: '/p',
      handler: fn,
      authorization: RouteAuthorization.lambdaAuthorizer({ handler: fn, identitySources: [PortcullisIdentitySource.header('Host')] }),
    })).toThrow(/identitySources' = \["header Host"\]: with caching on.*one caller's decision would serve another/);

    const stack2 = newStack();
    const fn2 = lambdaFunction(stack2);
    const api2 = new SecureHttpApi(stack2, 'Api');
    api2.addRoutes({ path: '/p', handler: fn2, authorization: RouteAuthorization.lambdaAuthorizer({ handler: fn2 }) });
    const authorizer = api2.node.findAll().find((c) => c instanceof CfnResource && c.cfnResourceType === 'AWS::ApiGatewayV2::Authorizer') as CfnResource;
    authorizer.addPropertyOverride('IdentitySource', ['$request.header.User-Agent']);

    expect(portcullisFindings(stack2, RULE)).toEqual([finding(RULE, authorizer.node.path)]);
  });
});
