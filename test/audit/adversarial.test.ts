import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnMethod, CfnRestApi, MockIntegration } from 'aws-cdk-lib/aws-apigateway';
import { CfnRoute, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AnyPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { runCliJson } from './run-cli';
import { GatewaySecurityInsights, RouteAuthorization, SecureHttpApi, SecureRestApi, SecureWebSocketApi } from '../../lib';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';
import { restProps } from '../rest/fixtures';

/**
 * Issue 23, classes 1-3, end to end: each attack on Portcullis constructs fails synth (with the pack as
 * a Validations plugin) and the audit of the same cloud assembly; the honest app passes both.
 */
const REASON = 'Load balancer health check, returns no data';

function newFunction(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
}

type Attack = (parts: { stack: Stack; http: SecureHttpApi; rest: SecureRestApi; ws: SecureWebSocketApi; backend: lambda.Function }) => void;

/** A stack of Portcullis APIs, each with one public route, an IAM route and a Lambda backend, plus `attack`. */
function buildApp(outdir: string, attack: Attack, withPack: boolean): App {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  if (withPack) Validations.of(app).addPlugins(new PortcullisChecks(app));
  const stack = new Stack(app, 'Adversarial');
  const backend = newFunction(stack, 'Backend');
  const http = new SecureHttpApi(stack, 'Http');
  http.addRoutes({ path: '/health', methods: [HttpMethod.GET], handler: backend, authorization: RouteAuthorization.publicAccess(REASON) });
  const rest = new SecureRestApi(stack, 'Rest', restProps());
  rest.addMethods({ path: '/health', methods: ['GET'], handler: backend, authorization: RouteAuthorization.publicAccess(REASON) });
  rest.addMethods({ path: '/orders', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
  const ws = new SecureWebSocketApi(stack, 'Ws', { connect: { handler: backend, authorization: RouteAuthorization.publicAccess(REASON) } });
  // The honest app watches its APIs (Portcullis-DenialSignal).
  new GatewaySecurityInsights(stack, 'Insights', { apis: [http, rest, ws] });
  attack({ stack, http, rest, ws, backend });
  return app;
}

const ATTACKS: Record<string, { attack: Attack; finding: string }> = {
  'HTTP public route key overridden to ANY /{proxy+}': {
    attack: ({ http }) => (http.routes[0].node.defaultChild as CfnRoute).addPropertyOverride('RouteKey', 'ANY /{proxy+}'),
    finding: 'Portcullis-RouteAuthorization[public-route-changed]',
  },
  'raw CfnRoute below the HTTP public route': {
    attack: ({ http }) => new CfnRoute(http.routes[0].node.defaultChild as CfnRoute, 'Sneaky', { apiId: http.httpApi.apiId, routeKey: 'ANY /{proxy+}', authorizationType: 'NONE' }),
    finding: 'Portcullis-RouteAuthorization',
  },
  'REST public method overridden to ANY': {
    attack: ({ rest }) => (rest.methods[0].node.defaultChild as CfnMethod).addPropertyOverride('HttpMethod', 'ANY'),
    finding: 'Portcullis-RouteAuthorization[public-route-changed]',
  },
  'raw CfnMethod below the REST public method': {
    attack: ({ rest }) => new CfnMethod(rest.methods[0].node.defaultChild as CfnMethod, 'Sneaky', {
      restApiId: rest.restApi.restApiId, resourceId: rest.restApi.root.resourceId, httpMethod: 'DELETE', authorizationType: 'NONE', integration: { type: 'MOCK' },
    }),
    finding: 'Portcullis-RouteAuthorization',
  },
  'raw $connect CfnRoute below the WebSocket public $connect': {
    attack: ({ ws }) => new CfnRoute(ws.connectRoute.node.defaultChild as CfnRoute, 'Sneaky', { apiId: ws.webSocketApi.apiId, routeKey: '$connect', authorizationType: 'NONE' }),
    finding: 'Portcullis-RouteAuthorization',
  },
  'REST resource policy open to every account beside AWS_IAM methods': {
    attack: ({ rest }) => (rest.restApi.node.defaultChild as CfnRestApi).addPropertyOverride('Policy', {
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
    }),
    finding: 'Portcullis-IamApiOpenPolicy',
  },
  'grantInvoke to a role anyone may assume': {
    attack: ({ stack, rest }) => rest.grantInvoke(new Role(stack, 'Anyone', { assumedBy: new AnyPrincipal() })),
    finding: 'Portcullis-InvokeGranteeTrust',
  },
  'public Function URL on the backend': {
    attack: ({ backend }) => backend.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }),
    finding: 'Portcullis-BackendBypass[function-url]',
  },
  'backend permission for every principal': {
    attack: ({ backend }) => backend.addPermission('Anyone', { principal: new AnyPrincipal() }),
    finding: 'Portcullis-BackendBypass[any-principal]',
  },
};

function withOutdir<T>(fn: (outdir: string) => T): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-adversarial-'));
  try {
    return fn(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The Portcullis findings of the audit of the app's cloud assembly. */
function auditFindings(attack: Attack): { status: number; rules: string[] } {
  return withOutdir((outdir) => {
    buildApp(outdir, attack, false).synth();
    const { run, report } = runCliJson('audit', outdir);
    return { status: run.status, rules: report.findings.map((f: any) => f.ruleId) };
  });
}

test('the honest app passes synth with the pack, and the audit', () => {
  withOutdir((outdir) => expect(() => buildApp(outdir, () => undefined, true).synth()).not.toThrow());
  expect(auditFindings(() => undefined)).toEqual({ status: 0, rules: [] });
});

describe.each(Object.entries(ATTACKS))('%s', (_name, { attack, finding }) => {
  test('fails synth with the pack registered', () => {
    withOutdir((outdir) => {
      const escaped = finding.replace(/[[\]]/g, '\\$&');
      expect(() => buildApp(outdir, attack, true).synth()).toThrow(new RegExp(`${escaped}(?!\\[)`));
    });
  });

  test('fails the audit', () => {
    const { status, rules } = auditFindings(attack);
    expect(status).toBe(1);
    expect(rules).toContain(finding);
  });
});
