import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { objectValue, referencedLogicalId } from '../../intrinsics';
import { policyStatements } from '../../policy-document';
import { logGroupOfDestination } from '../../related-resources';
import { ResourceView, StackView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { REST_DEPLOYMENT, REST_STAGE, restStageOf, V2_STAGE } from '../../stage-settings';

const KMS_KEY = 'AWS::KMS::Key';
const CREATE_GRANT = 'kms:creategrant';
const GRANT_CONDITION_KEY = 'kms:grantisforawsresource';
const PRINCIPAL_IS_SERVICE_KEY = 'aws:principalisawsservice';

type Verdict = 'restricted' | 'open' | 'unresolved';

/**
 * The KMS key of an API Gateway access-log group lets nobody create grants except for AWS
 * resources (`kms:GrantIsForAWSResource`): either every Allow of `kms:CreateGrant` requires the
 * condition, or a Deny refuses every other grant (`Bool` or `BoolIfExists`, alone or in AWS Control
 * Tower's CT.KMS.PR.3 form with `aws:PrincipalIsAWSService: "false"`).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== KMS_KEY || !accessLogKeys(resource.stack).has(resource.logicalId)) return NagRuleCompliance.NOT_APPLICABLE;
  const verdict = policyVerdict(resource.properties.KeyPolicy);
  if (verdict === 'unresolved') return [unresolved('KeyPolicy')];
  return verdict === 'restricted' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Logical ids of the keys in `stack` that encrypt a log group some API Gateway stage (REST,
 * HTTP, WebSocket; declared or created by SAM) writes its access logs to.
 */
function accessLogKeys(stack: StackView): ReadonlySet<string> {
  return stack.memo('accessLogKeys', (index) => {
    const keys = new Set<string>();
    const settings: unknown[] = [
      ...index.ofType(V2_STAGE).map((stage) => stage.properties.AccessLogSettings),
      ...[...index.ofType(REST_STAGE), ...index.ofType(REST_DEPLOYMENT)].map((stage) => restStageOf(stage)?.accessLogSetting),
    ];
    for (const setting of settings) {
      const value = objectValue(setting);
      if (value === undefined || value === 'unresolved') continue;
      const logGroup = logGroupOfDestination(index, value.DestinationArn);
      if (logGroup.kind !== 'found') continue;
      const keyId = referencedLogicalId(logGroup.resource.properties.KmsKeyId);
      if (keyId !== undefined && index.byId(keyId)?.type === KMS_KEY) keys.add(keyId);
    }
    return keys;
  });
}

/**
 * Whether a key policy (an object or JSON text) restricts `kms:CreateGrant` to grants for AWS
 * resources. No policy is KMS's default policy, which allows `kms:*` to the account.
 */
function policyVerdict(policy: unknown): Verdict {
  if (policy === undefined || policy === null) return 'open';
  const statements = policyStatements(policy);
  if (statements === 'unresolved') return 'unresolved';

  let unknown = false;
  let open = false;
  for (const item of statements) {
    const statement = objectValue(item);
    if (statement === undefined || statement === 'unresolved') {
      unknown = true;
      continue;
    }
    const reading = readStatement(statement);
    if (reading === 'unresolved') unknown = true;
    else if (reading === 'denies-other-grants') return 'restricted';
    else if (reading === 'allows-any-grant') open = true;
  }
  // A statement that cannot be read may be the Deny that closes an open Allow.
  if (unknown) return 'unresolved';
  return open ? 'open' : 'restricted';
}

/** What one statement does to grants that are not for an AWS resource. */
function readStatement(statement: Record<string, unknown>): 'allows-any-grant' | 'denies-other-grants' | 'other' | 'unresolved' {
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') return 'unresolved';
  const covers = coversCreateGrant(statement);
  if (covers === 'unresolved') return 'unresolved';
  if (!covers) return 'other';
  const conditions = objectValue(statement.Condition);
  if (conditions === 'unresolved') return 'unresolved';
  const grantCondition = grantIsForAwsResource(conditions);
  if (grantCondition === 'unresolved') return 'unresolved';
  if (effect === 'Deny') {
    // Only a Deny of everyone, conditioned on nothing but the grant not being for an AWS resource (and, in
    // AWS Control Tower's CT.KMS.PR.3 form, the caller not being an AWS service principal), refuses every such grant.
    const onlyGrantConditions = conditionKeyCount(conditions) === 1 + (callerIsNotAwsService(conditions) ? 1 : 0);
    return grantCondition === false && onlyGrantConditions && anyPrincipal(statement) ? 'denies-other-grants' : 'other';
  }
  if (grantCondition === true) return 'other';
  return servicePrincipalsOnly(statement) ? 'other' : 'allows-any-grant';
}

/** Whether `Action` (or `NotAction`) covers `kms:CreateGrant`, wildcards and case considered. */
function coversCreateGrant(statement: Record<string, unknown>): boolean | 'unresolved' {
  const negated = statement.Action === undefined && statement.NotAction !== undefined;
  const actions = asList(negated ? statement.NotAction : statement.Action);
  if (actions.some((action) => typeof action !== 'string')) return 'unresolved';
  const matched = (actions as string[]).some((action) => actionPatternMatches(action, CREATE_GRANT));
  return negated ? !matched : matched;
}

/**
 * Whether an IAM action pattern (`*` any run of characters, `?` one character, case-insensitive)
 * matches `action`.
 */
export function actionPatternMatches(pattern: string, action: string): boolean {
  const regex = pattern.trim().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'is').test(action);
}

/**
 * The value a statement's conditions require of `kms:GrantIsForAWSResource` (`Bool` or
 * `BoolIfExists`), undefined when they do not test it.
 */
function grantIsForAwsResource(conditions: Record<string, unknown> | undefined): boolean | undefined | 'unresolved' {
  if (conditions === undefined) return undefined;
  for (const [operator, block] of Object.entries(conditions)) {
    if (!['bool', 'boolifexists'].includes(operator.toLowerCase())) continue;
    const keys = objectValue(block);
    if (keys === 'unresolved') return 'unresolved';
    for (const [key, value] of Object.entries(keys ?? {})) {
      if (key.toLowerCase() !== GRANT_CONDITION_KEY) continue;
      const values = asList(value).map((v) => String(v).toLowerCase());
      if (values.length === 1 && (values[0] === 'true' || values[0] === 'false')) return values[0] === 'true';
      return 'unresolved';
    }
  }
  return undefined;
}

/**
 * Whether the conditions require `aws:PrincipalIsAWSService` to be false (`Bool` or `BoolIfExists`):
 * the second key of CT.KMS.PR.3's Deny, which leaves only AWS service principals out of it; they create
 * grants for the resources they manage, as `kms:GrantIsForAWSResource` lets services acting for the account do.
 */
function callerIsNotAwsService(conditions: Record<string, unknown> | undefined): boolean {
  return Object.entries(conditions ?? {}).some(([operator, block]) => {
    if (!['bool', 'boolifexists'].includes(operator.toLowerCase())) return false;
    const keys = objectValue(block);
    if (keys === undefined || keys === 'unresolved') return false;
    return Object.entries(keys).some(([key, value]) => key.toLowerCase() === PRINCIPAL_IS_SERVICE_KEY
      && asList(value).length === 1 && String(asList(value)[0]).toLowerCase() === 'false');
  });
}

/** How many condition keys a statement tests, across its operators. */
function conditionKeyCount(conditions: Record<string, unknown> | undefined): number {
  return Object.values(conditions ?? {}).reduce<number>((count, block) => {
    const keys = objectValue(block);
    return count + (keys === undefined || keys === 'unresolved' ? 1 : Object.keys(keys).length);
  }, 0);
}

function anyPrincipal(statement: Record<string, unknown>): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  const p = objectValue(principal);
  if (p === undefined || p === 'unresolved') return false;
  return asList(p.AWS).includes('*');
}

/** Whether the statement names only AWS service principals, which create grants for the resources they manage. */
function servicePrincipalsOnly(statement: Record<string, unknown>): boolean {
  if (statement.NotPrincipal !== undefined) return false;
  const p = objectValue(statement.Principal);
  return p !== undefined && p !== 'unresolved' && Object.keys(p).length === 1 && Object.keys(p)[0] === 'Service';
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-AccessLogKeyGrants',
    level: NagMessageLevel.ERROR,
    info: 'The KMS key of an API access-log group lets principals create grants that are not for an AWS resource.',
    explanation:
      'A KMS grant gives its grantee (any principal, in any account) use of the key without appearing in the key policy. A key policy that allows `kms:CreateGrant` without the `kms:GrantIsForAWSResource` condition (KMS\'s default key policy and aws-cdk-lib\'s both allow `kms:*` to the account) lets any principal of the account with `kms:CreateGrant` in its IAM policy hand decryption of the access logs, your audit evidence, to anyone, out of sight of a key-policy review. CloudWatch Logs needs no grant: it uses the key through the key policy. A Deny of `kms:CreateGrant` to everyone under `Bool` or `BoolIfExists` with `"kms:GrantIsForAWSResource": "false"`, alone or with `"aws:PrincipalIsAWSService": "false"` (the form AWS Control Tower\'s proactive control CT.KMS.PR.3 requires, which also lets AWS service principals create grants), closes it; a Deny narrowed by any other condition does not. Checked on the keys of log groups that API Gateway stages write access logs to (other keys are not this rule\'s). An imported key, or a log group outside the stack, cannot be checked and is not reported.',
    fix: 'Let `SecureHttpApi` / `SecureRestApi` / `EncryptedLogGroup` create the key, or call `EncryptedLogGroup.denyGrantsExceptForAwsServices(key)` on your key (a Deny of `kms:CreateGrant` to `*` with `BoolIfExists: { "kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false" }`, the CT.KMS.PR.3 form), or require `"kms:GrantIsForAWSResource": "true"` on every statement that allows `kms:CreateGrant`.',
    resourceTypes: [KMS_KEY],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
