import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { numberValue, objectValue } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { isStageWide, restStageOf, searchMethodSettings, V2_STAGE } from '../../stage-settings';

/**
 * Stages set a default rate and burst limit for every route / method: v2
 * `DefaultRouteSettings`, REST a `MethodSettings` entry for `*` `/*`.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === V2_STAGE) {
    const settings = objectValue(resource.properties.DefaultRouteSettings);
    if (settings === 'unresolved') return [unresolved('DefaultRouteSettings')];
    return limits(settings, 'DefaultRouteSettings');
  }
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const search = searchMethodSettings(stage, (setting) => {
    if (!isStageWide(setting)) return false;
    const result = limits(setting, 'MethodSettings');
    if (result === NagRuleCompliance.COMPLIANT) return true;
    return Array.isArray(result) ? 'unresolved' : false;
  });
  if (search === 'found') return NagRuleCompliance.COMPLIANT;
  return search === 'unresolved' ? [unresolved('MethodSettings')] : NagRuleCompliance.NON_COMPLIANT;
}

/** Both limits set to known numbers → COMPLIANT; one unknown → unresolved; otherwise NON_COMPLIANT. */
function limits(settings: Record<string, unknown> | undefined, property: string): NagRuleResult {
  if (settings === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const rate = numberValue(settings.ThrottlingRateLimit);
  const burst = numberValue(settings.ThrottlingBurstLimit);
  if (rate === undefined || burst === undefined) return NagRuleCompliance.NON_COMPLIANT;
  if (rate === 'unresolved' || burst === 'unresolved') return [unresolved(property)];
  return NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-StageThrottling',
    level: NagMessageLevel.ERROR,
    info: 'The stage does not set both a default rate limit and a default burst limit.',
    explanation:
      'Without stage throttling every route shares only the account-level limit, so one noisy client or one flooded route can exhaust it for every API in the account and region, and drive up backend cost.',
    fix: 'Portcullis APIs always set it: give `throttle: { rateLimit, burstLimit }` to change the defaults. Plain HTTP/WebSocket: set `throttle: { rateLimit, burstLimit }` on the stage (`HttpStage`, `WebSocketStage`, or `defaultStage` options). REST: set `deployOptions: { throttlingRateLimit, throttlingBurstLimit }` on the `RestApi` (or the same props on a `Stage`), which writes the `*` `/*` MethodSettings entry.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
