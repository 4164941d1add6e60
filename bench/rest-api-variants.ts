import { App, Stack } from 'aws-cdk-lib';
import { LambdaIntegration, RestApi, TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization, SecureRestApi, SecureRestApiProps } from '../lib';

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
