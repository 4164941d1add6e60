import { Aspects, CfnResource, Duration } from 'aws-cdk-lib';
import { CfnClientCertificate, CfnMethod, CfnStage, EndpointType, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct, IConstruct } from 'constructs';
import { reasonProblem } from '../common/reason-policy';
import { acknowledgeRepeated } from '../common/repeated-acknowledgement';
import { checkInteger, invalidProp, isUnresolved } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';

// The stage's settings beyond what aws-cdk-lib's deployOptions say: the cache, tracing and execution
// logs (with the reasons that turn them off), the client certificate, and what the packs flag by design.

/**
 * The REST stage cache. Encrypted, and used only by methods that opt in with `cacheResponses`: a
 * cache keyed without the caller's identity would serve one caller's response to another.
 */
export interface RestCacheOptions {
  /**
   * Size of the cache cluster in GB: '0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118' or '237'.
   *
   * @default '0.5'
   */
  readonly sizeGb?: string;

  /**
   * How long a response is cached, at most one hour.
   *
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;
}

/** The rules that report a REST stage without X-Ray tracing; `tracingOffReason` acknowledges them on the stage. */
export const REST_TRACING_RULES: readonly string[] = ['HIPAA.Security-APIGWXrayEnabled', 'Serverless-APIGWXrayEnabled', 'Portcullis-RestTracing'];

/** The rules that report a REST stage without execution logs; `executionLogsOffReason` acknowledges them on the stage. */
export const REST_EXECUTION_LOGGING_RULES: readonly string[] = [
  'AwsSolutions-APIG6', 'NIST.800.53.R5-APIGWExecutionLoggingEnabled', 'HIPAA.Security-APIGWExecutionLoggingEnabled',
  'PCI.DSS.321-APIGWExecutionLoggingEnabled', 'Portcullis-RestExecutionLogging',
];

export const TRACING_OFF: Weakening = {
  setting: 'tracing: false',
  reasonProp: 'tracingOffReason',
  consequence: 'no X-Ray traces of requests through the stage, its authorizer and its integration',
  rules: REST_TRACING_RULES,
};

export const REST_EXECUTION_LOGS_OFF: Weakening = {
  setting: 'executionLogLevel: OFF',
  reasonProp: 'executionLogsOffReason',
  consequence: 'no execution logs of authorizer denials, integration errors and throttling',
  rules: REST_EXECUTION_LOGGING_RULES,
};

/** cdk-nag rules that want every method of a REST stage cached, with the cache encrypted. */
export const REST_CACHE_RULES: readonly string[] = [
  'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'HIPAA.Security-APIGWCacheEnabledAndEncrypted', 'PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
];

/** cdk-nag rules that want a client certificate on a REST stage. */
export const REST_CLIENT_CERTIFICATE_RULES: readonly string[] = [
  'NIST.800.53.R5-APIGWSSLEnabled', 'HIPAA.Security-APIGWSSLEnabled', 'PCI.DSS.321-APIGWSSLEnabled',
];

/** Why a REST stage is not cached as a whole: with no cache, and with a cache that methods opt into. */
const CACHE_REASONS = {
  noCache: 'No cache was asked for (cache unset): the stage keeps no cached responses, so there is no cached data to encrypt',
  optIn: 'The cache is encrypted (cacheDataEncrypted on every entry) and serves only methods that opt in with cacheResponses: '
    + 'a stage-wide cache keyed without the caller\'s identity would serve one caller\'s response to another',
};

/** Why a REST stage without HTTP backends needs no client certificate. */
const NO_HTTP_BACKEND_REASON = 'No integration of this stage is an HTTP or HTTP_PROXY backend; a client certificate only lets HTTP '
  + 'backends authenticate API Gateway, so it would be presented to no one';

/** Integration types that call an HTTP backend, the only ones a stage's client certificate is presented to. */
const HTTP_INTEGRATION_TYPES = ['HTTP', 'HTTP_PROXY'];

/** Defaults of a SecureRestApi, in one place. */
export const SECURE_REST_API_DEFAULTS = {
  stageName: 'prod',
  endpointType: EndpointType.REGIONAL,
  executionLogLevel: MethodLoggingLevel.ERROR,
  tracing: true,
  cacheSizeGb: '0.5',
  cacheTtl: Duration.minutes(5),
};

const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

/** Construct id of the stage's client certificate, a child of the SecureRestApi. */
const CLIENT_CERTIFICATE_ID = 'ClientCertificate';

/** What the stage settings read of a SecureRestApi's props. */
export interface RestStageChoices {
  readonly tracing?: boolean;
  readonly tracingOffReason?: string;
  readonly executionLogsOffReason?: string;
  readonly cache?: RestCacheOptions;
}

/** The deferred checks of tracing, execution logs and the cache, each reporting on `owner`. */
export function restStageSettingChecks(owner: IConstruct, props: RestStageChoices, logLevel: MethodLoggingLevel): (() => void)[] {
  return [
    () => {
      if (props.tracing === false) checkWeakeningReason(owner, TRACING_OFF, props.tracingOffReason, 'Batch API called once a night; X-Ray costs more than it tells us');
      checkReasonUnused(owner, 'tracingOffReason', props.tracingOffReason, props.tracing === false, 'tracing: false');
    },
    () => {
      const off = logLevel === MethodLoggingLevel.OFF;
      if (off) checkWeakeningReason(owner, REST_EXECUTION_LOGS_OFF, props.executionLogsOffReason, 'Test stage torn down nightly; access logs record every call');
      checkReasonUnused(owner, 'executionLogsOffReason', props.executionLogsOffReason, off, 'executionLogLevel: MethodLoggingLevel.OFF');
    },
    () => {
      if (!props.cache) return;
      const size = props.cache.sizeGb ?? SECURE_REST_API_DEFAULTS.cacheSizeGb;
      if (!isUnresolved(size) && !CACHE_SIZES.includes(size)) {
        invalidProp(owner, 'cache.sizeGb', size, `is not a cache size API Gateway offers (${CACHE_SIZES.join(', ')})`, "use e.g. '0.5' (the default)");
      }
      checkInteger(owner, 'cache.ttl', (props.cache.ttl ?? SECURE_REST_API_DEFAULTS.cacheTtl).toSeconds({ integral: false }), 0, 3600,
        'use a whole number of seconds up to Duration.hours(1)');
    },
  ];
}

/** Whether the method's integration calls an HTTP backend, which the stage's client certificate is presented to. */
export function callsHttpBackend(cfn: CfnMethod): boolean {
  const type = (cfn.integration as CfnMethod.IntegrationProperty | undefined)?.type;
  return HTTP_INTEGRATION_TYPES.includes(isUnresolved(type) ? cfn.stack.resolve(type) : type);
}

/**
 * The stage findings of NIST 800-53 R5, HIPAA and PCI DSS that are true by design, acknowledged on
 * the stage with their reasons. The client certificate's is decided at synth, once every method is known.
 */
export function acknowledgeByDesignStageFindings(owner: Construct, api: RestApi, cacheOn: boolean): void {
  const cfnStage = api.deploymentStage.node.defaultChild as CfnStage;
  const cacheReason = cacheOn ? CACHE_REASONS.optIn : CACHE_REASONS.noCache;
  // Every SecureRestApi writes these: acknowledgeRepeated writes what acknowledge() does without its stack traces.
  for (const id of REST_CACHE_RULES) acknowledgeRepeated(cfnStage, { id, reason: cacheReason });
  // On the stage, not the API: an aspect is visited with every construct below where it is added, and the
  // API holds a few per method (about 1,000 visits at 200 methods for a decision about this one resource).
  Aspects.of(cfnStage).add({
    visit: (node) => {
      if (node === cfnStage && owner.node.tryFindChild(CLIENT_CERTIFICATE_ID) === undefined) {
        for (const id of REST_CLIENT_CERTIFICATE_RULES) acknowledgeRepeated(cfnStage, { id, reason: NO_HTTP_BACKEND_REASON });
      }
    },
  });
}

/** The stage's client certificate, created once, with the first HTTP backend. */
export function addClientCertificate(owner: Construct, api: RestApi, stageName: string): void {
  if (owner.node.tryFindChild(CLIENT_CERTIFICATE_ID)) return;
  const certificate = new CfnClientCertificate(owner, CLIENT_CERTIFICATE_ID, {
    description: `Presented by the ${stageName} stage of ${owner.node.path} to its HTTP backends`,
  });
  (api.deploymentStage.node.defaultChild as CfnStage).clientCertificateId = certificate.attrClientCertificateId;
}

/**
 * X-Ray off or execution logs off, each with its reason (checked in the constructor): recorded on the
 * stage where a reviewer of the template sees them, acknowledging the rules each causes there.
 */
export function recordWeakenedStage(api: RestApi, props: RestStageChoices, logLevel: MethodLoggingLevel): void {
  const cfnStage = api.deploymentStage.node.defaultChild as CfnResource;
  if (props.tracing === false && reasonProblem(props.tracingOffReason) === undefined) {
    recordWeakening(cfnStage, TRACING_OFF, props.tracingOffReason!);
  }
  if (logLevel === MethodLoggingLevel.OFF && reasonProblem(props.executionLogsOffReason) === undefined) {
    recordWeakening(cfnStage, REST_EXECUTION_LOGS_OFF, props.executionLogsOffReason!);
  }
}
