import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ShowcaseStack } from '../../../bin/showcase-stack';
import { ApiInventory } from '../../../lib';
import { FIXTURES, runCli } from '../run-cli';

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
        apiKind: 'HTTP',
        throttling: ['$default: rate 200, burst 400'],
        waf: [],
        accessLogs: ['$default: json'],
        // Both APIs sit behind the showcase's GatewayDomain, which turned their default endpoints off.
        endpoint: 'default endpoint off',
        domains: ['api.example.com (TLS_1_2)'],
      };
      const restFacts = {
        template: 'PortcullisShowcase.template.json',
        api: 'ShowcaseRestApi58879377',
        apiKind: 'REST',
        throttling: ['prod: rate 200, burst 400'],
        waf: ['prod: yes'],
        accessLogs: ['prod: json'],
        endpoint: 'REGIONAL, default endpoint off',
        domains: ['api.example.com (TLS_1_2)'],
      };
      const rest = (route: string, authorization: string, authorizer: string | undefined, scopes: string[], declaredIn: string) => ({
        ...restFacts, route, authorization, authorizer, scopes, declaredIn,
      });
      // CORS preflight: MOCK OPTIONS methods, public by design (not reported by RouteAuthorization).
      const preflight = (p: string, declaredIn: string) => rest(`OPTIONS ${p}`, 'NONE', undefined, [], declaredIn);
      // Routes by path, then method.
      const restRoutes = [
        rest('GET /health', 'NONE', undefined, [], 'ShowcaseRestApihealthGET7E05DC99'),
        preflight('/health', 'ShowcaseRestApihealthOPTIONS41AFB412'),
        rest('GET /internal/reports', 'AWS_IAM', undefined, [], 'ShowcaseRestApiinternalreportsGETF93129D7'),
        preflight('/internal/reports', 'ShowcaseRestApiinternalreportsOPTIONS5B018BE5'),
        rest('GET /me', 'JWT', 'JwtAuthorizer (JWT)', ['user.id', 'user.email'], 'ShowcaseRestApimeGET1E48C0B4'),
        preflight('/me', 'ShowcaseRestApimeOPTIONS115A40D8'),
        rest('GET /orders', 'JWT', 'CognitoAuthorizer (JWT)', ['orders/read'], 'ShowcaseRestApiordersGET201292E6'),
        preflight('/orders', 'ShowcaseRestApiordersOPTIONSBEEB7CE5'),
        rest('GET /orders/export', 'CUSTOM', 'JwtLambdaAuthorizer (TOKEN)', [], 'ShowcaseRestApiordersexportGETA77D4ACC'),
        preflight('/orders/export', 'ShowcaseRestApiordersexportOPTIONS7FB4CE90'),
        preflight('/partner/orders', 'ShowcaseRestApipartnerordersOPTIONSE1E8A2A6'),
        rest('POST /partner/orders', 'JWT', 'JwtAuthorizer (JWT)', ['user.id', 'user.email'], 'ShowcaseRestApipartnerordersPOSTFB99DB73'),
        rest('GET /partner/status', 'CUSTOM', 'LambdaAuthorizer (TOKEN)', [], 'ShowcaseRestApipartnerstatusGET94E811EF'),
        preflight('/partner/status', 'ShowcaseRestApipartnerstatusOPTIONS1BCB1CAE'),
      ];
      const partner = (method: string, declaredIn: string) => ({
        ...stageFacts, route: `${method} /partner/{proxy+}`, authorization: 'CUSTOM', authorizer: 'LambdaAuthorizer (REQUEST)', scopes: [], declaredIn,
      });
      const ws = (route: string, authorization: string, authorizer: string | undefined, declaredIn: string) => ({
        template: 'PortcullisShowcase.template.json',
        api: 'ShowcaseWebSocketApi6F5D7112',
        apiKind: 'WEBSOCKET',
        throttling: ['prod: rate 100, burst 200'],
        waf: [],
        accessLogs: ['prod: json'],
        endpoint: 'default endpoint off',
        domains: ['ws.example.com (TLS_1_2)'],
        route,
        authorization,
        authorizer,
        scopes: [],
        declaredIn,
      });
      expect(inventory.routes).toEqual([
        { ...stageFacts, route: 'GET /health', authorization: 'NONE', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiGEThealth533238D0' },
        { ...stageFacts, route: 'GET /internal/reports', authorization: 'AWS_IAM', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiGETinternalreports41220C74' },
        { ...stageFacts, route: 'POST /internal/reports', authorization: 'AWS_IAM', authorizer: undefined, scopes: [], declaredIn: 'ShowcaseApiPOSTinternalreports86FE6679' },
        { ...stageFacts, route: 'GET /me', authorization: 'JWT', authorizer: 'JwtAuthorizer (JWT)', scopes: ['user.id', 'user.email'], declaredIn: 'ShowcaseApiGETme79AE47DA' },
        { ...stageFacts, route: 'GET /me/email', authorization: 'JWT', authorizer: 'JwtAuthorizer (JWT)', scopes: ['user.email'], declaredIn: 'ShowcaseApiGETmeemailF82CF4DF' },
        { ...stageFacts, route: 'GET /orders', authorization: 'JWT', authorizer: 'CognitoAuthorizer (JWT)', scopes: ['orders/read'], declaredIn: 'ShowcaseApiGETordersBDF5ACE1' },
        // The Lambda JWT authorizer checks its scopes itself, so the route carries none.
        {
          ...stageFacts, route: 'GET /orders/export', authorization: 'CUSTOM', authorizer: 'JwtLambdaAuthorizer (REQUEST)', scopes: [], declaredIn: 'ShowcaseApiGETordersexport10430489',
        },
        partner('DELETE', 'ShowcaseApiDELETEpartnerproxyF63EB96A'),
        partner('GET', 'ShowcaseApiGETpartnerproxy495C240A'),
        partner('HEAD', 'ShowcaseApiHEADpartnerproxy468A06FD'),
        partner('PATCH', 'ShowcaseApiPATCHpartnerproxy2827C563'),
        partner('POST', 'ShowcaseApiPOSTpartnerproxyEED4FB06'),
        partner('PUT', 'ShowcaseApiPUTpartnerproxyAB84E0C7'),
        ...restRoutes,
        // The WebSocket API: only $connect is authorized; the other routes run on its connection.
        ws('$connect', 'CUSTOM', 'JwtLambdaAuthorizer (REQUEST)', 'ShowcaseWebSocketApiConnectRoute86441CB7'),
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
      apiKind: 'REST',
      throttling: ['live: rate 100, burst 50'],
      waf: ['live: yes'],
      accessLogs: ['live: json'],
      endpoint: 'EDGE, default endpoint off',
      domains: ['api.shop.example.com (TLS_1_2)'],
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

describe('cdk-portcullis inventory', () => {
  test('Markdown: one table row per route; `audit --inventory` prints the same', () => {
    const file = path.join(FIXTURES, 'rest-api-insecure.yaml');
    const run = runCli('inventory', file);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('| rest-api-insecure.yaml | `OrdersApi` | REST | `GET /orders` | NONE | — | — | prod: none | prod: no | prod: none | EDGE, default endpoint on | orders.example.com (TLS_1_0) | `ListOrders` |');
    expect(runCli('audit', file, '--inventory').stdout).toBe(run.stdout);
  });

  test('JSON, and exit code 2 when an input could not be read', () => {
    const run = runCli('inventory', path.join(FIXTURES, 'estate'), '--json');
    const doc = JSON.parse(run.stdout);

    expect(run.status).toBe(2);
    expect(doc.routes.map((r: any) => `${r.api} ${r.route} ${r.authorization}`)).toEqual(['QuickApi $default NONE']);
    expect(doc.notAudited.map((n: any) => n.template)).toEqual(['broken.json', 'serverless.yml']);
  });
});
