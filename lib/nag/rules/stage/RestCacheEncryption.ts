import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { booleanValue } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { isStageWide, restStageOf } from '../../stage-settings';

/**
 * REST stages with a cache cluster encrypt every cached response (`CacheDataEncrypted`) wherever
 * caching is on; a stage without a cache cluster caches nothing and passes.
 */
function check(resource: ResourceView): NagRuleResult {
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const cluster = booleanValue(stage.cacheClusterEnabled);
  if (cluster === 'unresolved') return [unresolved('CacheClusterEnabled')];
  if (cluster !== true) return NagRuleCompliance.COMPLIANT;
  if (stage.methodSettings === 'unresolved') return [unresolved('MethodSettings')];

  const findings = new Set<string>();
  const read = (value: unknown, property: string): boolean | undefined => {
    const b = booleanValue(value);
    if (b === 'unresolved') {
      findings.add(unresolved(property));
      return undefined;
    }
    return b;
  };
  // Stage-wide values (a later stage-wide entry overrides an earlier one).
  let stageCaching: boolean | undefined;
  let stageEncrypted: boolean | undefined;
  const methods: Array<Record<string, unknown>> = [];
  for (const setting of stage.methodSettings) {
    if (setting === 'unresolved') {
      findings.add(unresolved('MethodSettings'));
    } else if (isStageWide(setting)) {
      stageCaching = read(setting.CachingEnabled, 'CachingEnabled') ?? stageCaching;
      stageEncrypted = read(setting.CacheDataEncrypted, 'CacheDataEncrypted') ?? stageEncrypted;
    } else {
      methods.push(setting);
    }
  }
  // With a cache cluster and no stage-wide CachingEnabled, API Gateway may cache GET methods: only an
  // explicit `false` shows that nothing stage-wide is cached.
  let unencrypted = stageCaching !== false && stageEncrypted !== true;
  for (const setting of methods) {
    const caching = read(setting.CachingEnabled, 'CachingEnabled') ?? stageCaching;
    const encrypted = read(setting.CacheDataEncrypted, 'CacheDataEncrypted') ?? stageEncrypted;
    if (caching === true && encrypted !== true) unencrypted = true;
  }
  // A value that cannot be read may be the one that decides, so it is reported rather than guessed.
  if (findings.size > 0) return fromFindings([...findings]);
  return unencrypted ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestCacheEncryption',
    level: NagMessageLevel.ERROR,
    info: 'The REST stage caches responses without encrypting the cache.',
    explanation:
      'A stage cache holds whole responses (often personal data or data fetched with the caller\'s authority) for their TTL; unencrypted, they sit in clear on the cache cluster. The NIST 800-53, HIPAA and PCI DSS packs\' APIGWCacheEnabledAndEncrypted requires caching to be ON and encrypted for `*` `/*`, so a stage that does not cache at all fails it, while an unencrypted per-method cache under it is missed. This rule only asks for encryption where a cache cluster exists, checks every method that caches, reads a stage declared by an AWS::ApiGateway::Deployment, and reports values it cannot read as unresolved.',
    fix: 'With `cacheClusterEnabled: true`, set `cacheDataEncrypted: true` in `deployOptions` (stage-wide) and in every `methodOptions` entry that sets `cachingEnabled: true`; or turn the cache cluster off.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
