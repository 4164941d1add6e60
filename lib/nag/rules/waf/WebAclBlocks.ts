import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { webAclBlocking } from '../../web-acl-blocking';

/** The finding for a web ACL that blocks only by rate. */
export const RATE_ONLY = 'rate-only';

/**
 * WAFv2 web ACLs can block a request other than by rate: a Block default action, or a rule (not
 * rate-based) whose action, or whose rule group's own actions, can block.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  switch (webAclBlocking(resource)) {
    case 'blocks': return NagRuleCompliance.COMPLIANT;
    case 'rate-only': return [RATE_ONLY];
    case 'blocks-nothing': return NagRuleCompliance.NON_COMPLIANT;
    case 'unresolved': return [unresolved('Rules')];
  }
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-WebAclBlocks',
    level: NagMessageLevel.ERROR,
    info: 'The WAFv2 web ACL allows by default and has no rule that can block: it blocks nothing.',
    explanation:
      'A web ACL with default action Allow whose rules are all count-only (Action Count, or a rule group with OverrideAction Count), allow rules, or absent, passes every request: it satisfies "a web ACL is associated" checks (AwsSolutions-APIG3, Portcullis-RestWaf) while filtering nothing.',
    fix: 'Use `GatewayWebAcl` with its default managed rule groups, or give the web ACL rules that block: managed rule groups with `overrideAction: { none: {} }`, or rules with `action: { block: {} }`. Counting while tuning a group is fine, but keep the rest of the ACL blocking.',
    resourceTypes: ['AWS::WAFv2::WebACL'],
    findings: [
      {
        suffix: RATE_ONLY,
        meaning: 'The web ACL allows by default and only its rate-based rules can block: floods are stopped, but no managed rule group (common exploits, known bad inputs, IP reputation) blocks anything. With `GatewayWebAcl`, keep managed rule groups that are not `countOnly`.',
      },
      { suffix: 'unresolved:Rules', meaning: 'The web ACL\'s DefaultAction, Rules or a rule\'s Action / OverrideAction is a parameter or an intrinsic the pack cannot evaluate, so whether it blocks anything cannot be shown.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
