import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { runCli, runCliJson } from './run-cli';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';

/**
 * End to end: a plain aws-cdk-lib HttpApi (Lambda route, default stage, no authorizer,
 * no throttling, no access logs) synthesized to a cdk.out, audited through the CLI's main().
 */
describe('cdk-portcullis audit <cdk.out>', () => {
  let outdir: string;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-app-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'ShopStack');
    const fn = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    });
    const api = new apigwv2.HttpApi(stack, 'ShopApi');
    api.addRoutes({ path: '/health', methods: [apigwv2.HttpMethod.GET], integration: new HttpLambdaIntegration('Health', fn) });
    api.addRoutes({ path: '/orders', methods: [apigwv2.HttpMethod.GET], integration: new HttpLambdaIntegration('Orders', fn) });
    // A deliberately public health check, acknowledged on the route construct.
    const health = api.node.findChild('GET--health');
    Validations.of(health).acknowledge({ id: 'Portcullis-RouteAuthorization', reason: 'Public health check for the load balancer' });
    app.synth();
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('Markdown report lists the findings by API, and the acknowledgement; exit code 1', () => {
    const run = runCli('audit', outdir);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`# Portcullis audit of \`${outdir}\``);
    expect(run.stdout).toContain('**Packs:** Portcullis');
    expect(run.stdout).toMatch(/## API ShopApi \(`ShopApi[0-9A-F]{8}`, AWS::ApiGatewayV2::Api, CDK path `ShopStack\/ShopApi\/Resource`\)/);
    // The unauthorized orders route, on the route resource with its CDK path.
    expect(run.stdout).toMatch(/### ERROR `Portcullis-RouteAuthorization` on `ShopApiGETorders[0-9A-F]{8}`/);
    expect(run.stdout).toContain('CDK path `ShopStack/ShopApi/GET--orders/Resource`');
    expect(run.stdout).toMatch(/### ERROR `Portcullis-StageThrottling` on `ShopApiDefaultStage[0-9A-F]{8}`/);
    expect(run.stdout).toMatch(/### ERROR `Portcullis-AccessLogs\[missing\]` on `ShopApiDefaultStage[0-9A-F]{8}`/);
    expect(run.stdout).toContain('- **Why it matters:** Without stage throttling');
    expect(run.stdout).toContain('- **Fix:** Portcullis APIs always set it: give `throttle: { rateLimit, burstLimit }`');
    // aws-cdk-lib's permissions have no SourceAccount: a warning on each.
    expect(run.stdout).toMatch(/### WARNING `Portcullis-LambdaPermissionSourceAccount` on `ShopApiGETordersOrdersPermission[0-9A-F]{8}`/);
    // The acknowledged health route is not a finding (its permission's warning is), and the acknowledgement is listed.
    expect(run.stdout).not.toMatch(/`Portcullis-RouteAuthorization` on `ShopApiGEThealth/);
    expect(run.stdout).toMatch(/### WARNING `Portcullis-LambdaPermissionSourceAccount` on `ShopApiGEThealthHealthPermission[0-9A-F]{8}`/);
    expect(run.stdout).toMatch(/\| `ShopApiGEThealth[0-9A-F]{8}` \| `Portcullis-RouteAuthorization` \| Public health check for the load balancer \| cloud assembly, on `ShopStack\/ShopApi\/GET--health` \| 1 \|/);
    expect(run.stdout).toMatch(/\| `Portcullis-RouteAuthorization` \| error \| 1 \|/);
    expect(run.stdout).toContain('**Totals:** 3 errors, 2 warnings in 1 template; 1 acknowledgement honoured, suppressing 1 finding.');
  });

  test('--json lists the same findings with API, resource and CDK path', () => {
    const { run, report } = runCliJson('audit', outdir);

    expect(run.status).toBe(1);
    expect(report.version).toBe(1);
    expect(report.templates).toEqual([{ template: 'ShopStack.template.json', stackName: 'ShopStack', resources: expect.any(Number) }]);
    const apiId = report.apis[0].id;
    expect(report.apis).toEqual([expect.objectContaining({ id: expect.stringMatching(/^ShopApi/), type: 'AWS::ApiGatewayV2::Api', external: false, errors: 3 })]);
    const found = report.findings.map((f: any) => [f.ruleId, f.cdkPath, f.api, f.level]);
    expect(found).toEqual(expect.arrayContaining([
      ['Portcullis-RouteAuthorization', 'ShopStack/ShopApi/GET--orders/Resource', apiId, 'error'],
      ['Portcullis-StageThrottling', 'ShopStack/ShopApi/DefaultStage/Resource', apiId, 'error'],
      ['Portcullis-AccessLogs[missing]', 'ShopStack/ShopApi/DefaultStage/Resource', apiId, 'error'],
      ['Portcullis-LambdaPermissionSourceAccount', 'ShopStack/ShopApi/GET--orders/Orders-Permission', apiId, 'warning'],
      ['Portcullis-LambdaPermissionSourceAccount', 'ShopStack/ShopApi/GET--health/Health-Permission', apiId, 'warning'],
    ]));
    expect(report.findings).toHaveLength(5);
    for (const f of report.findings) {
      expect(f.info.length).toBeGreaterThan(0);
      expect(f.fix.length).toBeGreaterThan(0);
      expect(f.template).toBe('ShopStack.template.json');
    }
    // Declared on the route construct, the acknowledgement applies to every resource below it;
    // it suppressed the finding on the route itself.
    expect(new Set(report.acknowledged.map((a: any) => a.declaredOn))).toEqual(new Set(['ShopStack/ShopApi/GET--health']));
    expect(report.acknowledged.filter((a: any) => a.suppressed > 0)).toEqual([expect.objectContaining({
      ruleId: 'Portcullis-RouteAuthorization',
      reason: 'Public health check for the load balancer',
      source: 'cloud-assembly',
      declaredOn: 'ShopStack/ShopApi/GET--health',
      cdkPath: 'ShopStack/ShopApi/GET--health/Resource',
      suppressed: 1,
    })]);
    // One declaration covering three resources is one acknowledgement, as in the Markdown report.
    expect(report.acknowledged).toHaveLength(3);
    expect(report.summary).toEqual(expect.objectContaining({ errors: 3, warnings: 2, acknowledged: 1, suppressed: 1, notAudited: 0, exitCode: 1 }));
    expect(report.notAudited).toEqual([]);
  });

  test('--packs adds standard cdk-nag packs; their findings point to RULES.md', () => {
    const { run, report } = runCliJson('audit', outdir, '--packs', 'portcullis,aws-solutions');

    expect(run.status).toBe(1);
    expect(report.packs).toEqual(['Portcullis', 'AWS Solutions']);
    const apig4 = report.findings.find((f: any) => f.ruleId === 'AwsSolutions-APIG4');
    expect(apig4).toEqual(expect.objectContaining({ pack: 'AWS Solutions', info: 'The API does not implement authorization.' }));
    expect(apig4.explanation).toContain('authentication and authorization');
    expect(apig4.fix).toContain('RULES.md');
    // The Lambda function serves the API's integrations only, so its findings group under the API.
    const l1 = report.findings.find((f: any) => f.resourceType === 'AWS::IAM::Role');
    expect(l1?.api).toBe(report.apis[0].id);
  });
});

/**
 * The same cloud assembly passes synth (with the pack registered) and the audit, or fails both:
 * aws-cdk-lib's report suggests acknowledging a plugin finding as `Portcullis::<rule id>`.
 */
describe('cdk-portcullis audit <cdk.out>: acknowledgements in the pack\'s plugin namespace', () => {
  function synthPublicRoute(reason: string): { outdir: string; synth: () => void } {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-ns-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new PortcullisChecks(app));
    const stack = new Stack(app, 'PublicStack');
    const api = new apigwv2.CfnApi(stack, 'Api', { name: 'public', protocolType: 'HTTP' });
    const route = new apigwv2.CfnRoute(stack, 'Health', { apiId: api.ref, routeKey: 'GET /health', authorizationType: 'NONE' });
    Validations.of(route).acknowledge({ id: 'Portcullis::Portcullis-RouteAuthorization', reason });
    return { outdir, synth: () => app.synth() };
  }

  test('honoured at synth, honoured by the audit', () => {
    const { outdir, synth } = synthPublicRoute('Public health check for the load balancer');
    try {
      synth();
      const { run, report } = runCliJson('audit', outdir);

      expect(run.status).toBe(0);
      expect(report.findings).toEqual([]);
      expect(report.acknowledged).toEqual([expect.objectContaining({ logicalId: 'Health', ruleId: 'Portcullis-RouteAuthorization', declaredOn: 'PublicStack/Health', suppressed: 1 })]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('with a short reason, synthesis fails', () => {
    const { outdir, synth } = synthPublicRoute('public');
    try {
      expect(synth).toThrow(/Portcullis-AcknowledgementReason\[Portcullis::Portcullis-RouteAuthorization\]/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
