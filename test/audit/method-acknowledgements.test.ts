import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { RouteAuthorization, SecureRestApi } from '../../lib';
import { runAudit } from '../../lib/audit/auditor';
import { selectPacks } from '../../lib/audit/pack-selection';
import { newFunction } from '../stack-fixtures';

// SecureRestApi acknowledges AwsSolutions-COG4 on each Lambda- or IAM-authorized method (acknowledgeRepeated):
// the audit of its cdk.out must still count one acknowledgement per method, each suppressing that method's finding.
test('auditing a SecureRestApi counts one AwsSolutions-COG4 acknowledgement per method, declared on it, suppressing its finding', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'method-acks-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new SecureRestApi(stack, 'Rest', {
    defaultAuthorization: RouteAuthorization.lambdaAuthorizer({ handler: newFunction(stack, 'AuthFn') }),
    webAcl: { webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/api/0123' },
    accountLoggingDeclaredElsewhere: true,
  });
  const fn = newFunction(stack, 'Fn');
  const methods = [
    ...api.addMethods({ path: '/orders', methods: ['GET', 'POST'], handler: fn }),
    ...api.addMethods({ path: '/reports', methods: ['GET'], handler: fn, authorization: RouteAuthorization.iam() }),
  ];
  app.synth();

  const result = runAudit(outdir, { packs: selectPacks(['aws-solutions']) });
  expect(result.findings.filter((f) => f.ruleId === 'AwsSolutions-COG4')).toEqual([]);
  const cog4 = result.acknowledged.filter((a) => a.ruleId === 'AwsSolutions-COG4');
  expect(cog4.map((a) => a.declaredOn).sort()).toEqual(methods.map((m) => (m.node.defaultChild as any).node.path).sort());
  expect(cog4.map((a) => a.cdkPath)).toEqual(cog4.map((a) => a.declaredOn));
  expect(cog4.map((a) => a.suppressed)).toEqual([1, 1, 1]);
  expect(new Set(cog4.map((a) => a.reason)).size).toBe(2); // the Lambda authorizer's reason and IAM's
});

// A public method acknowledges AwsSolutions-APIG4 and AwsSolutions-COG4 with its reason (recordPublicRoute, through
// acknowledgeRepeated): the audit must count one acknowledgement per public method and rule, each suppressing that finding.
test('auditing public SecureRestApi methods counts one acknowledgement per method and rule, declared on it, suppressing its finding', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'public-method-acks-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' } });
  const api = new SecureRestApi(stack, 'Rest', {
    webAcl: { webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/api/0123' },
    accountLoggingDeclaredElsewhere: true,
  });
  const fn = newFunction(stack, 'Fn');
  const authorization = RouteAuthorization.publicAccess('Status pages for customers, read-only');
  const methods = [
    ...api.addMethods({ path: '/status', methods: ['GET', 'HEAD'], handler: fn, authorization }),
    ...api.addMethods({ path: '/health', methods: ['GET'], handler: fn, authorization }),
  ];
  app.synth();

  const result = runAudit(outdir, { packs: selectPacks(['aws-solutions']) });
  const paths = methods.map((m) => (m.node.defaultChild as any).node.path).sort();
  for (const ruleId of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
    expect(result.findings.filter((f) => f.ruleId === ruleId)).toEqual([]);
    const acknowledged = result.acknowledged.filter((a) => a.ruleId === ruleId);
    expect(acknowledged.map((a) => a.declaredOn).sort()).toEqual(paths);
    expect(acknowledged.map((a) => a.cdkPath)).toEqual(acknowledged.map((a) => a.declaredOn));
    expect(acknowledged.map((a) => a.suppressed)).toEqual([1, 1, 1]);
  }
});
