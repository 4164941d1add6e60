/**
 * AWS Control Tower's proactive control CT.KMS.PR.3 ("Require an AWS KMS key policy to have a statement
 * that limits creation of AWS KMS grants to AWS services"), as its CloudFormation Guard rule
 * `kms_create_grant_aws_service_check` states it (AWS Control Tower Controls Reference Guide, AWS KMS
 * controls), checked on a synthesized template. Organizations that turn the control on run it as a
 * CloudFormation hook, where a key that fails it fails the deployment.
 *
 * Pure and dependency-free so that it runs on any template: the showcase's here, a consumer app's
 * `cdk.out/<Stack>.template.json` elsewhere.
 */

/** A CloudFormation template, or the part of one this check reads. */
export interface TemplateLike {
  readonly Resources?: Record<string, { readonly Type?: string; readonly Properties?: Record<string, unknown> }>;
}

const KMS_KEY = 'AWS::KMS::Key';
const CONDITION_KEYS = ['kms:grantisforawsresource', 'aws:principalisawsservice'];

/**
 * Every `AWS::KMS::Key` of the template whose policy lacks the CT.KMS.PR.3 statement, as
 * `<logical id>: <why>`; empty when every key passes (or there is no key, which the control skips).
 *
 * The statement, as the Guard rule requires it: `Effect: Deny`; `Principal: '*'` or `{ AWS: '*' }`;
 * `Action` nothing but `kms:CreateGrant`; `Resource` nothing but `*`; `Condition` with nothing but
 * `BoolIfExists`, which holds nothing but `kms:GrantIsForAWSResource: "false"` and
 * `aws:PrincipalIsAWSService: "false"` (keys case-insensitive, values the string `"false"`). The key
 * policy must be an object (not JSON text) with a non-empty `Statement` list.
 */
export function ctKmsPr3Violations(template: TemplateLike): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === KMS_KEY)
    .flatMap(([logicalId, resource]) => {
      const why = keyPolicyProblem(resource.Properties?.KeyPolicy);
      return why === undefined ? [] : [`${logicalId}: ${why}`];
    })
    .sort();
}

/** Throws, naming each key's logical id, unless every `AWS::KMS::Key` of the template passes CT.KMS.PR.3. */
export function expectCtKmsPr3OnEveryKey(template: TemplateLike): void {
  const violations = ctKmsPr3Violations(template);
  if (violations.length > 0) {
    throw new Error(`CT.KMS.PR.3 fails on ${violations.length} KMS key(s):\n${violations.join('\n')}`);
  }
}

function keyPolicyProblem(policy: unknown): string | undefined {
  if (!isStruct(policy)) return policy === undefined ? 'no KeyPolicy' : 'KeyPolicy is not an object';
  const statements = policy.Statement;
  if (!Array.isArray(statements) || statements.length === 0) return 'KeyPolicy has no Statement list';
  if (statements.some(isCtKmsPr3Statement)) return undefined;
  return 'no statement denies kms:CreateGrant to * under BoolIfExists { kms:GrantIsForAWSResource: "false", aws:PrincipalIsAWSService: "false" }';
}

/** Whether one statement is the one CT.KMS.PR.3 asks for. */
export function isCtKmsPr3Statement(statement: unknown): boolean {
  if (!isStruct(statement)) return false;
  const { Effect, Action, Principal, Resource, Condition } = statement;
  if (Effect !== 'Deny') return false;
  if (!everyIs(Action, 'kms:CreateGrant')) return false;
  if (!(Principal === '*' || (isStruct(Principal) && everyIs(Principal.AWS, '*')))) return false;
  if (!everyIs(Resource, '*')) return false;
  if (!isStruct(Condition) || Object.keys(Condition).join() !== 'BoolIfExists') return false;
  const block = Condition.BoolIfExists;
  if (!isStruct(block)) return false;
  const keys = Object.keys(block).map((k) => k.toLowerCase());
  if (keys.some((k) => !CONDITION_KEYS.includes(k))) return false;
  return CONDITION_KEYS.every((wanted) => Object.entries(block).some(([k, v]) => k.toLowerCase() === wanted && v === 'false'));
}

/** A value that is `expected` or a non-empty list of nothing else (Guard's `Action[*] in [...]`). */
function everyIs(value: unknown, expected: string): boolean {
  const list = Array.isArray(value) ? value : [value];
  return list.length > 0 && list.every((v) => v === expected);
}

function isStruct(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
