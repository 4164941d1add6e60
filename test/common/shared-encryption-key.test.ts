import { App, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ShowcaseStack } from '../../bin/showcase-stack';
import {
  AlarmTopic, EncryptedLogGroup, GatewayChangeAlerts, GatewayConfigRecorder, GatewayConfigRules, MtlsTruststore, SharedEncryptionKey,
} from '../../lib';
import { findings } from '../identity/nag-packs';
import { newStack } from '../stack-fixtures';
import { expectCtKmsPr3OnEveryKey } from './ct-kms-pr3';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2xpZW50Q0E=\n-----END CERTIFICATE-----\n';

function keysOf(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).findResources('AWS::KMS::Key');
}

/** The sids of a key's policy statements, in order; statements without one as '-'. */
function sidsOf(key: any): string[] {
  return key.Properties.KeyPolicy.Statement.map((s: any) => s.Sid ?? '-');
}

describe('SharedEncryptionKey', () => {
  // Built once: the showcase takes seconds to build.
  const perPurpose = new ShowcaseStack(new App(), 'PortcullisShowcase');
  const shared = new ShowcaseStack(new App(), 'PortcullisShowcase', { sharedEncryptionKey: true });

  test('the showcase: 12 keys by default (one per log group and topic), 1 with a shared key', () => {
    expect(Object.keys(keysOf(perPurpose))).toHaveLength(12);
    expect(Object.keys(keysOf(shared))).toEqual([expect.stringMatching(/^PortcullisKey/)]);
  });

  test('the shared key holds each service statement once, scoped as before, and passes CT.KMS.PR.3', () => {
    const [key] = Object.values(keysOf(shared));
    const sids = sidsOf(key).filter((sid) => sid !== '-');
    expect(sids).toEqual(['DenyGrantsExceptForAwsServices', 'AllowCloudWatchLogsOfThisAccount', 'AllowCloudWatchAlarms', 'AllowEventBridgeRules']);
    const logs = key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsOfThisAccount');
    expect(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBeDefined();
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expectCtKmsPr3OnEveryKey(Template.fromStack(shared).toJSON());
  });

  test('every log group and topic of the showcase is encrypted with it', () => {
    const t = Template.fromStack(shared);
    const keyId = Object.keys(keysOf(shared))[0];
    const logGroups = Object.values(t.findResources('AWS::Logs::LogGroup'));
    const topics = Object.values(t.findResources('AWS::SNS::Topic'));
    expect(logGroups.length).toBeGreaterThanOrEqual(10);
    expect(logGroups.map((g) => g.Properties.KmsKeyId)).toEqual(logGroups.map(() => ({ 'Fn::GetAtt': [keyId, 'Arn'] })));
    expect(topics.map((topic) => topic.Properties.KmsMasterKeyId)).toEqual(topics.map(() => ({ 'Fn::GetAtt': [keyId, 'Arn'] })));
  });

  test('the showcase with a shared key passes the five cdk-nag packs and PortcullisChecks', () => {
    expect(findings(shared)).toEqual([]);
  });

  test('the AWS Config delivery bucket, the truststore upload logs and the governance topics use it too, and stay nag-clean', () => {
    const stack = newStack();
    new SharedEncryptionKey(stack, 'Key', { removalPolicy: RemovalPolicy.DESTROY, removalReason: 'Development stack, torn down every night' });
    new GatewayConfigRecorder(stack, 'Recorder');
    new GatewayConfigRules(stack, 'Rules');
    new GatewayChangeAlerts(stack, 'Changes');
    new MtlsTruststore(stack, 'Truststore', { certificatesPem: PEM });
    new AlarmTopic(stack, 'Alarms');

    const keys = keysOf(stack);
    expect(Object.keys(keys)).toEqual([expect.stringMatching(/^Key/)]);
    const [key] = Object.values(keys);
    expect(key.DeletionPolicy).toBe('Delete');
    expect(sidsOf(key).filter((sid) => sid !== '-')).toEqual([
      'DenyGrantsExceptForAwsServices', 'AllowConfigDeliveryOfThisAccount', 'AllowCloudWatchAlarms', 'AllowEventBridgeRules', 'AllowCloudWatchLogsOfThisAccount',
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::Config::DeliveryChannel', { S3KmsKeyArn: { 'Fn::GetAtt': [Object.keys(keys)[0], 'Arn'] } });
    expect(findings(stack)).toEqual([]);
  });

  test('a key given explicitly still wins over the shared key', () => {
    const stack = newStack();
    new SharedEncryptionKey(stack, 'Shared');
    const own = new kms.Key(stack, 'Own');
    const logs = new EncryptedLogGroup(stack, 'Logs', { encryptionKey: own });

    expect(logs.encryptionKey).toBe(own);
    expect(Object.keys(keysOf(stack)).sort()).toEqual([expect.stringMatching(/^Own/), expect.stringMatching(/^Shared/)]);
  });

  test('constructs in a nested stack use the shared key of the stack around it; other stacks do not', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent', { env: { account: '111111111111', region: 'us-east-1' } });
    const key = new SharedEncryptionKey(parent, 'Shared');
    const nested = new NestedStack(parent, 'Routes');
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });

    expect(new EncryptedLogGroup(nested, 'Logs').encryptionKey).toBe(key);
    expect(SharedEncryptionKey.of(nested)).toBe(key);
    expect(SharedEncryptionKey.of(other)).toBeUndefined();
    expect(new EncryptedLogGroup(other, 'Logs').encryptionKey).not.toBe(key);
    expect(Object.keys(keysOf(nested))).toEqual([]);
  });

  test('a construct created before the shared key keeps its own key, and synthesis fails naming it and the fix', () => {
    const stack = newStack();
    new AlarmTopic(stack, 'Early');
    new SharedEncryptionKey(stack, 'Shared');
    new EncryptedLogGroup(stack, 'Late');

    expect(() => Template.fromStack(stack)).toThrow(
      /Test\/Early\/Key created their own KMS key because they were created before the SharedEncryptionKey Test\/Shared\. Fix: create the SharedEncryptionKey first/,
    );
  });

  test('a second shared key in the same stack is refused, naming both', () => {
    const stack = newStack();
    new SharedEncryptionKey(stack, 'First');
    expect(() => new SharedEncryptionKey(stack, 'Second')).toThrow(/\[Test\/Second\] stack Test already has a SharedEncryptionKey \(Test\/First\)\. Fix:/);
  });
});
