import { CfnParameter, CfnResource, Duration, Fn } from 'aws-cdk-lib';
import { CfnAuthorizer as CfnRestAuthorizer, CfnAuthorizerProps as CfnRestAuthorizerProps, IdentitySource, LambdaIntegration, RequestAuthorizer, RestApi, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { CfnAuthorizer as CfnV2Authorizer, CfnAuthorizerProps as CfnV2AuthorizerProps, HttpApi, HttpMethod, WebSocketApi } from 'aws-cdk-lib/aws-apigatewayv2';
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

// One authorizer per stack: cdk-nag files a rule that throws under the rule's id, in the same group as
// the rule's findings, so only a stack with nothing else to report tells a throw from a finding.
describe('AuthorizerCacheKey, one raw authorizer at a time', () => {
  const v2 = (stack: Stack, props: Record<string, unknown>) =>
    new CfnV2Authorizer(stack, 'Authorizer', { apiId: 'abc123', name: 'a', authorizerType: 'REQUEST', authorizerResultTtlInSeconds: 300, ...props } as CfnV2AuthorizerProps);
  const rest = (stack: Stack, props: Record<string, unknown>) =>
    new CfnRestAuthorizer(stack, 'Authorizer', { restApiId: 'abc123', name: 'a', type: 'REQUEST', ...props } as CfnRestAuthorizerProps);
  const parameter = (stack: Stack) => new CfnParameter(stack, 'Param').valueAsString;

  test.each<[string, (stack: Stack) => void, string | undefined]>([
    // A query string is a credential whatever its name; only headers are judged by name.
    ['HTTP keyed on a query string named like a header that holds no credential (Host) passes',
      (stack) => v2(stack, { identitySource: ['$request.querystring.Host'] }), undefined],
    ['REST keyed on a multi-value header that holds no credential (Host) is reported',
      (stack) => rest(stack, { identitySource: 'method.request.multivalueheader.Host' }), RULE],
    ['REST identity sources separated by a comma and a space are read one by one',
      (stack) => rest(stack, { identitySource: 'context.sourceIp, method.request.header.Authorization' }), undefined],
    // Only REQUEST authorizers choose their cache key: a TOKEN authorizer is keyed by its token header.
    ['a cached REST TOKEN authorizer is not this rule\'s concern, whatever its source',
      (stack) => rest(stack, { type: 'TOKEN', identitySource: 'method.request.header.Host' }), undefined],
    ['an HTTP authorizer without a TTL does not cache, so its key does not matter',
      (stack) => v2(stack, { authorizerResultTtlInSeconds: undefined, identitySource: ['$context.routeKey'] }), undefined],
    ['an HTTP authorizer type that is a parameter is unresolved',
      (stack) => v2(stack, { authorizerType: parameter(stack), identitySource: ['$context.routeKey'] }), `${RULE}[unresolved:AuthorizerType]`],
    ['a REST authorizer type that is a parameter is unresolved',
      (stack) => rest(stack, { type: parameter(stack), identitySource: 'context.sourceIp' }), `${RULE}[unresolved:Type]`],
    ['an HTTP TTL that is a parameter is unresolved',
      (stack) => v2(stack, { authorizerResultTtlInSeconds: new CfnParameter(stack, 'Ttl', { type: 'Number' }).valueAsNumber, identitySource: ['$context.routeKey'] }),
      `${RULE}[unresolved:AuthorizerResultTtlInSeconds]`],
    ['an HTTP identity source list that is an intrinsic is unresolved',
      (stack) => v2(stack, { identitySource: Fn.split(',', parameter(stack)) }), `${RULE}[unresolved:IdentitySource]`],
    ['an HTTP identity source list with one parameter beside a context variable is unresolved',
      (stack) => v2(stack, { identitySource: ['$context.routeKey', parameter(stack)] }), `${RULE}[unresolved:IdentitySource]`],
    ['a REST identity source that is a parameter is unresolved',
      (stack) => rest(stack, { identitySource: parameter(stack) }), `${RULE}[unresolved:IdentitySource]`],
  ])('%s', (_, build, rule) => {
    const stack = newStack();
    build(stack);
    expect(portcullisFindings(stack, RULE)).toEqual(rule === undefined ? [] : [finding(rule, 'Stack/Authorizer')]);
  });
});
