import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { numberValue, objectValue } from '../../intrinsics';
import { propertiesOf } from '../../resource-index';
import { isStageWide, restStageOf, searchMethodSettings, V2_STAGE } from '../../stage-settings';

/**
 * Stages set a default rate and burst limit for every route / method: v2
 * `DefaultRouteSettings`, REST a `MethodSettings` entry for `*` `/*`.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === V2_STAGE) {
      const settings = objectValue(propertiesOf(node).DefaultRouteSettings);
      if (settings === 'unresolved') return [unresolved('DefaultRouteSettings')];
      return limits(settings, 'DefaultRouteSettings');
    }
    const stage = restStageOf(node);
    if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const search = searchMethodSettings(stage, (setting) => {
      if (!isStageWide(setting)) return false;
      const result = limits(setting, 'MethodSettings');
      if (result === NagRuleCompliance.COMPLIANT) return true;
      return Array.isArray(result) ? 'unresolved' : false;
    });
    if (search === 'found') return NagRuleCompliance.COMPLIANT;
    return search === 'unresolved' ? [unresolved('MethodSettings')] : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/** Both limits set to known numbers → COMPLIANT; one unknown → unresolved; otherwise NON_COMPLIANT. */
function limits(settings: Record<string, unknown> | undefined, property: string): NagRuleResult {
  if (settings === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const rate = numberValue(settings.ThrottlingRateLimit);
  const burst = numberValue(settings.ThrottlingBurstLimit);
  if (rate === undefined || burst === undefined) return NagRuleCompliance.NON_COMPLIANT;
  if (rate === 'unresolved' || burst === 'unresolved') return [unresolved(property)];
  return NagRuleCompliance.COMPLIANT;
}
