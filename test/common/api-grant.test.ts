import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import {
  ApiGatewayAccountLogging, ConnectionAction, GatewayAccess, RouteAuthorization, SecureFunction, SecureHttpApi, SecureRestApi, SecureWebSocketApi,
} from '../../lib';
import { findings } from '../identity/nag-packs';
import { restProps } from '../rest/fixtures';
import { newStack } from '../stack-fixtures';
import { USER_APP_SETUPS, userStack } from '../user-app';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const CHOICES = {
  noVpcReason: 'Reaches only public AWS endpoints; a VPC would add NAT cost for nothing',
  noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
};

/** The three API kinds, each with IAM-authorized routes (one with a path parameter), as a user builds them. */
function apis(stack: Stack) {
  const backend = new SecureFunction(stack, 'Backend', { ...CHOICES, code: CODE });
  const http = new SecureHttpApi(stack, 'Http', { accessLogs: undefined });
  http.addRoutes({ path: '/reports', methods: [HttpMethod.GET], handler: backend.function, authorization: RouteAuthorization.iam() });
  http.addRoutes({ path: '/items/{id}', methods: [HttpMethod.GET], handler: backend.function, authorization: RouteAuthorization.iam() });
  const rest = new SecureRestApi(stack, 'Rest', restProps());
  rest.addMethods({ path: '/reports', methods: ['GET'], handler: backend.function, authorization: RouteAuthorization.iam() });
  rest.addMethods({ path: '/items/{id}', methods: ['GET'], handler: backend.function, authorization: RouteAuthorization.iam() });
  const ws = new SecureWebSocketApi(stack, 'Ws', {
    connect: { handler: backend.function, authorization: RouteAuthorization.iam() },
    defaultRoute: { handler: backend.function },
  });
  return { backend, http, rest, ws };
}

/** Every acknowledgement recorded on `scope` and below, by rule id. */
function acknowledgedIds(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object)));
}

describe('grants land in a customer managed policy of the grantee', () => {
  test('a role gets one managed policy per API, attached to it, with exactly the granted statements; no inline policy', () => {
    const stack = newStack();
    new ApiGatewayAccountLogging(stack, 'Logging');
    const { http, rest, ws } = apis(stack);
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const invoke = http.grantInvoke(role);
    http.grantInvoke(role, http.routes.slice(0, 1));
    rest.grantInvoke(role);
    ws.grantManageConnections(role, [ConnectionAction.POST]);
    const t = Template.fromStack(stack);

    expect(invoke.success).toBe(true);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    expect(Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { Policies: Match.anyValue() } })).toEqual({});
    const policies = t.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }] } });
    // HTTP, REST, WebSocket: three policies, the second HTTP grant reused the first one.
    expect(Object.keys(policies)).toEqual([
      expect.stringMatching(/^CallerPortcullisGrantsTestHttp/), expect.stringMatching(/^CallerPortcullisGrantsTestRest/),
      expect.stringMatching(/^CallerPortcullisGrantsTestWs/),
    ]);
    const [httpPolicy, , wsPolicy] = Object.values(policies).map((p) => p.Properties.PolicyDocument.Statement);
    expect(httpPolicy).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: [expect.anything(), expect.anything()] },
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: expect.anything() },
    ]);
    expect(JSON.stringify(httpPolicy)).toContain('/$default/GET/items/*');
    expect(wsPolicy).toEqual([{ Action: 'execute-api:ManageConnections', Effect: 'Allow', Resource: expect.anything() }]);
    expect(JSON.stringify(wsPolicy)).toContain('/prod/POST/@connections/*');
  });

  test('users and groups get the policy too', () => {
    const stack = newStack();
    const { http } = apis(stack);
    const user = new iam.User(stack, 'Person');
    const group = new iam.Group(stack, 'Team');
    http.grantInvoke(user);
    GatewayAccess.grantRead(group, [http]);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Users: [{ Ref: Match.stringLikeRegexp('^Person') }] });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', { Groups: [{ Ref: Match.stringLikeRegexp('^Team') }] });
  });

  test('other grantees keep aws-cdk-lib behaviour: a SecureFunction uses its grants policy, an immutable role and a service principal get nothing', () => {
    const stack = newStack();
    const { http, backend } = apis(stack);
    expect(http.grantInvoke(backend).success).toBe(true);
    // aws-cdk-lib drops grants to an immutable role silently (and reports them successful).
    http.grantInvoke(iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/ops', { mutable: false }));
    expect(http.grantInvoke(new iam.ServicePrincipal('lambda.amazonaws.com')).success).toBe(false);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^BackendRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'execute-api:Invoke' })]) },
    });
    expect(Object.keys(t.findResources('AWS::IAM::ManagedPolicy')).filter((id) => id.includes('PortcullisGrants'))).toEqual([]);
  });

  test('the @connections wildcard is acknowledged on the policy that holds it, not on the role', () => {
    const stack = newStack();
    const { ws } = apis(stack);
    const role = new iam.Role(stack, 'Answerer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ws.grantManageConnections(role, [ConnectionAction.POST, ConnectionAction.DELETE]);
    Template.fromStack(stack);
    const policy = role.node.children.find((c) => c instanceof iam.ManagedPolicy)!;
    expect(acknowledgedIds(role.node.defaultChild!)).toEqual([]);
    expect(acknowledgedIds(policy)).toEqual(['POST', 'DELETE'].map((action) => expect.stringMatching(
      new RegExp(`^Annotation::AwsSolutions-IAM5\\[Resource::arn:<AWS::Partition>:execute-api:us-east-1:111111111111:<Ws\\w+>/prod/${action}/@connections/\\*\\]$`))));
  });
});

describe('in a user\'s app, grants pass every pack with no acknowledgement written by the app', () => {
  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('%s', (_name, setup) => {
    const stack = userStack(setup);
    new ApiGatewayAccountLogging(stack, 'Logging');
    const { http, rest, ws } = apis(stack);
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    http.grantInvoke(role);
    rest.grantInvoke(role);
    ws.grantInvokeIamRoutes(role);
    ws.grantManageConnections(role, [ConnectionAction.POST, ConnectionAction.GET, ConnectionAction.DELETE]);
    const pipeline = new iam.Role(stack, 'Pipeline', { assumedBy: new iam.AccountRootPrincipal() });
    GatewayAccess.grantDeploy(pipeline, [http, rest, ws]);
    GatewayAccess.grantAdminister(pipeline, [rest]);
    // People get grants through a group: the packs flag any policy on a user (IAMUserNoPolicies).
    const team = new iam.Group(stack, 'Team');
    new iam.User(stack, 'Person', { groups: [team] });
    http.grantInvoke(team);

    expect(findings(stack).filter((f) => /UserStack\/(Caller|Pipeline|Team|Person)\//.test(f))).toEqual([]);
  });

  test('a grantee in another stack than the API: the acknowledgement names the value as that stack imports it', () => {
    const app = new App();
    const apiStack = new Stack(app, 'Apis', { env: { account: '123456789012', region: 'eu-west-1' } });
    new ApiGatewayAccountLogging(apiStack, 'Logging');
    const { ws } = apis(apiStack);
    const callers = new Stack(app, 'Callers', { env: { account: '123456789012', region: 'eu-west-1' } });
    const role = new iam.Role(callers, 'Answerer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ws.grantManageConnections(role);
    app.synth();
    expect(findings(callers)).toEqual([]);
    expect(acknowledgedIds(role)).toEqual([expect.stringMatching(/^Annotation::AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:execute-api:eu-west-1:123456789012:Apis:ExportsOutputRefWs\w+\/prod\/POST\/@connections\/\*\]$/)]);
  });
});
