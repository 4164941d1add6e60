import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { resourceViewOf, withValidationSession } from './resource-index';
import { PortcullisRule, PortcullisRuleInfo } from './rule';
import { RESOURCE_RULES } from './rules';

export type { PortcullisFindingInfo, PortcullisRuleInfo } from './rule';

const PACK_NAME = 'Portcullis';

/** The catalogue: every rule's entry, in the order of the rule list. */
const RULES: PortcullisRuleInfo[] = RESOURCE_RULES.map((rule) => rule.info);

/**
 * The Portcullis cdk-nag rule pack: API Gateway (REST, HTTP, WebSocket) security checks.
 *
 * Register it on an app with `Validations.of(app).addPlugins(new PortcullisChecks(app))`,
 * or run it directly with `new PortcullisChecks().validateScope(stack)`.
 * Acknowledge a finding on the resource or an ancestor with
 * `Validations.of(scope).acknowledge({ id: 'Portcullis-RestWaf', reason: '...' })`.
 */
export class PortcullisChecks extends NagPack {
  /**
   * Every rule of the pack with the text it reports; the single source for the
   * pack, the audit command and the README.
   */
  public static readonly RULES: PortcullisRuleInfo[] = deepFreeze(RULES);

  /**
   * The catalogue entry for a rule id or a finding id.
   * @param id a rule id (`Portcullis-AccessLogs`) or finding id (`Portcullis-AccessLogs[missing]`)
   * @returns the rule, or undefined if the id is not a Portcullis rule
   */
  public static ruleInfo(id: string): PortcullisRuleInfo | undefined {
    const ruleId = id.replace(/\[.*\]$/, '');
    return RULES.find((rule) => rule.id === ruleId);
  }

  public readonly name = PACK_NAME;

  public readonly ruleIds?: string[] = RULES.map((rule) => rule.id);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PACK_NAME;
  }

  /**
   * Validate a construct tree. Each validation indexes the stacks it looks
   * across afresh, so findings always reflect the tree as it is now.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return withValidationSession(() => super.validateScope(scope));
  }

  protected checkResource(node: CfnResource): void {
    const rules = rulesFor(node.cfnResourceType);
    if (rules.length === 0) return;
    const resource = resourceViewOf(node);
    for (const rule of rules) {
      this.applyRule({
        ruleSuffixOverride: rule.info.id.slice(PACK_NAME.length + 1),
        info: rule.info.info,
        explanation: rule.info.explanation,
        level: rule.info.level,
        rule: () => rule.check(resource),
        node,
      });
    }
  }

}

/** The catalogue is shared by every pack instance; freeze it so no caller can change what the pack reports. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let rulesByType: Map<string, PortcullisRule[]> | undefined;

/** The rules that check a resource type (most resources in a stack have none). */
function rulesFor(type: string): readonly PortcullisRule[] {
  if (rulesByType === undefined) {
    rulesByType = new Map();
    for (const rule of RESOURCE_RULES) {
      for (const resourceType of rule.info.resourceTypes) {
        rulesByType.set(resourceType, [...(rulesByType.get(resourceType) ?? []), rule]);
      }
    }
  }
  return rulesByType.get(type) ?? [];
}
