import { auditFindings, createdFor, samFixture } from './sam-findings';

describe("cdk-portcullis audit: SAM's implicit `Stage` stage (OpenApiVersion unset)", () => {
  const run = auditFindings(samFixture('extra-stage.yaml'));

  test('is reported unthrottled, unlogged, untraced and without WAF, on the SAM API', () => {
    expect(run.findings.filter((f) => f.startsWith('LegacyApi '))).toEqual([
      'LegacyApi (AWS::Serverless::Api) Portcullis-AccessLogs[missing] @LegacyApi',
      // No Contributor Insights rule reads the configured stage's access log (the fixture has none).
      'LegacyApi (AWS::Serverless::Api) Portcullis-DenialSignal @LegacyApi',
      'LegacyApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @LegacyApi',
      'LegacyApi (AWS::Serverless::Api) Portcullis-RestExecutionLogging @LegacyApi',
      'LegacyApi (AWS::Serverless::Api) Portcullis-RestTracing @LegacyApi',
      'LegacyApi (AWS::Serverless::Api) Portcullis-RestWaf @LegacyApi',
      'LegacyApi (AWS::Serverless::Api) Portcullis-StageThrottling @LegacyApi',
    ]);
    expect(createdFor(run.report, 'LegacyApi', 'Portcullis-StageThrottling')).toEqual(['stage Stage (AWS::ApiGateway::Deployment)']);
  });

  test('with OpenApiVersion set there is no such stage', () => {
    expect(run.findings.filter((f) => f.startsWith('ModernApi '))).toEqual([
      'ModernApi (AWS::Serverless::Api) Portcullis-DenialSignal @ModernApi',
      'ModernApi (AWS::Serverless::Api) Portcullis-RestApiTlsPolicy @ModernApi',
    ]);
  });
});
