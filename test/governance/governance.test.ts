import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AlarmTopic, API_GATEWAY_CHANGE_EVENTS, GatewayAccess, GatewayChangeAlerts, GatewayConfigRules, MANAGED_RULES,
  SecureHttpApi, SecureRestApi, UnusedApiSweeper, WAF_ASSOCIATION_EVENTS,
} from '../../lib';
import { newestNodeRuntime } from '../../lib/function/latest-node-runtime';
import { findings } from '../identity/nag-packs';
import { restProps, withMethod } from '../rest/fixtures';
import { newStack } from '../stack-fixtures';

const REF = (id: string) => ({ Ref: Match.stringLikeRegexp(id) });

describe('GatewayConfigRules', () => {
  test('deploys the ten managed rules, scoped to their resource types, with parameters', () => {
    const stack = newStack();
    new GatewayConfigRules(stack, 'Rules', { webAclArns: ['arn:aws:wafv2:us-east-1:111111111111:regional/webacl/a/1'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConfigRule', 10);
    t.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'portcullis-api-gw-execution-logging-enabled',
      Source: { Owner: 'AWS', SourceIdentifier: 'API_GW_EXECUTION_LOGGING_ENABLED' },
      Scope: { ComplianceResourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'] },
      InputParameters: { loggingLevel: 'ERROR,INFO' },
    });
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'API_GW_ASSOCIATED_WITH_WAF' },
      InputParameters: { WebAclArns: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/a/1' },
    });
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'API_GW_ENDPOINT_TYPE_CHECK' },
      Scope: { ComplianceResourceTypes: ['AWS::ApiGateway::RestApi'] },
      InputParameters: { endpointConfigurationTypes: 'REGIONAL,PRIVATE' },
    });
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK' },
      Scope: Match.absent(),
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      InputParameters: { MinRetentionTime: '365' },
    });
    t.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK' },
      Scope: { ComplianceResourceTypes: ['AWS::ACM::Certificate'] },
      InputParameters: { daysToExpiration: '30' },
    });
    t.hasResourceProperties('AWS::Config::ConfigRule', { Source: { SourceIdentifier: 'API_GW_XRAY_ENABLED' }, InputParameters: Match.absent() });
    const identifiers = Object.values(t.findResources('AWS::Config::ConfigRule')).map((r: any) => r.Properties.Source.SourceIdentifier).sort();
    expect(identifiers).toEqual(MANAGED_RULES.map((r) => r.identifier).sort());
  });

  test('NON_COMPLIANT results of these rules only go to the topic through an input transformer', () => {
    const stack = newStack();
    const rules = new GatewayConfigRules(stack, 'Rules', { rules: ['API_GW_XRAY_ENABLED', 'API_GWV2_ACCESS_LOGS_ENABLED'] });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        'detail': {
          messageType: ['ComplianceChangeNotification'],
          configRuleName: ['portcullis-api-gw-xray-enabled', 'portcullis-api-gwv2-access-logs-enabled'],
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      Targets: [Match.objectLike({
        Arn: REF('RulesTopic'),
        InputTransformer: {
          InputPathsMap: Match.objectLike({ 'detail-configRuleName': '$.detail.configRuleName', 'detail-resourceId': '$.detail.resourceId', 'time': '$.time' }),
          InputTemplate: Match.stringLikeRegexp('<detail-resourceType> <detail-resourceId> is NON_COMPLIANT with <detail-configRuleName> \\(account <account>, region <region>, at <time>\\)'),
        },
      })],
    });
    expect(rules.ruleNames).toHaveLength(2);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowEventBridgeRulesOfThisAccount' })]) },
    });
  });

  test('a given topic is used as is', () => {
    const stack = newStack();
    const alarms = new AlarmTopic(stack, 'Alarms');
    alarms.allowEventBridgeRules();
    new GatewayConfigRules(stack, 'Rules', { topic: alarms.topic });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: REF('AlarmsTopic') })] });
  });

  test('organization mode: the same rules as organization rules, no EventBridge rule', () => {
    const stack = newStack();
    new GatewayConfigRules(stack, 'Rules', { organization: { excludedAccounts: ['222222222222'] }, minLogRetentionDays: 731 });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConfigRule', 0);
    t.resourceCountIs('AWS::Config::OrganizationConfigRule', 10);
    t.resourceCountIs('AWS::Events::Rule', 0);
    t.hasResourceProperties('AWS::Config::OrganizationConfigRule', {
      OrganizationConfigRuleName: 'portcullis-api-gw-execution-logging-enabled',
      ExcludedAccounts: ['222222222222'],
      OrganizationManagedRuleMetadata: {
        RuleIdentifier: 'API_GW_EXECUTION_LOGGING_ENABLED',
        ResourceTypesScope: ['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage'],
        InputParameters: '{"loggingLevel":"ERROR,INFO"}',
      },
    });
    t.hasResourceProperties('AWS::Config::OrganizationConfigRule', {
      OrganizationManagedRuleMetadata: {
        RuleIdentifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK',
        ResourceTypesScope: Match.absent(),
        MaximumExecutionFrequency: 'TwentyFour_Hours',
        InputParameters: '{"MinRetentionTime":"731"}',
      },
    });
  });

  test('createRecorder: recorder, delivery channel to an encrypted, TLS-only, versioned bucket; rules wait for it; nag-clean', () => {
    const stack = newStack();
    new GatewayConfigRules(stack, 'Rules', { createRecorder: true });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: false, ResourceTypes: Match.arrayWith(['AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage']) },
    });
    t.hasResourceProperties('AWS::Config::DeliveryChannel', { S3KmsKeyArn: Match.anyValue() });
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      LoggingConfiguration: Match.anyValue(),
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
    });
    const rule = Object.values(t.findResources('AWS::Config::ConfigRule'))[0] as any;
    expect(rule.DependsOn.some((d: string) => d.startsWith('RulesRecorder'))).toBe(true);
    expect(findings(stack)).toEqual([]);
  });

  test('bad props fail at synth naming the prop, the value and the fix', () => {
    expect(() => new GatewayConfigRules(newStack(), 'R', { rules: ['API_GW_NOPE'] })).toThrow(/\[Test\/R\] prop 'rules' = "API_GW_NOPE": is not one of .* Fix:/);
    expect(() => new GatewayConfigRules(newStack(), 'R', { minLogRetentionDays: 100 })).toThrow(/minLogRetentionDays' = 100/);
    expect(() => new GatewayConfigRules(newStack(), 'R', { endpointTypes: ['EDGY'] })).toThrow(/endpointTypes/);
    expect(() => new GatewayConfigRules(newStack(), 'R', { routeAuthorizationType: 'NONE' })).toThrow(/routeAuthorizationType/);
    expect(() => new GatewayConfigRules(newStack(), 'R', { organization: {}, createRecorder: true })).toThrow(/createRecorder.*organization/);
  });

  test('account rules with the default topic are nag-clean', () => {
    const stack = newStack();
    new GatewayConfigRules(stack, 'Rules');
    expect(findings(stack)).toEqual([]);
  });
});

describe('GatewayChangeAlerts', () => {
  test('CloudTrail management events of API Gateway and WAF associations → SNS with who, what, where, when', () => {
    const stack = newStack();
    new GatewayChangeAlerts(stack, 'Alerts');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.apigateway'],
        'detail-type': ['AWS API Call via CloudTrail'],
        'detail': { eventSource: ['apigateway.amazonaws.com'], eventName: [...API_GATEWAY_CHANGE_EVENTS] },
      },
      Targets: [Match.objectLike({
        InputTransformer: {
          InputPathsMap: Match.objectLike({ 'detail-eventName': '$.detail.eventName', 'detail-userIdentity-arn': '$.detail.userIdentity.arn', 'account': '$.account', 'region': '$.region', 'detail-eventTime': '$.detail.eventTime', 'detail-requestParameters': '$.detail.requestParameters' }),
          InputTemplate: Match.stringLikeRegexp('API Gateway change: <detail-eventName> by <detail-userIdentity-arn> in account <account>, region <region>, at <detail-eventTime> from <detail-sourceIPAddress>. Request: <detail-requestParameters>'),
        },
      })],
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.wafv2'], 'detail-type': ['AWS API Call via CloudTrail'], 'detail': { eventSource: ['wafv2.amazonaws.com'], eventName: [...WAF_ASSOCIATION_EVENTS] } },
    });
    expect(API_GATEWAY_CHANGE_EVENTS).toEqual(expect.arrayContaining(['DeleteRestApi', 'UpdateStage', 'DeleteAuthorizer', 'DeleteApi', 'DeleteDomainName', 'DeleteBasePathMapping', 'DeleteApiMapping', 'CreateDeployment']));
    expect(findings(stack)).toEqual([]);
  });

  test('WAF alerts can be left out; event names can be chosen', () => {
    const stack = newStack();
    new GatewayChangeAlerts(stack, 'Alerts', { wafAssociations: false, wafAssociationsOffReason: 'WAF is managed by Firewall Manager, which alerts on it', apiGatewayEventNames: ['DeleteRestApi'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 1);
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { eventName: ['DeleteRestApi'] } } });
    expect(() => new GatewayChangeAlerts(newStack(), 'A', { apiGatewayEventNames: [] })).toThrow(/apiGatewayEventNames/);
  });
});

describe('UnusedApiSweeper', () => {
  test('report only by default: scheduled SecureFunction, read-only role, no delete, nag-clean', () => {
    const stack = newStack();
    const sweeper = new UnusedApiSweeper(stack, 'Sweeper');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SweeperHandler'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } })],
    });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ IDLE_DAYS: '30', DELETE_ENABLED: 'false', OPT_IN_TAG_KEY: 'portcullis:sweep', PROTECTED_TAG_KEY: 'portcullis:protected', MAX_ATTEMPTS: '5' }) },
    });
    const policies = JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies).not.toContain('apigateway:DELETE');
    expect(policies).not.toContain('apigateway:*');
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'ListApisAndStages',
          Action: 'apigateway:GET',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/*/stages']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/apis']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/apis/*/stages']] },
          ],
        }), Match.objectLike({ Action: 'sns:Publish' })]),
      },
    });
    expect(sweeper.metricIdleApis().namespace).toBe('Portcullis/UnusedApiSweeper');
    expect(findings(stack)).toEqual([]);
  });

  test('deletion on: DELETE only on APIs with the opt-in tag and without the protected tag, recorded in metadata', () => {
    const stack = newStack();
    const sweeper = new UnusedApiSweeper(stack, 'Sweeper', { deletionEnabled: true, deletionReason: 'Sandbox account with throw-away APIs', idleDays: 60, optInTagKey: 'team:sweep', optInTagValue: 'yes' });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'DeleteOnlyOptedInUnprotectedApis',
          Effect: 'Allow',
          Action: 'apigateway:DELETE',
          Resource: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/*']] },
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/apis/*']] },
          ],
          Condition: { StringEquals: { 'aws:ResourceTag/team:sweep': 'yes' }, Null: { 'aws:ResourceTag/portcullis:protected': 'true' } },
        }]),
      },
    });
    expect((sweeper.secureFunction.function.node.defaultChild as CfnResource).getMetadata('Portcullis::SweeperDeletion'))
      .toEqual(expect.objectContaining({ optInTag: expect.any(String), protectedTagKey: expect.any(String) }));
    expect(findings(stack)).toEqual([]);
  });

  test('bad props fail at synth', () => {
    expect(() => new UnusedApiSweeper(newStack(), 'S', { idleDays: 0 })).toThrow(/\[Test\/S\] prop 'idleDays' = 0/);
    expect(() => new UnusedApiSweeper(newStack(), 'S', { optInTagKey: 'aws:x' })).toThrow(/optInTagKey/);
    expect(() => new UnusedApiSweeper(newStack(), 'S', { protectedTagKey: 'portcullis:sweep' })).toThrow(/protectedTagKey.*equals optInTagKey/);
    expect(() => new UnusedApiSweeper(newStack(), 'S', { runtime: lambda.Runtime.NODEJS_20_X }))
      .toThrow(/^\[Test\/S\] prop 'runtime' = "nodejs20\.x": is older than Node\.js 22, the oldest runtime Portcullis supports\. Fix: /);
    expect(() => new UnusedApiSweeper(newStack(), 'S', { runtime: lambda.Runtime.PYTHON_3_13 }))
      .toThrow(/prop 'runtime' = "python3\.13": must be a Node\.js runtime/);
  });

  test('runtime: the newest Node.js the installed aws-cdk-lib knows, or the one given from Node.js 22 on', () => {
    const newest = new UnusedApiSweeper(newStack(), 'S');
    expect(newest.secureFunction.function.runtime.name).toBe(newestNodeRuntime().name);
    const stack = newStack();
    new UnusedApiSweeper(stack, 'S', { runtime: lambda.Runtime.NODEJS_22_X });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
  });
});

describe('GatewayAccess', () => {
  function setup() {
    const stack = newStack();
    const http = new SecureHttpApi(stack, 'Http');
    const rest = withMethod(new SecureRestApi(stack, 'Rest', restProps()));
    const role = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
    return { stack, http, rest, role };
  }
  const arn = (suffix: string) => ({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(suffix)])] });

  test('grantRead and grantDeploy name the APIs and their collections only: AwsSolutions-IAM5 passes without acknowledgement', () => {
    const { stack, http, rest, role } = setup();
    GatewayAccess.grantRead(role, [http]);
    GatewayAccess.grantDeploy(role, [rest], { resourceTag: { key: 'team', value: 'payments' } });
    const t = Template.fromStack(stack);
    const doc = JSON.stringify(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(doc).not.toMatch(/\/\*"/);
    expect(doc).toContain('/deployments');
    // One customer managed policy per API, attached to the role; no inline policy.
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Pipeline') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'apigateway:POST', Condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } }, Resource: arn('/deployments') }),
          Match.objectLike({ Action: 'apigateway:PATCH', Condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } }, Resource: arn('/stages/') }),
        ]),
      },
    });
    expect(findings(stack).filter((f) => f.includes('IAM5'))).toEqual([]);
  });

  test('grantAdminister covers the API and everything under it, nothing else', () => {
    const { stack, rest, role } = setup();
    GatewayAccess.grantAdminister(role, [rest]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Pipeline') }],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
          Resource: [arn('::/restapis/'), arn('/\\*$')],
        })],
      },
    });
    // The wildcard below this one API is acknowledged on the policy that holds it, and nothing else is.
    expect(findings(stack).filter((f) => f.includes('IAM5'))).toEqual([]);
    const policy = role.node.findAll().find((c) => c instanceof iam.ManagedPolicy)!;
    expect(Object.keys(Object.assign({}, ...policy.node.defaultChild!.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data))))
      .toEqual([expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:apigateway:us-east-1::\/restapis\/<Rest\w+>\/\*\]$/)]);
    expect(() => GatewayAccess.grantRead(role, [])).toThrow(/^\[Test\/Pipeline\] prop 'apis' = \[\]: must name at least one API\. Fix: /);
    expect(() => GatewayAccess.grantRead(role, [rest], { resourceTag: { key: '', value: 'x' } }))
      .toThrow(/^\[Test\/Pipeline\] prop 'resourceTag\.key' = "": must be a tag key of 1 to 128 characters/);
  });
});

void Stack;
