import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { renderedInFinding } from '../common/finding-rendering';
import { checkInteger, invalidProp, isUnresolved, throwPropErrors } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';
import { checkNodeRuntime } from '../function/latest-node-runtime';
import { SecureFunction } from '../function/secure-function';
import { AlarmTopic } from '../monitoring/alarm-topic';

/** The handler bundle: assets/lambda/unused-api-sweeper, from lib/ (ts-node) or lib/ compiled (jsii). */
const ASSET = [2, 3].map((up) => path.join(__dirname, ...Array<string>(up).fill('..'), 'assets', 'lambda', 'unused-api-sweeper'))
  .find((dir) => fs.existsSync(path.join(dir, 'index.js')))!;

/** Defaults of {@link UnusedApiSweeper}, in one place. */
const DEFAULTS = {
  idleDays: 30,
  schedule: events.Schedule.rate(Duration.days(1)),
  optInTagKey: 'portcullis:sweep',
  optInTagValue: 'delete-when-unused',
  protectedTagKey: 'portcullis:protected',
  metricNamespace: 'Portcullis/UnusedApiSweeper',
  maxAttempts: 5,
  timeout: Duration.minutes(5),
} as const;

/** Metadata recorded on the function when deletion is switched on. */
export const SWEEPER_DELETION_METADATA_KEY = 'Portcullis::SweeperDeletion';

const LIST_REASON = 'API Gateway has no resource-level ARN for "every stage of every API": listing stages of APIs found at run time needs '
  + 'GET on /restapis/*/stages and /apis/*/stages (read-only; the sweeper cannot know the API ids in advance)';
const TOPIC_KEY_REASON = 'Publishing to the KMS-encrypted alarm topic needs kms:GenerateDataKey* (a family of data-key actions), on that topic\'s key only';
const METRIC_REASON = 'cloudwatch:GetMetricData supports no resource-level permissions';
const DELETE_REASON = 'DELETE on /restapis/* and /apis/* is conditioned on the opt-in tag (aws:ResourceTag) and on the absence of the protected tag, '
  + 'so only APIs that carry the opt-in tag and not the protected tag can be deleted';

const DELETION_ON: Weakening = {
  setting: 'deletionEnabled: true',
  reasonProp: 'deletionReason',
  consequence: `the function may delete every API that carries the opt-in tag and not the protected tag (${DELETE_REASON})`,
  rules: [],
};

/**
 * Properties of an {@link UnusedApiSweeper}.
 */
export interface UnusedApiSweeperProps {
  /**
   * An API with no request (REST, HTTP: `Count`; WebSocket: `ConnectCount` and `MessageCount`) on any
   * stage in this many days is unused. APIs younger than this are never reported. 1 to 455.
   *
   * @default 30
   */
  readonly idleDays?: number;

  /**
   * When the sweep runs.
   *
   * @default Schedule.rate(Duration.days(1))
   */
  readonly schedule?: events.Schedule;

  /**
   * Deletes unused APIs that carry the opt-in tag and not the protected tag. Off, the sweeper only
   * reports. Switching it on is a weakening (the function may delete APIs): it needs `deletionReason`,
   * and is recorded in the function's metadata (`Portcullis::SweeperDeletion`) too.
   *
   * @default false
   */
  readonly deletionEnabled?: boolean;

  /**
   * Why the sweeper may delete APIs (`deletionEnabled: true`), at least 10 characters (see the README's
   * "Weakenings"). Recorded on the function's grants policy (metadata `Portcullis::Weakenings`) and the
   * acknowledgement of the `AwsSolutions-IAM5` findings of its `apigateway:DELETE` statement.
   *
   * @default - `deletionEnabled: true` is refused
   */
  readonly deletionReason?: string;

  /**
   * The tag key an API must carry (with `optInTagValue`) to be deleted.
   *
   * @default 'portcullis:sweep'
   */
  readonly optInTagKey?: string;

  /**
   * The value of the opt-in tag.
   *
   * @default 'delete-when-unused'
   */
  readonly optInTagValue?: string;

  /**
   * An API carrying this tag key, whatever its value, is never deleted.
   *
   * @default 'portcullis:protected'
   */
  readonly protectedTagKey?: string;

  /**
   * Where the report of unused APIs goes (one message per run with unused APIs or errors).
   *
   * @default - a new `AlarmTopic`
   */
  readonly topic?: sns.ITopic;

  /**
   * Namespace of the `IdleApis`, `DeletedApis` and `SweepErrors` metrics (embedded metric format).
   *
   * @default 'Portcullis/UnusedApiSweeper'
   */
  readonly metricNamespace?: string;

  /**
   * The Node.js runtime, Node.js 22 or newer (the bundled handler is JavaScript built for Node.js 22
   * and uses the AWS SDK v3 the runtime provides). One older than the newest the installed
   * aws-cdk-lib knows is reported by AwsSolutions-L1 and Serverless-LambdaLatestVersion.
   *
   * @default - the newest Node.js runtime the installed aws-cdk-lib knows (found when the function is built, as cdk-nag finds it)
   */
  readonly runtime?: lambda.Runtime;

  /**
   * Attempts per AWS call; throttling and server errors are retried with exponential backoff and
   * jitter (the SDK's standard retry strategy) in between. 1 to 10.
   *
   * @default 5
   */
  readonly maxAttempts?: number;
}

/**
 * A scheduled Lambda function that finds API Gateway APIs (REST, HTTP, WebSocket) of this account
 * and Region without traffic for `idleDays`, reports them (SNS and custom metrics), and deletes them
 * only when `deletionEnabled`, only when they carry the opt-in tag, never when they carry the
 * protected tag. Every decision is a JSON log line.
 *
 * Its role lists APIs and stages (GET, which API Gateway cannot narrow to unknown API ids), reads
 * metrics, publishes to the topic, and, when deletion is on, may DELETE only APIs whose tags allow it
 * (`aws:ResourceTag` conditions, enforced by IAM, not only by the code).
 *
 * The handler uses the AWS SDK v3 that the Lambda Node.js runtime provides; it is not bundled.
 */
export class UnusedApiSweeper extends Construct {
  /** The function. */
  public readonly secureFunction: SecureFunction;
  /** The schedule rule. */
  public readonly schedule: events.Rule;
  /** The topic the report goes to. */
  public readonly topic: sns.ITopic;
  private readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: UnusedApiSweeperProps = {}) {
    super(scope, id);
    validate(this, props);
    const { partition, region } = Stack.of(this);
    const optInTagKey = props.optInTagKey ?? DEFAULTS.optInTagKey;
    const optInTagValue = props.optInTagValue ?? DEFAULTS.optInTagValue;
    const protectedTagKey = props.protectedTagKey ?? DEFAULTS.protectedTagKey;
    const deletionEnabled = props.deletionEnabled ?? false;
    this.metricNamespace = props.metricNamespace ?? DEFAULTS.metricNamespace;
    this.topic = props.topic ?? new AlarmTopic(this, 'Topic', { displayName: 'Portcullis unused APIs' }).topic;

    this.secureFunction = new SecureFunction(this, 'Handler', {
      code: lambda.Code.fromAsset(ASSET),
      runtime: props.runtime,
      description: `Portcullis unused-API sweeper (${deletionEnabled ? 'deletes opted-in unused APIs' : 'report only'})`,
      timeout: DEFAULTS.timeout,
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      environment: {
        IDLE_DAYS: String(props.idleDays ?? DEFAULTS.idleDays),
        DELETE_ENABLED: String(deletionEnabled),
        OPT_IN_TAG_KEY: optInTagKey,
        OPT_IN_TAG_VALUE: optInTagValue,
        PROTECTED_TAG_KEY: protectedTagKey,
        TOPIC_ARN: this.topic.topicArn,
        METRIC_NAMESPACE: this.metricNamespace,
        MAX_ATTEMPTS: String(props.maxAttempts ?? DEFAULTS.maxAttempts),
      },
      noVpcReason: 'Calls only the public API Gateway, CloudWatch and SNS endpoints; a VPC would add NAT cost for nothing',
      noDeadLetterQueueReason: 'Runs on a schedule and reports its own errors (SweepErrors metric, SNS); the next run repeats the whole sweep',
    });
    const fn = this.secureFunction;
    const apigw = (resource: string) => `arn:${partition}:apigateway:${region}::${resource}`;

    const stagesOfEveryApi = [apigw('/restapis/*/stages'), apigw('/apis/*/stages')];
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ListApisAndStages',
      actions: ['apigateway:GET'],
      resources: [apigw('/restapis'), stagesOfEveryApi[0], apigw('/apis'), stagesOfEveryApi[1]],
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadTrafficMetrics',
      actions: ['cloudwatch:GetMetricData'],
      resources: ['*'],
    }));
    this.topic.grantPublish(fn);
    const everyApi = deletionEnabled ? [apigw('/restapis/*'), apigw('/apis/*')] : [];
    if (deletionEnabled) {
      fn.addToRolePolicy(new iam.PolicyStatement({
        sid: 'DeleteOnlyOptedInUnprotectedApis',
        actions: ['apigateway:DELETE'],
        resources: everyApi,
        conditions: {
          StringEquals: { [`aws:ResourceTag/${optInTagKey}`]: optInTagValue },
          Null: { [`aws:ResourceTag/${protectedTagKey}`]: 'true' },
        },
      }));
      (fn.function.node.defaultChild as CfnResource).addMetadata(SWEEPER_DELETION_METADATA_KEY, {
        optInTag: `${optInTagKey}=${optInTagValue}`, protectedTagKey, idleDays: props.idleDays ?? DEFAULTS.idleDays,
      });
    }
    // The ids name the resources as the pack renders them in this app (partition literal or not, Region or not).
    const wildcard = (resource: string, reason: string) => ({ id: `AwsSolutions-IAM5[Resource::${renderedInFinding(this, resource)}]`, reason });
    const listing = stagesOfEveryApi.map((resource) => wildcard(resource, LIST_REASON));
    const deleting = everyApi.map((resource) => wildcard(resource, DELETE_REASON));
    // Only for the topic created here: a topic of the user's may not be encrypted, and its findings are the user's.
    // grantPublish writes kms:GenerateDataKey* on the topic's own key, whoever made the topic (an AlarmTopic
    // or the user's); an unencrypted topic gets no key statement, so nothing to acknowledge.
    const topicKey = this.topic.masterKey ? [{ id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: TOPIC_KEY_REASON }] : [];
    Validations.of(fn.grantsPolicy!).acknowledge(...listing, ...topicKey, { id: 'AwsSolutions-IAM5[Resource::*]', reason: METRIC_REASON });
    if (deletionEnabled) {
      recordWeakening(fn.grantsPolicy!.node.defaultChild as CfnResource, { ...DELETION_ON, rules: deleting.map((d) => d.id) }, props.deletionReason!);
    }

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Portcullis: runs the unused-API sweeper',
      schedule: props.schedule ?? DEFAULTS.schedule,
      targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });
    Validations.of(this.schedule.node.defaultChild!).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason: 'A missed run loses nothing: the next scheduled run repeats the whole sweep, and failed invocations show in the rule\'s FailedInvocations metric',
    });
  }

  /**
   * Unused APIs found by the last run.
   *
   * @default - maximum over 1 day
   */
  public metricIdleApis(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IdleApis', props);
  }

  /**
   * APIs deleted.
   *
   * @default - sum over 1 day
   */
  public metricDeletedApis(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('DeletedApis', { statistic: 'Sum', ...props });
  }

  /**
   * APIs (or listings) the sweep failed on.
   *
   * @default - sum over 1 day
   */
  public metricSweepErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('SweepErrors', { statistic: 'Sum', ...props });
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: this.metricNamespace, metricName, statistic: 'Maximum', period: Duration.days(1), ...props });
  }
}

function validate(scope: Construct, props: UnusedApiSweeperProps): void {
  const tagKey = (prop: string, value: string | undefined) => {
    if (value === undefined || isUnresolved(value)) return;
    if (value.length < 1 || value.length > 128 || value.startsWith('aws:')) {
      invalidProp(scope, prop, value, 'must be a tag key of 1 to 128 characters not starting with aws:', "give e.g. 'portcullis:sweep'");
    }
  };
  throwPropErrors([
    () => props.idleDays !== undefined && checkInteger(scope, 'idleDays', props.idleDays, 1, 455, 'give whole days from 1 to 455 (CloudWatch keeps daily data 455 days), e.g. 30'),
    () => props.runtime !== undefined && checkNodeRuntime(scope, 'runtime', props.runtime),
    () => props.maxAttempts !== undefined && checkInteger(scope, 'maxAttempts', props.maxAttempts, 1, 10, 'give e.g. 5'),
    () => {
      if (props.deletionEnabled === true) checkWeakeningReason(scope, DELETION_ON, props.deletionReason, 'Sandbox account: teams tag throw-away APIs portcullis:sweep=delete-when-unused');
      checkReasonUnused(scope, 'deletionReason', props.deletionReason, props.deletionEnabled === true, 'deletionEnabled: true');
    },
    () => tagKey('optInTagKey', props.optInTagKey),
    () => tagKey('protectedTagKey', props.protectedTagKey),
    () => {
      const v = props.optInTagValue;
      if (v !== undefined && !isUnresolved(v) && (v.length === 0 || v.length > 256)) {
        invalidProp(scope, 'optInTagValue', v, 'must be 1 to 256 characters', "give e.g. 'delete-when-unused'");
      }
    },
    () => {
      const { optInTagKey, protectedTagKey } = props;
      if ((optInTagKey ?? DEFAULTS.optInTagKey) === (protectedTagKey ?? DEFAULTS.protectedTagKey)) {
        invalidProp(scope, 'protectedTagKey', protectedTagKey ?? DEFAULTS.protectedTagKey, 'equals optInTagKey, so every opted-in API would be protected', 'give two different tag keys');
      }
    },
  ]);
}
