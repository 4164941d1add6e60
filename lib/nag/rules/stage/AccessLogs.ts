import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { isJsonObjectFormat } from '../../access-log-format';
import { fromFindings, unresolved } from '../../findings';
import { numberValue, objectValue, scalar } from '../../intrinsics';
import { logGroupOfDestination } from '../../related-resources';
import { propertiesOf } from '../../resource-index';
import { restStageOf, V2_STAGE } from '../../stage-settings';

/**
 * Stages write JSON access logs to a log group in this stack that has a retention period and a KMS key.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    let settings: unknown;
    if (node.cfnResourceType === V2_STAGE) {
      settings = propertiesOf(node).AccessLogSettings;
    } else {
      const stage = restStageOf(node);
      if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
      settings = stage.accessLogSetting;
    }
    const value = objectValue(settings);
    if (value === 'unresolved') return [unresolved('AccessLogSettings')];
    if (value === undefined || value.DestinationArn === undefined) return ['missing'];
    return fromFindings([...formatFindings(value.Format), ...destinationFindings(node, value.DestinationArn)]);
  },
  'name',
  { value: parse(__filename).name },
);

function formatFindings(format: unknown): string[] {
  const value = scalar(format);
  if (value.kind === 'unresolved') return [unresolved('Format')];
  if (value.kind === 'absent' || !isJsonObjectFormat(String(value.value))) return ['not-json'];
  return [];
}

function destinationFindings(node: CfnResource, destinationArn: unknown): string[] {
  const logGroup = logGroupOfDestination(node, destinationArn);
  if (logGroup.kind !== 'found') return [unresolved('DestinationArn')];
  const p = logGroup.resource.properties;
  const findings: string[] = [];
  const retention = numberValue(p.RetentionInDays);
  if (retention === 'unresolved') findings.push(unresolved('RetentionInDays'));
  else if (retention === undefined) findings.push('log-group-retention');
  if (p.KmsKeyId === undefined) findings.push('log-group-kms');
  return findings;
}
