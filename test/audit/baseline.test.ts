import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './run-cli';
import { synthShopApp } from './shop-app';
import { AuditResult, Finding } from '../../lib/audit/audit-result';
import { exitCodeOf } from '../../lib/audit/exit-code';

let work: string;
beforeEach(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-baseline-')); });
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function json(run: { stdout: string }): any {
  return JSON.parse(run.stdout);
}

describe('a CDK app adopting the audit with a baseline', () => {
  test('a baseline written today makes the same audit exit 0; a new open route fails it, and only the new route\'s findings fail', () => {
    const baseline = path.join(work, 'baseline.json');
    const today = synthShopApp(['/orders'], path.join(work, 'today'));
    // Without a baseline the estate fails.
    expect(runCli('audit', today).status).toBe(1);
    // Writing the baseline records today's findings; that run passes.
    const written = runCli('audit', today, '--write-baseline', baseline);
    expect(written.status).toBe(0);
    const file = JSON.parse(fs.readFileSync(baseline, 'utf-8'));
    expect(file.entries.map((e: any) => `${e.rule} ${e.resource}`)).toEqual(expect.arrayContaining([
      'Portcullis-RouteAuthorization ShopStack/ShopApi/GET--orders/Resource',
      'Portcullis-StageThrottling ShopStack/ShopApi/DefaultStage/Resource',
    ]));

    // Tomorrow, unchanged (synthesized again): exit 0, every finding baselined, none stale.
    const tomorrow = synthShopApp(['/orders'], path.join(work, 'tomorrow'));
    const same = runCli('audit', tomorrow, '--baseline', baseline, '--json');
    expect(same.status).toBe(0);
    expect(json(same).baseline).toEqual({ file: baseline, baselined: json(same).findings.length, new: 0, stale: [] });
    expect(json(same).summary.exitCode).toBe(0);

    // A new open route: its findings are new and fail the run; the old ones stay baselined.
    const opened = synthShopApp(['/orders', '/admin'], path.join(work, 'opened'));
    const run = runCli('audit', opened, '--baseline', baseline, '--json');
    expect(run.status).toBe(1);
    const report = json(run);
    const fresh = report.findings.filter((f: any) => !f.baselined).map((f: any) => `${f.ruleId} ${f.cdkPath}`);
    expect(fresh).toEqual(expect.arrayContaining(['Portcullis-RouteAuthorization ShopStack/ShopApi/GET--admin/Resource']));
    expect(fresh.every((f: string) => f.includes('GET--admin'))).toBe(true);
    expect(report.baseline.new).toBe(fresh.length);
    expect(report.summary.exitCode).toBe(1);

    const markdown = runCli('audit', opened, '--baseline', baseline).stdout;
    expect(markdown).toContain(`- **Baseline:** \`${baseline}\`: ${report.baseline.baselined} findings baselined (reported, not failing), ${fresh.length} new; every baseline entry still occurs`);
    expect(markdown).toMatch(/### ERROR `Portcullis-RouteAuthorization` on `ShopApiGETorders[0-9A-F]{8}` \(baselined\)/);
    expect(markdown).toMatch(/### ERROR `Portcullis-RouteAuthorization` on `ShopApiGETadmin[0-9A-F]{8}`\n/);

    // In SARIF, new results are `new` and baselined ones `unchanged`.
    const sarif = JSON.parse(runCli('audit', opened, '--baseline', baseline, '--format', 'sarif').stdout);
    const states = sarif.runs[0].results.map((r: any) => `${r.baselineState} ${r.properties.cdkPath}`);
    expect(states).toContain('new ShopStack/ShopApi/GET--admin/Resource');
    expect(states).toContain('unchanged ShopStack/ShopApi/GET--orders/Resource');
  });

  test('a fixed finding: the baseline entries that no longer occur are listed so they can be removed', () => {
    const baseline = path.join(work, 'baseline.json');
    runCli('audit', synthShopApp(['/orders', '/admin'], path.join(work, 'before')), '--write-baseline', baseline);
    const after = synthShopApp(['/orders'], path.join(work, 'after'));
    const run = runCli('audit', after, '--baseline', baseline, '--json');
    expect(run.status).toBe(0);
    const stale = json(run).baseline.stale;
    expect(stale.map((e: any) => `${e.rule} ${e.resource}`)).toEqual(expect.arrayContaining(['Portcullis-RouteAuthorization ShopStack/ShopApi/GET--admin/Resource']));
    expect(stale.every((e: any) => e.resource.includes('GET--admin'))).toBe(true);
    expect(runCli('audit', after, '--baseline', baseline).stdout).toMatch(/baseline entries no longer occur \(fixed: remove them, or write the baseline again\)\n {2}- `Portcullis-/);
  });
});

describe('hand-written templates', () => {
  test('findings are matched by fingerprint, not by line: lines added above do not matter, a new open method does', () => {
    const baseline = path.join(work, 'baseline.json');
    const original = fs.readFileSync(path.join(FIXTURES, 'rest-api-insecure.yaml'), 'utf-8');
    const template = path.join(work, 'rest-api-insecure.yaml');
    fs.writeFileSync(template, original);
    expect(runCli('audit', template, '--write-baseline', baseline).status).toBe(0);

    fs.writeFileSync(template, `# Reviewed in the migration ticket.\n# Every line below moved down.\n${original}`);
    expect(runCli('audit', template, '--baseline', baseline).status).toBe(0);

    const method = [
      '  DeleteOrders:',
      '    Type: AWS::ApiGateway::Method',
      '    Properties:',
      '      RestApiId: !Ref OrdersApi',
      '      ResourceId: !Ref OrdersResource',
      '      HttpMethod: DELETE',
      '      AuthorizationType: NONE',
      '      Integration: { Type: MOCK }',
      '',
    ].join('\n');
    fs.writeFileSync(template, original.replace(/^Resources:\n/m, `Resources:\n${method}`));
    const run = runCli('audit', template, '--baseline', baseline, '--json');
    expect(run.status).toBe(1);
    expect(json(run).findings.filter((f: any) => !f.baselined).map((f: any) => `${f.ruleId} ${f.logicalId}`)).toEqual(['Portcullis-RouteAuthorization DeleteOrders']);
  });

  test('a new unauthenticated operation in an OpenAPI body is a new finding, though the finding\'s resource (the API) is the same', () => {
    const baseline = path.join(work, 'baseline.json');
    const original = fs.readFileSync(path.join(FIXTURES, 'openapi', 'rest-api-body.yaml'), 'utf-8');
    const template = path.join(work, 'rest-api-body.yaml');
    fs.writeFileSync(template, original);
    expect(runCli('audit', template, '--write-baseline', baseline).status).toBe(0);
    expect(runCli('audit', template, '--baseline', baseline).status).toBe(0);

    const operation = '          /export:\n            get:\n              x-amazon-apigateway-integration: { type: mock }\n';
    fs.writeFileSync(template, original.replace(/^ {8}paths:\n/m, (m) => `${m}${operation}`));
    const run = runCli('audit', template, '--baseline', baseline, '--json');
    expect(run.status).toBe(1);
    const fresh = json(run).findings.filter((f: any) => !f.baselined);
    expect(fresh.map((f: any) => f.ruleId)).toContain('Portcullis-RouteAuthorization');
    expect(fresh.find((f: any) => f.ruleId === 'Portcullis-RouteAuthorization').created).toContain('GET /export (AWS::ApiGateway::Method)');
  });

  test.each([
    ['a missing file', (dir: string) => path.join(dir, 'none.json'), /^cdk-portcullis audit: --baseline .*none\.json: cannot read the file \(ENOENT\)\n$/],
    ['not JSON', (dir: string) => { fs.writeFileSync(path.join(dir, 'b.json'), 'entries: []'); return path.join(dir, 'b.json'); }, /: not JSON .*; write one with --write-baseline\n$/],
    ['another document', (dir: string) => { fs.writeFileSync(path.join(dir, 'b.json'), '{"version":1}'); return path.join(dir, 'b.json'); }, /: not a cdk-portcullis baseline/],
  ])('--baseline with %s: one line on stderr, exit code 2, no report', (_what, make, stderr) => {
    const run = runCli('audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--baseline', make(work));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(stderr);
  });
});

describe('--fail-on', () => {
  const finding = (level: 'error' | 'warning'): Finding => ({
    template: 't.json',
    logicalId: 'R',
    resourceType: 'AWS::ApiGatewayV2::Route',
    ruleId: `Test-${level}`,
    pack: 'Test',
    level,
    info: '',
    explanation: '',
    fix: '',
    created: [],
  });
  const result = (...findings: Finding[]): AuditResult => ({
    path: 't.json',
    packs: ['Test'],
    templates: [{ template: 't.json', file: '/t.json', resourceCount: 1 }],
    apis: [],
    findings,
    acknowledged: [],
    rejectedAcknowledgements: [],
    notAudited: [],
    summary: { errors: findings.filter((f) => f.level === 'error').length, warnings: findings.filter((f) => f.level === 'warning').length, byRule: [] },
  });

  test('warning (the default) fails on errors and warnings, as synth does; error only on errors; never on none', () => {
    expect([undefined, 'warning', 'error', 'never'].map((failOn) => exitCodeOf(result(finding('warning')), { failOn: failOn as any }))).toEqual([1, 1, 0, 0]);
    expect([undefined, 'warning', 'error', 'never'].map((failOn) => exitCodeOf(result(finding('error')), { failOn: failOn as any }))).toEqual([1, 1, 1, 0]);
  });

  test('never still exits 2 when an input was not audited', () => {
    const notAudited: AuditResult = { ...result(), notAudited: [{ template: 'x.json', kind: 'template', reason: 'invalid JSON' }] };
    expect(exitCodeOf(notAudited, { failOn: 'never' })).toBe(2);
  });

  test('on the CLI: a template with errors passes with --fail-on never, and the report says so', () => {
    const run = runCli('audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--fail-on', 'never');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('— passes (exit code 0)');
    expect(run.stdout).toContain('- **Fails on:** nothing (`--fail-on never`)');
    expect(json(runCli('audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--fail-on', 'error', '--json')).summary).toMatchObject({ failOn: 'error', exitCode: 1 });
  });
});
