import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { findings } from './nag-packs';
import { CONFIG_VARIABLE as HANDLER_CONFIG_VARIABLE } from '../../lambda/jwt-authorizer/config';
import { METRIC_NAME, METRIC_NAMESPACE, UNAUTHORIZED_METRIC_NAME } from '../../lambda/jwt-authorizer/embedded-metrics';
import {
  ApiKind, CognitoTokenUse, IdentitySource, JwtAuthorizerFunction, JwtIssuer, RestLambdaAuthorizerType, RouteAuthorization, SecureHttpApi,
} from '../../lib';
import { restJwtLambdaAuthorizerType } from '../../lib/authorization/jwt-lambda-authorization';
import { JWT_AUTHORIZER_CONFIG_VARIABLE } from '../../lib/common/jwt-authorizer-config';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
}

const auth0 = () => JwtIssuer.oidc({ issuer: 'https://example.eu.auth0.com/', audiences: ['https://api.example.com'] });

function apiWith(stack: Stack, authorization: RouteAuthorization, scopes?: string[]): SecureHttpApi {
  const backend = new lambda.Function(stack, 'Backend', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: CODE });
  const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: authorization });
  api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], handler: backend, scopes });
  return api;
}

describe('RouteAuthorization.jwtLambda on an HTTP API', () => {
  const stack = newStack();
  const pool = new cognito.UserPool(stack, 'Pool');
  const client = pool.addClient('Web');
  apiWith(stack, RouteAuthorization.jwtLambda({
    issuers: [JwtIssuer.cognito({ userPool: pool, userPoolClients: [client] }), auth0()],
    scopes: ['orders/read'],
    requiredClaims: { tenant: 'acme' },
    reservedConcurrentExecutions: 7,
  }));
  const t = Template.fromStack(stack);

  test('a REQUEST authorizer with simple responses, cached 300 s keyed on the Authorization header', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
      Name: 'JwtLambdaAuthorizer',
    });
  });

  test('the function: Node.js 22 or later, arm64, X-Ray, 256 MiB, 5 s, the reserved concurrency asked for, the bundled handler', () => {
    const fns = t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('JWT authorizer') } });
    expect(Object.keys(fns)).toHaveLength(1);
    const p = Object.values(fns)[0].Properties;
    expect(Number(/nodejs(\d+)\.x/.exec(p.Runtime)![1])).toBeGreaterThanOrEqual(22);
    expect(p).toMatchObject({
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      MemorySize: 256,
      Timeout: 5,
      ReservedConcurrentExecutions: 7,
      Handler: 'index.handler',
      LoggingConfig: { LogFormat: 'JSON' },
    });
  });

  test('its configuration names both issuers, the Cognito one derived from the pool with its client', () => {
    const fn = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('JWT authorizer') } }))[0];
    const config = JSON.stringify(fn.Properties.Environment.Variables.PORTCULLIS_JWT_AUTHORIZER);
    expect(config).toContain('https://cognito-idp.us-east-1.');
    expect(config).toContain('/.well-known/jwks.json');
    expect(config).toContain('\\"tokenUse\\":\\"access\\"');
    expect(config).toContain('https://example.eu.auth0.com/.well-known/jwks.json');
    expect(config).toContain('\\"scopes\\":[\\"orders/read\\"]');
    expect(config).toContain('\\"requiredClaims\\":{\\"tenant\\":\\"acme\\"}');
    expect(config).toContain('\\"jwksTimeoutMs\\":1500');
  });

  test('its role has no AWS managed policy; its only wildcard is X-Ray\'s, acknowledged', () => {
    const roles = Object.entries(t.findResources('AWS::IAM::Role')).filter(([logicalId]) => logicalId.includes('JwtLambdaAuthorizerFunction'));
    expect(roles).toHaveLength(1);
    expect(roles[0][1].Properties.ManagedPolicyArns).toBeUndefined();
    // Every pack the showcase runs passes on the API and its authorizer function (the test's plain backend aside).
    // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not this construct (test/nag/rules/stage/DenialSignal.test.ts).
    expect(findings(stack, 'Stack/Api/').filter((f) => !f.startsWith('Portcullis-DenialSignal '))).toEqual([]);
  });

  test('API Gateway may invoke it from this API and account only', () => {
    t.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      SourceAccount: '111111111111',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('JwtLambdaAuthorizerFunctionHandler'), 'Arn'] },
    });
  });
});

describe('kind-neutral description', () => {
  test('REST builds a TOKEN authorizer for a header, REQUEST for a query string', () => {
    const issuers = [auth0()];
    expect(restJwtLambdaAuthorizerType({ issuers })).toBe(RestLambdaAuthorizerType.TOKEN);
    expect(restJwtLambdaAuthorizerType({ issuers, tokenSource: IdentitySource.queryString('token') })).toBe(RestLambdaAuthorizerType.REQUEST);
  });

  test('HTTP, REST and WebSocket APIs honour it', () => {
    const stack = newStack();
    const authorization = RouteAuthorization.jwtLambda({ issuers: [auth0()] });
    for (const kind of [ApiKind.HTTP, ApiKind.REST, ApiKind.WEBSOCKET]) expect(() => authorization._validate(stack, 'authorization', kind)).not.toThrow();
  });
});

describe('refused at synth', () => {
  // Four columns in every row: jest passes a missing one as `done` and waits for it.
  const cases: [string, (stack: Stack) => RouteAuthorization, RegExp, string[] | undefined][] = [
    ['no issuer', () => RouteAuthorization.jwtLambda({ issuers: [] }), /issuers.*at least one issuer/, undefined],
    ['an http:// issuer', () => RouteAuthorization.jwtLambda({ issuers: [JwtIssuer.oidc({ issuer: 'http://auth.example.com/', audiences: ['a'] })] }), /issuers\[0\]\.issuer/, undefined],
    ['an issuer checking neither audience nor client', () => RouteAuthorization.jwtLambda({ issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/' })] }), /any token of the issuer passes/, undefined],
    ['a Cognito issuer without clients', (stack) => {
      const pool = cognito.UserPool.fromUserPoolId(stack, 'P', 'us-east-1_abc');
      return RouteAuthorization.jwtLambda({ issuers: [JwtIssuer.cognito({ userPool: pool, userPoolClients: [], tokenUse: CognitoTokenUse.ID })] });
    }, /userPoolClients/, undefined],
    ['a token in a context variable', () => RouteAuthorization.jwtLambda({ issuers: [auth0()], tokenSource: IdentitySource.context('identity.sourceIp') }), /tokenSource/, undefined],
    ['a JWKS timeout near the function timeout', () => RouteAuthorization.jwtLambda({ issuers: [auth0()], jwksTimeout: Duration.seconds(5) }), /jwksTimeout/, undefined],
    ['a JWKS maximum age under a minute', () => RouteAuthorization.jwtLambda({ issuers: [auth0()], jwksMaxAge: Duration.seconds(30) }), /jwksMaxAge/, undefined],
    ['a JWKS maximum age shorter than the refetch interval', () => RouteAuthorization.jwtLambda({
      issuers: [auth0()], jwksRefetchInterval: Duration.seconds(120), jwksMaxAge: Duration.seconds(90),
    }), /jwksMaxAge.*at least jwksRefetchInterval/, undefined],
    ['tokens without expiry accepted without a reason', () => RouteAuthorization.jwtLambda({
      issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['a'], tokensWithoutExpiryReason: ' ' })],
    }), /issuers\[0\]\.tokensWithoutExpiryReason/, undefined],
    ['an empty typ in tokenTypes', () => RouteAuthorization.jwtLambda({
      issuers: [JwtIssuer.oidc({ issuer: 'https://auth.example.com/', audiences: ['a'], tokenTypes: [''] })],
    }), /issuers\[0\]\.tokenTypes/, undefined],
    ['a cache TTL over an hour', () => RouteAuthorization.jwtLambda({ issuers: [auth0()], resultsCacheTtl: Duration.hours(2) }), /resultsCacheTtl/, undefined],
    ['per-route scopes, which a per-token cached answer could not honour', () => RouteAuthorization.jwtLambda({ issuers: [auth0()], scopes: ['orders/read'] }), /scopes apply only to JWT and COGNITO/, ['orders/write']],
  ];
  test.each(cases)('%s', (_name, make, message, routeScopes) => {
    const stack = newStack();
    let error: unknown;
    try {
      apiWith(stack, make(stack), routeScopes);
      Template.fromStack(stack);
    } catch (e) {
      error = e;
    }
    expect(String((error as Error | undefined)?.message)).toMatch(message);
  });
});

describe('JwtAuthorizerFunction', () => {
  test('metricJwksUnavailable names the custom metric the handler writes', () => {
    const stack = newStack();
    const fn = new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()] });
    const metric = fn.metricJwksUnavailable();
    expect(metric.namespace).toBe('Portcullis/JwtAuthorizer');
    expect(metric.metricName).toBe('JwksUnavailable');
    expect(metric.statistic).toBe('Sum');
    expect(JSON.stringify(stack.resolve(metric.dimensions))).toMatch(/^\{"FunctionName":\{"Ref":"VerifierHandlerFunction[0-9A-F]+"\}\}$/);
    // The exported constants are what the handler writes, so users' own alarms and dashboards match it.
    expect([JwtAuthorizerFunction.METRIC_NAMESPACE, JwtAuthorizerFunction.JWKS_UNAVAILABLE_METRIC]).toEqual([METRIC_NAMESPACE, METRIC_NAME]);
    expect(JwtAuthorizerFunction.UNAUTHORIZED_METRIC).toBe(UNAUTHORIZED_METRIC_NAME);
    expect(fn.metricUnauthorized().metricName).toBe('Unauthorized');
    expect(fn.metricFailures().expression).toBe('MAX([0, errors - FILL(unauthorized, 0)])');
  });

  test('writes its configuration to the variable the handler reads, and the rule pack reads', () => {
    const stack = newStack();
    const fn = new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()] });
    expect(JWT_AUTHORIZER_CONFIG_VARIABLE).toBe(HANDLER_CONFIG_VARIABLE);
    const variables = stack.resolve((fn.function.node.defaultChild as lambda.CfnFunction).environment);
    expect(Object.keys(variables.variables)).toContain(HANDLER_CONFIG_VARIABLE);
  });

  test('runs in a VPC when given one, and then states no reason for being outside one', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()], vpc });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^VerifierHandlerFunctionSecurityGroup'), 'GroupId'] }],
      },
    });
    expect(findings(stack, '/Stack/Verifier')).toEqual([]);
    const acknowledged = JSON.stringify(template.toJSON());
    expect(acknowledged).not.toContain('public JWKS endpoints over HTTPS; it reads no private resource');
  });

  test('subnets or security groups without a VPC are refused', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    expect(() => new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()], securityGroups: [sg] }))
      .toThrow(/\[Stack\/Verifier\/Handler\] prop 'securityGroups' .*only applies with vpc/);
  });

  test('runtime: any Node.js from 22 on; an older one or another family is refused, also through RouteAuthorization', () => {
    const stack = newStack();
    new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()], runtime: lambda.Runtime.NODEJS_22_X });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
    expect(() => new JwtAuthorizerFunction(stack, 'Old', { issuers: [auth0()], runtime: lambda.Runtime.NODEJS_20_X }))
      .toThrow(/^\[Stack\/Old\] prop 'runtime' = "nodejs20\.x": is older than Node\.js 22, the oldest runtime Portcullis supports\. Fix: /);
    expect(() => new JwtAuthorizerFunction(stack, 'Py', { issuers: [auth0()], runtime: lambda.Runtime.PYTHON_3_13 }))
      .toThrow(/^\[Stack\/Py\] prop 'runtime' = "python3\.13": must be a Node\.js runtime: the handler is JavaScript\. Fix: give a Node\.js runtime from Node\.js 22 on/);
    expect(() => RouteAuthorization.jwtLambda({ issuers: [auth0()], runtime: lambda.Runtime.NODEJS_18_X })._validate(stack, 'authorization', ApiKind.HTTP))
      .toThrow(/prop 'authorization\.runtime' = "nodejs18\.x": is older than Node\.js 22/);
  });

  test('a query-string token source for WebSocket $connect reaches the handler\'s configuration', () => {
    const stack = newStack();
    new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()], tokenSource: IdentitySource.queryString('token') });
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
    expect(JSON.parse(fn.Properties.Environment.Variables.PORTCULLIS_JWT_AUTHORIZER).tokenSource).toEqual({ location: 'QUERY_STRING', name: 'token' });
  });

  test('the JWKS maximum age (default one hour) and the per-issuer typ and exp options reach the handler\'s configuration', () => {
    const config = (props: Partial<ConstructorParameters<typeof JwtAuthorizerFunction>[2]>) => {
      const stack = newStack();
      new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [auth0()], ...props });
      const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
      return JSON.parse(fn.Properties.Environment.Variables.PORTCULLIS_JWT_AUTHORIZER);
    };
    const defaults = config({});
    expect(defaults.jwksMaxAgeSeconds).toBe(3600);
    expect(defaults.issuers[0]).toEqual({ issuer: 'https://example.eu.auth0.com/', jwksUri: 'https://example.eu.auth0.com/.well-known/jwks.json', audiences: ['https://api.example.com'] });
    const tuned = config({
      jwksMaxAge: Duration.minutes(15),
      issuers: [JwtIssuer.oidc({
        issuer: 'https://auth.example.com/',
        audiences: ['a'],
        tokenTypes: ['at+jwt'],
        requireTokenType: true,
        tokensWithoutExpiryReason: 'the legacy issuer cannot set exp',
      })],
    });
    expect(tuned.jwksMaxAgeSeconds).toBe(900);
    expect(tuned.issuers[0]).toMatchObject({
      tokenTypes: ['at+jwt'], requireTokenType: true, allowNoExpiry: true, noExpiryReason: 'the legacy issuer cannot set exp',
    });
  });
});

describe('tokens without expiry', () => {
  const issuer = (tokensWithoutExpiryReason?: string) => JwtIssuer.oidc({ issuer: 'https://legacy.example.com/', audiences: ['a'], tokensWithoutExpiryReason });
  const reason = 'The legacy issuer cannot set exp; its signing key is rotated weekly';

  test('accepted with a reason: recorded under Portcullis::Weakenings on the function, per issuer that accepts them', () => {
    const stack = newStack();
    new JwtAuthorizerFunction(stack, 'Authorizer', { issuers: [auth0(), issuer(reason)] });
    const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('JWT authorizer') } }));
    expect(fn.Metadata['Portcullis::Weakenings']).toEqual({
      weakenings: [{
        setting: 'issuers[1]: tokens without exp accepted',
        reasonProp: 'issuers[1].tokensWithoutExpiryReason',
        reason,
        consequence: expect.stringMatching(/never expires/),
        acknowledges: [],
      }],
    });
  });

  test('without a reason nothing is recorded; a reason from a token is accepted and not recorded (it cannot be read)', () => {
    const plain = newStack();
    new JwtAuthorizerFunction(plain, 'Authorizer', { issuers: [auth0()] });
    const recorded = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .filter((r) => r.Metadata?.['Portcullis::Weakenings'] !== undefined);
    expect(recorded(plain)).toEqual([]);
    const tokened = newStack();
    new JwtAuthorizerFunction(tokened, 'Authorizer', { issuers: [issuer(new CfnParameter(tokened, 'Why').valueAsString)] });
    expect(recorded(tokened)).toEqual([]);
  });
});
