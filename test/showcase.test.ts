import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Environment, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { addSecurityChecks, SECURITY_PACKS } from '../bin/security-checks';
import { ShowcaseStack } from '../bin/showcase-stack';

/** The context `npx cdk synth` gives the showcase: cdk.json's, the feature flags `cdk init` writes. */
const CDK_JSON_CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')).context;

/** The showcase as `npx cdk synth` builds it (env-agnostic), or in an explicit environment as a user's app may be. */
function showcase(env?: Environment): { app: App; stack: ShowcaseStack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'showcase-')), context: CDK_JSON_CONTEXT });
  const stack = new ShowcaseStack(app, 'PortcullisShowcase', { env });
  return { app, stack };
}

describe('showcase app', () => {
  const packs = SECURITY_PACKS;

  test('runs with the feature flags cdk init writes', () => {
    expect(Object.keys(CDK_JSON_CONTEXT).sort()).toEqual(Object.keys(CURRENTLY_RECOMMENDED_FLAGS).sort());
  });

  test.each(packs.flatMap(([name, pack]) => [
    [name, 'env-agnostic', pack, undefined],
    [name, 'with an explicit account and Region', pack, { account: '123456789012', region: 'eu-west-1' }],
  ] as const))('%s reports nothing unacknowledged, %s', (_name, _envName, pack, env) => {
    const { app, stack } = showcase(env);
    // As under `cdk synth`, where the packs run after synthesis (aspects included).
    app.synth();
    const report = pack().validateScope(stack);
    expect(report.violations.map((v) => v.severity)).not.toContain('error');
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('synthesizes with every pack registered, as `npx cdk synth` does', () => {
    const { app } = showcase();
    addSecurityChecks(app);
    const assembly = app.synth();
    expect(assembly.getStackByName('PortcullisShowcase').template.Resources).toBeDefined();
  });

  test('an unacknowledged error from a pack fails synth', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-fail-')) });
    new logs.LogGroup(new Stack(app, 'Plain'), 'Unencrypted');
    addSecurityChecks(app);
    expect(() => app.synth()).toThrow(/CloudWatch Log Group is not encrypted[\s\S]*Plain\/Unencrypted\/Resource/);
  });

  test('uses every authorization kind, CORS, per-route throttling and an IAM grant', () => {
    const { stack } = showcase();
    const t = Template.fromStack(stack);
    // The HTTP API's own resources (the stack also holds the WebSocket API).
    const ofHttpApi = { ApiId: { Ref: stack.getLogicalId(stack.api.httpApi.node.defaultChild as any) } };
    const types = Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: ofHttpApi })).map((r) => r.Properties.AuthorizationType).sort();
    expect(new Set(types)).toEqual(new Set(['AWS_IAM', 'CUSTOM', 'JWT', 'NONE']));
    // JWT, Cognito, the key Lambda authorizer and the Lambda JWT authorizer
    expect(Object.keys(t.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: ofHttpApi }))).toHaveLength(4);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { Name: 'JwtLambdaAuthorizer', AuthorizerResultTtlInSeconds: 300, IdentitySource: ['$request.header.Authorization'] });
    t.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { ...ofHttpApi, AuthorizationType: 'NONE' }, 1);
    // With CORS on, no route may catch the browser's preflight OPTIONS request.
    const keys = Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: ofHttpApi })).map((r) => r.Properties.RouteKey as string);
    expect(keys.filter((k) => /^(ANY|OPTIONS) /.test(k))).toEqual([]);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowCredentials: true } });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: { 'GET /orders': { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } } });
  });

  test('has a REST API with WAF, native JWT, Cognito and Lambda JWT authorizers, usage plan, validation and the account logging role', () => {
    const { stack } = showcase();
    const t = Template.fromStack(stack);
    const types = Object.values(t.findResources('AWS::ApiGateway::Method')).map((r) => r.Properties.AuthorizationType);
    expect(new Set(types)).toEqual(new Set(['JWT', 'AWS_IAM', 'CUSTOM', 'NONE']));
    t.resourcePropertiesCountIs('AWS::ApiGateway::Authorizer', { Type: 'JWT' }, 2);
    // The demo key authorizer and the Lambda JWT authorizer (token in the Authorization header), cached 300 s.
    t.resourcePropertiesCountIs('AWS::ApiGateway::Authorizer', { Type: 'TOKEN' }, 2);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN', Name: 'JwtLambdaAuthorizer', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300,
    });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.resourceCountIs('AWS::ApiGateway::Account', 1);
    t.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Quota: { Limit: 100000, Period: 'MONTH' } });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', ApiKeyRequired: true, RequestValidatorId: { Ref: Match.anyValue() } });
  });

  test('has a WebSocket API: $connect behind the Lambda JWT authorizer (token in the query string), $default and $disconnect on the echo backend, which may post to connections', () => {
    const { stack } = showcase();
    const t = Template.fromStack(stack);
    const ofWsApi = { ApiId: { Ref: stack.getLogicalId(stack.webSocketApi.webSocketApi.node.defaultChild as any) } };
    const routes = Object.values(t.findResources('AWS::ApiGatewayV2::Route', { Properties: ofWsApi }));
    expect(Object.fromEntries(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType])))
      .toEqual({ $connect: 'CUSTOM', $default: 'NONE', $disconnect: 'NONE' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      ...ofWsApi, AuthorizerType: 'REQUEST', Name: 'JwtLambdaAuthorizer', IdentitySource: ['route.request.querystring.token'],
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ...ofWsApi, StageName: 'prod', DefaultRouteSettings: Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: 100 }),
    });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:ManageConnections' })]) },
    });
  });

  test('monitors all three APIs and the three domains: alarms to one encrypted topic, authorizers (with JWKS), WAF, backend, certificates, one dashboard', () => {
    const { stack } = showcase();
    const t = Template.fromStack(stack);
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((r) => r.Properties);
    const topic = Object.keys(t.findResources('AWS::SNS::Topic', { Properties: { KmsMasterKeyId: Match.anyValue() } }));
    expect(topic).toHaveLength(1);
    for (const a of alarms) expect([a.AlarmActions, a.OKActions]).toEqual([[{ Ref: topic[0] }], [{ Ref: topic[0] }]]);
    // One Lambda JWT authorizer per API (HTTP, REST, WebSocket), each watched for its issuers' JWKS.
    expect(alarms.filter((a) => a.MetricName === 'JwksUnavailable')).toHaveLength(3);
    expect(alarms.filter((a) => a.MetricName === 'BlockedRequests')).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === 'DaysToExpiry')).toHaveLength(3);
    const webSocketMetrics = alarms.flatMap((a) => [a.MetricName, ...(a.Metrics ?? []).map((m: any) => m.MetricStat?.Metric.MetricName)])
      .filter((name) => ['ClientError', 'IntegrationError', 'ExecutionError', 'MessageCount', 'ConnectCount'].includes(name));
    expect(new Set(webSocketMetrics)).toEqual(new Set(['ClientError', 'IntegrationError', 'ExecutionError', 'MessageCount', 'ConnectCount']));
    // 31, plus the four security-insights alarms of each API (two single-caller, two anomaly-detection).
    expect(alarms).toHaveLength(31 + 3 * 4);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('template snapshot (drift alarm; behaviour is asserted above)', () => {
    const { stack } = showcase();
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
