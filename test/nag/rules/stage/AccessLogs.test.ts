import { ArnFormat, CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat, CfnDeployment, LogGroupLogDestination, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnStage, HttpApi, HttpStage, LogGroupLogDestination as V2LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Stack } from 'aws-cdk-lib/core';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-AccessLogs';

function secureLogGroup(stack: Stack, id: string): LogGroup {
  return new LogGroup(stack, id, { retention: RetentionDays.ONE_YEAR, encryptionKey: new Key(stack, `${id}Key`), removalPolicy: RemovalPolicy.DESTROY });
}

describe('AccessLogs on HTTP stages', () => {
  test('JSON logs to a retained, encrypted log group pass; a stage without logs is reported as missing', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http');
    new HttpStage(stack, 'Logged', {
      httpApi: api,
      stageName: 'logged',
      accessLogSettings: { destination: new V2LogGroupLogDestination(secureLogGroup(stack, 'Logs')), format: AccessLogFormat.jsonWithStandardFields() },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[missing]`, 'Stack/Http/DefaultStage/Resource')]);
  });

  test('a log group without a key or without retention is reported for each', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    const plain = new LogGroup(stack, 'Plain');
    const forever = new LogGroup(stack, 'Forever', { retention: RetentionDays.INFINITE });
    new HttpStage(stack, 'ToPlain', { httpApi: api, stageName: 'a', accessLogSettings: { destination: new V2LogGroupLogDestination(plain), format: AccessLogFormat.jsonWithStandardFields() } });
    new HttpStage(stack, 'ToForever', { httpApi: api, stageName: 'b', accessLogSettings: { destination: new V2LogGroupLogDestination(forever), format: AccessLogFormat.jsonWithStandardFields() } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[log-group-kms]`, 'Stack/ToForever/Resource'),
      finding(`${RULE}[log-group-kms]`, 'Stack/ToPlain/Resource'),
      finding(`${RULE}[log-group-retention]`, 'Stack/ToForever/Resource'),
    ]);
  });

  test('a destination outside the stack and a parameter format are reported as unresolved', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const imported = LogGroup.fromLogGroupArn(stack, 'Imported', 'arn:aws:logs:us-east-1:111111111111:log-group:shared');
    new CfnStage(stack, 'ToImported', { apiId: api.ref, stageName: 'a', accessLogSettings: { destinationArn: imported.logGroupArn, format: '{"id":"$context.requestId"}' } });
    const format = new CfnParameter(stack, 'Format');
    const logs = secureLogGroup(stack, 'Logs');
    new CfnStage(stack, 'ParameterFormat', { apiId: api.ref, stageName: 'b', accessLogSettings: { destinationArn: logs.logGroupArn, format: format.valueAsString } });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:DestinationArn]`, 'Stack/ToImported'),
      finding(`${RULE}[unresolved:Format]`, 'Stack/ParameterFormat'),
    ]);
  });

  test('a destination ARN built from the log group name is followed to the log group', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const logs = secureLogGroup(stack, 'Logs');
    new CfnStage(stack, 'Stage', {
      apiId: api.ref,
      stageName: 'a',
      accessLogSettings: { destinationArn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }), format: '{"id":"$context.requestId"}' },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });
});

describe('AccessLogs on REST stages', () => {
  test('a CLF format is reported as not-json; a custom JSON format with bare numbers passes', () => {
    const stack = newStack();
    const logs = secureLogGroup(stack, 'Logs');
    new RestApi(stack, 'Clf', { deployOptions: { accessLogDestination: new LogGroupLogDestination(logs), accessLogFormat: AccessLogFormat.clf() } }).root.addMethod('GET');
    new RestApi(stack, 'Custom', {
      deployOptions: {
        accessLogDestination: new LogGroupLogDestination(logs),
        accessLogFormat: AccessLogFormat.custom('{"requestId":"$context.requestId","status":$context.status,"latency":$context.responseLatency}'),
      },
    }).root.addMethod('GET');
    new RestApi(stack, 'Unlogged').root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[missing]`, 'Stack/Unlogged/DeploymentStage.prod/Resource'),
      finding(`${RULE}[not-json]`, 'Stack/Clf/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment StageDescription access-log setting is checked', () => {
    const stack = newStack();
    const logs = secureLogGroup(stack, 'Logs');
    new CfnDeployment(stack, 'Deployment', {
      restApiId: 'abc123',
      stageName: 'prod',
      stageDescription: { accessLogSetting: { destinationArn: logs.logGroupArn } },
    });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[not-json]`, 'Stack/Deployment')]);
  });

  test('a deployment with a StageName and no StageDescription is reported as missing access logs', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'D', { restApiId: 'abc123', stageName: 'prod' });
    new CfnDeployment(stack, 'NoStage', { restApiId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[missing]`, 'Stack/D')]);
  });
});
