import { CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { renderedInFinding } from '../common/finding-rendering';
import { addToKeyPolicyOnce } from '../common/key-policy';
import { checkRemovalWeakening } from '../common/removal-weakening';
import { encryptionKeyFor } from '../common/shared-encryption-key';
import { recordWeakening } from '../common/weakening';

/**
 * What the recorder records: the resource types the Portcullis Config rules evaluate on
 * configuration changes (periodic rules read their resources themselves).
 */
export const RECORDED_RESOURCE_TYPES: ReadonlyArray<string> = [
  'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage',
  'AWS::ACM::Certificate',
];

const CONFIG_ROLE_REASON = 'AWS Config requires its recorder role to hold the AWS managed policy AWS_ConfigRole, which AWS keeps current with the '
  + 'read permissions of every resource type Config records; a customer managed copy would silently fall behind';
const REPLICATION_REASON = 'Config history and snapshots are re-creatable from AWS Config itself; cross-Region replication is left to the organization\'s log archive';

/**
 * Properties of a {@link GatewayConfigRecorder}.
 */
export interface GatewayConfigRecorderProps {
  /**
   * What happens to the delivery bucket, its access-log bucket and its key when they leave the stack.
   * A `SharedEncryptionKey` has its own. `DESTROY` or `SNAPSHOT` needs `removalReason`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Why the buckets and the key may be deleted: required with a `removalPolicy` of `DESTROY` or
   * `SNAPSHOT` (at least 10 visible characters), refused otherwise. Recorded on the delivery bucket
   * and the key under `Portcullis::Weakenings`.
   *
   * @default - none (the buckets and the key are kept)
   */
  readonly removalReason?: string;

  /**
   * How long Config history and snapshots are kept in the bucket.
   *
   * @default Duration.days(365)
   */
  readonly retention?: Duration;
}

/**
 * An AWS Config configuration recorder (API Gateway, stage and certificate types only) and its
 * delivery channel to an S3 bucket that is KMS-encrypted with a customer managed key, TLS-only,
 * versioned, private, with server access logs to a second bucket. Use it only in an account and Region
 * without a recorder: AWS Config allows one.
 *
 * The recorder's role holds the AWS managed policy `AWS_ConfigRole`, as AWS Config requires; that
 * one AwsSolutions-IAM4 finding is acknowledged on the role with the reason.
 */
export class GatewayConfigRecorder extends Construct {
  /** The recorder. */
  public readonly recorder: config.CfnConfigurationRecorder;
  /** The delivery channel. */
  public readonly deliveryChannel: config.CfnDeliveryChannel;
  /** The bucket Config delivers history and snapshots to. */
  public readonly bucket: s3.Bucket;
  /** The key that encrypts the bucket: its own, or the stack's `SharedEncryptionKey`. */
  public readonly encryptionKey: kms.Key;
  /** The recorder's role. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GatewayConfigRecorderProps = {}) {
    super(scope, id);
    const { account } = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const removal = checkRemovalWeakening({ scope: this, policyProp: 'removalPolicy', reasonProp: 'removalReason' }, props.removalPolicy, props.removalReason,
      'the delivery bucket and its access-log bucket are deleted when they leave the stack, and the configuration history with them');
    this.encryptionKey = encryptionKeyFor(this, 'Key', { description: `Encrypts the AWS Config deliveries of ${this.node.path}`, removalPolicy, removalReason: props.removalReason });
    addToKeyPolicyOnce(this.encryptionKey, new iam.PolicyStatement({
      sid: 'AllowConfigDeliveryOfThisAccount',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy,
      lifecycleRules: [{ expiration: props.retention ?? Duration.days(365) }],
    });
    Validations.of(accessLogs.node.defaultChild!).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This is the server access log bucket of the Config delivery bucket; logging it to itself would loop' },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'This is the server access log bucket of the Config delivery bucket; logging it to itself would loop' },
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'This is the server access log bucket of the Config delivery bucket; logging it to itself would loop' },
      { id: 'PCI.DSS.321-S3BucketLoggingEnabled', reason: 'This is the server access log bucket of the Config delivery bucket; logging it to itself would loop' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS' },
      { id: 'HIPAA.Security-S3DefaultEncryptionKMS', reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS' },
      { id: 'PCI.DSS.321-S3DefaultEncryptionKMS', reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
      { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
    );

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      removalPolicy,
      lifecycleRules: [{ expiration: props.retention ?? Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    });
    if (removal) recordWeakening(this.bucket.node.defaultChild as CfnResource, removal, props.removalReason!);
    Validations.of(this.bucket.node.defaultChild!).acknowledge(
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
      { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: REPLICATION_REASON },
    );
    const fromConfig = { StringEquals: { 'aws:SourceAccount': account } };
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketPermissionsCheck',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: fromConfig,
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketDelivery',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`AWSLogs/${account}/Config/*`)],
      conditions: { StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));

    const configRole = iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole');
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: `AWS Config recorder of ${this.node.path}`,
      managedPolicies: [configRole],
    });
    Validations.of(this.role.node.defaultChild!).acknowledge({
      id: `AwsSolutions-IAM4[Policy::${renderedInFinding(this.role, configRole.managedPolicyArn)}]`,
      reason: CONFIG_ROLE_REASON,
    });

    this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: this.role.roleArn,
      recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: [...RECORDED_RESOURCE_TYPES] },
    });
    this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: this.encryptionKey.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    this.deliveryChannel.node.addDependency(this.bucket.policy!);
  }
}
