import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { objectValue, placeholders, referencedLogicalId, renderTemplate, scalar } from '../../intrinsics';
import { asList, everyoneVerdict, NARROWING_CONDITION_KEYS } from '../../open-policy';
import { policyStatements } from '../../policy-document';
import { API_RESOURCE_TYPES } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * A role allowed to invoke an API of the stack (`execute-api:Invoke`, as `grantInvoke` writes it) has
 * a trust policy that does not let every principal of every AWS account assume it.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::IAM::Role') return NagRuleCompliance.NOT_APPLICABLE;
  const grants = invokesStackApi(resource);
  if (grants === false) return NagRuleCompliance.NOT_APPLICABLE;
  const verdict = everyoneVerdict(resource.properties.AssumeRolePolicyDocument, { actions: ['sts:assumerole'], narrowingKeys: NARROWING_CONDITION_KEYS });
  if (verdict === 'restricted') return NagRuleCompliance.COMPLIANT;
  if (verdict === 'unresolved') return [unresolved('AssumeRolePolicyDocument')];
  return grants === 'unresolved' ? [unresolved('PolicyDocument')] : NagRuleCompliance.NON_COMPLIANT;
}

/** Whether a policy of the role (inline, or an IAM policy or managed policy of the stack attached to it) allows invoking an API of the stack. */
function invokesStackApi(role: ResourceView): boolean | 'unresolved' {
  // An item that is no policy object (an intrinsic, null, text) has no document to read: undefined, which
  // policyStatements reports as unresolved.
  const documents: unknown[] = asList(role.properties.Policies).map((item) => {
    const inline = objectValue(item);
    return typeof inline === 'object' ? inline.PolicyDocument : undefined;
  });
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of role.stack.ofType(type)) {
      if (asList(policy.properties.Roles).some((r) => referencedLogicalId(r) === role.logicalId)) documents.push(policy.properties.PolicyDocument);
    }
  }
  for (const arn of asList(role.properties.ManagedPolicyArns)) {
    const managed = role.stack.byId(referencedLogicalId(arn) ?? '');
    if (managed?.type === 'AWS::IAM::ManagedPolicy') documents.push(managed.properties.PolicyDocument);
  }
  let unknown = false;
  for (const document of documents) {
    const statements = policyStatements(document);
    if (statements === 'unresolved') {
      unknown = true;
      continue;
    }
    for (const item of statements) {
      const statement = objectValue(item);
      if (statement === undefined || statement === 'unresolved') {
        unknown = true;
        continue;
      }
      const effect = scalar(statement.Effect);
      if (effect.kind !== 'known' || effect.value !== 'Allow' || !allowsInvoke(statement)) continue;
      if (asList(statement.Resource).some((r) => namesStackApi(role, r))) return true;
    }
  }
  return unknown ? 'unresolved' : false;
}

function allowsInvoke(statement: Record<string, unknown>): boolean {
  return asList(statement.Action).some((a) => typeof a === 'string' && ['*', 'execute-api:*', 'execute-api:invoke'].includes(a.toLowerCase()));
}

/** A resource ARN that names an API of the stack, or any API (`*`, an execute-api ARN with a wildcard API id). */
function namesStackApi(role: ResourceView, value: unknown): boolean {
  const rendered = renderTemplate(value);
  if (rendered === undefined) return false;
  if (rendered === '*' || /:execute-api:[^:]*:[^:]*:\*/.test(rendered)) return true;
  return placeholders(rendered).some((p) => API_RESOURCE_TYPES.has(role.stack.byId(p.name)?.type ?? ''));
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-InvokeGranteeTrust',
    level: NagMessageLevel.ERROR,
    info: 'A role that may invoke an API of the stack can be assumed by every principal of every AWS account.',
    explanation:
      'An IAM-authorized route is only as closed as the principals allowed to invoke it. A role granted execute-api:Invoke (`grantInvoke`, or a policy naming the API) whose trust policy allows `Principal: "*"` (or `AWS: "*"`) without a condition narrowing callers (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`, `aws:SourceIp` …, with a value that names something) can be assumed by anyone with AWS credentials, who then signs requests as that role: the IAM route is open to the world.',
    fix: 'Trust named principals only: pass an `AccountPrincipal`, `ArnPrincipal` or `ServicePrincipal` (not `AnyPrincipal` / `StarPrincipal`) as `assumedBy` of the `Role`, or add a narrowing condition (`new iam.PrincipalWithConditions(..., { StringEquals: { "aws:PrincipalOrgID": "o-…" } })`); in CloudFormation, change the role\'s `AssumeRolePolicyDocument`.',
    resourceTypes: ['AWS::IAM::Role'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
