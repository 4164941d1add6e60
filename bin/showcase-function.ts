import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from '../lib';

export interface ShowcaseFunctionProps {
  /** Folder of the bundled handler (assets/lambda/<name>). */
  readonly asset: string;
  readonly environment?: Record<string, string>;
}

const NO_VPC = 'Reaches no private network resource; a VPC would add NAT cost and cold-start latency for nothing';
const SYNC_ONLY = 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations';

/**
 * A showcase Lambda function hardened the way the standard packs ask: latest Node.js runtime,
 * KMS-encrypted logs with a retention, X-Ray tracing, reserved concurrency, and a role whose only
 * permissions are a customer managed policy (no inline policy).
 */
export class ShowcaseFunction extends Construct {
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ShowcaseFunctionProps) {
    super(scope, id);
    const logs = new EncryptedLogGroup(this, 'Logs');
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logs.logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions',
    });

    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(props.asset),
      handler: 'index.handler',
      // Immutable: the managed policy above already carries everything the function needs.
      role: role.withoutPolicyUpdates(),
      logGroup: logs.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: 20,
      environment: props.environment,
    });
    Validations.of(this.function).acknowledge(
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: NO_VPC },
      { id: 'HIPAA.Security-LambdaInsideVPC', reason: NO_VPC },
      { id: 'PCI.DSS.321-LambdaInsideVPC', reason: NO_VPC },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: SYNC_ONLY },
      { id: 'HIPAA.Security-LambdaDLQ', reason: SYNC_ONLY },
      { id: 'Serverless-LambdaDLQ', reason: SYNC_ONLY },
    );
  }
}
