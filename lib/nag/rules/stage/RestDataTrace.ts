import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { booleanValue } from '../../intrinsics';
import { restStageOf, searchMethodSettings } from '../../stage-settings';

/**
 * REST stages do not enable data tracing (full request/response bodies in execution logs) for any method.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    const stage = restStageOf(node);
    if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (stage.methodSettings === 'unresolved') return [unresolved('MethodSettings')];
    const search = searchMethodSettings(stage, (setting) => {
      const enabled = booleanValue(setting.DataTraceEnabled);
      return enabled === 'unresolved' ? enabled : enabled === true;
    });
    if (search === 'found') return NagRuleCompliance.NON_COMPLIANT;
    return search === 'unresolved' ? [unresolved('DataTraceEnabled')] : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
