import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { ShowcaseStack } from '../../../bin/showcase-stack';
import { ApiInventory, RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../../lib';
import { newFunction, partnerJwt } from '../../stack-fixtures';
import { FIXTURES, runCli } from '../run-cli';

/** The reason the showcase records for its public health routes. */
const HEALTH_REASON = 'Liveness probe for external uptime monitoring; returns no data';

describe('ApiInventory.fromAssembly', () => {
  test('the showcase app, field by field: one row per route', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-inventory-'));
    try {
      const app = new App({ outdir });
      new ShowcaseStack(app, 'PortcullisShowcase');
      app.synth();
      const inventory = ApiInventory.fromAssembly(outdir);

      expect(inventory.notAudited).toEqual([]);
      const stageFacts = {
        template: 'PortcullisShowcase.template.json',
        api: 'ShowcaseApi7BBFE387',
        apiName: 'PortcullisShowcaseShowcaseApiECA5894D',
        apiKind: 'HTTP',
        throttling: ['$default: rate 200, burst 400'],
        waf: [],
        accessLogs: ['$default: json'],
        // Both APIs sit behind the showcase's GatewayDomains, which turned their default endpoints off.
        endpoint: 'default endpoint off',
        domains: ['api.example.com (TLS_1_2)'],
      };
      const restFacts = {
        template: 'PortcullisShowcase.template.json',
        api: 'ShowcaseRestApi58879377',
        apiName: 'PortcullisShowcaseShowcaseRestApiA2FE13AA',
        apiKind: 'REST',
        throttling: ['prod: rate 200, burst 400'],
        waf: ['prod: yes'],
        accessLogs: ['prod: json'],
        endpoint: 'REGIONAL, default endpoint off',
        // A domain of its own: TLS 1.3 only (an HTTP API on it would have made it TLS_1_2).
        domains: ['shop.example.com (SecurityPolicy_TLS13_1_3_2025_09)'],
      };
      const rest = (route: string, authorization: string, authorizer: string | undefined, scopes: string[], declaredIn: string) => ({
        ...restFacts, route, authorization, authorizer, scopes, declaredIn,
      });
      // CORS preflight: MOCK OPTIONS methods, public by design (not reported by RouteAuthorization).
      const preflight = (p: string, declaredIn: string) => rest(`OPTIONS ${p}`, 'NONE', undefined, [], declaredIn);
      // Routes by path, then method.
      const restRoutes = [
        { ...rest('GET /health', 'NONE', undefined, [], 'ShowcaseRestApihealthGET7E05DC99'), publicReason: HEALTH_REASON },
        preflight('/health', 'ShowcaseRestApihealthOPTIONS41AFB412'),
        rest('GET /internal/reports', 'AWS_IAM', undefined, [], 'ShowcaseRestApiinternalreportsGETF93129D7'),
        preflight('/internal/reports', 'ShowcaseRestApiinternalreportsOPTIONS5B018BE5'),
        rest('GET /me', 'JWT', 'JwtAuthorizer (JWT)', ['user.id', 'user.email'], 'ShowcaseRestApimeGET1E48C0B4'),
        preflight('/me', 'ShowcaseRestApimeOPTIONS115A40D8'),
        rest('GET /orders', 'JWT', 'CognitoAuthorizer (JWT)', ['orders/read'], 'ShowcaseRestApiordersGET201292E6'),
        preflight('/orders', 'ShowcaseRestApiordersOPTIONSBEEB7CE5'),
        // The Portcullis JWT authorizer function enforces its configured scopes (one of them).
        rest('GET /orders/export', 'CUSTOM', 'JwtLambdaAuthorizer (TOKEN)', ['orders/read'], 'ShowcaseRestApiordersexportGETA77D4ACC'),
        preflight('/orders/export', 'ShowcaseRestApiordersexportOPTIONS7FB4CE90'),
        preflight('/partner/orders', 'ShowcaseRestApipartnerordersOPTIONSE1E8A2A6'),
        rest('POST /partner/orders', 'JWT', 'JwtAuthorizer (JWT)', ['user.id', 'user.email'], 'ShowcaseRestApipartnerordersPOSTFB99DB73'),
        rest('GET /partner/status', 'CUSTOM', 'LambdaAuthorizer (TOKEN)', [], 'ShowcaseRestApipartnerstatusGET94E811EF'),
        preflight('/partner/status', 'ShowcaseRestApipartnerstatusOPTIONS1BCB1CAE'),
      ];
      const partner = (method: string, declaredIn: string) => ({
        ...stageFacts, route: `${method} /partner/{proxy+}`, authorization: 'CUSTOM', authorizer: 'LambdaAuthorizer (REQUEST)', scopes: [], declaredIn,
      });
      const ws = (route: string, authorization: string, authorizer: string | undefined, declaredIn: string, scopes: string[] = []) => ({
        template: 'PortcullisShowcase.template.json',
        api: 'ShowcaseWebSocketApi6F5D7112',
        apiName: 'PortcullisShowcaseShowcaseWebSocketApi9FB013C4',
        apiKind: 'WEBSOCKET',
        throttling: ['prod: rate 100, burst 200'],
        waf: [],
        accessLogs: ['prod: json'],
        endpoint: 'default endpoint off',
        domains: ['ws.example.com (TLS_1_2)'],
        route,
        authorization,
        authorizer,
        scopes,
        declaredIn,
      });
      expect(inventory.routes).toEqual([
        { ...stageFacts, route: 'GET /health', authorization: 'NONE', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiGEThealth533238D0', publicReason: HEALTH_REASON },
        { ...stageFacts, route: 'GET /internal/reports', authorization: 'AWS_IAM', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiGETinternalreports41220C74' },
        { ...stageFacts, route: 'POST /internal/reports', authorization: 'AWS_IAM', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiPOSTinternalreports86FE6679' },
        { ...stageFacts, route: 'GET /me', authorization: 'JWT', authorizer: 'JwtAuthorizer (JWT)', scopes: ['user.id', 'user.email'], declaredIn: 'ShowcaseApiGETme79AE47DA' },
        { ...stageFacts, route: 'GET /me/email', authorization: 'JWT', authorizer: 'JwtAuthorizer (JWT)', scopes: ['user.email'], declaredIn: 'ShowcaseApiGETmeemailF82CF4DF' },
        { ...stageFacts, route: 'GET /orders', authorization: 'JWT', authorizer: 'CognitoAuthorizer (JWT)', scopes: ['orders/read'], declaredIn: 'ShowcaseApiGETordersBDF5ACE1' },
        // The route carries no scopes: the Portcullis JWT authorizer function enforces those of its configuration.
        {
          ...stageFacts, route: 'GET /orders/export', authorization: 'CUSTOM', authorizer: 'JwtLambdaAuthorizer (REQUEST)', scopes: ['orders/read'], declaredIn: 'ShowcaseApiGETordersexport10430489',
        },
        partner('DELETE', 'ShowcaseApiDELETEpartnerproxyF63EB96A'),
        partner('GET', 'ShowcaseApiGETpartnerproxy495C240A'),
        partner('HEAD', 'ShowcaseApiHEADpartnerproxy468A06FD'),
        partner('PATCH', 'ShowcaseApiPATCHpartnerproxy2827C563'),
        partner('POST', 'ShowcaseApiPOSTpartnerproxyEED4FB06'),
        partner('PUT', 'ShowcaseApiPUTpartnerproxyAB84E0C7'),
        ...restRoutes,
        // The WebSocket API: only $connect is authorized; the other routes run on its connection.
        ws('$connect', 'CUSTOM', 'JwtLambdaAuthorizer (REQUEST)', 'ShowcaseWebSocketApiConnectRoute86441CB7', ['orders/read']),
        ws('$default', 'NONE', undefined, 'ShowcaseWebSocketApiDefaultRoute58FCD01C'),
        ws('$disconnect', 'NONE', undefined, 'ShowcaseWebSocketApiDisconnectRoute796594D0'),
      ]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a SAM REST API: routes from function events and the CORS preflight SAM adds, with stage, WAF, endpoint and domain', () => {
    const inventory = ApiInventory.fromAssembly(path.join(FIXTURES, 'sam', 'rest-api-secure.yaml'));
    const api = {
      template: 'rest-api-secure.yaml',
      api: 'OrdersApi',
      apiName: 'OrdersApi',
      apiKind: 'REST',
      throttling: ['live: rate 100, burst 50'],
      waf: ['live: yes'],
      accessLogs: ['live: json'],
      endpoint: 'EDGE, default endpoint off',
      // The API's own policy is the one negotiated through the domain.
      domains: ['api.shop.example.com (SecurityPolicy_TLS13_1_3_2025_09, the API\'s policy; domain TLS_1_2)'],
    };
    expect(inventory.routes).toEqual([
      { ...api, route: 'GET /orders', authorization: 'COGNITO_USER_POOLS', authorizer: 'ShopCognito (COGNITO_USER_POOLS)', scopes: ['orders/read'], declaredIn: 'ListOrdersFunction' },
      { ...api, route: 'OPTIONS /orders', authorization: 'NONE', authorizer: undefined, scopes: [], declaredIn: 'OrdersApi' },
    ]);
  });

  test('an OpenAPI body: every operation with its authorization', () => {
    const inventory = ApiInventory.fromAssembly(path.join(FIXTURES, 'openapi', 'rest-api-body.yaml'));
    expect(inventory.routes.map((r) => `${r.route} ${r.authorization} ${r.authorizer ?? '-'} ${r.scopes.join(',')}`)).toEqual([
      'POST /admin AWS_IAM - ',
      'GET /items NONE - ',
      'GET /keyed NONE - ',
      'GET /orders COGNITO_USER_POOLS cognito (COGNITO_USER_POOLS) orders/read',
      'OPTIONS /orders NONE - ',
      'GET /public NONE - ',
      'GET /tenant CUSTOM tenant (REQUEST) ',
    ]);
  });
});

/** A stack with an HTTP API and a REST API whose routes spread over route stacks (nested stacks). */
function apisWithRouteStacks(scope: App | Stage, id: string = 'Apis'): Stack {
  const stack = new Stack(scope, id, { env: { account: '111111111111', region: 'us-east-1' } });
  const fn = newFunction(stack, 'Fn');
  const http = new SecureHttpApi(stack, 'Http', { defaultAuthorization: partnerJwt(['orders/read']), routeStacks: { routesPerStack: 2 } });
  const rest = new SecureRestApi(stack, 'Rest', {
    defaultAuthorization: RouteAuthorization.iam(),
    webAcl: { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/test/0123' },
    accountLoggingDeclaredElsewhere: true,
    routeStacks: { routesPerStack: 2 },
  });
  // Declared out of order: the inventory sorts by path, then method.
  for (const p of ['/z', '/a/b', '/a']) {
    http.addRoutes({ path: p, methods: [HttpMethod.POST, HttpMethod.GET], handler: fn });
    rest.addMethods({ path: p, methods: ['POST', 'GET'], handler: fn });
  }
  http.addRoutes({ path: '/health', methods: [HttpMethod.GET], handler: fn, authorization: RouteAuthorization.publicAccess('Liveness probe; returns no data') });
  return stack;
}

/** Every string in a JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

describe('ApiInventory.fromStack', () => {
  test('the same stack synthesized into two output folders: equal output, with no path of either', () => {
    const outdirs = [1, 2].map((n) => fs.mkdtempSync(path.join(os.tmpdir(), `inventory-${n}-`)));
    try {
      const inventories = outdirs.map((outdir) => ApiInventory.fromStack(apisWithRouteStacks(new App({ outdir }))));
      // The route stacks were synthesized into the output folders, and their routes are in the inventory.
      expect(fs.readdirSync(outdirs[0]).filter((f) => f.endsWith('.nested.template.json')).length).toBeGreaterThan(0);
      expect(inventories[0].routes).toHaveLength(13);

      expect(inventories[1].toJson()).toBe(inventories[0].toJson());
      expect(inventories[1].toMarkdown()).toBe(inventories[0].toMarkdown());
      const json = JSON.parse(inventories[0].toJson());
      expect(Object.keys(json)).toEqual(['version', 'routes', 'notAudited']);
      for (const text of [...stringsOf(json), inventories[0].toMarkdown()]) {
        for (const outdir of outdirs) expect(text).not.toContain(outdir);
        expect(text).not.toContain(os.tmpdir());
        expect(text).not.toContain('/tmp');
      }
    } finally {
      for (const outdir of outdirs) fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('APIs by logical id, routes by path then method; routes of route stacks listed with their API\'s template', () => {
    const inventory = ApiInventory.fromStack(apisWithRouteStacks(new App()));

    expect(inventory.notAudited).toEqual([]);
    expect(new Set(inventory.routes.map((r) => r.template))).toEqual(new Set(['Apis.template.json']));
    expect(inventory.routes.map((r) => `${r.apiKind} ${r.route} ${r.authorization}`)).toEqual([
      'HTTP GET /a JWT', 'HTTP POST /a JWT', 'HTTP GET /a/b JWT', 'HTTP POST /a/b JWT', 'HTTP GET /health NONE', 'HTTP GET /z JWT', 'HTTP POST /z JWT',
      'REST GET /a AWS_IAM', 'REST POST /a AWS_IAM', 'REST GET /a/b AWS_IAM', 'REST POST /a/b AWS_IAM', 'REST GET /z AWS_IAM', 'REST POST /z AWS_IAM',
    ]);
  });

  test('only this stack: another stack of the app, with its own route stacks, is left out', () => {
    const app = new App();
    const other = new Stack(app, 'Other');
    new SecureHttpApi(other, 'OtherApi', { defaultAuthorization: partnerJwt(), routeStacks: { routesPerStack: 1 } })
      .addRoutes({ path: '/other', methods: [HttpMethod.GET], handler: newFunction(other, 'Fn') });
    const stack = apisWithRouteStacks(app);

    const inventory = ApiInventory.fromStack(stack);

    expect(inventory.routes).toHaveLength(13);
    expect(inventory.routes.map((r) => r.route)).not.toContain('GET /other');
    expect(ApiInventory.fromStack(other).routes.map((r) => r.route)).toEqual(['GET /other']);
  });

  test('a stack in a Stage: templates named relative to the stage\'s assembly', () => {
    const stage = new Stage(new App(), 'Prod');
    const inventory = ApiInventory.fromStack(apisWithRouteStacks(stage));

    expect(inventory.routes).toHaveLength(13);
    expect(new Set(inventory.routes.map((r) => r.template))).toEqual(new Set(['ProdApisE121A01F.template.json']));
  });

  test('a nested stack is refused, naming the top-level stack to pass instead', () => {
    const stack = new Stack(new App(), 'Parent');
    const nested = new NestedStack(stack, 'Child');

    expect(() => ApiInventory.fromStack(nested)).toThrow(
      "[Parent/Child] prop 'stack' = \"Parent/Child\": is a nested stack, whose routes are listed with the APIs of its parent. "
      + 'Fix: pass its top-level stack, ApiInventory.fromStack(<the stack at Parent>)');
  });
});

describe('cdk-portcullis inventory', () => {
  test('Markdown: one table row per route; `audit --inventory` prints the same', () => {
    const file = path.join(FIXTURES, 'rest-api-insecure.yaml');
    const run = runCli('inventory', file);

    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`# API inventory of \`${file}\``);
    expect(run.stdout).toContain('| rest-api-insecure.yaml | orders-${Env} (`OrdersApi`) | REST | `GET /orders` | NONE | — | — | prod: none | prod: no | prod: none | EDGE, default endpoint on | orders.example.com (TLS_1_0) | `ListOrders` |');
    expect(runCli('audit', file, '--inventory').stdout).toBe(run.stdout);
  });

  test('JSON, and exit code 2 when an input could not be read', () => {
    const run = runCli('inventory', path.join(FIXTURES, 'estate'), '--json');
    const doc = JSON.parse(run.stdout);

    expect(run.status).toBe(2);
    expect(doc.path).toBe(path.join(FIXTURES, 'estate'));
    expect(doc.routes.map((r: any) => `${r.api} ${r.route} ${r.authorization}`)).toEqual(['QuickApi $default NONE']);
    // The JSON format keeps a key for every field: no authorizer is null.
    expect(doc.routes[0].authorizer).toBeNull();
    expect(doc.notAudited.map((n: any) => n.template)).toEqual(['broken.json', 'serverless.yml']);
  });
});
