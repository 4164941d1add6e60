import { Match, Template } from 'aws-cdk-lib/assertions';
import { AlarmTopic } from '../../lib';
import { findings } from '../identity/nag-packs';
import { newStack } from '../stack-fixtures';

describe('AlarmTopic', () => {
  test('the topic is encrypted with a rotated customer managed key and publishes only over TLS', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'Alarms');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('only CloudWatch alarms of this account and Region may publish, until EventBridge is allowed', () => {
    const allowStatements = (allowEventBridge: number) => {
      const stack = newStack();
      const alarms = new AlarmTopic(stack, 'Alarms');
      for (let i = 0; i < allowEventBridge; i++) alarms.allowEventBridgeRules();
      const statements = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))
        .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
        .filter((s: any) => s.Effect === 'Allow');
      return { stack, statements };
    };
    const alarmsOnly = allowStatements(0);
    expect(alarmsOnly.statements).toEqual([expect.objectContaining({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '111111111111' },
        ArnLike: { 'aws:SourceArn': alarmsOnly.stack.resolve(`arn:${alarmsOnly.stack.partition}:cloudwatch:us-east-1:111111111111:alarm:*`) },
      },
    })]);

    const withRules = allowStatements(2);
    expect(withRules.statements.map((s: any) => s.Principal.Service)).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    expect(withRules.statements[1].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111111111111' },
      ArnLike: { 'aws:SourceArn': withRules.stack.resolve(`arn:${withRules.stack.partition}:events:us-east-1:111111111111:rule/*`) },
    });
  });

  test('the key lets the publishing services encrypt and refuses grants to anything but AWS services', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'Alarms').allowEventBridgeRules();
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))
      .flatMap((k: any) => k.Properties.KeyPolicy.Statement);
    const services = statements.filter((s: any) => s.Principal?.Service).map((s: any) => [s.Principal.Service, s.Action]);
    expect(services).toEqual([
      ['cloudwatch.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey*']],
      ['events.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey*']],
    ]);
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Deny', Action: 'kms:CreateGrant', Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
  });

  test('passes every cdk-nag pack the showcase runs', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'Alarms').allowEventBridgeRules();
    expect(findings(stack)).toEqual([]);
  });
});
