import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { RouteAuthorization, RouteStackOptions, SecureHttpApi, SecureRestApi } from '../../lib';
import { ROUTE_STACK_LIMITS, RouteStacks } from '../../lib/common/route-stacks';
import { newFunction, newStack, partnerJwt } from '../stack-fixtures';

const WEB_ACL = { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/test/0123' };

/** The route stacks of the API `id`, in order. */
function routeStacks(stack: Stack, id = 'Api'): NestedStack[] {
  return stack.node.findChild(id).node.children.filter((c): c is NestedStack => NestedStack.isNestedStack(c));
}

function resourceCount(template: Template): number {
  return Object.keys(template.toJSON().Resources ?? {}).length;
}

function templatesOf(stack: Stack, id = 'Api'): { parent: Template; nested: Template[] } {
  const parent = Template.fromStack(stack);
  return { parent, nested: routeStacks(stack, id).map((n) => Template.fromStack(n)) };
}

/** Logical id of the nested-stack resource of a route stack in its parent's template. */
function stackResourceId(nested: NestedStack): string {
  return Stack.of(nested.nestedStackResource!).resolve(nested.nestedStackResource!.logicalId);
}

function functions(stack: Stack, n = 3): lambda.Function[] {
  return Array.from({ length: n }, (_, i) => newFunction(stack, `Fn${i}`));
}

function httpApi(stack: Stack, options: RouteStackOptions | undefined, routes: number, fns: lambda.IFunction[] = functions(stack)): SecureHttpApi {
  const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), routeStacks: options });
  for (let i = 0; i < routes; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], handler: fns[i % fns.length] });
  return api;
}

function restApi(stack: Stack, options: RouteStackOptions | undefined, methods: number, fns: lambda.IFunction[] = functions(stack)): SecureRestApi {
  const api = new SecureRestApi(stack, 'Api', {
    defaultAuthorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'AuthFn') }),
    webAcl: WEB_ACL,
    accountLoggingDeclaredElsewhere: true,
    routeStacks: options,
  });
  for (let i = 0; i < methods; i++) api.addMethods({ path: `/g${Math.floor(i / 10)}/r${i}`, methods: ['GET'], handler: fns[i % fns.length] });
  return api;
}

/** Every `{ Ref }` target in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  return Object.values(record).flatMap(refs);
}

describe('routeStacks on SecureHttpApi', () => {
  test('without it, every route stays in the API\'s stack', () => {
    const stack = newStack();
    httpApi(stack, undefined, 5);
    expect(routeStacks(stack)).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::Route', 5);
  });

  test('1,000 routes: five route stacks of 200 routes, every stack at most 450 resources; API, stage, authorizer, integrations and permissions in the parent', () => {
    const stack = newStack();
    httpApi(stack, {}, 1000);
    const { parent, nested } = templatesOf(stack);

    expect(nested).toHaveLength(5);
    for (const template of nested) {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', 200);
      expect(resourceCount(template)).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.resources);
      // Only routes: nothing of the parent is duplicated in a route stack.
      expect(Object.values(template.toJSON().Resources).every((r: any) => r.Type === 'AWS::ApiGatewayV2::Route')).toBe(true);
    }
    expect(resourceCount(parent)).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.resources);
    parent.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    parent.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    parent.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    parent.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    parent.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    parent.resourceCountIs('AWS::Lambda::Permission', 3);
    parent.resourceCountIs('AWS::CloudFormation::Stack', 5);
  });

  test('a route in a route stack names the API, its integration and its authorizer through parameters the parent fills', () => {
    const stack = newStack();
    httpApi(stack, { routesPerStack: 2 }, 3);
    const { parent, nested } = templatesOf(stack);
    const route = Object.values(nested[1].toJSON().Resources)[0] as any;
    const parameters = nested[1].toJSON().Parameters;
    const passed = parent.toJSON().Resources[stackResourceId(routeStacks(stack)[1])].Properties.Parameters;

    // API id, integration id and authorizer id: three parameters, no more.
    expect(Object.keys(parameters)).toHaveLength(3);
    const apiParam = route.Properties.ApiId.Ref;
    const authorizerParam = route.Properties.AuthorizerId.Ref;
    const integrationParam = refs(route.Properties.Target)[0];
    expect(passed[apiParam]).toEqual({ Ref: Object.keys(parent.findResources('AWS::ApiGatewayV2::Api'))[0] });
    expect(passed[authorizerParam]).toEqual({ Ref: Object.keys(parent.findResources('AWS::ApiGatewayV2::Authorizer'))[0] });
    expect(Object.keys(parent.findResources('AWS::ApiGatewayV2::Integration'))).toContain(passed[integrationParam].Ref);
    expect(route.Properties.RouteKey).toBe('GET /r2');
  });

  test('a throttled route in a route stack: the stage depends on that route stack and names the route in RouteSettings', () => {
    const stack = newStack();
    const api = httpApi(stack, { routesPerStack: 2 }, 3);
    api.addRoutes({ path: '/slow', methods: [HttpMethod.POST], handler: newFunction(stack, 'Slow'), throttle: { rateLimit: 5, burstLimit: 2 } });
    const parent = Template.fromStack(stack);
    const stage = Object.values(parent.findResources('AWS::ApiGatewayV2::Stage'))[0] as any;
    expect(stage.DependsOn).toEqual([stackResourceId(routeStacks(stack)[1])]);
    expect(stage.Properties.RouteSettings).toEqual({ 'POST /slow': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 2 } });
  });

  test('spreading does not change the permissions: one per (API, function), in the API\'s stack', () => {
    const count = (options: RouteStackOptions | undefined) => {
      const stack = newStack();
      httpApi(stack, options, 30, functions(stack, 4));
      const { parent, nested } = templatesOf(stack);
      nested.forEach((t) => t.resourceCountIs('AWS::Lambda::Permission', 0));
      return Object.values(parent.findResources('AWS::Lambda::Permission')).map((p: any) => JSON.stringify(p.Properties)).sort();
    };
    const spread = count({ routesPerStack: 7 });
    expect(spread).toHaveLength(4);
    expect(spread).toEqual(count(undefined));
  });

  test('a route stack closes early when its routes would need more than 150 parameters', () => {
    const stack = newStack();
    // A function per route: each integration is one parameter of the route stack.
    const imported = Array.from({ length: 160 }, (_, i) => lambda.Function.fromFunctionArn(stack, `F${i}`, `arn:aws:lambda:us-east-1:111111111111:function:f${i}`));
    httpApi(stack, { routesPerStack: 400 }, 160, imported);
    const stacks = templatesOf(stack).nested;
    expect(stacks).toHaveLength(2);
    for (const t of stacks) expect(Object.keys(t.toJSON().Parameters).length).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.references + 2);
  });

  test.each([0, 451, 2.5])('routesPerStack %p is refused at synth, naming the prop and the fix', (value) => {
    const stack = newStack();
    httpApi(stack, { routesPerStack: value }, 1);
    expect(() => Template.fromStack(stack)).toThrow(/prop 'routeStacks.routesPerStack' = .*must be a whole number from 1 to 450.*Fix: use a whole number from 1 to 450/);
  });
});

describe('routeStacks on SecureRestApi', () => {
  test('1,000 methods: every stack at most 450 resources, methods and their path segments in route stacks, the rest in the parent', () => {
    const stack = newStack();
    restApi(stack, {}, 1000);
    const { parent, nested } = templatesOf(stack);

    expect(nested.length).toBeGreaterThanOrEqual(5);
    let methods = 0;
    for (const template of nested) {
      expect(resourceCount(template)).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.resources);
      methods += Object.keys(template.findResources('AWS::ApiGateway::Method')).length;
      expect(Object.values(template.toJSON().Resources).every((r: any) => ['AWS::ApiGateway::Method', 'AWS::ApiGateway::Resource'].includes(r.Type))).toBe(true);
    }
    expect(methods).toBe(1000);
    expect(resourceCount(parent)).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.resources);
    parent.resourceCountIs('AWS::ApiGateway::Method', 0);
    parent.resourceCountIs('AWS::ApiGateway::Resource', 0);
    parent.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    parent.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    // Three handlers and the authorizer's function.
    parent.resourceCountIs('AWS::Lambda::Permission', 4);
  });

  test('the deployment depends on every route stack', () => {
    const stack = newStack();
    restApi(stack, { routesPerStack: 3 }, 10);
    const parent = Template.fromStack(stack);
    const deployment = Object.values(parent.findResources('AWS::ApiGateway::Deployment'))[0] as any;
    const stacks = routeStacks(stack);
    expect(stacks).toHaveLength(4);
    for (const nested of stacks) expect(deployment.DependsOn).toContain(stackResourceId(nested));
  });

  describe('the deployment\'s logical id covers the methods of the route stacks', () => {
    function deploymentId(build: (api: SecureRestApi, fns: lambda.Function[]) => void): string {
      const stack = newStack();
      const fns = functions(stack);
      const api = restApi(stack, { routesPerStack: 3 }, 9, fns);
      build(api, fns);
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'))[0];
    }
    const base = deploymentId(() => undefined);

    test('is stable when nothing changes', () => {
      expect(deploymentId(() => undefined)).toBe(base);
    });

    test('changes when a method is added in a new route stack', () => {
      expect(deploymentId((api, fns) => api.addMethods({ path: '/late', methods: ['GET'], handler: fns[0] }))).not.toBe(base);
    });

    test('changes when a method in a route stack changes (another handler)', () => {
      const changed = deploymentId((api, fns) => api.addMethods({ path: '/late', methods: ['GET'], handler: fns[1] }));
      const original = deploymentId((api, fns) => api.addMethods({ path: '/late', methods: ['GET'], handler: fns[0] }));
      expect(changed).not.toBe(original);
    });
  });

  test('a method on a path segment of an earlier route stack, or on /, is created in the current route stack', () => {
    const stack = newStack();
    const fns = functions(stack);
    const api = restApi(stack, { routesPerStack: 1 }, 0, fns);
    api.addMethods({ path: '/orders', methods: ['GET'], handler: fns[0] });
    api.addMethods({ path: '/orders', methods: ['POST'], handler: fns[0] });
    api.addMethods({ path: '/', methods: ['GET'], handler: fns[1] });
    const { parent, nested } = templatesOf(stack);
    expect(nested).toHaveLength(3);
    nested[0].resourceCountIs('AWS::ApiGateway::Resource', 1);
    nested[1].resourceCountIs('AWS::ApiGateway::Resource', 0);
    nested[1].hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST' });
    nested[2].hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET' });
    parent.resourceCountIs('AWS::ApiGateway::Method', 0);
    // The /orders segment reaches the second stack as an output of the first, passed on by the parent.
    const post = Object.values(nested[1].findResources('AWS::ApiGateway::Method'))[0] as any;
    const passed = parent.toJSON().Resources[stackResourceId(routeStacks(stack)[1])].Properties.Parameters;
    expect(passed[post.Properties.ResourceId.Ref]).toEqual({ 'Fn::GetAtt': [stackResourceId(routeStacks(stack)[0]), expect.stringMatching(/^Outputs\./)] });
    // The root method names the root resource id of the API in the parent.
    const root = Object.values(nested[2].findResources('AWS::ApiGateway::Method'))[0] as any;
    const rootPassed = parent.toJSON().Resources[stackResourceId(routeStacks(stack)[2])].Properties.Parameters;
    expect(rootPassed[root.Properties.ResourceId.Ref]).toEqual({ 'Fn::GetAtt': [Object.keys(parent.findResources('AWS::ApiGateway::RestApi'))[0], 'RootResourceId'] });
  });

  test('spreading does not change the permissions: one per (API, function), in the API\'s stack', () => {
    const count = (options: RouteStackOptions | undefined) => {
      const stack = newStack();
      restApi(stack, options, 30, functions(stack, 4));
      const { parent, nested } = templatesOf(stack);
      nested.forEach((t) => t.resourceCountIs('AWS::Lambda::Permission', 0));
      return Object.values(parent.findResources('AWS::Lambda::Permission')).map((p: any) => JSON.stringify(p.Properties)).sort();
    };
    const spread = count({ routesPerStack: 7 });
    expect(spread).toHaveLength(5);
    expect(spread).toEqual(count(undefined));
  });

  test('with CORS, the preflight of a segment sits beside it in the route stack', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.iam(),
      webAcl: WEB_ACL,
      accountLoggingDeclaredElsewhere: true,
      cors: { allowOrigins: ['https://app.example.com'] },
      routeStacks: { routesPerStack: 1 },
    });
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/a', methods: ['GET'], handler: fn });
    api.addMethods({ path: '/b', methods: ['GET'], handler: fn });
    for (const t of templatesOf(stack).nested) {
      t.resourceCountIs('AWS::ApiGateway::Method', 2);
      t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', Integration: { Type: 'MOCK' } });
    }
  });
});

describe('routeStacks.routesPerStack validation (property)', () => {
  const problems = (routesPerStack: number) => {
    const stack = newStack();
    const owner = new Construct(stack, 'Api');
    new RouteStacks(owner, 'routeStacks', { routesPerStack });
    return owner.node.validate();
  };

  test('every whole number from 1 to 450 is accepted', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: ROUTE_STACK_LIMITS.resources }), (n) => problems(n).length === 0), { numRuns: 50 });
  });

  test('anything else is refused with the prop, the value and the fix', () => {
    const bad = fc.oneof(
      fc.integer({ max: 0 }), fc.integer({ min: ROUTE_STACK_LIMITS.resources + 1 }),
      fc.double({ noNaN: false }).filter((d) => !Number.isInteger(d)),
    );
    fc.assert(fc.property(bad, (n) => {
      const found = problems(n);
      return found.length === 1 && found[0].includes("prop 'routeStacks.routesPerStack'") && found[0].includes('Fix: use a whole number from 1 to 450');
    }), { numRuns: 100 });
  });
});

test('SecureHttpApi: routes with an integration passed in count it and its per-route permissions, so no route stack passes 450 resources', () => {
  const stack = newStack();
  const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: partnerJwt(), routeStacks: { routesPerStack: 400 } });
  const fn = newFunction(stack, 'Fn');
  // aws-cdk-lib's default: one permission per route, created beside the route.
  const integration = new HttpLambdaIntegration('Own', fn);
  for (let i = 0; i < 300; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], integration });
  const nested = routeStacks(stack).map((n) => Template.fromStack(n));
  expect(nested.length).toBeGreaterThanOrEqual(2);
  for (const t of nested) expect(resourceCount(t)).toBeLessThanOrEqual(ROUTE_STACK_LIMITS.resources);
  expect(nested.reduce((sum, t) => sum + Object.keys(t.findResources('AWS::ApiGatewayV2::Route')).length, 0)).toBe(300);
});
