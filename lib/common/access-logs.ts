import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { standardAccessLogFields } from './access-log-fields';
import { MIN_ACCESS_LOG_RETENTION_DAYS } from './access-log-retention';
import { ApiKind } from './api-kind';
import { EncryptedLogGroup } from './encrypted-log-group';
import { withRemovalNaming } from './removal-weakening';
import { invalidProp, isUnresolved } from './validation';

/**
 * Where and how a Portcullis stage keeps its access logs, for every API kind.
 */
export interface AccessLogOptions {
  /**
   * An existing log group to write to. It must be KMS-encrypted and have a retention: a log group
   * created in the same app is checked at synth (an error names what is missing); an imported one
   * is reported by the Portcullis rule pack as unresolved. `retention`, `encryptionKey` and
   * `removalPolicy` (with `removalReason`) describe a new log group and are refused together with this.
   *
   * @default - a new `EncryptedLogGroup`
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * Retention of the new log group. `RetentionDays.INFINITE` is refused: access logs hold IP
   * addresses, which data protection rules say not to keep forever. Fewer than 90 days is refused
   * too: the logs would be gone before most incidents are found (`Portcullis-AccessLogs[log-group-retention-short]`).
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * KMS key of the new log group. Portcullis lets CloudWatch Logs use it but does not change who may
   * create grants on your key: unless its policy refuses grants except to AWS services (call
   * `EncryptedLogGroup.denyGrantsExceptForAwsServices(key)`), the rule pack reports it
   * (`Portcullis-AccessLogKeyGrants`).
   *
   * @default - the stack's `SharedEncryptionKey` if it has one, else a new key with yearly rotation, which refuses grants except to AWS services
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the new log group, and the key Portcullis creates for it, when they leave the
   * stack. `RemovalPolicy.DESTROY` suits short-lived development stacks; access logs are audit
   * evidence, so keep the default elsewhere.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Why the new log group may be deleted: required with a `removalPolicy` of `DESTROY` or `SNAPSHOT`
   * (at least 10 visible characters), refused otherwise. Recorded on the log group under
   * `Portcullis::Weakenings`.
   *
   * @default - none (the log group is kept)
   */
  readonly removalReason?: string;

  /**
   * Fields added to the standard JSON record, e.g. `{ sub: '$context.authorizer.claims.sub' }` on an
   * HTTP API with a JWT authorizer. Each value is a `$context` variable; a name may not replace a
   * standard field. Do not log credentials or personal data you may not keep.
   *
   * @default - the standard fields only
   */
  readonly extraFields?: { [name: string]: string };
}

/** The log group a stage writes to, and the key Portcullis created for it, if any. */
export interface AccessLogDestination {
  readonly logGroup: logs.ILogGroup;
  readonly encryptionKey?: kms.IKey;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const CONTEXT_VARIABLE = /^\$context\.[A-Za-z0-9_.{}-]+$/;

/**
 * Checks access-log options; `prop` is the name they were passed as (e.g. `accessLogs`). Independent
 * checks: a caller may run each on its own and report them together.
 */
export function accessLogChecks(scope: IConstruct, prop: string, kind: ApiKind, options: AccessLogOptions = {}): Array<() => void> {
  return [
    () => {
      if (options.retention === logs.RetentionDays.INFINITE) {
        invalidProp(scope, `${prop}.retention`, 'INFINITE', 'access logs hold client IP addresses and must not be kept forever',
          'choose a finite retention, e.g. RetentionDays.ONE_YEAR (the default)');
      } else if (options.retention !== undefined && !isUnresolved(options.retention) && options.retention < MIN_ACCESS_LOG_RETENTION_DAYS) {
        invalidProp(scope, `${prop}.retention`, options.retention,
          `access logs kept for fewer than ${MIN_ACCESS_LOG_RETENTION_DAYS} days are gone before most incidents are found`,
          'choose at least RetentionDays.THREE_MONTHS; RetentionDays.ONE_YEAR is the default');
      }
    },
    () => {
      if (!options.logGroup) return;
      const ignored = (['retention', 'encryptionKey', 'removalPolicy', 'removalReason'] as const).filter((p) => options[p] !== undefined);
      if (ignored.length > 0) {
        invalidProp(scope, `${prop}.${ignored[0]}`, ignored.map((p) => `${prop}.${p}`),
          `${ignored.join(', ')} describe the log group Portcullis creates, but ${prop}.logGroup brings your own, so they would be ignored`,
          `set them on your log group and remove them here, or remove ${prop}.logGroup`);
      }
    },
    () => { if (options.logGroup) checkOwnLogGroup(scope, `${prop}.logGroup`, options.logGroup); },
    () => checkExtraFields(scope, `${prop}.extraFields`, kind, options.extraFields ?? {}),
  ];
}

/** Creates the encrypted log group, or returns the caller's. Validate with `accessLogChecks` first. */
export function accessLogDestination(scope: Construct, id: string, options: AccessLogOptions = {}, prop = 'accessLogs'): AccessLogDestination {
  if (options.logGroup) return { logGroup: options.logGroup };
  const encrypted = new EncryptedLogGroup(scope, id, withRemovalNaming({
    retention: options.retention,
    encryptionKey: options.encryptionKey,
    removalPolicy: options.removalPolicy,
    removalReason: options.removalReason,
    purpose: 'access logs',
  }, { scope, policyProp: `${prop}.removalPolicy`, reasonProp: `${prop}.removalReason` }));
  return { logGroup: encrypted.logGroup, encryptionKey: encrypted.encryptionKey };
}

/** A log group created in this app must be encrypted and expire; an imported one is the rule pack's to report. */
function checkOwnLogGroup(scope: IConstruct, prop: string, logGroup: logs.ILogGroup): void {
  const cfn = logGroup.node.defaultChild;
  if (!(cfn instanceof logs.CfnLogGroup)) return;
  if (cfn.kmsKeyId === undefined) {
    invalidProp(scope, prop, logGroup.node.path, 'is not encrypted with a customer managed KMS key',
      `create it with encryptionKey, or leave ${prop} out to get an EncryptedLogGroup`);
  }
  if (cfn.retentionInDays === undefined) {
    invalidProp(scope, prop, logGroup.node.path, 'keeps access logs forever (no retention)',
      'create it with retention, e.g. RetentionDays.ONE_YEAR');
  } else if (!isUnresolved(cfn.retentionInDays) && cfn.retentionInDays < MIN_ACCESS_LOG_RETENTION_DAYS) {
    invalidProp(scope, prop, logGroup.node.path, `keeps access logs for ${cfn.retentionInDays} days, fewer than ${MIN_ACCESS_LOG_RETENTION_DAYS}: they are gone before most incidents are found`,
      'create it with retention of at least RetentionDays.THREE_MONTHS, e.g. RetentionDays.ONE_YEAR');
  }
}

function checkExtraFields(scope: IConstruct, prop: string, kind: ApiKind, fields: Record<string, string>): void {
  const standard = standardAccessLogFields(kind);
  for (const [name, value] of Object.entries(fields)) {
    if (!FIELD_NAME.test(name)) {
      invalidProp(scope, prop, name, 'a field name starts with a letter or _ and holds only letters, digits, _ . and -',
        "name it like 'sub' or 'tenant_id'");
    }
    if (name in standard) {
      invalidProp(scope, `${prop}.${name}`, value, `'${name}' is a standard field (${standard[name]}); replacing it would break queries that rely on it`,
        `choose another name, e.g. '${name}2', or leave it out (it is logged already)`);
    }
    if (!isUnresolved(value) && (typeof value !== 'string' || !CONTEXT_VARIABLE.test(value))) {
      invalidProp(scope, `${prop}.${name}`, value, 'must be one $context variable',
        "use e.g. '$context.authorizer.claims.sub' (HTTP JWT), '$context.authorizer.tenant' (Lambda authorizer context)");
    }
  }
}
