import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { THROTTLE_CEILING } from '../../../common/throttle';
import { combineResults, unresolved, unresolvedFinding } from '../../findings';
import { numberValue, objectValue } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { isStageWide, restStageOf, searchMethodSettings, V2_STAGE } from '../../stage-settings';

/** The finding for a limit above {@link THROTTLE_CEILING}. */
const ABOVE_CEILING = 'above-ceiling';

/**
 * Stages set a default rate and burst limit for every route / method: v2
 * `DefaultRouteSettings`, REST a `MethodSettings` entry for `*` `/*`; no limit of the stage, a route
 * (`RouteSettings`, `$connect` included) or a method is above the ceiling.
 */
function check(resource: ResourceView): NagRuleResult {
  const main = stageDefault(resource);
  if (main === NagRuleCompliance.NOT_APPLICABLE || main === NagRuleCompliance.NON_COMPLIANT) return main;
  return combineResults([main, ceiling(resource)]);
}

function stageDefault(resource: ResourceView): NagRuleResult {
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

/**
 * `above-ceiling` when a limit of the stage, of a route or of a method is above the ceiling; limits
 * that cannot be read are left to the stage-default check (which reports them when they matter).
 */
function ceiling(resource: ResourceView): NagRuleResult {
  const settings: unknown[] = [];
  if (resource.type === V2_STAGE) {
    settings.push(resource.properties.DefaultRouteSettings);
    const routes = objectValue(resource.properties.RouteSettings);
    if (routes !== undefined && routes !== 'unresolved') settings.push(...Object.values(routes));
  } else {
    const stage = restStageOf(resource);
    if (stage !== undefined && stage.methodSettings !== 'unresolved') settings.push(...stage.methodSettings);
  }
  const above = settings.some((value) => {
    const setting = objectValue(value);
    if (setting === undefined || setting === 'unresolved') return false;
    return exceeds(setting.ThrottlingRateLimit, THROTTLE_CEILING.rateLimit) || exceeds(setting.ThrottlingBurstLimit, THROTTLE_CEILING.burstLimit);
  });
  return above ? [ABOVE_CEILING] : NagRuleCompliance.COMPLIANT;
}

function exceeds(value: unknown, limit: number): boolean {
  const n = numberValue(value);
  return typeof n === 'number' && n > limit;
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
      'Without stage throttling every route shares only the account-level limit, so one noisy client or one flooded route can exhaust it for every API in the account and region, and drive up backend cost. A limit above the default account quota (10,000 requests per second, burst 5,000: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html) is no limit in practice.',
    fix: 'Portcullis APIs always set it: give `throttle: { rateLimit, burstLimit }` to change the defaults (above the ceiling only with `throttle.aboveCeilingReason`). Plain HTTP/WebSocket: set `throttle: { rateLimit, burstLimit }` on the stage (`HttpStage`, `WebSocketStage`, or `defaultStage` options). REST: set `deployOptions: { throttlingRateLimit, throttlingBurstLimit }` on the `RestApi` (or the same props on a `Stage`), which writes the `*` `/*` MethodSettings entry.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      {
        suffix: ABOVE_CEILING,
        meaning: `A rate limit above ${THROTTLE_CEILING.rateLimit.toLocaleString('en-US')} requests per second or a burst limit above ${THROTTLE_CEILING.burstLimit.toLocaleString('en-US')}, at the stage (DefaultRouteSettings, the \`*\` \`/*\` MethodSettings entry), on a route (RouteSettings, WebSocket \`$connect\` included) or on a method (MethodSettings): above API Gateway's default account quota per Region, so it throttles nothing. Lower the limit, or acknowledge with the reason (an account quota raised to match).`,
      },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
