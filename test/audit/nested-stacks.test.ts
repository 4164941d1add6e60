import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { runCliJson } from './run-cli';

test('nested stacks of a cdk.out: audited as templates of their own, findings carry their CDK path, not listed as not audited', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-audit-'));
  try {
    const app = new App({ outdir });
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Inner');
    // The same logical ids in parent and nested stack: each finding must carry its own stack's path.
    for (const scope of [parent, nested]) {
      const api = new CfnApi(scope, 'Api', { name: 'x', protocolType: 'HTTP' });
      new CfnStage(scope, 'Stage', { apiId: api.ref, stageName: 'prod' });
    }
    app.synth();

    const { run, report } = runCliJson('audit', outdir);
    expect(report.notAudited).toEqual([]);
    expect(run.status).toBe(1);
    expect(report.findings.map((f: any) => `${f.template} ${f.logicalId} ${f.cdkPath} ${f.ruleId}`)).toEqual([
      'Parent.template.json Stage Parent/Stage Portcullis-AccessLogs[missing]',
      'Parent.template.json Stage Parent/Stage Portcullis-StageThrottling',
      'ParentInner571755B8.nested.template.json Stage Parent/Inner/Stage Portcullis-AccessLogs[missing]',
      'ParentInner571755B8.nested.template.json Stage Parent/Inner/Stage Portcullis-StageThrottling',
    ]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
