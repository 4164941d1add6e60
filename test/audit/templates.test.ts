import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli, runCliJson } from './run-cli';

const INSECURE_YAML = path.join(FIXTURES, 'rest-api-insecure.yaml');
const COMPLIANT_JSON = path.join(FIXTURES, 'http-api-compliant.json');
const UNREASONED_ACK_JSON = path.join(FIXTURES, 'http-api-unreasoned-ack.json');

describe('cdk-portcullis audit <hand-written template>', () => {
  test('YAML with short-form intrinsics: findings grouped under the REST API, exit code 1', () => {
    const run = runCli('audit', INSECURE_YAML);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('## API orders-${Env} (`OrdersApi`, AWS::ApiGateway::RestApi)');
    expect(run.stdout).toContain('### ERROR `Portcullis-RouteAuthorization` on `ListOrders`');
    expect(run.stdout).toContain('### ERROR `Portcullis-RestWaf` on `ProdStage`');
    expect(run.stdout).toContain('### ERROR `Portcullis-DomainTlsPolicy` on `OrdersDomain`');
    expect(run.stdout).toContain('- **Resource:** `OrdersDomain` (AWS::ApiGateway::DomainName)');
    expect(run.stdout).toContain('- **Why it matters:** TLS 1.0 and 1.1 are deprecated');
    expect(run.stdout).toContain('- **Fix:** On a `GatewayDomain`, leave `securityPolicy` out');
    expect(run.stdout).toMatch(/\| `Portcullis-RestWaf` \| error \| 1 \|/);
  });

  test('Metadata.cdk_nag.rules_to_suppress is honoured and listed', () => {
    const { run, report } = runCliJson('audit', INSECURE_YAML);

    expect(run.status).toBe(1);
    expect(report.findings.map((f: any) => f.ruleId)).not.toContain('Portcullis-RestDataTrace');
    expect(report.acknowledged).toEqual([{
      template: 'rest-api-insecure.yaml',
      logicalId: 'ProdStage',
      cdkPath: null,
      ruleId: 'Portcullis-RestDataTrace',
      reason: 'Data tracing is on for a one-week debugging session (ticket OPS-42).',
      source: 'template-metadata',
      declaredOn: 'ProdStage',
      suppressed: 1,
    }]);
    const markdown = runCli('audit', INSECURE_YAML).stdout;
    expect(markdown).toContain('| `ProdStage` | `Portcullis-RestDataTrace` | Data tracing is on for a one-week debugging session (ticket OPS-42). | template metadata of `ProdStage` | 1 |');
  });

  test('--json groups every finding by API, including resources tied through references', () => {
    const { report } = runCliJson('audit', INSECURE_YAML);

    const byResource = Object.fromEntries(report.findings.map((f: any) => [`${f.logicalId} ${f.ruleId}`, f.api]));
    expect(byResource).toEqual({
      'ListOrders Portcullis-RouteAuthorization': 'OrdersApi',
      'OrdersApi Portcullis-DefaultEndpointDisabled': 'OrdersApi',
      'OrdersApi Portcullis-RestApiTlsPolicy': 'OrdersApi',
      // The domain is tied to the API through its base-path mapping.
      'OrdersDomain Portcullis-DomainTlsPolicy': 'OrdersApi',
      // The permission is tied to the API through its SourceArn; it has no SourceAccount (a warning).
      'OrdersInvokePermission Portcullis-LambdaPermissionSourceAccount': 'OrdersApi',
      'ProdStage Portcullis-AccessLogs[missing]': 'OrdersApi',
      'ProdStage Portcullis-RestTracing': 'OrdersApi',
      'ProdStage Portcullis-RestWaf': 'OrdersApi',
      'ProdStage Portcullis-StageThrottling': 'OrdersApi',
    });
    expect(report.summary).toEqual(expect.objectContaining({ errors: 8, warnings: 1, exitCode: 1 }));
  });

  test('resources not tied to an API are listed under "Other resources"', () => {
    const { report } = runCliJson('audit', INSECURE_YAML, '--packs', 'aws-solutions');

    const apisOf = (logicalId: string) => new Set(report.findings.filter((f: any) => f.logicalId === logicalId).map((f: any) => f.api));
    expect(apisOf('ReportsBucket')).toEqual(new Set([null]));
    // The function behind the integration and its permission belong to the API.
    expect(apisOf('OrdersFunction')).toEqual(new Set(['OrdersApi']));
    expect(runCli('audit', INSECURE_YAML, '--packs', 'aws-solutions').stdout).toContain('## Other resources');
  });

  test('compliant JSON template: no findings, exit code 0', () => {
    const run = runCli('audit', COMPLIANT_JSON);

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('## API catalog (`CatalogApi`, AWS::ApiGatewayV2::Api)');
    expect(run.stdout).toContain('No findings.');
    expect(run.stdout).toContain('0 errors, 0 warnings');
  });

  test('a folder of templates audits each one; non-template JSON files are skipped', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-folder-'));
    try {
      fs.copyFileSync(INSECURE_YAML, path.join(dir, 'orders.yml'));
      fs.copyFileSync(COMPLIANT_JSON, path.join(dir, 'catalog.template'));
      fs.writeFileSync(path.join(dir, 'parameters.json'), JSON.stringify([{ ParameterKey: 'Env', ParameterValue: 'prod' }]));
      const { run, report } = runCliJson('audit', dir);

      expect(run.status).toBe(1);
      expect(report.templates.map((t: any) => t.template)).toEqual(['catalog.template', 'orders.yml']);
      expect(new Set(report.findings.map((f: any) => f.template))).toEqual(new Set(['orders.yml']));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a warning alone fails the audit, as it fails synth (a cdk-nag 3 plugin report fails on any violation)', () => {
    // AwsSolutions-VPC3 (a network ACL exists) is a warning-level rule.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-warn-'));
    try {
      const template = { Resources: { Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-0123456789abcdef0' } } } };
      const file = path.join(dir, 'acl.json');
      fs.writeFileSync(file, JSON.stringify(template));
      const { run, report } = runCliJson('audit', file, '--packs', 'aws-solutions');

      expect(report.summary.errors).toBe(0);
      expect(report.findings).toEqual([expect.objectContaining({ logicalId: 'Acl', ruleId: 'AwsSolutions-VPC3', level: 'warning', api: null })]);
      expect(run.status).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an acknowledgement without a reason, or with one under 10 characters, is rejected: the finding stays, exit code 1', () => {
    const { run, report } = runCliJson('audit', UNREASONED_ACK_JSON);

    expect(run.status).toBe(1);
    expect(report.findings.map((f: any) => `${f.logicalId} ${f.ruleId}`)).toEqual([
      'HealthRoute Portcullis-RouteAuthorization',
      'StatusRoute Portcullis-RouteAuthorization',
    ]);
    expect(report.acknowledged).toEqual([]);
    const rejection = { template: 'http-api-unreasoned-ack.json', cdkPath: null, ruleId: 'Portcullis-RouteAuthorization', source: 'template-metadata' };
    expect(report.rejectedAcknowledgements).toEqual([
      { ...rejection, logicalId: 'HealthRoute', declaredOn: 'HealthRoute', reason: '', problem: 'no reason given' },
      {
        ...rejection,
        logicalId: 'StatusRoute',
        declaredOn: 'StatusRoute',
        reason: 'public',
        problem: 'reason too short (6 visible characters; at least 10)',
      },
    ]);
    expect(report.summary).toEqual(expect.objectContaining({ errors: 2, acknowledged: 0, rejectedAcknowledgements: 2, exitCode: 1 }));

    const markdown = runCli('audit', UNREASONED_ACK_JSON);
    expect(markdown.status).toBe(1);
    expect(markdown.stdout).toContain('### ERROR `Portcullis-RouteAuthorization` on `HealthRoute`');
    expect(markdown.stdout).toContain('## Acknowledgements not honoured');
    expect(markdown.stdout).toContain(
      '| `HealthRoute` | `Portcullis-RouteAuthorization` | (no reason given) | template metadata of `HealthRoute` | no reason given |',
    );
    expect(markdown.stdout).toContain('| `StatusRoute` | `Portcullis-RouteAuthorization` | public | template metadata of `StatusRoute` |');
  });
});

describe('cdk-portcullis audit <hand-written template>: the ways around the gateway (issue 23)', () => {
  test('an open resource policy on an IAM API, a grantee anyone may assume, and a backend reachable around the gateway are errors', () => {
    const { run, report } = runCliJson('audit', path.join(FIXTURES, 'gateway-bypass.yaml'));

    expect(run.status).toBe(1);
    const found = report.findings.map((f: any) => `${f.logicalId} ${f.ruleId} ${f.level}`);
    expect(found).toEqual(expect.arrayContaining([
      'Api Portcullis-IamApiOpenPolicy error',
      'Caller Portcullis-InvokeGranteeTrust error',
      'BackendUrl Portcullis-BackendBypass[function-url] error',
      'BackendOpenPermission Portcullis-BackendBypass[any-principal] error',
    ]));
  });
});
