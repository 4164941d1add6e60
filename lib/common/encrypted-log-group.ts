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
   * @default - a new key with yearly rotation, retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the log group when it leaves the stack.
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

  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts it. */
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the access logs of ${scope.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    EncryptedLogGroup.allowLogsService(this.encryptionKey);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: this.encryptionKey,
      retention: props.retention ?? EncryptedLogGroup.DEFAULT_RETENTION,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
