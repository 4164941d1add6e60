import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { FIXTURES, runCli } from './run-cli';
import { githubCodeScanningProblems, multitoolProblems } from './sarif-validation';
import { routeLine, synthShopApp } from './shop-app';
import { ShowcaseStack } from '../../bin/showcase-stack';
import { SARIF_FINGERPRINT_KEY } from '../../lib/audit/fingerprint';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';

function sarifOf(...args: string[]): { status: number; log: any; text: string } {
  const run = runCli('audit', ...args, '--format', 'sarif');
  expect(run.stderr).toBe('');
  return { status: run.status, log: JSON.parse(run.stdout), text: run.stdout };
}

describe('cdk-portcullis audit --format sarif: a CDK app with findings', () => {
  let outdir: string;
  beforeAll(() => { outdir = synthShopApp(['/orders']); });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('validates: the 2.1.0 schema and the SARIF and GitHub rules of the SARIF Multitool, and GitHub code scanning\'s subset', () => {
    const { status, log, text } = sarifOf(outdir);
    expect(status).toBe(1);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(multitoolProblems(text)).toEqual([]);
    expect(githubCodeScanningProblems(log)).toEqual([]);
  });

  test('one run: the Portcullis catalogue as rules with help and a link, results with rule, level, message and logical locations', () => {
    const { log } = sarifOf(outdir);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('cdk-portcullis');
    expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual(PortcullisChecks.RULES.map((r) => r.id));
    const routeAuthorization = run.tool.driver.rules.find((r: any) => r.id === 'Portcullis-RouteAuthorization');
    expect(routeAuthorization.helpUri).toBe('https://github.com/portcullis-dev/cdk-portcullis/blob/main/lib/nag/RULES.md#portcullis-routeauthorization');
    expect(routeAuthorization.help.text).toContain('RouteAuthorization.publicAccess(reason)');
    expect(routeAuthorization.defaultConfiguration).toEqual({ level: 'error' });

    const result = run.results.find((r: any) => r.ruleId === 'Portcullis-RouteAuthorization');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('Portcullis-RouteAuthorization');
    expect(result.level).toBe('error');
    expect(result.message.text).toMatch(/^The route or method has no authorization .* On ShopApiGETorders[0-9A-F]{8} \(AWS::ApiGatewayV2::Route, ShopStack\/ShopApi\/GET--orders\/Resource\)\./);
    expect(result.locations[0].logicalLocations).toEqual([
      { name: 'ShopStack', fullyQualifiedName: 'ShopStack', kind: 'module' },
      { name: 'GET--orders/Resource', fullyQualifiedName: 'ShopStack/ShopApi/GET--orders/Resource', kind: 'namespace' },
      { name: expect.stringMatching(/^ShopApiGETorders[0-9A-F]{8}$/), fullyQualifiedName: expect.stringMatching(/^ShopStack\.ShopApiGETorders/), kind: 'resource' },
    ]);
  });

  test('physical locations: the app\'s source line from aws:cdk:creationStack first, the resource\'s line in the template related', () => {
    const { log } = sarifOf(outdir);
    const result = log.runs[0].results.find((r: any) => r.ruleId === 'Portcullis-RouteAuthorization');
    // Relative to the directory the audit ran in (a CI checkout's root), so code scanning can annotate the file.
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'test/audit/shop-app.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: routeLine(), startColumn: expect.any(Number) },
    });
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${process.cwd()}/`);
    const template = path.join(outdir, 'ShopStack.template.json');
    const logicalId = result.properties.logicalId;
    const line = fs.readFileSync(template, 'utf-8').split('\n').findIndex((l) => l.startsWith(`  "${logicalId}": {`)) + 1;
    expect(line).toBeGreaterThan(1);
    // The cdk.out is outside the checkout here: an absolute file: URI.
    expect(result.relatedLocations).toEqual([{
      id: 1,
      physicalLocation: { artifactLocation: { uri: `file://${template}` }, region: { startLine: line } },
      message: { text: `${logicalId} (AWS::ApiGatewayV2::Route) in the template` },
    }]);
  });

  test('partialFingerprints are stable: the same app synthesized again, and with an unrelated route added, gives the same fingerprints', () => {
    const fingerprints = (dir: string) => new Map<string, string>(sarifOf(dir).log.runs[0].results
      .map((r: any) => [`${r.properties.findingId} ${r.properties.cdkPath}`, r.partialFingerprints[SARIF_FINGERPRINT_KEY]]));
    const first = fingerprints(outdir);
    const again = synthShopApp(['/orders']);
    const more = synthShopApp(['/orders', '/cart']);
    try {
      expect(fingerprints(again)).toEqual(first);
      const withCart = fingerprints(more);
      for (const [key, print] of first) expect(withCart.get(key)).toBe(print);
      expect(withCart.size).toBeGreaterThan(first.size);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
      fs.rmSync(more, { recursive: true, force: true });
    }
  });
});

test('the showcase\'s audit with every pack validates; with the default pack, acknowledgements of the other packs are not listed', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-sarif-'));
  try {
    const app = new App({ outdir });
    new ShowcaseStack(app, 'PortcullisShowcase');
    app.synth();
    const { status, log, text } = sarifOf(outdir, '--packs', 'all');
    expect(status).toBe(0);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations).toEqual([{ executionSuccessful: true, exitCode: 0, toolExecutionNotifications: [] }]);
    expect(multitoolProblems(text)).toEqual([]);
    expect(githubCodeScanningProblems(log)).toEqual([]);

    // The showcase acknowledges AwsSolutions-IAM5[Resource::*]: the `::` in the detail is not a pack namespace.
    const json = JSON.parse(runCli('audit', outdir, '--json').stdout);
    expect(json.packs).toEqual(['Portcullis']);
    expect(json.acknowledged.filter((a: any) => !a.ruleId.startsWith('Portcullis-'))).toEqual([]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});

// Third-party templates: hand-written YAML and JSON, SAM, OpenAPI bodies, an estate with files that do not load.
test.each(['.', 'sam', 'openapi', 'estate'])('the SARIF of the fixture folder %s validates, with what was not audited as notifications', (folder) => {
  const run = runCli('audit', path.join(FIXTURES, folder), '--format', 'sarif', '--packs', 'portcullis,aws-solutions');
  const log = JSON.parse(run.stdout);
  expect(log.runs[0].results.length).toBeGreaterThan(0);
  expect(multitoolProblems(run.stdout)).toEqual([]);
  expect(githubCodeScanningProblems(log)).toEqual([]);
  const invocation = log.runs[0].invocations[0];
  expect(invocation.exitCode).toBe(run.status);
  const json = JSON.parse(runCli('audit', path.join(FIXTURES, folder), '--json', '--packs', 'portcullis,aws-solutions').stdout);
  expect(invocation.toolExecutionNotifications).toHaveLength(json.notAudited.length);
  expect(log.runs[0].results).toHaveLength(json.findings.length);
});

// Public third-party SAM templates (test/audit/sam-corpus, SOURCES.md there): the whole folder in one run.
test('the SARIF of the public SAM corpus validates', () => {
  const corpus = path.join(__dirname, 'sam-corpus');
  const run = runCli('audit', corpus, '--format', 'sarif');
  const log = JSON.parse(run.stdout);
  expect(log.runs[0].results.length).toBeGreaterThan(100);
  expect(multitoolProblems(run.stdout)).toEqual([]);
  expect(githubCodeScanningProblems(log)).toEqual([]);
  expect(log.runs[0].invocations[0].exitCode).toBe(run.status);
});

describe('the CLI options', () => {
  test('--version prints the package version', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = require('../../package.json').version;
    expect(runCli('--version')).toEqual({ status: 0, stdout: `cdk-portcullis ${version}\n`, stderr: '' });
  });

  test.each([
    [['--format', 'xml'], "cdk-portcullis audit: --format: unknown format 'xml' (known: markdown, json, sarif)\n"],
    [['--json', '--format', 'sarif'], 'cdk-portcullis audit: --json and --format sarif contradict each other: give one\n'],
    [['--fail-on', 'info'], "cdk-portcullis audit: --fail-on: unknown level 'info' (known: error, warning, never)\n"],
  ])('bad usage %j: one line on stderr, exit code 2', (args, stderr) => {
    expect(runCli('audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), ...args)).toEqual({ status: 2, stdout: '', stderr });
  });

  test('the inventory refuses the audit\'s options', () => {
    expect(runCli('inventory', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--format', 'sarif')).toEqual({
      status: 2, stdout: '', stderr: 'cdk-portcullis inventory: --format applies to the audit, not the inventory\n',
    });
  });
});

test('the validation catches what it should: a schema violation and a result without a location', () => {
  const broken = { version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ ruleId: 'X', message: { text: 'x' } }] }] };
  expect(multitoolProblems(JSON.stringify(broken))).toContainEqual(expect.objectContaining({ ruleId: 'JSON1002', level: 'error' }));
  expect(githubCodeScanningProblems(broken)).toEqual(expect.arrayContaining([
    'runs[0].tool.driver.name is required',
    'runs[0].results[0].locations: 1 to 1,000',
  ]));
});
