import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Cors, IdentitySource as RestIdentitySource, LambdaIntegration, RequestAuthorizer, RestApi, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CorsPreflightOptions, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CfnApi as SamApi, CfnFunction as SamFunction, CfnHttpApi as SamHttpApi } from 'aws-cdk-lib/aws-sam';
import { SecureHttpApi, SecureRestApi } from '../../../../lib';
import { restProps } from '../../../rest/fixtures';
import { partnerJwt } from '../../../stack-fixtures';
import { finding, lambdaFunction, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-CorsAuthorizerHeaders';
const ORIGINS = ['https://app.example.com'];

/** An aws-cdk-lib HTTP API with CORS and one route behind a JWT authorizer (reads Authorization). */
function httpApiWithJwt(stack: Stack, id: string, cors: Omit<CorsPreflightOptions, 'allowOrigins'>): HttpApi {
  const api = new HttpApi(stack, id, { corsPreflight: { allowOrigins: ORIGINS, ...cors } });
  api.addRoutes({
    path: '/items',
    methods: [HttpMethod.GET],
    integration: new HttpLambdaIntegration(`${id}Items`, lambdaFunction(stack, `${id}Fn`)),
    authorizer: new HttpJwtAuthorizer(`${id}Jwt`, 'https://issuer.example.com', { jwtAudience: ['api'] }),
  });
  return api;
}

/** An aws-cdk-lib HTTP API with CORS and one route behind a Lambda authorizer reading X-Api-Key. */
function httpApiWithKey(stack: Stack, id: string, cors: Omit<CorsPreflightOptions, 'allowOrigins'>): HttpApi {
  const api = new HttpApi(stack, id, { corsPreflight: { allowOrigins: ORIGINS, ...cors } });
  api.addRoutes({
    path: '/items',
    methods: [HttpMethod.GET],
    integration: new HttpLambdaIntegration(`${id}Items`, lambdaFunction(stack, `${id}Fn`)),
    authorizer: new HttpLambdaAuthorizer(`${id}Key`, lambdaFunction(stack, `${id}Auth`), {
      identitySource: ['$request.header.X-Api-Key'], responseTypes: [HttpLambdaResponseType.SIMPLE],
    }),
  });
  return api;
}

describe('CorsAuthorizerHeaders: HTTP APIs', () => {
  test('Portcullis APIs pass: their CORS allows the headers their authorizers read', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Api', { cors: { allowOrigins: ORIGINS }, defaultAuthorization: partnerJwt() })
      .addRoutes({ path: '/items', methods: [HttpMethod.GET], handler: lambdaFunction(stack) });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an authorizer header left out of AllowHeaders (or no AllowHeaders) is reported; names compare case-insensitively', () => {
    const stack = newStack();
    httpApiWithJwt(stack, 'Missing', { allowHeaders: ['content-type'] });
    httpApiWithJwt(stack, 'Absent', {});
    httpApiWithKey(stack, 'KeyMissing', { allowHeaders: ['Authorization'] });
    httpApiWithJwt(stack, 'Listed', { allowHeaders: ['AUTHORIZATION', 'content-type'] });
    httpApiWithKey(stack, 'KeyListed', { allowHeaders: ['x-api-key'] });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Absent/Resource'),
      finding(RULE, 'Stack/KeyMissing/Resource'),
      finding(RULE, 'Stack/Missing/Resource'),
    ]);
  });

  test("'*' covers a Lambda authorizer's header without credentials, never Authorization, nothing with credentials", () => {
    const stack = newStack();
    httpApiWithJwt(stack, 'JwtWildcard', { allowHeaders: ['*'] });
    httpApiWithKey(stack, 'KeyWildcard', { allowHeaders: ['*'] });
    httpApiWithKey(stack, 'KeyWildcardCredentials', { allowHeaders: ['*'], allowCredentials: true });
    httpApiWithJwt(stack, 'JwtWildcardListed', { allowHeaders: ['*', 'Authorization'], allowCredentials: true });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/JwtWildcard/Resource'),
      finding(RULE, 'Stack/KeyWildcardCredentials/Resource'),
    ]);
  });

  test('no CORS, or no route using an authorizer, is not reported; AllowHeaders that cannot be read is unresolved', () => {
    const stack = newStack();
    new HttpApi(stack, 'NoCors').addRoutes({
      path: '/a',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('A', lambdaFunction(stack)),
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['api'] }),
    });
    new HttpApi(stack, 'NoAuthorizer', { corsPreflight: { allowOrigins: ORIGINS, allowHeaders: [] } })
      .addRoutes({ path: '/a', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('B', lambdaFunction(stack, 'Fn2')) });
    const parameter = httpApiWithJwt(stack, 'Parameter', {});
    (parameter.node.defaultChild as CfnApi).addPropertyOverride('CorsConfiguration.AllowHeaders', new CfnParameter(stack, 'Headers', { type: 'CommaDelimitedList' }).valueAsList);

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:AllowHeaders]`, 'Stack/Parameter/Resource')]);
  });

  test('SAM: an HttpApi whose default JWT authorizer reads Authorization, with CorsConfiguration leaving it out, is reported on the API', () => {
    const stack = newStack();
    const auth = { defaultAuthorizer: 'Jwt', authorizers: { Jwt: { JwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['api'] }, IdentitySource: '$request.header.Authorization' } } };
    const cors = (allowHeaders: string[]) => ({ allowOrigins: ORIGINS, allowHeaders });
    const bad = new SamHttpApi(stack, 'Bad', { auth, corsConfiguration: cors(['content-type']) });
    const good = new SamHttpApi(stack, 'Good', { auth, corsConfiguration: cors(['Authorization']) });
    for (const [id, api] of [['BadFn', bad], ['GoodFn', good]] as const) {
      const fn = new SamFunction(stack, id, {
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        codeUri: 's3://bucket/key.zip',
        events: { Get: { type: 'HttpApi', properties: { path: '/x', method: 'get' } as any } },
      });
      // The L1's event types predate HttpApi events and drop ApiId.
      fn.addPropertyOverride('Events.Get.Properties.ApiId', api.ref);
    }

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Bad')]);
  });
});

describe('CorsAuthorizerHeaders: REST APIs (the MOCK OPTIONS answer of a resource)', () => {
  /** A RestApi with CDK's CORS preflight on every resource and GET /items behind `authorizer`. */
  function restApi(
    stack: Stack, id: string, allowHeaders: string[] | undefined, authorizer: TokenAuthorizer | RequestAuthorizer, allowCredentials?: boolean,
  ): RestApi {
    const api = new RestApi(stack, id, { defaultCorsPreflightOptions: { allowOrigins: ORIGINS, allowHeaders, allowCredentials } });
    api.root.addResource('items').addMethod('GET', new LambdaIntegration(lambdaFunction(stack, `${id}Fn`)), { authorizer });
    return api;
  }

  test('Portcullis REST APIs pass', () => {
    const stack = newStack();
    new SecureRestApi(stack, 'Api', restProps({ cors: { allowOrigins: ORIGINS }, defaultAuthorization: partnerJwt() }))
      .addMethods({ path: '/items', methods: ['GET'], handler: lambdaFunction(stack) });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test("the OPTIONS method of a resource whose methods' authorizers read a header its Access-Control-Allow-Headers leaves out is reported", () => {
    const stack = newStack();
    const token = (id: string) => new TokenAuthorizer(stack, id, { handler: lambdaFunction(stack, `${id}Fn`) });
    const key = (id: string) => new RequestAuthorizer(stack, id, { handler: lambdaFunction(stack, `${id}Fn`), identitySources: [RestIdentitySource.header('X-Api-Key')] });
    restApi(stack, 'Defaults', undefined, token('T1'));
    restApi(stack, 'Missing', ['Content-Type'], token('T2'));
    restApi(stack, 'KeyMissing', ['Authorization'], key('K1'));
    restApi(stack, 'KeyWildcard', ['*'], key('K2'));
    restApi(stack, 'KeyWildcardCredentials', ['*'], key('K3'), true);
    restApi(stack, 'TokenWildcard', [...Cors.DEFAULT_HEADERS.filter((h) => h !== 'Authorization'), '*'], token('T3'));

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/KeyMissing/Default/items/OPTIONS/Resource'),
      finding(RULE, 'Stack/KeyWildcardCredentials/Default/items/OPTIONS/Resource'),
      finding(RULE, 'Stack/Missing/Default/items/OPTIONS/Resource'),
      finding(RULE, 'Stack/TokenWildcard/Default/items/OPTIONS/Resource'),
    ]);
  });

  test('SAM: Cors without AllowHeaders (SAM then sends no Access-Control-Allow-Headers) is reported for an API with an authorizer', () => {
    const stack = newStack();
    const auth = { defaultAuthorizer: 'Token', authorizers: { Token: { FunctionArn: 'arn:aws:lambda:us-east-1:111111111111:function:auth' } } };
    const withoutHeaders = new SamApi(stack, 'Without', { stageName: 'prod', auth, cors: { allowOrigin: "'https://app.example.com'" } });
    const withHeaders = new SamApi(stack, 'With', { stageName: 'prod', auth, cors: { allowOrigin: "'https://app.example.com'", allowHeaders: "'Content-Type, authorization'" } });
    for (const [id, api] of [['WithoutFn', withoutHeaders], ['WithFn', withHeaders]] as const) {
      new SamFunction(stack, id, {
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        codeUri: 's3://bucket/key.zip',
        events: { Get: { type: 'Api', properties: { restApiId: api.ref, path: '/x', method: 'get' } } },
      });
    }

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Without')]);
  });
});
