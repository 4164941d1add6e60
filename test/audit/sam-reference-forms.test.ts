import { auditFindings, samFixture } from './sam-findings';

describe('cdk-portcullis audit: every reference form SAM accepts to what it generates', () => {
  test('.Stage, .Deployment, .UsagePlan, .UsagePlanKey, .ApiKey, .Alias, .Version, generated ids in DependsOn: audited, not refused', () => {
    const run = auditFindings(samFixture('reference-forms.yaml'));

    expect(run.report.notAudited).toEqual([]);
    expect(run.stderr).toBe('');
    // The stage named `v1-beta` is SAM's ApiStage2817521297 (sha1 suffix); its findings are the API's.
    expect(run.findings).toContain('Api (AWS::Serverless::Api) Portcullis-StageThrottling @Api');
    expect(run.findings).toContain('Http (AWS::Serverless::HttpApi) Portcullis-AccessLogs[missing] @Http');
    expect(run.status).toBe(1);
  });
});
