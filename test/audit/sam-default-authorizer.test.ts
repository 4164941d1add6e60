import { auditFindings, samFixture } from './sam-findings';

describe("cdk-portcullis audit: a SAM API's Auth applied to DefinitionBody paths as SAM applies it", () => {
  const run = auditFindings(samFixture('default-authorizer-body.yaml'));

  test('DefaultAuthorizer protects body methods; a method with its own authorizer keeps it; the API key adds no authentication', () => {
    // Only the stage settings, the TLS policy and the authorizer's invoke permission: no method finding.
    expect(run.findings.filter((f) => f.startsWith('ReportsApi ') && !/AccessLogs|Rest(ExecutionLogging|Tracing|Waf)|StageThrottling/.test(f))).toEqual([
      // The Lambda authorizer's invoke permission SAM adds.
      'ReportsApi (AWS::Serverless::Api) Portcullis-LambdaPermissionSourceAccount @ReportsApi',
      'ReportsApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @ReportsApi',
    ]);
  });

  test('Authorizer: NONE opts one event out of the default; the others take it', () => {
    expect(run.findings.filter((f) => f.includes('RouteAuthorization'))).toEqual([
      'ReportsFunction (AWS::Serverless::Function) Portcullis-RouteAuthorization @PublicApi',
    ]);
    const open = run.report.findings.find((f: any) => f.ruleId === 'Portcullis-RouteAuthorization');
    expect(open.created).toEqual(['GET /public (AWS::ApiGateway::Method)']);
  });

  test("the private API's ResourcePolicy.CustomStatements are its policy; the preflight answers the Authorization header", () => {
    expect(run.findings.filter((f) => /PrivateApiPolicy|Cors/.test(f))).toEqual([]);
    expect(run.status).toBe(1);
  });
});
