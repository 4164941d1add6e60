import { CfnParameter, Fn } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnIPSet, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestWaf';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/acl/1234';

describe('RestWaf', () => {
  test('a stage with a web ACL association passes; another API\'s stage is still reported', () => {
    const stack = newStack();
    const protectedApi = new RestApi(stack, 'Protected');
    protectedApi.root.addMethod('GET');
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: protectedApi.deploymentStage.stageArn, webAclArn: WEB_ACL });
    new RestApi(stack, 'Unprotected').root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Unprotected/DeploymentStage.prod/Resource')]);
  });

  test('a stage of an imported API matches an association by literal id and stage name', () => {
    const stack = newStack();
    new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', deploymentId: 'dep1' });
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod', webAclArn: WEB_ACL });
    new CfnStage(stack, 'Other', { restApiId: 'abc123', stageName: 'dev', deploymentId: 'dep1' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Other')]);
  });

  test('an association whose ResourceArn is a parameter makes an unmatched stage unresolved', () => {
    const stack = newStack();
    new RestApi(stack, 'Api').root.addMethod('GET');
    const arn = new CfnParameter(stack, 'StageArn');
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: arn.valueAsString, webAclArn: WEB_ACL });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:WebACLAssociation]`, 'Stack/Api/DeploymentStage.prod/Resource')]);
  });

  test('an association for another kind of resource in the stack does not make a stage unresolved', () => {
    const stack = newStack();
    new RestApi(stack, 'Api').root.addMethod('GET');
    const other = new CfnWebACLAssociation(stack, 'Other', { resourceArn: 'x', webAclArn: WEB_ACL });
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: other.ref, webAclArn: WEB_ACL });
    new CfnWebACLAssociation(stack, 'Alb', { resourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/alb/1', webAclArn: WEB_ACL });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Api/DeploymentStage.prod/Resource')]);
  });

  test('an association whose ResourceArn uses an unrenderable intrinsic is reported as unresolved', () => {
    const stack = newStack();
    new RestApi(stack, 'Api').root.addMethod('GET');
    const association = new CfnWebACLAssociation(stack, 'Association', { resourceArn: 'placeholder', webAclArn: WEB_ACL });
    association.addPropertyOverride('ResourceArn', { 'Fn::ImportValue': 'SharedStageArn' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:WebACLAssociation]`, 'Stack/Api/DeploymentStage.prod/Resource')]);
  });

  test('a deployment with a StageName and no StageDescription is a stage without a web ACL', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'D', { restApiId: 'abc123', stageName: 'prod' });
    new CfnDeployment(stack, 'NoStage', { restApiId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/D')]);
  });

  test('a stage whose RestApiId is an import is reported as unresolved RestApiId', () => {
    const stack = newStack();
    new CfnStage(stack, 'Stage', { restApiId: Fn.importValue('SharedApiId'), stageName: 'prod', deploymentId: 'dep1' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:RestApiId]`, 'Stack/Stage')]);
  });

  test('an association for the same stage name of another API does not protect the stage', () => {
    const stack = newStack();
    new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', deploymentId: 'dep1' });
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/other9/stages/prod', webAclArn: WEB_ACL });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Stage')]);
  });

  test('a deployment, which has no logical id of a stage, is not matched by a stage named by a reference to `undefined`', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'D', { restApiId: 'abc123', stageName: 'prod' });
    const name = new CfnParameter(stack, 'undefined');
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: `arn:aws:apigateway:us-east-1::/restapis/abc123/stages/${name.valueAsString}`, webAclArn: WEB_ACL });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/D')]);
  });

  test('an association whose WebACLArn is another kind of resource in the stack passes without reading it as a web ACL', () => {
    const stack = newStack();
    new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', deploymentId: 'dep1' });
    const ipSet = new CfnIPSet(stack, 'IpSet', { addresses: [], ipAddressVersion: 'IPV4', scope: 'REGIONAL' });
    new CfnWebACLAssociation(stack, 'Association', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod', webAclArn: ipSet.attrArn });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});
