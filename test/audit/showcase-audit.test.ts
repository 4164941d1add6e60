import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { runCliJson } from './run-cli';
import { ShowcaseStack } from '../../bin/showcase-stack';

// What the packs accept at synth, the audit accepts on the synthesized output, for the same reasons.
test('auditing the showcase cdk.out with every pack finds no error and honours each acknowledgement once', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-audit-'));
  const app = new App({ outdir });
  new ShowcaseStack(app, 'PortcullisShowcase');
  app.synth();

  const { run, report } = runCliJson('audit', outdir, '--packs', 'all');
  expect(run.status).toBe(0);
  expect(report.summary.errors).toBe(0);
  expect(report.findings).toEqual([]);
  const ids = report.acknowledged.map((a: any) => `${a.logicalId} ${a.ruleId}`);
  // The public health route passes Portcullis-RouteAuthorization through its own public-route record, not an acknowledgement.
  expect(ids).not.toContain('ShowcaseApiGEThealth533238D0 Portcullis-RouteAuthorization');
  expect(ids).toContain('ShowcaseApiGEThealth533238D0 AwsSolutions-APIG4');
  expect(report.acknowledged.filter((a: any) => a.suppressed !== 1)).toEqual([]);
  expect(report.rejectedAcknowledgements).toEqual([]);
});
