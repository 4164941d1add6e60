import { ArnFormat, CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat, CfnDeployment, LogGroupLogDestination, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnStage, HttpApi, HttpStage, LogGroupLogDestination as V2LogGroupLogDestination, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Stack } from 'aws-cdk-lib/core';
import { SecureHttpApi } from '../../../../lib';
import { synthNew } from '../../../http/fixtures';
import { newFunction, partnerJwt } from '../../../stack-fixtures';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

/** A JSON format with the caller, route, status and request id. */
const FULL_FORMAT = '{"id":"$context.requestId","ip":"$context.identity.sourceIp","route":"$context.routeKey","status":$context.status}';
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
    new CfnStage(stack, 'ToImported', { apiId: api.ref, stageName: 'a', accessLogSettings: { destinationArn: imported.logGroupArn, format: FULL_FORMAT } });
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
      accessLogSettings: { destinationArn: stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }), format: FULL_FORMAT },
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
        accessLogFormat: AccessLogFormat.custom('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","path":"$context.resourcePath","status":$context.status,"latency":$context.responseLatency}'),
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

describe('AccessLogs: records that cannot answer who called what, and retention too short to investigate', () => {
  test('plain aws-cdk-lib: JSON without caller, route, status or request id is reported; the standard fields pass', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    const logs = secureLogGroup(stack, 'Logs');
    const stage = (id: string, format: string) =>
      new CfnStage(stack, id, { apiId: api.apiId, stageName: id, accessLogSettings: { destinationArn: logs.logGroupArn, format } });
    stage('Standard', AccessLogFormat.jsonWithStandardFields().toString());
    stage('Full', FULL_FORMAT);
    stage('NoCaller', '{"id":"$context.requestId","route":"$context.routeKey","status":$context.status}');
    stage('NoRoute', '{"id":"$context.requestId","ip":"$context.identity.sourceIp","status":$context.status}');
    stage('NoStatus', '{"id":"$context.requestId","ip":"$context.identity.sourceIp","route":"$context.routeKey"}');
    stage('NoRequestId', '{"ip":"$context.identity.sourceIp","route":"$context.routeKey","status":$context.status}');
    stage('Empty', '{"time":"$context.requestTime"}');

    const missing = `${RULE}[missing-fields]`;
    expect(portcullisFindings(stack, RULE)).toEqual(['Empty', 'NoCaller', 'NoRequestId', 'NoRoute', 'NoStatus'].map((id) => finding(missing, `Stack/${id}`)));
  });

  test('plain aws-cdk-lib: a log group kept for fewer than 90 days is reported; 90 days passes', () => {
    const stack = newStack();
    const api = new HttpApi(stack, 'Http', { createDefaultStage: false });
    for (const [id, retention] of [['OneDay', RetentionDays.ONE_DAY], ['TwoMonths', RetentionDays.TWO_MONTHS], ['ThreeMonths', RetentionDays.THREE_MONTHS]] as const) {
      const logs = new LogGroup(stack, `${id}Logs`, { retention, encryptionKey: new Key(stack, `${id}Key`) });
      new HttpStage(stack, id, {
        httpApi: api,
        stageName: id.toLowerCase(),
        accessLogSettings: { destination: new V2LogGroupLogDestination(logs), format: AccessLogFormat.jsonWithStandardFields() },
      });
    }

    const short = `${RULE}[log-group-retention-short]`;
    expect(portcullisFindings(stack, RULE)).toEqual([finding(short, 'Stack/OneDay/Resource'), finding(short, 'Stack/TwoMonths/Resource')]);
  });

  test('Portcullis constructs: the defaults pass; retention under 90 days is refused; overrides of format and retention are reported', () => {
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    const api = new SecureHttpApi(stack, 'Api', { routes: [{ path: '/x', methods: [HttpMethod.GET], handler: fn, authorization: partnerJwt() }] });
    expect(portcullisFindings(stack, RULE)).toEqual([]);

    const cfnStage = api.node.findAll().find((c) => c instanceof CfnStage) as CfnStage;
    cfnStage.addPropertyOverride('AccessLogSettings.Format', '{"time":"$context.requestTime"}');
    const logGroup = api.node.findAll().find((c) => c instanceof CfnLogGroup) as CfnLogGroup;
    logGroup.retentionInDays = 1;
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[log-group-retention-short]`, cfnStage.node.path),
      finding(`${RULE}[missing-fields]`, cfnStage.node.path),
    ]);

    expect(() => synthNew(newStack(), 'Short', { accessLogs: { retention: RetentionDays.ONE_WEEK } }))
      .toThrow(/accessLogs\.retention' = 7: access logs kept for fewer than 90 days.*RetentionDays\.THREE_MONTHS/);
    const own = newStack();
    const shortGroup = new LogGroup(own, 'Short', { retention: RetentionDays.ONE_DAY, encryptionKey: new Key(own, 'Key') });
    expect(() => synthNew(own, 'Own', { accessLogs: { logGroup: shortGroup } })).toThrow(/accessLogs\.logGroup.*keeps access logs for 1 days, fewer than 90/);
  });
});

describe('AccessLogs: settings it cannot read, and settings without a destination', () => {
  test('AccessLogSettings that are a parameter are reported as unresolved AccessLogSettings', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const settings = new CfnParameter(stack, 'Settings');
    const stage = new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'a' });
    stage.addPropertyOverride('AccessLogSettings', { Ref: settings.logicalId });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:AccessLogSettings]`, 'Stack/Stage')]);
  });

  test('AccessLogSettings with a format and no destination are reported as missing', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const stage = new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'a' });
    stage.addPropertyOverride('AccessLogSettings', { Format: FULL_FORMAT });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[missing]`, 'Stack/Stage')]);
  });

  test('a log group whose retention is a parameter is reported as unresolved RetentionInDays', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    const days = new CfnParameter(stack, 'Days', { type: 'Number' });
    const logs = new CfnLogGroup(stack, 'Logs', { retentionInDays: days.valueAsNumber, kmsKeyId: new Key(stack, 'LogsKey').keyArn });
    new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: 'a', accessLogSettings: { destinationArn: logs.attrArn, format: FULL_FORMAT } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:RetentionInDays]`, 'Stack/Stage')]);
  });
});
