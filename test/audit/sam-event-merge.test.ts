import { auditFindings, createdFor, samFixture } from './sam-findings';

describe('cdk-portcullis audit: function events merged into APIs as SAM merges them', () => {
  const run = auditFindings(samFixture('event-merge.yaml'));
  const methodFindings = (ruleId: string) => run.report.findings
    .filter((f: any) => f.ruleId === ruleId)
    .flatMap((f: any) => f.created.filter((c: string) => / \(AWS::ApiGateway(V2)?::(Method|Route)\)$/.test(c)).map((c: string) => `${f.logicalId}: ${c}`));

  test('an Api event on a plain AWS::ApiGateway::RestApi creates no method, only its permission', () => {
    expect(methodFindings('Portcullis-RouteAuthorization').filter((m: string) => m.includes('/plain'))).toEqual([]);
    expect(createdFor(run.report, 'OrdersFunction', 'Portcullis-LambdaPermissionSourceAccount')).toContain('PlainPermission (AWS::Lambda::Permission)');
  });

  test('a DefinitionBody SAM does not manage keeps its own methods and security; events add none', () => {
    // GET /orders is the body's, IAM-protected; POST /orders exists only in an event, so SAM never creates it.
    expect(methodFindings('Portcullis-RouteAuthorization').filter((m: string) => m.includes('/orders (AWS::ApiGateway::Method)'))).toEqual([]);
  });

  test('MergeDefinitions: the event and the body method are one method, one finding', () => {
    expect(methodFindings('Portcullis-RouteAuthorization').filter((m: string) => m.includes('/items'))).toEqual([
      'OrdersFunction: GET /items (AWS::ApiGateway::Method)',
    ]);
  });

  test('an HttpApi event is added to the HTTP API DefinitionBody, next to the body routes', () => {
    expect(methodFindings('Portcullis-RouteAuthorization').filter((m: string) => m.includes('AWS::ApiGatewayV2::Route'))).toEqual([
      'OrdersFunction: GET /orders (AWS::ApiGatewayV2::Route)',
      'Http: GET /health (AWS::ApiGatewayV2::Route)',
    ]);
    expect(run.status).toBe(1);
  });
});
