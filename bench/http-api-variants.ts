import { App, Stack } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RouteAuthorization, SecureHttpApi, SecureHttpApiProps } from '../lib';

/** One way of building N Lambda-backed routes over 3 functions behind a JWT authorizer. */
export interface Variant {
  readonly name: string;
  readonly build: (stack: Stack, routes: number) => void;
}

const ISSUER = 'https://auth.example.com/';
const AUDIENCE = ['https://api.example.com'];

function functions(stack: Stack): lambda.Function[] {
  return [0, 1, 2].map((i) => new lambda.Function(stack, `Fn${i}`, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  }));
}

/** aws-cdk-lib as the docs show it: a new integration per route, permissions scoped per route. */
export const PLAIN_DEFAULTS: Variant = {
  name: 'aws-cdk-lib HttpApi, default settings',
  build: (stack, n) => {
    const fns = functions(stack);
    const api = new HttpApi(stack, 'Api', { defaultAuthorizer: new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: AUDIENCE }) });
    for (let i = 0; i < n; i++) {
      api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], integration: new HttpLambdaIntegration(`I${i}`, fns[i % 3]) });
    }
  },
};

/** aws-cdk-lib tuned by hand: one integration per function, permission scoped to the API. */
export const PLAIN_TUNED: Variant = {
  name: 'aws-cdk-lib HttpApi, hand-tuned',
  build: (stack, n) => {
    const fns = functions(stack);
    const integrations = fns.map((fn, i) => new HttpLambdaIntegration(`I${i}`, fn, { scopePermissionToRoute: false }));
    const api = new HttpApi(stack, 'Api', { defaultAuthorizer: new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: AUDIENCE }) });
    for (let i = 0; i < n; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], integration: integrations[i % 3] });
  },
};

/** Portcullis with its secure defaults (access logs, KMS key, throttling), plus `extra` props. */
function portcullisHttp(name: string, extra: Partial<SecureHttpApiProps> = {}): Variant {
  return {
    name,
    build: (stack, n) => {
      const fns = functions(stack);
      const api = new SecureHttpApi(stack, 'Api', { defaultAuthorization: RouteAuthorization.jwt({ issuer: ISSUER, audience: AUDIENCE }), ...extra });
      for (let i = 0; i < n; i++) api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], handler: fns[i % 3] });
    },
  };
}

export const PORTCULLIS: Variant = portcullisHttp('Portcullis SecureHttpApi');

/** Routes spread over route stacks (`routeStacks`, default 200 routes per stack). */
export const PORTCULLIS_ROUTE_STACKS: Variant = portcullisHttp('Portcullis SecureHttpApi, routeStacks', { routeStacks: {} });

/** A new app with one stack holding the variant. */
export function appWith(variant: Variant, routes: number, outdir: string): App {
  const app = new App({ outdir });
  variant.build(new Stack(app, 'Bench', { env: { account: '111111111111', region: 'us-east-1' } }), routes);
  return app;
}
