import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { SecureFunction } from '../../lib';

const LATEST_RULES = ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'];

/** The findings of cdk-nag's two "latest runtime" rules on a stack with one SecureFunction of the given runtime. */
function latestRuntimeFindings(runtime?: lambda.Runtime): { runtime: string; findings: string[] } {
  const stack = new Stack(new App(), 'Stack');
  const fn = new SecureFunction(stack, 'Fn', { code: lambda.Code.fromInline('exports.handler = async () => 1;'), runtime });
  const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) => pack.validateScope(stack).violations)
    .filter((v) => LATEST_RULES.includes(v.ruleName))
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
  return { runtime: fn.function.runtime.name, findings };
}

// Runs in its own file: the second test adds a runtime to Runtime.ALL, as a newer aws-cdk-lib would have it.
describe('the default runtime is the one cdk-nag calls the latest', () => {
  test('with the installed aws-cdk-lib: AwsSolutions-L1 and Serverless-LambdaLatestVersion find nothing', () => {
    expect(latestRuntimeFindings().findings).toEqual([]);
  });

  test('with an aws-cdk-lib that knows a newer Node.js: that one, and the rules still find nothing', () => {
    const installed = latestRuntimeFindings().runtime;
    const next = `nodejs${Number(/^nodejs(\d+)/.exec(installed)![1]) + 2}.x`;
    new lambda.Runtime(next, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });
    expect(latestRuntimeFindings()).toEqual({ runtime: next, findings: [] });
    // The test can fail: the runtime that was newest before is now reported by both rules.
    expect(latestRuntimeFindings(lambda.Runtime.ALL.find((r) => r.name === installed)).findings)
      .toEqual(LATEST_RULES.map((rule) => `${rule} Stack/Fn/Function/Resource`));
  });
});
