import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { numberValue, objectValue, scalar } from '../../intrinsics';
import { isJsonObjectFormat } from '../../json-log-format-check';
import { logGroupOfDestination } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { restStageOf, V2_STAGE } from '../../stage-settings';

/**
 * Stages write JSON access logs to a log group in this stack that has a retention period and a KMS key.
 */
function check(resource: ResourceView): NagRuleResult {
  let settings: unknown;
  if (resource.type === V2_STAGE) {
    settings = resource.properties.AccessLogSettings;
  } else {
    const stage = restStageOf(resource);
    if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    settings = stage.accessLogSetting;
  }
  const value = objectValue(settings);
  if (value === 'unresolved') return [unresolved('AccessLogSettings')];
  if (value === undefined || value.DestinationArn === undefined) return ['missing'];
  return fromFindings([...formatFindings(value.Format), ...destinationFindings(resource, value.DestinationArn)]);
}

function formatFindings(format: unknown): string[] {
  const value = scalar(format);
  if (value.kind === 'unresolved') return [unresolved('Format')];
  if (value.kind === 'absent' || !isJsonObjectFormat(String(value.value))) return ['not-json'];
  return [];
}

function destinationFindings(resource: ResourceView, destinationArn: unknown): string[] {
  const logGroup = logGroupOfDestination(resource.stack, destinationArn);
  if (logGroup.kind !== 'found') return [unresolved('DestinationArn')];
  const p = logGroup.resource.properties;
  const findings: string[] = [];
  const retention = numberValue(p.RetentionInDays);
  if (retention === 'unresolved') findings.push(unresolved('RetentionInDays'));
  else if (retention === undefined) findings.push('log-group-retention');
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
      { suffix: 'log-group-retention', meaning: 'The destination log group has no `retention` (RetentionInDays), so logs are kept forever.' },
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
