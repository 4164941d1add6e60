import { CfnParameter, Token } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as fc from 'fast-check';
import { newFunction, newStack, synthNew } from './fixtures';
import { RouteAuthorization, SecureHttpApi } from '../../lib';

const RUNS = { numRuns: 60 };

describe('property: throttle validation', () => {
  test('any non-negative rate and whole burst within bounds is accepted and written as given', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1_000_000, noNaN: true }), fc.integer({ min: 0, max: 1_000_000 }),
      (rateLimit, burstLimit) => {
        const api = new SecureHttpApi(newStack(), 'Api', { throttle: { rateLimit, burstLimit } });
        const settings = (api.stage.node.defaultChild as any).defaultRouteSettings;
        expect(settings).toMatchObject({ throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit });
      }), RUNS);
  });

  test('a negative, non-finite or over-limit rate is refused naming the prop', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.constant(Number.NaN), fc.constant(Infinity),
        fc.double({ min: 1_000_001, max: 1e12, noNaN: true }),
      ),
      (rateLimit) => {
        expect(() => synthNew(newStack(), 'Api', { throttle: { rateLimit, burstLimit: 10 } }))
          .toThrow(/\[Test\/Api\] prop 'throttle\.rateLimit' = .*: must be a number from 0 to 1000000\. Fix: /);
      }), RUNS);
  });

  test('a fractional or negative burst is refused on routes too', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 0.001, max: 1e5, noNaN: true }).filter((n) => !Number.isInteger(n))),
      (burstLimit) => {
        const stack = newStack();
        const api = new SecureHttpApi(stack, 'Api');
        expect(() => api.addRoutes({
          path: '/a', handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.iam(), throttle: { rateLimit: 1, burstLimit },
        })).toThrow(/prop 'routes\[ANY \/a\]\.throttle\.burstLimit' = .*: must be a whole number/);
      }), RUNS);
  });

  test('unresolved tokens are never rejected', () => {
    const stack = newStack();
    const rate = new CfnParameter(stack, 'R', { type: 'Number' });
    const burst = new CfnParameter(stack, 'B', { type: 'Number' });
    const issuer = new CfnParameter(stack, 'Issuer');
    const api = new SecureHttpApi(stack, 'Api', {
      throttle: { rateLimit: rate.valueAsNumber, burstLimit: burst.valueAsNumber },
      cors: { allowOrigins: [Token.asString({ Ref: 'Origin' })] },
      defaultAuthorization: RouteAuthorization.jwt({ issuer: issuer.valueAsString, audience: [Token.asString({ Ref: 'Issuer' })], scopes: ['read'] }),
    });
    expect(() => api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn'), throttle: { rateLimit: rate.valueAsNumber, burstLimit: 1 } })).not.toThrow();
  });
});

describe('property: CORS origins', () => {
  const host = fc.domain();

  test('https origins without a path are accepted, with or without credentials', () => {
    fc.assert(fc.property(host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.boolean(), (h, port, credentials) => {
      const origin = `https://${h}${port ? `:${port}` : ''}`;
      expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: [origin], allowCredentials: credentials } })).not.toThrow();
    }), RUNS);
  });

  test('origins with a path, a non-https scheme (other than localhost) or * with credentials are refused', () => {
    fc.assert(fc.property(host, fc.webPath().filter((p) => p.length > 1), (h, path) => {
      expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: [`https://${h}${path.startsWith('/') ? path : `/${path}`}`] } }))
        .toThrow(/prop 'cors\.allowOrigins'/);
      fc.pre(h !== 'localhost');
      expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: [`http://${h}`] } })).toThrow(/prop 'cors\.allowOrigins'/);
    }), RUNS);
    expect(() => synthNew(newStack(), 'Api', { cors: { allowOrigins: ['https://a.example', '*'], allowCredentials: true } }))
      .toThrow(/'\*' together with allowCredentials: true/);
  });
});

describe('property: JWT issuers and audiences', () => {
  function addJwtRoute(issuer: string, audience: string[]) {
    return () => {
      const stack = newStack();
      const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.jwt({ issuer, audience }) });
      api.addRoutes({ path: '/a', handler: newFunction(stack, 'Fn') });
    };
  }

  test('https issuers with any path and non-empty audiences are accepted', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['https'], withQueryParameters: false, withFragments: false }),
      fc.array(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), { minLength: 1, maxLength: 4 }),
      (issuer, audience) => {
        fc.pre(!/^https:\/\/cognito-idp\./.test(issuer));
        expect(addJwtRoute(issuer, audience)).not.toThrow();
      }), RUNS);
  });

  test('non-https issuers are refused naming the prop', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['http', 'ftp', 'wss'] }), (issuer) => {
      expect(addJwtRoute(issuer, ['aud'])).toThrow(/prop 'defaultAuthorization\.issuer' = .*must be an https:\/\/ URL/);
    }), RUNS);
  });

  test('an audience list that is empty or holds a blank entry is refused', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('', ' ', '\t'), { minLength: 0, maxLength: 3 }), fc.array(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), { maxLength: 2 }), (blanks, good) => {
      fc.pre(blanks.length > 0 || good.length === 0);
      expect(addJwtRoute('https://issuer.example.com', [...good, ...blanks])).toThrow(/prop 'defaultAuthorization\.audience'/);
    }), RUNS);
  });
});

describe('property: deny by default', () => {
  const methods = fc.constantFrom(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.ANY);
  const methodSets = fc.uniqueArray(methods, { minLength: 1, maxLength: 3 });
  const segment = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.constant('{id}'));
  const paths = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`).filter((p) => !/\{id\}.*\{id\}/.test(p));
  const authorizationChoice = fc.constantFrom('none', 'jwt', 'iam', 'lambda', 'public');
  const routeOptions = fc.record({ path: paths, methods: methodSets, authorization: authorizationChoice, scopes: fc.option(fc.constant(['user.read']).map((s) => [...s]), { nil: undefined }) });

  test('whatever the route options, no route is created without authorization or a reasoned public declaration', () => {
    const defaults = fc.constantFrom('none', 'jwt', 'public');
    fc.assert(fc.property(fc.array(routeOptions, { minLength: 1, maxLength: 6 }), defaults, fc.boolean(), (routes, defaultChoice, withCors) => {
      const withDefault = defaultChoice === 'jwt';
      const stack = newStack();
      const fn = newFunction(stack, 'Fn');
      const authorizerFn = newFunction(stack, 'Auth');
      const api = new SecureHttpApi(stack, 'Api', {
        // A public default is refused (reported at synth) and never applies to a route.
        defaultAuthorization: {
          none: undefined,
          jwt: RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['api'] }),
          public: RouteAuthorization.publicAccess('Every route of this API is public'),
        }[defaultChoice],
        cors: withCors ? { allowOrigins: ['https://app.example.com'] } : undefined,
      });
      const choices: Record<string, RouteAuthorization | undefined> = {
        none: undefined,
        jwt: RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['api'] }),
        iam: RouteAuthorization.iam(),
        lambda: RouteAuthorization.lambdaAuthorizer({ handler: authorizerFn }),
        public: RouteAuthorization.publicAccess('Public catalogue for anonymous visitors'),
      };
      for (const route of routes) {
        try {
          api.addRoutes({ path: route.path, methods: route.methods, handler: fn, authorization: choices[route.authorization], scopes: route.scopes });
        } catch (e) {
          // Refusals are fine (a duplicate, scopes on a kind without them, no authorization at all); a silent public route is not.
          if (route.authorization === 'none' && !withDefault) expect((e as Error).message).toMatch(/no authorizer and is not declared public|duplicates a route/);
        }
      }
      for (const route of api.routes) {
        const cfn = route.node.defaultChild as any;
        const type = stack.resolve(cfn.authorizationType);
        const publicRecord = cfn.getMetadata('Portcullis::PublicRoute');
        expect(type === 'NONE' ? publicRecord?.reason : type).toBeTruthy();
        if (type === 'NONE') expect(publicRecord.reason.trim().length).toBeGreaterThanOrEqual(10);
        if (withCors) expect(stack.resolve(cfn.routeKey)).not.toMatch(/^(ANY|OPTIONS) /);
        if (type === 'NONE') expect(publicRecord.reason).toBe('Public catalogue for anonymous visitors');
      }
    }), RUNS);
  });
});
