import { CfnResource } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { invalidProp } from '../common/validation';
import { checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';
import { GatewayWebAcl, IApiWebAcl } from '../waf/gateway-web-acl';

/** cdk-nag rules that flag a REST stage without a WAFv2 web ACL. */
export const REST_WAF_RULES: readonly string[] = [
  'AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF', 'PCI.DSS.321-APIGWAssociatedWithWAF', 'Portcullis-RestWaf',
];

const WAF_OFF: Weakening = {
  setting: 'no webAcl',
  reasonProp: 'wafDisabledReason',
  consequence: 'no AWS WAF in front of the stage: no managed rules against common exploits, no rate limit per client IP',
  rules: REST_WAF_RULES,
};

/** What the WAF association reads of a SecureRestApi's props. */
export interface RestWafChoice {
  readonly webAcl?: IApiWebAcl;
  readonly wafDisabledReason?: string;
}

export function checkWaf(owner: IConstruct, props: RestWafChoice): void {
  if (props.webAcl && props.wafDisabledReason !== undefined) {
    invalidProp(owner, 'wafDisabledReason', props.wafDisabledReason, 'webAcl is given too; one of them is a mistake',
      'remove wafDisabledReason to protect the stage with webAcl, or remove webAcl to turn WAF off');
  }
  if (!props.webAcl && props.wafDisabledReason !== undefined) {
    checkWeakeningReason(owner, WAF_OFF, props.wafDisabledReason, 'Private API reached only from our VPC; WAF cannot be associated with private APIs');
  }
}

/**
 * The one place the web ACL meets the stage: associates the caller's web ACL, or records why there is none. (When `GatewayWebAcl`
 * lands, a missing `webAcl` without `wafDisabledReason` creates one here instead of failing synth.)
 */
export function associateWebAcl(owner: Construct, api: RestApi, props: RestWafChoice): wafv2.CfnWebACLAssociation | undefined {
  if (props.wafDisabledReason !== undefined && props.webAcl === undefined) {
    const cfn = api.deploymentStage.node.defaultChild as CfnResource;
    cfn.addMetadata('Portcullis::WafDisabled', { reason: props.wafDisabledReason });
    recordWeakening(cfn, WAF_OFF, props.wafDisabledReason);
  }
  if (!props.webAcl && props.wafDisabledReason !== undefined) return undefined;
  const webAcl = props.webAcl ?? new GatewayWebAcl(owner, 'WebAcl');
  const association = new wafv2.CfnWebACLAssociation(owner, 'WebAclAssociation', {
    resourceArn: api.deploymentStage.stageArn,
    webAclArn: webAcl.webAclArn,
  });
  // The stage ARN is built from its name, not a reference: the stage must exist first.
  association.node.addDependency(api.deploymentStage);
  return association;
}
