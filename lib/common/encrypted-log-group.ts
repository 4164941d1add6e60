import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Properties of an {@link EncryptedLogGroup}.
 */
export interface EncryptedLogGroupProps {
  /**
   * How long log events are kept.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * Customer managed KMS key that encrypts the log events. The key policy must let CloudWatch Logs
   * in this Region use it (see `EncryptedLogGroup.allowLogsService`).
   *
   * @default - a new key with yearly rotation, removed with `removalPolicy`
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the log group, and the key created for it, when they leave the stack.
   * `RemovalPolicy.DESTROY` suits short-lived development stacks.
   *
   * @default RemovalPolicy.RETAIN (access logs are audit evidence)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A CloudWatch Logs log group encrypted with a customer managed KMS key and an explicit retention,
 * used as the destination of every Portcullis access log.
 */
export class EncryptedLogGroup extends Construct {
  /** Retention when none is given: one year, long enough for most audit requirements. */
  public static readonly DEFAULT_RETENTION = logs.RetentionDays.ONE_YEAR;

  /**
   * Lets CloudWatch Logs of this account and Region encrypt with the key, and nothing else.
   * Only a key created in the same stack can be changed; an imported key's policy is the caller's job.
   */
  public static allowLogsService(key: kms.IKey): void {
    const { region, account, partition } = Stack.of(key);
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
        },
      },
    }));
  }

  /**
   * Lets principals of the account create grants on the key only for AWS services using it on their
   * behalf (`kms:GrantIsForAWSResource`), so nobody hands the key to an arbitrary principal through a
   * grant, which the key policy would not show.
   */
  public static denyGrantsExceptForAwsServices(key: kms.IKey): void {
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
    }));
  }

  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts it. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      this.encryptionKey = new kms.Key(this, 'Key', {
        description: `Encrypts the access logs of ${scope.node.path}`,
        enableKeyRotation: true,
        removalPolicy,
      });
      EncryptedLogGroup.denyGrantsExceptForAwsServices(this.encryptionKey);
    }
    EncryptedLogGroup.allowLogsService(this.encryptionKey);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: this.encryptionKey,
      retention: props.retention ?? EncryptedLogGroup.DEFAULT_RETENTION,
      removalPolicy,
    });
  }
}
