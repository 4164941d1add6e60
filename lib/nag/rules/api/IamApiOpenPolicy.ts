import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { coversWholeApi } from '../../execute-api-arn';
import { unresolved, unresolvedFinding } from '../../findings';
import { objectValue, scalar } from '../../intrinsics';
import { everyoneVerdict, NARROWING_CONDITION_KEYS } from '../../open-policy';
import { referencedResource } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * A REST API with `AWS_IAM` methods has no resource policy that allows `execute-api:Invoke` to every
 * principal (`*`, `AWS: *`) without a condition narrowing callers to named accounts, organisations,
 * networks or sources.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::ApiGateway::RestApi') return NagRuleCompliance.NOT_APPLICABLE;
  const p = resource.properties;
  const body = objectValue(p.Body);
  const policy = p.Policy ?? (body !== undefined && body !== 'unresolved' ? body['x-amazon-apigateway-policy'] : undefined);
  if (policy === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const iam = hasIamMethod(resource);
  if (iam === false) return NagRuleCompliance.NOT_APPLICABLE;
  const verdict = everyoneVerdict(policy, { actions: ['execute-api:invoke'], narrowingKeys: NARROWING_CONDITION_KEYS, coversWhole: coversWholeApi });
  if (verdict === 'unresolved') return [unresolved('Policy')];
  if (verdict === 'restricted') return NagRuleCompliance.COMPLIANT;
  return iam === 'unresolved' ? [unresolved('AuthorizationType')] : NagRuleCompliance.NON_COMPLIANT;
}

/** Whether a method of the stack on this API is authorized with AWS_IAM (unresolved if one's type cannot be read). */
function hasIamMethod(api: ResourceView): boolean | 'unresolved' {
  let unknown = false;
  for (const method of api.stack.ofType('AWS::ApiGateway::Method')) {
    if (referencedResource(method.stack, method.properties.RestApiId)?.logicalId !== api.logicalId) continue;
    const type = scalar(method.properties.AuthorizationType);
    if (type.kind === 'unresolved') unknown = true;
    else if (type.kind === 'known' && String(type.value).toUpperCase() === 'AWS_IAM') return true;
  }
  return unknown ? 'unresolved' : false;
}


const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-IamApiOpenPolicy',
    level: NagMessageLevel.ERROR,
    info: 'The REST API has AWS_IAM methods and a resource policy that allows execute-api:Invoke to every principal of every AWS account.',
    explanation:
      'IAM authorization checks the caller\'s signature, not who the caller is: a resource policy that allows `*` (or `AWS: *`) lets any IAM user or role of any AWS account call the AWS_IAM methods, as long as its own identity policy allows execute-api:Invoke, which its owner controls. Without a resource policy only principals of the API\'s own account can. A condition on `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp` or similar (with a value that names something, not `*`), or a Deny for everyone else, narrows it.',
    fix: 'Remove the open statement from the `policy` of the `RestApi` / `SecureRestApi` (`resourcePolicy`), or give it a narrowing condition such as `StringEquals: { "aws:PrincipalOrgID": "o-…" }`; in CloudFormation, change the statement in the RestApi\'s `Policy`.',
    resourceTypes: ['AWS::ApiGateway::RestApi'],
    findings: [unresolvedFinding()],
  },
  check,
};

export default rule;
