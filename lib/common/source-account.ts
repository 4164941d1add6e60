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
  const permissions = new NewPermissions(scope);
  const result = bind();
  permissions.addSourceAccount(api);
  return result;
}

/**
 * `withSourceAccount` in two steps, for a caller that binds many times in a loop: remember the
 * children of `scope` now, bind, then `addSourceAccount` once. Creation stack traces keep ten frames,
 * so a loop calling aws-cdk-lib directly renders cheaper ones than a callback per bind.
 */
export class NewPermissions {
  private readonly before: Set<IConstruct>;

  /** @param scope where the permissions are created */
  constructor(private readonly scope: IConstruct) {
    this.before = new Set(scope.node.children);
  }

  /**
   * Gives every Lambda permission added under the scope since construction, and without one, the
   * API's account as `SourceAccount`.
   *
   * @param api the API the permissions are for; its stack's account is the source account
   */
  public addSourceAccount(api: IConstruct): void {
    for (const child of this.scope.node.children) {
      if (!this.before.has(child) && child instanceof lambda.CfnPermission && child.sourceAccount === undefined) {
        child.sourceAccount = Stack.of(api).account;
      }
    }
  }
}
