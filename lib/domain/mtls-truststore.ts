import { createHash } from 'node:crypto';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { renderedInFinding } from '../common/finding-rendering';
import { invalidProp, isUnresolved } from '../common/validation';

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
    // Checked now, not at synth: the upload below stages the PEM as an asset while the construct is built,
    // so a private key would be on disk before a deferred check could refuse it.
    checkTruststorePem(this, pem);

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
    acknowledgeBucketChoices(this.bucket, props.accessLogsBucket ? undefined : this.accessLogsBucket);
    acknowledgeUploadFunction(this.deployment, this.bucket);
  }
}

const PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

/** What the compliance packs ask of buckets that these two cannot or need not do, and why. */
function acknowledgeBucketChoices(truststore: s3.IBucket, accessLogs: s3.IBucket | undefined): void {
  for (const pack of PACKS) {
    Validations.of(truststore.node.defaultChild!).acknowledge(
      { id: `${pack}-S3DefaultEncryptionKMS`, reason: 'The truststore holds only public CA certificates; SSE-S3 encrypts it without giving every deployer of the domain kms:Decrypt on a key' },
      { id: `${pack}-S3BucketReplicationEnabled`, reason: 'The truststore is uploaded from the app at every deployment; a replica would add nothing a redeploy does not restore' },
    );
    if (accessLogs) {
      Validations.of(accessLogs.node.defaultChild!).acknowledge(
        { id: `${pack}-S3DefaultEncryptionKMS`, reason: 'S3 delivers server access logs only to buckets encrypted with SSE-S3' },
        { id: `${pack}-S3BucketReplicationEnabled`, reason: 'Access logs of a truststore bucket; replication is left to the account\'s log archive, if any' },
      );
    }
  }
}

/**
 * The upload's function is aws-cdk-lib's BucketDeployment singleton (one per stack, written by aws-cdk-lib):
 * its runtime, role and settings are not ours to change; it runs only during deployments.
 */
function acknowledgeUploadFunction(deployment: s3deploy.BucketDeployment, bucket: s3.IBucket): void {
  const role = deployment.handlerRole.node;
  const fn = role.scope!.node.defaultChild as CfnResource;
  const why = 'aws-cdk-lib BucketDeployment handler: runs only while CloudFormation deploys the truststore';
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: `${why}; aws-cdk-lib chooses its Python runtime` },
    { id: 'Serverless-LambdaLatestVersion', reason: `${why}; aws-cdk-lib chooses its Python runtime` },
    { id: 'Serverless-LambdaTracing', reason: `${why}; a trace of one S3 copy per deployment tells nothing` },
    { id: 'Serverless-LambdaDLQ', reason: `${why}; invoked synchronously by CloudFormation, which reports a failure itself` },
    ...['NIST.800.53.R5', 'HIPAA.Security'].flatMap((pack) => [
      { id: `${pack}-LambdaConcurrency`, reason: `${why}; CloudFormation invokes it once per deployment` },
      { id: `${pack}-LambdaDLQ`, reason: `${why}; invoked synchronously by CloudFormation, which reports a failure itself` },
    ]),
    ...PACKS.map((pack) => ({ id: `${pack}-LambdaInsideVPC`, reason: `${why}; it reaches only S3, and a VPC would need NAT or endpoints for nothing` })),
  );
  // Ids name the values aws-cdk-lib wrote into the role and its policy, as the pack renders them in this app.
  const basicExecution = (Stack.of(fn).resolve((role.defaultChild as iam.CfnRole).managedPolicyArns) as unknown[] ?? [])
    .map((arn) => renderedInFinding(fn, arn))
    .filter((arn) => arn.endsWith(':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'));
  Validations.of(role.defaultChild!).acknowledge(...basicExecution.map((arn) => ({
    id: `AwsSolutions-IAM4[Policy::${arn}]`, reason: `${why}; AWSLambdaBasicExecutionRole only lets it write its logs`,
  })));
  const policy = role.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (policy) {
    // The upload's source is an asset in the CDK asset bucket, which BucketDeployment's Source.data grants read on.
    const sourceObjects = deployment.node.children.filter((c): c is s3assets.Asset => c instanceof s3assets.Asset)
      .map((asset) => asset.bucket.arnForObjects('*'));
    const wildcards = [
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => `Action::${action}`),
      ...[bucket.arnForObjects('*'), ...sourceObjects].map((objects) => `Resource::${renderedInFinding(policy, objects)}`),
    ];
    Validations.of(policy).acknowledge(
      ...wildcards.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason: `${why}; aws-cdk-lib grants it read on the CDK asset bucket and write on the truststore bucket, with object wildcards because object keys are content hashes`,
      })),
      ...PACKS.map((pack) => ({ id: `${pack}-IAMNoInlinePolicy`, reason: `${why}; the grants live and die with its role` })),
    );
  }
}

// Any armored private key: PKCS#8 (`PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`), PKCS#1 and SEC1 (`RSA`, `EC`,
// `DSA PRIVATE KEY`), OpenSSH (`OPENSSH PRIVATE KEY`) and OpenPGP (`PGP PRIVATE KEY BLOCK`).
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/;

/** A truststore holds certificates and nothing else; a private key in it would be published to the bucket. */
function checkTruststorePem(scope: Construct, pem: string): void {
  if (isUnresolved(pem)) return;
  const fix = 'give the PEM text of your client CA certificates (-----BEGIN CERTIFICATE----- blocks), e.g. fs.readFileSync(\'truststore.pem\', \'utf8\')';
  if (PRIVATE_KEY_BLOCK.test(pem)) {
    invalidProp(scope, 'certificatesPem', '<PEM with a private key>', 'contains a private key, which must never be put in a truststore', 'remove every PRIVATE KEY block and rotate that key');
  }
  const blocks = pem.match(CERTIFICATE_BLOCK) ?? [];
  if (blocks.length === 0) invalidProp(scope, 'certificatesPem', pem.length > 80 ? `${pem.slice(0, 77)}...` : pem, 'has no PEM certificate', fix);
}
