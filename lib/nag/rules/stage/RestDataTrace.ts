import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { booleanValue } from '../../intrinsics';
import { restStageOf } from '../../stage-settings';

/**
 * REST stages do not enable data tracing (full request/response bodies in execution logs) for any method.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    const stage = restStageOf(node);
    if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (stage.methodSettings === 'unresolved') return [unresolved('MethodSettings')];
    let sawUnresolved = false;
    for (const setting of stage.methodSettings) {
      const enabled = setting === 'unresolved' ? 'unresolved' : booleanValue(setting.DataTraceEnabled);
      if (enabled === true) return NagRuleCompliance.NON_COMPLIANT;
      if (enabled === 'unresolved') sawUnresolved = true;
    }
    return sawUnresolved ? [unresolved('DataTraceEnabled')] : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);
