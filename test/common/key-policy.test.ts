import { Aws, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { addToKeyPolicyOnce, DENY_GRANTS_SID, denyGrantsExceptForAwsServicesStatement } from '../../lib/common/key-policy';
import { newStack } from '../stack-fixtures';

/** The key's policy statements with a sid, in order. */
function sidStatements(stack: Stack): any[] {
  const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
  return (key as any).Properties.KeyPolicy.Statement.filter((s: any) => s.Sid !== undefined);
}

/** A statement whose principal is a new token each call (a fresh `Fn::Join`), the same once resolved. */
function readerStatement(sid = 'AllowReader', role = 'reader'): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ArnPrincipal(Fn.join('', ['arn:', Aws.PARTITION, `:iam::111111111111:role/${role}`]))],
    actions: ['kms:Decrypt'],
    resources: ['*'],
  });
}

describe('the CT.KMS.PR.3 statement', () => {
  test('denies kms:CreateGrant to every principal but AWS services, in the exact shape the control accepts', () => {
    const stack = newStack();
    expect(stack.resolve(denyGrantsExceptForAwsServicesStatement().toStatementJson())).toEqual({
      Sid: DENY_GRANTS_SID,
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
    expect(DENY_GRANTS_SID).toBe('DenyGrantsExceptForAwsServices');
  });
});

describe('addToKeyPolicyOnce', () => {
  test('the same statement added twice, with a new token each time, is in the policy once', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    addToKeyPolicyOnce(key, readerStatement());
    addToKeyPolicyOnce(key, readerStatement());
    expect(sidStatements(stack).map((s) => s.Sid)).toEqual(['AllowReader']);
  });

  test('statements with different sids are each added', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    addToKeyPolicyOnce(key, readerStatement());
    addToKeyPolicyOnce(key, readerStatement('AllowWriter', 'writer'));
    expect(sidStatements(stack).map((s) => s.Sid)).toEqual(['AllowReader', 'AllowWriter']);
  });

  test('the same sid on two keys is added to each', () => {
    const stack = newStack();
    const first = new kms.Key(stack, 'First');
    const second = new kms.Key(stack, 'Second');
    addToKeyPolicyOnce(first, readerStatement());
    addToKeyPolicyOnce(second, readerStatement());
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as any[];
    expect(keys.map((k) => k.Properties.KeyPolicy.Statement.filter((s: any) => s.Sid === 'AllowReader').length)).toEqual([1, 1]);
  });

  test('the same sid with other content throws, naming the key, the sid and both contents', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    addToKeyPolicyOnce(key, readerStatement());
    expect(() => addToKeyPolicyOnce(key, readerStatement('AllowReader', 'writer')))
      .toThrow(/^\[Test\/Key\] key policy statement 'AllowReader' was added twice with different content: \{.*role\/reader.*\} and \{.*role\/writer.*\}$/);
    expect(sidStatements(stack)).toHaveLength(1);
  });

  test('a statement without a sid throws', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    expect(() => addToKeyPolicyOnce(key, new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })))
      .toThrow('addToKeyPolicyOnce needs a statement with a sid');
  });
});
