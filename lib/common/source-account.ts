import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Runs `bind`, which may add Lambda invoke permissions under `scope` (aws-cdk-lib's integrations and
 * authorizers do), and gives every permission it added the API's account as `SourceAccount` beside
 * its `SourceArn`: confused-deputy protection, as AWS recommends for service principals.
 *
 * @param scope where the permissions are created
 * @param api the API the permissions are for; its stack's account is the source account
 */
export function withSourceAccount<T>(scope: IConstruct, api: IConstruct, bind: () => T): T {
  const before = new Set(scope.node.children);
  const result = bind();
  for (const child of scope.node.children) {
    if (!before.has(child) && child instanceof lambda.CfnPermission && child.sourceAccount === undefined) {
      child.sourceAccount = Stack.of(api).account;
    }
  }
  return result;
}
