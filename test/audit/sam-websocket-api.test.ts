import { auditFindings, createdFor, samFixture } from './sam-findings';

describe('cdk-portcullis audit: AWS::Serverless::WebSocketApi, modelled as SAM 1.110 expands it', () => {
  const run = auditFindings(samFixture('websocket-api.yaml'));

  test('an unauthenticated $connect, no access logs and no throttling are reported on the WebSocket API, exit 1', () => {
    expect(run.findings.filter((f) => f.startsWith('OpenWs '))).toEqual([
      'OpenWs (AWS::Serverless::WebSocketApi) Portcullis-AccessLogs[missing] @OpenWs',
      'OpenWs (AWS::Serverless::WebSocketApi) Portcullis-LambdaPermissionSourceAccount @OpenWs',
      'OpenWs (AWS::Serverless::WebSocketApi) Portcullis-RouteAuthorization @OpenWs',
      'OpenWs (AWS::Serverless::WebSocketApi) Portcullis-StageThrottling @OpenWs',
    ]);
    // SAM names the stage `default` (<Api>DefaultStage) and the routes <Api><Key>Route.
    expect(createdFor(run.report, 'OpenWs', 'Portcullis-RouteAuthorization')).toEqual(['$connect (AWS::ApiGatewayV2::Route)']);
    expect(createdFor(run.report, 'OpenWs', 'Portcullis-AccessLogs[missing]')).toEqual(['stage default (AWS::ApiGatewayV2::Stage)']);
    expect(run.status).toBe(1);
  });

  test('Auth CUSTOM authorizes $connect; the stage settings (throttling, access logs) are read from the SAM properties', () => {
    expect(run.findings.filter((f) => f.startsWith('SecureWs '))).toEqual([
      'SecureWs (AWS::Serverless::WebSocketApi) Portcullis-AccessLogs[log-group-kms] @SecureWs',
      'SecureWs (AWS::Serverless::WebSocketApi) Portcullis-AccessLogs[log-group-retention-short] @SecureWs',
      // No Contributor Insights rule reads the stage's access log (the fixture has none).
      'SecureWs (AWS::Serverless::WebSocketApi) Portcullis-DenialSignal @SecureWs',
      'SecureWs (AWS::Serverless::WebSocketApi) Portcullis-LambdaPermissionSourceAccount @SecureWs',
    ]);
    // The authorizer's invoke permission SAM adds (no InvokeRole) is checked like the routes' permissions.
    expect(createdFor(run.report, 'SecureWs', 'Portcullis-LambdaPermissionSourceAccount')).toContain('SecureWsAuthorizerPermission (AWS::Lambda::Permission)');
  });

  test('Auth AWS_IAM authorizes $connect', () => {
    expect(run.findings.filter((f) => f.startsWith('IamWs ') && f.includes('RouteAuthorization'))).toEqual([]);
  });

  test('`!Ref <WebSocketApi>.Stage` and `${<WebSocketApi>.Stage}` are accepted', () => {
    expect(run.report.notAudited).toEqual([]);
    expect(run.report.apis.map((a: any) => `${a.id} ${a.type}`)).toEqual([
      'OpenWs AWS::Serverless::WebSocketApi',
      'SecureWs AWS::Serverless::WebSocketApi',
      'IamWs AWS::Serverless::WebSocketApi',
    ]);
  });
});
