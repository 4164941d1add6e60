import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { CfnMethod, CfnRestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnRoute, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { GatewaySecurityInsights, RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../lib';
import { runAudit } from '../../lib/audit/auditor';
import { apiInventory } from '../../lib/audit/inventory/inventory-reader';
import { selectPacks } from '../../lib/audit/pack-selection';
import { finding, portcullisFindings } from '../nag/nag-test-util';
import { newFunction, partnerJwt } from '../stack-fixtures';

const WEB_ACL = { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/test/0123' };

/** An app with a SecureHttpApi and a SecureRestApi of five routes / methods each, two per route stack. */
function spreadApp(outdir?: string): { app: App; stack: Stack; http: SecureHttpApi; rest: SecureRestApi } {
  const app = new App(outdir ? { outdir } : {});
  const stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
  const fn = newFunction(stack, 'Fn');
  const http = new SecureHttpApi(stack, 'Http', { defaultAuthorization: partnerJwt(), routeStacks: { routesPerStack: 2 } });
  const rest = new SecureRestApi(stack, 'Rest', {
    defaultAuthorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'AuthFn') }),
    webAcl: WEB_ACL,
    accountLoggingDeclaredElsewhere: true,
    routeStacks: { routesPerStack: 2 },
  });
  for (let i = 0; i < 5; i++) {
    http.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], handler: fn });
    rest.addMethods({ path: `/g${Math.floor(i / 3)}/r${i}`, methods: ['GET'], handler: fn });
  }
  // Their denial signal (Portcullis-DenialSignal): a clean API is a watched one.
  new GatewaySecurityInsights(stack, 'Insights', { apis: [http, rest] });
  return { app, stack, http, rest };
}

/** Plants a defect in a route stack: the route (HTTP) or method (REST) loses its authorizer. */
function plantUnauthorized(http: SecureHttpApi, rest: SecureRestApi): { route: CfnRoute; method: CfnMethod } {
  const route = http.routes[3].node.defaultChild as CfnRoute;
  route.addPropertyOverride('AuthorizationType', 'NONE');
  route.addPropertyDeletionOverride('AuthorizerId');
  const method = rest.methods[3].node.defaultChild as CfnMethod;
  method.addPropertyOverride('AuthorizationType', 'NONE');
  method.addPropertyDeletionOverride('AuthorizerId');
  return { route, method };
}

function withOutdir<T>(fn: (outdir: string) => T): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-stacks-'));
  try {
    return fn(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('PortcullisChecks on APIs spread over route stacks', () => {
  test('a clean spread API has no finding: routes and methods find their API and authorizer through the parameters', () => {
    const { app, stack, http, rest } = spreadApp();
    // Routes 3 and 4 live in the second and third route stacks.
    expect(NestedStack.isNestedStack(Stack.of(http.routes[3]))).toBe(true);
    expect(NestedStack.isNestedStack(Stack.of(rest.methods[4]))).toBe(true);
    app.synth();
    expect(portcullisFindings(stack)).toEqual([]);
  });

  test('an integration passed in lands beside its route in a route stack; its permission still finds the API in the parent', () => {
    const { app, stack, http } = spreadApp();
    const own = newFunction(stack, 'Own');
    const [route] = http.addRoutes({ path: '/own', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('OwnIntegration', own) });
    expect(NestedStack.isNestedStack(Stack.of(route))).toBe(true);
    app.synth();
    const permissions = Stack.of(route).node.findAll().filter((c) => c instanceof CfnPermission);
    expect(permissions.length).toBeGreaterThan(0);
    expect(portcullisFindings(stack).filter((f) => f.rule.startsWith('Portcullis-LambdaPermissionSourceArn'))).toEqual([]);
  });

  test('public routes in route stacks pass by their public-route record, at synth and in the audit', () => withOutdir((outdir) => {
    const { app, stack, http, rest } = spreadApp(outdir);
    const reason = 'Status page for customers, returns no data';
    const [route] = http.addRoutes({ path: '/status', methods: [HttpMethod.GET], handler: newFunction(stack, 'StatusFn'), authorization: RouteAuthorization.publicAccess(reason) });
    const [method] = rest.addMethods({ path: '/g1/status', methods: ['GET'], handler: newFunction(stack, 'StatusRestFn'), authorization: RouteAuthorization.publicAccess(reason) });
    expect(NestedStack.isNestedStack(Stack.of(route))).toBe(true);
    expect(NestedStack.isNestedStack(Stack.of(method))).toBe(true);
    app.synth();
    expect(portcullisFindings(stack)).toEqual([]);
    expect(runAudit(outdir, { packs: selectPacks(['portcullis']) }).findings).toEqual([]);
  }));

  test('a defect planted in a route stack is reported on that route and method', () => {
    const { app, stack, http, rest } = spreadApp();
    const { route, method } = plantUnauthorized(http, rest);
    app.synth();
    expect(portcullisFindings(stack)).toEqual([
      finding('Portcullis-RouteAuthorization', route.node.path),
      finding('Portcullis-RouteAuthorization', method.node.path),
    ].sort((a, b) => (a.path < b.path ? -1 : 1)));
    expect(route.node.path).toMatch(/^Test\/Http\/RouteStack2\//);
    expect(method.node.path).toMatch(/^Test\/Rest\/RouteStack2\//);
  });
});

describe('the audit of a cloud assembly with route stacks', () => {
  test('reports nothing for a clean spread API, and the planted defect on the nested template\'s resource', () => withOutdir((outdir) => {
    const clean = spreadApp(path.join(outdir, 'clean'));
    clean.app.synth();
    const cleanResult = runAudit(path.join(outdir, 'clean'), { packs: selectPacks(['portcullis']) });
    expect(cleanResult.findings).toEqual([]);
    expect(cleanResult.notAudited).toEqual([]);

    const planted = spreadApp(path.join(outdir, 'planted'));
    const { route, method } = plantUnauthorized(planted.http, planted.rest);
    planted.app.synth();
    const result = runAudit(path.join(outdir, 'planted'), { packs: selectPacks(['portcullis']) });
    const routeStack = Stack.of(route) as NestedStack;
    const methodStack = Stack.of(method) as NestedStack;
    const found = result.findings.map((f) => ({ template: f.template, logicalId: f.logicalId, cdkPath: f.cdkPath, ruleId: f.ruleId }));
    expect(found).toEqual(expect.arrayContaining([
      { template: routeStack.templateFile, logicalId: routeStack.resolve(route.logicalId), cdkPath: route.node.path, ruleId: 'Portcullis-RouteAuthorization' },
      { template: methodStack.templateFile, logicalId: methodStack.resolve(method.logicalId), cdkPath: method.node.path, ruleId: 'Portcullis-RouteAuthorization' },
    ]));
    expect(result.findings).toHaveLength(2);
    // Grouped under their API in the parent template, not under an anonymous parameter.
    const httpApiId = planted.stack.resolve((planted.http.httpApi.node.defaultChild as CfnApi).logicalId);
    const restApiId = planted.stack.resolve((planted.rest.restApi.node.defaultChild as CfnRestApi).logicalId);
    expect(result.findings.map((f) => f.api)).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^API ${httpApiId} in Test\\.template\\.json \\(parameter \\w+\\)$`)),
      expect.stringMatching(new RegExp(`^API ${restApiId} in Test\\.template\\.json \\(parameter \\w+\\)$`)),
    ]));
  }));
});

describe('the API inventory of a cloud assembly with route stacks', () => {
  test('shows each API once, in its own template, with every route of its route stacks', () => withOutdir((outdir) => {
    const spread = spreadApp(outdir);
    spread.app.synth();
    const httpApiId = spread.stack.resolve((spread.http.httpApi.node.defaultChild as CfnApi).logicalId);
    const inventory = apiInventory(outdir);
    const http = inventory.routes.filter((r) => r.apiKind === 'HTTP');
    const rest = inventory.routes.filter((r) => r.apiKind === 'REST');

    expect(new Set(http.map((r) => r.api))).toEqual(new Set([httpApiId]));
    expect(http.map((r) => r.route)).toEqual(['GET /r0', 'GET /r1', 'GET /r2', 'GET /r3', 'GET /r4']);
    expect(new Set(rest.map((r) => `${r.template} ${r.api}`)).size).toBe(1);
    expect(rest.map((r) => r.route)).toEqual(['GET /g0/r0', 'GET /g0/r1', 'GET /g0/r2', 'GET /g1/r3', 'GET /g1/r4']);
    for (const row of [...http, ...rest]) {
      expect(row.template).toBe('Test.template.json');
      expect(row.authorizer).not.toBe('unresolved');
      expect(row.authorizer).toBeDefined();
      expect(row.throttling).toEqual([expect.stringMatching(/: rate 500, burst 1000$/)]);
      expect(row.accessLogs).toEqual([expect.stringMatching(/: json$/)]);
    }
    expect(rest.every((r) => r.waf.every((w) => w.endsWith(': yes')))).toBe(true);
  }));
});
