import { CfnParameter } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestDataTrace';

describe('RestDataTrace', () => {
  test('data tracing on the stage or on one method is reported; the default is not', () => {
    const stack = newStack();
    new RestApi(stack, 'Default').root.addMethod('GET');
    new RestApi(stack, 'StageWide', { deployOptions: { dataTraceEnabled: true } }).root.addMethod('GET');
    new RestApi(stack, 'OneMethod', { deployOptions: { methodOptions: { '/items/GET': { dataTraceEnabled: true } } } }).root.addResource('items').addMethod('GET');
    new RestApi(stack, 'Off', { deployOptions: { dataTraceEnabled: false } }).root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/OneMethod/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/StageWide/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment StageDescription with data tracing is reported', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'Deployment', { restApiId: 'abc123', stageName: 'prod', stageDescription: { dataTraceEnabled: true } });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Deployment')]);
  });

  test('a parameter value is reported as unresolved', () => {
    const stack = newStack();
    const trace = new CfnParameter(stack, 'Trace', { default: 'false' });
    new CfnStage(stack, 'Stage', {
      restApiId: 'abc123',
      stageName: 'prod',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: trace.valueAsString as any }],
    });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:DataTraceEnabled]`, 'Stack/Stage')]);
  });

  test('a deployment with a StageName and no StageDescription is checked and has no data tracing', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'D', { restApiId: 'abc123', stageName: 'prod' });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a MethodSettings list that is a parameter is reported as unresolved MethodSettings', () => {
    const stack = newStack();
    const settings = new CfnParameter(stack, 'Settings', { type: 'CommaDelimitedList' });
    new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', methodSettings: settings.valueAsList as any });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
  });
});
