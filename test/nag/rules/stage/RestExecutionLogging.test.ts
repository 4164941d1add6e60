import { CfnCondition, CfnParameter, Fn, IResolvable, Stack } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, MethodLoggingLevel, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Finding, finding, newStack, portcullisFindings } from '../../nag-test-util';

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

describe('RestExecutionLogging, one stage at a time', () => {
  /** The findings of the rule on a stack holding only what `build` declares. */
  function findingsOf(build: (stack: Stack) => void): Finding[] {
    const stack = newStack();
    build(stack);
    return portcullisFindings(stack, RULE);
  }

  /** `Fn::If` on a condition of the stack, so a value is only known at deploy time. */
  function eitherOf(stack: Stack, whenTrue: unknown, whenFalse: unknown): IResolvable {
    const condition = new CfnCondition(stack, 'Choice', { expression: Fn.conditionEquals(new CfnParameter(stack, 'Chosen', { default: 'a' }).valueAsString, 'a') });
    return Fn.conditionIf(condition.logicalId, whenTrue, whenFalse);
  }

  const WIDE_ERROR = { httpMethod: '*', resourcePath: '/*', loggingLevel: 'ERROR' };

  test('a MethodSettings list only known at deploy time is unresolved', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: eitherOf(stack, [WIDE_ERROR], []),
    }))).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
  });

  test('a MethodSettings entry only known at deploy time may be the stage-wide one: unresolved, not reported as no logging', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: [eitherOf(stack, WIDE_ERROR, { httpMethod: '*', resourcePath: '/*', loggingLevel: 'OFF' })],
    }))).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
  });

  test('a MethodSettings entry only known at deploy time next to a stage-wide ERROR is still unresolved', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: [WIDE_ERROR, eitherOf(stack, { httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: 'OFF' }, WIDE_ERROR)],
    }))).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
  });

  test('a later stage-wide entry without a LoggingLevel keeps the level of an earlier one', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: [WIDE_ERROR, { httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 100 }],
    }))).toEqual([]);
  });

  test('a method at INFO under a stage-wide ERROR is no finding', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: [WIDE_ERROR, { httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: 'INFO' }],
    }))).toEqual([]);
  });

  test('a method turned off in lower case is reported like OFF', () => {
    expect(findingsOf((stack) => new CfnStage(stack, 'Stage', {
      restApiId: 'abc123', stageName: 'prod', methodSettings: [WIDE_ERROR, { httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: 'off' }],
    }))).toEqual([finding(`${RULE}[method-off]`, 'Stack/Stage')]);
  });
});
