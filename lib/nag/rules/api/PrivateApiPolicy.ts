import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { coversWholeApi } from '../../execute-api-arn';
import { unresolved, unresolvedFinding } from '../../findings';
import { listValue, objectValue, scalar } from '../../intrinsics';
import { EveryoneVerdict, everyoneVerdict } from '../../open-policy';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** Condition keys that name where a request to a private API came from. */
const SOURCE_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);

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

function policyVerdict(policy: unknown): EveryoneVerdict {
  return everyoneVerdict(policy, { actions: ['execute-api:invoke'], narrowingKeys: SOURCE_KEYS, coversWhole: coversWholeApi });
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
