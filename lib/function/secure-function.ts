import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { checkNodeRuntime, newestNodeRuntime } from './latest-node-runtime';
import { ManagedPolicyRole } from './managed-policy-role';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { reasonProblem } from '../common/reason-policy';
import { removalNamingOf, withRemovalNaming } from '../common/removal-weakening';
import { checkInteger, invalidProp, isUnresolved } from '../common/validation';

/**
 * What a {@link SecureFunction} uses when a prop is not given: the settings the standard cdk-nag
 * packs ask for (latest runtime, explicit memory and timeout, reserved concurrency). The runtime is
 * not a constant: the newest Node.js runtime of the installed aws-cdk-lib, found as AwsSolutions-L1
 * and Serverless-LambdaLatestVersion find it.
 */
const DEFAULTS = {
  /** Called when the function is built, so it follows the installed aws-cdk-lib. */
  runtime: newestNodeRuntime,
  handler: 'index.handler',
  /** Graviton: cheaper per GB-second than x86_64 for the same code. */
  architecture: lambda.Architecture.ARM_64,
  memorySize: 256,
  timeout: Duration.seconds(10),
  reservedConcurrentExecutions: 20,
  logRemovalPolicy: RemovalPolicy.RETAIN,
} as const;

/** Rules that flag a function outside a VPC, per pack the showcase runs. */
const INSIDE_VPC_RULES = ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'];
/** Rules that flag a function without a dead-letter queue. */
const DLQ_RULES = ['NIST.800.53.R5-LambdaDLQ', 'HIPAA.Security-LambdaDLQ', 'Serverless-LambdaDLQ'];

const XRAY_REASON = 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions';
const VPC_NETWORK_REASON = 'Lambda manages the network interfaces of a VPC function itself, and ec2:Describe* supports no resource-level permissions';
/** What AWSLambdaVPCAccessExecutionRole grants, without the AWS managed policy (AwsSolutions-IAM4). */
const VPC_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
];

/**
 * Properties of a {@link SecureFunction}.
 */
export interface SecureFunctionProps {
  /** The function's code, e.g. `lambda.Code.fromAsset('dist/orders')`. */
  readonly code: lambda.Code;

  /**
   * The handler, `file.export`.
   *
   * @default 'index.handler'
   */
  readonly handler?: string;

  /**
   * The runtime. A Node.js runtime older than Node.js 22 is refused. A runtime older than the
   * newest of its family that the installed aws-cdk-lib knows is reported by AwsSolutions-L1 and
   * Serverless-LambdaLatestVersion. Runtimes of other families (Python, Java …) are accepted for your
   * own code.
   *
   * @default - the newest Node.js runtime the installed aws-cdk-lib knows (found when the function is built, as cdk-nag finds it)
   */
  readonly runtime?: lambda.Runtime;

  /**
   * The instruction set.
   *
   * @default Architecture.ARM_64
   */
  readonly architecture?: lambda.Architecture;

  /**
   * Memory in MiB (128 to 10240); CPU is allocated in proportion.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long an invocation may run (1 second to 15 minutes). Behind API Gateway, the integration
   * gives up after 30 seconds whatever this says.
   *
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;

  /**
   * Concurrent executions reserved for the function and never exceeded, so that one function can
   * neither starve the others of the account's concurrency nor scale without bound. Lambda keeps part
   * of the account's quota unreserved (100 of the default 1,000), so an account with a low quota
   * fails the deployment: ask for a quota increase or reserve less.
   *
   * @default 20
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * Environment variables. They are visible to anyone who may read the function's configuration:
   * keep secrets in Secrets Manager and pass their names.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * A description of the function.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * How long the function's log events are kept. `RetentionDays.INFINITE` is refused.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Customer managed KMS key that encrypts the function's logs.
   *
   * @default - the stack's `SharedEncryptionKey` if it has one, else a new key with yearly rotation, retained on stack deletion
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * What happens to the log group when it leaves the stack. `DESTROY` suits short-lived
   * development stacks; logs are evidence in production.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * Why the log group may be deleted: required with a `logRemovalPolicy` of `DESTROY` or `SNAPSHOT`
   * (at least 10 visible characters), refused otherwise. Recorded on the log group under
   * `Portcullis::Weakenings`.
   *
   * @default - none (the log group is kept)
   */
  readonly logRemovalReason?: string;

  /**
   * VPC to place the function in, for functions that reach private resources. The role gets the
   * network-interface permissions Lambda needs (as a customer managed policy).
   *
   * @default - no VPC: `noVpcReason` says why, or the NIST 800-53 R5, HIPAA and PCI DSS packs report the function
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnets of `vpc` to use.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the function in `vpc`.
   *
   * @default - a new security group that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Why the function runs outside a VPC (at least 10 characters), for example "Reaches only public
   * AWS endpoints; a VPC would add NAT cost for nothing". The reason acknowledges
   * NIST.800.53.R5-LambdaInsideVPC, HIPAA.Security-LambdaInsideVPC and PCI.DSS.321-LambdaInsideVPC
   * on the function, recorded in the cloud assembly where `cdk-portcullis audit` reads it.
   * Not allowed together with `vpc`.
   *
   * @default - no acknowledgement: without `vpc`, those packs report the function
   */
  readonly noVpcReason?: string;

  /**
   * Queue that receives the events of asynchronous invocations that failed every retry. The role
   * may send to it (and, for a queue encrypted with a customer managed key, use the key).
   *
   * @default - no dead-letter queue: `noDeadLetterQueueReason` says why, or the NIST 800-53 R5, HIPAA and Serverless packs report the function
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * Why the function needs no dead-letter queue (at least 10 characters). A dead-letter queue only
   * receives events of asynchronous invocations, so a function that API Gateway invokes
   * synchronously has this reason. It acknowledges NIST.800.53.R5-LambdaDLQ, HIPAA.Security-LambdaDLQ
   * and Serverless-LambdaDLQ on the function, recorded in the cloud assembly.
   * Not allowed together with `deadLetterQueue`.
   *
   * @default - no acknowledgement: without `deadLetterQueue`, those packs report the function
   */
  readonly noDeadLetterQueueReason?: string;
}

/**
 * A Lambda function configured the way the standard cdk-nag packs (AwsSolutions, NIST 800-53 R5,
 * HIPAA Security, PCI DSS 3.2.1, Serverless) ask: the newest runtime, X-Ray active tracing, JSON
 * logs in its own KMS-encrypted log group with a retention, explicit memory, timeout and reserved
 * concurrency, and a role whose permissions are customer managed policies only (no AWS managed
 * policy, no inline policy).
 *
 * Grants work as usual (`table.grantReadData(fn.function)` or `addToRolePolicy`): their statements
 * go into a second customer managed policy, `grantsPolicy`, so that the one acknowledgement this
 * construct makes (X-Ray's `Resource::*` on its own policy) never covers them.
 *
 * Findings a function cannot fix by itself are the user's to state: place it in a `vpc` or give
 * `noVpcReason`; give a `deadLetterQueue` or `noDeadLetterQueueReason`.
 */
export class SecureFunction extends Construct implements iam.IGrantable {
  /** The Lambda function. */
  public readonly function: lambda.Function;
  /** The function's execution role. Add permissions through `addToRolePolicy` or grants, not to the role directly. */
  public readonly role: iam.Role;
  /** The customer managed policy with what the function itself needs: its logs, X-Ray, and VPC or dead-letter queue access. */
  public readonly policy: iam.ManagedPolicy;
  /** The function's log group, KMS-encrypted with a retention. */
  public readonly logGroup: logs.LogGroup;
  /** The key that encrypts the log group. */
  public readonly logEncryptionKey: kms.IKey;
  /** Grants on this principal land in customer managed policies of the role. */
  public readonly grantPrincipal: iam.IPrincipal;

  private _grantsPolicy?: iam.ManagedPolicy;
  /** While true, statements (those lambda.Function adds for its own configuration) go into `policy`. */
  private configuring = true;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    validate(this, props);

    const encryptedLogs = new EncryptedLogGroup(this, 'Logs', withRemovalNaming({
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: props.logRemovalPolicy ?? DEFAULTS.logRemovalPolicy,
      removalReason: props.logRemovalReason,
      purpose: 'function logs',
    }, removalNamingOf(props) ?? { scope: this, policyProp: 'logRemovalPolicy', reasonProp: 'logRemovalReason' }));
    this.logGroup = encryptedLogs.logGroup;
    this.logEncryptionKey = encryptedLogs.encryptionKey;

    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
      ],
    });
    const roleView = new ManagedPolicyRole(this, 'RolePolicies', this.role,
      () => this.configuring ? this.policy : this.grantsPolicyForNewStatement());
    this.grantPrincipal = roleView;

    if (props.vpc) {
      this.policy.addStatements(new iam.PolicyStatement({ actions: VPC_NETWORK_ACTIONS, resources: ['*'] }));
    }
    const queueKey = props.deadLetterQueue?.encryptionMasterKey;
    if (queueKey) {
      // What a producer needs on the queue's key; sqs:SendMessage is added by lambda.Function.
      this.policy.addStatements(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [queueKey.keyArn] }));
    }

    this.function = new lambda.Function(this, 'Function', {
      runtime: props.runtime ?? DEFAULTS.runtime(),
      architecture: props.architecture ?? DEFAULTS.architecture,
      code: props.code,
      handler: props.handler ?? DEFAULTS.handler,
      description: props.description,
      role: roleView,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      // Also adds the X-Ray statement, into `policy`.
      tracing: lambda.Tracing.ACTIVE,
      memorySize: props.memorySize ?? DEFAULTS.memorySize,
      timeout: props.timeout ?? DEFAULTS.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? DEFAULTS.reservedConcurrentExecutions,
      environment: props.environment,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      deadLetterQueue: props.deadLetterQueue,
    });
    this.configuring = false;
    if (props.vpc || props.deadLetterQueue) {
      // Lambda checks at creation that the role may create network interfaces and send to the queue.
      this.function.node.addDependency(this.policy);
    }

    // True of every SecureFunction, so acknowledged here; anything else is the user's to state.
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: props.vpc ? `${XRAY_REASON}; ${VPC_NETWORK_REASON}` : XRAY_REASON,
    });
    const acknowledgements = [
      ...(props.noVpcReason ? INSIDE_VPC_RULES.map((ruleId) => ({ id: ruleId, reason: props.noVpcReason! })) : []),
      ...(props.noDeadLetterQueueReason ? DLQ_RULES.map((ruleId) => ({ id: ruleId, reason: props.noDeadLetterQueueReason! })) : []),
    ];
    if (acknowledgements.length > 0) Validations.of(this.function).acknowledge(...acknowledgements);
  }

  /**
   * The customer managed policy that holds the statements of grants and `addToRolePolicy`, created
   * with the first of them. Acknowledge its findings (for example `AwsSolutions-IAM5[Resource::<Arn>/*]`)
   * here, with your reason. Undefined until the first statement.
   */
  public get grantsPolicy(): iam.ManagedPolicy | undefined {
    return this._grantsPolicy;
  }

  /**
   * Adds a statement to the role, in `grantsPolicy`.
   */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.grantPrincipal.addToPrincipalPolicy(statement);
  }

  private grantsPolicyForNewStatement(): iam.ManagedPolicy {
    this._grantsPolicy ??= new iam.ManagedPolicy(this, 'GrantsPolicy', {
      description: `Grants to the function ${this.node.path}`,
      roles: [this.role],
    });
    return this._grantsPolicy;
  }
}

function validate(scope: Construct, props: SecureFunctionProps): void {
  if (props.handler !== undefined && !isUnresolved(props.handler) && props.handler.trim() === '') {
    invalidProp(scope, 'handler', props.handler, 'must name the handler', "give 'file.export', e.g. 'index.handler'");
  }
  if (props.runtime !== undefined) checkNodeRuntime(scope, 'runtime', props.runtime, true);
  if (props.memorySize !== undefined) {
    checkInteger(scope, 'memorySize', props.memorySize, 128, 10_240, 'give the memory in MiB, e.g. 256');
  }
  if (props.timeout !== undefined && !props.timeout.isUnresolved()) {
    const millis = props.timeout.toMilliseconds();
    if (millis % 1000 !== 0 || millis < 1000 || millis > 900_000) {
      invalidProp(scope, 'timeout', props.timeout.toHumanString(), 'must be whole seconds from 1 second to 15 minutes',
        'give e.g. Duration.seconds(10)');
    }
  }
  if (props.reservedConcurrentExecutions !== undefined) {
    checkInteger(scope, 'reservedConcurrentExecutions', props.reservedConcurrentExecutions, 1, 1_000_000,
      'reserve at least 1 (0 would throttle every invocation), e.g. 20');
  }
  if (props.logRetention === logs.RetentionDays.INFINITE) {
    invalidProp(scope, 'logRetention', 'INFINITE', 'logs must expire (AwsSolutions and NIST ask for a retention)',
      'give a retention, e.g. RetentionDays.ONE_YEAR');
  }
  if (!props.vpc && (props.vpcSubnets !== undefined || props.securityGroups !== undefined)) {
    invalidProp(scope, props.vpcSubnets !== undefined ? 'vpcSubnets' : 'securityGroups', 'given', 'only applies with vpc',
      'give vpc, or leave them out');
  }
  checkReason(scope, 'noVpcReason', props.noVpcReason, props.vpc !== undefined, 'vpc',
    'say why in a sentence, e.g. "Reaches only public AWS endpoints; a VPC would add NAT cost for nothing"');
  checkReason(scope, 'noDeadLetterQueueReason', props.noDeadLetterQueueReason, props.deadLetterQueue !== undefined, 'deadLetterQueue',
    'say why in a sentence, e.g. "Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations"');
}

function checkReason(scope: Construct, prop: string, reason: string | undefined, alternativeGiven: boolean, alternative: string,
  fix: string): void {
  if (reason === undefined) return;
  if (alternativeGiven) {
    invalidProp(scope, prop, reason, `contradicts '${alternative}', which is given`, `leave out ${prop}`);
  }
  const problem = reasonProblem(reason);
  if (problem !== undefined) {
    invalidProp(scope, prop, reason, problem, fix);
  }
}
