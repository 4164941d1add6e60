import { CfnParameter } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestExecutionLogging';

describe('RestExecutionLogging', () => {
  test('ERROR or INFO for every method passes; the default, OFF, and a method turned OFF are reported', () => {
    const stack = newStack();
    new RestApi(stack, 'Default').root.addMethod('GET');
    new RestApi(stack, 'Error', { deployOptions: { loggingLevel: MethodLoggingLevel.ERROR } }).root.addMethod('GET');
    new RestApi(stack, 'Info', { deployOptions: { loggingLevel: MethodLoggingLevel.INFO } }).root.addMethod('GET');
    new RestApi(stack, 'Off', { deployOptions: { loggingLevel: MethodLoggingLevel.OFF } }).root.addMethod('GET');
    new RestApi(stack, 'OneMethodOff', {
      deployOptions: { loggingLevel: MethodLoggingLevel.ERROR, methodOptions: { '/items/GET': { loggingLevel: MethodLoggingLevel.OFF } } },
    }).root.addResource('items').addMethod('GET');
    new RestApi(stack, 'OnlyOneMethod', {
      deployOptions: { methodOptions: { '/items/GET': { loggingLevel: MethodLoggingLevel.ERROR } } },
    }).root.addResource('items').addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Default/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/Off/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/OnlyOneMethod/DeploymentStage.prod/Resource'),
      finding(`${RULE}[method-off]`, 'Stack/OneMethodOff/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment StageDescription is the stage it creates; a StageName alone has no logging', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'Logged', { restApiId: 'abc123', stageName: 'prod', stageDescription: { loggingLevel: 'error' } });
    new CfnDeployment(stack, 'ListedLogged', {
      restApiId: 'abc123',
      stageName: 'dev',
      stageDescription: { methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: 'INFO' }] },
    });
    new CfnDeployment(stack, 'Bare', { restApiId: 'abc123', stageName: 'test' });
    new CfnDeployment(stack, 'NoStage', { restApiId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Bare')]);
  });

  test('a level only known at deploy time is unresolved; a known stage-wide OFF is still reported', () => {
    const stack = newStack();
    const level = new CfnParameter(stack, 'Level', { default: 'ERROR' });
    new CfnStage(stack, 'Param', {
      restApiId: 'abc123',
      stageName: 'prod',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: level.valueAsString }],
    });
    new CfnStage(stack, 'MethodParam', {
      restApiId: 'abc123',
      stageName: 'dev',
      methodSettings: [
        { httpMethod: '*', resourcePath: '/*', loggingLevel: 'OFF' },
        { httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: level.valueAsString },
      ],
    });
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/MethodParam'),
      finding(`${RULE}[unresolved:LoggingLevel]`, 'Stack/Param'),
    ]);
  });
});
