import { createHash } from 'node:crypto';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { deferPropChecks, invalidProp, isUnresolved } from '../common/validation';

/** Where a mutual TLS truststore is: a PEM bundle of the certificate authorities clients' certificates chain to. */
export interface IMtlsTruststore {
  /** The bucket that holds the truststore. */
  readonly bucket: s3.IBucket;

  /** The object key of the truststore (a PEM file). */
  readonly key: string;

  /**
   * The object version of the truststore.
   *
   * @default - the latest version when the domain is created or updated
   */
  readonly version?: string;
}

/** Props of {@link MtlsTruststore}. */
export interface MtlsTruststoreProps {
  /**
   * The truststore: PEM-encoded certificates (`-----BEGIN CERTIFICATE-----` blocks) of the root and
   * intermediate certificate authorities that issue your clients' certificates. Public material: a
   * private key here is refused.
   */
  readonly certificatesPem: string;

  /**
   * Bucket that receives the server access logs of the truststore bucket.
   *
   * @default - a new bucket (SSE-S3, versioned, TLS only, public access blocked)
   */
  readonly accessLogsBucket?: s3.IBucket;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/g;

/**
 * A mutual TLS truststore in a bucket of its own: encrypted (SSE-S3), versioned, TLS only, public
 * access blocked, with server access logs. The PEM bundle is uploaded at deployment under a key that
 * names its content hash, so changing the certificates changes the domain's `TruststoreUri` and API
 * Gateway reloads the truststore (it reads it only when the domain is created or updated).
 *
 * Or bring your own: `MtlsTruststore.fromBucket(bucket, 'truststore.pem')`.
 */
export class MtlsTruststore extends Construct implements IMtlsTruststore {
  /** A truststore already in a bucket. */
  public static fromBucket(bucket: s3.IBucket, key: string, version?: string): IMtlsTruststore {
    return { bucket, key, version };
  }

  /** The truststore bucket. */
  public readonly bucket: s3.IBucket;
  /** The truststore's object key: `truststore-<sha256 of the bundle, 16 hex digits>.pem`. */
  public readonly key: string;
  /** The bucket that receives the truststore bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The upload (a custom resource backed by a Lambda function). */
  public readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: MtlsTruststoreProps) {
    super(scope, id);
    const pem = props.certificatesPem;
    deferPropChecks(this, [() => checkTruststorePem(this, pem)]);

    this.accessLogsBucket = props.accessLogsBucket ?? new s3.Bucket(this, 'AccessLogs', {
      // Server access logs can only be delivered to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'truststore/',
    });
    const hash = isUnresolved(pem) ? 'deploy-time' : createHash('sha256').update(pem).digest('hex').slice(0, 16);
    this.key = `truststore-${hash}.pem`;
    this.deployment = new s3deploy.BucketDeployment(this, 'Upload', {
      sources: [s3deploy.Source.data(this.key, pem)],
      destinationBucket: this.bucket,
      // Earlier truststores stay (versioned, never pruned) until the domain has moved to the new key.
      prune: false,
      logGroup: new EncryptedLogGroup(this, 'UploadLogs').logGroup,
    });
  }
}

/** A truststore holds certificates and nothing else; a private key in it would be published to the bucket. */
function checkTruststorePem(scope: Construct, pem: string): void {
  if (isUnresolved(pem)) return;
  const fix = 'give the PEM text of your client CA certificates (-----BEGIN CERTIFICATE----- blocks), e.g. fs.readFileSync(\'truststore.pem\', \'utf8\')';
  if (/PRIVATE KEY-----/.test(pem)) {
    invalidProp(scope, 'certificatesPem', '<PEM with a private key>', 'contains a private key, which must never be put in a truststore', 'remove every PRIVATE KEY block and rotate that key');
  }
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) invalidProp(scope, 'certificatesPem', pem.length > 80 ? `${pem.slice(0, 77)}...` : pem, 'has no PEM certificate', fix);
}
