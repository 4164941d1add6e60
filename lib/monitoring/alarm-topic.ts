import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { addToKeyPolicyOnce } from '../common/key-policy';
import { encryptionKeyFor } from '../common/shared-encryption-key';

/**
 * Properties of an {@link AlarmTopic}.
 */
export interface AlarmTopicProps {
  /**
   * Name shown in e-mail and SMS notifications.
   *
   * @default - 'Portcullis alarms'
   */
  readonly displayName?: string;

  /**
   * What happens to the topic's key when it leaves the stack. The topic itself holds no data. A
   * `SharedEncryptionKey` has its own. `DESTROY` or `SNAPSHOT` needs `removalReason`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Why the topic's key may be deleted: required with a `removalPolicy` of `DESTROY` or `SNAPSHOT`
   * (at least 10 visible characters), refused otherwise. Recorded on the key under
   * `Portcullis::Weakenings`.
   *
   * @default - none (the key is kept)
   */
  readonly removalReason?: string;
}

/**
 * The SNS topic that Portcullis alarms and governance rules notify: encrypted with a customer managed
 * KMS key (CloudWatch alarms cannot publish to a topic encrypted with the AWS managed `alias/aws/sns`
 * key), publishing only over TLS, and a topic policy that lets only CloudWatch alarms of this account
 * and Region publish, plus EventBridge rules of this account once `allowEventBridgeRules()` is called.
 */
export class AlarmTopic extends Construct {
  /** The topic. Subscribe e-mail, chat or paging endpoints to it. */
  public readonly topic: sns.Topic;
  /** The key that encrypts the topic: its own, or the stack's `SharedEncryptionKey`. */
  public readonly encryptionKey: kms.Key;

  private eventBridgeAllowed = false;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.encryptionKey = encryptionKeyFor(this, 'Key', {
      description: `Encrypts the alarm notifications of ${this.node.path}`,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      removalReason: props.removalReason,
    });
    // CloudWatch encrypts the message it publishes, so it needs the data key; it calls KMS through
    // SNS for this topic only, and the topic policy below limits it to this account's alarms.
    this.allowServiceToEncrypt('AllowCloudWatchAlarms', 'cloudwatch.amazonaws.com');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName ?? 'Portcullis alarms',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.allowServiceToPublish('AllowCloudWatchAlarmsOfThisAccount', 'cloudwatch.amazonaws.com', `arn:${partition}:cloudwatch:${region}:${account}:alarm:*`);
  }

  /**
   * Lets EventBridge rules of this account and Region publish to the topic (governance alerts). Calling
   * it again changes nothing.
   */
  public allowEventBridgeRules(): void {
    if (this.eventBridgeAllowed) return;
    this.eventBridgeAllowed = true;
    const { region, account, partition } = Stack.of(this);
    this.allowServiceToEncrypt('AllowEventBridgeRules', 'events.amazonaws.com');
    this.allowServiceToPublish('AllowEventBridgeRulesOfThisAccount', 'events.amazonaws.com', `arn:${partition}:events:${region}:${account}:rule/*`);
  }

  /** Lets a service publish on behalf of this account's resources matching `sourceArn` only (no confused deputy). */
  private allowServiceToPublish(sid: string, service: string, sourceArn: string): void {
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(service)],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }));
  }

  /** Once per key: topics sharing a key state it each, the policy holds it once. */
  private allowServiceToEncrypt(sid: string, service: string): void {
    addToKeyPolicyOnce(this.encryptionKey, new iam.PolicyStatement({
      sid,
      principals: [new iam.ServicePrincipal(service)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
  }
}
