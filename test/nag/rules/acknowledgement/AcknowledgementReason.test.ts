import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { PortcullisChecks } from '../../../../lib/nag/portcullis-checks';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-AcknowledgementReason';

/** A stack with one resource no Portcullis rule checks, so only acknowledgement findings remain. */
function quietStack(app = new App()): { stack: Stack; topic: CfnResource } {
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  return { stack, topic: new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' }) };
}

describe('AcknowledgementReason', () => {
  test.each([
    ['missing', ''],
    ['only whitespace', '   \t  '],
    ['9 characters', '123456789'],
    ['9 characters once trimmed', '   ok, fine   '],
  ])('a reason that is %s is reported on the construct the acknowledgement is declared on', (_, reason) => {
    const { stack, topic } = quietStack();
    Validations.of(topic).acknowledge({ id: 'Portcullis-RestWaf', reason });

    expect(portcullisFindings(stack)).toEqual([finding(`${RULE}[Portcullis-RestWaf]`, 'Stack/Topic')]);
  });

  test('a reason of 10 characters or more passes', () => {
    const { stack, topic } = quietStack();
    Validations.of(topic).acknowledge({ id: 'Portcullis-RestWaf', reason: '0123456789' }, { id: 'Portcullis-AccessLogs[missing]', reason: '  Logged at the edge  ' });

    expect(portcullisFindings(stack)).toEqual([]);
  });

  test('acknowledgements of other packs\' rules and of other validation plugins follow the same policy', () => {
    const { stack, topic } = quietStack();
    const group = new Construct(stack, 'Group');
    Validations.of(topic).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'public' });
    Validations.of(group).acknowledge({ id: 'CloudFormation-Validate::W1234', reason: 'n/a' }, { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/x]', reason: 'Managed policy reviewed by the platform team' });

    expect(portcullisFindings(stack)).toEqual([
      finding(`${RULE}[AwsSolutions-APIG4]`, 'Stack/Topic'),
      finding(`${RULE}[CloudFormation-Validate::W1234]`, 'Stack/Group'),
    ]);
  });

  test('an acknowledgement on an ancestor of the validated scope is checked; each is reported once', () => {
    const { stack, topic } = quietStack();
    Validations.of(stack).acknowledge({ id: 'Portcullis-RestWaf', reason: 'waf' });
    Validations.of(stack).acknowledge({ id: 'Portcullis-RestWaf', reason: 'waf' });

    expect(portcullisFindings(topic)).toEqual([finding(`${RULE}[Portcullis-RestWaf]`, 'Stack')]);
  });

  test('the finding cannot be acknowledged away', () => {
    const { stack, topic } = quietStack();
    Validations.of(topic).acknowledge({ id: 'Portcullis-RestWaf', reason: 'short' });
    Validations.of(stack).acknowledge(
      { id: 'Portcullis-AcknowledgementReason', reason: 'We accept short reasons in this stack' },
      { id: 'Portcullis::Portcullis-AcknowledgementReason[Portcullis-RestWaf]', reason: 'We accept short reasons in this stack' },
      { id: 'Portcullis-AcknowledgementReason[Portcullis-RestWaf]', reason: 'We accept short reasons in this stack' },
    );

    expect(portcullisFindings(stack)).toEqual([finding(`${RULE}[Portcullis-RestWaf]`, 'Stack/Topic')]);
  });

  test('the acknowledged finding itself stays acknowledged: the reason is what is reported', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest', { deployOptions: { throttlingRateLimit: 10, throttlingBurstLimit: 5 } });
    api.root.addMethod('GET');
    Validations.of(api.deploymentStage).acknowledge({ id: 'Portcullis-RestWaf', reason: 'edge' });

    expect(portcullisFindings(stack).filter((f) => f.rule.startsWith('Portcullis-RestWaf') || f.rule.startsWith(RULE))).toEqual([
      finding(`${RULE}[Portcullis-RestWaf]`, 'Stack/Rest/DeploymentStage.prod'),
    ]);
  });
});

describe('AcknowledgementReason at synth, with the pack registered on the app', () => {
  function synth(reason: string, ...more: Array<{ id: string; reason: string }>): () => void {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-ack-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new PortcullisChecks(app));
    const { topic } = quietStack(app);
    Validations.of(topic).acknowledge({ id: 'Portcullis-RestWaf', reason }, ...more);
    return () => {
      try {
        app.synth();
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };
  }

  test('a short reason fails synthesis, naming the construct and the acknowledgement', () => {
    expect(synth('edge')).toThrow(/shorter than 10 visible characters[\s\S]*Stack\/Topic[\s\S]*Portcullis-AcknowledgementReason\[Portcullis-RestWaf\]/);
  });

  test('aws-cdk-lib\'s own acknowledgement of the plugin finding does not let a short reason through', () => {
    const namespaced = { id: 'Portcullis::Portcullis-AcknowledgementReason[Portcullis-RestWaf]', reason: 'We accept short reasons in this stack' };
    expect(synth('edge', namespaced)).toThrow(/Portcullis-AcknowledgementReason\[Portcullis-RestWaf\]/);
  });

  test('a whitespace-only reason fails synthesis', () => {
    expect(synth('          ')).toThrow(/Portcullis-AcknowledgementReason\[Portcullis-RestWaf\]/);
  });

  test('a reason of 10 characters or more passes synthesis', () => {
    expect(synth('Fronted by CloudFront with its own web ACL')).not.toThrow();
  });
});
