import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EndpointType, MethodLoggingLevel } from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { newFunction, newStack, partnerJwt, restProps, synthNew, WEB_ACL, withMethod } from './fixtures';
import { ApiGatewayAccountLogging, PortcullisChecks, RouteAuthorization, SecureRestApi } from '../../lib';

describe('stage', () => {
  test('regional, X-Ray on, execution logs at ERROR without data trace, stage-wide throttling, JSON access logs', () => {
    const stack = newStack();
    synthNew(stack, 'Api', restProps());
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [{
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: false,
        ThrottlingRateLimit: 500,
        ThrottlingBurstLimit: 1000,
      }],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogsLogGroup'), 'Arn'] }, Format: Match.stringLikeRegexp('"resourcePath":"\\$context.resourcePath"') },
    });
    const format = JSON.parse(Object.values(t.findResources('AWS::ApiGateway::Stage'))[0].Properties.AccessLogSetting.Format);
    expect(Object.values(format).join()).not.toMatch(/body|authorization/i);
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
    // Never the account-wide role per API.
    t.resourceCountIs('AWS::ApiGateway::Account', 0);
    t.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('per-method throttling adds a MethodSettings entry for that method only', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt(), executionLogLevel: MethodLoggingLevel.INFO, detailedMetrics: true }));
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/orders/{id}', methods: ['GET'], handler: fn, throttle: { rateLimit: 5, burstLimit: 10 } });
    api.addMethods({ path: '/other', methods: ['GET'], handler: fn });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'INFO', MetricsEnabled: true }),
        { HttpMethod: 'GET', ResourcePath: '/~1orders~1{id}', LoggingLevel: 'INFO', DataTraceEnabled: false, MetricsEnabled: true, ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      ],
    });
  });

  test('the cache is encrypted and used only by methods that opt in', () => {
    const stack = newStack();
    const api = new SecureRestApi(stack, 'Api', restProps({ defaultAuthorization: partnerJwt(), cache: { ttl: Duration.minutes(1) } }));
    const fn = newFunction(stack, 'Fn');
    api.addMethods({ path: '/catalog', methods: ['GET'], handler: fn, cacheResponses: true });
    api.addMethods({ path: '/me', methods: ['GET'], handler: fn });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterEnabled: true,
      CacheClusterSize: '0.5',
      MethodSettings: [
        Match.objectLike({ ResourcePath: '/*', CachingEnabled: false, CacheDataEncrypted: true }),
        Match.objectLike({ ResourcePath: '/~1catalog', HttpMethod: 'GET', CachingEnabled: true, CacheDataEncrypted: true, CacheTtlInSeconds: 60 }),
      ],
    });
    expect(() => synthNew(newStack(), 'Api', restProps({ cache: { sizeGb: '2' } }))).toThrow(/prop 'cache\.sizeGb' = "2": is not a cache size/);
  });

  test('$default is refused as a REST stage name', () => {
    expect(() => synthNew(newStack(), 'Api', restProps({ stageName: '$default' }))).toThrow(/REST APIs have no \$default stage/);
  });

  // The HTTP text offered $default, which a REST API refuses (issue 23).
  test('a REST stage name with a space is refused with a REST text that never offers $default', () => {
    let message = '';
    try {
      synthNew(newStack(), 'Api', restProps({ stageName: 'bad name' }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[Test/Api] prop 'stageName' = \"bad name\": a REST API stage name is 1 to 128 letters, digits, - and _. Fix: name the stage, e.g. 'prod' (the default) or 'v1'");
    expect(message).not.toContain('$default');
  });

  test('execution logging without ApiGatewayAccountLogging in the environment warns at synth; declaring it silences the warning', () => {
    const stack = newStack();
    withMethod(new SecureRestApi(stack, 'Api', restProps()));
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('no ApiGatewayAccountLogging is declared'));

    const app = new App();
    const env = { account: '111111111111', region: 'us-east-1' };
    const platform = new Stack(app, 'Platform', { env });
    const logging = new ApiGatewayAccountLogging(platform, 'ApiGatewayLogging');
    const apiStack = new Stack(app, 'Apis', { env });
    withMethod(new SecureRestApi(apiStack, 'Api', restProps()));
    Annotations.fromStack(apiStack).hasNoWarning('/Apis/Api', Match.anyValue());
    const t = Template.fromStack(platform);
    t.resourceCountIs('AWS::ApiGateway::Account', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
    expect(logging.role).toBeDefined();
    // Only the log groups API Gateway names for execution logs: REST's and WebSocket's.
    const writable = Object.values(t.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((st: any) => ([] as string[]).concat(st.Action).includes('logs:PutLogEvents'))
      .flatMap((st: any) => ([] as unknown[]).concat(st.Resource).map((r) => JSON.stringify(r)));
    expect(writable).toHaveLength(2);
    expect(writable[0]).toContain(':log-group:API-Gateway-Execution-Logs_*');
    expect(writable[1]).toContain(':log-group:/aws/apigateway/*');
  });
});

describe('WAF', () => {
  test('the stage is associated with the given web ACL, after the stage exists', () => {
    const stack = newStack();
    synthNew(stack, 'Api', { webAcl: WEB_ACL });
    const t = Template.fromStack(stack);
    const association = Object.values(t.findResources('AWS::WAFv2::WebACLAssociation'))[0];
    expect(association.Properties.WebACLArn).toBe(WEB_ACL.webAclArn);
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain('/restapis/');
    expect(association.DependsOn.some((d: string) => d.startsWith('ApiDeploymentStageprod'))).toBe(true);
  });

  test('without a web ACL, a GatewayWebAcl is created and associated with the stage, and the API passes the WAF rules', () => {
    const stack = newStack();
    const api = synthNew(stack, 'Api');
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
    const association = Object.values(t.findResources('AWS::WAFv2::WebACLAssociation'))[0];
    expect(association.Properties.WebACLArn).toEqual(stack.resolve(api.gatewayWebAcl!.webAclArn));
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain('/restapis/');
    const waf = new PortcullisChecks().validateScope(stack).violations.filter((v) => /RestWaf|WafLogging/.test(v.ruleName));
    expect(waf).toEqual([]);
  });

  test('a given web ACL is used instead of a new one', () => {
    const stack = newStack();
    const api = synthNew(stack, 'Api', { webAcl: WEB_ACL });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(api.gatewayWebAcl).toBeUndefined();
  });

  test('wafDisabledReason turns WAF off with a recorded reason', () => {
    expect(() => synthNew(newStack(), 'Api', { wafDisabledReason: 'no' })).toThrow(/prop 'wafDisabledReason' = "no": no webAcl turns a default security measure down .*needs a reason/);
    expect(() => synthNew(newStack(), 'Api', { webAcl: WEB_ACL, wafDisabledReason: 'Behind CloudFront with its own web ACL' })).toThrow(/one of them is a mistake/);
    const stack = newStack();
    const api = synthNew(stack, 'Api', { wafDisabledReason: 'Behind CloudFront with its own web ACL' });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(api.webAclAssociation).toBeUndefined();
    Template.fromStack(stack).hasResource('AWS::ApiGateway::Stage', { Metadata: { 'Portcullis::WafDisabled': { reason: 'Behind CloudFront with its own web ACL' } } });
  });
});

describe('endpoint and resource policy', () => {
  test('a private API admits only its VPC endpoints', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    synthNew(stack, 'Api', restProps({ endpointType: EndpointType.PRIVATE, vpcEndpoints: [endpoint], wafDisabledReason: 'Private API, reached only from the VPC' }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: [{ Ref: Match.stringLikeRegexp('ExecuteApi') }] },
      Policy: {
        Statement: [
          Match.objectLike({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }),
          Match.objectLike({ Effect: 'Deny', Condition: { Null: { 'aws:PrincipalAccount': 'false' }, StringNotEquals: { 'aws:PrincipalAccount': '111111111111' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': [{ Ref: Match.stringLikeRegexp('ExecuteApi') }] } } }),
        ],
      },
    });
    expect(() => synthNew(newStack(), 'Api', restProps({ endpointType: EndpointType.PRIVATE }))).toThrow(/prop 'vpcEndpoints' = undefined: a PRIVATE API/);
  });

  test('source IP allow and deny lists become explicit denies', () => {
    const stack = newStack();
    synthNew(stack, 'Api', restProps({ resourcePolicy: { allowSourceIps: ['203.0.113.0/24'], denySourceIps: ['203.0.113.7/32'] } }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: [
          Match.objectLike({ Effect: 'Allow' }),
          Match.objectLike({ Sid: 'DenySignedCallsFromOtherAccounts' }),
          Match.objectLike({ Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7/32'] } } }),
        ],
      },
    });
    expect(() => synthNew(newStack(), 'Api', restProps({ resourcePolicy: { allowSourceIps: ['10.0.0.300/8'] } }))).toThrow(/is not a CIDR block/);
  });

  test('edge-optimized only on request', () => {
    const stack = newStack();
    synthNew(stack, 'Api', restProps({ endpointType: EndpointType.EDGE }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['EDGE'] } });
  });
});

test('a public method on a fresh API has no authorizer resource', () => {
  const stack = newStack();
  const api = new SecureRestApi(stack, 'Api', restProps());
  api.addMethods({ path: '/health', methods: ['GET'], handler: newFunction(stack, 'Fn'), authorization: RouteAuthorization.publicAccess('Health check for uptime monitoring') });
  Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Authorizer', 0);
});

describe('weakened stage settings are visible and checked', () => {
  test('tracing off and execution logs off, each with its reason, are recorded on the stage and acknowledged there', () => {
    const stack = newStack();
    synthNew(stack, 'Api', restProps({
      tracing: false,
      tracingOffReason: 'Nightly batch API; X-Ray adds nothing',
      executionLogLevel: MethodLoggingLevel.OFF,
      executionLogsOffReason: 'Test stage torn down nightly',
    }));
    Template.fromStack(stack).hasResource('AWS::ApiGateway::Stage', {
      Properties: { TracingEnabled: false },
      Metadata: {
        'Portcullis::Weakenings': {
          weakenings: [
            Match.objectLike({ setting: 'tracing: false', reasonProp: 'tracingOffReason', reason: 'Nightly batch API; X-Ray adds nothing' }),
            Match.objectLike({ setting: 'executionLogLevel: OFF', reasonProp: 'executionLogsOffReason', reason: 'Test stage torn down nightly' }),
          ],
        },
      },
    });
    const rules = new PortcullisChecks().validateScope(stack).violations.map((v) => v.ruleName).filter((r) => /RestTracing|RestExecutionLogging/.test(r));
    expect(rules).toEqual([]);
  });

  test('the secure defaults record nothing', () => {
    const stack = newStack();
    synthNew(stack, 'Api', restProps());
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('Portcullis::Weakenings');
  });
});
