import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { missingAccessLogFacts } from '../../../common/access-log-fields';
import { MIN_ACCESS_LOG_RETENTION_DAYS } from '../../../common/access-log-retention';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { numberValue, objectValue, scalar } from '../../intrinsics';
import { isJsonObjectFormat } from '../../json-log-format-check';
import { logGroupOfDestination } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { accessLogSettingsOf, NOT_A_STAGE } from '../../stage-settings';

/**
 * Stages write JSON access logs to a log group in this stack that has a retention period and a KMS key.
 */
function check(resource: ResourceView): NagRuleResult {
  const settings = accessLogSettingsOf(resource);
  if (settings === NOT_A_STAGE) return NagRuleCompliance.NOT_APPLICABLE;
  const value = objectValue(settings);
  if (value === 'unresolved') return [unresolved('AccessLogSettings')];
  if (value === undefined || value.DestinationArn === undefined) return ['missing'];
  return fromFindings([...formatFindings(value.Format), ...destinationFindings(resource, value.DestinationArn)]);
}

function formatFindings(format: unknown): string[] {
  const value = scalar(format);
  if (value.kind === 'unresolved') return [unresolved('Format')];
  if (value.kind === 'absent' || !isJsonObjectFormat(String(value.value))) return ['not-json'];
  return missingAccessLogFacts(String(value.value)).length > 0 ? ['missing-fields'] : [];
}

function destinationFindings(resource: ResourceView, destinationArn: unknown): string[] {
  const logGroup = logGroupOfDestination(resource.stack, destinationArn);
  if (logGroup.kind !== 'found') return [unresolved('DestinationArn')];
  const p = logGroup.resource.properties;
  const findings: string[] = [];
  const retention = numberValue(p.RetentionInDays);
  if (retention === 'unresolved') findings.push(unresolved('RetentionInDays'));
  else if (retention === undefined) findings.push('log-group-retention');
  else if (retention < MIN_ACCESS_LOG_RETENTION_DAYS) findings.push('log-group-retention-short');
  if (p.KmsKeyId === undefined) findings.push('log-group-kms');
  return findings;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-AccessLogs',
    level: NagMessageLevel.ERROR,
    info: 'The stage does not write JSON access logs to a retained, KMS-encrypted log group.',
    explanation:
      'Access logs are the record of who called what; without them an incident cannot be investigated. JSON logs can be queried with CloudWatch Logs Insights; a log group without retention keeps personal data forever, and without a customer-managed KMS key its contents are not under your key policy.',
    fix: 'HTTP/WebSocket: set `accessLogSettings: { destination: new LogGroupLogDestination(logGroup), format: AccessLogFormat.jsonWithStandardFields() }` on the stage. REST: set `deployOptions: { accessLogDestination: new LogGroupLogDestination(logGroup), accessLogFormat: AccessLogFormat.jsonWithStandardFields() }`. Create the log group with `retention` and `encryptionKey`.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      { suffix: 'missing', meaning: 'No access-log destination is configured on the stage.' },
      { suffix: 'not-json', meaning: 'The access-log format is absent or is not a JSON object once $context variables are filled in: use `AccessLogFormat.jsonWithStandardFields()` or a custom JSON format.' },
      {
        suffix: 'missing-fields',
        meaning: 'The JSON access-log format does not record all of: the caller (`$context.identity.sourceIp` or another identity or authorizer principal variable), the route or resource path (`$context.routeKey`, `$context.resourcePath`, `$context.path`), the status (`$context.status`) and the request id (`$context.requestId`). A record without them cannot answer who called what with what result. `AccessLogFormat.jsonWithStandardFields()` and Portcullis stages record all four.',
      },
      { suffix: 'log-group-retention', meaning: 'The destination log group has no `retention` (RetentionInDays), so logs are kept forever.' },
      {
        suffix: 'log-group-retention-short',
        meaning: `The destination log group keeps logs for fewer than ${MIN_ACCESS_LOG_RETENTION_DAYS} days: incidents are often found weeks after they began, and PCI DSS 10.7 keeps three months immediately available. Set \`retention\` to at least \`RetentionDays.THREE_MONTHS\` (Portcullis default: one year).`,
      },
      { suffix: 'log-group-kms', meaning: 'The destination log group has no `encryptionKey` (KmsKeyId).' },
      {
        suffix: 'unresolved:DestinationArn',
        meaning: 'The destination is not a log group in this stack (an imported log group or a Firehose stream), so its retention and encryption cannot be checked: create the log group in the stack, or acknowledge with the reason it is compliant.',
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
