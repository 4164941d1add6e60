import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnApi as SamApi, CfnFunction as SamFunction } from 'aws-cdk-lib/aws-sam';
import { newStack, portcullisFindings } from '../nag-test-util';

describe('PortcullisChecks on what CloudFormation and SAM create implicitly', () => {
  test('quick-create HTTP API: its $default route and stage are checked and reported on the API', () => {
    const stack = newStack();
    new CfnApi(stack, 'Quick', { name: 'quick', protocolType: 'HTTP', target: 'arn:aws:lambda:us-east-1:111111111111:function:f' });

    expect(portcullisFindings(stack)).toEqual([
      { rule: 'Portcullis-AccessLogs[missing]', path: 'Stack/Quick' },
      { rule: 'Portcullis-RouteAuthorization', path: 'Stack/Quick' },
      { rule: 'Portcullis-StageThrottling', path: 'Stack/Quick' },
    ]);
  });

  test('an HTTP API without Target creates nothing implicitly', () => {
    const stack = newStack();
    const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
    new CfnStage(stack, 'Stage', {
      apiId: api.ref,
      stageName: '$default',
      defaultRouteSettings: { throttlingBurstLimit: 5, throttlingRateLimit: 10 },
    });

    expect(portcullisFindings(stack, 'Portcullis-RouteAuthorization')).toEqual([]);
    expect(portcullisFindings(stack, 'Portcullis-StageThrottling')).toEqual([]);
  });

  test('SAM L1s in a CDK app: the API SAM generates and the method of a function event', () => {
    const stack = newStack();
    const api = new SamApi(stack, 'Api', { stageName: 'prod', methodSettings: [{ HttpMethod: '*', ResourcePath: '/*', DataTraceEnabled: true }] });
    new SamFunction(stack, 'Fn', {
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      codeUri: 's3://bucket/key.zip',
      events: { Get: { type: 'Api', properties: { restApiId: api.ref, path: '/x', method: 'get' } } },
    });

    expect(portcullisFindings(stack)).toEqual([
      { rule: 'Portcullis-AccessLogs[missing]', path: 'Stack/Api' },
      { rule: 'Portcullis-LambdaPermissionSourceAccount', path: 'Stack/Fn' },
      { rule: 'Portcullis-RestApiTlsPolicy', path: 'Stack/Api' },
      { rule: 'Portcullis-RestDataTrace', path: 'Stack/Api' },
      { rule: 'Portcullis-RestExecutionLogging', path: 'Stack/Api' },
      { rule: 'Portcullis-RestTracing', path: 'Stack/Api' },
      { rule: 'Portcullis-RestWaf', path: 'Stack/Api' },
      { rule: 'Portcullis-RouteAuthorization', path: 'Stack/Fn' },
      { rule: 'Portcullis-StageThrottling', path: 'Stack/Api' },
    ]);
  });
});
