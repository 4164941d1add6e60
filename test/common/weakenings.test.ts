import { CfnResource, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EndpointAccessMode, MethodLoggingLevel, MockIntegration, SecurityPolicy } from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import {
  AlarmTopic, ApiUserPool, EncryptedLogGroup, GatewayChangeAlerts, GatewayConfigRecorder, GatewayDomain, GatewayMonitoring, GatewayWebAcl,
  JwtAuthorizerFunction, JwtIssuer, REST_EXECUTION_LOGGING_RULES, REST_TRACING_RULES, RouteAuthorization, SecureFunction, SecureHttpApi,
  SecureRestApi, SecureWebSocketApi, SharedEncryptionKey, UnusedApiSweeper, WEAKENINGS_METADATA_KEY,
} from '../../lib';
import { renderedInFinding } from '../../lib/common/finding-rendering';
import { newFunction } from '../stack-fixtures';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

const REASON = 'Reviewed by the platform team in ticket SEC-1234';

/** One weakening: how to build it, where it is recorded, and which rules it acknowledges there. */
interface Case {
  readonly name: string;
  /** Builds the weakened construct (id `Subject`) with the reason given, or without one. */
  readonly build: (stack: Stack, reason: string | undefined) => void;
  /** The prop named in the refusal. */
  readonly reasonProp: string;
  /** The setting as recorded. */
  readonly setting: string | RegExp;
  /** The CloudFormation type of the weakened resource. */
  readonly resourceType: string;
  /** The rules acknowledged on that resource, as the pack renders their ids. */
  readonly rules: (stack: Stack) => readonly string[];
}

function restApi(stack: Stack, props: ConstructorParameters<typeof SecureRestApi>[2]): SecureRestApi {
  const api = new SecureRestApi(stack, 'Subject', { accountLoggingDeclaredElsewhere: true, ...props });
  api.addMethods({ path: '/items', methods: ['GET'], integration: new MockIntegration(), authorization: RouteAuthorization.iam() });
  return api;
}

function httpApi(stack: Stack, props: ConstructorParameters<typeof SecureHttpApi>[2]): SecureHttpApi {
  const api = new SecureHttpApi(stack, 'Subject', { defaultAuthorization: RouteAuthorization.iam(), ...props });
  api.addRoutes({ path: '/items', handler: newFunction(stack, 'Backend') });
  return api;
}

const none = () => [];

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const destroy = (reason: string | undefined) => ({ removalPolicy: RemovalPolicy.DESTROY, removalReason: reason });
const auth0 = () => JwtIssuer.oidc({ issuer: 'https://example.eu.auth0.com/', audiences: ['https://api.example.com'] });

const CASES: readonly Case[] = [
  {
    name: 'SecureRestApi tracing: false',
    build: (stack, reason) => restApi(stack, { tracing: false, tracingOffReason: reason }),
    reasonProp: 'tracingOffReason',
    setting: 'tracing: false',
    resourceType: 'AWS::ApiGateway::Stage',
    rules: () => REST_TRACING_RULES,
  },
  {
    name: 'SecureRestApi executionLogLevel: OFF',
    build: (stack, reason) => restApi(stack, { executionLogLevel: MethodLoggingLevel.OFF, executionLogsOffReason: reason }),
    reasonProp: 'executionLogsOffReason',
    setting: 'executionLogLevel: OFF',
    resourceType: 'AWS::ApiGateway::Stage',
    rules: () => REST_EXECUTION_LOGGING_RULES,
  },
  {
    name: 'SecureRestApi without a web ACL',
    build: (stack, reason) => restApi(stack, { wafDisabledReason: reason ?? '' }),
    reasonProp: 'wafDisabledReason',
    setting: 'no webAcl',
    resourceType: 'AWS::ApiGateway::Stage',
    rules: () => ['AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF', 'PCI.DSS.321-APIGWAssociatedWithWAF', 'Portcullis-RestWaf'],
  },
  {
    name: 'SecureRestApi method throttle above the ceiling',
    build: (stack, reason) => {
      const api = new SecureRestApi(stack, 'Subject', { accountLoggingDeclaredElsewhere: true });
      api.addMethods({
        path: '/items',
        methods: ['GET'],
        integration: new MockIntegration(),
        authorization: RouteAuthorization.iam(),
        throttle: { rateLimit: 12_000, burstLimit: 5_000, aboveCeilingReason: reason },
      });
    },
    reasonProp: 'methods[GET /items].throttle.aboveCeilingReason',
    setting: /^methods\[GET \/items\]\.throttle: \{ rateLimit: 12000/,
    resourceType: 'AWS::ApiGateway::Stage',
    rules: () => ['Portcullis-StageThrottling[above-ceiling]'],
  },
  {
    name: 'SecureRestApi securityPolicy: TLS_1_0',
    build: (stack, reason) => restApi(stack, { securityPolicy: SecurityPolicy.TLS_1_0, legacyTlsReason: reason }),
    reasonProp: 'legacyTlsReason',
    setting: 'securityPolicy: TLS_1_0',
    resourceType: 'AWS::ApiGateway::RestApi',
    rules: () => ['Portcullis-RestApiTlsPolicy'],
  },
  {
    name: 'SecureRestApi endpointAccessMode: BASIC',
    build: (stack, reason) => restApi(stack, { endpointAccessMode: EndpointAccessMode.BASIC, basicEndpointAccessReason: reason }),
    reasonProp: 'basicEndpointAccessReason',
    setting: 'endpointAccessMode: BASIC',
    resourceType: 'AWS::ApiGateway::RestApi',
    rules: none,
  },
  {
    name: 'SecureRestApi CORS *',
    build: (stack, reason) => restApi(stack, { cors: { allowOrigins: ['*'], anyOriginReason: reason } }),
    reasonProp: 'cors.anyOriginReason',
    setting: "cors.allowOrigins: ['*']",
    resourceType: 'AWS::ApiGateway::RestApi',
    rules: none,
  },
  {
    name: 'SecureHttpApi stage throttle above the ceiling',
    build: (stack, reason) => httpApi(stack, { throttle: { rateLimit: 20_000, burstLimit: 10_000, aboveCeilingReason: reason } }),
    reasonProp: 'throttle.aboveCeilingReason',
    setting: /^throttle: \{ rateLimit: 20000, burstLimit: 10000 \}$/,
    resourceType: 'AWS::ApiGatewayV2::Stage',
    rules: () => ['Portcullis-StageThrottling[above-ceiling]'],
  },
  {
    name: 'SecureHttpApi CORS *',
    build: (stack, reason) => httpApi(stack, { cors: { allowOrigins: ['*'], anyOriginReason: reason } }),
    reasonProp: 'cors.anyOriginReason',
    setting: "cors.allowOrigins: ['*']",
    resourceType: 'AWS::ApiGatewayV2::Api',
    rules: none,
  },
  {
    name: 'SecureWebSocketApi executionLogLevel: OFF',
    build: (stack, reason) => new SecureWebSocketApi(stack, 'Subject', {
      connect: { handler: newFunction(stack, 'Connect'), authorization: RouteAuthorization.iam() },
      executionLogLevel: MethodLoggingLevel.OFF,
      executionLogsOffReason: reason,
      accountLoggingDeclaredElsewhere: true,
    }),
    reasonProp: 'executionLogsOffReason',
    setting: 'executionLogLevel: OFF',
    resourceType: 'AWS::ApiGatewayV2::Stage',
    rules: none,
  },
  {
    name: 'SecureWebSocketApi $connect throttle above the ceiling',
    build: (stack, reason) => new SecureWebSocketApi(stack, 'Subject', {
      connect: { handler: newFunction(stack, 'Connect'), authorization: RouteAuthorization.iam(), throttle: { rateLimit: 50_000, burstLimit: 100, aboveCeilingReason: reason } },
      accountLoggingDeclaredElsewhere: true,
    }),
    reasonProp: 'connect.throttle.aboveCeilingReason',
    setting: /^connect\.throttle: /,
    resourceType: 'AWS::ApiGatewayV2::Stage',
    rules: () => ['Portcullis-StageThrottling[above-ceiling]'],
  },
  {
    name: 'GatewayDomain securityPolicy: TLS_1_0',
    build: (stack, reason) => new GatewayDomain(stack, 'Subject', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123'),
      securityPolicy: SecurityPolicy.TLS_1_0,
      legacyTlsReason: reason,
      alarmTopic: new AlarmTopic(stack, 'Alarms').topic,
    }),
    reasonProp: 'legacyTlsReason',
    setting: 'securityPolicy: TLS_1_0',
    resourceType: 'AWS::ApiGateway::DomainName',
    rules: () => ['Portcullis-DomainTlsPolicy'],
  },
  {
    name: 'GatewayDomain endpointAccessMode: BASIC',
    build: (stack, reason) => new GatewayDomain(stack, 'Subject', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123'),
      endpointAccessMode: EndpointAccessMode.BASIC,
      basicEndpointAccessReason: reason,
      alarmTopic: new AlarmTopic(stack, 'Alarms').topic,
    }),
    reasonProp: 'basicEndpointAccessReason',
    setting: 'endpointAccessMode: BASIC',
    resourceType: 'AWS::ApiGateway::DomainName',
    rules: none,
  },
  {
    name: 'GatewayDomain expiryAlarm: false',
    build: (stack, reason) => new GatewayDomain(stack, 'Subject', {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123'),
      expiryAlarm: false,
      expiryAlarmOffReason: reason,
    }),
    reasonProp: 'expiryAlarmOffReason',
    setting: 'expiryAlarm: false',
    resourceType: 'AWS::ApiGateway::DomainName',
    rules: none,
  },
  {
    name: 'GatewayMonitoring alarm enabled: false',
    build: (stack, reason) => {
      const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.iam() });
      api.addRoutes({ path: '/items', handler: newFunction(stack, 'Backend') });
      new GatewayMonitoring(stack, 'Subject').monitorApi(api, { serverErrorRate: { enabled: false, offReason: reason } });
    },
    reasonProp: 'options.serverErrorRate.offReason',
    setting: 'options.serverErrorRate.enabled: false',
    resourceType: 'AWS::CloudWatch::Dashboard',
    rules: none,
  },
  {
    name: 'GatewayWebAcl managedRuleGroups: []',
    build: (stack, reason) => new GatewayWebAcl(stack, 'Subject', { managedRuleGroups: [], managedRulesOffReason: reason }),
    reasonProp: 'managedRulesOffReason',
    setting: /^managedRuleGroups: \[\]/,
    resourceType: 'AWS::WAFv2::WebACL',
    rules: () => ['Portcullis-WebAclBlocks[rate-only]'],
  },
  {
    name: 'GatewayWebAcl every group countOnly',
    build: (stack, reason) => new GatewayWebAcl(stack, 'Subject', {
      managedRuleGroups: GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS.map((group) => ({ ...group, countOnly: true })), managedRulesOffReason: reason,
    }),
    reasonProp: 'managedRulesOffReason',
    setting: /countOnly/,
    resourceType: 'AWS::WAFv2::WebACL',
    rules: () => ['Portcullis-WebAclBlocks[rate-only]'],
  },
  {
    name: 'UnusedApiSweeper deletionEnabled: true',
    build: (stack, reason) => new UnusedApiSweeper(stack, 'Subject', { deletionEnabled: true, deletionReason: reason }),
    reasonProp: 'deletionReason',
    setting: 'deletionEnabled: true',
    resourceType: 'AWS::IAM::ManagedPolicy',
    rules: (stack) => ['restapis', 'apis'].map((kind) => `AwsSolutions-IAM5[Resource::${renderedInFinding(stack, `arn:${stack.partition}:apigateway:${stack.region}::/${kind}/*`)}]`),
  },
  {
    name: 'ApiUserPool removalPolicy: DESTROY',
    build: (stack, reason) => new ApiUserPool(stack, 'Subject', { removalPolicy: RemovalPolicy.DESTROY, weakeningReason: reason }),
    reasonProp: 'weakeningReason',
    setting: 'removalPolicy: destroy',
    resourceType: 'AWS::Cognito::UserPool',
    rules: none,
  },
  {
    name: 'SecureHttpApi accessLogs.removalPolicy: DESTROY',
    build: (stack, reason) => httpApi(stack, { accessLogs: destroy(reason) }),
    reasonProp: 'accessLogs.removalReason',
    setting: 'accessLogs.removalPolicy: destroy',
    resourceType: 'AWS::Logs::LogGroup',
    rules: none,
  },
  {
    name: 'EncryptedLogGroup removalPolicy: DESTROY',
    build: (stack, reason) => new EncryptedLogGroup(stack, 'Subject', destroy(reason)),
    reasonProp: 'removalReason',
    setting: 'removalPolicy: destroy',
    resourceType: 'AWS::Logs::LogGroup',
    rules: none,
  },
  {
    name: 'SecureFunction logRemovalPolicy: DESTROY',
    build: (stack, reason) => new SecureFunction(stack, 'Subject', {
      code: CODE, logRemovalPolicy: RemovalPolicy.DESTROY, logRemovalReason: reason, noVpcReason: REASON, noDeadLetterQueueReason: REASON,
    }),
    reasonProp: 'logRemovalReason',
    setting: 'logRemovalPolicy: destroy',
    resourceType: 'AWS::Logs::LogGroup',
    rules: none,
  },
  {
    name: 'JwtAuthorizerFunction logRemovalPolicy: DESTROY',
    build: (stack, reason) => new JwtAuthorizerFunction(stack, 'Subject', { issuers: [auth0()], logRemovalPolicy: RemovalPolicy.DESTROY, logRemovalReason: reason }),
    reasonProp: 'logRemovalReason',
    setting: 'logRemovalPolicy: destroy',
    resourceType: 'AWS::Logs::LogGroup',
    rules: none,
  },
  {
    name: 'GatewayWebAcl logRemovalPolicy: DESTROY',
    build: (stack, reason) => new GatewayWebAcl(stack, 'Subject', { logRemovalPolicy: RemovalPolicy.DESTROY, logRemovalReason: reason }),
    reasonProp: 'logRemovalReason',
    setting: 'logRemovalPolicy: destroy',
    resourceType: 'AWS::Logs::LogGroup',
    rules: none,
  },
  {
    name: 'GatewayWebAcl logOnlyBlockedAndCounted: true',
    build: (stack, reason) => new GatewayWebAcl(stack, 'Subject', { logOnlyBlockedAndCounted: true, logOnlyBlockedAndCountedReason: reason }),
    reasonProp: 'logOnlyBlockedAndCountedReason',
    setting: 'logOnlyBlockedAndCounted: true',
    resourceType: 'AWS::WAFv2::LoggingConfiguration',
    rules: none,
  },
  {
    name: 'SharedEncryptionKey removalPolicy: DESTROY',
    build: (stack, reason) => new SharedEncryptionKey(stack, 'Subject', destroy(reason)),
    reasonProp: 'removalReason',
    setting: 'removalPolicy: destroy',
    resourceType: 'AWS::KMS::Key',
    rules: none,
  },
  {
    name: 'AlarmTopic removalPolicy: DESTROY (its purpose key, PurposeKeyOptions)',
    build: (stack, reason) => new AlarmTopic(stack, 'Subject', destroy(reason)),
    reasonProp: 'removalReason',
    setting: 'removalPolicy: destroy',
    resourceType: 'AWS::KMS::Key',
    rules: none,
  },
  {
    name: 'GatewayConfigRecorder removalPolicy: DESTROY',
    build: (stack, reason) => new GatewayConfigRecorder(stack, 'Subject', destroy(reason)),
    reasonProp: 'removalReason',
    setting: 'removalPolicy: destroy',
    resourceType: 'AWS::S3::Bucket',
    rules: none,
  },
  {
    name: 'GatewayChangeAlerts wafAssociations: false',
    build: (stack, reason) => new GatewayChangeAlerts(stack, 'Subject', { wafAssociations: false, wafAssociationsOffReason: reason }),
    reasonProp: 'wafAssociationsOffReason',
    setting: 'wafAssociations: false',
    resourceType: 'AWS::Events::Rule',
    rules: none,
  },
];

/** The weakened resource: the one resource of the type under `Subject` whose metadata records the setting. */
function weakened(stack: Stack, c: Case): { resource: CfnResource; recorded: Record<string, unknown> } {
  const matches = stack.node.findAll()
    .filter((n): n is CfnResource => CfnResource.isCfnResource(n) && n.cfnResourceType === c.resourceType && n.node.path.startsWith(`${stack.node.path}/Subject/`))
    .flatMap((resource) => ((resource.getMetadata(WEAKENINGS_METADATA_KEY)?.weakenings ?? []) as Array<Record<string, unknown>>)
      .filter((w) => (typeof c.setting === 'string' ? w.setting === c.setting : c.setting.test(String(w.setting))))
      .map((recorded) => ({ resource, recorded })));
  expect(matches).toHaveLength(1);
  return matches[0];
}

/** Rule ids acknowledged on a node with a reason that names the reason prop. */
function acknowledgedFor(node: IConstruct, reasonProp: string): string[] {
  return node.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .filter(([, reason]) => reason.includes(`with ${reasonProp}: `))
    // acknowledge() records each id as `Annotation::<id>` in the construct's metadata.
    .map(([id]) => id.replace(/^Annotation::/, ''))
    .sort();
}

describe.each(CASES)('$name', (c) => {
  test.each([
    ['no reason', undefined], ['a short reason', 'because'], ['a blank reason', '   \u200b   \u200b   '],
  ])('%s is refused at synth, naming the construct path and the reason prop', (_, reason) => {
    const stack = userStack(USER_APP_SETUPS[0]);
    const escaped = c.reasonProp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(() => {
      c.build(stack, reason);
      Template.fromStack(stack);
    }).toThrow(new RegExp(`\\[UserStack/Subject\\] prop '${escaped}' = .*Fix: give ${escaped}`));
  });

  test('with a reason: recorded on the weakened resource, with exactly its rules acknowledged there', () => {
    const stack = userStack(USER_APP_SETUPS[0]);
    c.build(stack, REASON);
    const { resource, recorded } = weakened(stack, c);
    const rules = [...c.rules(stack)].sort();
    expect(recorded).toEqual(expect.objectContaining({ reasonProp: c.reasonProp, reason: REASON }));
    expect([...recorded.acknowledges as string[]].sort()).toEqual(rules);
    expect(recorded.consequence).toEqual(expect.any(String));
    expect(acknowledgedFor(resource, c.reasonProp)).toEqual(rules);
    // Nowhere else.
    const elsewhere = stack.node.findAll().filter((n) => n !== resource).flatMap((n) => acknowledgedFor(n, c.reasonProp));
    expect(elsewhere).toEqual([]);
  });

  test.each(USER_APP_SETUPS)('with a reason, no pack reports the construct ($name)', (setup) => {
    const stack = userStack(setup);
    c.build(stack, REASON);
    // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not this construct (test/nag/rules/stage/DenialSignal.test.ts).
    expect(findingsAtSynth(stack, ['Subject']).filter((f) => !f.startsWith('Portcullis-DenialSignal '))).toEqual([]);
  });
});

test.each([
  ['tracingOffReason', (stack: Stack) => restApi(stack, { tracingOffReason: REASON })],
  ['executionLogsOffReason', (stack: Stack) => restApi(stack, { executionLogsOffReason: REASON })],
  ['expiryAlarmOffReason', (stack: Stack) => new GatewayDomain(stack, 'Subject', { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:eu-west-1:123456789012:certificate/0123'), expiryAlarmOffReason: REASON })],
  ['managedRulesOffReason', (stack: Stack) => new GatewayWebAcl(stack, 'Subject', { managedRulesOffReason: REASON })],
  ['deletionReason', (stack: Stack) => new UnusedApiSweeper(stack, 'Subject', { deletionReason: REASON })],
  ['cors.anyOriginReason', (stack: Stack) => httpApi(stack, { cors: { allowOrigins: ['https://app.example.com'], anyOriginReason: REASON } })],
  ['throttle.aboveCeilingReason', (stack: Stack) => httpApi(stack, { throttle: { rateLimit: 100, burstLimit: 200, aboveCeilingReason: REASON } })],
  ['accessLogs.removalReason', (stack: Stack) => httpApi(stack, { accessLogs: { removalPolicy: RemovalPolicy.RETAIN, removalReason: REASON } })],
  ['removalReason', (stack: Stack) => new EncryptedLogGroup(stack, 'Subject', { removalReason: REASON })],
  ['logRemovalReason', (stack: Stack) => new SecureFunction(stack, 'Subject', { code: CODE, logRemovalReason: REASON })],
  ['logRemovalReason', (stack: Stack) => new JwtAuthorizerFunction(stack, 'Subject', { issuers: [auth0()], logRemovalReason: REASON })],
  ['logRemovalReason', (stack: Stack) => new GatewayWebAcl(stack, 'Subject', { logRemovalReason: REASON })],
  ['logOnlyBlockedAndCountedReason', (stack: Stack) => new GatewayWebAcl(stack, 'Subject', { logOnlyBlockedAndCounted: false, logOnlyBlockedAndCountedReason: REASON })],
  ['removalReason', (stack: Stack) => new SharedEncryptionKey(stack, 'Subject', { removalReason: REASON })],
  ['removalReason', (stack: Stack) => new AlarmTopic(stack, 'Subject', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, removalReason: REASON })],
  ['removalReason', (stack: Stack) => new GatewayConfigRecorder(stack, 'Subject', { removalReason: REASON })],
  ['wafAssociationsOffReason', (stack: Stack) => new GatewayChangeAlerts(stack, 'Subject', { wafAssociationsOffReason: REASON })],
])('a reason for a weakening the props do not make (%s) is refused', (prop, build) => {
  const stack = userStack(USER_APP_SETUPS[0]);
  expect(() => {
    build(stack);
    Template.fromStack(stack);
  }).toThrow(new RegExp(`prop '${prop.replace('.', '\\.')}' = .*nothing is weakened`));
});

test('limits at the ceiling need no reason; one request more does', () => {
  const ok = userStack(USER_APP_SETUPS[0]);
  httpApi(ok, { throttle: { rateLimit: 10_000, burstLimit: 5_000 } });
  expect(() => Template.fromStack(ok)).not.toThrow();
  const over = userStack(USER_APP_SETUPS[0]);
  httpApi(over, { throttle: { rateLimit: 10_000, burstLimit: 5_001 } });
  expect(() => Template.fromStack(over)).toThrow(/prop 'throttle\.aboveCeilingReason' = undefined: .*ceiling of 10000 requests per second and a burst of 5000/);
});

test('a monitoring alarm that is off by default needs no reason to stay off', () => {
  const stack = userStack(USER_APP_SETUPS[0]);
  const api = httpApi(stack, {});
  new GatewayMonitoring(stack, 'Monitoring').monitorApi(api, { minimumTraffic: { enabled: false } });
  expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain(WEAKENINGS_METADATA_KEY);
});

describe('a setting from a token: whether it weakens is known only at deploy', () => {
  const fromDeploy = (stack: Stack) => Fn.importValue(`Shared-${stack.node.children.length}`);
  test.each([
    ['HTTP throttle', (stack: Stack, reason?: string) => httpApi(stack, {
      throttle: { rateLimit: Token.asNumber(fromDeploy(stack)), burstLimit: 100, aboveCeilingReason: reason },
    })],
    ['HTTP CORS origins', (stack: Stack, reason?: string) => httpApi(stack, {
      cors: { allowOrigins: Fn.split(',', fromDeploy(stack)), anyOriginReason: reason },
    })],
    ['REST securityPolicy', (stack: Stack, reason?: string) => restApi(stack, {
      securityPolicy: fromDeploy(stack) as SecurityPolicy, legacyTlsReason: reason,
    })],
    ['REST endpointAccessMode', (stack: Stack, reason?: string) => restApi(stack, {
      endpointAccessMode: fromDeploy(stack) as EndpointAccessMode, basicEndpointAccessReason: reason,
    })],
  ])('%s: accepted with or without a reason, and nothing is recorded (the value is not known)', (_, build) => {
    for (const reason of [undefined, REASON]) {
      const stack = userStack(USER_APP_SETUPS[0]);
      build(stack, reason);
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain(WEAKENINGS_METADATA_KEY);
    }
    const short = userStack(USER_APP_SETUPS[0]);
    build(short, 'because');
    expect(() => Template.fromStack(short)).toThrow(/Reason' = "because": the reason has 7 visible characters.*the setting is a token/);
  });
});
