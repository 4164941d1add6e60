import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShowcaseStack } from '../../bin/showcase-stack';
import { AlarmTopic, EncryptedLogGroup, GatewayConfigRecorder, SharedEncryptionKey } from '../../lib';
import { newStack } from '../stack-fixtures';
import { ctKmsPr3Violations, expectCtKmsPr3OnEveryKey, isCtKmsPr3Statement, TemplateLike } from './ct-kms-pr3';

/** The statement of the Control Tower documentation's PASS example. */
const CT_STATEMENT = {
  Effect: 'Deny',
  Action: 'kms:CreateGrant',
  Resource: '*',
  Principal: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};
const ACCOUNT_ROOT = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

function templateOfKeys(keys: Record<string, unknown>): TemplateLike {
  return {
    Resources: Object.fromEntries(Object.entries(keys).map(([id, keyPolicy]) => [id, { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: keyPolicy } }])),
  };
}

function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: [ACCOUNT_ROOT, ...statements] };
}

describe('CT.KMS.PR.3 check', () => {
  test('passes the documented form, Principal { AWS: "*" } and one-element lists; ignores other resources', () => {
    const template = templateOfKeys({
      Documented: policy(CT_STATEMENT),
      AwsStar: policy({ ...CT_STATEMENT, Principal: { AWS: '*' }, Action: ['kms:CreateGrant'], Resource: ['*'] }),
      CaseOfKeys: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: { 'KMS:GrantIsForAwsResource': 'false', 'AWS:PrincipalIsAwsService': 'false' } } }),
    });
    (template.Resources as any).Bucket = { Type: 'AWS::S3::Bucket', Properties: {} };

    expect(ctKmsPr3Violations(template)).toEqual([]);
    expect(() => expectCtKmsPr3OnEveryKey(template)).not.toThrow();
  });

  test('fails, naming the logical id, every key without the exact statement', () => {
    const cond = CT_STATEMENT.Condition.BoolIfExists;
    const template = templateOfKeys({
      BoolOnly: policy({ ...CT_STATEMENT, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } }),
      BoolBoth: policy({ ...CT_STATEMENT, Condition: { Bool: cond } }),
      OneKey: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' } } }),
      ExtraKey: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: { ...cond, 'aws:ViaAWSService': 'false' } } }),
      ExtraOperator: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: cond, StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }),
      BooleanValues: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': false, 'aws:PrincipalIsAWSService': false } } }),
      TrueValue: policy({ ...CT_STATEMENT, Condition: { BoolIfExists: { ...cond, 'aws:PrincipalIsAWSService': 'true' } } }),
      Allow: policy({ ...CT_STATEMENT, Effect: 'Allow' }),
      MoreActions: policy({ ...CT_STATEMENT, Action: ['kms:CreateGrant', 'kms:ListGrants'] }),
      Wildcard: policy({ ...CT_STATEMENT, Action: 'kms:Create*' }),
      OnePrincipal: policy({ ...CT_STATEMENT, Principal: { AWS: 'arn:aws:iam::111111111111:root' } }),
      OneKeyResource: policy({ ...CT_STATEMENT, Resource: 'arn:aws:kms:eu-west-1:111111111111:key/abc' }),
      JsonText: JSON.stringify(policy(CT_STATEMENT)),
      NoPolicy: undefined,
      EmptyStatements: { Version: '2012-10-17', Statement: [] },
    });

    const violations = ctKmsPr3Violations(template);
    expect(violations.map((v) => v.split(':')[0])).toEqual([
      'Allow', 'BoolBoth', 'BoolOnly', 'BooleanValues', 'EmptyStatements', 'ExtraKey', 'ExtraOperator', 'JsonText',
      'MoreActions', 'NoPolicy', 'OneKey', 'OneKeyResource', 'OnePrincipal', 'TrueValue', 'Wildcard',
    ]);
    expect(() => expectCtKmsPr3OnEveryKey(template)).toThrow(/CT\.KMS\.PR\.3 fails on 15 KMS key\(s\):\nAllow: no statement denies kms:CreateGrant/);
  });

  test('a statement missing any required element is not the one', () => {
    for (const element of ['Effect', 'Action', 'Principal', 'Resource', 'Condition']) {
      const statement: Record<string, unknown> = { ...CT_STATEMENT };
      delete statement[element];
      expect(isCtKmsPr3Statement(statement)).toBe(false);
    }
    expect(isCtKmsPr3Statement(CT_STATEMENT)).toBe(true);
  });
});

describe('every key Portcullis creates has the CT.KMS.PR.3 statement', () => {
  test('EncryptedLogGroup, AlarmTopic, GatewayConfigRecorder, SharedEncryptionKey and EncryptedLogGroup.denyGrantsExceptForAwsServices', () => {
    const stack = newStack();
    new EncryptedLogGroup(stack, 'Logs');
    new AlarmTopic(stack, 'Alarms').allowEventBridgeRules();
    new GatewayConfigRecorder(stack, 'Recorder');
    const own = new kms.Key(stack, 'Own');
    EncryptedLogGroup.denyGrantsExceptForAwsServices(own);
    const other = newStack();
    new SharedEncryptionKey(other, 'Shared');

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 4);
    expectCtKmsPr3OnEveryKey(template.toJSON());
    expectCtKmsPr3OnEveryKey(Template.fromStack(other).toJSON());
  });

  test('the showcase: every AWS::KMS::Key passes', () => {
    const stack = new ShowcaseStack(new App(), 'PortcullisShowcase');
    const template = Template.fromStack(stack).toJSON();

    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::KMS::Key').length).toBeGreaterThan(0);
    expectCtKmsPr3OnEveryKey(template);
  });
});
