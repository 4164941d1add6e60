import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { listValue, objectValue, renderTemplate, scalar } from '../../intrinsics';
import { policyStatements } from '../../policy-document';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** Condition keys that name where a request to a private API came from. */
const SOURCE_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);
/** Operators that admit only the listed endpoints / VPCs when used in an Allow statement. */
const ALLOW_ONLY = new Set(['stringequals', 'foranyvalue:stringequals', 'forallvalues:stringequals', 'stringlike', 'foranyvalue:stringlike']);
/** Operators that refuse every other endpoint / VPC when used in a Deny statement. */
const DENY_OTHERS = new Set(['stringnotequals', 'forallvalues:stringnotequals', 'stringnotlike', 'forallvalues:stringnotlike']);

type Verdict = 'restricted' | 'open' | 'unresolved';

/**
 * A PRIVATE REST API has a resource policy, and that policy admits requests only from named VPC
 * endpoints or VPCs (`aws:SourceVpce` / `aws:SourceVpc`).
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::ApiGateway::RestApi') return NagRuleCompliance.NOT_APPLICABLE;
  const p = resource.properties;
  const isPrivate = privateEndpoint(p.EndpointConfiguration);
  if (isPrivate === 'unresolved') return [unresolved('EndpointConfiguration')];
  if (!isPrivate) return NagRuleCompliance.NOT_APPLICABLE;

  let policy: unknown = p.Policy;
  if (policy === undefined) {
    // An OpenAPI definition can carry the policy instead.
    const body = objectValue(p.Body);
    if (body !== undefined && body !== 'unresolved' && body['x-amazon-apigateway-policy'] !== undefined) {
      policy = body['x-amazon-apigateway-policy'];
    } else if (p.Body !== undefined || p.BodyS3Location !== undefined) {
      return [unresolved('Policy')];
    } else {
      return ['missing-policy'];
    }
  }
  const verdict = policyVerdict(policy);
  if (verdict === 'unresolved') return [unresolved('Policy')];
  return verdict === 'restricted' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

function privateEndpoint(configuration: unknown): boolean | 'unresolved' {
  const config = objectValue(configuration);
  if (config === 'unresolved') return 'unresolved';
  if (config === undefined) return false;
  const types = listValue(config.Types);
  if (types === 'unresolved') return 'unresolved';
  let unknown = false;
  for (const type of types ?? []) {
    const s = scalar(type);
    if (s.kind === 'known' && String(s.value).toUpperCase() === 'PRIVATE') return true;
    if (s.kind === 'unresolved') unknown = true;
  }
  return unknown ? 'unresolved' : false;
}

function policyVerdict(policy: unknown): Verdict {
  const statements = policyStatements(policy);
  if (statements === 'unresolved') return 'unresolved';

  let unknown = false;
  const openAllows: unknown[] = [];
  for (const item of statements) {
    const statement = objectValue(item);
    if (statement === undefined || statement === 'unresolved') {
      unknown = true;
      continue;
    }
    const effect = scalar(statement.Effect);
    if (effect.kind !== 'known') {
      unknown = true;
      continue;
    }
    const conditions = objectValue(statement.Condition);
    if (conditions === 'unresolved') {
      unknown = true;
      continue;
    }
    if (effect.value === 'Deny') {
      if (anyPrincipal(statement) && coversInvoke(statement) && coversWholeApi(statement) && restricts(conditions, DENY_OTHERS)) {
        return 'restricted';
      }
    } else if (effect.value === 'Allow' && anyPrincipal(statement) && !restricts(conditions, ALLOW_ONLY)) {
      openAllows.push(statement);
    }
  }
  // A statement that cannot be read may be the Deny that closes an open Allow.
  if (openAllows.length > 0) return unknown ? 'unresolved' : 'open';
  return unknown ? 'unresolved' : 'restricted';
}

/** Whether a condition block tests aws:SourceVpce or aws:SourceVpc with `operators`, against values that name one endpoint or VPC. */
function restricts(conditions: Record<string, unknown> | undefined, operators: ReadonlySet<string>): boolean {
  if (conditions === undefined) return false;
  for (const [operator, block] of Object.entries(conditions)) {
    if (!operators.has(operator.toLowerCase())) continue;
    const keys = objectValue(block);
    if (keys === undefined || keys === 'unresolved') continue;
    for (const [key, value] of Object.entries(keys)) {
      if (!SOURCE_KEYS.has(key.toLowerCase())) continue;
      const values = Array.isArray(value) ? value : [value];
      // A Ref to a VPC endpoint or VPC of the stack names one; a literal with `*` names any.
      if (values.length > 0 && values.every((v) => {
        const rendered = renderTemplate(v);
        return rendered !== undefined && rendered.trim() !== '' && !rendered.includes('*');
      })) return true;
    }
  }
  return false;
}

function anyPrincipal(statement: Record<string, unknown>): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  const p = objectValue(principal);
  if (p === undefined || p === 'unresolved') return false;
  const aws = p.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function coversInvoke(statement: Record<string, unknown>): boolean {
  return asList(statement.Action).some((a) => typeof a === 'string' && ['*', 'execute-api:*', 'execute-api:invoke'].includes(a.toLowerCase()));
}

function coversWholeApi(statement: Record<string, unknown>): boolean {
  return asList(statement.Resource).some((r) => {
    const rendered = renderTemplate(r);
    return rendered !== undefined && (rendered === '*' || rendered === 'execute-api:/*' || /:execute-api:[^:]*:[^:]*:[^/]+\/\*$/.test(rendered));
  });
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-PrivateApiPolicy',
    level: NagMessageLevel.ERROR,
    info: 'The private REST API\'s resource policy does not restrict callers to named VPC endpoints or VPCs.',
    explanation:
      'A PRIVATE endpoint is reachable through any execute-api VPC endpoint, including one in another AWS account: only the resource policy decides which. A policy that allows `*` without an `aws:SourceVpce` / `aws:SourceVpc` condition (or a Deny for every other endpoint) admits callers from any VPC endpoint of any account. No standard cdk-nag pack checks private API resource policies.',
    fix: 'Give the `RestApi` a `policy` that allows `execute-api:Invoke` only with `StringEquals: { "aws:SourceVpce": <your endpoint id> }` (or `aws:SourceVpc`), or that denies `execute-api:Invoke` on `execute-api:/*` with `StringNotEquals` on those keys.',
    resourceTypes: ['AWS::ApiGateway::RestApi'],
    findings: [
      { suffix: 'missing-policy', meaning: 'The private API has no resource policy (no `Policy`, no OpenAPI `x-amazon-apigateway-policy`), so it cannot be invoked at all: add a policy that admits your VPC endpoints.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
