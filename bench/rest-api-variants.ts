import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogFormat, CfnRestApi, EndpointAccessMode, EndpointType, LambdaIntegration, LogGroupLogDestination, MethodLoggingLevel,
  RestApi, SecurityPolicy, TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { RouteAuthorization, SecureRestApi, SecureRestApiProps } from '../lib';
import { jsonAccessLogFormat } from '../lib/common/access-log-fields';
import { ApiKind } from '../lib/common/api-kind';

/** One way of building N Lambda-backed REST methods over 3 functions behind a Lambda TOKEN authorizer. */
export interface RestVariant {
  readonly name: string;
  readonly build: (stack: Stack, methods: number) => void;
}

function fn(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
}

/** One method per path, ten paths under each parent, as real APIs grow: /g0/r0 … /g0/r9, /g1/r10 … */
export function methodPath(i: number): string {
  return `/g${Math.floor(i / 10)}/r${i}`;
}

/** aws-cdk-lib as the docs show it: LambdaIntegration defaults (a permission per method, plus a test-invoke one). */
export const REST_PLAIN_DEFAULTS: RestVariant = {
  name: 'aws-cdk-lib RestApi, default settings',
  build: (stack, n) => {
    const fns = [0, 1, 2].map((i) => fn(stack, `Fn${i}`));
    const authorizer = new TokenAuthorizer(stack, 'Auth', { handler: fn(stack, 'AuthFn') });
    const api = new RestApi(stack, 'Api', { cloudWatchRole: false });
    const integrations = fns.map((f) => new LambdaIntegration(f));
    for (let i = 0; i < n; i++) api.root.resourceForPath(methodPath(i)).addMethod('GET', integrations[i % 3], { authorizer });
  },
};

/** aws-cdk-lib tuned by hand: one API-scoped permission per function, no test-invoke permissions. */
export const REST_PLAIN_TUNED: RestVariant = {
  name: 'aws-cdk-lib RestApi, hand-tuned',
  build: (stack, n) => {
    const fns = [0, 1, 2].map((i) => fn(stack, `Fn${i}`));
    const authorizer = new TokenAuthorizer(stack, 'Auth', { handler: fn(stack, 'AuthFn') });
    const api = new RestApi(stack, 'Api', { cloudWatchRole: false });
    const integrations = fns.map((f) => new LambdaIntegration(f, { scopePermissionToMethod: false }));
    for (let i = 0; i < n; i++) api.root.resourceForPath(methodPath(i)).addMethod('GET', integrations[i % 3], { authorizer });
  },
};

/**
 * aws-cdk-lib tuned by hand *and* given, by hand, the resources and settings Portcullis adds by default:
 * an encrypted access-log group and its key (rotation, the CT.KMS.PR.3 grant deny, the logs service),
 * JSON access logs, X-Ray, stage throttling, ERROR execution logs, a request validator, a WAF association,
 * the TLS 1.3 endpoint policy. Not the Quick-start baseline: it separates what the secure defaults cost
 * from what the library's own code costs.
 */
export const REST_PLAIN_TUNED_SECURED: RestVariant = {
  name: 'aws-cdk-lib RestApi, hand-tuned, same secure resources',
  build: (stack, n) => {
    const fns = [0, 1, 2].map((i) => fn(stack, `Fn${i}`));
    const authorizer = new TokenAuthorizer(stack, 'Auth', { handler: fn(stack, 'AuthFn') });
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
    }));
    const logGroup = new logs.LogGroup(stack, 'AccessLogs', {
      encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN,
    });
    const api = new RestApi(stack, 'Api', {
      cloudWatchRole: false,
      endpointTypes: [EndpointType.REGIONAL],
      deployOptions: {
        accessLogDestination: new LogGroupLogDestination(logGroup),
        accessLogFormat: AccessLogFormat.custom(jsonAccessLogFormat(ApiKind.REST)),
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: false,
        throttlingRateLimit: 500,
        throttlingBurstLimit: 1000,
      },
    });
    const cfnApi = api.node.defaultChild as CfnRestApi;
    cfnApi.securityPolicy = SecurityPolicy.TLS13_1_3_2025_09;
    cfnApi.endpointAccessMode = EndpointAccessMode.STRICT;
    api.addRequestValidator('RequestValidator', { validateRequestBody: true, validateRequestParameters: true });
    new CfnWebACLAssociation(stack, 'WebAclAssociation', {
      resourceArn: api.deploymentStage.stageArn,
      webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/bench/0123',
    });
    const integrations = fns.map((f) => new LambdaIntegration(f, { scopePermissionToMethod: false }));
    for (let i = 0; i < n; i++) api.root.resourceForPath(methodPath(i)).addMethod('GET', integrations[i % 3], { authorizer });
  },
};

/** Portcullis with its secure defaults (access logs and key, X-Ray, throttling, validator, WAF association), plus `extra` props. */
function portcullisRest(name: string, extra: Partial<SecureRestApiProps> = {}): RestVariant {
  return {
    name,
    build: (stack, n) => {
      const fns = [0, 1, 2].map((i) => fn(stack, `Fn${i}`));
      const api = new SecureRestApi(stack, 'Api', {
        defaultAuthorization: RouteAuthorization.lambdaAuthorizer({ handler: fn(stack, 'AuthFn') }),
        webAcl: { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/bench/0123' },
        accountLoggingDeclaredElsewhere: true,
        ...extra,
      });
      for (let i = 0; i < n; i++) api.addMethods({ path: methodPath(i), methods: ['GET'], handler: fns[i % 3] });
    },
  };
}

export const REST_PORTCULLIS: RestVariant = portcullisRest('Portcullis SecureRestApi');

/** Methods and path segments spread over route stacks (`routeStacks`, default 200 methods per stack). */
export const REST_PORTCULLIS_ROUTE_STACKS: RestVariant = portcullisRest('Portcullis SecureRestApi, routeStacks', { routeStacks: {} });

/** A new app with one stack holding the variant. */
export function restAppWith(variant: RestVariant, methods: number, outdir: string): App {
  const app = new App({ outdir });
  variant.build(new Stack(app, 'Bench', { env: { account: '111111111111', region: 'us-east-1' } }), methods);
  return app;
}
