import { CfnResource, PolicyValidationPluginReport, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import { NagPack, NagPackProps, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { combineResults, unresolved } from './findings';
import { resourceViewOf, withValidationSession } from './resource-index';
import { AcknowledgementView } from './resource-view';
import { AcknowledgementRule, PortcullisRule, PortcullisRuleInfo } from './rule';
import { ACKNOWLEDGEMENT_RULES, RESOURCE_RULES } from './rules';

export type { PortcullisFindingInfo, PortcullisRuleInfo } from './rule';

const PACK_NAME = 'Portcullis';

/** The catalogue: every rule's entry, in the order of the rule list. */
const RULES: PortcullisRuleInfo[] = [...RESOURCE_RULES, ...ACKNOWLEDGEMENT_RULES].map((rule) => rule.info);

/**
 * The Portcullis cdk-nag rule pack: API Gateway (REST, HTTP, WebSocket) security checks.
 *
 * Register it on an app with `Validations.of(app).addPlugins(new PortcullisChecks(app))`,
 * or run it directly with `new PortcullisChecks().validateScope(stack)`.
 * Acknowledge a finding on the resource or an ancestor with
 * `Validations.of(scope).acknowledge({ id: 'Portcullis-RestWaf', reason: '...' })`; the pack
 * reports an acknowledgement whose reason is missing or too short (`Portcullis-AcknowledgementReason`).
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

  private readonly verboseDescriptions: boolean;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PACK_NAME;
    this.verboseDescriptions = props?.verbose ?? false;
  }

  /**
   * Validate a construct tree: every resource, and every acknowledgement recorded on the tree or
   * on the ancestors of `scope`. Each validation indexes the stacks it looks across afresh, so
   * findings always reflect the tree as it is now.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return withValidationSession(() => {
      const report = super.validateScope(scope);
      const violations = [...report.violations, ...this.acknowledgementViolations(scope)];
      return { success: violations.length === 0, violations };
    });
  }

  /**
   * Runs the rules for the resource's type, and for each resource it creates implicitly (the
   * `$default` route and stage of a quick-create HTTP API; what SAM generates from an API or a
   * function's events), reporting the latter on this resource: one finding per rule, the main
   * finding winning over named ones.
   */
  protected checkResource(node: CfnResource): void {
    const resource = resourceViewOf(node);
    const implicit = resource.stack.implicitOf?.(resource.logicalId) ?? [];
    const own = rulesFor(node.cfnResourceType);
    if (own.length === 0 && implicit.length === 0) return;
    // An API whose whole definition cannot be read (an S3 location, `AWS::Include`) is one unresolved finding,
    // reported by the rule about its routes' authorization, not one per rule that would read the definition.
    const opaqueDefinition = implicit.some((created) => created.unresolvedProperty !== undefined
      && created.logicalId === `${created.origin}.${created.unresolvedProperty}.routes`);
    for (const rule of RESOURCE_RULES) {
      const checks: (() => NagRuleResult)[] = [];
      if (own.includes(rule)) checks.push(() => rule.check(resource));
      for (const created of implicit) {
        if (!rule.info.resourceTypes.includes(created.type)) continue;
        const property = created.unresolvedProperty;
        checks.push(property === undefined ? () => rule.check(created) : () => [unresolved(property)]);
      }
      if (checks.length === 0) continue;
      const reportsDefinition = !opaqueDefinition || rule.info.id === DEFINITION_RULE_ID;
      this.applyRule({
        ruleSuffixOverride: rule.info.id.slice(PACK_NAME.length + 1),
        info: rule.info.info,
        explanation: rule.info.explanation,
        level: rule.info.level,
        rule: () => {
          const results = checks.map((check) => check());
          return combineImplicit(reportsDefinition ? results : results.map(withoutDefinitionFindings));
        },
        node,
      });
    }
  }

  /**
   * Findings of the acknowledgement rules, on the construct each acknowledgement is declared on
   * (any construct, not only resources, so these bypass `applyRule`). They cannot be acknowledged:
   * a rule about acknowledgements that could be acknowledged away would check nothing. The pack
   * ignores acknowledgements of them, and reports them with severity `fatal`, which aws-cdk-lib
   * does not let an acknowledgement (`Portcullis::Portcullis-AcknowledgementReason[...]`) suppress.
   */
  private acknowledgementViolations(scope: IConstruct): PolicyViolation[] {
    const violations = new Map<string, PolicyViolation>();
    const seen = new Set<string>();
    for (const { construct, acknowledgement } of recordedAcknowledgements(scope)) {
      const path = construct.node.path;
      for (const rule of ACKNOWLEDGEMENT_RULES) {
        for (const ruleName of findingIds(rule, rule.check(acknowledgement))) {
          // The same id acknowledged twice on one construct is one finding.
          if (seen.has(`${ruleName}\u0000${path}`)) continue;
          seen.add(`${ruleName}\u0000${path}`);
          const resource = { constructPath: path, locations: [`Metadata/${Validations.ACKNOWLEDGED_RULES_METADATA_KEY}`] };
          const existing = violations.get(ruleName);
          if (existing) {
            existing.violatingResources.push(resource);
          } else {
            violations.set(ruleName, {
              ruleName, description: this.describe(rule.info), severity: UNSUPPRESSIBLE_SEVERITY, violatingResources: [resource],
            });
          }
        }
      }
    }
    return [...violations.values()];
  }

  /** As cdk-nag describes a finding: the info line, followed by the explanation when verbose. */
  private describe(info: PortcullisRuleInfo): string {
    return this.verboseDescriptions ? `${info.info} ${info.explanation}` : info.info;
  }
}

/** Results of one rule over a resource and what it creates: not applicable only when none applies. */
/** The rule that reports an API definition the pack cannot read, once per API. */
const DEFINITION_RULE_ID = 'Portcullis-RouteAuthorization';

/** The properties that hold or point at an API's OpenAPI definition (CloudFormation and SAM names), or at another API it copies. */
const DEFINITION_FINDINGS: ReadonlySet<string> = new Set(['Body', 'BodyS3Location', 'DefinitionBody', 'DefinitionUri', 'CloneFrom'].map(unresolved));

/** A result without its findings about an unreadable definition (reported once, by {@link DEFINITION_RULE_ID}). */
function withoutDefinitionFindings(result: NagRuleResult): NagRuleResult {
  if (!Array.isArray(result)) return result;
  const kept = result.filter((suffix) => !DEFINITION_FINDINGS.has(suffix));
  return kept.length > 0 ? kept : NagRuleCompliance.NOT_APPLICABLE;
}

function combineImplicit(results: readonly NagRuleResult[]): NagRuleResult {
  if (results.length === 1) return results[0];
  if (results.every((r) => r === NagRuleCompliance.NOT_APPLICABLE)) return NagRuleCompliance.NOT_APPLICABLE;
  return combineResults(results.filter((r) => r !== NagRuleCompliance.NOT_APPLICABLE));
}

/** The finding ids a rule result stands for: `<id>` for NON_COMPLIANT, `<id>[<suffix>]` for named findings. */
function findingIds(rule: AcknowledgementRule, result: NagRuleResult): string[] {
  if (result === NagRuleCompliance.NON_COMPLIANT) return [rule.info.id];
  return Array.isArray(result) ? result.map((suffix) => `${rule.info.id}[${suffix}]`) : [];
}

/** An error aws-cdk-lib reports whatever is acknowledged (`fatal` violations are not suppressible). */
const UNSUPPRESSIBLE_SEVERITY = 'fatal';

/**
 * Every acknowledgement recorded with `Validations.of(x).acknowledge()` on `scope`, its
 * descendants, and its ancestors (an ancestor's acknowledgement applies to the resources below it).
 */
function* recordedAcknowledgements(scope: IConstruct): Generator<{ construct: IConstruct; acknowledgement: AcknowledgementView }> {
  const constructs = new Set([...scope.node.scopes, ...scope.node.findAll()]);
  for (const construct of constructs) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !isRecord(entry.data)) continue;
      for (const [qualifiedId, reason] of Object.entries(entry.data)) {
        // acknowledge() records ids without a namespace as `Annotation::<id>` (`annotation::` before aws-cdk-lib 2.262.1).
        const ruleId = qualifiedId.replace(/^annotation::/i, '');
        yield { construct, acknowledgement: { ruleId, reason, declaredInStack: construct.node.scopes.some((c) => Stack.isStack(c)) } };
      }
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/**
 * The rules that check a resource type (most resources in a stack have none); `Custom::*` in a rule's
 * types stands for every custom resource type.
 */
function rulesFor(type: string): readonly PortcullisRule[] {
  if (rulesByType === undefined) {
    rulesByType = new Map();
    for (const rule of RESOURCE_RULES) {
      for (const resourceType of rule.info.resourceTypes) {
        rulesByType.set(resourceType, [...(rulesByType.get(resourceType) ?? []), rule]);
      }
    }
  }
  const own = rulesByType.get(type) ?? [];
  return type.startsWith('Custom::') ? [...own, ...(rulesByType.get('Custom::*') ?? [])] : own;
}
