import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './run-cli';

/**
 * A key written twice in a map: CloudFormation takes the last value. The audit warns (file, line, key),
 * uses the last value, and audits the template.
 */
describe('duplicate keys', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-duplicates-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The stage's throttling is set, then replaced by an empty map: with the last value, the stage is unthrottled.
  const TEMPLATES: Record<string, string> = {
    'duplicates.json': `{
  "Resources": {
    "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": "first", "TopicName": "second" } },
    "Api": { "Type": "AWS::ApiGatewayV2::Api", "Properties": { "Name": "x", "ProtocolType": "HTTP" } },
    "Stage": {
      "Type": "AWS::ApiGatewayV2::Stage",
      "Properties": {
        "ApiId": { "Ref": "Api" },
        "StageName": "prod",
        "DefaultRouteSettings": { "ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5 },
        "DefaultRouteSettings": {}
      }
    }
  }
}
`,
    'duplicates.yaml': `Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: first
      TopicName: !Sub second
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: x, ProtocolType: HTTP }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
      DefaultRouteSettings:
        ThrottlingBurstLimit: 10
        ThrottlingRateLimit: 5
      DefaultRouteSettings: {}
`,
  };

  test.each(Object.keys(TEMPLATES))('%s: a warning per duplicate naming file, line and key; the last value is audited', (name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, TEMPLATES[name]);
    const run = runCli('audit', file, '--json');
    const [topicLine, stageLine] = name.endsWith('.json') ? [3, 11] : [6, 18];
    expect(run.stderr.trim().split('\n')).toEqual([
      `cdk-portcullis audit: warning: ${name} line ${topicLine}: duplicate key 'TopicName' in Resources.Topic.Properties: CloudFormation uses the last value, and so does the audit`,
      `cdk-portcullis audit: warning: ${name} line ${stageLine}: duplicate key 'DefaultRouteSettings' in Resources.Stage.Properties: CloudFormation uses the last value, and so does the audit`,
    ]);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.notAudited).toEqual([]);
    expect(report.findings.map((f: any) => `${f.logicalId} ${f.ruleId}`)).toContain('Stage Portcullis-StageThrottling');
  });

  test('a repeated resource keeps the last declaration', () => {
    const file = path.join(dir, 'repeated-resource.yaml');
    fs.writeFileSync(file, 'Resources:\n  Api:\n    Type: AWS::SNS::Topic\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: { Name: x, ProtocolType: HTTP }\n');
    const run = runCli('audit', file, '--json');
    expect(run.stderr).toBe("cdk-portcullis audit: warning: repeated-resource.yaml line 4: duplicate key 'Api' in Resources: CloudFormation uses the last value, and so does the audit\n");
    expect(JSON.parse(run.stdout).apis).toEqual([expect.objectContaining({ id: 'Api' })]);
  });
});
