import { CfnParameter } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestTracing';

describe('RestTracing', () => {
  test('a stage with tracing passes; the default and an explicit false are reported', () => {
    const stack = newStack();
    new RestApi(stack, 'Default').root.addMethod('GET');
    new RestApi(stack, 'Traced', { deployOptions: { tracingEnabled: true } }).root.addMethod('GET');
    new RestApi(stack, 'Off', { deployOptions: { tracingEnabled: false } }).root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Default/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/Off/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment\'s StageDescription is checked; a StageName alone has no tracing', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'Traced', { restApiId: 'abc123', stageName: 'prod', stageDescription: { tracingEnabled: true } });
    new CfnDeployment(stack, 'Bare', { restApiId: 'abc123', stageName: 'dev' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Bare')]);
  });

  test('a parameter is unresolved; the string "true" counts as true', () => {
    const stack = newStack();
    const tracing = new CfnParameter(stack, 'Tracing', { default: 'true' });
    new CfnStage(stack, 'Param', { restApiId: 'abc123', stageName: 'prod', tracingEnabled: tracing.valueAsString as any });
    new CfnStage(stack, 'Text', { restApiId: 'abc123', stageName: 'dev' }).addPropertyOverride('TracingEnabled', 'true');
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:TracingEnabled]`, 'Stack/Param')]);
  });
});
