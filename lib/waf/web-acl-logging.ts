import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { GatewayWebAclProps } from './gateway-web-acl-props';
import { EncryptedLogGroup } from '../common/encrypted-log-group';
import { reasonProblem } from '../common/reason-policy';
import { withRemovalNaming } from '../common/removal-weakening';
import { invalidProp, isUnresolved } from '../common/validation';
import { recordWeakening, Weakening } from '../common/weakening';

export const LOG_ONLY_BLOCKED_AND_COUNTED: Weakening = {
  setting: 'logOnlyBlockedAndCounted: true',
  reasonProp: 'logOnlyBlockedAndCountedReason',
  consequence: "WAF's logs have no record of allowed requests",
  rules: [],
};

/** Headers whose values are credentials; never written to WAF logs. */
const ALWAYS_REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'];

const LOG_GROUP_PREFIX = 'aws-waf-logs-';

export function defaultLogGroupName(scope: Construct): string {
  return LOG_GROUP_PREFIX + Names.uniqueResourceName(scope, { maxLength: 512 - LOG_GROUP_PREFIX.length, separator: '-' });
}

export function checkLogGroupName(scope: Construct, name: string): void {
  if (isUnresolved(name)) return;
  if (!name.startsWith(LOG_GROUP_PREFIX) || name.length > 512 || !/^[\w\-/.#]+$/.test(name)) {
    invalidProp(scope, 'logGroupName', name, `AWS WAF only logs to log groups named ${LOG_GROUP_PREFIX}… (up to 512 letters, digits, _ - / . #)`,
      `start the name with ${LOG_GROUP_PREFIX}, or leave logGroupName unset`);
  }
}

export function checkRedactedHeaders(scope: Construct, headers: string[] | undefined): void {
  for (const header of headers ?? []) {
    if (!isUnresolved(header) && (typeof header !== 'string' || !/^[!#$%&'*+\-.^_`|~\w]+$/.test(header))) {
      invalidProp(scope, 'redactedHeaders', headers, `'${header}' is not an HTTP header name`, 'list header names such as x-session-token');
    }
  }
}

/** What {@link createWebAclLogging} creates. */
export interface WebAclLogging {
  readonly logGroup: logs.ILogGroup;
  readonly logEncryptionKey: kms.IKey;
  readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
}

/**
 * The web ACL's request logs, children of the web ACL: a KMS-encrypted log group (`Logs`) and the
 * logging configuration (`Logging`), credentials redacted, only blocked and counted requests when so
 * declared (recorded as a weakening).
 */
export function createWebAclLogging(webAcl: Construct, webAclArn: string, props: GatewayWebAclProps, logGroupName: string): WebAclLogging {
  const redacted = [...ALWAYS_REDACTED_HEADERS, ...(props.redactedHeaders ?? []).map((h) => (isUnresolved(h) ? h : h.toLowerCase()))];
  const logGroup = new EncryptedLogGroup(webAcl, 'Logs', withRemovalNaming({
    retention: props.logRetention,
    encryptionKey: props.logEncryptionKey,
    removalPolicy: props.logRemovalPolicy,
    removalReason: props.logRemovalReason,
    logGroupName,
    purpose: 'AWS WAF logs',
  }, { scope: webAcl, policyProp: 'logRemovalPolicy', reasonProp: 'logRemovalReason' }));

  const loggingConfiguration = new wafv2.CfnLoggingConfiguration(webAcl, 'Logging', {
    resourceArn: webAclArn,
    // The ARN without the `:*` that the log group's Fn::GetAtt Arn ends with, as WAF documents it.
    logDestinationConfigs: [Stack.of(webAcl).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroup.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    redactedFields: redacted.map((name) => ({ singleHeader: { Name: name } })),
    loggingFilter: props.logOnlyBlockedAndCounted ? {
      DefaultBehavior: 'DROP',
      Filters: [{
        Behavior: 'KEEP',
        Requirement: 'MEETS_ANY',
        Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
      }],
    } : undefined,
  });
  if (props.logOnlyBlockedAndCounted === true && reasonProblem(props.logOnlyBlockedAndCountedReason) === undefined) {
    recordWeakening(loggingConfiguration, LOG_ONLY_BLOCKED_AND_COUNTED, props.logOnlyBlockedAndCountedReason!);
  }
  return { logGroup: logGroup.logGroup, logEncryptionKey: logGroup.encryptionKey, loggingConfiguration };
}
