import * as path from 'path';
import { FIXTURES, runCli, runCliJson } from './run-cli';

/** `logicalId (type) ruleId @api` for each finding, in report order. */
function findingsOf(...args: string[]): { status: number; findings: string[]; report: any; stderr: string } {
  const { run, report } = runCliJson('audit', ...args);
  return {
    status: run.status,
    stderr: run.stderr,
    report,
    findings: report.findings.map((f: any) => `${f.logicalId} (${f.resourceType}) ${f.ruleId} @${f.api}`),
  };
}

const sam = (file: string) => path.join(FIXTURES, 'sam', file);

describe('cdk-portcullis audit: SAM templates, checked as SAM will deploy them', () => {
  test('SAM REST API with data tracing, no access log, no WAF, a public method: every finding, on the SAM resources, exit 1', () => {
    const run = findingsOf(sam('rest-api-insecure.yaml'));

    expect(run.findings).toEqual([
      'ListOrdersFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @OrdersApi',
      'ListOrdersFunction (AWS::Serverless::Function) Portcullis-RouteAuthorization @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-AccessLogs[missing] @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-RestDataTrace @OrdersApi',
      // The stage `Stage` SAM's deployment creates (no OpenApiVersion) has no execution logging.
      'OrdersApi (AWS::Serverless::Api) Portcullis-RestExecutionLogging @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-RestTracing @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-RestWaf @OrdersApi',
      'OrdersApi (AWS::Serverless::Api) Portcullis-StageThrottling @OrdersApi',
    ]);
    expect(run.report.findings[0].created).toEqual(['ListOrdersPermission (AWS::Lambda::Permission)']);
    expect(run.report.findings[1].created).toEqual(['GET /orders (AWS::ApiGateway::Method)']);
    expect(run.report.findings[2].created).toEqual(['stage Prod (AWS::ApiGateway::Stage)', 'stage Stage (AWS::ApiGateway::Deployment)']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    // The output's reference to the generated stage (OrdersApiProdStage) no longer stops the audit.
    expect(run.report.notAudited).toEqual([]);
  });

  test('SAM REST API with a Cognito default authorizer, throttling, execution logging, tracing, access logs, WAF on the generated stage and a TLS 1.2 domain: passes', () => {
    const run = findingsOf(sam('rest-api-secure.yaml'));

    expect(run.findings).toEqual([]);
    expect(run.status).toBe(0);
  });

  test('SAM HTTP APIs: JWT default authorizer, a route opted out, a Cognito route without scopes, an authorizer without audience', () => {
    const run = findingsOf(sam('http-api.yaml'));

    expect(run.findings).toEqual([
      'CatalogApi (AWS::Serverless::HttpApi) Portcullis-AccessLogs[missing] @CatalogApi',
      'CatalogApi (AWS::Serverless::HttpApi) Portcullis-StageThrottling @CatalogApi',
      'CatalogFunction (AWS::Serverless::Function) Portcullis-CognitoJwtScopes @CatalogApi',
      'CatalogFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @CatalogApi',
      'HealthFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @CatalogApi',
      'HealthFunction (AWS::Serverless::Function) Portcullis-RouteAuthorization @CatalogApi',
      'PartnerApi (AWS::Serverless::HttpApi) Portcullis-AccessLogs[missing] @PartnerApi',
      'PartnerApi (AWS::Serverless::HttpApi) Portcullis-JwtAudience @PartnerApi',
      'PartnerFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @PartnerApi',
    ]);
    expect(run.status).toBe(1);
  });

  test('implicit ServerlessRestApi and ServerlessHttpApi from function events, with Globals applied', () => {
    const run = findingsOf(sam('implicit-apis.yaml'));

    expect(run.findings).toEqual([
      'HelloFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @ServerlessRestApi',
      'HelloFunction (AWS::Serverless::Function) Portcullis-RouteAuthorization @ServerlessRestApi',
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-AccessLogs[missing] @ServerlessRestApi',
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @ServerlessRestApi',
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-RestExecutionLogging @ServerlessRestApi',
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-RestTracing @ServerlessRestApi',
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-RestWaf @ServerlessRestApi',
      // Globals set throttling for the Prod stage; the stage `Stage` SAM's deployment creates has none.
      'ServerlessRestApi (AWS::Serverless::Api) Portcullis-StageThrottling @ServerlessRestApi',
      'EchoFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @ServerlessHttpApi',
      'ServerlessHttpApi (AWS::Serverless::HttpApi) Portcullis-AccessLogs[missing] @ServerlessHttpApi',
      'ServerlessHttpApi (AWS::Serverless::HttpApi) Portcullis-StageThrottling @ServerlessHttpApi',
    ]);
    expect(run.report.apis.map((a: any) => `${a.id} ${a.type}`)).toEqual([
      'ServerlessRestApi AWS::Serverless::Api',
      'ServerlessHttpApi AWS::Serverless::HttpApi',
    ]);
    expect(run.status).toBe(1);
  });

  test('what cannot be decided on SAM input is [unresolved:…], never a pass', () => {
    const run = findingsOf(sam('unresolved.yaml'));

    expect(run.findings).toEqual([
      'ReportsApi (AWS::Serverless::Api) Portcullis-AccessLogs[missing] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-AuthorizerCacheKey[unresolved:Auth] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-JwtAudience[unresolved:Auth] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-JwtPublicIssuer[unresolved:Auth] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestDataTrace[unresolved:MethodSettings] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestExecutionLogging[unresolved:MethodSettings] @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestTracing @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestWaf @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-StageThrottling[unresolved:MethodSettings] @ReportsApi',
      'ReportsFunction (AWS::Serverless::Function) Portcullis-CognitoJwtScopes[unresolved:AuthorizationType] @ReportsApi',
      'ReportsFunction (AWS::Serverless::Function) Portcullis-LambdaPermissionSourceAccount @ReportsApi',
      'ReportsFunction (AWS::Serverless::Function) Portcullis-RouteAuthorization[unresolved:AuthorizationType] @ReportsApi',
    ]);
    expect(run.status).toBe(1);
  });
});

describe('cdk-portcullis audit: quick-create HTTP APIs', () => {
  test('the $default route and stage CloudFormation creates are reported on the API', () => {
    const run = findingsOf(path.join(FIXTURES, 'quick-create-http-api.yaml'));

    expect(run.findings).toEqual([
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-AccessLogs[missing] @QuickApi',
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-RouteAuthorization @QuickApi',
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-StageThrottling @QuickApi',
    ]);
    expect(run.report.findings.map((f: any) => f.created)).toEqual([
      ['stage $default (AWS::ApiGatewayV2::Stage)'],
      ['$default (AWS::ApiGatewayV2::Route)'],
      ['stage $default (AWS::ApiGatewayV2::Stage)'],
    ]);
    expect(run.status).toBe(1);
  });
});

describe('cdk-portcullis audit: a folder is audited file by file', () => {
  const estate = path.join(FIXTURES, 'estate');

  test('what loads is audited; what does not is listed in notAudited[] with its reason; exit code 2', () => {
    const run = findingsOf(estate);

    expect(run.report.templates.map((t: any) => t.template)).toEqual(['api.yaml', 'platform.yaml']);
    expect(run.findings).toEqual([
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-AccessLogs[missing] @QuickApi',
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-RouteAuthorization @QuickApi',
      'QuickApi (AWS::ApiGatewayV2::Api) Portcullis-StageThrottling @QuickApi',
    ]);
    expect(run.report.notAudited).toEqual([
      {
        template: 'broken.json',
        kind: 'template',
        logicalId: null,
        resourceType: null,
        reason: 'cannot load the template: ApiGatewayMethod1 (AWS::ApiGateway::Method) is missing required property HttpMethod',
      },
      {
        template: 'platform.yaml',
        kind: 'nested-stack',
        logicalId: 'NetworkStack',
        resourceType: 'AWS::CloudFormation::Stack',
        reason: 'nested stack whose template (https://s3.amazonaws.com/templates-bucket/network.yaml) is not among the audited files: audit that template too',
      },
      {
        template: 'platform.yaml',
        kind: 'custom-resource',
        logicalId: 'SeedData',
        resourceType: 'Custom::SeedData',
        reason: 'custom resource: what its provider creates or changes is not in the template, so it is not audited',
      },
      {
        template: 'serverless.yml',
        kind: 'serverless-framework',
        logicalId: null,
        resourceType: null,
        reason: 'a Serverless Framework service file, not a CloudFormation template: run `serverless package` and audit the compiled template it writes, `.serverless/cloudformation-template-update-stack.json`',
      },
    ]);
    expect(run.report.summary).toEqual(expect.objectContaining({ errors: 3, notAudited: 4, exitCode: 2 }));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('cdk-portcullis audit: not audited: broken.json, NetworkStack in platform.yaml, serverless.yml (see the report)\n');
  });

  test('the Markdown report lists what was not audited and says the result is incomplete', () => {
    const run = runCli('audit', estate);

    expect(run.status).toBe(2);
    expect(run.stdout).toContain('incomplete: not every input was audited (exit code 2)');
    expect(run.stdout).toContain('## Not audited');
    expect(run.stdout).toContain('| `serverless.yml` | — | a Serverless Framework service file, not a CloudFormation template: run `serverless package`');
    expect(run.stdout).toContain('| `platform.yaml` | `SeedData` (Custom::SeedData) | custom resource:');
    expect(run.stdout.endsWith('\n')).toBe(true);
  });

  test('a custom resource alone is listed but does not change the exit code', () => {
    const { run, report } = runCliJson('audit', path.join(FIXTURES, 'custom-resource.yaml'));
    expect(report.notAudited).toEqual([expect.objectContaining({ kind: 'custom-resource', logicalId: 'SeedData' })]);
    expect(report.findings).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe('cdk-portcullis audit: OpenAPI definitions', () => {
  const openapi = (file: string) => path.join(FIXTURES, 'openapi', file);

  test('an OpenAPI document given as the input says what to audit instead; nothing audited is exit code 2', () => {
    const { run, report } = runCliJson('audit', openapi('orders-openapi.yaml'));

    expect(report.notAudited).toEqual([expect.objectContaining({
      template: 'orders-openapi.yaml',
      kind: 'not-a-template',
      reason: expect.stringMatching(/^an OpenAPI definition, not a CloudFormation template: audit the template whose API uses it/),
    })]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no CloudFormation template was audited/);
  });

  test('REST API body: operations without an authenticating security requirement, a REQUEST authorizer cached on no credential', () => {
    const run = findingsOf(openapi('rest-api-body.yaml'));

    expect(run.findings).toEqual([
      'ShopApi (AWS::ApiGateway::RestApi) Portcullis-AuthorizerCacheKey @ShopApi',
      'ShopApi (AWS::ApiGateway::RestApi) Portcullis-RestApiTlsPolicy @ShopApi',
      'ShopApi (AWS::ApiGateway::RestApi) Portcullis-RouteAuthorization @ShopApi',
    ]);
    // Each finding names what in the body is at fault.
    expect(run.report.findings.map((f: any) => f.created)).toEqual([
      ['authorizer tenant (AWS::ApiGateway::Authorizer)'],
      [],
      ['GET /public (AWS::ApiGateway::Method)', 'GET /items (AWS::ApiGateway::Method)', 'GET /keyed (AWS::ApiGateway::Method)'],
    ]);
    expect(runCli('audit', openapi('rest-api-body.yaml')).stdout).toContain(
      '- **Created by it:** `GET /public` (AWS::ApiGateway::Method), `GET /items` (AWS::ApiGateway::Method), `GET /keyed` (AWS::ApiGateway::Method)',
    );
    expect(run.status).toBe(1);
  });

  test('HTTP API body: an x-amazon-apigateway-authorizer JWT without audience is checked like a declared one', () => {
    const run = findingsOf(openapi('http-api-body.yaml'));

    expect(run.findings).toEqual(['PartnerApi (AWS::ApiGatewayV2::Api) Portcullis-JwtAudience @PartnerApi']);
    expect(run.status).toBe(1);
  });

  test('a body in S3 or included by a transform is one unresolved finding per API (RouteAuthorization), never passed', () => {
    const run = findingsOf(openapi('unreadable.yaml'));

    expect(run.findings).toEqual([
      'S3Api (AWS::ApiGateway::RestApi) Portcullis-RouteAuthorization[unresolved:BodyS3Location] @S3Api',
      'IncludedApi (AWS::ApiGatewayV2::Api) Portcullis-RouteAuthorization[unresolved:Body] @IncludedApi',
    ]);
  });
});
