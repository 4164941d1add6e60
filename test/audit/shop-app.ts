import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * A user's app built from plain aws-cdk-lib (so it has findings): an HttpApi with one Lambda route per path, no
 * authorizer, no throttling, no access logs, synthesized to a fresh cdk.out. The routes are added on the line
 * marked `ROUTE LINE`, which is where the audit's SARIF report should point for their findings.
 *
 * @returns the cdk.out folder
 */
export function synthShopApp(paths: readonly string[], outdir: string = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-shop-'))): string {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'ShopStack');
  const fn = new lambda.Function(stack, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  const api = new apigwv2.HttpApi(stack, 'ShopApi');
  for (const p of paths) {
    api.addRoutes({ path: p, methods: [apigwv2.HttpMethod.GET], integration: new HttpLambdaIntegration(`Get${p.replace(/\W/g, '')}`, fn) }); // ROUTE LINE
  }
  app.synth();
  return outdir;
}

/** The line of this file on which the routes are created. */
export function routeLine(): number {
  return fs.readFileSync(__filename, 'utf-8').split('\n').findIndex((l) => l.includes('// ROUTE LINE') && !l.includes('findIndex')) + 1;
}
