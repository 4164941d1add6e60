import { Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, Dependable } from 'constructs';

/**
 * A view of a role whose policy statements all land in customer managed policies chosen by the
 * owner, never in an inline `DefaultPolicy` (which NIST 800-53, HIPAA and PCI DSS flag as an inline
 * policy). Grants such as `table.grantReadData(fn)` keep working; `iam.Role.withoutPolicyUpdates()`
 * would drop them silently. Not exported: `SecureFunction` uses it for its role.
 */
export class ManagedPolicyRole extends Resource implements iam.IRole {
  public readonly assumeRoleAction: string;
  public readonly policyFragment: iam.PrincipalPolicyFragment;
  public readonly grantPrincipal: iam.IPrincipal = this;
  public readonly principalAccount: string | undefined;
  public readonly roleArn: string;
  public readonly roleName: string;

  /**
   * @param role the role itself
   * @param policyFor the customer managed policy a statement belongs in
   */
  constructor(scope: Construct, id: string, private readonly role: iam.Role,
    private readonly policyFor: (statement: iam.PolicyStatement) => iam.ManagedPolicy) {
    super(scope, id, { account: role.env.account, region: role.env.region });
    this.assumeRoleAction = role.assumeRoleAction;
    this.policyFragment = role.policyFragment;
    this.principalAccount = role.principalAccount;
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;
    // Whatever depends on this view depends on the role, as with the role itself.
    Dependable.implement(this, { dependencyRoots: [role] });
    this.node.defaultChild = role.node.defaultChild;
  }

  public get roleRef(): iam.RoleReference {
    return this.role.roleRef;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    const policy = this.policyFor(statement);
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy };
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    this.role.addManagedPolicy(policy);
  }

  public attachInlinePolicy(_policy: iam.Policy): void {
    throw new Error(`[${this.node.scope!.node.path}] attachInlinePolicy: this role takes no inline policy (NIST 800-53, HIPAA and PCI DSS flag them). `
      + 'Fix: add the statements with addToRolePolicy() or a grant, or attach an iam.ManagedPolicy');
  }

  public grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return this.role.grant(grantee, ...actions);
  }

  public grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return this.role.grantPassRole(grantee);
  }

  public grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return this.role.grantAssumeRole(grantee);
  }
}
