import { CfnParameter } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { GatewayWebAcl } from '../../../../lib';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-WebAclBlocks';
const REST_WAF = 'Portcullis-RestWaf';

const VISIBILITY = { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'm' };
const COMMON_RULE_SET = { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } };
const RATE = { rateBasedStatement: { aggregateKeyType: 'IP', limit: 1000 } };

function webAcl(scope: Construct, id: string, defaultAction: CfnWebACL.DefaultActionProperty, rules?: CfnWebACL.RuleProperty[]): CfnWebACL {
  return new CfnWebACL(scope, id, { scope: 'REGIONAL', defaultAction, visibilityConfig: VISIBILITY, rules });
}

function rule(name: string, priority: number, props: Partial<CfnWebACL.RuleProperty>): CfnWebACL.RuleProperty {
  return { name, priority, visibilityConfig: VISIBILITY, statement: COMMON_RULE_SET, ...props };
}

describe('WebAclBlocks on plain aws-cdk-lib web ACLs', () => {
  test('default Allow with no rules, count-only rules or a group overridden to count blocks nothing; a blocking group, rule or default passes', () => {
    const stack = newStack();
    webAcl(stack, 'Empty', { allow: {} });
    webAcl(stack, 'Counting', { allow: {} }, [
      rule('Group', 0, { overrideAction: { count: {} } }),
      rule('Counted', 1, { action: { count: {} }, statement: RATE }),
      rule('Allowed', 2, { action: { allow: {} }, statement: RATE }),
    ]);
    webAcl(stack, 'Group', { allow: {} }, [rule('Group', 0, { overrideAction: { none: {} } })]);
    webAcl(stack, 'Challenge', { allow: {} }, [rule('Challenge', 0, { action: { challenge: {} }, statement: { geoMatchStatement: { countryCodes: ['XX'] } } })]);
    webAcl(stack, 'DefaultBlock', { block: {} });
    webAcl(stack, 'RateOnly', { allow: {} }, [rule('Rate', 0, { action: { block: {} }, statement: RATE }), rule('Group', 1, { overrideAction: { count: {} } })]);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Counting'),
      finding(RULE, 'Stack/Empty'),
      finding(`${RULE}[rate-only]`, 'Stack/RateOnly'),
    ]);
  });

  test('rules that are a parameter are unresolved', () => {
    const stack = newStack();
    const action = new CfnParameter(stack, 'Action');
    new CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: VISIBILITY, rules: action.valueAsString as any });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:Rules]`, 'Stack/Acl')]);
  });

  test('a REST stage associated with a web ACL that blocks nothing is reported by RestWaf; with a blocking one it passes', () => {
    const stack = newStack();
    const open = new RestApi(stack, 'Open');
    open.root.addMethod('GET');
    const guarded = new RestApi(stack, 'Guarded');
    guarded.root.addMethod('GET');
    new CfnWebACLAssociation(stack, 'OpenAssoc', { resourceArn: open.deploymentStage.stageArn, webAclArn: webAcl(stack, 'Empty', { allow: {} }).attrArn });
    new CfnWebACLAssociation(stack, 'GuardedAssoc', { resourceArn: guarded.deploymentStage.stageArn, webAclArn: webAcl(stack, 'Blocking', { block: {} }).attrArn });

    expect(portcullisFindings(stack, REST_WAF)).toEqual([finding(`${REST_WAF}[acl-blocks-nothing]`, 'Stack/Open/DeploymentStage.prod/Resource')]);
  });
});

describe('WebAclBlocks on GatewayWebAcl', () => {
  test('the defaults pass; every group count-only leaves only the rate rule; an override to count everything blocks nothing', () => {
    const stack = newStack();
    new GatewayWebAcl(stack, 'Default');
    new GatewayWebAcl(stack, 'CountOnly', { managedRuleGroups: [{ name: 'AWSManagedRulesCommonRuleSet', countOnly: true }] });
    const overridden = new GatewayWebAcl(stack, 'Overridden');
    overridden.webAcl.addPropertyOverride('Rules', []);
    const api = new RestApi(stack, 'Api');
    api.root.addMethod('GET');
    overridden.associate('Stage', api.deploymentStage.stageArn);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Overridden/Resource'),
      finding(`${RULE}[rate-only]`, 'Stack/CountOnly/Resource'),
    ]);
    expect(portcullisFindings(stack, REST_WAF)).toEqual([finding(`${REST_WAF}[acl-blocks-nothing]`, 'Stack/Api/DeploymentStage.prod/Resource')]);
  });
});
